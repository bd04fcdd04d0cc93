from django.shortcuts import redirect, render
from django.urls import reverse

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.core.rendering import form_page, posted
from eunomia.crime.actions import start_police_import
from eunomia.crime.forms import PoliceUploadForm, max_upload_bytes
from eunomia.crime.queries import coverage_of, held_by_force
from eunomia.partners.access import partnership_view


@partnership_view(Permission.ASSESSMENT_VIEW, nav_section="crime")
def crime_data(request, partnership):
    return render(request, "crime/data.html", {
        "coverage": coverage_of(partnership),
        "forces": held_by_force(),
        "can_import": has_permission(request.user, Permission.DATA_IMPORT, partnership=partnership),
    })


@partnership_view(Permission.DATA_IMPORT, nav_section="crime")
def crime_import(request, partnership):
    form = PoliceUploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        job = start_police_import(by=request.user, partnership=partnership, upload=form.cleaned_data["file"])
        return redirect("jobs:detail", partnership.slug, job.pk)
    return form_page(
        request, form, page_title="Import police.uk data", template="crime/import.html",
        back_url=reverse("crime:data", args=[partnership.slug]), max_megabytes=max_upload_bytes() // (1024 * 1024),
        intro="Upload a street-level crime file from data.police.uk. Eunomia imports it in the background "
              "and shows you how it is going. A force's month imported again replaces the one held.",
    )
