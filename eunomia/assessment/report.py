"""The assessment as tables and charts: one set, drawn on the page, written to the PDF and DOCX,
and offered as CSV and XLSX. A table is a dict: caption, head (column titles), rows (cells as
text), numeric (indexes of right-aligned columns), and raw rows (numbers as numbers) for the
spreadsheets."""

from django.utils import timezone

from eunomia.assessment import charts
from eunomia.assessment.choropleth import choropleth
from eunomia.assessment.models import CRITERIA
from eunomia.core.periods import month_label

MISSING = "missing"
CRITERION_LABELS = {"volume": "Volume", "trend": "Trend", "harm": "Harm", "concern": "Concern",
                    "vulnerability": "Vulnerability"}
SOURCE_POLICE = ("police.uk street-level crime and anti-social behaviour, published by the police forces of England "
                 "and Wales under the Open Government Licence v3.0")


def number(value, decimals=0, *, none=MISSING):
    if value is None:
        return none
    if decimals == 0:
        return f"{round(value):,}"
    return f"{value:,.{decimals}f}"


def percent(value):
    return "" if value is None else f"{value:+.1f}%"


def table(caption, head, rows, *, numeric=(), raw=None):
    return {"caption": caption, "head": list(head), "rows": [[str(c) for c in row] for row in rows],
            "numeric": list(numeric), "raw": raw if raw is not None else rows}


def issues_table(a):
    """Without population estimates the rate column is left out, not filled with blanks (ADR 0055)."""
    rates = a.has_rates
    head = ["Issue", a.previous.label, a.current.label, "Change", "Change %"] + (["Per 1,000 residents"] if rates else [])
    rows, raw = [], []
    for row in a.issues + [a.all_crime, a.asb]:
        rows.append([row.name, number(row.previous), number(row.current), row.change_text or "not comparable",
                     percent(row.change_percent)] + ([number(row.rate, 1, none="")] if rates else []))
        raw.append([row.name, row.previous, row.current, row.change,
                    None if row.change_percent is None else round(row.change_percent, 1)]
                   + ([None if row.rate is None else round(row.rate, 2)] if rates else []))
    return table(f"Police recorded crime and anti-social behaviour in {a.scope.name}", head, rows,
                 numeric=[1, 2, 4, 5] if rates else [1, 2, 4], raw=raw)


def monthly_table(a):
    types = [row for row in a.issues]
    head = ["Month", "All crime (excluding ASB)", "Anti-social behaviour"] + [row.name for row in types]
    raw = [[month_label(m), a.trend["crime"][m], a.trend["asb"][m]] + [a.trend[row.slug][m] for row in types]
           for m in a.months]
    rows = [[r[0]] + [number(v) for v in r[1:]] for r in raw]
    return table("Records by month and type", head, rows, numeric=list(range(1, len(head))), raw=raw)


def places_table(caption, places, *, kind, rates=True):
    """LSOAs, wards or districts with their counts; `rates` False leaves out the rate column (no
    population estimates held). A district known only by its police.uk name has no code."""
    head = [kind, "Code", "Previous", "Current", "Change"] + (["Per 1,000 residents"] if rates else [])
    rows = [[p.name, p.code or "not known", number(p.previous), number(p.current), p.change_text]
            + ([number(p.rate, 1, none="")] if rates else []) for p in places]
    raw = [[p.name, p.code, p.previous, p.current, p.change]
           + ([None if p.rate is None else round(p.rate, 2)] if rates else []) for p in places]
    return table(caption, head, rows, numeric=[2, 3, 5] if rates else [2, 3], raw=raw)


def hot_spot_tables(a):
    """The places with the most crime and the largest rises: LSOAs; districts when the area has two
    or more; wards when ward boundaries are held."""
    rates = a.has_rates
    tables = [
        places_table(f"LSOAs with the most crime, {a.current.label}", a.lsoa_hot_spots, kind="LSOA", rates=rates),
        places_table("LSOAs where crime rose most", a.lsoa_rising, kind="LSOA", rates=rates),
    ]
    if len(a.districts) > 1:
        tables += [
            places_table(f"Districts by crime, {a.current.label}", a.district_hot_spots, kind="District", rates=rates),
            places_table("Districts where crime rose most", a.district_rising, kind="District", rates=rates),
        ]
    if a.wards:
        tables += [
            places_table(f"Wards with the most crime, {a.current.label}", a.ward_hot_spots, kind="Ward", rates=rates),
            places_table("Wards where crime rose most", a.ward_rising, kind="Ward", rates=rates),
        ]
    return tables


def repeat_table(a):
    head = ["Location", "LSOA", "Records", "Most common"]
    rows = [[r.location, f"{r.lsoa_name} ({r.lsoa_code})", number(r.count),
             ", ".join(f"{name} {n:,}" for name, n in r.types[:3])] for r in a.repeat_locations]
    raw = [[r.location, r.lsoa_code, r.count, ", ".join(f"{name} {n}" for name, n in r.types[:3])]
           for r in a.repeat_locations]
    return table(f"Locations with the most records, {a.current.label}", head, rows, numeric=[2], raw=raw)


def harm_table(a):
    head = ["Issue", "Records", "Weight (days)", "Harm (days)", "Share of harm", "Share of records"]
    rows, raw = [], []
    for r in a.harm["rows"]:
        rows.append([r.name, number(r.count), number(r.weight, 1, none="not weighted"),
                     number(r.harm, none="not weighted"),
                     "" if r.share_of_harm is None else f"{r.share_of_harm:.1f}%",
                     "" if r.share_of_count is None else f"{r.share_of_count:.1f}%"])
        raw.append([r.name, r.count, r.weight, None if r.harm is None else round(r.harm, 1),
                    None if r.share_of_harm is None else round(r.share_of_harm, 1),
                    None if r.share_of_count is None else round(r.share_of_count, 1)])
    return table(f"Harm-weighted crime, {a.current.label}", head, rows, numeric=[1, 2, 3, 4, 5], raw=raw)


def concern_table(a):
    concern = a.concern
    head = ["Issue", "Respondents naming it", "Share of respondents", "Named first"]
    raw = [[i.name, i.count, round(i.percent, 1), i.first] for i in concern.issues] if concern else []
    rows = [[r[0], number(r[1]), f"{r[2]:.1f}%", number(r[3])] for r in raw]
    caption = (f"Residents' top concerns: {concern.survey.name} ({concern.respondents:,} respondents)"
               if concern and concern.survey else "Residents' top concerns")
    return table(caption, head, rows, numeric=[1, 2, 3], raw=raw)


def partner_table(a):
    head = ["Organisation", "Dataset", "Category", a.previous.label, a.current.label, "Change", "Months missing"]
    rows, raw = [], []
    for r in a.partner_data:
        missing = ", ".join(month_label(m) for m in r.missing)
        rows.append([r.organisation, r.dataset, r.category, number(r.previous), number(r.current),
                     r.change_text or "not comparable", missing or "none"])
        raw.append([r.organisation, r.dataset, r.category, r.previous, r.current,
                    None if r.previous is None or r.current is None else r.current - r.previous, missing])
    return table("Partners' data", head, rows, numeric=[3, 4], raw=raw)


def matrix_table(a):
    head = ["Rank", "Issue"] + [f"{CRITERION_LABELS[c]} (weight {a.weights[c]})" for c in CRITERIA] + [
        "Score", "Recommended"]
    rows, raw = [], []
    for r in a.matrix:
        scores = [r.scores.get(c) for c in CRITERIA]
        name = f"{r.name} ({r.source})" if r.source else r.name
        rows.append([str(r.rank), name] + [number(s, none="no data") for s in scores]
                    + [number(r.total, 1), "Yes" if r.recommended else "No"])
        raw.append([r.rank, name] + [None if s is None else round(s, 1) for s in scores]
                   + [round(r.total, 1), "Yes" if r.recommended else "No"])
    return table("Priority matrix: each criterion scored 0 to 100", head, rows,
                 numeric=list(range(2, 2 + len(CRITERIA) + 1)), raw=raw)


def trend_charts(a):
    months = a.months
    return [
        charts.line_chart(title=f"All crime (excluding ASB) by month, {a.previous.start:%b %Y} to {a.current.end:%b %Y}",
                          series=[("All crime (excluding ASB)", [a.trend["crime"][m] for m in months])],
                          months=months, y_label="Records", id_prefix="trend-crime"),
        charts.line_chart(title=f"Anti-social behaviour by month, {a.previous.start:%b %Y} to {a.current.end:%b %Y}",
                          series=[("Anti-social behaviour", [a.trend["asb"][m] for m in months])],
                          months=months, y_label="Records", id_prefix="trend-asb"),
    ]


def issues_chart(a):
    rows = [(row.name, row.previous, row.current) for row in a.issues + [a.asb]
            if row.current is not None and row.previous is not None]
    if not rows:
        return None  # a period with a missing month has no totals to draw
    return charts.bar_chart(title=f"Records by type: {a.previous.label} and {a.current.label}", rows=rows,
                            value_label="Records", label_heading="Crime type", series_labels=(a.previous.label, a.current.label),
                            id_prefix="by-type")


def area_map(a, *, level, geometries):
    """A choropleth of crime (ASB apart) per 1,000 residents in the current period, by LSOA or
    ward; areas with no population estimate or no boundary have no value."""
    places = a.lsoas if level == "lsoa" else a.wards
    areas = [(p.code, p.name, geometries[p.code], None if p.rate is None else round(p.rate, 1))
             for p in places if geometries.get(p.code)]
    kind = "LSOA" if level == "lsoa" else "ward"
    if not areas:
        return None
    return choropleth(title=f"Crime (excluding ASB) per 1,000 residents by {kind}, {a.current.label}", areas=areas,
                      value_label="Crimes per 1,000 residents", id_prefix=f"map-{level}")


def sources(a):
    lines = [f"Crime and anti-social behaviour: {SOURCE_POLICE}. Months held up to "
             f"{month_label(a.latest_month) if a.latest_month else 'none'}."]
    if a.scope.population_years:
        lines.append("Population: mid-" + ", ".join(map(str, a.scope.population_years)) +
                     " estimates for Lower layer Super Output Areas (ONS, via the English Indices of Deprivation "
                     "2015, File 6), Open Government Licence v3.0.")
    harm_set = a.harm["set"]
    if harm_set:
        lines.append(f"Harm weights: {harm_set.name}. Source: {harm_set.source}. Licence: {harm_set.licence or 'not stated'}.")
    if a.concern and a.concern.survey:
        lines.append(f"Residents' concerns: {a.concern.survey.name}, {a.concern.respondents:,} respondents.")
    for row in {(r.organisation, r.dataset, r.source) for r in a.partner_data}:
        lines.append(f"{row[0]}: {row[1]}" + (f" ({row[2]})" if row[2] else "") + ".")
    if a.has_boundaries:
        lines.append("Boundaries: ONS generalised boundaries, Open Government Licence v3.0; contains OS data "
                     "© Crown copyright and database right.")
    else:
        lines.append("Districts and LSOAs as police.uk names them in its files; no boundary file is held.")
    return lines


def generated_line():
    return f"Produced by Eunomia on {timezone.localtime():%-d %B %Y at %H:%M}"
