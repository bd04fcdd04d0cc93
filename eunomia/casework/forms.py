import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eunomia.casework import actions, queries
from eunomia.casework.models import Case, Consent, Person, Report, Role, SharingAgreement
from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.partners.models import Organisation

DATE_HELP = "For example, 2026-11-24"


class OffersPeopleForm(GovukForm):
    """A form naming a person that, once people already recorded who may be them have been found,
    asks the recorder to choose one of them or say this is someone new, so no one is entered twice."""
    # Set once possible duplicates have been offered, so the next submit saves.
    offered = forms.BooleanField(required=False, widget=forms.HiddenInput)
    SOMEONE_NEW = "new"

    def __init__(self, *args, people_offered=None, **kwargs):
        """`people_offered`: people already held who may be the one named; the recorder then
        chooses one of them or says this is someone new."""
        super().__init__(*args, **kwargs)
        self.people_offered = {str(p.pk): p for p in people_offered or ()}
        if people_offered is not None:
            self.fields["match"] = forms.ChoiceField(
                label="Is this one of the people already recorded?", widget=forms.RadioSelect,
                choices=[(pk, f"Use {describe_person(p)}") for pk, p in self.people_offered.items()]
                + [(self.SOMEONE_NEW, "This is someone new")],
                error_messages={"required": "Choose one of the people already recorded, or say this is someone new",
                                "invalid_choice": "Choose one of the people offered, or say this is someone new"})

    def clean_match(self):
        choice = self.cleaned_data["match"]
        return self.people_offered.get(choice, self.SOMEONE_NEW)


class ReportForm(OffersPeopleForm):
    submit_label = "Record the report"
    AS_TYPED = "typed"
    occurred_on = DayField(label="Date it happened", help_text=DATE_HELP,
                                  error_messages={"required": "Enter the date it happened",
                                                  "invalid": "Enter the date it happened like 2026-11-24"})
    occurred_time = forms.TimeField(label="Time it happened (optional)", required=False, help_text="For example, 21:30",
                                    error_messages={"invalid": "Enter the time like 21:30"})
    category = forms.ChoiceField(label="Category", choices=[("", "Choose a category")] + Report.Category.choices,
                                 error_messages={"required": "Choose a category"})
    source = forms.ChoiceField(label="How it was reported", choices=[("", "Choose one")] + Report.Source.choices,
                               error_messages={"required": "Choose how it was reported"})
    address = forms.CharField(label="Address or place", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    description = forms.CharField(label="What happened", widget=forms.Textarea,
                                  error_messages={"required": "Describe what happened"})
    anonymous = forms.BooleanField(label="The reporter wants to stay anonymous", required=False)
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = DayField(what="The date of birth", label="Date of birth (optional)", required=False, help_text=DATE_HELP,
                                    error_messages={"invalid": "Enter the date of birth like 1980-05-17"})
    phone = forms.CharField(label="Phone (optional)", max_length=40, required=False)
    email = forms.EmailField(label="Email (optional)", max_length=254, required=False,
                             error_messages={"invalid": "Enter the email address like name@example.com"})
    role = forms.ChoiceField(label="This person is the", choices=Role.choices, initial=Role.VICTIM)
    flags = forms.MultipleChoiceField(label="Vulnerability", choices=Person.Flag.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, places_offered=None, **kwargs):
        """`places_offered`: known places the address typed may be (places.queries.matching_places);
        the recorder then chooses one of them, or keeps the address as typed, which is the answer
        when none is given (ADR 70)."""
        super().__init__(*args, **kwargs)
        self.places_offered = {str(p.pk): p for p in places_offered or ()}
        if self.places_offered:
            self.fields["place"] = forms.ChoiceField(
                label="Is it one of the places already known?", widget=forms.RadioSelect, required=False,
                help_text="Places the partnership already knows with the same address or postcode. Reports at one "
                          "place are counted together, so choose it if it is the same place.",
                choices=[(pk, f"Use {p.one_line}") for pk, p in self.places_offered.items()]
                + [(self.AS_TYPED, "No: use the address as typed")],
                error_messages={"invalid_choice": "Choose one of the places offered, or use the address as typed"})

    def clean_place(self):
        return self.places_offered.get(self.cleaned_data["place"])

    def clean(self):
        data = super().clean()
        named = data.get("first_name") or data.get("last_name")
        if named and not (data.get("first_name") and data.get("last_name")):
            self.add_error("last_name" if data.get("first_name") else "first_name",
                           "Enter both the first and last name, or neither")
        return data

    def occurred_at(self):
        """When it happened: the day at the time given. Without a time, midday, the middle of a day
        whose hours are not known; but no later than now, so that something reported in the morning
        as happening today, time unknown, is not refused as being in the future."""
        data = self.cleaned_data
        if data.get("occurred_time"):
            return timezone.make_aware(datetime.datetime.combine(data["occurred_on"], data["occurred_time"]))
        midday = timezone.make_aware(datetime.datetime.combine(data["occurred_on"], datetime.time(12)))
        return min(midday, timezone.now()) if data["occurred_on"] == timezone.localdate() else midday

    # The action names the moment; this form asks for its day.
    ACTION_FIELDS = {"occurred_at": "occurred_on", "reported_at": "occurred_on"}

    def record(self, *, by, partnership, organisation):
        """Record the valid form as a report owned by `organisation`, naming the person it gives:
        one the recorder already sees (same name and date of birth) or a new one. The page and the
        API both record a report here, so there is one way; nothing is saved unless all of it is.
        A refusal is a ValidationError keyed by this form's fields."""
        data = self.cleaned_data
        try:
            people = []
            if data["first_name"]:
                actions.check_person(date_of_birth=data["date_of_birth"], first_name=data["first_name"],
                                     last_name=data["last_name"])
                choice = data.get("match")  # the recorder's answer when people were offered
                if choice is None:
                    known = (queries.people_visible_to(by, partnership).filter(merged_into__isnull=True)
                             .filter(first_name__iexact=data["first_name"], last_name__iexact=data["last_name"],
                                     date_of_birth=data["date_of_birth"]).first())
                else:
                    known = None if choice == self.SOMEONE_NEW else choice
                people.append((known or Person(first_name=data["first_name"], last_name=data["last_name"],
                                               date_of_birth=data["date_of_birth"]), data["role"]))
            with transaction.atomic():
                linked = []
                for person, role in people:
                    if person.pk is None:
                        person = actions.add_person(
                            by=by, partnership=partnership, organisation=organisation, first_name=person.first_name,
                            last_name=person.last_name, date_of_birth=person.date_of_birth, phone=data["phone"],
                            email=data.get("email", ""), address=data["address"], postcode=data["postcode"],
                            flags=data["flags"])
                    linked.append((person, role))
                return actions.record_report(
                    by=by, partnership=partnership, organisation=organisation, occurred_at=self.occurred_at(),
                    reported_at=timezone.now(), category=data["category"], source=data["source"],
                    description=data["description"], address=data["address"], postcode=data["postcode"],
                    anonymous=data["anonymous"], people=linked, place=data.get("place"))
        except ValidationError as refusal:
            if not hasattr(refusal, "error_dict"):
                raise
            raise ValidationError({self.ACTION_FIELDS.get(field, field): errors
                                   for field, errors in refusal.error_dict.items()}) from refusal


class SearchForm(forms.Form):
    q = forms.CharField(label="Search by name, address, postcode or reference", required=False, max_length=100)
    reason = forms.CharField(label="Why you are searching", required=False, max_length=200)


class CaseSearchForm(forms.Form):
    q = forms.CharField(label="Search by reference, title or name", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Open or closed")] + Case.Status.choices)
    reason = forms.CharField(label="Why you are searching", required=False, max_length=200)


class OpenCaseForm(GovukForm):
    submit_label = "Open the case"
    title = forms.CharField(label="Case title", max_length=200, error_messages={"required": "Give the case a title"})


class LinkReportForm(GovukForm):
    submit_label = "Link the report"
    reference = forms.CharField(label="Report reference", max_length=20, help_text="For example, ASB-2026-00012",
                                error_messages={"required": "Enter the reference of the report to link"})


def describe_person(person):
    """A person as a recorder tells them apart: name, date of birth and address where known."""
    born = f"born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else ""
    place = " ".join(part for part in (person.address, person.postcode) if part)
    return ", ".join(part for part in (str(person), born, place) if part)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return describe_person(person)


class AddPartyForm(GovukForm):
    submit_label = "Add to the case"
    person = PersonChoiceField(label="Person", queryset=Person.objects.none(), widget=forms.RadioSelect,
                               error_messages={"required": "Choose a person",
                                               "invalid_choice": "Choose a person from the search results"})
    role = forms.ChoiceField(label="Role in the case", choices=Role.choices,
                             error_messages={"invalid_choice": "Choose a role from the list"})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AddReportPersonForm(AddPartyForm):
    """The case's person picker, naming the person in a report instead."""
    submit_label = "Add to the report"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].label = "Role in the report"


class NewReportPersonForm(OffersPeopleForm):
    """Someone not yet recorded, to name in a saved report. The names are checked by
    actions.check_person, as for everyone recorded, so the form does not require them itself."""
    submit_label = "Add to the report"
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = DayField(what="The date of birth", label="Date of birth (optional)", required=False, help_text=DATE_HELP,
                                    error_messages={"invalid": "Enter the date of birth like 1980-05-17"})
    address = forms.CharField(label="Address (optional)", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    phone = forms.CharField(label="Phone (optional)", max_length=40, required=False)
    email = forms.EmailField(label="Email (optional)", max_length=254, required=False,
                             error_messages={"invalid": "Enter the email address like name@example.com"})
    role = forms.ChoiceField(label="This person is the", choices=Role.choices, initial=Role.VICTIM,
                             error_messages={"invalid_choice": "Choose a role from the list"})

    def details(self):
        """The person as actions.add_person and queries.possible_duplicates take them."""
        return {name: self.cleaned_data[name] for name in (
            "first_name", "last_name", "date_of_birth", "address", "postcode", "phone", "email")}


class ShareCaseForm(GovukForm):
    submit_label = "Share the case"
    organisation = forms.ModelChoiceField(label="Share with", queryset=Organisation.objects.none(),
                                          empty_label="Choose an organisation",
                                          error_messages={"required": "Choose the organisation to share with",
                                                          "invalid_choice": "Choose an organisation from the list"})
    agreement = forms.ModelChoiceField(label="Under the information sharing agreement",
                                       queryset=SharingAgreement.objects.none(), empty_label="Choose an agreement",
                                       error_messages={"required": "Choose the agreement to share under",
                                                       "invalid_choice": "Choose an agreement from the list"})

    def __init__(self, *args, organisations, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["agreement"].queryset = agreements


class LeadOfficerForm(GovukForm):
    submit_label = "Change the lead officer"
    lead_officer = forms.ModelChoiceField(label="New lead officer", queryset=None, empty_label="Choose a person",
                                          error_messages={"required": "Choose who will lead the case",
                                                          "invalid_choice": "Choose a person from the list"})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_officer"].queryset = people


class CloseCaseForm(GovukForm):
    submit_label = "Close the case"
    outcome = forms.ChoiceField(label="Outcome", choices=Case.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome",
                                                "invalid_choice": "Choose the outcome from the list"})
    closed_on = DayField(label="Date closed", help_text=DATE_HELP,
                                error_messages={"required": "Enter the date the case closed",
                                                "invalid": "Enter the date the case closed like 2026-11-24"})


class AgreementForm(GovukForm):
    submit_label = "Add the agreement"
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the agreement's title"})
    purpose = forms.CharField(label="Purpose", widget=forms.Textarea,
                              error_messages={"required": "Say what the agreement is for"})
    lawful_basis = forms.ChoiceField(label="Lawful basis", choices=[("", "Choose one")] + SharingAgreement.LawfulBasis.choices,
                                     error_messages={"required": "Choose the lawful basis"})
    parties = forms.ModelMultipleChoiceField(label="Parties", queryset=Organisation.objects.none(),
                                             widget=forms.CheckboxSelectMultiple,
                                             error_messages={"required": "Choose the organisations party to it"})
    starts_on = DayField(label="Starts on", help_text=DATE_HELP,
                                error_messages={"required": "Enter the date it starts",
                                                "invalid": "Enter the start date like 2026-11-24"})
    review_on = DayField(label="Review by", help_text=DATE_HELP,
                                error_messages={"required": "Enter the date it must be reviewed by",
                                                "invalid": "Enter the review date like 2027-11-24"})

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = organisations


class PersonSearchForm(forms.Form):
    """A name to look for among the people the reader may see (a picker never lists everyone)."""
    q = forms.CharField(label="Name", required=False, max_length=100)


class ConsentForm(GovukForm):
    submit_label = "Record consent"
    basis = forms.ChoiceField(
        label="Does consent apply?", widget=forms.RadioSelect,
        choices=[(SharingAgreement.LawfulBasis.CONSENT, "Yes: sharing and processing rest on this person's consent")]
        + [(value, f"No: another lawful basis is relied on: {label}")
           for value, label in SharingAgreement.LawfulBasis.choices if value != SharingAgreement.LawfulBasis.CONSENT],
        error_messages={"required": "Choose whether consent applies or which other lawful basis is relied on",
                        "invalid_choice": "Choose whether consent applies or which other lawful basis is relied on"})
    state = forms.ChoiceField(
        label="If consent applies: consent was", widget=forms.RadioSelect, required=False,
        choices=Consent.State.choices,
        error_messages={"invalid_choice": "Choose whether consent was given, refused or withdrawn"})
    decided_on = DayField(what="The date of consent", label="If consent applies: date given, refused or withdrawn", required=False,
                                 help_text=DATE_HELP,
                                 error_messages={"invalid": "Enter the date of consent like 2026-11-24"})
    method = forms.ChoiceField(label="If consent applies: how it was obtained", widget=forms.RadioSelect,
                               required=False, choices=Consent.Method.choices,
                               error_messages={"invalid_choice": "Choose how consent was obtained"})
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, required=False, max_length=2000)


class MergeForm(GovukForm):
    """Confirms a merge: the two people are named by the page's address, the form only says yes."""
    submit_label = "Merge the records"


class HotSpotsForm(GovukForm):
    """The days the staff map of casework hot spots counts reports over: the 91 days to today unless
    asked, at most a year and a day (ADR 70)."""

    submit_label = "Show"
    MAX_DAYS = 366
    first = DayField(what="The first day", label="From", required=False, help_text=DATE_HELP, not_after_today=True)
    last = DayField(what="The last day", label="To", required=False, help_text=DATE_HELP, not_after_today=True)

    @property
    def helper(self):
        helper = super().helper
        helper.form_method = "get"
        return helper

    @staticmethod
    def days_asked(first, last):
        """The days to count: those given, the last being today and the first 91 days before it when not."""
        last = last or timezone.localdate()
        return first or last - datetime.timedelta(days=90), last

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        first, last = self.days_asked(data.get("first"), data.get("last"))
        if first > last:
            self.add_error("last", "The last day must be on or after the first day")
        elif (last - first).days + 1 > self.MAX_DAYS:
            self.add_error("first", f"Choose at most {self.MAX_DAYS} days: a year and a day")
        data["first"], data["last"] = first, last
        return data
