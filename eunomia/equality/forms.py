"""Forms of equality impact assessments and the partnership's equality settings. The monitoring
questions themselves are eunomia.core.equality's EqualityForm."""

from functools import cached_property

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.core.periods import plan_years, year_label
from eunomia.equality.actions import LONG_TEXT
from eunomia.equality.models import Assessment, Effect, ProtectedCharacteristic


def _long_text(label, *, required_message=None, help_text=""):
    return forms.CharField(label=label, required=bool(required_message), help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": 4}), max_length=LONG_TEXT,
                           error_messages={"required": required_message or "",
                                           "max_length": _("This must be 20,000 characters or fewer")})


class AssessmentForm(GovukForm):
    submit_label = _("Save the assessment")

    who_is_affected = _long_text(_("Who is affected"), required_message=_(
        "Say who is affected: which groups of people, and how many"), help_text=_(
        "Describe groups of people, never a person: no names or details of anyone the partnership works with"))
    evidence = _long_text(_("Evidence"), required_message=_("Give the evidence the assessment rests on"), help_text=_(
        "What the assessment rests on: figures, consultation, research, complaints"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for characteristic, label in ProtectedCharacteristic.choices:
            self.fields[f"impact_{characteristic}"] = forms.ChoiceField(
                label=_("Impact on people sharing the protected characteristic: %(what)s") % {"what": label},
                choices=Effect.choices, widget=forms.RadioSelect,
                error_messages={"required": _("Choose the impact on people sharing %(what)s") % {
                    "what": str(label).lower()}, "invalid_choice": _("Choose positive, neutral or negative")})
            self.fields[f"note_{characteristic}"] = _long_text(
                _("Why (%(what)s)") % {"what": label}, help_text=_("Needed when the impact is negative"))
        self.fields["mitigations"] = _long_text(_("Mitigations"), help_text=_(
            "How a negative impact will be reduced or removed, or why it cannot be. Needed when any impact is "
            "negative"))
        self.fields["decision"] = forms.ChoiceField(
            label=_("Decision"), choices=Assessment.Decision.choices, widget=forms.RadioSelect,
            error_messages={"required": _("Choose the decision"), "invalid_choice": _("Choose the decision")})
        self.fields["decision_reason"] = _long_text(_("Reason for the decision"), help_text=_(
            "Needed when continuing despite an adverse impact, or stopping"))
        self.fields["review_on"] = DayField(label=_("Review date"), what=str(_("The review date")), error_messages={
            "required": _("Enter the date the assessment will be reviewed")},
            widget=forms.DateInput(format="%Y-%m-%d", attrs={"class": "govuk-input--width-10",
                                                             "spellcheck": "false"}))

    @cached_property
    def helper(self):
        helper = super().helper
        helper.layout = Layout(*[Field.radios(name, inline=True) if name.startswith("impact_") else name
                                 for name in self.fields])
        return helper

    @staticmethod
    def initial_from(assessment):
        if assessment is None:
            return {}
        initial = {name: getattr(assessment, name) for name in (
            "who_is_affected", "evidence", "mitigations", "decision", "decision_reason", "review_on")}
        for impact in assessment.impacts.all():
            initial[f"impact_{impact.characteristic}"] = impact.effect
            initial[f"note_{impact.characteristic}"] = impact.note
        return initial

    def action_arguments(self):
        data = self.cleaned_data
        return {
            "who_is_affected": data["who_is_affected"], "evidence": data["evidence"],
            "mitigations": data["mitigations"], "decision": data["decision"],
            "decision_reason": data["decision_reason"], "review_on": data["review_on"],
            "impacts": {c: (data[f"impact_{c}"], data[f"note_{c}"]) for c in ProtectedCharacteristic.values},
        }


class SignOffForm(GovukForm):
    submit_label = _("Sign off the assessment")


class SettingsForm(GovukForm):
    submit_label = _("Save the setting")

    assessment_required_per_priority = forms.TypedChoiceField(
        label=_("Must every priority have a signed-off equality impact assessment before the plan is published?"),
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no"), "invalid_choice": _("Choose yes or no")})


class YearForm(GovukForm):
    """The plan year the equality figures are for (a GET form: it changes nothing)."""

    submit_label = _("Show")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Plan year"), coerce=int, choices=[(y, year_label(y)) for y in plan_years(partnership)],
            error_messages={"required": _("Choose a plan year"),
                            "invalid_choice": _("Choose a plan year from the list")})

    @cached_property
    def helper(self):
        helper = super().helper
        helper.form_method = "get"
        return helper
