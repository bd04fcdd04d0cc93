from django import forms
from django.utils import timezone

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.domesticabuse import dash
from eunomia.domesticabuse.models import DaPerson, Level, SupportEpisode

DATE_HELP = "For example, 2026-11-24"


def date_field(label, what, *, required=True, initial=timezone.localdate):
    return DayField(label=label, help_text=DATE_HELP, required=required, initial=initial if required else None,
                           error_messages={"required": f"Enter the date of the {what}",
                                           "invalid": f"Enter the date of the {what} like 2026-11-24"})


def text_field(label, message, *, rows=3, required=True):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": message})


def choice_field(label, choices, message, *, radios=True, required=True):
    return forms.ChoiceField(label=label, choices=choices, required=required,
                             widget=forms.RadioSelect if radios else forms.Select,
                             error_messages={"required": message,
                                             "invalid_choice": message or "Choose one of the options"})


def person_choices(people, *, blank):
    return [("", blank)] + [(p.pk, f"{p}{f', born {p.date_of_birth:%-d %B %Y}' if p.date_of_birth else ''}")
                            for p in people]


class SearchForm(GovukForm):
    submit_label = "Search"
    q = forms.CharField(label="Name or postcode", max_length=100, required=False)


class PersonForm(GovukForm):
    submit_label = "Save the details"
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, error_messages={"required": "Enter the last name"})
    date_of_birth = date_field("Date of birth (if known)", "birth", required=False)
    sex = choice_field("Sex (if known)", [("", "Not known")] + DaPerson.Sex.choices, "", required=False)
    address = text_field("Address (if known)", "", required=False)
    postcode = forms.CharField(label="Postcode (if known)", max_length=10, required=False)
    phone = forms.CharField(label="Safe phone number (if known)", max_length=40, required=False)


class IncidentForm(GovukForm):
    submit_label = "Record the incident"
    occurred_on = date_field("Date of the incident", "incident")
    perpetrator = forms.TypedChoiceField(label="Perpetrator (if known)", required=False, coerce=int, empty_value=None)
    description = text_field("What happened", "Describe what happened")

    def __init__(self, data=None, *, people):
        super().__init__(data)
        self.fields["perpetrator"].choices = person_choices(people, blank="Not known")


class ChecklistForm(GovukForm):
    """The 24 DASH questions, each to be answered yes, no or not known, then the assessor's judgement."""

    submit_label = "Save the checklist"

    def __init__(self, data=None, *, people, incidents, areas):
        super().__init__(data)
        self.fields["assessed_on"] = date_field("Date of the checklist", "checklist")
        self.fields["marac_area"] = forms.TypedChoiceField(
            label="MARAC area", coerce=int, choices=[(a.pk, f"{a} ({a.rule})") for a in areas],
            error_messages={"required": "Choose the MARAC area", "invalid_choice": "Choose the MARAC area"})
        self.fields["perpetrator"] = forms.TypedChoiceField(
            label="Perpetrator (if known)", required=False, coerce=int, empty_value=None,
            choices=person_choices(people, blank="Not known"))
        self.fields["incident"] = forms.TypedChoiceField(
            label="The incident assessed (optional)", required=False, coerce=int, empty_value=None,
            choices=[("", "None")] + [(i.pk, f"{i}: {i.description[:60]}") for i in incidents])
        for n, text in enumerate(dash.QUESTIONS, start=1):
            self.fields[f"q{n}"] = choice_field(f"{n}. {text}", dash.ANSWERS,
                                                f"Answer question {n}: yes, no or not known")
        self.fields["judgement_level"] = choice_field(
            "Risk level by professional judgement (optional)",
            [("", "No judgement: the score decides")] + Level.choices,
            "", required=False)
        self.fields["judgement_reasons"] = text_field("Reasons for your judgement", "", required=False)

    def answers(self):
        return {str(n): self.cleaned_data.get(f"q{n}") for n in range(1, len(dash.QUESTIONS) + 1)}


class ReferralForm(GovukForm):
    submit_label = "Save the draft"
    perpetrator = forms.TypedChoiceField(label="Perpetrator", required=False, coerce=int, empty_value=None)
    reasons = text_field("Reasons for the referral", "", rows=4, required=False)

    def __init__(self, data=None, *, people, initial=None):
        super().__init__(data, initial=initial)
        self.fields["perpetrator"].choices = person_choices(people, blank="Not known")


class SendForm(GovukForm):
    """No fields: the referral as it stands is sent, or the missing fields are named."""

    submit_label = "Send the referral to MARAC"


class SupportForm(GovukForm):
    submit_label = "Start support"
    kind = choice_field("Kind of support", SupportEpisode.Kind.choices, "Choose IDVA or volunteer support")
    risk_level_at_start = choice_field("Risk level at the start", Level.choices,
                                       "Choose the risk level when support started")
    started_on = date_field("Date support started", "start")


class EndSupportForm(GovukForm):
    submit_label = "End support"
    ended_on = date_field("Date support ended", "end")
    outcome = choice_field("Outcome", SupportEpisode.Outcome.choices, "Choose the outcome of the support")


class SafetyPlanForm(GovukForm):
    submit_label = "Save the safety plan"
    agreed_on = date_field("Date agreed", "safety plan")
    measures = text_field("Safety measures agreed", "Enter the safety measures agreed", rows=5)
    review_on = date_field("Review by", "review", initial=None)


class ProgrammeForm(GovukForm):
    submit_label = "Record the referral"
    programme = forms.CharField(label="Programme", max_length=200,
                                error_messages={"required": "Enter the name of the programme"})
    referred_on = date_field("Date of the referral", "referral")
    self_referral = choice_field("Who made the referral?", [("yes", "The perpetrator referred themselves"),
                                                           ("no", "An agency referred them")],
                                 "Say whether it was a self-referral")
    referred_by = forms.CharField(label="Agency that referred (if not a self-referral)", max_length=200,
                                  required=False)


class MaracAreaForm(GovukForm):
    submit_label = "Save the MARAC area"
    name = forms.CharField(label="Name", max_length=120,
                           error_messages={"required": "Enter the name of the MARAC area"})
    escalation_incidents = forms.IntegerField(
        label="Incidents that make potential escalation", initial=3,
        error_messages={"required": "Enter the number of incidents",
                        "invalid": "Enter the number of incidents, like 3"})
    escalation_months = forms.IntegerField(
        label="Within how many months", initial=12,
        error_messages={"required": "Enter the number of months", "invalid": "Enter the number of months, like 12"})


class MeetingForm(GovukForm):
    submit_label = "Create the meeting"

    def __init__(self, data=None, *, areas, organisations):
        super().__init__(data)
        orgs = [(o.pk, o.name) for o in organisations]
        self.fields["marac_area"] = forms.TypedChoiceField(
            label="MARAC area", coerce=int, choices=[(a.pk, str(a)) for a in areas],
            error_messages={"required": "Choose the MARAC area", "invalid_choice": "Choose the MARAC area"})
        self.fields["held_on"] = date_field("Date of the meeting", "meeting")
        self.fields["present"] = forms.TypedMultipleChoiceField(
            label="Agencies present", coerce=int, choices=orgs, widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose the agencies present"})
        self.fields["apologies"] = forms.TypedMultipleChoiceField(
            label="Agencies sending apologies", coerce=int, choices=orgs, widget=forms.CheckboxSelectMultiple,
            required=False)


class MeetingCaseForm(GovukForm):
    submit_label = "Add the case"

    def __init__(self, data=None, *, referrals):
        super().__init__(data)
        self.fields["referral"] = forms.TypedChoiceField(
            label="Case (a sent referral)", coerce=int,
            choices=[("", "Choose a case")] + [(r.pk, f"{r.victim}, referred {r.referred_on:%-d %B %Y}")
                                               for r in referrals],
            error_messages={"required": "Choose the case discussed", "invalid_choice": "Choose the case discussed"})
        self.fields["information_shared"] = text_field(
            "Information shared", "Enter the information shared about the case", rows=5)


class MeetingActionForm(GovukForm):
    submit_label = "Add the action"

    def __init__(self, data=None, *, organisations, cases):
        super().__init__(data)
        self.fields["description"] = text_field("Action", "Describe the action")
        self.fields["owner_organisation"] = forms.TypedChoiceField(
            label="Owner", coerce=int,
            choices=[("", "Choose an organisation")] + [(o.pk, o.name) for o in organisations],
            error_messages={"required": "Choose the organisation that owns the action",
                            "invalid_choice": "Choose the organisation that owns the action"})
        self.fields["due_on"] = date_field("Due by", "action", initial=None)
        self.fields["case"] = forms.TypedChoiceField(
            label="Case (optional)", coerce=int, required=False, empty_value=None,
            choices=[("", "The meeting as a whole")] + [(c.pk, str(c.referral.victim)) for c in cases])


class MinutesForm(GovukForm):
    submit_label = "Save the minutes"
    minutes = text_field("Minutes (restricted: domestic abuse specialists only)", "Enter the minutes", rows=10)
