"""Figures worked out from other figures: a sum, a difference, a change between two periods, a
ratio or a percentage, kept as the operation over named figures so the value follows its inputs
and its working can be shown ("60 = 23 + 31 + 6").

Pure arithmetic and checks here; figures.actions stores the values and recomputes dependents.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from eunomia.core.formatting import Unit, format_value, plain_number
from eunomia.figures.models import NUMERIC_UNITS


@dataclass(frozen=True)
class Operation:
    label: str
    inputs: int | None  # how many inputs it takes; None: two or more
    unit: str | None  # the result's unit; None: the inputs' own (which must agree)
    help: str


OPERATIONS = {
    "sum": Operation("Sum", None, None, "The inputs added up: a + b + c"),
    "difference": Operation("Difference", 2, None, "The first input less the second: a - b"),
    "change": Operation("Change between two periods", 2, Unit.PERCENTAGE,
                        "The percentage change from the first input (the earlier period) to the second"),
    "ratio": Operation("Ratio", 2, Unit.NUMBER, "The first input divided by the second: a / b"),
    "percentage": Operation("Percentage", 2, Unit.PERCENTAGE, "The first input as a percentage of the second"),
}


class DerivedError(ValueError):
    """A derivation that cannot stand; the message says why in plain words."""


def result_unit(operation, inputs):
    """The unit of the result, or DerivedError if the inputs cannot be combined so."""
    spec = OPERATIONS.get(operation)
    if spec is None:
        raise DerivedError(f"Choose how the figure is worked out: {', '.join(o.label.lower() for o in OPERATIONS.values())}")
    if spec.inputs is None and len(inputs) < 2:
        raise DerivedError(f"A {spec.label.lower()} needs two or more figures")
    if spec.inputs is not None and len(inputs) != spec.inputs:
        raise DerivedError(f"A {spec.label.lower()} needs exactly {spec.inputs} figures, in order")
    not_numbers = [f"[[{f.name}]]" for f in inputs if f.unit not in NUMERIC_UNITS]
    if not_numbers:
        raise DerivedError(f"{', '.join(not_numbers)} {'is' if len(not_numbers) == 1 else 'are'} not a number, so "
                           "cannot be worked with")
    if spec.unit is None:
        units = {f.unit for f in inputs}
        if len(units) > 1:
            raise DerivedError(f"A {spec.label.lower()} needs figures of one unit; these are "
                               + " and ".join(sorted(Unit(u).label.lower() for u in units)))
        return units.pop()
    return spec.unit


def find_loop(name, inputs, inputs_of):
    """The chain of names by which `name` would come to depend on itself through `inputs`, or None.
    `inputs_of(name)` gives the input names of a derived figure (empty for any other)."""
    stack = [(each, [name, each]) for each in inputs]
    seen = set()
    while stack:
        current, path = stack.pop()
        if current == name:
            return path
        if current in seen:
            continue
        seen.add(current)
        stack += [(each, path + [each]) for each in inputs_of(current)]
    return None


def evaluate(operation, unit, inputs):
    """(value, working) from the input figures; value None (and the working saying which input has
    no value, or why it cannot be worked out) when it cannot be."""
    missing = [f"[[{f.name}]]" for f in inputs if f.value is None]
    if missing:
        return None, f"Not yet worked out: {', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no value"
    values = [Decimal(f.value) for f in inputs]
    shown = [plain_number(v) for v in values]
    if operation == "sum":
        value = sum(values)
        working = " + ".join(shown)
    elif operation == "difference":
        value = values[0] - values[1]
        working = f"{shown[0]} - {shown[1]}"
    else:
        if values[1 if operation != "change" else 0] == 0:
            return None, f"Cannot be worked out: [[{inputs[1 if operation != 'change' else 0].name}]] is zero"
        if operation == "change":
            value = (values[1] - values[0]) / values[0] * 100
            working = f"({shown[1]} - {shown[0]}) / {shown[0]} × 100"
        elif operation == "ratio":
            value = values[0] / values[1]
            working = f"{shown[0]} / {shown[1]}"
        else:
            value = values[0] / values[1] * 100
            working = f"{shown[0]} / {shown[1]} × 100"
        value = value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return value, f"{format_value(unit, value)} = {working}"
