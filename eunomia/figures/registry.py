"""The measure registry: named calculations over the system's own records.

Each app declares its measures in its `measures.py` with the `measure` decorator. A computed
figure names a measure and its parameters; figures.actions evaluates it for the figure's period.

    @measure("plans.actions_by_status", title="Actions with a given status", unit=Unit.COUNT,
             source="Eunomia plan records", definition="...", params={"status": ActionStatus},
             counts=COUNTS_EVENTS)
    def actions_by_status(*, partnership, period_start, period_end, status): ...

A count says what it counts (ADR 65): COUNTS_PEOPLE (victims, people, households, families: a
published value is subject to the partnership's disclosure rule) or COUNTS_EVENTS (reports,
incidents, sessions, crimes, things: published as it is). A rate or an amount counts neither and
declares nothing, unless it is worked out from a count of people: `based_on` names that count (a
measure taking the same parameters), and the rate is withheld wherever its count would be.
`partitions` says which parameter splits a total into parts, so a suppressed part cannot be
worked out from the total and the other parts (figures.protection).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from eunomia.core.formatting import Unit


class MeasureError(Exception):
    """A measure could not be evaluated with the parameters given."""


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    unit: str
    source: str
    definition: str
    function: object
    # Parameter name -> list of (value, label) choices the parameter may take, or a function
    # returning that list when the choices depend on the data held (the areas imported, say).
    params: dict = field(default_factory=dict)
    # What the measure counts: COUNTS_PEOPLE (a published value is subject to the partnership's
    # disclosure control) or COUNTS_EVENTS; required of a count, empty for a rate or an amount.
    counts: str = ""
    # The key of the count of people (a measure taking the same parameters) a rate or an amount is
    # worked out from, so it is withheld wherever that count is (a cost per person supported).
    based_on: str = ""
    # Parameter name -> list of (total value, [part values], complete): the parts are disjoint and
    # add up to the total ("standard", "medium" and "high" risk to "all"), or, when `complete` is
    # False, to no more than it ("female" and "male" victims to "all", which also holds "other").
    partitions: dict = field(default_factory=dict)

    @property
    def counts_people(self):
        return self.unit == Unit.COUNT and self.counts == COUNTS_PEOPLE

    def choices(self, name):
        choices = self.params[name]
        return list(choices() if callable(choices) else choices)

    @property
    def has_data_choices(self):
        return any(callable(choices) for choices in self.params.values())

    def describe(self, params):
        """The measure's definition with its parameters' labels filled in."""
        labels = {}
        for name in self.params:
            labels[name] = dict(self.choices(name)).get(params.get(name), params.get(name))
        return self.definition.format(**labels)

    def check_params(self, params):
        unknown = set(params) - set(self.params)
        if unknown:
            raise MeasureError(f"{self.title} takes no parameter named {', '.join(sorted(unknown))}")
        for name in self.params:
            choices = self.choices(name)
            if params.get(name) not in dict(choices):
                allowed = ", ".join(str(label) for _, label in choices)
                raise MeasureError(f"Choose the {name.replace('_', ' ')} for {self.title}: one of {allowed}")

    def evaluate(self, *, partnership, period_start, period_end, params):
        self.check_params(params)
        result = self.function(
            partnership=partnership, period_start=period_start, period_end=period_end, **params
        )
        # Through str: a float such as 81.8 must become Decimal('81.8'), not its binary expansion.
        return None if result is None else Decimal(str(result)).quantize(Decimal("0.0001"))


_MEASURES = {}


COUNTS_PEOPLE = "people"
COUNTS_EVENTS = "events"


def measure(key, *, title, unit, source, definition, params=None, counts="", based_on="", partitions=None):
    def register(function):
        if key in _MEASURES:
            raise ValueError(f"measure {key} is registered twice")
        if counts not in ("", COUNTS_PEOPLE, COUNTS_EVENTS):
            raise ValueError(f"measure {key}: counts must be {COUNTS_PEOPLE!r} or {COUNTS_EVENTS!r}")
        if unit == Unit.COUNT and not counts:
            raise ValueError(f"measure {key} is a count: say whether it counts people or events "
                             f"(counts={COUNTS_PEOPLE!r} or counts={COUNTS_EVENTS!r}; ADR 65)")
        for name, splits in (partitions or {}).items():
            if name not in (params or {}):
                raise ValueError(f"measure {key}: partitions names {name!r}, which is not one of its parameters")
            if not all(len(split) == 3 and isinstance(split[1], (list, tuple)) and split[1] for split in splits):
                raise ValueError(f"measure {key}: each partition of {name!r} is (total value, [part values], "
                                 "complete)")
        _MEASURES[key] = Measure(key, title, unit, source, definition, function, dict(params or {}), counts,
                                 based_on, dict(partitions or {}))
        return function

    return register


def get_measure(key):
    try:
        return _MEASURES[key]
    except KeyError:
        raise MeasureError(f"There is no measure called {key}") from None


def all_measures():
    return sorted(_MEASURES.values(), key=lambda m: m.title)
