"""The screens that bring the apps together: where a signed-in person lands, a partnership's
dashboard and its audit log. They sit above every domain app (docs/adr/0001), so they may read
from any of them."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from eunomia.accounts.roles import Permission
from eunomia.audit.queries import events_for_partnership
from eunomia.figures.queries import figures_overdue
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import partnerships_visible_to
from eunomia.plans.queries import plans_in


def home(request):
    partnerships = list(partnerships_visible_to(request.user))
    if len(partnerships) == 1:
        return redirect("home:dashboard", partnerships[0].slug)
    return render(request, "home/home.html", {"partnerships": partnerships, "nav_section": "home"})


@partnership_view(Permission.PLAN_VIEW)
def dashboard(request, partnership):
    return render(request, "home/dashboard.html", {
        "plans": plans_in(partnership),
        "missing_figures": figures_overdue(partnership, today=timezone.localdate())[:10],
    })


@partnership_view(Permission.AUDIT_VIEW, nav_section="audit")
def audit_log(request, partnership):
    events = events_for_partnership(partnership)
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "home/audit_log.html", {"page": page, "events": page.object_list, "action": action,
                                                   "query": urlencode({"action": action}) if action else ""})
