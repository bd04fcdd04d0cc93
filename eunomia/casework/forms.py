import datetime

from django import forms
from django.utils import timezone

from eunomia.casework.models import Person, Report, Role
from eunomia.core.forms import GovukForm

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
