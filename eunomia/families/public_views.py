"""The partnership's Family Focus page, open to everyone (no sign-in): the programme's figures for the
plan year of its latest approved claim, beside the comparison cohort's, every count of families under
the partnership's disclosure rule (ADR 65), and what the comparison can and cannot show (ADR 68). A
partnership that has approved no claim has no page (404): there is nothing yet to account for."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from eunomia.core.formatting import Unit, format_value
from eunomia.core.periods import plan_period, year_containing, year_label
from eunomia.families import figures
from eunomia.figures.queries import disclosure_rule
from eunomia.partners.models import Partnership


def _money(amount):
    return format_value(Unit.MONEY, amount)


@require_GET
def page(request, slug):
    partnership = get_object_or_404(Partnership, slug=slug)
    claim = figures.latest_approved_claim(partnership)
    if claim is None:
        raise Http404
    year = year_containing(claim.period_end, partnership.year_start_month)
    start, end = plan_period(year, partnership.year_start_month)
    found = figures.programme_figures(partnership, start, end)
    shown = figures.published(found, disclosure_rule(partnership), _money)
    return render(request, "families/public/page.html", {
        "public_partnership": partnership, "year_label": year_label(year), "start": start, "end": end,
        "as_of": found.as_of, "shown": shown, "rule": shown.rule, "nav_section": "published"})
