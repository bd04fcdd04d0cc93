import datetime

from django import forms
from django.utils import timezone

from eunomia.casework.models import Case, Person, Report, Role, SharingAgreement
from eunomia.core.forms import GovukForm
from eunomia.partners.models import Organisation

DATE_HELP = "For example, 2026-11-24"


class ReportForm(GovukForm):
    submit_label = "Record the report"
    occurred_on = forms.DateField(label="Date it happened", help_text=DATE_HELP,
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
    date_of_birth = forms.DateField(label="Date of birth (optional)", required=False, help_text=DATE_HELP,
                                    error_messages={"invalid": "Enter the date of birth like 1980-05-17"})
    phone = forms.CharField(label="Phone (optional)", max_length=40, required=False)
    role = forms.ChoiceField(label="This person is the", choices=Role.choices, initial=Role.VICTIM)
    flags = forms.MultipleChoiceField(label="Vulnerability", choices=Person.Flag.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def clean(self):
        data = super().clean()
        named = data.get("first_name") or data.get("last_name")
        if named and not (data.get("first_name") and data.get("last_name")):
            self.add_error("last_name" if data.get("first_name") else "first_name",
                           "Enter both the first and last name, or neither")
        return data

    def occurred_at(self):
        data = self.cleaned_data
        return timezone.make_aware(datetime.datetime.combine(data["occurred_on"],
                                                             data.get("occurred_time") or datetime.time(12, 0)))


class SearchForm(forms.Form):
    q = forms.CharField(label="Search by name, address, postcode or reference", required=False, max_length=100)
    reason = forms.CharField(label="Why you are searching", required=False, max_length=200)


class BriefingForm(forms.Form):
    day = forms.DateField(label="Briefing for", required=False, help_text=DATE_HELP)


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


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        born = f", born {person.date_of_birth:%-d %B %Y}" if person.date_of_birth else ""
        return f"{person}{born}"


class AddPartyForm(GovukForm):
    submit_label = "Add to the case"
    person = PersonChoiceField(label="Person", queryset=Person.objects.none(), empty_label="Choose a person",
                               error_messages={"required": "Choose a person",
                                               "invalid_choice": "Choose a person from the list"})
    role = forms.ChoiceField(label="Role in the case", choices=Role.choices,
                             error_messages={"invalid_choice": "Choose a role from the list"})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


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


class CloseCaseForm(GovukForm):
    submit_label = "Close the case"
    outcome = forms.ChoiceField(label="Outcome", choices=Case.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome",
                                                "invalid_choice": "Choose the outcome from the list"})
    closed_on = forms.DateField(label="Date closed", help_text=DATE_HELP,
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
    starts_on = forms.DateField(label="Starts on", help_text=DATE_HELP,
                                error_messages={"required": "Enter the date it starts",
                                                "invalid": "Enter the start date like 2026-11-24"})
    review_on = forms.DateField(label="Review by", help_text=DATE_HELP,
                                error_messages={"required": "Enter the date it must be reviewed by",
                                                "invalid": "Enter the review date like 2027-11-24"})

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = organisations
