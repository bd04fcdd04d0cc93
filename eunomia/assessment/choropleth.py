"""A choropleth map drawn as an SVG string from the areas' own boundaries: no tile server, no script.

Projection: equirectangular, with longitudes scaled by the cosine of the middle latitude, which keeps
shapes true enough at the scale of one district; the result is fitted to a 1000-unit-wide viewBox
with y flipped (north up). Coordinates are rounded to 0.1 unit and points that fall within half a
unit of the previous one are dropped, which keeps a map of a hundred LSOAs to a modest size.

Classes: up to five quantile classes (equal numbers of areas in each). Crime counts are skewed: a
town centre often has ten times the crime of its neighbours, so equal-width or rounded breaks would
put almost every area in the lowest class and the map would show one colour. Quantiles always use
the whole palette; the legend gives each class's actual range (its lowest and highest value), and
tied values always share a class, so there may be fewer than five.

Colours: five shades of GOV.UK blue from light to dark. One hue varying in lightness reads the same
with any kind of colour blindness and in greyscale. The lighter shades cannot reach 3:1 against
white, so every area is outlined in dark grey and the figures are in the data table. Areas without
a value are hatched grey and labelled "no data" in the legend.
"""

import json
import math

from django.utils.safestring import mark_safe

from eunomia.assessment.charts import (NO_DATA, TEXT, Chart, check_id_prefix, data_table, decimals_for, esc, fmt,
                                       hatch_pattern, svg_open)

PALETTE = ("#dfeaf4", "#a9c8e5", "#5d9bd0", "#1d70b8", "#003078")
OUTLINE = "#505a5f"
NO_DATA_FILL = "#f3f2f1"
WIDTH = 1000
MAX_MAP_HEIGHT = 900
PAD = 10


def _polygons(geometry):
    """The polygons (each a list of rings of (lon, lat)) of a GeoJSON Polygon or MultiPolygon."""
    if not geometry:
        return []
    if isinstance(geometry, str):
        geometry = json.loads(geometry)
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    if kind == "Feature":
        return _polygons(geometry.get("geometry"))
    raise ValueError(f"Expected a GeoJSON Polygon or MultiPolygon, not {kind!r}")


def quantile_classes(values, count=5):
    """Upper bounds of up to `count` quantile classes over the values (ties never split)."""
    ordered = sorted(values)
    if not ordered:
        return []
    uppers = []
    for k in range(1, count + 1):
        upper = ordered[max(math.ceil(len(ordered) * k / count) - 1, 0)]
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    return uppers


def class_of(value, uppers):
    return next(i for i, upper in enumerate(uppers) if value <= upper)


def _colours(count):
    """`count` shades spread across the palette, so three classes still run from light to dark."""
    if count == 1:
        return [PALETTE[2]]
    return [PALETTE[round(i * (len(PALETTE) - 1) / (count - 1))] for i in range(count)]


def _ring_path(ring, project):
    points = []
    for lon, lat, *_ in ring:
        x, y = project(lon, lat)
        if points and abs(x - points[-1][0]) < 0.5 and abs(y - points[-1][1]) < 0.5:
            continue
        points.append((x, y))
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return ""
    return "M" + " ".join(f"{_n(x)} {_n(y)}" for x, y in points) + "Z"


def _n(value):
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def choropleth(*, title, areas, value_label, id_prefix, decimals=None):
    """An SVG map shading each area by its value, with a legend and a data table.

    `areas` is `[(code, name, geometry, value or None)]`, geometry a GeoJSON Polygon or MultiPolygon
    (a dict or its JSON text) in longitude/latitude. Returns a `Chart` whose table has the columns
    area, value and class, highest value first and areas with no data last.
    """
    id_prefix = check_id_prefix(id_prefix, "map", title, value_label, [a[0] for a in areas])
    values = [a[3] for a in areas if a[3] is not None]
    decimals = decimals_for(values) if decimals is None else decimals
    uppers = quantile_classes(values)
    colours = _colours(len(uppers))
    lowers = [min(v for v in values if class_of(v, uppers) == i) for i in range(len(uppers))]
    ranges = [f"{fmt(lo, decimals)} to {fmt(up, decimals)}" if lo != up else fmt(up, decimals)
              for lo, up in zip(lowers, uppers)]

    shapes = [(code, name, _polygons(geometry), value) for code, name, geometry, value in areas]
    points = [(p[0], p[1]) for _, _, polygons, _ in shapes for polygon in polygons for ring in polygon for p in ring]
    if points:
        min_lon, max_lon = min(p[0] for p in points), max(p[0] for p in points)
        min_lat, max_lat = min(p[1] for p in points), max(p[1] for p in points)
    else:
        min_lon = max_lon = min_lat = max_lat = 0
    squash = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * squash, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = min((WIDTH - 2 * PAD) / span_x, (MAX_MAP_HEIGHT - 2 * PAD) / span_y)
    map_height = math.ceil(span_y * scale + 2 * PAD) if points else 0
    offset_x = (WIDTH - span_x * scale) / 2

    def project(lon, lat):
        return offset_x + (lon - min_lon) * squash * scale, PAD + (max_lat - lat) * scale

    has_missing = len(values) < len(areas)
    legend_entries = [(f'fill="{c}"', r) for c, r in zip(colours, ranges)]
    pattern_id = f"{id_prefix}-no-data"
    no_data_fill = f'fill="url(#{pattern_id}) {NO_DATA_FILL}"'
    if has_missing:
        legend_entries.append((no_data_fill, NO_DATA))
    legend_top = map_height + 30
    height = legend_top + 40 + 40 * len(legend_entries)

    description = f"Map of {len(areas)} areas"
    if values:
        description += (f" shaded by {value_label} in {len(uppers)} classes of about equal numbers of areas: "
                        + "; ".join(ranges) + ".")
        top = max((a for a in areas if a[3] is not None), key=lambda a: a[3])
        description += f" Highest: {top[1]} ({fmt(top[3], decimals)})."
    else:
        description += f", with no figures for {value_label}."
    if has_missing and values:
        missing = len(areas) - len(values)
        description += f" {missing} area has no data." if missing == 1 else f" {missing} areas have no data."

    # 24-unit type: the 1000-unit map is usually shown about 600 pixels wide, so this reads as 14 pixels.
    out = svg_open(id_prefix=id_prefix, width=WIDTH, height=height, title=title, description=description,
                   css_class="app-map", font_size=24)
    out.append(f"<defs>{hatch_pattern(pattern_id, OUTLINE, NO_DATA_FILL)}</defs>")
    out.append(f'<g stroke="{OUTLINE}" stroke-width="1.5" stroke-linejoin="round" fill-rule="evenodd">')
    for code, name, polygons, value in shapes:
        d = "".join(_ring_path(ring, project) for polygon in polygons for ring in polygon)
        if not d:
            continue
        fill = no_data_fill if value is None else f'fill="{colours[class_of(value, uppers)]}"'
        out.append(f'<path d="{d}" {fill} class="app-map__area" data-code="{esc(code)}">'
                   f'<title>{esc(f"{name}: {fmt(value, decimals)}")}</title></path>')
    out.append("</g>")

    out.append(f'<g class="app-map__legend"><text x="{PAD}" y="{legend_top + 10}" font-weight="bold">'
               f'{esc(value_label)}</text>')
    for i, (fill, label) in enumerate(legend_entries):
        y = legend_top + 30 + 40 * i
        out.append(f'<rect x="{PAD}" y="{y}" width="48" height="28" {fill} stroke="{OUTLINE}" stroke-width="1.5"/>')
        out.append(f'<text x="{PAD + 62}" y="{y + 22}" fill="{TEXT}">{esc(label)}</text>')
    out.append("</g></svg>")

    def sort_key(area):
        return (area[3] is None, -(area[3] or 0), area[1])

    def class_text(value):
        if value is None:
            return NO_DATA
        k = class_of(value, uppers)
        return f"{k + 1} of {len(uppers)} ({ranges[k]})"

    rows = [[name, fmt(value, decimals), class_text(value)] for _, name, _, value in sorted(areas, key=sort_key)]
    table = data_table(caption=title, head=["Area", value_label, "Class"], rows=rows, numeric=[1])
    return Chart(svg=mark_safe("".join(out)), table=table, description=description)
