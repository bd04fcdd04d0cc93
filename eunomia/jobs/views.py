from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from eunomia.accounts.roles import Permission
from eunomia.core.rendering import showing_refusal_message
from eunomia.jobs import actions
from eunomia.jobs.queries import jobs_visible_to, result_rows
from eunomia.partners.access import partnership_view

RECENT = 50
REFRESH_SECONDS = 2


# Every member may open these pages; which jobs they find there is decided by jobs_visible_to.
@partnership_view(Permission.PLAN_VIEW)
def job_list(request, partnership):
    return render(request, "jobs/list.html", {"jobs": jobs_visible_to(request.user, partnership)[:RECENT]})


@partnership_view(Permission.PLAN_VIEW)
def job_detail(request, partnership, pk):
    job = get_object_or_404(jobs_visible_to(request.user, partnership), pk=pk)
    refreshing = job.is_active and request.GET.get("refresh") != "off"
    return render(request, "jobs/detail.html", {
        "job": job,
        "refreshing": refreshing,
        "refresh_seconds": REFRESH_SECONDS,
        "result_rows": result_rows(job.result),
    })


@require_POST
@partnership_view(Permission.PLAN_VIEW)
def job_cancel(request, partnership, pk):
    job = get_object_or_404(jobs_visible_to(request.user, partnership), pk=pk)
    with showing_refusal_message(request):
        actions.cancel(by=request.user, job=job)
        messages.success(request, "The job was cancelled")
    return redirect("jobs:detail", partnership.slug, job.pk)
