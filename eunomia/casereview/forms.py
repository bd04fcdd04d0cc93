import datetime
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eunomia.casereview.models import ListedIncident, PublicApplication
from eunomia.core.dates import EARLIEST, DayField
from eunomia.core.equality import EqualityForm
from eunomia.core.forms import GovukForm
from eunomia.core.postcodes import is_postcode, normalise_postcode
from eunomia.core.public_forms import HONEYPOT, HoneypotMixin

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
    outcome_sent_on = _date(_("Date the outcome and any recommendations were sent to the applicant (leave empty "
                              "until they are sent)"), _("the date the outcome was sent"), required=False,
                            what=_("The date the outcome was sent"), not_after_today=True)


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


# The staff's side of the procedure ---------------------------------------------------------------

class ProcedureForm(GovukForm):
    submit_label = _("Save the procedure")
    organisation = forms.ModelChoiceField(
        label=_("Organisation that receives applications made online"), required=False, queryset=None,
        empty_label=_("The partnership's local authority"),
        help_text=_("Its caseworkers see the applications, match them to reports and record the decisions."),
        error_messages={"invalid_choice": _("Choose an organisation from the list")})
    decision_days = forms.IntegerField(
        label=_("Working days to decide whether the threshold is met"), min_value=1, max_value=60,
        help_text=_("Counted from the day the application is received."),
        error_messages={"required": _("Enter the working days to decide on the threshold"),
                        "invalid": _("Enter the working days as a whole number"),
                        "min_value": _("The days to decide on the threshold must be from 1 to 60 working days"),
                        "max_value": _("The days to decide on the threshold must be from 1 to 60 working days")})
    review_days = forms.IntegerField(
        label=_("Working days to hold the review meeting"), min_value=1, max_value=120,
        help_text=_("Counted from the decision that the threshold is met."),
        error_messages={"required": _("Enter the working days to hold the review meeting"),
                        "invalid": _("Enter the working days as a whole number"),
                        "min_value": _("The days to hold the review meeting must be from 1 to 120 working days"),
                        "max_value": _("The days to hold the review meeting must be from 1 to 120 working days")})
    outcome_days = forms.IntegerField(
        label=_("Working days to send the outcome and recommendations"), min_value=1, max_value=60,
        help_text=_("Counted from the review meeting."),
        error_messages={"required": _("Enter the working days to send the outcome"),
                        "invalid": _("Enter the working days as a whole number"),
                        "min_value": _("The days to send the outcome must be from 1 to 60 working days"),
                        "max_value": _("The days to send the outcome must be from 1 to 60 working days")})

    def __init__(self, data=None, *, organisations, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["organisation"].queryset = organisations


class MatchForm(GovukForm):
    submit_label = _("Confirm the matching reports")
    reports = ReportChoice(label=_("Reports that are complaints this application rests on"), required=False,
                           queryset=None, widget=forms.CheckboxSelectMultiple,
                           help_text=_("Tick each report that is one of the complaints; untick one that is not."),
                           error_messages={"invalid_choice": _("Choose reports from the list"),
                                           "invalid_pk_value": _("Choose reports from the list")})

    def __init__(self, data=None, *, offered, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["reports"].queryset = offered


class ReportSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)


# The public application (ADR 63): one thing a page, every page with the honeypot ------------------

NAME_LENGTH = 200
TEXT_LENGTH = 5000


def _text(label, *, required_message, max_length, required=True, widget=None, help_text="", **kwargs):
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text, widget=widget,
        error_messages={"required": required_message,
                        "max_length": format_lazy(_("{what} must be {count} characters or fewer"),
                                                  what=label, count=f"{max_length:,}"),
                        "null_characters_not_allowed": _("Remove the hidden characters from what you typed")},
        **kwargs)


class PublicDateField(DateInputField):
    """The GOV.UK date input (day, month, year), a real date from 1900 to today, its messages naming
    the date in `what` ("the date it happened")."""

    def __init__(self, *, what, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.what = what
        every = format_lazy(_("Enter {what}, with its day, month and year"), what=what)
        self.error_messages.update(required=every, incomplete=every)
        for subfield in self.fields:
            subfield.max_length = 4
            subfield.validators = [RegexValidator(r"^\s*[0-9]{1,4}\s*$", format_lazy(
                _("Enter {what} in numbers, like 27 3 2026"), what=what))]

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(year.strip()) != 4:
            raise forms.ValidationError(format_lazy(_("Enter the year of {what} as 4 numbers, like 2026"),
                                                    what=self.what))
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(format_lazy(_("Enter {what} as a real date"), what=self.what)) from None
        if value < EARLIEST:
            raise forms.ValidationError(format_lazy(_("Enter {what} after 1900"), what=self.what))
        if value > timezone.localdate():
            raise forms.ValidationError(format_lazy(_("Enter {what} as today or a day in the past"), what=self.what))
        return value


class WhoForm(HoneypotMixin, GovukForm):
    submit_label = _("Continue")
    applying_for = forms.ChoiceField(
        label=_("Who are you applying for?"), widget=forms.RadioSelect,
        choices=PublicApplication.ApplyingFor.choices,
        help_text=_("Someone else can apply for the victim: a relative, a friend, a councillor or MP, or a support "
                    "worker, if the victim agrees."),
        error_messages={"required": _("Choose who you are applying for"),
                        "invalid_choice": _("Choose who you are applying for")})


class VictimForm(HoneypotMixin, GovukForm):
    submit_label = _("Continue")
    victim_name = _text(_("Their full name"), required_message=_("Enter the name of the person you are applying for"),
                        max_length=NAME_LENGTH)
    relationship = _text(_("How do you know them?"), max_length=NAME_LENGTH,
                         required_message=_("Say how you know the person you are applying for"),
                         help_text=_("For example: their daughter, their councillor, their support worker"))
    consent_confirmed = forms.BooleanField(
        label=_("They have agreed to me applying for them"),
        error_messages={"required": _("You can apply for someone else only if they have agreed to it")})


class NameForm(HoneypotMixin, GovukForm):
    submit_label = _("Continue")
    sender_name = _text(_("Your full name"), required_message=_("Enter your full name"), max_length=NAME_LENGTH,
                        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}))


class ContactForm(HoneypotMixin, GovukForm):
    submit_label = _("Continue")
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("We send your reference here. You need it with your reference to see how your application is "
                    "going."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter your email address"),
                        "invalid": _("Enter an email address in the right format, like name@example.com"),
                        "max_length": _("Email address must be 254 characters or fewer")})
    phone = _text(_("Phone number (optional)"), required=False, required_message="", max_length=40,
                  help_text=_("If you would like us to call you"),
                  widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}))

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(_("Enter a phone number, like 01632 960 001 or +44 7700 900 982"))
        return phone


PHONE = re.compile(r"^\+?[0-9 ()\-]{6,30}$")


class AddressForm(HoneypotMixin, GovukForm):
    submit_label = _("Continue")
    address = _text(_("Where does the anti-social behaviour happen?"), max_length=300,
                    required_message=_("Enter the address or the place where it happens"),
                    help_text=_("The address, or the street or place, for example: 4 Mill Lane, or the park on "
                                "Station Road"))
    postcode = _text(_("Postcode (optional)"), required=False, required_message="", max_length=10,
                     widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}))

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if not postcode:
            return ""
        if not is_postcode(postcode):
            raise forms.ValidationError(_("Enter a real postcode, like HW1 2AB, or leave it empty"))
        return normalise_postcode(postcode)


NOT_REPORTED = "not_reported"


class IncidentForm(HoneypotMixin, GovukForm):
    submit_label = _("Save this incident")
    occurred_on = PublicDateField(label=_("When did it happen?"), what=_("the date it happened"),
                                  help_text=_("For example, 27 3 2026. If you are not sure, give the date you think "
                                              "it was."))
    what_happened = _text(_("What happened?"), required_message=_("Say what happened"), max_length=TEXT_LENGTH,
                          widget=forms.Textarea(attrs={"rows": 5}),
                          help_text=_("Say what was done and how it affected you. Do not include anything you would "
                                      "not want the organisations dealing with it to read."))
    reported_to = forms.MultipleChoiceField(
        label=_("Who did you report it to?"), widget=forms.CheckboxSelectMultiple,
        choices=[*ListedIncident.ReportedTo.choices, (NOT_REPORTED, _("I did not report it"))],
        help_text=_("Select all that apply."),
        error_messages={"required": _("Say who you reported it to, or that you did not report it"),
                        "invalid_choice": _("Choose from the list who you reported it to")})
    reported_to_other = _text(_("If someone else, who?"), required=False, required_message="", max_length=NAME_LENGTH)
    reported_on = PublicDateField(label=_("When did you report it?"), what=_("the date you reported it"),
                                  required=False, help_text=_("If you reported it more than once, the first time. "
                                                              "For example, 28 3 2026."))
    reference_given = _text(_("Reference number you were given (optional)"), required=False, required_message="",
                            max_length=100, help_text=_("For example, a police crime or incident number"))
    hate_motivated = forms.ChoiceField(
        label=_("Do you think it happened because of who you are?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No")), ("not_sure", _("I am not sure"))],
        help_text=_("For example, because of your race, religion, disability, sexual orientation or because you are "
                    "transgender."),
        error_messages={"required": _("Say whether you think it happened because of who you are"),
                        "invalid_choice": _("Say whether you think it happened because of who you are")})

    def clean(self):
        cleaned = super().clean()
        reported_to = cleaned.get("reported_to") or []
        if NOT_REPORTED in reported_to and len(reported_to) > 1:
            self.add_error("reported_to", _("Choose who you reported it to, or that you did not report it, not both"))
        elif reported_to and NOT_REPORTED not in reported_to:
            if "reported_on" not in self.errors and cleaned.get("reported_on") is None:
                self.add_error("reported_on", _("Enter the date you reported it, with its day, month and year"))
            if ListedIncident.ReportedTo.OTHER in reported_to and not cleaned.get("reported_to_other", "").strip():
                self.add_error("reported_to_other", _("Say who else you reported it to"))
        occurred, reported = cleaned.get("occurred_on"), cleaned.get("reported_on")
        if occurred and reported and reported < occurred:
            self.add_error("reported_on", _("The date you reported it cannot be before the date it happened"))
        return cleaned

    def incident(self):
        """The answers as receive_public_application takes an incident."""
        data = self.cleaned_data
        reported_to = [key for key in data["reported_to"] if key != NOT_REPORTED]
        return {"occurred_on": data["occurred_on"], "what_happened": data["what_happened"], "reported_to": reported_to,
                "reported_to_other": data["reported_to_other"] if ListedIncident.ReportedTo.OTHER in reported_to
                else "", "reported_on": data["reported_on"] if reported_to else None,
                "reference_given": data["reference_given"], "hate_motivated": data["hate_motivated"] == "yes"}


class AnotherIncidentForm(HoneypotMixin, GovukForm):
    submit_label = _("Continue")
    another = forms.ChoiceField(
        label=_("Do you want to add another incident?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages={"required": _("Say whether you want to add another incident"),
                        "invalid_choice": _("Say whether you want to add another incident")})


class RemoveIncidentForm(HoneypotMixin, GovukForm):
    submit_label = _("Continue")
    remove = forms.ChoiceField(
        label=_("Are you sure you want to remove this incident?"), widget=forms.RadioSelect,
        choices=[("yes", _("Yes, remove it")), ("no", _("No, keep it"))],
        error_messages={"required": _("Say whether to remove this incident"),
                        "invalid_choice": _("Say whether to remove this incident")})


class DescriptionForm(HoneypotMixin, GovukForm):
    submit_label = _("Continue")
    description = _text(_("What would you like the case review to look at?"), max_length=TEXT_LENGTH,
                        required_message=_("Say what you would like the case review to look at"),
                        widget=forms.Textarea(attrs={"rows": 6}),
                        help_text=_("For example, what you asked the organisations to do, what they did, and what "
                                    "you would like to happen now."))


class EqualityStepForm(HoneypotMixin, EqualityForm):
    submit_label = _("Continue")

    @cached_property
    def helper(self):
        # EqualityForm lays out its questions only; the honeypot goes after them, as on every public page.
        helper = super().helper
        helper.layout = Layout(*helper.layout.fields, Field(HONEYPOT))
        return helper


class SendForm(HoneypotMixin, GovukForm):
    submit_label = _("Send application")


class StatusForm(HoneypotMixin, GovukForm):
    submit_label = _("Check the status")
    reference = _text(_("Your reference"), required_message=_("Enter your reference"), max_length=20,
                      help_text=_("It begins CR-, for example CR-7KBM-Q2XD. It is in the email we sent you."),
                      widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-10"}))
    email = forms.EmailField(
        label=_("The email address you gave when you applied"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter your email address"),
                        "invalid": _("Enter an email address in the right format, like name@example.com"),
                        "max_length": _("Email address must be 254 characters or fewer")})
