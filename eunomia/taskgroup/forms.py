from django import forms

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm

DATE_HELP = "For example, 2026-11-24"


class MeetingForm(GovukForm):
    submit_label = "Record the meeting"
    held_on = DayField(label="Date held", help_text=DATE_HELP,
                              error_messages={"required": "Enter the date the meeting was held",
                                              "invalid": "Enter the date like 2026-11-24"})
    title = forms.CharField(label="Title", max_length=200, initial="ASB Task Group")
    attendees = forms.ModelMultipleChoiceField(label="Organisations that attended", queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    cases = forms.ModelMultipleChoiceField(label="Cases discussed", queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organisations, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = organisations
        self.fields["cases"].queryset = cases


class MinutesForm(GovukForm):
    submit_label = "Save the minutes"
    minutes = forms.CharField(label="Minutes", widget=forms.Textarea(attrs={"rows": 10}), required=False)


class ActionForm(GovukForm):
    submit_label = "Add the action"
    organisation = forms.ModelChoiceField(label="Organisation", queryset=None,
                                          error_messages={"required": "Choose the organisation to do it"})
    description = forms.CharField(label="Action", max_length=500, error_messages={"required": "Say what is to be done"})
    due_on = DayField(label="Due by", help_text=DATE_HELP,
                             error_messages={"required": "Enter the date it is due", "invalid": "Enter the date like 2026-12-01"})

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = meeting.attendees.all()
