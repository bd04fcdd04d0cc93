"""The assessment as a document (PDF, DOCX, through eunomia.documents) and as a workbook (XLSX):
the same tables the page shows, from eunomia.assessment.report."""

from eunomia.assessment import report
from eunomia.documents import render as documents

DOCUMENT_FORMAT = 1
PLACE_WIDTHS = [30, 15, 11, 11, 20, 13]
PLACE_WIDTHS_WITHOUT_RATES = [34, 17, 13, 13, 23]


def _runs(text):
    return [{"text": str(text)}]


def _paragraph(text):
    return {"type": "paragraph", "runs": _runs(text)}


def _table_block(table, widths=None):
    block = {"type": "table", "caption": table["caption"], "columns": table["head"],
             "rows": [[_runs(cell) for cell in row] for row in table["rows"]], "numeric": table["numeric"]}
    if widths:
        block["widths"] = widths
    return block


def _figure_block(chart):
    return {"type": "figure", "svg": str(chart.svg), "caption": chart.table["caption"], "alt": chart.description,
            "table": _table_block({"caption": "The figures in the chart above", "head": chart.table["head"],
                                   "rows": chart.table["rows"], "numeric": chart.table["numeric"]})}


def assessment_document(a, *, geometries=None):
    """The assessment as the plain data eunomia.documents renders."""
    partnership = a.partnership
    summary = [
        _paragraph(f"This assessment covers {a.scope.name} ({len(a.scope.lsoa_codes)} LSOAs"
                   + (f", {a.scope.population:,} residents" if a.scope.population else "")
                   + f") for {a.current.label}, compared with {a.previous.label}."),
        {"type": "list", "items": [
            _runs(f"Recorded crime (excluding anti-social behaviour): {report.number(a.all_crime.current)} in "
                  f"{a.current.label}" + (f", {a.all_crime.change_text} on {a.previous.label}"
                                          if a.all_crime.change_text else "") + "."),
            _runs(f"Anti-social behaviour: {report.number(a.asb.current)} in {a.current.label}"
                  + (f", {a.asb.change_text} on {a.previous.label}" if a.asb.change_text else "") + "."),
        ]},
    ]
    summary += [_paragraph(note) for note in a.notes]
    chart = report.issues_chart(a)
    summary += ([_figure_block(chart)] if chart else []) + [_table_block(report.issues_table(a))]

    trend = [_figure_block(chart) for chart in report.trend_charts(a)]

    places = []
    area_map = report.area_map(a, level="ward", geometries=geometries or {})
    if area_map:
        places.append(_figure_block(area_map))
    widths = PLACE_WIDTHS if a.has_rates else PLACE_WIDTHS_WITHOUT_RATES
    places += [_table_block(hot_spots, widths=widths) for hot_spots in report.hot_spot_tables(a)]
    places += [
        _paragraph("Repeat locations are police.uk's anonymous points ('On or near ...'): streets and public "
                   "places, not addresses."),
        _table_block(report.repeat_table(a), widths=[30, 30, 12, 28]),
    ]

    harm = ([_paragraph(f"Weights: {a.harm['set'].name}. Source: {a.harm['set'].source}. "
                        f"Licence: {a.harm['set'].licence or 'not stated'}."),
             _table_block(report.harm_table(a))] if a.harm["set"] else
            [_paragraph("No harm weights are set, so the priority matrix leaves harm out.")])

    views = ([_table_block(report.concern_table(a))] if a.concern and a.concern.survey else
             [_paragraph("No residents' survey has been imported.")])
    views += ([_table_block(report.partner_table(a))] if a.partner_data else
              [_paragraph("No partner data has been imported.")])

    priorities = [
        _paragraph("Each issue is scored from 0 to 100 on volume, trend, harm, residents' concern and "
                   "vulnerability; the scores are combined by the partnership's weights (in the column titles)."),
        _table_block(report.matrix_table(a)),
        {"type": "list", "items": [_runs(f"{row.rank}. {row.name}: " + "; ".join(row.reasons) + ".")
                                   for row in a.recommended]},
    ]
    sections = [
        {"id": "summary", "title": "Summary", "blocks": summary},
        {"id": "trend", "title": "Trend by month", "blocks": trend},
        {"id": "places", "title": "Hot spots", "blocks": places},
        {"id": "harm", "title": "Harm", "blocks": harm},
        {"id": "views", "title": "Residents' concerns and partners' data", "blocks": views},
        {"id": "priorities", "title": "Recommended priorities", "blocks": priorities},
        {"id": "sources", "title": "Sources", "blocks": [
            {"type": "list", "items": [_runs(line) for line in report.sources(a)]},
            _paragraph(report.generated_line() + ".")]},
    ]
    return {
        "format": DOCUMENT_FORMAT,
        "partnership": {"name": partnership.name, "slug": partnership.slug, "is_demo": partnership.is_demo},
        "title": f"{partnership.name}: strategic assessment, {a.current.label}",
        "accessibility": "The figures in every chart are also given in a table after it.",
        "demo_notice": ("Demonstration document: the partnership and its data are invented."
                        if partnership.is_demo else ""),
        "sections": sections,
    }


def render(document, fmt):
    if fmt == "pdf":
        return documents.to_pdf(document)
    if fmt == "docx":
        return documents.to_docx(document)
    raise ValueError(f"Unknown format {fmt}")


def sheets(a):
    """Every table of the assessment, one sheet each, with its notes (sources and definitions)."""
    notes = a.notes + report.sources(a)
    tables = [("Summary", report.issues_table(a)), ("By month", report.monthly_table(a)),
              ("LSOA hot spots", report.places_table("LSOAs", a.lsoas, kind="LSOA", rates=a.has_rates)),
              ("Ward hot spots", report.places_table("Wards", a.wards, kind="Ward", rates=a.has_rates)),
              ("Districts", report.places_table("Districts", a.districts, kind="District", rates=a.has_rates)),
              ("Repeat locations", report.repeat_table(a)), ("Priority matrix", report.matrix_table(a))]
    if a.harm["set"]:
        tables.append(("Harm", report.harm_table(a)))
    if a.concern and a.concern.survey:
        tables.append(("Concerns", report.concern_table(a)))
    if a.partner_data:
        tables.append(("Partner data", report.partner_table(a)))
    return [(name, table["head"], table["raw"], [table["caption"]] + notes) for name, table in tables]
