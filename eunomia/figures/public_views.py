"""The public page of a published figure: how it was counted (ADR 69). The definition in words, the
period, the source and the publication; for open data, the records themselves as CSV, so anyone can
count them again. Nothing personal is ever here: a figure from casework shows its definition and the
fingerprint of what it counted, never a record."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from eunomia.figures import recount
from eunomia.figures.drilldown import get_kind
from eunomia.figures.models import PublishedFigure


def _kept(slug, pk):
    return get_object_or_404(PublishedFigure.objects.select_related("partnership"), partnership__slug=slug, pk=pk)


@require_GET
def how_counted(request, slug, pk):
    kept = _kept(slug, pk)
    kind = get_kind(kept.record_kind) if kept.record_kind else None
    return render(request, "figures/public/how_counted.html", {
        "kept": kept, "kind": kind, "open_data": bool(kept.open_records),
        # A count withheld under the disclosure rule must not come back as the number of its records.
        "show_count": kept.has_records and not kept.withheld, "nav_section": "published",
    })


@require_GET
def open_records(request, slug, pk):
    kept = _kept(slug, pk)
    if not kept.open_records:
        raise Http404("Only a figure from open data lists its records in public")
    response = HttpResponse(recount.open_records_text(kept).encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{kept.name}-v{kept.pk}-records.csv"'
    return response
