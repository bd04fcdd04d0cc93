"""Places (ADR 70): a place's page, with what happened there that the reader may see, and the staff
map of casework hot spots by LSOA. The gazetteer is eunomia.places'; these pages live in casework
because what they show are casework records, read through casework's scoped queries."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from eunomia.accounts.roles import Permission
from eunomia.assessment.charts import data_table
from eunomia.assessment.choropleth import choropleth
from eunomia.audit import actions as audit
from eunomia.casework import queries
from eunomia.casework.forms import HotSpotsForm
from eunomia.casework.views.common import PAGE_SIZE
from eunomia.core.paging import page_of
from eunomia.geography.queries import lsoas_of
from eunomia.partners.access import partnership_view
from eunomia.places.models import Place


@partnership_view(None, nav_section="casework")
def place_detail(request, partnership, pk):
    """A place: its address, UPRN, postcode and LSOA, and the reports and cases at it that the reader
    may see, newest first. The gazetteer holds no personal data, and every casework user is offered
    its places when recording a report, so a casework user sees the place even with nothing of it to
    see; anyone else is told nothing (404), not even that it exists."""
    if not queries.may_work_cases(request.user, partnership):
        raise Http404
    place = get_object_or_404(Place.objects.filter(partnership=partnership), pk=pk)
    history = queries.history_at(place, reports=queries.reports_visible_to(request.user, partnership),
                                 cases=queries.cases_visible_to(request.user, partnership))
    page = page_of(history, request.GET.get("page"), per_page=PAGE_SIZE)
    shown = queries.records_of_history(list(page.object_list))
    audit.record(by=request.user, action="casework.place_viewed", obj=place, partnership=partnership,
                 data={"page": page.number, "reports": [r.pk for kind, r in shown if kind == "report"],
                       "cases": [c.pk for kind, c in shown if kind == "case"]})
    return render(request, "casework/place_detail.html", {"place": place, "history": shown, "page": page})


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def hot_spots(request, partnership):
    """The reports the reader may see in the days asked for, counted by the LSOA of their place: a
    map drawn as the strategic assessment draws its map (eunomia.assessment.choropleth, no tiles),
    with the same numbers in a table beside it."""
    form = HotSpotsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "casework/hot_spots.html", {"form": form, "table": None}, status=400)
    if form.is_bound:
        first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    else:
        first, last = HotSpotsForm.days_asked(None, None)
        form = HotSpotsForm(initial={"first": first, "last": last})
    counts = queries.report_counts_by_lsoa(queries.reports_visible_to(request.user, partnership),
                                           first=first, last=last)
    lsoas = list(lsoas_of(partnership).order_by("name", "code").values_list("code", "name", "geometry"))
    drawn = [(code, name, shape, counts.get(code, 0)) for code, name, shape in lsoas if shape]
    label = f"{first:%-d %B %Y} to {last:%-d %B %Y}"
    title = f"Reports of anti-social behaviour you may see by LSOA, {label}"
    chart = choropleth(title=title, areas=drawn, value_label="Reports", id_prefix="hot-spots") if drawn else None
    table = chart.table if chart else data_table(
        caption=title, head=["Area", "Reports"], numeric=[1],
        rows=[[name, f"{counts.get(code, 0):,}"] for code, name, _ in sorted(
            lsoas, key=lambda a: (-counts.get(a[0], 0), a[1]))])
    in_area = {code for code, _, _ in lsoas}
    elsewhere = sum(n for code, n in counts.items() if code and code not in in_area)
    total = sum(counts.values())
    audit.record(by=request.user, action="casework.hot_spots_viewed", partnership=partnership,
                 data={"first": first.isoformat(), "last": last.isoformat(), "reports": total,
                       "by_lsoa": {code or "unknown": n for code, n in sorted(counts.items())}})
    return render(request, "casework/hot_spots.html", {
        "form": form, "map": chart, "table": table, "label": label, "total": total, "unknown": counts.get("", 0),
        "elsewhere": elsewhere, "lsoas": len(lsoas)})
