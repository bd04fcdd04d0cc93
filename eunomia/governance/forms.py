"""Forms for the partnership's meetings and for the record of sending the plan to the PCC. Each field's
own limits are checked here; the rules that need the database (a meeting's record closed, a date
before the meeting) are the actions', and their refusals land on the field they name."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.governance import actions
from eunomia.governance.models import PartnershipMeeting, PlanSubmission

NO_NAMES = _("No names of people: say which organisation or role, like the Community Safety Manager.")
BY_THE_MANAGER = "manager"


def _text(label, required_message=None, *, max_length, textarea=False, rows=4, **kwargs):
    messages = {"max_length": _("%(label)s must be %(limit)s characters or fewer")
                % {"label": str(label).removesuffix(" (optional)"), "limit": f"{max_length:,}"}}
    if required_message:
        messages["required"] = required_message
    widget = forms.Textarea(attrs={"rows": rows}) if textarea else None
    return forms.CharField(label=label, max_length=max_length, required=bool(required_message),
                           error_messages=messages, widget=widget, **kwargs)


def _day(label, required_message, **kwargs):
    widget = forms.DateInput(format="%Y-%m-%d", attrs={"class": "govuk-input--width-10", "spellcheck": "false"})
    return DayField(label=label, error_messages={"required": required_message}, widget=widget, **kwargs)


def _time(label, required_message):
    return forms.TimeField(label=label, help_text=_("In the 24-hour clock, for example 18:30"),
                           input_formats=["%H:%M"], widget=forms.TimeInput(
                               format="%H:%M", attrs={"class": "govuk-input--width-5", "spellcheck": "false"}),
                           error_messages={"required": required_message,
                                           "invalid": _("Enter the time like 18:30")})


def _organisations(label, help_text):
    return forms.ModelMultipleChoiceField(
        label=label, queryset=None, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text,
        error_messages={"invalid_choice": _("Choose organisations from the partnership's directory"),
                        "invalid_pk_value": _("Choose organisations from the partnership's directory")})


class ActionFieldsMixin:
    """An action's refusal names its own fields (`ends_at`); this form's are called differently."""

    ACTION_FIELDS = {}

    def add_action_errors(self, error):
        if hasattr(error, "error_dict"):
            error = ValidationError({self.ACTION_FIELDS.get(field, field): errors
                                     for field, errors in error.error_dict.items()})
        super().add_action_errors(error)


class MeetingForm(ActionFieldsMixin, GovukForm):
    submit_label = _("Save the meeting")
    ACTION_FIELDS = {"starts_at": "start_time", "ends_at": "end_time"}

    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=PartnershipMeeting.Kind.choices,
                             widget=forms.RadioSelect,
                             help_text=_("A public meeting is open to residents: the public page invites them and "
                                         "offers it for their calendar"),
                             error_messages={"required": _("Choose a partnership board meeting or a public meeting"),
                                             "invalid_choice": _("Choose a partnership board meeting or a public "
                                                                 "meeting")})
    title = _text(_("Title (optional)"), max_length=actions.MAX_TITLE,
                  help_text=_("For example, Annual meeting in public. Without one, the kind of meeting is its title."))
    day = _day(_("Date"), _("Enter the date of the meeting"), what=_("The date of the meeting"))
    start_time = _time(_("Starts at"), _("Enter the time the meeting starts"))
    end_time = _time(_("Finishes at"), _("Enter the time the meeting finishes"))
    place = _text(_("Place"), _("Say where the meeting is, with the address"), max_length=actions.MAX_PLACE,
                  textarea=True, rows=3, help_text=_("The room, the building and its address"))
    public_notes = _text(_("Notes for the public (optional)"), max_length=actions.MAX_NOTES, textarea=True,
                         help_text=_("Access, a hearing loop, how to send a question beforehand"))

    def clean(self):
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day and start:
            try:
                data["starts_at"] = actions.local_moment(day, start, field="start_time", what=_("start time"))
            except ValidationError as error:
                self.add_action_errors(error)
        if day and end:
            try:
                data["ends_at"] = actions.local_moment(day, end, field="end_time", what=_("finishing time"))
            except ValidationError as error:
                self.add_action_errors(error)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("end_time", _("The meeting must finish after it starts"))
        return data

    def meeting_fields(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("kind", "title", "starts_at", "ends_at", "place", "public_notes")}


class CancelForm(GovukForm):
    submit_label = _("Cancel the meeting")
    reason = _text(_("Why it is cancelled"), _("Say why the meeting is cancelled: the public page shows it"),
                   max_length=actions.MAX_REASON, help_text=_("For example, Moved to 14 May because of the election"))


class AgendaItemForm(GovukForm):
    submit_label = _("Save the agenda item")
    title = _text(_("Title"), _("Enter the agenda item's title"), max_length=actions.MAX_AGENDA_TITLE)
    description = _text(_("What it is about (optional)"), max_length=actions.MAX_TEXT, textarea=True,
                        help_text=NO_NAMES)


class PaperForm(GovukForm):
    submit_label = _("Attach the paper")
    title = _text(_("Title"), _("Give the paper a title, like Community safety plan: draft for approval"),
                  max_length=actions.MAX_TITLE)
    agenda_item = forms.ModelChoiceField(label=_("Agenda item (optional)"), queryset=None, required=False,
                                         empty_label=_("Not for one item"),
                                         error_messages={"invalid_choice": _("Choose one of this meeting's agenda "
                                                                             "items")})
    confidential = forms.BooleanField(label=_("Confidential: for the partnership's members only"), required=False,
                                      help_text=_("A confidential paper is never published. Any other paper appears "
                                                  "on the meeting's public page as soon as it is attached."))
    file = forms.FileField(label=_("File"), help_text=_("A PDF, Word, Excel, PowerPoint or OpenDocument file, up to "
                                                        "10 MB"),
                           error_messages={"required": _("Choose the file to attach"), "empty": _("The file is empty"),
                                           "invalid": _("Choose the file to attach")})

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = items


class AttendanceForm(GovukForm):
    submit_label = _("Save who came")
    present = _organisations(_("Organisations present"), _("Organisations, not people: the minutes name no one"))
    apologies = _organisations(_("Organisations that sent apologies"), None)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = organisations
        self.fields["apologies"].queryset = organisations


class DecisionForm(GovukForm):
    submit_label = _("Record the decision")
    text = _text(_("What the meeting decided"), _("Write what the meeting decided"), max_length=actions.MAX_TEXT,
                 textarea=True, help_text=NO_NAMES)
    plan = forms.ModelChoiceField(label=_("About the plan (optional)"), queryset=None, required=False,
                                  empty_label=_("Not about a plan"),
                                  error_messages={"invalid_choice": _("Choose one of the partnership's plans")})
    confidential = forms.BooleanField(label=_("Confidential: never published"), required=False,
                                      help_text=_("Other decisions are published with the minutes once they are "
                                                  "approved"))

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class MinutesForm(GovukForm):
    submit_label = _("Save the draft minutes")
    minutes = _text(_("Minutes"), max_length=actions.MAX_MINUTES, textarea=True, rows=16,
                    help_text=_("Published once approved. No names of people, and nothing confidential: put that "
                                "in a confidential paper."))


class ApproveMinutesForm(GovukForm):
    submit_label = _("Approve the minutes")
    approved_by = forms.ChoiceField(label=_("Who approved them"), widget=forms.RadioSelect,
                                    error_messages={"required": _("Choose the meeting that approved the minutes, or "
                                                                  "say the CSP manager did"),
                                                    "invalid_choice": _("Choose one of the meetings listed")})
    approved_on = _day(_("Date the CSP manager approved them"), "", required=False, not_after_today=True,
                       what=_("The date of approval"))

    def __init__(self, *args, later_meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.later_meetings = {str(meeting.pk): meeting for meeting in later_meetings}
        self.fields["approved_by"].choices = [
            *((pk, _("At the %(meeting)s") % {"meeting": meeting}) for pk, meeting in self.later_meetings.items()),
            (BY_THE_MANAGER, _("The CSP manager, on the date below"))]

    def clean(self):
        data = super().clean()
        by_the_manager = data.get("approved_by") == BY_THE_MANAGER
        if by_the_manager and not data.get("approved_on") and "approved_on" not in self.errors:
            self.add_error("approved_on", _("Enter the date the CSP manager approved the minutes"))
        return data

    def approval(self):
        """The action's arguments: the later meeting, or the date the manager approved them."""
        chosen = self.cleaned_data["approved_by"]
        if chosen == BY_THE_MANAGER:
            return {"approved_on": self.cleaned_data["approved_on"]}
        return {"at_meeting": self.later_meetings[chosen]}


class PlanApprovalForm(GovukForm):
    submit_label = _("Record the approval")
    plan = forms.ModelChoiceField(label=_("The plan the meeting approved"), queryset=None, widget=forms.RadioSelect,
                                  empty_label=None,
                                  error_messages={"required": _("Choose the plan the meeting approved"),
                                                  "invalid_choice": _("Choose one of the plans listed")})

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class PlanSentForm(GovukForm):
    submit_label = _("Record the sending")
    version = forms.ModelChoiceField(label=_("Published version sent"), queryset=None,
                                     empty_label=_("Choose a version"),
                                     error_messages={"required": _("Choose the published version that was sent"),
                                                     "invalid_choice": _("Choose one of the versions listed")})
    recipient = forms.ModelChoiceField(label=_("Sent to"), queryset=None, empty_label=_("Choose an organisation"),
                                       help_text=_("The commissioner's office, from the directory"),
                                       error_messages={"required": _("Choose the commissioner's office from the "
                                                                     "directory"),
                                                       "invalid_choice": _("Choose the commissioner's office from the "
                                                                           "directory")})
    sent_on = _day(_("Date sent"), _("Enter the date the plan was sent"), not_after_today=True,
                   what=_("The date it was sent"))
    method = forms.ChoiceField(label=_("How it was sent"), choices=PlanSubmission.Method.choices,
                               widget=forms.RadioSelect,
                               error_messages={"required": _("Choose how the plan was sent"),
                                               "invalid_choice": _("Choose how the plan was sent")})

    def __init__(self, *args, versions, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda version: _("%(plan)s, version %(number)s") % {
            "plan": version.plan.title, "number": version.number}
        self.fields["recipient"].queryset = organisations


class AcknowledgementForm(GovukForm):
    submit_label = _("Record the acknowledgement")
    acknowledged_on = _day(_("Date acknowledged"), _("Enter the date the commissioner's office acknowledged it"),
                           not_after_today=True, what=_("The date of the acknowledgement"))
    reference = _text(_("Their reference (optional)"), max_length=actions.MAX_REFERENCE)
