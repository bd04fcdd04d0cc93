"""The forms of the operations log, events and campaigns. Each field is named as the argument of the
action it feeds, so a view hands `form.action_data()` straight to the action. Free text says,
in its hint, that no personal data belongs here (ADR 60)."""

from django import forms

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.operations.actions import MAX_COUNT, REFERENCE_HELP
from eunomia.operations.models import Premises, PremisesVisit, TestPurchase

NO_PERSONAL_DATA = ("Write about the premises, the place and what was done, not about people: no names of staff, "
                    "customers, volunteers or offenders, and no other personal data.")
NUMBER = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-5"}


def date_field(label, what, *, required=True, not_after_today=True, help_text=None):
    extra = {"help_text": help_text} if help_text else {}
    # Shown as it is typed (2026-11-24), as the hint says, not in the locale's 24/11/2026.
    widget = forms.DateInput(format="%Y-%m-%d", attrs={"class": "govuk-input govuk-input--width-10",
                                                       "spellcheck": "false"})
    return DayField(label=label, what=what, required=required, not_after_today=not_after_today, widget=widget,
                    error_messages={"required": f"Enter {what[0].lower() + what[1:]}"}, **extra)


def text_field(label, required_message="", *, max_length=200, help_text=""):
    return forms.CharField(label=label, max_length=max_length, required=bool(required_message), help_text=help_text,
                           error_messages={"required": required_message,
                                           "max_length": f"Use {max_length} characters or fewer"})


def long_text_field(label, required_message="", *, help_text=NO_PERSONAL_DATA, rows=4):
    return forms.CharField(label=label, required=bool(required_message), help_text=help_text, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": required_message,
                                           "max_length": "Use 20,000 characters or fewer"})


def count_field(label, what):
    return forms.IntegerField(
        label=label, required=False, min_value=0, max_value=MAX_COUNT, widget=forms.TextInput(attrs=NUMBER),
        error_messages={"invalid": f"Enter {what} as a whole number, like 40",
                        "min_value": f"Enter {what} as a whole number, 0 or more",
                        "max_value": f"That is more {what} than Eunomia can hold: check the number"})


def choice_field(label, choices, message, *, radios=True):
    return forms.ChoiceField(label=label, choices=choices if radios else [("", "Choose one"), *choices],
                             widget=forms.RadioSelect if radios else forms.Select,
                             error_messages={"required": message, "invalid_choice": message})


def model_choice(label, message, *, required=True, empty_label="Choose one"):
    return forms.ModelChoiceField(label=label, queryset=None, required=required, empty_label=empty_label,
                                  error_messages={"required": message, "invalid_choice": message})


def organisations_field(label, help_text=""):
    return forms.ModelMultipleChoiceField(
        label=label, queryset=None, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text,
        error_messages={"invalid_choice": "Choose organisations from the partnership's directory",
                        "invalid_pk_value": "Choose organisations from the partnership's directory"})


class RecordForm(GovukForm):
    """A new record's form also asks which organisation records it (`organisations`: those the user
    may record for); a record's edit form does not, as the owner never changes."""

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["owner_organisation"] = forms.ModelChoiceField(
                label="Recorded by", queryset=organisations, empty_label=None,
                help_text="The organisation that did the work. Only its members (and the partnership's own "
                          "officers) may change the record.",
                error_messages={"required": "Choose the organisation recording it",
                                "invalid_choice": "Choose one of the organisations you may record for"})
            self.order_fields(["owner_organisation"])

    def action_data(self):
        return dict(self.cleaned_data)

    @classmethod
    def initial_from(cls, record):
        """The form filled in with the record as it is, to change it."""
        initial = {}
        for name in cls.base_fields:
            value = getattr(record, name)
            initial[name] = list(value.all()) if hasattr(value, "all") else value
        return initial


class PremisesForm(RecordForm):
    submit_label = "Save the premises"
    name = text_field("Name the premises trade under", "Enter the name the premises trade under",
                      help_text="The business's name, like Market Street Stores: not the name of the licence holder "
                                "or anyone else.")
    kind = choice_field("Kind of premises", Premises.Kind.choices, "Choose the kind of premises")
    address = forms.CharField(label="Address", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="The street address, without the postcode.",
                              error_messages={"required": "Enter the address of the premises",
                                              "max_length": "Use 500 characters or fewer"})
    postcode = forms.CharField(label="Postcode", max_length=10,
                               widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false",
                                                             "autocomplete": "off"}),
                               error_messages={"required": "Enter the postcode of the premises",
                                               "max_length": "The postcode of the premises must be a UK postcode, "
                                                             "like HW1 2AB"})


class PremisesChoiceMixin:
    def offer_premises(self, premises):
        self.fields["premises"].queryset = premises


class TestPurchaseForm(PremisesChoiceMixin, RecordForm):
    __test__ = False  # a form, not a pytest test class
    submit_label = "Save the test purchase"
    premises = model_choice("Premises", "Choose the premises")
    made_on = date_field("Date of the test purchase", "The date of the test purchase")
    product = choice_field("Product the volunteer tried to buy", TestPurchase.Product.choices,
                           "Choose the product the volunteer tried to buy", radios=False)
    result = choice_field("Result", TestPurchase.Result.choices,
                          "Choose the result: pass if the sale was refused, fail if the product was sold")
    follow_up = long_text_field("Follow-up (optional)",
                                help_text="What happens next: advice, a warning letter, a licence review. "
                                          + NO_PERSONAL_DATA)

    def __init__(self, *args, premises, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_premises(premises)


class VisitForm(PremisesChoiceMixin, RecordForm):
    submit_label = "Save the visit"
    premises = model_choice("Premises", "Choose the premises")
    visited_on = date_field("Date of the visit", "The date of the visit")
    purpose = choice_field("Purpose of the visit", PremisesVisit.Purpose.choices, "Choose the purpose of the visit")
    findings = long_text_field("Findings", "Say what the visit found")

    def __init__(self, *args, premises, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_premises(premises)


class TrainingForm(RecordForm):
    """One box per organisation in the directory for the number of people it sent: no names."""

    submit_label = "Save the training session"
    topic = text_field("Topic", "Enter the topic of the session")
    held_on = date_field("Date of the session", "The date of the session")

    def __init__(self, *args, directory, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendance_fields = {}
        for organisation in directory:
            name = f"attendees_{organisation.pk}"
            self.fields[name] = count_field(f"People from {organisation}", f"the people from {organisation}")
            self.attendance_fields[name] = organisation
        if self.attendance_fields:
            first = next(iter(self.attendance_fields))
            self.fields[first].help_text = ("How many people each organisation sent; leave the others blank. Count "
                                            "people, do not name them.")

    def action_data(self):
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.attendance_fields}
        data["attendance"] = {organisation: self.cleaned_data.get(name) or 0
                              for name, organisation in self.attendance_fields.items()
                              if self.cleaned_data.get(name)}
        return data

    def add_action_errors(self, error):
        """The action's refusal about the attendance shows at the first organisation's box."""
        if hasattr(error, "error_dict") and "attendance" in error.error_dict and self.attendance_fields:
            self.add_error(next(iter(self.attendance_fields)), error.error_dict.pop("attendance"))
        super().add_action_errors(error)

    @classmethod
    def initial_from(cls, record):
        return {**super().initial_from(record),
                **{f"attendees_{row.organisation_id}": row.people for row in record.attendance.all()}}


class PaybackForm(RecordForm):
    submit_label = "Save the project"
    nominated_by = model_choice("Nominated by", "Choose the organisation that nominated the project")
    site = text_field("Site", "Enter the site where the work was done",
                      help_text="The place, like the footpath between Mill Lane and Station Road.")
    work = long_text_field("Work done (optional)",
                           help_text="What was done, like clearing litter and cutting back. Never the names of the "
                                     "people doing the work, nor their offences.")
    nominated_on = date_field("Date nominated", "The date the project was nominated")
    hours = forms.CharField(label="Hours of work (optional)", required=False, max_length=20,
                            help_text="The project's total hours so far, like 37.5",
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false",
                                                          "class": "govuk-input--width-5"}),
                            error_messages={"max_length": "Enter the hours as a number, like 37.5"})
    completed_on = date_field("Date completed (optional)", "The date the project was completed", required=False,
                              help_text="Leave blank while the work goes on. For example, 2026-11-24")

    def __init__(self, *args, directory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominated_by"].queryset = directory


class SchemeForm(RecordForm):
    submit_label = "Save the scheme"
    name = text_field("Name of the scheme", "Enter the name of the scheme",
                      help_text="Like Safer Towns Harrowdale, or the town centre Pubwatch.")
    description = long_text_field("What the scheme does (optional)")
    started_on = date_field("Date the scheme started", "The date the scheme started")


class SchemeMemberForm(PremisesChoiceMixin, GovukForm):
    submit_label = "Add the member"
    premises = model_choice("Premises", "Choose the premises")
    joined_on = date_field("Date it joined", "The date the premises joined")

    def __init__(self, *args, premises, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_premises(premises)


class LeavingForm(GovukForm):
    submit_label = "Record the leaving date"
    left_on = date_field("Last day as a member", "The date the premises left",
                         help_text="It counts as a member up to and including this day. For example, 2026-11-24")


class ExclusionForm(GovukForm):
    submit_label = "Save the exclusion"
    reference = forms.CharField(
        label="Scheme's reference for the exclusion", max_length=40,
        help_text=f"Enter {REFERENCE_HELP}. The scheme keeps who was excluded in its own records.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}),
        error_messages={"required": f"Enter {REFERENCE_HELP}", "max_length": f"The reference must be {REFERENCE_HELP}"})
    starts_on = date_field("First day of the exclusion", "The first day of the exclusion")
    ends_on = date_field("Last day of the exclusion", "The last day of the exclusion", not_after_today=False,
                         help_text="The exclusion is in force up to and including this day. For example, 2026-11-24")


class EnforcementForm(RecordForm):
    submit_label = "Save the operation"
    name = text_field("Name of the operation", "Enter the name of the operation")
    starts_on = date_field("First day", "The first day of the operation")
    ends_on = date_field("Last day (optional)", "The last day of the operation", required=False,
                         help_text="Leave blank while the operation goes on. For example, 2026-11-24")
    partners = organisations_field("Partners who took part")
    results = long_text_field("Results (optional)",
                              help_text="What it achieved, in numbers where you can: seizures, closures, warnings. "
                                        + NO_PERSONAL_DATA)

    def __init__(self, *args, directory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = directory


class PriorityMixin:
    def offer_priorities(self, priorities):
        self.fields["priority"].queryset = priorities
        self.fields["priority"].label_from_instance = lambda p: f"{p.plan.label}: {p.title}"


class CampaignForm(PriorityMixin, RecordForm):
    submit_label = "Save the campaign"
    name = text_field("Name of the campaign", "Enter the name of the campaign")
    aim = long_text_field("Aim (optional)")
    starts_on = date_field("First day", "The first day of the campaign", not_after_today=False)
    ends_on = date_field("Last day (optional)", "The last day of the campaign", required=False, not_after_today=False)
    priority = model_choice("Plan priority it serves (optional)", "Choose a priority of one of the partnership's plans",
                            required=False, empty_label="None")

    def __init__(self, *args, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_priorities(priorities)


class EventForm(PriorityMixin, RecordForm):
    submit_label = "Save the event"
    name = text_field("Name of the event", "Enter the name of the event")
    held_on = date_field("Date of the event", "The date of the event")
    campaign = model_choice("Campaign (optional)", "Choose one of the partnership's campaigns", required=False,
                            empty_label="Not part of a campaign")
    audience = text_field("Audience", "Say who the event was for", help_text="Like Year 9 pupils, or older residents.")
    place = text_field("Place", "Say where the event was held (or online)",
                       help_text="A venue or a public place, like Harrowdale Library, or online.")
    partners = organisations_field("Partners who took part")
    materials = long_text_field("Materials (optional)", help_text="Leaflets, posters, videos, giveaways.")
    people_attended = count_field("People who attended (optional)", "the people who attended")
    leaflets = count_field("Leaflets given out (optional)", "the leaflets given out")
    online_views = count_field("Online views (optional)", "the online views")
    priority = model_choice("Plan priority it serves (optional)", "Choose a priority of one of the partnership's plans",
                            required=False, empty_label="None")

    def __init__(self, *args, directory, campaigns, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = directory
        self.fields["campaign"].queryset = campaigns
        self.offer_priorities(priorities)
