from django import forms

from eunomia.accounts.roles import LEAD_GRANTABLE_ROLES, ROLES
from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm, required
from eunomia.partners.actions import (NO_DISTRICT, charity_number_problem, company_number_problem,
                                      district_names_problem, lead_contact_problem, local_authority_codes_problem,
                                      tidy_district_names, tidy_local_authority_codes, tidy_registered_number)
from eunomia.partners.models import Organisation


EMAIL_INVALID = {"invalid": "Enter an email address in the right format, like name@example.org"}


class ContactDetailsForm(GovukForm):
    """The contact details an organisation and a partnership both publish."""

    address = forms.CharField(label="Address", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    phone = forms.CharField(label="Phone", required=False, max_length=40)
    email = forms.EmailField(label="Email", required=False, error_messages=EMAIL_INVALID)
    website = forms.CharField(label="Website", required=False, max_length=200)


class OrganisationForm(ContactDetailsForm):
    field_order = ["name", "kind"]
    name = forms.CharField(label="Name", max_length=200, error_messages=required("Enter the organisation's name"))
    kind = forms.ChoiceField(label="Type of organisation", choices=Organisation.Kind.choices, widget=forms.RadioSelect,
                             error_messages=required("Choose the type of organisation"))
    charity_number = forms.CharField(
        label="Registered charity number", required=False,
        help_text="If it is a registered charity, like 1123456, SC012345 or NIC100001. Open data about the "
                  "partnership's grants names the organisation by it.")
    company_number = forms.CharField(
        label="Company number", required=False,
        help_text="If it is a registered company, the 8 characters Companies House gives it, like 01234567 or "
                  "SC123456.")

    def clean_charity_number(self):
        """The action's rule (`add_organisation`, `update_organisation`), asked here to show it beside the field."""
        number = tidy_registered_number(self.cleaned_data["charity_number"])
        problem = charity_number_problem(number)
        if problem:
            raise forms.ValidationError(problem)
        return number

    def clean_company_number(self):
        number = tidy_registered_number(self.cleaned_data["company_number"])
        problem = company_number_problem(number)
        if problem:
            raise forms.ValidationError(problem)
        return number


JOINED_HELP = ("The day it became a member, like 2009-04-01. Leave blank for today. For a past plan, give "
               "the day it first sat, so that year's plan lists it.")


def _joined_on():
    return DayField(label="Date it joined the partnership", required=False, help_text=JOINED_HELP,
                    what="The date it joined")


class NewOrganisationForm(OrganisationForm):
    submit_label = "Add the organisation"
    member = forms.TypedChoiceField(
        label="Does it join the partnership?", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Yes, it is a member"),
                 ("no", "No, it only delivers actions (a provider or charity): it is listed as a delivery partner, "
                        "not as a member")],
        initial="yes", error_messages=required("Say whether it joins the partnership"))
    joined_on = _joined_on()


class JoinForm(GovukForm):
    submit_label = "Add to the partnership"
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none(),
        error_messages=required("Choose an organisation"), empty_label="Choose an organisation",
    )
    joined_on = _joined_on()

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class LeaveForm(GovukForm):
    submit_label = "Remove from the partnership"
    left_on = DayField(label="Date it left the partnership", required=False, what="The date it left",
                       help_text="Like 2026-03-31. Leave blank for today.")


class SeatDatesForm(GovukForm):
    submit_label = "Save the dates"
    joined_on = DayField(label="Date it joined", error_messages=required("Enter the date it joined"))
    left_on = DayField(label="Date it left", required=False, what="The date it left",
                       help_text="Leave blank while it is still a member. Like 2016-03-31.")


class ContactForm(GovukForm):
    name = forms.CharField(label="Full name", max_length=200, error_messages=required("Enter the contact's full name"))
    organisation = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none(),
                                          error_messages=required("Choose the contact's organisation"),
                                          empty_label="Choose an organisation")
    job_title = forms.CharField(label="Job title", required=False, max_length=200)
    email = forms.EmailField(label="Email", required=False, error_messages=EMAIL_INVALID)
    phone = forms.CharField(label="Phone", required=False, max_length=40)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class WorkingGroupForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200, error_messages=required("Enter the working group's name"))
    purpose = forms.CharField(label="Purpose", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="For example, the priority or theme whose action plan it keeps.")
    lead_organisation = forms.ModelChoiceField(label="Lead organisation", queryset=Organisation.objects.none(),
                                               error_messages=required("Choose the lead organisation"),
                                               empty_label="Choose an organisation")
    lead_contact = forms.ModelChoiceField(label="Lead contact", required=False, queryset=Organisation.objects.none(),
                                          empty_label="No named lead")
    member_organisations = forms.ModelMultipleChoiceField(
        label="Member organisations", required=False, queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations
        self.fields["member_organisations"].queryset = organisations
        self.fields["lead_contact"].queryset = contacts

    def clean(self):
        cleaned = super().clean()
        problem = lead_contact_problem(cleaned.get("lead_contact"), cleaned.get("lead_organisation"))
        if problem:
            self.add_error("lead_contact", problem)
        return cleaned


class PartnershipForm(ContactDetailsForm):
    field_order = ["name", "local_authority_codes", "district_names"]
    name = forms.CharField(label="Name", max_length=200, error_messages=required("Enter the partnership's name"))
    local_authority_codes = forms.CharField(
        label="Local authority codes", required=False,
        help_text="The ONS codes of the districts the partnership covers, separated by commas, like E07000115.",
    )
    district_names = forms.CharField(
        label="District names as police.uk writes them", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Without ONS codes, name each district as police.uk's crime files do at the start of their "
                  "LSOA names, one on each line, like City of London. Rates and maps need the ONS boundary and "
                  "population files as well.",
    )

    def clean_district_names(self):
        """The action's rule (`update_partnership`), asked here to show it beside the form's own errors."""
        names = tidy_district_names(self.cleaned_data["district_names"].splitlines())
        problem = district_names_problem(names)
        if problem:
            raise forms.ValidationError(problem)
        return names

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("local_authority_codes") and not cleaned.get("district_names"):
            self.add_error("local_authority_codes", NO_DISTRICT)
        return cleaned

    def clean_local_authority_codes(self):
        """The action's one rule (`update_partnership`), asked here to show it beside the form's own errors."""
        codes = tidy_local_authority_codes(self.cleaned_data["local_authority_codes"].replace(";", ",").split(","))
        problem = local_authority_codes_problem(codes)  # none at all: clean() asks for a code or a name
        if problem:
            raise forms.ValidationError(problem)
        return codes


def role_field(label="Role"):
    return forms.ChoiceField(
        label=label, widget=forms.RadioSelect,
        error_messages={**required("Choose a role"), "invalid_choice": "Choose one of the roles listed"},
        choices=[(role.key, role.label) for role in ROLES.values()])


def _offer_roles(form, roles):
    """Offer only `roles` (keys), for an organisation lead; None offers every role."""
    if roles is not None:
        form.fields["role"].choices = [(key, ROLES[key].label) for key in roles]


def role_descriptions(roles=None):
    """What each role opens (of `roles`, keys, if given), shown beside the choice; the DA role says who may give it."""
    descriptions = [(role.label, role.description) for role in ROLES.values() if roles is None or role.key in roles]
    return [(label, text + (" It opens the domestic abuse records (DASH risk assessments, MARAC, IDVA support) that "
                            "no other role sees. Only the CSP manager may give it." if label == ROLES["da_specialist"].label
                            else "")) for label, text in descriptions]


class InviteForm(GovukForm):
    submit_label = "Send the invitation"
    full_name = forms.CharField(label="Full name", max_length=200, error_messages=required("Enter their full name"))
    email = forms.EmailField(label="Work email address", max_length=254,
                             error_messages={**required("Enter their work email address"), **EMAIL_INVALID})
    organisation = forms.ModelChoiceField(label="Organisation", queryset=Organisation.objects.none(),
                                          empty_label="Choose an organisation",
                                          error_messages={**required("Choose their organisation"),
                                                          "invalid_choice": "Choose one of the member organisations"})
    role = role_field()

    def __init__(self, *args, organisations, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        _offer_roles(self, roles)


class RoleForm(GovukForm):
    submit_label = "Change the role"
    role = role_field("New role")

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_roles(self, roles)


class OrganisationLeadForm(GovukForm):
    submit_label = "Save"
    lead = forms.TypedChoiceField(
        label="Is this member a lead of their organisation?", widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", "Yes: they may invite people to their organisation and manage its members, in the roles "
                         "the partnership lets organisation leads give"),
                 ("no", "No")],
        error_messages={**required("Say whether they are an organisation lead"),
                        "invalid_choice": "Say whether they are an organisation lead"})


class LeadRolesForm(GovukForm):
    submit_label = "Save the roles"
    lead_roles = forms.MultipleChoiceField(
        label="Roles organisation leads may give", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(key, ROLES[key].label) for key in LEAD_GRANTABLE_ROLES],
        help_text="An organisation lead may invite people to their own organisation in these roles, change its "
                  "members between them, and end or restore their memberships. Only the CSP manager gives CSP "
                  "manager or a domestic abuse role. Choose none to leave all of it to the CSP manager.",
        error_messages={"invalid_choice": "Choose only from the roles listed: CSP manager and the domestic abuse "
                                          "roles are given only by the CSP manager"})


class EndMembershipForm(GovukForm):
    submit_label = "End the membership"
    ended_on = DayField(label="The day the membership ends", required=False, what="The day it ends",
                        help_text="The day their access ends, like 2027-01-31: from that day they cannot sign in to "
                                  "this partnership. Leave blank for today.")
