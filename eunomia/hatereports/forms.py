"""The public form's pages, one thing each (kept in the session by eunomia.core.journeys), and the
triage and centre forms. Every public form carries the honeypot (eunomia.core.public_forms); every
text has its own limit, refused in words, and a null character is refused, not kept."""

from functools import cached_property

from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eunomia.casework.forms import OffersPeopleForm
from eunomia.core import equality
from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.core.postcodes import PostcodeError, check_postcode
from eunomia.core.public_forms import HONEYPOT, HoneypotMixin
from eunomia.hatereports import actions
from eunomia.hatereports.models import (ADDRESS_MAX, CLOSE_NOTE_MAX, DESCRIPTION_MAX, EMAIL_MAX, NAME_MAX,
                                        OTHER_MOTIVATION_MAX, PHONE_MAX, HateReport, Strand)

YES, NO = "yes", "no"


def text_field(*, label, what, limit, required=True, textarea=False, hint="", required_message=None):
    """A text answer with its limit and its refusals in words. No maxlength on the input: a browser would
    cut a long paste short without saying so; the limit is shown and checked instead."""
    field = forms.CharField(
        label=label, help_text=hint, required=required, max_length=limit,
        widget=forms.Textarea(attrs={"rows": 8}) if textarea else forms.TextInput,
        error_messages={"required": required_message or _("Enter %(what)s") % {"what": what[0].lower() + what[1:]},
                        "max_length": _("%(what)s must be %(limit)s characters or fewer") % {
                            "what": what, "limit": f"{limit:,}"}})
    field.widget.attrs.pop("maxlength", None)
    field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
    field.validators.append(ProhibitNullCharactersValidator(
        message=_("%(what)s contains a character that cannot be kept (a null character): remove it") % {"what": what}))
    return field


class StepForm(HoneypotMixin, GovukForm):
    """A page of the public form. `centre`: the reporting centre a signed-in centre's staff member reports
    for, which changes who the questions are about. A page asking one question (`heading_field`) shows it
    as the page's heading, as GOV.UK does; a page of several has the step's title as its heading."""

    submit_label = _("Continue")
    heading_field = None
    page_heading = None

    def __init__(self, *args, centre=None, **kwargs):
        self.centre = centre
        super().__init__(*args, **kwargs)

    @cached_property
    def helper(self):
        helper = super().helper
        if self.heading_field is not None:
            helper.layout = Layout(*(self._heading(name) if name == self.heading_field else Field(name)
                                     for name in self.fields))
        return helper

    def _heading(self, name):
        widget = self.fields[name].widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return Field.checkboxes(name, legend_tag="h1", legend_size=Size.LARGE)
        if isinstance(widget, forms.RadioSelect):
            return Field.radios(name, legend_tag="h1", legend_size=Size.LARGE)
        if isinstance(widget, forms.Textarea):
            return Field.textarea(name, label_tag="h1", label_size=Size.LARGE, max_characters=self.max_characters)
        return Field.text(name, label_tag="h1", label_size=Size.LARGE)


class ReporterForm(StepForm):
    heading_field = "reporter"
    reporter = forms.ChoiceField(label=_("Who is reporting?"), widget=forms.RadioSelect,
                                 error_messages={"required": _("Choose who is reporting"),
                                                 "invalid_choice": _("Choose who is reporting from the list")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(HateReport.Reporter.VICTIM, _("It happened to me")),
                   (HateReport.Reporter.WITNESS, _("I saw it happen to someone else")),
                   (HateReport.Reporter.ON_BEHALF,
                    _("I am reporting for the person it happened to (a friend, relative or someone I support)"))]
        if self.centre is not None:
            choices.append((HateReport.Reporter.CENTRE,
                            _("I work at %(centre)s, a reporting centre, and I am reporting for someone") % {
                                "centre": self.centre}))
        self.fields["reporter"].choices = choices


class WhatForm(StepForm):
    description = text_field(label=_("What happened?"), what=_("What happened"), limit=DESCRIPTION_MAX, textarea=True,
                             required_message=_("Describe what happened"),
                             hint=_("Say what was said or done, and by whom if you know. Do not worry if you do not "
                                    "know everything."))
    heading_field = "description"
    max_characters = DESCRIPTION_MAX


class WhenForm(StepForm):
    page_heading = _("When did it happen?")
    occurred_on = DayField(label=_("Date it happened"), what=_("The date it happened"), not_after_today=True,
                           help_text=_("For example, 2026-11-24. If you are not sure, give your best guess."),
                           error_messages={"required": _("Enter the date it happened")})
    occurred_time = forms.TimeField(label=_("Time it happened (optional)"), required=False,
                                    help_text=_("For example, 21:30"),
                                    error_messages={"invalid": _("Enter the time like 21:30")})

    def clean(self):
        data = super().clean()
        day, time = data.get("occurred_on"), data.get("occurred_time")
        now = timezone.localtime()
        if day and time and day == now.date() and time > now.time():
            self.add_error("occurred_time", _("The time it happened must be now or in the past"))
        return data


class WhereForm(StepForm):
    page_heading = _("Where did it happen?")
    address = text_field(label=_("Address or place"), what=_("The address or place"), limit=ADDRESS_MAX,
                         required=False, hint=_("For example, the street, a shop or a bus stop"))
    postcode = text_field(label=_("Postcode (optional)"), what=_("The postcode"), limit=20, required=False)

    def clean_postcode(self):
        text = self.cleaned_data["postcode"]
        if not text.strip():
            return ""
        try:
            return check_postcode(text)
        except PostcodeError:
            raise forms.ValidationError(_("Enter a UK postcode, like HW1 2AB")) from None

    def clean(self):
        data = super().clean()
        if not data.get("address") and not data.get("postcode") and "address" not in self.errors \
                and "postcode" not in self.errors:
            self.add_error("address", _("Enter where it happened: an address or place, or a postcode"))
        return data


class MotivationForm(StepForm):
    heading_field = "motivations"
    motivations = forms.MultipleChoiceField(
        label=_("Why do you think it happened?"), choices=Strand.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose every reason that applies: because of the person's disability, race, religion, sexual "
                    "orientation or transgender identity, or what someone thought it was."),
        error_messages={"required": _("Choose at least one reason you think it happened, or something else"),
                        "invalid_choice": _("Choose reasons from the list")})
    other_motivation = text_field(label=_("If something else, what?"), what=_("The other reason"),
                                  limit=OTHER_MOTIVATION_MAX, required=False)

    def clean(self):
        data = super().clean()
        if Strand.OTHER in data.get("motivations", []) and not data.get("other_motivation") \
                and "other_motivation" not in self.errors:
            self.add_error("other_motivation", _("Say what the other reason is"))
        return data


class AnonymousForm(StepForm):
    heading_field = "give_name"
    give_name = forms.ChoiceField(widget=forms.RadioSelect,
                                  error_messages={"required": _("Choose whether to give a name")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["give_name"]
        if self.centre is not None:
            field.label = _("Does the person you are reporting for want to give their name?")
        else:
            field.label = _("Do you want to give your name?")
        field.help_text = _("You can stay anonymous. If you do, no one will be able to contact you about the report.")
        field.choices = [(YES, _("Yes")), (NO, _("No, stay anonymous"))]


class NameForm(StepForm):
    @property
    def page_heading(self):
        return _("What is the name of the person you are reporting for?") if self.centre else _("What is your name?")

    first_name = text_field(label=_("First name"), what=_("The first name"), limit=NAME_MAX,
                            required_message=_("Enter a first name"))
    last_name = text_field(label=_("Last name"), what=_("The last name"), limit=NAME_MAX,
                           required_message=_("Enter a last name"))


class ContactForm(StepForm):
    heading_field = "contact_by"
    contact_by = forms.ChoiceField(widget=forms.RadioSelect, choices=HateReport.ContactBy.choices,
                                   error_messages={"required": _("Choose how to be contacted, or no contact")})
    email = text_field(label=_("Email address (if by email)"), what=_("The email address"), limit=EMAIL_MAX,
                       required=False)
    phone = text_field(label=_("Phone number (if by phone)"), what=_("The phone number"), limit=PHONE_MAX,
                       required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_by"].label = (_("How can we contact the person you are reporting for?")
                                           if self.centre is not None else _("How can we contact you?"))
        self.fields["contact_by"].choices = [(HateReport.ContactBy.EMAIL, _("By email")),
                                             (HateReport.ContactBy.PHONE, _("By phone")),
                                             (HateReport.ContactBy.NONE, _("Do not contact me"))]
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel"})

    # Each is checked only when it is the way chosen (contact_by is cleaned before them).
    def clean_email(self):
        email = self.cleaned_data["email"]
        if email and self.cleaned_data.get("contact_by") == HateReport.ContactBy.EMAIL:
            try:
                forms.EmailField().clean(email)
            except forms.ValidationError:
                raise forms.ValidationError(_("Enter an email address, like name@example.com")) from None
        return email

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and self.cleaned_data.get("contact_by") == HateReport.ContactBy.PHONE:
            return actions.check_phone(phone)
        return phone

    def clean(self):
        data = super().clean()
        how = data.get("contact_by")
        if how == HateReport.ContactBy.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter an email address, or choose another way to be contacted"))
        if how == HateReport.ContactBy.PHONE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter a phone number, or choose another way to be contacted"))
        # Only the way chosen is kept: an address typed before choosing the phone is not.
        if how != HateReport.ContactBy.EMAIL and "email" in data:
            data["email"] = ""
        if how != HateReport.ContactBy.PHONE and "phone" in data:
            data["phone"] = ""
        return data


class EqualityStartForm(StepForm):
    heading_field = "answer"
    answer = forms.ChoiceField(
        label=_("Would you like to answer some questions about yourself?"), widget=forms.RadioSelect,
        choices=[(YES, _("Yes")), (NO, _("No, skip them"))],
        help_text=_("They are optional, and every one has “Prefer not to say”. They help the partnership check that "
                    "its services reach everyone. They are not used to decide anything about your report."),
        error_messages={"required": _("Choose whether to answer the questions about yourself")})


class EqualityStepForm(StepForm, equality.EqualityForm):
    """One equality question a page (all optional), as eunomia.core.equality asks it."""

    question = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, only=[self.question], **kwargs)

    @cached_property
    def helper(self):
        helper = super().helper
        helper.layout.append(Field(HONEYPOT))
        return helper


def equality_step_form(question):
    return type(f"Equality{question.name.title().replace('_', '')}Form", (EqualityStepForm,),
                {"question": question.name, "__module__": __name__})


EQUALITY_FORMS = {question.name: equality_step_form(question) for question in equality.QUESTIONS}


class SendForm(HoneypotMixin, GovukForm):
    """The check-your-answers page's button. With JavaScript, GOV.UK Frontend ignores a second click, so a
    double click does not send the report twice (without it, a second send arriving once the first is done
    finds the answers gone and starts the form again)."""

    submit_label = _("Send the report")

    @cached_property
    def helper(self):
        helper = super().helper
        helper.inputs = [Submit("submit", self.submit_label, data_prevent_double_click="true")]
        return helper


# Staff ------------------------------------------------------------------------------------------------------

class ConvertForm(OffersPeopleForm):
    """Turning a report into casework: when people already recorded may be the one named, the triager
    chooses one of them or says this is someone new (casework's duplicate offer)."""

    submit_label = _("Turn into a casework report")


class CloseForm(GovukForm):
    submit_label = _("Close the report")
    reason = forms.ChoiceField(label=_("Why is it being closed?"), widget=forms.RadioSelect,
                               choices=HateReport.CloseReason.choices,
                               error_messages={"required": _("Choose why the report is being closed")})
    note = text_field(label=_("Note (needed for another reason)"), what=_("The note"), limit=CLOSE_NOTE_MAX,
                      required=False, textarea=True)


class CentreForm(GovukForm):
    submit_label = _("Make it a reporting centre")
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=_("Choose an organisation"),
        help_text=_("From the partnership's directory. Its staff who are members here can then report on someone's "
                    "behalf and follow their centre's reports."),
        error_messages={"required": _("Choose the organisation to make a reporting centre"),
                        "invalid_choice": _("Choose an organisation from the list")})

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class TriageOrganisationForm(GovukForm):
    submit_label = _("Save")
    organisation = forms.ModelChoiceField(
        label=_("Organisation that triages hate reports"), queryset=None, empty_label=_("Choose an organisation"),
        help_text=_("Its members who work casework see the reports sent online and decide what happens to them."),
        error_messages={"required": _("Choose the organisation that triages hate reports"),
                        "invalid_choice": _("Choose an organisation from the list")})

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReferenceSearchForm(forms.Form):
    reference = forms.CharField(label=_("Find a reference"), required=False, max_length=20)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("In triage")), ("all", _("All"))] + [
                                   c for c in HateReport.Status.choices if c[0] != HateReport.Status.IN_TRIAGE])
