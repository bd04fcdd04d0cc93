"""Which figures of a document may be published as they are (ADR 65): the partnership's disclosure
rule (figures.disclosure) applied to figures, which know what they count and how they hang together.

A document hands `protect` the figures it shows. Each count is a cell (a count of people is what the
rule protects). The groups that let a reader work one count out from others come from the figures
themselves:
- a figure worked out as the sum of other figures is their total (a difference: its first input
  is the total of the second and itself);
- calculated figures of one measure, period and parameters but the one its `partitions` splits
  ("female" and "male" victims supported, and "all") are a total and its parts; a part the document
  does not show is still worked out, unpublished, to know whether the rest give it away.
A document adds its own cells and groups (a table with totals). Rates and amounts worked out from
a count of people (a share, a cost per person) are withheld wherever that count is.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from eunomia.core.formatting import Unit, format_value
from eunomia.figures import disclosure
from eunomia.figures.disclosure import SECONDARY, SHOWN, Cell, Group
from eunomia.figures.models import Figure
from eunomia.figures.registry import MeasureError, get_measure

SUMS = {"sum", "difference"}


def figure_key(figure):
    return ("figure", figure.pk)


@dataclass
class Protection:
    """What a document may show of each figure and cell: `status[key]` is SHOWN, PRIMARY or SECONDARY."""

    rule: disclosure.Rule
    status: dict = field(default_factory=dict)

    def of(self, figure):
        return self.status.get(figure_key(figure), SHOWN)

    def text(self, figure):
        """The figure's value as a reader of the published document sees it."""
        return self.rule.text(figure.value, self.of(figure),
                              lambda value: format_value(figure.unit, value, figure.text_value))


def withheld_alone(figure, rule):
    """What the published document would show instead of this figure's value on its own (a count
    of people too small to publish), or "" when it may be published as it is. Staff pages show it
    beside the exact value: "not for publication". Secondary suppression depends on the document."""
    if figure.counts_people and rule.hides(figure.value):
        return rule.fewer_than
    return ""


def counts_in_words(figure, rule):
    """What a figure counts, as its definition tells a reader, and what that means for publishing it."""
    if figure.unit != Unit.COUNT:
        return ""
    if figure.counts_people:
        return _("People: counts from 1 to %(most)s are published as \u201c%(fewer)s\u201d") % {
            "most": rule.threshold - 1, "fewer": rule.fewer_than}
    return _("Events or things, not people: published as counted")


def protect(figures, *, rule, cells=None, groups=()):
    """The Protection of a document showing `figures`, with its own `cells` (key -> Cell) and `groups`
    (whose keys may be figure_key(figure) for the figures shown)."""
    figures = list(figures)
    shown = {figure_key(f): f for f in figures}
    all_cells = {key: Cell(f.value, people=f.counts_people) for key, f in shown.items()
                 if f.unit == Unit.COUNT and f.value is not None}
    all_cells.update(cells or {})
    all_groups = list(groups)
    linked = _Linked(figures)
    for figure in figures:
        all_groups += linked.groups_of(figure, all_cells)
    status = disclosure.protect(all_cells, all_groups, rule=rule)
    for figure in figures:
        if any(not linked.may_show(base, status, rule) for base in linked.bases_of(figure)):
            status[figure_key(figure)] = SECONDARY
    return Protection(rule, status)


class _Linked:
    """The figures a document's figures are worked out from or split with, fetched once."""

    def __init__(self, figures):
        self.shown = {f.pk: f for f in figures}
        partnership_ids = {f.partnership_id for f in figures}
        names = {name for f in figures if f.kind == Figure.Kind.DERIVED for name in f.inputs}
        self.by_name = {(f.partnership_id, f.name): f for f in
                        Figure.objects.filter(partnership__in=partnership_ids, name__in=names)} if names else {}
        self.computed = {}
        measures = {f.measure for f in figures if f.kind == Figure.Kind.COMPUTED}
        if measures:
            for f in Figure.objects.filter(partnership__in=partnership_ids, kind=Figure.Kind.COMPUTED,
                                           measure__in=measures | {_based_on(m) for m in measures} - {""}):
                self.computed.setdefault(self._computed_key(f.partnership_id, f.measure, f.period_start, f.period_end,
                                                            f.measure_params), f)
        for f in figures:  # a figure shown wins over a twin not shown
            if f.kind == Figure.Kind.COMPUTED:
                self.computed[self._computed_key(f.partnership_id, f.measure, f.period_start, f.period_end,
                                                 f.measure_params)] = f
        self.evaluated = {}

    @staticmethod
    def _computed_key(partnership_id, measure, start, end, params):
        return partnership_id, measure, start, end, tuple(sorted((k, str(v)) for k, v in params.items()))

    def inputs(self, figure):
        found = [self.by_name.get((figure.partnership_id, name)) for name in figure.inputs]
        return found if all(found) else []

    def groups_of(self, figure, cells):
        """The groups `figure` is the total of, adding to `cells` the members the document does not show."""
        groups = []
        if figure.kind == Figure.Kind.DERIVED and figure.unit == Unit.COUNT and figure.value is not None \
                and figure.value >= 0 and figure.measure_params.get("operation") in SUMS:
            inputs = self.inputs(figure)
            if inputs and all(i.value is not None for i in inputs):
                for each in inputs:
                    cells.setdefault(figure_key(each), Cell(each.value, people=each.counts_people,
                                                            published=each.pk in self.shown))
                keys = [figure_key(i) for i in inputs]
                if figure.measure_params["operation"] == "sum":
                    groups.append(Group(figure_key(figure), keys))
                else:
                    groups.append(Group(keys[0], [keys[1], figure_key(figure)]))
        if figure.kind == Figure.Kind.COMPUTED:
            groups += self._partitions(figure, cells)
        return groups

    def _partitions(self, figure, cells):
        try:
            measure = get_measure(figure.measure)
        except MeasureError:
            return []
        groups = []
        for param, splits in measure.partitions.items():
            for total, parts, complete in splits:
                if figure.measure_params.get(param) != total:
                    continue  # each group is made once, from its total
                keys = [self._member(figure, measure, {**figure.measure_params, param: value}, cells)
                        for value in [total, *parts]]
                groups.append(Group(keys[0], keys[1:], complete=complete))
        return groups

    def _member(self, figure, measure, params, cells):
        """The key of the figure (shown or not) or the measure's value for `params`, put in `cells`."""
        twin = self.computed.get(self._computed_key(figure.partnership_id, measure.key, figure.period_start,
                                                    figure.period_end, params))
        if twin is not None:
            cells.setdefault(figure_key(twin), Cell(twin.value, people=twin.counts_people,
                                                    published=twin.pk in self.shown))
            return figure_key(twin)
        key = ("measure",) + self._computed_key(figure.partnership_id, measure.key, figure.period_start,
                                                figure.period_end, params)
        cells.setdefault(key, Cell(self._evaluate(figure, measure, params), people=measure.counts_people,
                                   published=False))
        return key

    def _evaluate(self, figure, measure, params):
        key = self._computed_key(figure.partnership_id, measure.key, figure.period_start, figure.period_end, params)
        if key not in self.evaluated:
            try:
                self.evaluated[key] = measure.evaluate(partnership=figure.partnership, period_start=figure.period_start,
                                                       period_end=figure.period_end, params=params)
            except MeasureError:
                self.evaluated[key] = None  # unknown: counted as anything from 0 up
        return self.evaluated[key]

    def bases_of(self, figure):
        """The counts of people a rate or an amount is worked out from: (figure or None, value)."""
        if figure.kind == Figure.Kind.DERIVED and figure.measure_params.get("operation") not in SUMS:
            return [(i, i.value) for i in self.inputs(figure) if i.counts_people]
        if figure.kind == Figure.Kind.COMPUTED and _based_on(figure.measure):
            base = get_measure(_based_on(figure.measure))
            if not base.counts_people:
                return []
            twin = self.computed.get(self._computed_key(figure.partnership_id, base.key, figure.period_start,
                                                        figure.period_end, figure.measure_params))
            if twin is not None:
                return [(twin, twin.value)]
            return [(None, self._evaluate(figure, base, figure.measure_params))]
        return []

    def may_show(self, base, status, rule):
        """May a rate worked out from this count of people be shown? Not if the count is withheld in
        the document, nor, where it is not shown, if it is too small to publish."""
        figure, value = base
        if figure is not None and figure.pk in self.shown:
            return status.get(figure_key(figure), SHOWN) == SHOWN
        return not rule.hides(value)


def _based_on(key):
    try:
        return get_measure(key).based_on
    except MeasureError:
        return ""
