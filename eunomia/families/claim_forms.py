"""Forms of the Family Focus programme pages: rule sets, claims and spot checks (ADR 68).

The forms check only what a form can (something typed, a choice from the list); everything else is
the actions' to say, so a page and any other caller are refused in the same words."""

import json

from django import forms

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.families import rules as rule_documents

LARGEST_SEED = 2**63 - 1


def _text(label, required_message, *, max_length=120, **kwargs):
    return forms.CharField(label=label, max_length=max_length, error_messages={
        "required": required_message, "max_length": f"{label} must be {max_length} characters or fewer"}, **kwargs)


def _day(label, required_message):
    # Shown as it is typed (2026-11-24), as the hint says, not in the locale's 24/11/2026.
    widget = forms.DateInput(format="%Y-%m-%d", attrs={"class": "govuk-input--width-10", "spellcheck": "false"})
    return DayField(label=label, error_messages={"required": required_message}, widget=widget)


def _whole_number(label, what, required_message="", *, required=True, largest, **kwargs):
    """`what` names the field in its messages: "The number of families"."""
    return forms.IntegerField(
        label=label, required=required, min_value=0, max_value=largest,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": required_message, "invalid": f"Enter {what[0].lower()}{what[1:]} as a whole number",
                        "min_value": f"{what} cannot be below 0", "max_value": f"{what} must be {largest:,} or less"},
        **kwargs)


# Rule sets -----------------------------------------------------------------------------------------------

def preset_choices():
    """The rule sets kept with Eunomia, each named with its dates."""
    return [(key, f"{programme}: {phase}, {starts_on:%-d %B %Y} to {ends_on:%-d %B %Y}")
            for key, (programme, phase, starts_on, ends_on, _rules) in rule_documents.presets().items()]


class PresetForm(GovukForm):
    submit_label = "Add the rule set"
    preset = forms.ChoiceField(label="Rule set", widget=forms.RadioSelect, error_messages={
        "required": "Choose the national programme's rule set to add",
        "invalid_choice": "Choose one of the rule sets listed"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = preset_choices()


def rules_text(document):
    """A rule document as the text area shows it: indented, keys in the document's own order."""
    return json.dumps(document, indent=2, ensure_ascii=False)


class RuleSetForm(GovukForm):
    """The rules are JSON, checked by the action (rules.parse), which names each fault on its own line."""

    submit_label = "Save the rule set"
    programme = _text("Programme", "Enter the programme's name", help_text="For example, Family Focus")
    phase = _text("Phase", "Enter the phase, like \"Phase 2, 2015 to 2020\"")
    starts_on = _day("First day of the phase", "Enter the first day of the phase")
    ends_on = _day("Last day of the phase", "Enter the last day of the phase")
    rules = forms.CharField(
        label="Rules",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "govuk-!-font-size-16"}),
        max_length=100_000, error_messages={"required": "Enter the rules, as a JSON document",
                                            "max_length": "The rules must be 100,000 characters or fewer"},
        help_text="A JSON document: the problems and how many a family needs, the outcomes with their conditions "
                  "and payments, and the attachment fees. Each fault is named with where it is.")

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The phase must end on or after the day it starts")
        return data


# Claims --------------------------------------------------------------------------------------------------

class ClaimForm(GovukForm):
    submit_label = "Start the claim"
    rule_set = forms.ModelChoiceField(label="Rule set", queryset=None, widget=forms.RadioSelect, error_messages={
        "required": "Choose the rule set the claim is under", "invalid_choice": "Choose one of the rule sets listed"})
    title = _text("Name of the claim", "Enter the claim's name, like \"Claim for October 2025\"")
    period_start = _day("First day of the period claimed for", "Enter the first day of the period claimed for")
    period_end = _day("Last day of the period claimed for", "Enter the last day of the period claimed for")

    def __init__(self, *args, rule_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].queryset = rule_sets


class OutcomeForm(GovukForm):
    """Which outcome (or the attachment fee) to add families for: sent with GET, so the page that lists
    the families meeting it has an address of its own."""

    submit_label = "Find the families"
    outcome = forms.ChoiceField(label="What to claim for", widget=forms.RadioSelect, error_messages={
        "required": "Choose what to claim for", "invalid_choice": "Choose one of the outcomes listed"})

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = ([(outcome.key, outcome.label) for outcome in rules.outcomes]
                                          + [(rule_documents.ATTACHMENT, "Attachment fee")])
        self.helper.form_method = "get"


class LinesForm(GovukForm):
    """The families to claim for. Any family of the rule set the reader sees may be posted, so the
    action (not the list shown) decides what is met and not yet claimed, and says why it refuses."""

    submit_label = "Add to the claim"
    outcome = forms.CharField(widget=forms.HiddenInput)
    families = forms.ModelMultipleChoiceField(
        label="Families", queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one family to claim for",
                        "invalid_choice": "Choose families from the list",
                        "invalid_pk_value": "Choose families from the list"})

    def __init__(self, *args, families, shown, **kwargs):
        """`families`: what may be posted; `shown`: (family id, label) of the families listed."""
        super().__init__(*args, **kwargs)
        self.fields["families"].queryset = families
        self.fields["families"].choices = shown  # drawn; what is accepted is the queryset


class ConfirmForm(GovukForm):
    """A button with nothing to fill in (approving a claim): a refusal shows above it."""

    def __init__(self, *args, submit_label, **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


# Spot checks --------------------------------------------------------------------------------------------

class SpotCheckForm(GovukForm):
    submit_label = "Draw the spot check"
    size = _whole_number("Number of families to draw", "The number of families", "Enter how many families to draw",
                         largest=100_000)
    seed = _whole_number("Seed (optional)", "The seed", required=False, largest=LARGEST_SEED,
                         help_text="Leave it empty for a random seed. Either way the seed is kept and shown, so "
                                   "anyone can draw the same sample again from the same claim.")


class CheckForm(GovukForm):
    """The auditor's finding on one sampled line. Each line's form on the page has a prefix of its own
    ("line12-passed"), so its inputs' ids (which crispy-forms-gds makes from their names) differ."""

    submit_label = "Record the check"
    PASSED, FAILED = "pass", "fail"
    passed = forms.ChoiceField(
        label="Does the evidence bear the claim out?", widget=forms.RadioSelect,
        choices=[(PASSED, "Yes: it passes (the line is verified)"),
                 (FAILED, "No: it fails (the line is withdrawn)")],
        error_messages={"required": "Say whether the evidence bears the claim out",
                        "invalid_choice": "Say whether the evidence bears the claim out"})
    reason = forms.CharField(
        label="Reason (needed when it fails)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"})

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, prefix=f"line{line}", **kwargs)
        self.helper.inputs[0].id = f"id_line{line}_submit"

    @property
    def verdict(self):
        return self.cleaned_data["passed"] == self.PASSED
