from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from eunomia.audit import actions as audit
from eunomia.audit.changes import field_changes
from eunomia.figures import derived
from eunomia.figures.disclosure import MAX_THRESHOLD, MIN_THRESHOLD
from eunomia.figures.models import NUMERIC_UNITS, Counts, DisclosureRule, Figure, FigureRevision, Unit
from eunomia.figures.registry import MeasureError, get_measure


RESERVED_NAMES = {"new", "recalculate", "disclosure"}


@dataclass(frozen=True)
class FigureWords:
    """What a calculated figure says about itself: taken from its measure, or from the data the
    measure counts for measures registered with `words_from`."""

    definition: str
    source: str
    counts: str
    title: str = ""
    owner_organisation: object = None


# Measures whose figures take their words from the data they count, not from the measure (a
# partner's dataset registered as a measure, ADR 71): key -> function(partnership, params) -> FigureWords.
_WORDS = {}


def words_from(key):
    """Register the function giving the figures of the measure `key` their definition, source and
    what they count; it may refuse parameters that do not fit the partnership with MeasureError."""
    def register(function):
        _WORDS[key] = function
        return function
    return register


def figure_words(registered, partnership, params):
    if registered.key in _WORDS:
        return _WORDS[registered.key](partnership=partnership, params=params)
    return FigureWords(definition=registered.describe(params), source=registered.source, counts=registered.counts)


def unique_figure_name(partnership, base):
    base = slugify(base)[:90].strip("-") or "figure"
    name, n = base, 1
    while name in RESERVED_NAMES or Figure.objects.filter(partnership=partnership, name=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def check_value(unit, value, text_value):
    """Refuse a value that does not fit the figure's unit, in words a person can act on."""
    if unit == Unit.TEXT:
        if not (text_value or "").strip():
            raise ValidationError({"text_value": "Enter the value in words"})
        return
    if value is None:
        raise ValidationError({"value": "Enter the value"})
    value = Decimal(value)
    if unit == Unit.YES_NO and value not in (0, 1):
        raise ValidationError({"value": "Choose yes or no"})
    if unit == Unit.COUNT and (value < 0 or value != value.to_integral_value()):
        raise ValidationError({"value": "A count must be a whole number, 0 or more"})
    if unit == Unit.MONEY and value != value.quantize(Decimal("0.01")):
        raise ValidationError({"value": "An amount of money is in pounds and pence, like 1250.50"})
    if unit == Unit.PERCENTAGE and not 0 <= value <= 100:
        raise ValidationError({"value": "A percentage must be between 0 and 100"})
    if unit in NUMERIC_UNITS and abs(value) >= Decimal("1e14"):
        raise ValidationError({"value": "That number is too large"})


def check_counts(unit, counts):
    """What a figure of `unit` counts, as stored: a count counts people or events (people when not
    said: the safe side, ADR 65); anything else counts nothing."""
    if unit != Unit.COUNT:
        return ""
    if counts and counts not in Counts.values:
        raise ValidationError({"counts": _("Say whether the figure counts people or events")})
    return counts or Counts.PEOPLE


def create_figure(*, by, partnership, title, unit, period_start, period_end, definition="", source="",
                  name="", kind=Figure.Kind.MANUAL, measure="", measure_params=None, owner_organisation=None,
                  counts=""):
    """A figure. `counts` (Counts) says what a count entered by hand counts; a calculated figure takes
    it from its measure and a worked-out one from its inputs."""
    measure_params = measure_params or {}
    if period_end < period_start:
        raise ValidationError({"period_end": "The period must end on or after the day it starts"})
    if kind == Figure.Kind.DERIVED and not measure_params.get("inputs"):
        raise ValueError("A derived figure is made by create_derived_figure")
    if kind == Figure.Kind.COMPUTED:
        try:
            registered = get_measure(measure)
            registered.check_params(measure_params)
            words = figure_words(registered, partnership, measure_params)
        except MeasureError as error:
            raise ValidationError({"measure": str(error)}) from None
        title = title or words.title
        definition = definition or words.definition
        source = source or words.source
        owner_organisation = owner_organisation or words.owner_organisation
        unit = registered.unit
        counts = words.counts
    counts = check_counts(unit, counts)
    if not definition.strip():
        raise ValidationError({"definition": "Say exactly what the figure counts"})
    if not source.strip():
        raise ValidationError({"source": "Say where the figure comes from"})
    if name in RESERVED_NAMES:
        raise ValidationError({"name": f"{name} is a word Eunomia uses in its web addresses; choose another name"})
    with transaction.atomic():
        if name and Figure.objects.filter(partnership=partnership, name=name).exists():
            raise ValidationError({"name": f"There is already a figure called {name}"})
        figure = Figure.objects.create(
            partnership=partnership, name=name or unique_figure_name(partnership, title), title=title,
            definition=definition, source=source, unit=unit, period_start=period_start, period_end=period_end,
            kind=kind, measure=measure if kind == Figure.Kind.COMPUTED else "", measure_params=measure_params,
            owner_organisation=owner_organisation, counts=counts,
        )
        audit.record(by=by, action="figure.created", obj=figure,
                     data={"name": figure.name, "kind": kind, "measure": measure, "params": measure_params,
                           "counts": counts})
        if kind == Figure.Kind.COMPUTED:
            figure = recalculate_figure(by=by, figure=figure)
    return figure


def create_derived_figure(*, by, partnership, title, operation, inputs, period_start, period_end, definition,
                          source="", name="", owner_organisation=None):
    """A figure worked out from other figures (`inputs`, names in order) by `operation`
    (figures.derived.OPERATIONS); refused if an input is unknown or not a number, if the units do
    not agree, or if it would come to depend on itself."""
    known = {f.name: f for f in Figure.objects.filter(partnership=partnership, name__in=inputs)}
    unknown = [n for n in inputs if n not in known]
    if unknown:
        raise ValidationError({"inputs": f"There is no figure called {', '.join(f'[[{n}]]' for n in unknown)}"})
    if len(set(inputs)) != len(inputs):
        raise ValidationError({"inputs": "Name each figure once"})
    try:
        unit = derived.result_unit(operation, [known[n] for n in inputs])
    except derived.DerivedError as error:
        raise ValidationError({"inputs": str(error)}) from None
    name = name or unique_figure_name(partnership, title)
    loop = derived.find_loop(name, inputs, lambda n: _inputs_of(partnership, n))
    if loop:
        raise ValidationError({"inputs": "That would make the figure depend on itself: "
                                         + " uses ".join(f"[[{n}]]" for n in loop)})
    with transaction.atomic():
        figure = create_figure(by=by, partnership=partnership, title=title, unit=unit, period_start=period_start,
                               period_end=period_end, definition=definition,
                               source=source or "Worked out by Eunomia from the figures named in its definition",
                               name=name, kind=Figure.Kind.DERIVED, owner_organisation=owner_organisation,
                               measure_params={"operation": operation, "inputs": list(inputs)},
                               counts=counts_of_inputs([known[n] for n in inputs]))
        return work_out(by=by, figure=figure)


def counts_of_inputs(inputs):
    """What a sum or difference of counts counts: people if any of them counts people."""
    return Counts.PEOPLE if any(f.counts == Counts.PEOPLE for f in inputs) else Counts.EVENTS


def _inputs_of(partnership, name):
    figure = Figure.objects.filter(partnership=partnership, name=name, kind=Figure.Kind.DERIVED).first()
    return figure.inputs if figure else []


def work_out(*, by, figure):
    """Work a derived figure out again from its inputs' values now, keeping a revision when the
    value changed, then the figures worked out from it."""
    inputs = {f.name: f for f in Figure.objects.filter(partnership=figure.partnership, name__in=figure.inputs)}
    value, working = derived.evaluate(figure.measure_params["operation"], figure.unit,
                                      [inputs[n] for n in figure.inputs if n in inputs])
    if len(inputs) < len(figure.inputs):
        value, working = None, "Not worked out: an input figure has been deleted"
    with transaction.atomic():
        figure = Figure.objects.select_for_update().get(pk=figure.pk)
        if figure.recorded_at is not None and figure.value == value and figure.evidence == working:
            return figure
        _store(by=by, figure=figure, value=value, text_value="", evidence=working, via=FigureRevision.Via.COMPUTED)
    return figure


def update_figure(*, by, figure, **fields):
    """Change what a figure is (title, definition, source, owner, and for a count entered by hand
    whether it counts people or events); its value has its own action."""
    allowed = {"title", "definition", "source", "owner_organisation", "period_start", "period_end", "counts"}
    if set(fields) - allowed:
        raise ValueError(f"update_figure cannot change {set(fields) - allowed}")
    if "counts" in fields:
        if fields["counts"] != figure.counts and figure.kind != Figure.Kind.MANUAL:
            raise ValidationError({"counts": _("What a calculated or worked-out figure counts follows from how it "
                                               "is made, and cannot be changed")})
        fields["counts"] = check_counts(figure.unit, fields["counts"])
    if "definition" in fields and not fields["definition"].strip():
        raise ValidationError({"definition": "Say exactly what the figure counts"})
    if "source" in fields and not fields["source"].strip():
        raise ValidationError({"source": "Say where the figure comes from"})
    with transaction.atomic():
        changes = field_changes(figure, fields)
        for field, value in fields.items():
            setattr(figure, field, value)
        figure.save()
        audit.record(by=by, action="figure.updated", obj=figure, data=changes)
        if "counts" in changes:
            _follow_counts(by=by, figure=figure)
    return figure


def _follow_counts(*, by, figure):
    """Sums and differences worked out from `figure` count what their inputs now count."""
    for dependent in Figure.objects.filter(partnership=figure.partnership_id, kind=Figure.Kind.DERIVED,
                                           unit=Unit.COUNT):
        if figure.name not in dependent.inputs:
            continue
        inputs = Figure.objects.filter(partnership=figure.partnership_id, name__in=dependent.inputs)
        counts = counts_of_inputs(inputs)
        if counts != dependent.counts:
            audit.record(by=by, action="figure.updated", obj=dependent, data={"counts": [dependent.counts, counts]})
            dependent.counts = counts
            dependent.save(update_fields=["counts"])
            _follow_counts(by=by, figure=dependent)


def _store(*, by, figure, value, text_value, evidence, via):
    previous = {"value": figure.value, "text_value": figure.text_value}
    figure.value = None if value is None else Decimal(value)
    figure.text_value = text_value or ""
    figure.evidence = evidence
    figure.recorded_at = timezone.now()
    figure.recorded_by = by if by is not None and by.is_authenticated else None
    figure.save()
    FigureRevision.objects.create(
        figure=figure, value=figure.value, text_value=figure.text_value, evidence=evidence,
        recorded_at=figure.recorded_at, recorded_by=figure.recorded_by, via=via,
    )
    audit.record(by=by, action="figure.value_recorded", obj=figure,
                 data={"via": via, "before": previous, "after": {"value": figure.value, "text_value": figure.text_value}})
    for dependent in Figure.objects.filter(partnership=figure.partnership_id, kind=Figure.Kind.DERIVED):
        if figure.name in dependent.inputs:
            work_out(by=by, figure=dependent)


def record_value(*, by, figure, value=None, text_value="", evidence, via=FigureRevision.Via.MANUAL):
    """Record a figure's value by hand (or through the API), with the evidence for it."""
    if figure.kind == Figure.Kind.DERIVED:
        raise ValidationError("This figure is worked out from " + ", ".join(f"[[{n}]]" for n in figure.inputs)
                              + ": record their values and it follows")
    if figure.kind != Figure.Kind.MANUAL:
        raise ValidationError("This figure is calculated from records; it cannot be entered by hand")
    check_value(figure.unit, value, text_value)
    if not (evidence or "").strip():
        raise ValidationError({"evidence": "Say where the value comes from, for example the report or system it was taken from"})
    with transaction.atomic():
        figure = Figure.objects.select_for_update().get(pk=figure.pk)
        _store(by=by, figure=figure, value=value, text_value=text_value, evidence=evidence.strip(), via=via)
    return figure


def recalculate_figure(*, by, figure):
    """Evaluate a computed figure's measure now; keep a revision only when the value changed."""
    if figure.kind != Figure.Kind.COMPUTED:
        raise ValidationError("Only calculated figures can be recalculated")
    registered = get_measure(figure.measure)
    value = registered.evaluate(partnership=figure.partnership, period_start=figure.period_start,
                                period_end=figure.period_end, params=figure.measure_params)
    with transaction.atomic():
        figure = Figure.objects.select_for_update().get(pk=figure.pk)
        words = None if registered.key not in _WORDS else figure_words(registered, figure.partnership,
                                                                       figure.measure_params)
        declared = check_counts(figure.unit, words.counts if words else registered.counts)
        if figure.counts != declared:  # the measure's declaration changed since the figure was made
            audit.record(by=by, action="figure.updated", obj=figure, data={"counts": [figure.counts, declared]})
            figure.counts = declared
            figure.save(update_fields=["counts"])
        if words is not None and figure.source != words.source:  # the data was uploaded again
            audit.record(by=by, action="figure.updated", obj=figure, data={"source": [figure.source, words.source]})
            figure.source = words.source
            figure.save(update_fields=["source"])
        unchanged = figure.recorded_at is not None and figure.value == (None if value is None else Decimal(value))
        if unchanged:
            return figure
        _store(by=by, figure=figure, value=value, text_value="", via=FigureRevision.Via.COMPUTED,
               evidence=f"Calculated by Eunomia: {registered.title}")
    return figure


def recalculate_all(*, by, partnership):
    changed = 0
    for figure in Figure.objects.filter(partnership=partnership, kind=Figure.Kind.COMPUTED):
        before = figure.recorded_at
        if recalculate_figure(by=by, figure=figure).recorded_at != before:
            changed += 1
    return changed


def set_disclosure_rule(*, by, partnership, threshold, secondary):
    """The partnership's rule for publishing counts of people (ADR 65): counts from 1 to `threshold` - 1
    shown as "fewer than `threshold`", and with `secondary` the counts they could be worked out from
    withheld too. It applies to what is published from now on; published versions keep their figures."""
    if not isinstance(threshold, int) or not MIN_THRESHOLD <= threshold <= MAX_THRESHOLD:
        raise ValidationError({"threshold": _("Choose a number from %(least)s to %(most)s") % {
            "least": MIN_THRESHOLD, "most": MAX_THRESHOLD}})
    with transaction.atomic():
        rule = DisclosureRule.objects.select_for_update().filter(partnership=partnership).first()
        before = {"threshold": rule.threshold, "secondary": rule.secondary} if rule else None
        rule = rule or DisclosureRule(partnership=partnership)
        rule.threshold, rule.secondary = threshold, bool(secondary)
        rule.save()
        audit.record(by=by, action="figures.disclosure_rule_changed", obj=rule, partnership=partnership,
                     data={"from": before, "threshold": threshold, "secondary": bool(secondary)})
    return rule
