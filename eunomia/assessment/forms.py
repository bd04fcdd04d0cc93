from django import forms

from eunomia.assessment.models import CRITERIA, DEFAULT_VULNERABILITY
from eunomia.core.forms import GovukForm
from eunomia.core.periods import Period, PeriodError

PERIOD_HELP = "Two months with two dots between them, like 2024-10..2025-09"
LEVELS = [(0, "None noted"), (1, "Low"), (2, "Medium"), (3, "High")]


class PeriodsForm(GovukForm):
    """The two periods to compare. Sent with GET, so an assessment has an address to share."""

    submit_label = "Show the assessment"
    period = forms.CharField(label="Period to assess", help_text=PERIOD_HELP, required=False, max_length=20)
    compare = forms.CharField(label="Compare with", required=False, max_length=20,
                              help_text=PERIOD_HELP + ". Leave it empty to compare with the same number of "
                                                      "months just before.")

    @property
    def helper(self):
        helper = super().helper
        helper.form_method = "get"
        return helper

    def _period(self, name):
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        try:
            return Period.parse(text)
        except PeriodError as problem:
            raise forms.ValidationError(str(problem)) from problem

    def clean_period(self):
        return self._period("period")

    def clean_compare(self):
        return self._period("compare")

    def clean(self):
        data = super().clean()
        if data.get("compare") and not data.get("period") and not self.errors:
            self.add_error("period", "Enter the period to assess as well as the one to compare it with")
        return data


class SettingsForm(GovukForm):
    submit_label = "Save the settings"
    recommend = forms.IntegerField(label="How many issues to recommend as priorities", min_value=1, max_value=10)

    def __init__(self, *args, crime_types, partner_issues=(), **kwargs):
        """`partner_issues`: [(slug, title)] of the partners' measures the matrix scores (ADR 71)."""
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[f"weight_{criterion}"] = forms.TypedChoiceField(
                label=f"Weight of {criterion}", choices=[(n, str(n)) for n in range(6)], coerce=int,
                help_text="0 leaves the criterion out; 5 counts it most")
        self.crime_types = [t for t in crime_types if not t.is_legacy]
        for crime_type in self.crime_types:
            reason = DEFAULT_VULNERABILITY.get(crime_type.slug, (0, ""))[1]
            self.fields[f"vulnerability_{crime_type.slug}"] = forms.TypedChoiceField(
                label=f"Vulnerability: {crime_type.name}", choices=LEVELS, coerce=int,
                help_text=f"Eunomia's default: {reason}" if reason else "")
        self.partner_issues = list(partner_issues)
        for slug, title in self.partner_issues:
            self.fields[f"vulnerability_{slug}"] = forms.TypedChoiceField(
                label=f"Vulnerability: {title} (partner data)", choices=LEVELS, coerce=int)
        self.order_fields([f"weight_{c}" for c in CRITERIA] + ["recommend"])

    def weights(self):
        return {c: self.cleaned_data[f"weight_{c}"] for c in CRITERIA}

    def vulnerability(self):
        levels = {t.slug: self.cleaned_data[f"vulnerability_{t.slug}"] for t in self.crime_types}
        levels.update({slug: self.cleaned_data[f"vulnerability_{slug}"] for slug, _ in self.partner_issues})
        return levels


class AdoptForm(GovukForm):
    submit_label = "Add to the plan as priorities"
    plan = forms.ChoiceField(label="Plan", error_messages={"required": "Choose the plan to add the priorities to"})
    issues = forms.MultipleChoiceField(label="Issues", widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": "Choose at least one issue to add to the plan"})

    def __init__(self, *args, plans, matrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.pk, p.label) for p in plans]
        self.fields["issues"].choices = [(row.slug, f"{row.rank}. {row.name}") for row in matrix]
        self.initial.setdefault("issues", [row.slug for row in matrix if row.recommended])
        if plans:
            self.initial.setdefault("plan", plans[0].pk)


class FigureForm(GovukForm):
    """Make one of the assessment's numbers a figure the plan can name."""

    submit_label = "Make it a figure"
    what = forms.ChoiceField(label="Number", choices=[("count", "Number recorded in the period"),
                                                      ("change", "Change in per cent on the period before")])
    issue = forms.ChoiceField(label="Crime type", error_messages={"required": "Choose the crime type"})
    area = forms.ChoiceField(label="Area", required=False)
    name = forms.SlugField(label="Name to use in the plan's text (optional)", required=False, max_length=100,
                           help_text="Letters, numbers and hyphens, like crime-change. Left empty, Eunomia makes one.")

    def __init__(self, *args, issues, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issue"].choices = issues
        self.fields["area"].choices = [("", "The whole partnership")] + areas
