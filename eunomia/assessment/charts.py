"""Charts drawn on the server as SVG strings, each with the data table that goes beside it.

Why server-side SVG: the pages must work without JavaScript and under a strict Content Security
Policy (no inline styles, no `<style>` elements), and the same drawing goes into the PDF. So every
colour, stroke and font is a presentation attribute, never a `style`, and nothing is fetched.

Every chart returns a `Chart`: `svg` (a safe string: all text in it is escaped here), `table` (plain
data for a GOV.UK table next to the chart, and for the document's figure block), and `description`
(the summary also written into the SVG's `<desc>`). The SVG is `role="img"` labelled by its
`<title>` and `<desc>`; the figures themselves are in the table, which is the accessible version.

Colours come from the GOV.UK palette and each has a contrast of at least 3:1 with white (WCAG
1.4.11); series differ by line style and marker shape too, so colour is never the only difference.
"""

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

# GOV.UK blue, dark grey, red, green, purple: contrast with white 5.2, 7.0, 4.5, 6.1, 10.4.
SERIES_COLOURS = ("#1d70b8", "#505a5f", "#d4351c", "#00703c", "#4c2c92")
DASHES = (None, "8 5", "2 4", "10 4 2 4", "4 4")
MARKERS = ("circle", "square", "triangle", "diamond", "circle")
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
NO_DATA_FILL = "#f3f2f1"
FONT = "Arial, Helvetica, sans-serif"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NO_DATA = "no data"

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    table: dict
    description: str


def esc(text):
    """Text for SVG content or a double-quoted attribute: escaped, and without characters XML forbids."""
    return escape(_NOT_XML.sub("", str(text)), quote=True)


def month_label(month):
    """`date(2025, 1, 1)` -> "Jan 25"; a string is taken as already a label. Fixed English names
    rather than strftime, which follows the server's locale."""
    if isinstance(month, date):
        return f"{MONTHS[month.month - 1]} {month.year % 100:02d}"
    return str(month)


def fmt(value, decimals):
    if value is None:
        return NO_DATA
    return f"{value:,.{decimals}f}"


def decimals_for(values):
    """Whole numbers shown whole; anything else to one decimal place."""
    return 0 if all(float(v).is_integer() for v in values if v is not None) else 1


def nice_ticks(low, high, count=5):
    """Round tick values covering [low, high], about `count` of them, stepping by 1, 2, 2.5 or 5 x 10^n."""
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def check_id_prefix(id_prefix, *parts):
    """The caller's prefix, or one made from the chart's content, so two charts on a page never share ids."""
    if id_prefix is None:
        return "chart-" + hashlib.sha1(repr(parts).encode()).hexdigest()[:10]
    if not _ID.match(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} must start with a letter and hold only letters, digits, - and _")
    return id_prefix


def data_table(*, caption, head, rows, numeric):
    """The table shape every chart returns: `head` a list of column headings, `rows` lists of cell
    strings, `numeric` the indexes of right-aligned number columns."""
    return {"caption": caption, "head": list(head), "rows": [list(r) for r in rows], "numeric": list(numeric)}


def svg_open(*, id_prefix, width, height, title, description, css_class, font_size=14):
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'class="{css_class}" role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'font-family="{FONT}" font-size="{font_size}" fill="{TEXT}">',
        f'<title id="{id_prefix}-title">{esc(title)}</title>',
        f'<desc id="{id_prefix}-desc">{esc(description)}</desc>',
    ]


def hatch_pattern(pattern_id, colour, background="#ffffff"):
    return (f'<pattern id="{pattern_id}" width="8" height="8" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{background}"/>'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="{colour}" stroke-width="3"/></pattern>')


def _n(value):
    """A coordinate with at most one decimal, without a trailing ".0"."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _marker(shape, x, y, colour, size=4.5):
    if shape == "square":
        return (f'<rect x="{_n(x - size)}" y="{_n(y - size)}" width="{_n(2 * size)}" height="{_n(2 * size)}" '
                f'fill="{colour}"/>')
    if shape == "triangle":
        points = f"{_n(x)},{_n(y - size * 1.2)} {_n(x + size * 1.2)},{_n(y + size)} {_n(x - size * 1.2)},{_n(y + size)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        s = size * 1.3
        points = f"{_n(x)},{_n(y - s)} {_n(x + s)},{_n(y)} {_n(x)},{_n(y + s)} {_n(x - s)},{_n(y)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(size)}" fill="{colour}"/>'


def _line_style(index):
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    dash = DASHES[index % len(DASHES)]
    return colour, (f' stroke-dasharray="{dash}"' if dash else ""), MARKERS[index % len(MARKERS)]


def _text_width(text, size):
    """A rough width for Arial: enough to lay out labels without measuring fonts."""
    return len(text) * size * 0.56


# Line chart -------------------------------------------------------------------------------------------

def _describe_series(label, values, labels, decimals):
    present = [(v, m) for v, m in zip(values, labels) if v is not None]
    if not present:
        return f"{label}: no data."
    high = max(present, key=lambda p: p[0])
    low = min(present, key=lambda p: p[0])
    text = (f"{label}: {fmt(present[0][0], decimals)} in {present[0][1]}, {fmt(present[-1][0], decimals)} in "
            f"{present[-1][1]}; highest {fmt(high[0], decimals)} ({high[1]}), "
            f"lowest {fmt(low[0], decimals)} ({low[1]}).")
    missing = [m for v, m in zip(values, labels) if v is None]
    if missing:
        text += f" No data for {', '.join(missing)}."
    return text


def line_chart(*, title, series, months, y_label, id_prefix=None, decimals=None):
    """A monthly trend: one line per series, e.g. this period and the previous one.

    `series` is `[(label, [value or None for each month])]`, `months` a list of first-of-month dates
    (labelled "Jan 25") or of ready-made labels. None is a month with no data: the line breaks there
    and the month is shaded and marked "no data" (a missing month is never drawn as zero). The first
    series is a solid line with circles, the second dashed with squares, and so on.
    """
    labels = [month_label(m) for m in months]
    if not series:
        raise ValueError("A line chart needs at least one series")
    for label, values in series:
        if len(values) != len(labels):
            raise ValueError(f"Series {label!r} has {len(values)} values for {len(labels)} months")
    id_prefix = check_id_prefix(id_prefix, "line", title, series, labels)
    all_values = [v for _, values in series for v in values if v is not None]
    decimals = decimals_for(all_values) if decimals is None else decimals

    description = (f"Line chart of {y_label} by month, {labels[0]} to {labels[-1]}. " if labels else "Line chart. ")
    description += " ".join(_describe_series(label, values, labels, decimals) for label, values in series)

    width, height = 720, 400
    ticks = nice_ticks(min(all_values + [0]), max(all_values + [0])) if all_values else [0, 1]
    tick_texts = [fmt(t, decimals if any(not float(t).is_integer() for t in ticks) else 0) for t in ticks]
    left = 20 + max(_text_width(t, 13) for t in tick_texts) + 8
    legend_rows = _legend_rows([label for label, _ in series], width - left - 20)
    top = 40 + 24 * len(legend_rows)
    right, bottom = width - 20, height - 46
    plot_w, plot_h = right - left, bottom - top
    count = max(len(labels), 1)
    step_x = plot_w / count

    def x_of(i):
        return left + step_x * (i + 0.5)

    def y_of(v):
        return bottom - (v - ticks[0]) / (ticks[-1] - ticks[0]) * plot_h

    out = svg_open(id_prefix=id_prefix, width=width, height=height, title=title, description=description,
                   css_class="app-chart app-chart--line")
    out.append(f'<text x="{_n(left)}" y="22" font-size="14" font-weight="bold">{esc(y_label)}</text>')

    # Months without data: a shaded band, labelled, behind everything else.
    for i in range(len(labels)):
        missing = [label for label, values in series if values[i] is None]
        if not missing:
            continue
        note = NO_DATA if len(missing) == len(series) else f"{NO_DATA}: {', '.join(missing)}"
        cx = x_of(i)
        out.append(f'<rect class="app-chart__no-data" x="{_n(cx - step_x / 2)}" y="{_n(top)}" width="{_n(step_x)}" '
                   f'height="{_n(plot_h)}" fill="{NO_DATA_FILL}"/>')
        out.append(f'<text x="{_n(cx + 4)}" y="{_n(bottom - 6)}" font-size="12" '
                   f'transform="rotate(-90 {_n(cx + 4)} {_n(bottom - 6)})">{esc(note)}</text>')

    for tick, text in zip(ticks, tick_texts):
        y = y_of(tick)
        colour = TEXT if tick == 0 else GRID
        out.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" y2="{_n(y)}" stroke="{colour}" '
                   f'stroke-width="1"/>')
        out.append(f'<text x="{_n(left - 8)}" y="{_n(y + 4.5)}" font-size="13" text-anchor="end">{esc(text)}</text>')
    out.append(f'<line x1="{_n(left)}" y1="{_n(bottom)}" x2="{_n(right)}" y2="{_n(bottom)}" stroke="{TEXT}" '
               f'stroke-width="1"/>')

    every = math.ceil(count / 12)
    for i, label in enumerate(labels):
        x = x_of(i)
        out.append(f'<line x1="{_n(x)}" y1="{_n(bottom)}" x2="{_n(x)}" y2="{_n(bottom + 5)}" stroke="{TEXT}"/>')
        if i % every == 0:
            out.append(f'<text x="{_n(x)}" y="{_n(bottom + 22)}" font-size="13" text-anchor="middle">'
                       f'{esc(label)}</text>')

    for index, (label, values) in enumerate(series):
        colour, dash, shape = _line_style(index)
        segment = []
        for i, value in enumerate(list(values) + [None]):
            if value is not None:
                segment.append((x_of(i), y_of(value)))
                continue
            if len(segment) > 1:
                points = " ".join(f"{_n(x)},{_n(y)}" for x, y in segment)
                out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>')
            segment = []
        for i, value in enumerate(values):
            if value is not None:
                out.append(_marker(shape, x_of(i), y_of(value), colour))

    out += _legend(legend_rows, left, 40, kind="line")
    out.append("</svg>")

    table = data_table(caption=title, head=["Month"] + [label for label, _ in series],
                       rows=[[label] + [fmt(values[i], decimals) for _, values in series]
                             for i, label in enumerate(labels)],
                       numeric=range(1, len(series) + 1))
    return Chart(svg=mark_safe("".join(out)), table=table, description=description)


def _legend_rows(labels, width):
    """Legend entries (index, label) packed into rows that fit the width."""
    rows, row, used = [], [], 0
    for index, label in enumerate(labels):
        need = 44 + _text_width(label, 14) + 24
        if row and used + need > width:
            rows.append(row)
            row, used = [], 0
        row.append((index, label))
        used += need
    if row:
        rows.append(row)
    return rows


def _legend(rows, x0, y0, *, kind, swatches=None):
    out = ['<g class="app-chart__legend">']
    for r, row in enumerate(rows):
        x, y = x0, y0 + r * 24
        for index, label in row:
            if kind == "line":
                colour, dash, shape = _line_style(index)
                out.append(f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 36)}" y2="{_n(y)}" stroke="{colour}" '
                           f'stroke-width="3"{dash}/>')
                out.append(_marker(shape, x + 18, y, colour))
            else:
                out.append(f'<rect x="{_n(x)}" y="{_n(y - 8)}" width="36" height="16" {swatches[index]}/>')
            out.append(f'<text x="{_n(x + 44)}" y="{_n(y + 5)}">{esc(label)}</text>')
            x += 44 + _text_width(label, 14) + 24
    out.append("</g>")
    return out


# Bar chart --------------------------------------------------------------------------------------------

def _wrap(text, chars, lines=2):
    """Up to `lines` lines of at most `chars` characters, the last cut with an ellipsis if need be."""
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > chars:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1] + " …"
    return [o if len(o) <= chars + 2 else o[: chars - 1] + "…" for o in out]


def bar_chart(*, title, rows, value_label, label_heading="Name", series_labels=("Previous period", "This period"),
              id_prefix=None, decimals=None):
    """Horizontal bars, one row per `(label, value)`, or two bars per `(label, previous, current)`.

    With two values the previous bar is hatched grey above the current solid blue one, so they differ
    without colour; `series_labels` names them in the legend and the table. None is "no data",
    written in place of the bar. `label_heading` heads the table's first column ("Crime type").
    """
    if not rows:
        raise ValueError("A bar chart needs at least one row")
    pairs = len(rows[0]) == 3
    if any(len(row) != (3 if pairs else 2) for row in rows):
        raise ValueError("Every bar chart row needs the same shape: (label, value) or (label, previous, current)")
    id_prefix = check_id_prefix(id_prefix, "bar", title, rows, value_label)
    values = [v for row in rows for v in row[1:] if v is not None]
    decimals = decimals_for(values) if decimals is None else decimals

    names = list(series_labels) if pairs else [value_label]
    description = f"Bar chart of {value_label}, {len(rows)} rows. "
    if values:
        parts = []
        for label, *vals in rows:
            if pairs:
                parts.append(f"{label}: {fmt(vals[0], decimals)} ({names[0]}), {fmt(vals[1], decimals)} ({names[1]})")
            else:
                parts.append(f"{label}: {fmt(vals[0], decimals)}")
        description += "; ".join(parts[:10]) + ("; and more in the table." if len(parts) > 10 else ".")
    else:
        description += "No data."

    width = 720
    label_chars = min(max(len(str(r[0])) for r in rows), 28)
    left = 20 + _text_width("x" * label_chars, 14) + 12
    value_space = _text_width(fmt(max(values, default=0), decimals) + "0", 13) + 8
    ticks = nice_ticks(min(values + [0]), max(values + [0])) if values else [0, 1]
    right = width - 20 - value_space
    top = 52 if pairs else 30
    bar_h, gap = 18, 4
    band = (bar_h * (2 if pairs else 1)) + (gap if pairs else 0) + 16
    bottom = top + band * len(rows)
    height = bottom + 40

    def x_of(v):
        return left + (v - ticks[0]) / (ticks[-1] - ticks[0]) * (right - left)

    pattern_id = f"{id_prefix}-hatch"
    previous_fill = f'fill="url(#{pattern_id}) {GRID}" stroke="{SERIES_COLOURS[1]}" stroke-width="1.5"'
    current_fill = f'fill="{SERIES_COLOURS[0]}"'
    fills = [previous_fill, current_fill] if pairs else [current_fill]

    out = svg_open(id_prefix=id_prefix, width=width, height=height, title=title, description=description,
                   css_class="app-chart app-chart--bar")
    if pairs:
        out.append(f"<defs>{hatch_pattern(pattern_id, SERIES_COLOURS[1])}</defs>")
        out += _legend([[(0, names[0]), (1, names[1])]], left, 20, kind="bar", swatches=fills)

    tick_decimals = decimals if any(not float(t).is_integer() for t in ticks) else 0
    for tick in ticks:
        x = x_of(tick)
        out.append(f'<line x1="{_n(x)}" y1="{_n(top - 6)}" x2="{_n(x)}" y2="{_n(bottom)}" '
                   f'stroke="{TEXT if tick == 0 else GRID}" stroke-width="1"/>')
        out.append(f'<text x="{_n(x)}" y="{_n(bottom + 20)}" font-size="13" text-anchor="middle">'
                   f'{esc(fmt(tick, tick_decimals))}</text>')
    out.append(f'<text x="{_n((left + right) / 2)}" y="{_n(bottom + 38)}" font-size="13" text-anchor="middle">'
               f'{esc(value_label)}</text>')

    for r, (label, *vals) in enumerate(rows):
        y = top + r * band + 8
        lines = _wrap(str(label), label_chars)
        middle = y + (band - 16) / 2
        first = middle + 5 - (len(lines) - 1) * 8
        spans = "".join(f'<tspan x="{_n(left - 10)}" y="{_n(first + i * 16)}">{esc(line)}</tspan>'
                        for i, line in enumerate(lines))
        out.append(f'<text text-anchor="end">{spans}</text>')
        for k, value in enumerate(vals):
            by = y + k * (bar_h + gap)
            if value is None:
                out.append(f'<text x="{_n(x_of(0) + 4)}" y="{_n(by + 13)}" font-size="13" font-style="italic">'
                           f'{NO_DATA}</text>')
                continue
            x0, x1 = sorted((x_of(0), x_of(value)))
            out.append(f'<rect x="{_n(x0)}" y="{_n(by)}" width="{_n(max(x1 - x0, 1))}" height="{bar_h}" {fills[k]}>'
                       f'<title>{esc(f"{label}, {names[k]}: {fmt(value, decimals)}")}</title></rect>')
            out.append(f'<text x="{_n(x1 + 5)}" y="{_n(by + 13)}" font-size="13">{esc(fmt(value, decimals))}</text>')
    out.append("</svg>")

    table = data_table(caption=title, head=[label_heading] + names,
                       rows=[[str(label)] + [fmt(v, decimals) for v in vals] for label, *vals in rows],
                       numeric=range(1, len(names) + 1))
    return Chart(svg=mark_safe("".join(out)), table=table, description=description)


# For documents --------------------------------------------------------------------------------------------

def figure_block(chart, *, caption=None):
    """The chart as a `figure` block for `eunomia.documents.render`: the SVG, its caption and alt
    text, and its data table as a table block (which every output shows after the chart)."""
    table = chart.table
    return {
        "type": "figure",
        "caption": caption or table["caption"],
        "alt": chart.description,
        "svg": str(chart.svg),
        "table": {"caption": table["caption"], "columns": table["head"], "numeric": table["numeric"],
                  "rows": [[[{"text": cell}] for cell in row] for row in table["rows"]]},
    }
