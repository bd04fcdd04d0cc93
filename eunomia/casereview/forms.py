from django import forms
from django.utils import timezone

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm

DATE_HELP = "For example, 2026-11-24"


def _date(label, words, required=True, **kwargs):
    return DayField(label=label, help_text=DATE_HELP, required=required,
                    error_messages={"required": f"Enter {words}", "invalid": f"Enter {words} like 2026-11-24"}, **kwargs)


class ReportChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, report):
        happened, reported = timezone.localdate(report.occurred_at), timezone.localdate(report.reported_at)
        return (f"{report.reference}: {report.get_category_display()}, happened {happened:%-d %b %Y}, "
                f"reported {reported:%-d %b %Y}")


class ApplicationForm(GovukForm):
    submit_label = "Record the application"
    applicant = forms.ModelChoiceField(label="Applicant (if they are in the system)", required=False,
                                       queryset=None, empty_label="Not in the system",
                                       error_messages={"invalid_choice": "Choose the applicant from the list"})
    applicant_name = forms.CharField(label="Applicant's name (if they are not in the system)", max_length=200,
                                     required=False)
    received_on = _date("Date the application was received", "the date the application was received",
                        what="The date received", not_after_today=True)
    description = forms.CharField(label="What the applicant asks to be reviewed", widget=forms.Textarea,
                                  error_messages={"required": "Describe what the applicant asks to be reviewed"})
    reports = ReportChoice(label="Reports the application rests on", required=False, queryset=None,
                           widget=forms.CheckboxSelectMultiple,
                           error_messages={"invalid_choice": "Choose reports from the list",
                                           "invalid_pk_value": "Choose reports from the list"})

    def __init__(self, data=None, *, people, reports):
        super().__init__(data)
        self.fields["applicant"].queryset = people
        self.fields["reports"].queryset = reports


class DecisionForm(GovukForm):
    submit_label = "Record the decision"
    threshold_met = forms.TypedChoiceField(
        label="Is the threshold met?", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Yes, the threshold is met"), ("no", "No, the threshold is not met")],
        error_messages={"required": "Choose whether the threshold is met"})
    decided_on = _date("Date of the decision", "the date of the decision")


class MeetingForm(GovukForm):
    submit_label = "Record the meeting"
    meeting_on = _date("Date of the review meeting", "the date of the review meeting")
    recommendations = forms.CharField(label="Recommendations (leave empty if none were made)", required=False,
                                      widget=forms.Textarea)


class CloseForm(GovukForm):
    submit_label = "Close the application"


class SettingsForm(GovukForm):
    submit_label = "Save the threshold"
    complaints = forms.IntegerField(label="Number of qualifying complaints", min_value=1, max_value=100,
                                    error_messages={"required": "Enter the number of complaints",
                                                    "invalid": "Enter the number of complaints as a whole number",
                                                    "min_value": "The number of complaints must be 1 or more",
                                                    "max_value": "The number of complaints must be 100 or fewer"})
    window_months = forms.IntegerField(label="Within how many months before the application", min_value=1,
                                       max_value=24,
                                       error_messages={"required": "Enter the window in months",
                                                       "invalid": "Enter the window as a whole number of months",
                                                       "min_value": "The window must be between 1 and 24 months",
                                                       "max_value": "The window must be between 1 and 24 months"})
    complaint_within_days = forms.IntegerField(
        label="Each complaint made within how many days of the behaviour", min_value=1, max_value=366,
        error_messages={"required": "Enter the days allowed to complain",
                        "invalid": "Enter the days allowed to complain as a whole number",
                        "min_value": "The days allowed to complain must be between 1 and 366",
                        "max_value": "The days allowed to complain must be between 1 and 366"})
    individuals = forms.IntegerField(label="Local threshold: complaints from this many different people (0 = off)",
                                     min_value=0, max_value=100,
                                     error_messages={"required": "Enter the number of different complainants, or 0",
                                                     "invalid": "Enter the number of complainants as a whole number",
                                                     "min_value": "The number of complainants must be 0 or more",
                                                     "max_value": "The number of complainants must be 100 or fewer"})
    hate_incident = forms.BooleanField(label="Local threshold: one hate-motivated report qualifies", required=False)
