from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eunomia.core.fields import NumberField
from eunomia.core.forms import GovukForm, required
from eunomia.core.periods import check_plan_year, year_choices
from eunomia.figures.forms import COUNTS_HELP, RecordValueForm, counts_field
from eunomia.figures.models import Figure
from eunomia.partners.models import Organisation, WorkingGroup
from eunomia.plans.models import ITEM_NOUNS, MAX_PLAN_YEARS, MEASURED_UNITS, Action, Priority, Target

YEARS_HELP = ("A plan may cover several years, revised yearly (the regulations allow three): its targets each "
              "fall in the year they are due.")


def years_field():
    return forms.TypedChoiceField(
        label="How many years the plan covers", coerce=int, initial=1, help_text=YEARS_HELP, required=False,
        empty_value=1,
        choices=[(n, "1 year" if n == 1 else f"{n} years") for n in range(1, MAX_PLAN_YEARS + 1)],
        error_messages=required("Choose how many years the plan covers"))


class PlanForm(GovukForm):
    submit_label = "Start the plan"
    start_year = forms.TypedChoiceField(label="Plan year", coerce=int, choices=(),
                                        error_messages=required("Choose the year the plan covers"),
                                        help_text="For a plan of several years, its first year.")
    years = years_field()
    title = forms.CharField(label="Title", required=False, max_length=200,
                            help_text="Leave blank for 'Partnership Plan 2026 - 2027'.")
    copy_previous = forms.BooleanField(
        label="Copy the priorities, themes, objectives, areas of focus and text of the year before", required=False,
    )

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_year"].choices = [("", "Choose a year")] + year_choices(partnership)
        self.fields["start_year"].error_messages["invalid_choice"] = check_plan_year(partnership, None)


class PlanTitleForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200, error_messages=required("Enter the plan's title"))
    years = years_field()


class PlanItemForm(GovukForm):
    """Priorities, cross-cutting themes, key objectives and areas of focus share one shape."""

    title = forms.CharField(label="Title", max_length=300)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text="Optional. Paragraphs are separated by a blank line.")

    def __init__(self, *args, kind, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        noun = ITEM_NOUNS[kind]
        self.fields["title"].error_messages = required(f"Enter the {noun}")
        self.fields["title"].label = "Objective" if kind == "objective" else "Title"
        if kind == "objective":
            del self.fields["description"]
        if kind in ("priority", "theme"):
            self.fields["working_group"] = forms.ModelChoiceField(
                label="Working group", required=False, empty_label="No working group",
                queryset=WorkingGroup.objects.filter(partnership=partnership),
                help_text="The group that keeps this action plan.",
            )


class ActionForm(GovukForm):
    title = forms.CharField(label="Action", max_length=400, widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages=required("Describe the action"))
    priority = forms.ModelChoiceField(label="Priority", queryset=Priority.objects.none(),
                                      error_messages=required("Choose the priority the action serves"),
                                      empty_label="Choose a priority")
    owner_organisation = forms.ModelChoiceField(label="Lead organisation", queryset=Organisation.objects.none(),
                                                error_messages=required("Choose the organisation that leads the action"),
                                                empty_label="Choose an organisation")
    other_leads = forms.ModelMultipleChoiceField(
        label="Other lead organisations", queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Member organisations that share the lead. Each may record "
                                                       "the action's actuals.",
        error_messages={"invalid_choice": "Choose lead organisations from the list"})
    delivery_partners = forms.ModelMultipleChoiceField(
        label="Delivery partners", queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Organisations that help deliver it, members or not (providers and charities are added in the "
                  "directory without joining the partnership).",
        error_messages={"invalid_choice": "Choose delivery partners from the list"})
    status = forms.ChoiceField(label="Status", choices=Action.Status.choices, widget=forms.RadioSelect,
                               initial=Action.Status.NOT_STARTED, error_messages=required("Choose the action's status"))
    objectives = forms.ModelMultipleChoiceField(label="Key objectives it serves", queryset=Priority.objects.none(),
                                                required=False, widget=forms.CheckboxSelectMultiple)
    themes = forms.ModelMultipleChoiceField(label="Cross-cutting themes it serves", queryset=Priority.objects.none(),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    focus_areas = forms.ModelMultipleChoiceField(label="Areas of focus it serves", queryset=Priority.objects.none(),
                                                 required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, plan, organisations, directory, **kwargs):
        super().__init__(*args, **kwargs)
        for relation in ("objectives", "themes", "focus_areas"):
            items = getattr(plan, relation).all()
            if items.exists():
                self.fields[relation].queryset = items
                self.fields[relation].error_messages["invalid_choice"] = "Choose from the list"
            else:
                del self.fields[relation]
        self.fields["priority"].queryset = plan.priorities.all()
        self.fields["owner_organisation"].queryset = organisations
        self.fields["other_leads"].queryset = organisations
        members = set(organisations.values_list("pk", flat=True))
        self.fields["delivery_partners"].queryset = directory
        self.fields["delivery_partners"].label_from_instance = (
            lambda org: org.name if org.pk in members else f"{org.name} (not a member)")


UNIT_HELP = "Count: a number of things. Percentage: a share. Milestones: something done, or described in words."


class TargetForm(GovukForm):
    measure = forms.CharField(label="What is measured", max_length=300,
                              error_messages=required("Say what the target measures"),
                              help_text="For example, 'Referrals to mediation services'.")
    unit = forms.ChoiceField(label="Kind of target", choices=Target.TargetUnit.choices, widget=forms.RadioSelect,
                             error_messages=required("Choose the kind of target"), help_text=UNIT_HELP)
    direction = forms.ChoiceField(label="Direction", choices=Target.Direction.choices, widget=forms.RadioSelect,
                                  initial=Target.Direction.REACH, required=False,
                                  help_text="For counts and percentages only.")
    baseline_value = NumberField(label="Baseline", required=False,
                                 help_text="Usually last year's actual. For counts and percentages.",
                                 invalid_message="Enter the baseline as a number, like 33 or 82.5")
    baseline_note = forms.CharField(label="If there is no baseline, say why", required=False, max_length=100,
                                    help_text="For example, 'New service'.")
    target_value = NumberField(label="Target", required=False, help_text="For counts and percentages. "
                               "For a yes-or-no milestone, enter 1 for yes. Leave blank for a target that is only a "
                               "direction from the baseline (increase, decrease or maintain), or a change on it.",
                               invalid_message="Enter the target as a number, like 40 or 80")
    change_percent = NumberField(label="Or a change on the baseline, in percent", required=False,
                                 help_text="For 'reduce by 5% on the baseline', choose Decrease and enter 5.",
                                 invalid_message="Enter the change as a number, like 5 for 5%")
    target_text = forms.CharField(label="Milestone to reach", required=False, max_length=300,
                                  help_text="For a milestone described in words, like 'Policy adopted by all partners'.")
    definition = forms.CharField(label="How the actual is counted", required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="Optional. Exactly what counts, so two people get the same number.")
    source = forms.CharField(label="Where the actual comes from", required=False, max_length=300,
                             help_text="Optional. Defaults to the lead organisation.")
    figure = forms.ModelChoiceField(label="Use an existing figure as the actual", required=False,
                                    queryset=Figure.objects.none(), empty_label="No: the actual is entered by hand",
                                    help_text="For example a figure calculated from Eunomia's records.")
    counts = counts_field()

    def __init__(self, *args, partnership=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("unit", "definition", "source", "figure", "counts"):
                del self.fields[name]
        else:
            self.fields["figure"].queryset = Figure.objects.filter(partnership=partnership, target__isnull=True)
            self.fields["counts"].help_text = format_lazy("{} {}", _("For a count entered by hand."), COUNTS_HELP)
            names = list(self.fields)
            names.remove("counts")
            names.insert(names.index("unit") + 1, "counts")
            self.order_fields(names)

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit") or self.initial.get("unit")
        if unit in MEASURED_UNITS and not cleaned.get("direction"):
            self.add_error("direction", "Choose whether the target is to increase, decrease or reach a level")
        # A count entered by hand says what it counts (ADR 65); an existing figure has said already.
        if "counts" in self.fields and unit == "count" and not cleaned.get("figure") and not cleaned.get("counts"):
            self.add_error("counts", _("Say whether the target counts people or events"))
        return cleaned


class ActualForm(RecordValueForm):
    """Recording what a target reached; a milestone described in words also needs the judgement."""

    submit_label = "Save the actual"

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, unit=target.unit, noun="actual", **kwargs)
        if target.unit == "text":
            self.fields["milestone_met"] = forms.TypedChoiceField(
                label="Was the milestone met?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
                coerce=lambda v: v == "yes", error_messages=required("Say whether the milestone was met"))
            self.order_fields(["text_value", "milestone_met", "evidence"])


class MilestonesForm(GovukForm):
    """The aim for the end of each quarter of the target's year: blank for no milestone then."""

    submit_label = "Save the milestones"

    def __init__(self, *args, target, quarter_ends, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {m.due_on: m for m in target.milestones.all()}
        self.dates = {}
        for number, due_on in enumerate(quarter_ends, start=1):
            name = f"by-{due_on}"
            self.dates[name] = due_on
            label = f"By {due_on:%-d %B %Y} (end of quarter {number})"
            milestone = existing.get(due_on)
            if target.unit == "text":
                field = forms.CharField(label=label, required=False, max_length=300,
                                        initial=milestone.target_text if milestone else "")
            else:
                field = NumberField(label=label, required=False, initial=milestone.target_value if milestone else None,
                                    help_text="Leave blank for no milestone at this quarter.",
                                    invalid_message="Enter the aim as a number, like 10")
            self.fields[name] = field

    def aims(self):
        """{date: aim or None}, as set_milestones takes them."""
        return {due_on: (self.cleaned_data[name] if self.cleaned_data[name] not in (None, "") else None)
                for name, due_on in self.dates.items()}


class SectionForm(GovukForm):
    body = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 18}),
                           help_text="Separate paragraphs with a blank line. Start a line with '- ' for a bullet, "
                                     "'## ' for a sub-heading. Name a figure as [[figure-name]] to show its value.")


class ConfirmForm(GovukForm):
    """A form with nothing to fill in but a button: approve, publish, carry over."""

    def __init__(self, *args, submit_label, **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


NEW_PRIORITY = "new"


class CarryOverForm(GovukForm):
    """Where each of last year's unfinished actions goes: a priority of the new plan (the one of
    the same title chosen already), a new priority titled as its old one, or nowhere."""

    submit_label = "Carry over"

    def __init__(self, *args, candidates, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = [c for c in candidates if not c.reason]
        by_pk = {str(p.pk): p for p in priorities}
        self.priorities = by_pk
        for candidate in self.candidates:
            action = candidate.action
            choices = [("", "Do not carry it over")] + [(pk, p.title) for pk, p in by_pk.items()]
            if candidate.priority is None:
                choices.append((NEW_PRIORITY, f"A new priority: {action.priority.title}"))
            self.fields[f"action_{action.pk}"] = forms.ChoiceField(
                label=action.title, choices=choices, required=False,
                initial=str(candidate.priority.pk) if candidate.priority else NEW_PRIORITY,
                help_text=f"Under {action.priority.title} last year; led by {action.owner_organisation}; "
                          f"{action.get_status_display().lower()}.",
                error_messages={"invalid_choice": "Choose a priority from the list"})

    def choices(self):
        """{action: priority or None (a new one titled as the old)} for the actions to carry."""
        chosen = {}
        for candidate in self.candidates:
            value = self.cleaned_data.get(f"action_{candidate.action.pk}")
            if value:
                chosen[candidate.action] = None if value == NEW_PRIORITY else self.priorities[value]
        return chosen


WORKBOOK_LIMIT = 5 * 1024 * 1024


class WorkbookUploadForm(GovukForm):
    submit_label = "Check and load the workbook"
    start_year = forms.TypedChoiceField(label="Plan year", coerce=int, choices=(),
                                        error_messages=required("Choose the year the plan covers"),
                                        help_text="For a plan of several years, its first year.")
    years = years_field()
    file = forms.FileField(label="Workbook (.xlsx)",
                           help_text="In the layout of a plan downloaded as a workbook. Nothing is saved unless the "
                                     "whole workbook is right.",
                           error_messages={"required": "Select the workbook", "empty": "The selected file is empty",
                                           "invalid": "Select an .xlsx workbook"})

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_year"].choices = [("", "Choose a year")] + year_choices(partnership)
        self.fields["start_year"].error_messages["invalid_choice"] = check_plan_year(partnership, None)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(f"The selected file, {upload.name}, must be an .xlsx workbook")
        if upload.size > WORKBOOK_LIMIT:
            raise forms.ValidationError("The workbook must be smaller than 5 MB")
        return upload
