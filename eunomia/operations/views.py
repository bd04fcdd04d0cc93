from django.shortcuts import render

from eunomia.accounts.roles import Permission
from eunomia.partners.access import partnership_view

NAV = "operations"


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def log(request, partnership):
    return render(request, "operations/log.html", {})
