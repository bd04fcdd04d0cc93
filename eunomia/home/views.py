"""The screens that bring the apps together: where a signed-in person lands, a partnership's
dashboard and its audit log. They sit above every domain app (docs/adr/0001), so they may read
from any of them."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from eunomia.accounts.models import Membership
from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit.queries import account_events, events_for_partnership, within_domains, without_domains
from eunomia.casereview import queries as casereview_queries
from eunomia.figures.queries import figures_overdue
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import partnerships_visible_to
from eunomia.plans.queries import plans_in
from eunomia.projects.queries import late_returns


def home(request):
    partnerships = list(partnerships_visible_to(request.user))
    if len(partnerships) == 1:
        return redirect("home:dashboard", partnerships[0].slug)
    return render(request, "home/home.html", {"partnerships": partnerships, "nav_section": "home"})


@partnership_view(Permission.PLAN_VIEW)
def dashboard(request, partnership):
    today = timezone.localdate()
    return render(request, "home/dashboard.html", {
        "plans": plans_in(partnership),
        "missing_figures": figures_overdue(partnership, today=today)[:10],
        "late_returns": late_returns(partnership, today=today),
        # A count of the reader's own organisation's applications, which names no one (ADR 63).
        "case_reviews_overdue": len(casereview_queries.overdue_ids(
            casereview_queries.applications_visible_to(request.user, partnership),
            casereview_queries.procedure_settings(partnership), today=today)),
    })


# Audit events of the domestic abuse domain are shown only on their own page, to those holding
# DA_AUDIT_VIEW; to everyone else they do not exist (ADR 42).
RESTRICTED_AUDIT_DOMAINS = ("domesticabuse.",)


def _audit_page(request, events, template, **context):
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "events": page.object_list, "action": action,
                                      "query": urlencode({"action": action}) if action else "", **context})


@partnership_view(Permission.AUDIT_VIEW, nav_section="audit")
def audit_log(request, partnership):
    events = without_domains(events_for_partnership(partnership), RESTRICTED_AUDIT_DOMAINS)
    return _audit_page(request, events, "home/audit_log.html", da_audit=has_permission(
        request.user, Permission.DA_AUDIT_VIEW, partnership=partnership))


@partnership_view(Permission.AUDIT_VIEW, nav_section="audit")
def account_audit_log(request, partnership):
    members = Membership.objects.filter(partnership=partnership)
    events = without_domains(account_events(
        user_ids=members.values_list("user_id", flat=True).distinct(),
        emails=members.values_list("user__email", flat=True).distinct(),
    ), RESTRICTED_AUDIT_DOMAINS)
    return _audit_page(request, events, "home/account_audit_log.html")


def da_audit_log(request, slug):
    """Like partnership_view, but a reader without DA_AUDIT_VIEW gets a 404, as every DA page answers."""
    partnership = get_object_or_404(partnerships_visible_to(request.user), slug=slug)
    if not has_permission(request.user, Permission.DA_AUDIT_VIEW, partnership=partnership):
        raise Http404("No such page")
    request.partnership = partnership
    request.nav_section = "audit"
    events = within_domains(events_for_partnership(partnership), RESTRICTED_AUDIT_DOMAINS)
    return _audit_page(request, events, "home/da_audit_log.html")
