"""Forms for funds, projects, budgets, measures, evaluations, agreements and returns.

Money is typed as text and read by `actions.money`, so a page and the API refuse the same amounts
in the same words. A return's spend and counts are left to `actions.save_return`, which says what is
wrong with each of them at once (and asks for all of them only when the return is submitted)."""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.core.periods import year_choices, year_label
from eunomia.projects import actions
from eunomia.projects.models import Evaluation, Project, ProjectMeasure, Schedule

NO_PERSONAL_DATA = "No personal data: no names or details of the people the project works with."
MONEY_HINT = "In pounds and pence, like 1250.50"


def _named(label):
    return label.removesuffix(" (optional)")


def text_field(label, required_message=None, *, max_length=200, **kwargs):
    messages = {"max_length": f"{_named(label)} must be {max_length} characters or fewer"}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(label=label, max_length=max_length, required=bool(required_message),
                           error_messages=messages, **kwargs)


def long_text_field(label, required_message=None, *, rows=4, **kwargs):
    return forms.CharField(label=label, required=bool(required_message), widget=forms.Textarea(attrs={"rows": rows}),
                           max_length=20000, error_messages={"required": required_message or "",
                                                             "max_length": f"{_named(label)} must be 20,000 "
                                                                           f"characters or fewer"}, **kwargs)


def date_field(label, required_message, **kwargs):
    # Shown as it is typed (2026-11-24), as the hint says, not in the locale's 24/11/2026.
    widget = forms.DateInput(format="%Y-%m-%d", attrs={"class": "govuk-input--width-10", "spellcheck": "false"})
    return DayField(label=label, error_messages={"required": required_message}, widget=widget, **kwargs)


def choice_field(label, choices, required_message, **kwargs):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": required_message, "invalid_choice": required_message},
                             **kwargs)


class MoneyField(forms.CharField):
    """An amount typed as people write it (£1,250.50), read by `actions.money` into exact pounds and pence."""

    def __init__(self, *, what, required_message, **kwargs):
        self.what = what
        kwargs.setdefault("help_text", MONEY_HINT)
        super().__init__(error_messages={"required": required_message}, widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}), **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return actions.money(value, "amount", self.what)
        except ValidationError as error:
            raise ValidationError(error.message_dict["amount"]) from None


def organisation_field(label, required_message, **kwargs):
    return forms.ModelChoiceField(label=label, queryset=None, error_messages={
        "required": required_message, "invalid_choice": required_message}, **kwargs)


def due_days_field():
    return forms.IntegerField(
        label="Days after a period ends that its return is due", min_value=0, max_value=365, initial=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"required": "Enter how many days after a period its return is due, like 30",
                        "invalid": "Enter the days as a whole number, like 30",
                        "min_value": "The days must be 0 or more",
                        "max_value": "The days must be 365 or fewer"})


class FundForm(GovukForm):
    submit_label = "Save the fund"
    name = text_field("Name of the fund", "Enter the fund's name",
                      help_text="For example, Community Safety Fund or Local Partnership Fund")
    funder = organisation_field("Funder", "Choose the organisation that gives the fund",
                                help_text="Any organisation in the directory. Add it to the directory first if it is "
                                          "not listed.")
    start_year = forms.TypedChoiceField(label="Financial year", coerce=int, error_messages={
        "required": "Choose the financial year the fund is for", "invalid_choice": "Choose one of the years listed"})
    amount = MoneyField(label="Amount", what="the amount", required_message="Enter the fund's amount")
    schedule = choice_field("How often the projects it pays for report", Schedule.choices,
                            "Choose how often the projects report", initial=Schedule.QUARTERLY)
    return_due_days = due_days_field()
    conditions = long_text_field("Conditions (optional)", help_text="What the funder asks of the money, in its words")
    reference = text_field("Funder's reference (optional)", max_length=100)

    def __init__(self, *args, partnership, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = organisations
        self.fields["start_year"].choices = [("", "Choose a year")] + year_choices(partnership)


class AllocationForm(GovukForm):
    submit_label = "Allocate the money"
    project = forms.ModelChoiceField(label="Project", queryset=None, error_messages={
        "required": "Choose the project to give the money to",
        "invalid_choice": "Choose one of the partnership's projects"})
    amount = MoneyField(label="Amount", what="the amount", required_message="Enter the amount to allocate")
    made_on = date_field("Date allocated", "Enter the date the money was allocated")
    note = text_field("Note (optional)", max_length=300)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class ProjectForm(GovukForm):
    """A project, with the plan priorities, objectives and actions it serves as checkboxes: one set of
    each for every plan offered (`plans`), named priorities_<plan id> and so on."""

    submit_label = "Save the project"
    LINKS = (("priorities", "Priorities"), ("objectives", "Objectives"), ("actions", "Actions"))

    title = text_field("Name of the project", "Enter the project's name")
    description = long_text_field("What the project does (optional)", help_text=NO_PERSONAL_DATA)
    owner_organisation = organisation_field(
        "Provider", "Choose the organisation that runs the project",
        help_text="The organisation that runs it and fills its returns. Any organisation in the directory.")
    lead_organisation = organisation_field("Lead organisation", "Choose the member organisation that leads it",
                                           help_text="The member of the partnership that leads it for the partnership")
    lead_role = text_field("Lead's role (optional)", help_text="A role, not a person's name, like Youth Services "
                                                               "Manager")
    start_on = date_field("Start date", "Enter the date the project starts")
    end_on = date_field("End date", "Enter the date the project ends")
    status = choice_field("Status", Project.Status.choices, "Choose the project's status",
                          initial=Project.Status.PLANNED)
    schedule = choice_field("How often it reports", Schedule.choices, "Choose how often the project reports",
                            initial=Schedule.QUARTERLY,
                            help_text="Money from a fund brings the fund's schedule, until the first return")
    return_due_days = due_days_field()

    def __init__(self, *args, providers, members, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = providers
        self.fields["lead_organisation"].queryset = members
        self.plans = plans
        for plan in plans:
            for kind, words in self.LINKS:
                field = forms.ModelMultipleChoiceField(
                    label=f"{words} of the plan {plan.label} it serves (optional)", required=False,
                    queryset=getattr(plan, kind).all(), widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": f"Choose from the plan's {kind}",
                                    "invalid_pk_value": f"Choose from the plan's {kind}"})
                self.fields[f"{kind}_{plan.pk}"] = field

    def clean(self):
        data = super().clean()
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", "The project must end on or after the day it starts")
        return data

    def links(self, kind):
        """What was ticked of `kind` ("priorities", ...), over every plan offered."""
        return [item for plan in self.plans for item in self.cleaned_data.get(f"{kind}_{plan.pk}", [])]

    @staticmethod
    def initial_links(project, plans):
        return {f"{kind}_{plan.pk}": [item.pk for item in getattr(project, kind).all() if item.plan_id == plan.pk]
                for plan in plans for kind, _ in ProjectForm.LINKS}


class BudgetLineForm(GovukForm):
    submit_label = "Add the budget line"
    start_year = forms.TypedChoiceField(label="Financial year", coerce=int, widget=forms.RadioSelect, error_messages={
        "required": "Choose the financial year", "invalid_choice": "Choose a year the project runs in"})
    heading = text_field("What the money is for", "Say what the money is for, like Staff or Venue hire")
    amount = MoneyField(label="Amount", what="the amount", required_message="Enter the amount")

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_year"].choices = [(year, year_label(year)) for year in years]


class MeasureForm(GovukForm):
    submit_label = "Add the measure"
    kind = choice_field("Output or outcome", ProjectMeasure.Kind.choices, "Choose output or outcome",
                        help_text="An output is something the project does or makes (sessions held); an outcome is "
                                  "a change it brings about (young people not reoffending)")
    name = text_field("What is counted", "Say what is counted, like Sessions held")
    annual_target = forms.IntegerField(
        label="Target for a full year", min_value=0, max_value=10**12 - 1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        help_text="A whole number. A year the project runs only part of is judged against its share.",
        error_messages={"required": "Enter the target for a full year, like 40",
                        "invalid": "Enter the target as a whole number, like 40",
                        "min_value": "Enter the target as a whole number, 0 or more",
                        "max_value": "The target is too large"})


class EvaluationForm(GovukForm):
    submit_label = "Record the evaluation"
    evaluated_on = date_field("Date of the evaluation", "Enter the date of the evaluation", not_after_today=True)
    method = text_field("How it was evaluated", "Say how the project was evaluated", max_length=300,
                        help_text="For example, Survey of participants and police data")
    findings = long_text_field("What it found", "Say what the evaluation found", rows=6, help_text=NO_PERSONAL_DATA)
    recommendation = choice_field("Recommendation", Evaluation.Recommendation.choices,
                                  "Choose continue, continue with changes, or stop")


class DocumentForm(GovukForm):
    submit_label = "Attach the document"
    title = text_field("Title", "Give the document a title, like Grant agreement 2025/26")
    file = forms.FileField(label="File", help_text="A PDF, Word (.docx) or OpenDocument (.odt) file, up to 10 MB",
                           error_messages={"required": "Choose the file to attach",
                                           "empty": "The file is empty",
                                           "invalid": "Choose the file to attach"})


class ReturnForm(GovukForm):
    """A provider's return: its spend, one count per measure, and what happened. Drawn inside the
    return page's own <form>, with its two buttons (save as draft, submit)."""

    DRAFT, SUBMIT = "draft", "submit"

    spend = forms.CharField(label="Spend in the period", required=False, help_text=(
        "In pounds and pence, like 1250.50. A draft may leave it empty until it is known."),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal",
                                      "spellcheck": "false"}))
    narrative = forms.CharField(label="What happened in the period (optional)", required=False, max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 6}), help_text=NO_PERSONAL_DATA,
                                error_messages={"max_length": "Write no more than 20,000 characters"})

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        narrative = self.fields.pop("narrative")
        for measure in measures:
            target = f"{measure.annual_target:,}"
            self.fields[f"measure_{measure.pk}"] = forms.CharField(
                label=f"{measure.name}", required=False,
                help_text=f"{measure.get_kind_display()} in the period: a whole number (the target for a full year "
                          f"is {target})",
                widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}))
        self.fields["narrative"] = narrative

    @cached_property
    def helper(self):
        helper = super().helper
        helper.form_tag = False
        helper.inputs = []
        return helper


class SendBackForm(GovukForm):
    submit_label = "Send the return back"
    reasons = long_text_field("What the provider must put right", "Say what the provider must put right",
                              help_text="Which figure or words, and what is wrong with them")
