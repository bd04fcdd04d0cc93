"""The records behind a figure, for staff (ADR 69): the rows the reader may see, what others hold
counted by organisation, a CSV of the rows, and a recount of each published version of the figure.
Every drill-down, export and recount is audited, naming the records shown."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.core.formatting import format_value
from eunomia.core.spreadsheet import to_csv
from eunomia.figures import drilldown, recount
from eunomia.figures.models import Figure, PublishedFigure
from eunomia.figures.queries import figures_visible_to
from eunomia.figures.registry import MeasureError, get_measure
from eunomia.partners.access import partnership_view

ROWS_PER_PAGE = 50


NO_RECORDS = {
    Figure.Kind.MANUAL: "It was entered by hand, so there are no records behind it in Eunomia: its evidence is on "
                        "the figure's page.",
    Figure.Kind.DERIVED: "It is worked out from other figures: open the records of each of them.",
}


def _figure(request, partnership, name):
    return get_object_or_404(figures_visible_to(request.user, partnership), name=name)


def _counted(figure):
    if figure.kind != Figure.Kind.COMPUTED:
        raise MeasureError(NO_RECORDS[figure.kind])
    return drilldown.counted(figure.measure, partnership=figure.partnership, period_start=figure.period_start,
                             period_end=figure.period_end, params=figure.measure_params)


def _rows(found, records):
    kind, counted = found.kind, found.counted
    above = set()
    if counted.numerator is not None:
        above = set(counted.rows.filter(counted.numerator, pk__in=[r.pk for r in records]).values_list("pk", flat=True))
    return [{"record": record, "date": kind.date_of(record), "cells": [function(record) for _, function in kind.columns],
             "url": kind.url(record) if kind.url else "", "above": record.pk in above,
             "amount": drilldown.follow(record, counted.amount) if counted.amount else None}
            for record in records]


@partnership_view(Permission.FIGURE_VIEW, nav_section="figures")
@require_GET
def figure_records(request, partnership, name):
    figure = _figure(request, partnership, name)
    try:
        counted = _counted(figure)
    except MeasureError as problem:
        return render(request, "figures/records.html", {"figure": figure, "problem": str(problem)})
    found = drilldown.drill(counted, user=request.user, partnership=partnership)
    paginator = Paginator(found.visible, ROWS_PER_PAGE)
    paginator.count = found.visible_totals.count  # counted already: not counted again for the pages
    page = paginator.get_page(request.GET.get("page"))
    records = list(page.object_list)
    audit.record(by=request.user, action="figure.records_viewed", obj=figure, partnership=partnership,
                 data={"kind": found.kind.key, "ids": [r.pk for r in records], "page": page.number,
                       "held": found.held_count})
    return render(request, "figures/records.html", {
        "figure": figure, "measure": get_measure(figure.measure), "found": found, "page": page,
        "rows": _rows(found, records), "working": counted.in_words(found.totals),
        "value_now": format_value(figure.unit, found.value, ""),
        "differs": found.value != figure.value,
        "shares": counted.numerator is not None,
    })


@partnership_view(Permission.FIGURE_VIEW, nav_section="figures")
@require_GET
def figure_records_csv(request, partnership, name):
    figure = _figure(request, partnership, name)
    try:
        counted = _counted(figure)
    except MeasureError as problem:
        # Nothing to list: the file says why, as the page does.
        return _csv_response(partnership, figure, to_csv(["Record", "Date"], [[f"No records: {problem}"]]))
    found = drilldown.drill(counted, user=request.user, partnership=partnership)
    records = list(found.visible)
    header, cells = drilldown.rows_for_csv(counted, records)
    notes = [f"{held.count} further {found.kind.noun if held.count == 1 else found.kind.plural} held by "
             f"{held.organisation}, which you may not see" for held in found.held]
    body = to_csv(header, cells + [[note] for note in notes])
    audit.record(by=request.user, action="figure.records_exported", obj=figure, partnership=partnership,
                 data={"kind": found.kind.key, "format": "csv", "ids": [r.pk for r in records],
                       "held": found.held_count})
    return _csv_response(partnership, figure, body)


def _csv_response(partnership, figure, body):
    response = HttpResponse(body.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-{figure.name}-records.csv"'
    return response


@partnership_view(Permission.FIGURE_VIEW, nav_section="figures")
@require_GET
def figure_recount(request, partnership, name, pk):
    get_object_or_404(figures_visible_to(request.user, partnership), name=name)
    kept = get_object_or_404(PublishedFigure, partnership=partnership, name=name, pk=pk)
    result = recount.recount(kept, user=request.user)
    audit.record(by=request.user, action="figure.recounted", obj=kept, partnership=partnership,
                 data={"kind": kept.record_kind, "same": result.same,
                       "ids": sorted(c.record.pk for c in result.added + result.removed)})
    return render(request, "figures/recount.html", {"kept": kept, "result": result,
                                                     "published_value": format_value(kept.unit, kept.value,
                                                                                     kept.text_value)})
