import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eunomia.core.fields import NumberField
from eunomia.core.forms import GovukForm, required
from eunomia.core.periods import check_plan_year, year_choices
from eunomia.figures.derived import OPERATIONS
from eunomia.figures.disclosure import MAX_THRESHOLD, MIN_THRESHOLD
from eunomia.figures.models import Counts, Unit, figure_name_validator
from eunomia.figures.registry import all_measures
from eunomia.partners.models import Organisation

NAME_HELP = ("Used to name the figure in the plan's text, as [[name]]. Lower-case letters, numbers and "
             "hyphens, like mediation-referrals-2025-26. Leave blank to make one from the title.")


COUNTS_HELP = _("Counts of people are published under the partnership's disclosure rule, so that no one can be "
                "identified from a small number; counts of events are published as counted.")


def counts_field():
    return forms.ChoiceField(label=_("If it is a count, what does it count?"), choices=Counts.choices,
                             widget=forms.RadioSelect, required=False, help_text=COUNTS_HELP)


class CountsMixin:
    """A count says whether it counts people or events (ADR 65); anything else counts nothing."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unit", self.initial.get("unit")) == Unit.COUNT and not cleaned.get("counts"):
            self.add_error("counts", _("Say whether the figure counts people or events"))
        return cleaned


class PeriodMixin:
    def add_period_field(self, partnership):
        self.fields["year"] = forms.TypedChoiceField(
            label="Period", choices=year_choices(partnership), coerce=int,
            error_messages={**required("Choose the year the figure covers"),
                            "invalid_choice": check_plan_year(partnership, None)},
        )


class ManualFigureForm(CountsMixin, PeriodMixin, GovukForm):
    submit_label = "Add figure"
    title = forms.CharField(label="Title", max_length=200, error_messages=required("Enter a title for the figure"),
                            help_text="What a reader sees, like 'Referrals to mediation services'.")
    name = forms.CharField(label="Name", max_length=100, required=False, help_text=NAME_HELP,
                           validators=[figure_name_validator])
    unit = forms.ChoiceField(label="Unit", choices=Unit.choices, widget=forms.RadioSelect,
                             error_messages=required("Choose the figure's unit"))
    counts = counts_field()
    definition = forms.CharField(label="Definition", widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages=required("Say exactly what the figure counts"),
                                 help_text="Exactly what is counted, so two people would get the same number.")
    source = forms.CharField(label="Source", max_length=300, error_messages=required("Say where the figure comes from"),
                             help_text="The system, report or organisation the value comes from.")
    owner_organisation = forms.ModelChoiceField(
        label="Organisation that provides it", queryset=Organisation.objects.none(),
        error_messages=required("Choose the organisation that provides the figure"), empty_label="Choose an organisation",
    )

    def __init__(self, *args, partnership, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_period_field(partnership)
        self.fields["owner_organisation"].queryset = organisations
        self.order_fields(["title", "name", "year", "unit", "counts", "definition", "source", "owner_organisation"])


def measure_choices():
    """Every registered measure with each value of its parameter, as one list. Measures whose
    choices depend on the data (an area among those imported) are made from the assessment page."""
    choices = []
    for measure in all_measures():
        if measure.has_data_choices or len(measure.params) > 1:
            continue  # offered where the data is shown (the assessment page), not in this list
        if not measure.params:
            choices.append((measure.key, measure.title))
            continue
        (param, options), = measure.params.items()  # measures of this issue take one parameter at most
        for value, label in options:
            choices.append((f"{measure.key}?{param}={value}", f"{measure.title}: {label}"))
    return choices


def parse_measure_choice(choice):
    key, _, query = choice.partition("?")
    params = dict(part.split("=", 1) for part in query.split("&") if part)
    return key, params


class ComputedFigureForm(PeriodMixin, GovukForm):
    submit_label = "Add figure"
    measure = forms.ChoiceField(label="Calculation", choices=(), error_messages=required("Choose a calculation"))
    title = forms.CharField(label="Title", max_length=200, error_messages=required("Enter a title for the figure"))
    name = forms.CharField(label="Name", max_length=100, required=False, help_text=NAME_HELP,
                           validators=[figure_name_validator])

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = [("", "Choose a calculation")] + measure_choices()
        self.add_period_field(partnership)
        self.order_fields(["measure", "year", "title", "name"])


class FigureDefinitionForm(CountsMixin, GovukForm):
    title = forms.CharField(label="Title", max_length=200, error_messages=required("Enter a title for the figure"))
    definition = forms.CharField(label="Definition", widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages=required("Say exactly what the figure counts"))
    counts = counts_field()
    source = forms.CharField(label="Source", max_length=300, error_messages=required("Say where the figure comes from"))
    owner_organisation = forms.ModelChoiceField(label="Organisation that provides it", required=False,
                                                queryset=Organisation.objects.none(), empty_label="None")

    def __init__(self, *args, organisations, counts_chosen=True, **kwargs):
        """`counts_chosen`: a count entered by hand, whose people-or-events is said here; any other
        figure's follows from its unit, measure or inputs, and the field is left out."""
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations
        if counts_chosen:
            self.fields["counts"].label = _("What does it count?")
        else:
            del self.fields["counts"]

    def clean(self):
        if "counts" not in self.fields:
            return GovukForm.clean(self)
        return super().clean()


EXAMPLES = {Unit.COUNT: ("A whole number", "38"), Unit.PERCENTAGE: ("A percentage", "82.5"),
            Unit.MONEY: ("An amount in pounds", "1200.50"), Unit.NUMBER: ("A number", "2.5")}


class RecordValueForm(GovukForm):
    """Recording a figure's value (or a target's actual: `noun="actual"`), with the evidence for it.
    The value field takes the shape of the unit."""

    submit_label = "Save value"

    def __init__(self, *args, unit, noun="value", **kwargs):
        super().__init__(*args, **kwargs)
        if unit == Unit.TEXT:
            name, field = "text_value", forms.CharField(
                label="Value" if noun == "value" else "What was achieved", widget=forms.Textarea(attrs={"rows": 2}),
                error_messages=required("Enter the value in words" if noun == "value" else "Describe what was achieved"))
        elif unit == Unit.YES_NO:
            name, field = "value", forms.TypedChoiceField(
                label="Value" if noun == "value" else "Was it achieved?", choices=[("1", "Yes"), ("0", "No")],
                coerce=int, widget=forms.RadioSelect,
                error_messages=required("Choose yes or no" if noun == "value" else "Say whether it was achieved"))
        else:
            kind, example = EXAMPLES.get(unit, EXAMPLES[Unit.NUMBER])
            name, field = "value", NumberField(
                label=noun.capitalize(), help_text=f"{kind}, like {example}.", error_messages=required(f"Enter the {noun}"),
                invalid_message=f"Enter the {noun} as a number, like {example}")
        self.fields[name] = field
        self.fields["evidence"] = forms.CharField(
            label="Evidence", widget=forms.Textarea(attrs={"rows": 3}),
            error_messages=required(f"Say where the {noun} comes from, for example the report or system it was taken from"),
            help_text=f"Where the {noun} comes from: the report, system or count it was taken from.",
        )


class DerivedFigureForm(PeriodMixin, GovukForm):
    submit_label = "Add figure"
    title = forms.CharField(label="Title", max_length=200, error_messages=required("Enter a title for the figure"))
    name = forms.CharField(label="Name", max_length=100, required=False, help_text=NAME_HELP,
                           validators=[figure_name_validator])
    operation = forms.ChoiceField(
        label="How it is worked out", widget=forms.RadioSelect,
        choices=[(key, f"{op.label}: {op.help[0].lower()}{op.help[1:]}") for key, op in OPERATIONS.items()],
        error_messages=required("Choose how the figure is worked out"))
    inputs = forms.CharField(
        label="From the figures", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Their names, in order, separated by commas or on separate lines, like "
                  "referrals-police, referrals-council, referrals-self.",
        error_messages=required("Name the figures it is worked out from"))
    definition = forms.CharField(label="Definition", widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages=required("Say exactly what the figure counts"))

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_period_field(partnership)
        self.order_fields(["title", "name", "year", "operation", "inputs", "definition"])

    def clean_inputs(self):
        names = [n.strip().strip("[]").strip() for n in re.split(r"[,\n]", self.cleaned_data["inputs"])]
        return [n for n in names if n]


RANGE_MESSAGE = format_lazy(_("Choose a number from {least} to {most}"), least=MIN_THRESHOLD, most=MAX_THRESHOLD)


class DisclosureRuleForm(GovukForm):
    submit_label = _("Save the rule")
    threshold = forms.IntegerField(
        label=_("Publish counts of people below this number as \u201cfewer than\u201d it"), min_value=MIN_THRESHOLD,
        max_value=MAX_THRESHOLD, widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        help_text=_("5 unless your partnership has agreed another: with 5, counts from 1 to 4 are published as "
                    "\u201cfewer than 5\u201d. Zero is published as 0."),
        error_messages={"required": _("Enter the number, like 5"), "invalid": _("Enter the number, like 5"),
                        "min_value": RANGE_MESSAGE, "max_value": RANGE_MESSAGE})
    secondary = forms.TypedChoiceField(
        label=_("Also withhold the counts a small one could be worked out from?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes: where a total and the other counts would give a small count away, withhold one "
                           "more (recommended)")),
                 ("no", _("No: withhold only the small counts themselves"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("Say whether to withhold them too"),
                        "invalid_choice": _("Say whether to withhold them too")})
