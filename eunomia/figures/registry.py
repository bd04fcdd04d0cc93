"""The measure registry: named calculations over the system's own records.

Each app declares its measures in its `measures.py` with the `measure` decorator. A computed
figure names a measure and its parameters; figures.actions evaluates it for the figure's period.

    @measure("plans.actions_by_status", title="Actions with a given status", unit=Unit.COUNT,
             source="Eunomia plan records", definition="...", params={"status": ActionStatus})
    def actions_by_status(*, partnership, period_start, period_end, status): ...
"""

from dataclasses import dataclass, field
from decimal import Decimal


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
    # disclosure control) or COUNTS_EVENTS; empty for measures not yet declared.
    counts: str = ""

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


def measure(key, *, title, unit, source, definition, params=None, counts=""):
    def register(function):
        if key in _MEASURES:
            raise ValueError(f"measure {key} is registered twice")
        if counts not in ("", COUNTS_PEOPLE, COUNTS_EVENTS):
            raise ValueError(f"measure {key}: counts must be {COUNTS_PEOPLE!r} or {COUNTS_EVENTS!r}")
        _MEASURES[key] = Measure(key, title, unit, source, definition, function, dict(params or {}), counts)
        return function

    return register


def get_measure(key):
    try:
        return _MEASURES[key]
    except KeyError:
        raise MeasureError(f"There is no measure called {key}") from None


def all_measures():
    return sorted(_MEASURES.values(), key=lambda m: m.title)
