from django.conf import settings
from django.db import models
from django.db.models import Q

from eunomia.core.periods import plan_period, year_containing, year_label
from eunomia.figures.models import Unit
from eunomia.partners.models import OwnedByOrganisation


# The regulations allow a three-year plan revised yearly; some partnerships plan over a Police and
# Crime Commissioner's four-year term. Longer than five years is not a plan.
MAX_PLAN_YEARS = 5


class PlanYear(models.Model):
    """A partnership's plan for one year (April to March unless the partnership says otherwise), or
    for several years (`years`), revised yearly: each of its targets falls in one of its years, the
    one its due date is in.

    The plan is a living record: its draft is edited all year. Publishing freezes a copy into a
    PublishedVersion; later edits change the draft, never what was published. Any edit clears the
    approval, so what is published is always what was approved.
    """

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="plans")
    start_year = models.PositiveSmallIntegerField()
    years = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "start_year"], name="one_plan_per_year"),
            models.CheckConstraint(condition=Q(start_year__gte=2000, start_year__lte=2100), name="plan_year_sane"),
            models.CheckConstraint(condition=Q(years__gte=1, years__lte=MAX_PLAN_YEARS), name="plan_years_sane"),
        ]

    def __str__(self):
        return f"{self.partnership} plan {self.label}"

    @property
    def last_year(self):
        """The start year of the plan's last year."""
        return self.start_year + self.years - 1

    @property
    def year_starts(self):
        return list(range(self.start_year, self.last_year + 1))

    @property
    def label(self):
        """2026/27, as plans name their years; 2026/27 to 2028/29 for a plan of three."""
        if self.years == 1:
            return year_label(self.start_year)
        return f"{year_label(self.start_year)} to {year_label(self.last_year)}"

    @property
    def long_label(self):
        return f"{self.start_year} - {self.last_year + 1}"

    @property
    def file_label(self):
        """The label as file names carry it: 2026-27, or 2026-27-to-2028-29."""
        return self.label.replace("/", "-").replace(" ", "-")

    @property
    def period_start(self):
        return plan_period(self.start_year, self.partnership.year_start_month)[0]

    @property
    def period_end(self):
        return plan_period(self.last_year, self.partnership.year_start_month)[1]

    def covers(self, start_year):
        return self.start_year <= start_year <= self.last_year

    def year_of(self, day):
        """The plan year (its start year) that a target due on `day` falls in: the year the day is in,
        or the plan's first or last year for a day before or after the plan."""
        return min(max(year_containing(day, self.partnership.year_start_month), self.start_year), self.last_year)

    def year_period(self, start_year):
        return plan_period(start_year, self.partnership.year_start_month)


class PlanItem(models.Model):
    """Common shape of the plan's simple lists: priorities, themes, objectives, areas of focus."""

    plan = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    @property
    def partnership(self):
        return self.plan.partnership


class Priority(PlanItem):
    plan = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="priorities")
    working_group = models.ForeignKey(
        "partners.WorkingGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="priorities"
    )

    class Meta(PlanItem.Meta):
        verbose_name_plural = "priorities"


class Theme(PlanItem):
    """A cross-cutting theme underlying every priority (reducing reoffending, mental health, ...)."""

    plan = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="themes")
    working_group = models.ForeignKey(
        "partners.WorkingGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="themes"
    )


class Objective(PlanItem):
    """A key objective the partnership sets itself for the year."""

    plan = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="objectives")


class FocusArea(PlanItem):
    plan = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="focus_areas")


class Action(OwnedByOrganisation):
    """One thing the partnership will do. `owner_organisation` is its first lead; `other_leads` share
    the lead (each may record its targets' actuals); `delivery_partners` help deliver it and may be
    any organisation in the directory, members of the partnership or not (providers, charities)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        COMPLETE = "complete", "Complete"
        CARRIED_OVER = "carried_over", "Carried over"

    plan = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="actions")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=400)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    position = models.PositiveIntegerField(default=0)
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    other_leads = models.ManyToManyField("partners.Organisation", blank=True, related_name="actions_co_led")
    # The plan's key objectives, cross-cutting themes and areas of focus this action serves.
    objectives = models.ManyToManyField(Objective, blank=True, related_name="actions")
    themes = models.ManyToManyField(Theme, blank=True, related_name="actions")
    focus_areas = models.ManyToManyField(FocusArea, blank=True, related_name="actions")
    delivery_partners = models.ManyToManyField("partners.Organisation", blank=True,
                                               related_name="actions_delivered")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title

    @property
    def leads(self):
        """Every lead organisation, the first lead first."""
        return [self.owner_organisation] + sorted(self.other_leads.all(), key=lambda o: o.name)

    @property
    def owner_organisation_ids(self):
        return {self.owner_organisation_id} | {o.pk for o in self.other_leads.all()}

    @property
    def leads_in_words(self):
        """"Council, Police and Homes"."""
        return in_words([o.name for o in self.leads])

    @property
    def delivery_partners_in_words(self):
        return in_words(sorted(o.name for o in self.delivery_partners.all()))

    @property
    def partnership(self):
        return self.plan.partnership


# Target units measured as a number against a baseline.
MEASURED_UNITS = (Unit.COUNT, Unit.PERCENTAGE, Unit.MONEY)


class Target(models.Model):
    """What an action aims to reach, and what it reached.

    The actual is a figure (entered by hand or calculated), so it has a definition, a source and a
    history like every other number the partnership publishes. Numbers are held as decimals; a
    yes/no milestone holds 1 for yes.
    """

    class TargetUnit(models.TextChoices):
        COUNT = Unit.COUNT.value, "Count"
        PERCENTAGE = Unit.PERCENTAGE.value, "Percentage"
        MONEY = Unit.MONEY.value, "Money (£, to the penny)"
        YES_NO = Unit.YES_NO.value, "Milestone: yes or no"
        TEXT = Unit.TEXT.value, "Milestone: described in words"

    class Direction(models.TextChoices):
        INCREASE = "increase", "Increase"
        DECREASE = "decrease", "Decrease"
        REACH = "reach", "Reach at least the target"
        MAINTAIN = "maintain", "Maintain (stay within 5% of the baseline)"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(max_length=300)
    unit = models.CharField(max_length=20, choices=TargetUnit.choices)
    direction = models.CharField(max_length=20, choices=Direction.choices, default=Direction.REACH)
    baseline_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    # Why there is no baseline number ("New service", "N/A"), shown in its place.
    baseline_note = models.CharField(max_length=100, blank=True)
    # The target is a number (`target_value`); or a change in percent on the baseline
    # (`change_percent`: "reduce by 5%"); or, with neither, only the direction from the baseline
    # ("reduce", "increase", "maintain"), as partnerships asked for no numbers write them.
    target_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    change_percent = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    target_text = models.CharField(max_length=300, blank=True)
    due_on = models.DateField()
    actual = models.OneToOneField("figures.Figure", on_delete=models.PROTECT, related_name="target")
    # Whether a milestone described in words was met: a person's judgement, recorded with the actual.
    milestone_met = models.BooleanField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="target_has_baseline",
                condition=Q(unit__in=["yes_no", "text"]) | Q(baseline_value__isnull=False) | ~Q(baseline_note=""),
            ),
            models.CheckConstraint(
                name="target_has_target",
                condition=(Q(unit="text") & ~Q(target_text=""))
                | (~Q(unit="text") & Q(target_value__isnull=False))
                | (Q(unit__in=["count", "percentage", "money"]) & Q(baseline_value__isnull=False)
                   & Q(direction__in=["increase", "decrease", "maintain"])),
            ),
        ]

    def __str__(self):
        return self.measure

    @property
    def plan(self):
        return self.action.plan

    @property
    def partnership(self):
        return self.action.plan.partnership

    @property
    def owner_organisation_id(self):
        return self.action.owner_organisation_id

    @property
    def owner_organisation_ids(self):
        """Any lead of the action may record the target's actual."""
        return self.action.owner_organisation_ids

    @property
    def year(self):
        """The start year of the plan year the target falls in (by its due date)."""
        return self.action.plan.year_of(self.due_on)

    @property
    def year_label(self):
        return year_label(self.year)


class Milestone(models.Model):
    """A step on the way to a target within its year (the end of a quarter, usually), with its own
    aim and its own actual: a figure for the year so far, from the start of the target's year to
    the milestone's date. The target's actual stays the year's, the one that counts."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField()
    target_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    target_text = models.CharField(max_length=300, blank=True)
    actual = models.OneToOneField("figures.Figure", on_delete=models.PROTECT, related_name="milestone")
    milestone_met = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["target", "due_on"], name="one_milestone_a_day"),
            models.CheckConstraint(name="milestone_has_aim",
                                   condition=Q(target_value__isnull=False) | ~Q(target_text="")),
        ]

    def __str__(self):
        return f"{self.target.measure} by {self.due_on:%-d %B %Y}"

    # What the actual's form and the status need, as a target has them.
    @property
    def unit(self):
        return self.target.unit

    @property
    def direction(self):
        return self.target.direction

    def get_direction_display(self):
        return self.target.get_direction_display()

    @property
    def baseline_value(self):
        return self.target.baseline_value

    @property
    def baseline_note(self):
        return self.target.baseline_note

    @property
    def action(self):
        return self.target.action

    @property
    def partnership(self):
        return self.target.action.plan.partnership

    @property
    def owner_organisation_id(self):
        return self.target.action.owner_organisation_id

    @property
    def owner_organisation_ids(self):
        return self.target.action.owner_organisation_ids


class Section(models.Model):
    """A part of the plan written in the browser. Text may name figures as [[figure-name]]."""

    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", "Introduction"
        REVIEW_OF_ACTIONS = "review_of_actions", "Review of actions"
        REVIEW_OF_PROJECTS = "review_of_projects", "Review of projects and initiatives"
        PRIORITIES = "priorities", "Priority issues"
        THE_PLAN = "the_plan", "The plan"

    plan = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind"], name="one_section_of_each_kind")]

    def __str__(self):
        return self.get_kind_display()

    @property
    def partnership(self):
        return self.plan.partnership


class PublishedVersion(models.Model):
    """A plan as published: the document frozen as plain data, and the files made from it.
    Never changed once written (a database trigger refuses updates)."""

    plan = models.ForeignKey(PlanYear, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.JSONField()
    pdf = models.BinaryField()
    large_print_pdf = models.BinaryField()
    docx = models.BinaryField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="version_number_unique")]

    def __str__(self):
        return f"{self.plan} version {self.number}"

    @property
    def partnership(self):
        return self.plan.partnership


class PublishedDocument(models.Model):
    """One file made from a published version, written once and whole by the background build
    (docs/adr/0054). Versions published before then keep their files in their own row instead, and
    newer versions leave those columns empty. Never changed once written (a database trigger
    refuses updates), so a file is either absent or complete: never half-written."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        LARGE_PRINT_PDF = "large_print_pdf", "Large-print PDF"
        DOCX = "docx", "Word document (DOCX)"

    version = models.ForeignKey(PublishedVersion, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    content = models.BinaryField()
    built_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="published_document_once_per_kind"),
            models.CheckConstraint(condition=Q(kind__in=["pdf", "large_print_pdf", "docx"]),
                                   name="published_document_kind_valid"),
        ]

    def __str__(self):
        return f"{self.version} {self.get_kind_display()}"


# Where a plan keeps each kind of item (plan.priorities, ...).
ITEM_LISTS = {"priority": "priorities", "theme": "themes", "objective": "objectives", "focus_area": "focus_areas"}

# What each kind of plan item is called in words.
ITEM_NOUNS = {"priority": "priority", "theme": "cross-cutting theme", "objective": "key objective",
              "focus_area": "area of focus"}


def in_words(names):
    """["A", "B", "C"] -> "A, B and C"."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}" if names else ""
