"""The CSU briefing's page and its printed sheet (eunomia.briefing.report)."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.briefing import report
from eunomia.briefing.forms import BriefingForm
from eunomia.casework import queries
from eunomia.documents import render as documents
from eunomia.partners.access import partnership_view


def _briefing_asked(request):
    """The day and period asked for (today and the week by default), or the form with its errors."""
    form = BriefingForm(request.GET or None, initial={"day": timezone.localdate(), "period": "week"})
    if form.is_bound and not form.is_valid():
        return form, None, None
    data = form.cleaned_data if form.is_bound else {}
    return form, data.get("day") or timezone.localdate(), BriefingForm.PERIODS[data.get("period") or "week"]


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def page(request, partnership):
    """The CSU briefing: repeat and vulnerable victims of the day or week the reader may see, with
    their latest reports, risk and open actions."""
    form, day, days = _briefing_asked(request)
    if day is None:
        return render(request, "briefing/briefing.html", {"form": form, "briefing": None}, status=400)
    found = report.briefing(request.user, partnership, on=day, rule=queries.repeat_rule(partnership), days=days,
                                 page=request.GET.get("page") or 1)
    audit.record(by=request.user, action="casework.briefing_viewed", partnership=partnership,
                 data={"day": day.isoformat(), "days": days, "page": found.page.number,
                       "people": sorted(row.person.pk for row in found.rows)})
    asked = {"day": day.isoformat(), "period": "day" if days == 1 else "week"}
    return render(request, "briefing/briefing.html", {
        "form": form, "briefing": found, "per_page": report.PER_PAGE,
        "sheet_url": reverse("briefing:sheet", args=[partnership.slug]) + "?" + urlencode(asked),
        "query": urlencode(asked)})


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def sheet(request, partnership):
    """The briefing printed: a PDF of the same rows, its export audited with the people on it."""
    form, day, days = _briefing_asked(request)
    if day is None:
        return render(request, "briefing/briefing.html", {"form": form, "briefing": None}, status=400)
    found = report.briefing(request.user, partnership, on=day, rule=queries.repeat_rule(partnership), days=days)
    pdf = documents.to_pdf(report.sheet_document(partnership, found))
    audit.record(by=request.user, action="casework.briefing_exported", partnership=partnership,
                 data={"day": day.isoformat(), "days": days, "format": "pdf",
                       "people": sorted(row.person.pk for row in found.rows)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="csu-briefing-{day.isoformat()}-{days}-day.pdf"'
    return response
