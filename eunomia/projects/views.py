from django.shortcuts import render

from eunomia.accounts.roles import Permission
from eunomia.partners.access import partnership_view

NAV = "projects"


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def dashboard(request, partnership):
    return render(request, "projects/dashboard.html", {})
