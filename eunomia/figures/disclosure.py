"""Statistical disclosure control: which counts of people may be published as they are (ADR 65).

Pure: numbers in, decisions out, no database. figures.protection feeds it a document's figures;
any app with a table of counts of people (equality figures by characteristic, say) calls it with
the table, and shows each cell through `Rule.text`.

Primary suppression: a count of people from 1 to `threshold - 1` is published as "fewer than
{threshold}". Zero is published as 0: no one to identify, and a zero printed as "fewer than 5"
would hide that a service reached no one.

Secondary suppression: a group is a total and the parts that make it up (a table's row and its row
total, or figures that split a total). A reader who knows the total and every part but one works
the last one out; one who knows that a hidden part is between 1 and 4 and the rest of the total
is 1 knows it is 1. So `protect` works out, for every cell, the least and most a reader could
make it from what is shown (a count shown "fewer than 5" is 1 to 4; a cell withheld or not
published at all is 0 or more), group by group until nothing changes; while any count of people
that must not be known is pinned to one number, it withholds one more cell: the smallest part
still shown in a group that pins it, else that group's total. A withheld cell is published as
"not published", never as "fewer than 5", which would be untrue of a large one.

    rule = Rule(threshold=5)
    statuses = protect({"female": Cell(40), "male": Cell(3), "all": Cell(43)},
                       [Group("all", ["female", "male"])], rule=rule)
    # {"female": SECONDARY, "male": PRIMARY, "all": SHOWN}
    rule.text(3, statuses["male"])  # "fewer than 5"
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

SHOWN = "shown"
PRIMARY = "primary"  # a small count of people: "fewer than 5"
SECONDARY = "secondary"  # withheld so that a small count cannot be worked out: "not published"

DEFAULT_THRESHOLD = 5
# "Fewer than 2" would be 1 exactly (zero is shown), so the smallest rule that hides anything is 3.
MIN_THRESHOLD, MAX_THRESHOLD = 3, 20
# Working out what a reader can know stops after this many passes over the groups; tables of
# rows and columns settle in two or three.
MAX_PASSES = 100


@dataclass(frozen=True)
class Rule:
    """The partnership's rule: counts of people from 1 to threshold - 1 are not published as they are,
    and (with `secondary`) neither is any count from which one of them could be worked out."""

    threshold: int = DEFAULT_THRESHOLD
    secondary: bool = True

    def hides(self, value):
        """Is this count of people too small to publish as it is?"""
        return value is not None and 0 < value < self.threshold

    @property
    def fewer_than(self):
        return _("fewer than %(threshold)s") % {"threshold": self.threshold}

    @property
    def withheld(self):
        return _("not published")

    def text(self, value, status, shown=str):
        """What a reader sees for a count: `shown(value)` when it may be published as it is."""
        if status == PRIMARY:
            return self.fewer_than
        if status == SECONDARY:
            return self.withheld
        return shown(value)

    def statement(self):
        """The rule in words, for the published document and the public pages."""
        text = _("Counts of people from 1 to %(most)s are shown as \u201c%(fewer)s\u201d, so that no one can be "
                 "identified from a small number; zero is shown as 0.") % {
            "most": self.threshold - 1, "fewer": self.fewer_than}
        if self.secondary:
            text += " " + _("Where such a count could be worked out from a total and the other counts that make it "
                            "up, one more of them is shown as \u201c%(withheld)s\u201d.") % {"withheld": self.withheld}
        return text + " " + _("Counts of events, such as crimes, reports or sessions, are shown as they are.")


@dataclass(frozen=True)
class Cell:
    """A count. `people`: a count of people, which the rule protects; `published`: shown in the
    output (False for a part of a group that is not shown at all, whose value is still needed to
    know whether the others give it away)."""

    value: int | None
    people: bool = True
    published: bool = True


@dataclass(frozen=True)
class Group:
    """`total` (a key, or None when no total is shown) is the sum of `parts` (keys). Not `complete`:
    the parts add up to no more than the total (it holds others not listed)."""

    total: object
    parts: list = field(default_factory=list)
    complete: bool = True


def protect(cells, groups=(), *, rule):
    """The status (SHOWN, PRIMARY or SECONDARY) of every published cell of `cells` (key -> Cell)."""
    # A cell not published at all counts as withheld: the reader knows only that it is 0 or more.
    status = {key: SECONDARY if not cell.published else PRIMARY if cell.people and rule.hides(_whole(cell.value))
              else SHOWN for key, cell in cells.items()}
    groups = [g for g in groups if g.total is not None and g.total in cells and all(p in cells for p in g.parts)]
    if not rule.secondary or not groups:
        return {key: s for key, s in status.items() if cells[key].published}
    order = {key: index for index, key in enumerate(cells)}
    while True:
        exposed = _exposed(cells, groups, status, rule)
        if exposed is None:
            break
        chosen = _next_to_withhold(cells, groups, *exposed, status, order, rule)
        if chosen is None:
            break  # cannot happen: a count pinned by nothing shown
        status[chosen] = SECONDARY
    return {key: s for key, s in status.items() if cells[key].published}


def protect_table(rows, *, rule, row_totals=False, column_totals=False, people=True):
    """Statuses for a table of counts (a list of rows, each a list of values), in its shape. With
    `row_totals` the last value of each row is the row's total; with `column_totals` the last row
    holds each column's total."""
    cells = {(i, j): Cell(_whole(value), people=people) for i, row in enumerate(rows) for j, value in enumerate(row)}
    groups = []
    height, width = len(rows), max((len(row) for row in rows), default=0)
    last_row = height - 1 if column_totals else height
    last_column = width - 1 if row_totals else width
    if row_totals:
        groups += [Group((i, width - 1), [(i, j) for j in range(last_column)]) for i in range(height)]
    if column_totals:
        groups += [Group((height - 1, j), [(i, j) for i in range(last_row)]) for j in range(width)]
    statuses = protect(cells, groups, rule=rule)
    return [[statuses[(i, j)] for j in range(len(row))] for i, row in enumerate(rows)]


def _whole(value):
    return None if value is None else int(value)


def _exposed(cells, groups, status, rule):
    """(key, every cell's bounds) for the first count of people a reader can work out exactly although
    it must not be known, or None."""
    bounds = _reader_bounds(cells, groups, status, rule)
    found = _pinned_sensitive(cells, status, bounds, rule)
    return (found[0], bounds) if found else None


def _pinned_sensitive(cells, status, bounds, rule):
    """Every count of people a reader can work out exactly although it must not be known."""
    return [key for key, cell in cells.items()
            if (status[key] == PRIMARY or (not cell.published and cell.people and rule.hides(_whole(cell.value))))
            and bounds[key][0] == bounds[key][1]]


def _reader_bounds(cells, groups, status, rule):
    """The least and most a reader could make each cell from what is shown, narrowed through each
    group's sum until nothing changes."""
    bounds = {}
    for key, cell in cells.items():
        if cell.value is None or status[key] == SECONDARY:
            bounds[key] = (0, math.inf)
        elif status[key] == PRIMARY:
            bounds[key] = (1, rule.threshold - 1)
        else:
            bounds[key] = (_whole(cell.value), _whole(cell.value))
    for _pass in range(MAX_PASSES):
        changed = False
        for group in groups:
            changed |= _narrow(group, bounds)
        if not changed:
            break
    return bounds


def _narrow(group, bounds):
    """Narrow the bounds of a group's cells from total = parts + rest (rest 0, or 0 or more when the
    group is not complete). True if any bound moved."""
    rest_high = 0 if group.complete else math.inf
    total_low, total_high = bounds[group.total]
    lows = [bounds[p][0] for p in group.parts]
    highs = [bounds[p][1] for p in group.parts]
    changed = False
    new_total = (max(total_low, sum(lows)), min(total_high, sum(highs) + rest_high))
    if new_total != bounds[group.total]:
        bounds[group.total], changed = new_total, True
    total_low, total_high = new_total
    for index, part in enumerate(group.parts):
        others_low = sum(lows) - lows[index]
        others_high = sum(high for other, high in enumerate(highs) if other != index)
        low, high = bounds[part]
        new = (max(low, total_low - others_high - rest_high), min(high, total_high - others_low))
        if new != (low, high):
            bounds[part], changed = new, True
    return changed


def _next_to_withhold(cells, groups, key, bounds, status, order, rule):
    """The cell to withhold next, so that `key` can no longer be worked out.

    The candidates are the cells still shown in a group holding `key` or another withheld cell a
    reader can work out exactly (that is how `key` is reached, through another group); failing
    those, any cell shown in a group. Each is tried: the one after which the fewest counts can
    still be worked out wins, a part before a total, then the smallest. With nothing shown left,
    a count shown as "fewer than 5" (which says "at least 1") is what pins it: that one becomes
    "not published"."""
    pinned = {k for k in cells if status[k] != SHOWN and bounds[k][0] == bounds[k][1]} | {key}
    near = [g for g in groups if any(k == g.total or k in g.parts for k in pinned)]
    totals = {g.total for g in groups}
    for reach in (near, groups):
        candidates = {k for g in reach for k in (g.total, *g.parts) if status[k] == SHOWN}
        if candidates:
            return min(candidates, key=lambda k: (_left_exposed(cells, groups, status, rule, k), k in totals,
                                                  _whole(cells[k].value) or 0, order[k]))
    primaries = [k for g in near for k in (g.total, *g.parts) if status[k] == PRIMARY]
    if status[key] == PRIMARY:
        primaries.insert(0, key)
    return primaries[0] if primaries else None


def _left_exposed(cells, groups, status, rule, withheld):
    """How many counts could still be worked out if `withheld` were withheld too."""
    trial = {**status, withheld: SECONDARY}
    return len(_pinned_sensitive(cells, trial, _reader_bounds(cells, groups, trial, rule), rule))
