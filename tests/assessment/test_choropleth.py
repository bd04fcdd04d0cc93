"""The choropleth map: projection, quantile classes, holes and islands, no-data areas, and its table."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings

from eunomia.assessment import choropleth as maps

SVG = "{http://www.w3.org/2000/svg}"


def square(lon, lat, size=0.01):
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


def polygon(lon, lat, size=0.01):
    return {"type": "Polygon", "coordinates": [square(lon, lat, size)]}


def grid(values):
    """Areas in a row of squares along a parallel at 51 degrees north, one per value."""
    return [(f"E0{i}", f"Area {i}", polygon(0.3 + i * 0.01, 51.0), v) for i, v in enumerate(values)]


def paths(chart):
    return {p.find(f"{SVG}title").text: p for p in ET.fromstring(str(chart.svg)).iter(f"{SVG}path")}


def test_quantile_classes_split_areas_evenly_and_keep_ties_together():
    assert maps.quantile_classes(list(range(1, 11))) == [2, 4, 6, 8, 10]
    assert maps.quantile_classes([1, 1, 1, 1, 9]) == [1, 9]
    assert maps.quantile_classes([3]) == [3]
    assert maps.quantile_classes([]) == []
    skewed = [1, 2, 2, 3, 3, 4, 5, 6, 8, 200]
    uppers = maps.quantile_classes(skewed)
    assert [sum(1 for v in skewed if maps.class_of(v, uppers) == k) for k in range(len(uppers))] == [3, 2, 1, 2, 2]


def test_each_area_is_a_path_shaded_by_its_class_with_a_title():
    chart = maps.choropleth(title="Crimes by area", areas=grid(range(1, 11)), value_label="Crimes", id_prefix="m")
    drawn = paths(chart)
    assert len(drawn) == 10
    assert drawn["Area 0: 1"].get("fill") == maps.PALETTE[0]
    assert drawn["Area 9: 10"].get("fill") == maps.PALETTE[4]
    assert drawn["Area 4: 5"].get("fill") == maps.PALETTE[2]
    assert drawn["Area 4: 5"].get("data-code") == "E04"
    legend = [t.text for t in ET.fromstring(str(chart.svg)).iter(f"{SVG}text")]
    assert legend == ["Crimes", "1 to 2", "3 to 4", "5 to 6", "7 to 8", "9 to 10"]


def test_areas_without_a_value_are_hatched_and_in_the_legend_as_no_data():
    chart = maps.choropleth(title="T", areas=grid([5, None, 7]), value_label="Crimes", id_prefix="gaps")
    drawn = paths(chart)
    assert drawn["Area 1: no data"].get("fill") == f"url(#gaps-no-data) {maps.NO_DATA_FILL}"
    svg = ET.fromstring(str(chart.svg))
    assert svg.find(f".//{SVG}pattern").get("id") == "gaps-no-data"
    assert [t.text for t in svg.iter(f"{SVG}text")][-1] == "no data"
    assert "1 area has no data." in chart.description
    full = maps.choropleth(title="T", areas=grid([5, 6]), value_label="Crimes", id_prefix="full")
    assert "no data" not in [t.text for t in ET.fromstring(str(full.svg)).iter(f"{SVG}text")]


def test_table_is_sorted_by_value_with_no_data_last():
    chart = maps.choropleth(title="Crimes by area", areas=grid([5, None, 70, 12]), value_label="Crimes",
                            id_prefix="m")
    assert chart.table == {
        "caption": "Crimes by area", "head": ["Area", "Crimes", "Class"], "numeric": [1],
        "rows": [["Area 2", "70", "3 of 3 (70)"], ["Area 3", "12", "2 of 3 (12)"], ["Area 0", "5", "1 of 3 (5)"],
                 ["Area 1", "no data", "no data"]],
    }


def test_projection_fits_the_viewbox_north_up_and_corrects_longitude():
    north = ("N", "North", polygon(0.0, 52.0, 1.0), 1)
    south = ("S", "South", polygon(0.0, 51.0, 1.0), 2)
    chart = maps.choropleth(title="T", areas=[north, south], value_label="v", id_prefix="m")
    svg = ET.fromstring(str(chart.svg))
    width, height = map(float, svg.get("viewBox").split()[2:])
    assert width == 1000

    def box(path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d)?", path.get("d"))]
        xs, ys = numbers[0::2], numbers[1::2]
        return min(xs), max(xs), min(ys), max(ys)

    drawn = paths(chart)
    n_box, s_box = box(drawn["North: 1"]), box(drawn["South: 2"])
    assert n_box[3] <= s_box[2] + 0.1, "north is drawn above south"
    # A degree of longitude at 52 degrees north is cos(52) of a degree of latitude: the squares are wide-short.
    aspect = (n_box[1] - n_box[0]) / (n_box[3] - n_box[2])
    assert aspect == pytest.approx(0.6157, abs=0.01)
    assert 0 <= min(n_box[0], s_box[0]) and max(n_box[1], s_box[1]) <= 1000
    assert 0 <= n_box[2] and s_box[3] <= height


def test_holes_and_multipolygons_use_even_odd_filling():
    island_with_lake = {"type": "MultiPolygon", "coordinates": [
        [square(0.0, 51.0, 0.1), square(0.03, 51.03, 0.03)],
        [square(0.2, 51.0, 0.05)],
    ]}
    chart = maps.choropleth(title="T", areas=[("E1", "Island", json.dumps(island_with_lake), 3)],
                            value_label="v", id_prefix="m")
    path = paths(chart)["Island: 3"]
    assert path.get("d").count("M") == 3 and path.get("d").count("Z") == 3
    group = next(g for g in ET.fromstring(str(chart.svg)).iter(f"{SVG}g") if g.get("fill-rule"))
    assert group.get("fill-rule") == "evenodd"
    assert not re.search(r"\d\.\d\d", path.get("d")), "coordinates rounded to one decimal"


def test_a_map_with_no_values_at_all_says_so():
    chart = maps.choropleth(title="T", areas=grid([None, None]), value_label="Crimes", id_prefix="m")
    assert chart.description == "Map of 2 areas, with no figures for Crimes."
    assert [row[2] for row in chart.table["rows"]] == ["no data", "no data"]
    assert len(paths(chart)) == 2


def test_unsupported_geometry_is_refused():
    with pytest.raises(ValueError, match="Point"):
        maps.choropleth(title="T", areas=[("E1", "A", {"type": "Point", "coordinates": [0, 51]}, 1)],
                        value_label="v", id_prefix="m")


def test_a_real_district_of_lsoas_stays_a_reasonable_size():
    data = Path(settings.BASE_DIR).parent / "shared" / "data"
    if not data.exists():
        pytest.skip("the shared data folder is not on this machine")
    source = data / "uk-geojson-martinjc" / "json" / "statistical" / "eng" / "lsoa_by_lad" / "E07000115.json"
    features = json.loads(source.read_text())["features"]
    areas = [(f["properties"]["LSOA11CD"], f["properties"]["LSOA11NM"], f["geometry"], None if i == 0 else i)
             for i, f in enumerate(features)]
    chart = maps.choropleth(title="Crimes by LSOA", areas=areas, value_label="Crimes", id_prefix="lsoa")
    assert len(paths(chart)) == len(features)
    assert len(str(chart.svg)) < 150_000
    assert chart.table["rows"][-1][1] == "no data"
    assert len(chart.table["rows"]) == len(features)
