from django.core.paginator import Paginator
from django.shortcuts import render

from eunomia.accounts.roles import Permission
from eunomia.audit.queries import events_for_partnership
from eunomia.core.access import partnership_view


@partnership_view(Permission.AUDIT_VIEW, nav_section="audit")
def log(request, partnership):
    events = events_for_partnership(partnership)
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "events": page.object_list, "action": action})
