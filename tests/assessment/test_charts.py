"""Server-side SVG charts: accessible, CSP-safe, honest about missing months, with their data tables."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from eunomia.assessment import charts, choropleth

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [date(2025, m, 1) for m in range(1, 13)]


def _parse(chart):
    return ET.fromstring(str(chart.svg))


def _luminance(colour):
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_white(colour):
    return 1.05 / (_luminance(colour) + 0.05)


@pytest.fixture
def trend():
    return charts.line_chart(
        title="Anti-social behaviour by month",
        series=[("This year", [120, 130, None, 110, 95, 101, 140, 150, None, None, 90, 80]),
                ("Last year", [100, 105, 115, 120, None, 130, 125, 110, 100, 95, 85, 70])],
        months=MONTHS, y_label="Incidents", id_prefix="asb-trend")


def test_line_chart_is_an_accessible_image(trend):
    svg = _parse(trend)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "asb-trend-title asb-trend-desc"
    assert svg.find(f"{SVG}title").get("id") == "asb-trend-title"
    assert svg.find(f"{SVG}title").text == "Anti-social behaviour by month"
    desc = svg.find(f"{SVG}desc")
    assert desc.get("id") == "asb-trend-desc"
    assert desc.text == trend.description
    assert "This year: 120 in Jan 25, 80 in Dec 25; highest 150 (Aug 25), lowest 80 (Dec 25)." in desc.text
    assert "No data for Mar 25, Sep 25, Oct 25." in desc.text


def test_line_chart_data_table(trend):
    assert trend.table["caption"] == "Anti-social behaviour by month"
    assert trend.table["head"] == ["Month", "This year", "Last year"]
    assert trend.table["numeric"] == [1, 2]
    assert trend.table["rows"][0] == ["Jan 25", "120", "100"]
    assert trend.table["rows"][2] == ["Mar 25", "no data", "115"]
    assert len(trend.table["rows"]) == 12


def test_missing_months_are_gaps_marked_no_data_never_zero(trend):
    svg = _parse(trend)
    lines = svg.findall(f"{SVG}polyline")
    # This year breaks at Mar and at Sep-Oct: three pieces. Last year breaks at May: two.
    assert len(lines) == 5
    for line in lines:
        assert len(line.get("points").split()) >= 2
    bands = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "app-chart__no-data"]
    assert len(bands) == 4
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts.count("no data: This year") == 3
    assert texts.count("no data: Last year") == 1

    alone = charts.line_chart(title="T", series=[("Crimes", [1, None, 3])], months=MONTHS[:3], y_label="Crimes",
                              id_prefix="t")
    assert "no data" in [t.text for t in _parse(alone).iter(f"{SVG}text")]
    # A lone value between gaps still shows, as its marker.
    lone = charts.line_chart(title="T", series=[("Crimes", [None, 5, None])], months=MONTHS[:3], y_label="Crimes",
                             id_prefix="t")
    assert not _parse(lone).findall(f"{SVG}polyline")
    assert len(list(_parse(lone).iter(f"{SVG}circle"))) == 2  # the point and its legend marker


def test_series_differ_without_colour(trend):
    svg = _parse(trend)
    lines = svg.findall(f"{SVG}polyline")
    solid = {line.get("stroke-dasharray") for line in lines if line.get("stroke") == charts.SERIES_COLOURS[0]}
    dashed = {line.get("stroke-dasharray") for line in lines if line.get("stroke") == charts.SERIES_COLOURS[1]}
    assert solid == {None} and dashed == {"8 5"}
    assert svg.findall(f".//{SVG}circle") and svg.findall(f".//{SVG}rect[@fill='{charts.SERIES_COLOURS[1]}']")
    legend = [t.text for t in svg.iter(f"{SVG}text")]
    assert "This year" in legend and "Last year" in legend


def test_axis_labels_are_abbreviated_months_and_nice_ticks(trend):
    texts = [t.text for t in _parse(trend).iter(f"{SVG}text")]
    for label in ("Jan 25", "Jun 25", "Dec 25", "0", "50", "100", "150"):
        assert label in texts
    assert charts.nice_ticks(0, 150) == [0, 50, 100, 150]
    assert charts.nice_ticks(0, 7) == [0, 2, 4, 6, 8]
    assert charts.nice_ticks(0, 0.9) == [0, 0.25, 0.5, 0.75, 1.0]
    assert charts.nice_ticks(-12, 30) == [-20, 0, 20, 40]
    assert charts.nice_ticks(5, 5) == [5, 5.25, 5.5, 5.75, 6.0]


def test_long_series_label_every_other_month():
    months = [date(2024 + (m // 12), m % 12 + 1, 1) for m in range(24)]
    chart = charts.line_chart(title="T", series=[("A", list(range(24)))], months=months, y_label="Crimes",
                              id_prefix="t")
    texts = [t.text for t in _parse(chart).iter(f"{SVG}text")]
    assert "Jan 24" in texts and "Feb 24" not in texts and "Mar 24" in texts
    assert len(chart.table["rows"]) == 24


@pytest.mark.parametrize("make", [
    lambda: charts.line_chart(title="<b>T</b>", series=[("<script>x</script>", [1, 2])], months=["a&b", "c"],
                              y_label="\"y\"", id_prefix="esc"),
    lambda: charts.bar_chart(title="<b>T</b>", rows=[("<script>x</script>", 1, 2)], value_label="\"y\"",
                             id_prefix="esc"),
    lambda: choropleth.choropleth(title="<b>T</b>", areas=[("E1\"", "<script>x</script>", _square(0, 0), 1)],
                                  value_label="\"y\"", id_prefix="esc"),
])
def test_text_is_escaped_and_nothing_needs_inline_styles(make):
    chart = make()
    text = str(chart.svg)
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text
    svg = ET.fromstring(text)  # well-formed XML
    assert not [e for e in svg.iter() if e.get("style") is not None or e.tag == f"{SVG}style"]
    assert not re.search(r"(href|src)=\"(?!#)", text), "no external references"
    assert "<script>x</script>" in str(chart.table), "the table holds plain text; the template escapes it"


def _square(lon, lat, size=0.01):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size],
                                                [lon, lat + size], [lon, lat]]]}


def test_ids_are_unique_per_chart():
    a = charts.bar_chart(title="A", rows=[("x", 1, 2)], value_label="v", id_prefix="first")
    b = charts.bar_chart(title="A", rows=[("x", 1, 2)], value_label="v", id_prefix="second")
    ids_a = {e.get("id") for e in _parse(a).iter() if e.get("id")}
    ids_b = {e.get("id") for e in _parse(b).iter() if e.get("id")}
    assert ids_a == {"first-title", "first-desc", "first-hatch"}
    assert not ids_a & ids_b
    made_up = [charts.line_chart(title=t, series=[("A", [1])], months=MONTHS[:1], y_label="v") for t in "AB"]
    assert _parse(made_up[0]).get("aria-labelledby") != _parse(made_up[1]).get("aria-labelledby")
    with pytest.raises(ValueError, match="id_prefix"):
        charts.bar_chart(title="A", rows=[("x", 1)], value_label="v", id_prefix="1 bad\"")


def test_colours_have_three_to_one_contrast_with_white():
    for colour in charts.SERIES_COLOURS + (charts.TEXT, choropleth.OUTLINE):
        assert contrast_with_white(colour) >= 3, colour


def test_bar_chart_previous_and_current():
    chart = charts.bar_chart(title="Crimes by type", rows=[("Violence", 340, 360), ("Shoplifting", 80, None)],
                             value_label="Crimes", label_heading="Crime type", id_prefix="types")
    svg = _parse(chart)
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert [b.find(f"{SVG}title").text for b in bars] == [
        "Violence, Previous period: 340", "Violence, This period: 360", "Shoplifting, Previous period: 80"]
    hatched, solid = bars[0], bars[1]
    assert hatched.get("fill").startswith("url(#types-hatch)") and hatched.get("stroke")
    assert solid.get("fill") == charts.SERIES_COLOURS[0]
    assert float(bars[1].get("width")) > float(bars[0].get("width"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "no data" in texts and "Previous period" in texts and "This period" in texts
    assert chart.table == {"caption": "Crimes by type", "head": ["Crime type", "Previous period", "This period"],
                           "rows": [["Violence", "340", "360"], ["Shoplifting", "80", "no data"]], "numeric": [1, 2]}


def test_bar_chart_single_values_and_decimals():
    chart = charts.bar_chart(title="Rates", rows=[("A", 3.5), ("B", 12.25)], value_label="Rate per 1,000",
                             id_prefix="rates")
    assert chart.table["head"] == ["Name", "Rate per 1,000"]
    assert chart.table["rows"] == [["A", "3.5"], ["B", "12.2"]]
    assert _parse(chart).find(f"{SVG}defs") is None
    with pytest.raises(ValueError):
        charts.bar_chart(title="Mixed", rows=[("A", 1), ("B", 1, 2)], value_label="v", id_prefix="m")


def test_line_chart_refuses_mismatched_series():
    with pytest.raises(ValueError, match="3 values for 2 months"):
        charts.line_chart(title="T", series=[("A", [1, 2, 3])], months=MONTHS[:2], y_label="v", id_prefix="t")


def test_figure_block_for_documents(trend):
    block = charts.figure_block(trend, caption="Figure 1: anti-social behaviour")
    assert block["type"] == "figure"
    assert block["caption"] == "Figure 1: anti-social behaviour"
    assert block["alt"] == trend.description
    assert block["svg"].startswith("<svg")
    assert block["table"]["columns"] == ["Month", "This year", "Last year"]
    assert block["table"]["rows"][2] == [[{"text": "Mar 25"}], [{"text": "no data"}], [{"text": "115"}]]
