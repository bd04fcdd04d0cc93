from django import forms
from django.utils import timezone

from eunomia.casework.forms import DATE_HELP
from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm


class BriefingForm(GovukForm):
    """The day or week a briefing covers: a daily briefing reads one day's reports, a weekly one the
    seven days ending on the day chosen."""

    submit_label = "Show"
    PERIODS = {"day": 1, "week": 7}
    day = DayField(what="The day", label="Briefing for", required=False, help_text=DATE_HELP,
                          error_messages={"invalid": "Enter the day as a real date, like 2026-11-24"})
    period = forms.ChoiceField(label="Covering", required=False, widget=forms.RadioSelect,
                               choices=[("day", "That day"), ("week", "The week to that day (7 days)")],
                               error_messages={"invalid_choice": "Choose that day or the week to that day"})

    @property
    def helper(self):
        helper = super().helper
        helper.form_method = "get"
        return helper

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("The day cannot be in the future")
        return day

    def clean_period(self):
        return self.cleaned_data["period"] or "week"
