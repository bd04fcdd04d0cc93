from django import forms

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.tasking.models import GroupItem

DATE_HELP = "For example, 2026-11-24"
NO_PERSONAL_DATA = ("Describe the problem and the place, not people: no names, addresses of individuals or other "
                    "personal data. Individual cases belong in casework.")
OUTSIDE = "Choose one of the partnership's member organisations"


def date_field(label, required_message, **kwargs):
    return DayField(label=label, help_text=DATE_HELP, error_messages={
        "required": required_message, "invalid": "Enter the date like 2026-11-24"}, **kwargs)


def organisation_field(label, required_message, **kwargs):
    return forms.ModelChoiceField(label=label, queryset=None, error_messages={
        "required": required_message, "invalid_choice": OUTSIDE}, **kwargs)


class MeetingForm(GovukForm):
    submit_label = "Record the meeting"
    held_on = date_field("Date held", "Enter the date the meeting was held")
    chair_organisation = organisation_field("Chaired by", "Choose the organisation that chaired the meeting")
    attendees = forms.ModelMultipleChoiceField(label="Organisations that attended", queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple,
                                               error_messages={"invalid_choice": OUTSIDE})
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=NO_PERSONAL_DATA)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair_organisation"].queryset = organisations
        self.fields["attendees"].queryset = organisations


class NotesForm(GovukForm):
    submit_label = "Save the notes"
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                            help_text=NO_PERSONAL_DATA)


class IssueForm(GovukForm):
    submit_label = "Raise the issue"
    organisation = organisation_field("Raised by", "Choose the organisation raising the issue")
    title = forms.CharField(label="Issue", max_length=200, help_text=NO_PERSONAL_DATA,
                            error_messages={"required": "Say what the issue is"})
    description = forms.CharField(label="More detail (optional)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class TaskForm(GovukForm):
    submit_label = "Set the task"
    organisation = organisation_field("Organisation tasked", "Choose the organisation to task")
    description = forms.CharField(label="Task", max_length=500, help_text=NO_PERSONAL_DATA,
                                  error_messages={"required": "Say what the organisation is tasked to do"})
    due_on = date_field("Due by", "Enter the date the task is due")
    issue = forms.ModelChoiceField(label="Issue it addresses (optional)", queryset=None, required=False,
                                   error_messages={"invalid_choice": "Choose an issue raised at this meeting"})

    def __init__(self, *args, organisations, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["issue"].queryset = meeting.issues.all()


class TaskUpdateForm(GovukForm):
    submit_label = "Add the update"
    note = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 4}), help_text=NO_PERSONAL_DATA,
                           error_messages={"required": "Say what progress has been made"})


class CompleteForm(GovukForm):
    submit_label = "Complete the task"
    completed_on = date_field("Date completed", "Enter the date the task was completed")
    result = forms.CharField(label="Result", widget=forms.Textarea(attrs={"rows": 4}), help_text=NO_PERSONAL_DATA,
                             error_messages={"required": "Say what the result was"})


class GroupItemForm(GovukForm):
    submit_label = "Add to the action plan"
    title = forms.CharField(label="What the group will do", max_length=400,
                            error_messages={"required": "Say what the group will do"})
    plan_action = forms.ModelChoiceField(label="Plan action it covers (optional)", queryset=None, required=False,
                                         error_messages={"invalid_choice": "Choose one of the plan's actions"})
    owner_organisation = organisation_field("Organisation responsible", "Choose the organisation responsible")
    due_on = date_field("Due by", "Enter the date it is due")

    def __init__(self, *args, organisations, plan_actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations
        self.fields["plan_action"].queryset = plan_actions
        self.fields["plan_action"].label_from_instance = lambda a: f"{a.plan.label}: {a.title}"


class GroupItemUpdateForm(GovukForm):
    submit_label = "Add the update"
    status = forms.ChoiceField(label="Status now", choices=GroupItem.Status.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose the item's status",
                                               "invalid_choice": "Choose the item's status"})
    note = forms.CharField(label="Progress", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Say what progress has been made"})


class GroupNoteForm(GovukForm):
    submit_label = "Add the notes"
    held_on = date_field("Date of the group's meeting", "Enter the date the meeting was held")
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 6}), help_text=NO_PERSONAL_DATA,
                            error_messages={"required": "Write the notes of the meeting"})
