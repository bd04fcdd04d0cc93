"""Forms of the Family Focus pages. They check what can be checked from the typing alone; the
programme's own rules (eligibility, dates against attachment, evidence the rule set accepts) are the
actions', whose refusals land on the fields named the same (eunomia.families.actions)."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from eunomia.casework.forms import PersonChoiceField
from eunomia.casework.models import Case, Person, Report, SharingAgreement
from eunomia.core.dates import DayField
from eunomia.core.fields import NumberField
from eunomia.core.forms import GovukForm
from eunomia.evidence.forms import CsvFileField
from eunomia.families.models import Fact, FamilyMember, Goal, Relationship, RuleSet
from eunomia.partners.models import Organisation

DATE_HELP = "For example, 2026-11-24"
# Fact.value holds up to 99999.99.
LARGEST_VALUE = Decimal("99999.99")


def day_field(label, required_message, **kwargs):
    # Shown as it is typed (2026-11-24), as the hint says, not in the locale's 24/11/2026.
    widget = forms.DateInput(format="%Y-%m-%d", attrs={"class": "govuk-input--width-10", "spellcheck": "false"})
    return DayField(label=label, help_text=DATE_HELP, widget=widget, error_messages={"required": required_message},
                    **kwargs)


def text_area(label, required_message, *, rows=3, max_length=5000):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=max_length,
                           required=bool(required_message),
                           error_messages={"required": required_message or "",
                                           "max_length": f"{label.removesuffix(' (optional)')} must be "
                                                         f"{max_length:,} characters or fewer"})


def list_choice(label, queryset, required_message, *, invalid, empty_label, required=True, **kwargs):
    return forms.ModelChoiceField(label=label, queryset=queryset, empty_label=empty_label, required=required,
                                  error_messages={"required": required_message, "invalid_choice": invalid}, **kwargs)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.person} ({member.get_relationship_display().lower()})"


def fact_value(value):
    """A fact's number as the database holds it, or a message saying why it cannot be."""
    if value is not None and (value.as_tuple().exponent < -2 or abs(value) > LARGEST_VALUE):
        return "Enter the number with at most 2 decimal places and no more than 99999.99"
    return None


class IdentifyForm(GovukForm):
    submit_label = "Identify the family"
    rule_set = list_choice("Rule set", RuleSet.objects.none(), "Choose the rule set the family is worked under",
                           invalid="Choose a rule set from the list", empty_label="Choose a rule set")
    identified_on = day_field("Date identified", "Enter the date the family was identified", not_after_today=True,
                              initial=timezone.localdate)
    lead_professional = list_choice("Lead professional (optional)", None, "",
                                    invalid="Choose a lead professional from the list",
                                    empty_label="None yet", required=False,
                                    help_text="Someone of your organisation who works cases.")

    def __init__(self, *args, rule_sets, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].queryset = rule_sets
        self.fields["lead_professional"].queryset = people
        self.fields["lead_professional"].label_from_instance = lambda user: user.full_name or user.email


class AddMemberForm(GovukForm):
    """A person chosen from the search results, and their place in the family."""
    submit_label = "Add to the family"
    person = PersonChoiceField(label="Person", queryset=Person.objects.none(), widget=forms.RadioSelect,
                               error_messages={"required": "Choose a person",
                                               "invalid_choice": "Choose a person from the search results"})
    relationship = forms.ChoiceField(label="Place in the family", choices=Relationship.choices,
                                     error_messages={"required": "Choose the person's place in the family",
                                                     "invalid_choice": "Choose the person's place in the family"})

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class EvidenceForm(GovukForm):
    """One piece of evidence for one problem: a report, a case, a DA incident (its number, for DA
    editors only) or a fact."""
    submit_label = "Add the evidence"
    SOURCES = ("report", "case", "da_incident", "fact")
    problem = forms.ChoiceField(label="Problem", error_messages={
        "required": "Choose the problem the evidence shows", "invalid_choice": "Choose one of the rule set's problems"})
    report = list_choice("ASB report (optional)", Report.objects.none(), "", invalid="Choose a report from the list",
                         empty_label="No report", required=False)
    case = list_choice("ASB case (optional)", Case.objects.none(), "", invalid="Choose a case from the list",
                       empty_label="No case", required=False)
    da_incident = forms.IntegerField(label="Domestic abuse incident number (optional)", required=False, min_value=1,
                                     help_text="The number of the incident in the domestic abuse records.",
                                     error_messages={"invalid": "Enter the incident's number, like 42",
                                                     "min_value": "Enter the incident's number, like 42"})
    fact = list_choice("Fact (optional)", Fact.objects.none(), "", invalid="Choose a fact from the list",
                       empty_label="No fact", required=False)

    def __init__(self, *args, problems, reports, cases, facts, da_incidents=None, **kwargs):
        """`da_incidents`: the incidents the reader may name (None: they may not name one)."""
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [("", "Choose a problem")] + [(p.key, p.label) for p in problems]
        self.fields["report"].queryset = reports
        self.fields["report"].label_from_instance = lambda r: f"{r.reference}, {r.get_category_display().lower()}"
        self.fields["case"].queryset = cases
        self.fields["fact"].queryset = facts
        self.fields["fact"].label_from_instance = lambda f: f"{f.member.person}: {f}"
        self.da_incidents = da_incidents
        if da_incidents is None:
            del self.fields["da_incident"]

    def clean_da_incident(self):
        number = self.cleaned_data["da_incident"]
        if number is None:
            return None
        incident = self.da_incidents.filter(pk=number).first()
        if incident is None:
            # The same words whether it does not exist or is not the reader's to see.
            raise forms.ValidationError(f"There is no domestic abuse incident {number} that you may see")
        return incident

    def clean(self):
        data = super().clean()
        sources = [name for name in self.SOURCES if name in self.fields]
        if any(name in self.errors for name in sources):
            return data
        given = [name for name in sources if data.get(name) is not None]
        if not given:
            self.add_error("report", "Choose one piece of evidence: a report, a case"
                                     + (", an incident" if "da_incident" in self.fields else "") + " or a fact")
        for name in given[1:]:
            self.add_error(name, "Give one piece of evidence at a time: leave this empty, or add it on its own")
        return data

    def source(self):
        """{report|case|da_incident|fact: the record} of the valid form."""
        return {name: self.cleaned_data[name] for name in self.SOURCES
                if self.cleaned_data.get(name) is not None}


class FactForm(GovukForm):
    submit_label = "Record the fact"
    member = MemberChoiceField(label="Member", queryset=FamilyMember.objects.none(), empty_label="Choose a member",
                               error_messages={"required": "Choose the member the fact is about",
                                               "invalid_choice": "Choose a member from the list"})
    kind = forms.ChoiceField(label="What the fact is", choices=[("", "Choose one")] + Fact.Kind.choices,
                             error_messages={"required": "Choose what the fact is",
                                             "invalid_choice": "Choose what the fact is"})
    value = NumberField(label="Number (if it has one)", required=False,
                        help_text="Exclusions or offences in the period, or the percentage of sessions missed.",
                        invalid_message="Enter the number like 3 or 12.5")
    period_start = day_field("First day it covers", "Enter the first day the fact covers")
    period_end = day_field("Last day it covers", "Enter the last day the fact covers")
    source = forms.CharField(label="Source", max_length=200,
                             help_text="Where it comes from: the school's termly return, the DWP's data share...",
                             error_messages={"required": "Say where the fact comes from (the school's return, the "
                                                         "DWP's data share, ...)",
                                             "max_length": "The source must be 200 characters or fewer"})
    note = text_area("Note (optional)", "")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members

    def clean_value(self):
        value = self.cleaned_data["value"]
        problem = fact_value(value)
        if problem:
            raise forms.ValidationError(problem)
        return value


class FactImportForm(GovukForm):
    submit_label = "Import the facts"
    file = CsvFileField(label="CSV file", help_text="Columns member,kind,value,from,to,source, as described above.")


class ShareForm(GovukForm):
    submit_label = "Share the family"
    organisation = list_choice("Share with", Organisation.objects.none(), "Choose the organisation to share with",
                               invalid="Choose an organisation from the list", empty_label="Choose an organisation")
    agreement = list_choice("Under the information sharing agreement", SharingAgreement.objects.none(),
                            "Choose the agreement to share under", invalid="Choose an agreement from the list",
                            empty_label="Choose an agreement")

    def __init__(self, *args, organisations, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["agreement"].queryset = agreements


class AttachForm(GovukForm):
    """The date of attachment; for the CSP manager, also the reason to attach a family that does not
    meet the rule set's eligibility."""
    submit_label = "Attach the family"
    on = day_field("Date of attachment", "Enter the date of attachment", initial=timezone.localdate)
    override_reason = text_area("Reason to attach it without meeting the rule (optional)", "")

    def __init__(self, *args, may_override, **kwargs):
        super().__init__(*args, **kwargs)
        if may_override:
            self.fields["override_reason"].help_text = (
                "Only for a family that does not meet the rule set's eligibility: say why it is attached all the "
                "same. The reason is kept on the family and in the audit trail, and shown with any claim for its "
                "attachment. Leave it empty for a family that meets the rule.")
        else:
            del self.fields["override_reason"]


class CloseForm(GovukForm):
    submit_label = "Close the family's work"
    on = day_field("Date the work ended", "Enter the date the work ended", initial=timezone.localdate)


class PlanAgreedForm(GovukForm):
    submit_label = "Record the plan as agreed"
    on = day_field("Date the plan was agreed", "Enter the date the plan was agreed", initial=timezone.localdate)


class ActionDoneForm(GovukForm):
    submit_label = "Mark it done"
    on = day_field("Date it was done", "Enter the date it was done", initial=timezone.localdate)


class GoalForm(GovukForm):
    submit_label = "Add the goal"
    text = text_area("Goal", "Say what the family is working towards")
    problem = forms.ChoiceField(label="Problem it addresses (optional)", required=False,
                                error_messages={"invalid_choice": "Choose one of the rule set's problems, or none"})

    def __init__(self, *args, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [("", "None")] + [(p.key, p.label) for p in problems]


class ActionForm(GovukForm):
    submit_label = "Add the action"
    text = text_area("What is to be done", "Say what is to be done")
    owner = list_choice("Organisation doing it", Organisation.objects.none(), "Choose the organisation doing it",
                        invalid="Choose an organisation from the list", empty_label="Choose an organisation")
    due_on = day_field("Due", "Enter the date it is due")
    goal = list_choice("Goal (optional)", Goal.objects.none(), "", invalid="Choose a goal from the list",
                       empty_label="No goal",
                       required=False)

    def __init__(self, *args, organisations, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = organisations
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = lambda goal: goal.text[:100]


class ReviewForm(GovukForm):
    submit_label = "Record the review"
    reviewed_on = day_field("Date of the review", "Enter the date of the review", initial=timezone.localdate)
    summary = text_area("What the review found", "Say what the review found", rows=5)


class SupportForm(GovukForm):
    """An intervention or referral of a member, as "intervention:<id>" or "referral:<id>"."""
    submit_label = "Link to the plan"
    support = forms.ChoiceField(label="Support given to a member", widget=forms.RadioSelect,
                                error_messages={"required": "Choose the intervention or referral to link",
                                                "invalid_choice": "Choose an intervention or referral from the list"})

    def __init__(self, *args, interventions, referrals, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {f"intervention:{i.pk}": ("intervention", i) for i in interventions}
        self.records |= {f"referral:{r.pk}": ("referral", r) for r in referrals}
        self.fields["support"].choices = (
            [(f"intervention:{i.pk}", f"{i.person}: {i}") for i in interventions]
            + [(f"referral:{r.pk}", f"{r.person}: referral to {r.get_service_display().lower()}, "
                                    f"{r.referred_on:%-d %B %Y}") for r in referrals])

    def chosen(self):
        """{intervention|referral: the record} of the valid form."""
        kind, record = self.records[self.cleaned_data["support"]]
        return {kind: record}
