"""The partnership's own business: the funds it holds or is granted, the projects and commissioned
services it pays for, what their providers report each period, and how each was judged.

Money is exact: pounds and pence in decimal columns, never floats. None of these records holds
personal data (ADR 59): a project's lead is a role at an organisation, not a named person.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from eunomia.core.periods import plan_period, year_label
from eunomia.partners.models import OwnedByOrganisation

MONEY = {"max_digits": 14, "decimal_places": 2}
PENNY = Decimal("0.01")


class Schedule(models.TextChoices):
    """How often a provider reports on a project: the periods a year is cut into."""

    QUARTERLY = "quarterly", "Every quarter"
    HALF_YEARLY = "half_yearly", "Every half year"
    ANNUAL = "annual", "Once a year"


# Months in each reporting period, by schedule.
PERIOD_MONTHS = {Schedule.QUARTERLY: 3, Schedule.HALF_YEARLY: 6, Schedule.ANNUAL: 12}


class Fund(models.Model):
    """Money a funder gives the partnership for one financial year: the PCC's grant, the council's
    contribution, the partnership's own Local Partnership Fund."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="funds")
    funder = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="funds_given")
    name = models.CharField(max_length=200)
    start_year = models.PositiveSmallIntegerField(help_text="The financial year the fund is for, by its first year")
    amount = models.DecimalField(**MONEY)
    conditions = models.TextField(blank=True)
    # How often the projects it pays for report, and how many days after a period ends their return is due.
    schedule = models.CharField(max_length=20, choices=Schedule.choices, default=Schedule.QUARTERLY)
    return_due_days = models.PositiveSmallIntegerField(default=30)
    # The funder's own reference for the grant, if it gave one.
    reference = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-start_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name", "start_year"], name="fund_name_unique_in_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_amount_positive"),
            models.CheckConstraint(condition=Q(start_year__gte=2000, start_year__lte=2100), name="fund_year_sane"),
            models.CheckConstraint(condition=Q(return_due_days__lte=365), name="fund_due_days_sane"),
        ]

    def __str__(self):
        return f"{self.name} {self.year_label}"

    @property
    def year_label(self):
        return year_label(self.start_year)

    @property
    def period(self):
        return plan_period(self.start_year, self.partnership.year_start_month)


class Project(OwnedByOrganisation):
    """A project or commissioned service. `owner_organisation` is its provider: the provider's
    partner practitioners fill its returns, and no one else's."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        STOPPED = "stopped", "Stopped early"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    # Who leads it for the partnership: an organisation and a role there, never a person's name.
    lead_organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    lead_role = models.CharField(max_length=200, blank=True)
    start_on = models.DateField()
    end_on = models.DateField()
    schedule = models.CharField(max_length=20, choices=Schedule.choices, default=Schedule.QUARTERLY)
    return_due_days = models.PositiveSmallIntegerField(default=30)
    priorities = models.ManyToManyField("plans.Priority", blank=True, related_name="projects")
    objectives = models.ManyToManyField("plans.Objective", blank=True, related_name="projects")
    actions = models.ManyToManyField("plans.Action", blank=True, related_name="projects")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="project_title_unique"),
            models.CheckConstraint(condition=Q(end_on__gte=models.F("start_on")), name="project_ends_after_start"),
            models.CheckConstraint(condition=Q(return_due_days__lte=365), name="project_due_days_sane"),
        ]

    def __str__(self):
        return self.title

    @property
    def provider(self):
        return self.owner_organisation


class BudgetLine(models.Model):
    """What a project plans to spend on one heading in one financial year."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    start_year = models.PositiveSmallIntegerField()
    heading = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["start_year", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive"),
            models.UniqueConstraint(fields=["project", "start_year", "heading"], name="budget_heading_unique"),
        ]

    def __str__(self):
        return f"{self.heading} {year_label(self.start_year)}"


class Allocation(models.Model):
    """Money given from a fund to a project. The allocations of a fund never add up to more than it."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="allocations")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(**MONEY)
    made_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["made_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive")]

    def __str__(self):
        return f"£{self.amount:,} from {self.fund} to {self.project}"


class ProjectMeasure(models.Model):
    """Something a project counts: an output (sessions held, people reached, referrals) or an
    outcome (young people not reoffending), with what it aims for in each full year."""

    class Kind(models.TextChoices):
        OUTPUT = "output", "Output"
        OUTCOME = "outcome", "Outcome"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    annual_target = models.DecimalField(max_digits=12, decimal_places=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-kind", "position", "id"]  # outputs, then outcomes
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="project_measure_name_unique"),
            models.CheckConstraint(condition=Q(annual_target__gte=0), name="project_measure_target_not_negative"),
        ]

    def __str__(self):
        return self.name


class Return(models.Model):
    """What a provider reports for one period of a project: spend, each measure's count, and a short
    narrative. Kept as a draft until submitted; then accepted (its values count) or sent back with
    reasons (to be corrected and submitted again)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        SENT_BACK = "sent_back", "Sent back"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="returns")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    spend = models.DecimalField(null=True, blank=True, **MONEY)
    narrative = models.TextField(blank=True)
    saved_at = models.DateTimeField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period_start"], name="one_return_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="return_period_valid"),
            models.CheckConstraint(condition=Q(spend__isnull=True) | Q(spend__gte=0), name="return_spend_not_negative"),
        ]

    def __str__(self):
        return f"{self.project}: return for {self.period_label}"

    @property
    def period_label(self):
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    @property
    def partnership(self):
        return self.project.partnership

    @property
    def owner_organisation_id(self):
        return self.project.owner_organisation_id


class ReturnValue(models.Model):
    """One measure's count in a return."""

    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="values")
    measure = models.ForeignKey(ProjectMeasure, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(max_digits=12, decimal_places=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["return_record", "measure"], name="one_value_per_measure"),
            models.CheckConstraint(condition=Q(value__gte=0), name="return_value_not_negative"),
        ]


class ReturnDecision(models.Model):
    """The CSP manager's decision on a submitted return, kept with its reasons: every one, so a
    return sent back twice shows both times."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        SENT_BACK = "sent_back", "Sent back"

    return_record = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["decided_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(decision="accepted") | ~Q(reasons=""),
                                              name="sent_back_has_reasons")]


class Evaluation(models.Model):
    """How a project was judged, and what the partnership should do with it next."""

    class Recommendation(models.TextChoices):
        CONTINUE = "continue", "Continue"
        CHANGE = "change", "Continue with changes"
        STOP = "stop", "Stop"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField()
    method = models.CharField(max_length=300)
    findings = models.TextField()
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-evaluated_on", "-id"]

    def __str__(self):
        return f"Evaluation of {self.project}, {self.evaluated_on:%-d %B %Y}"


class ProjectDocument(models.Model):
    """A grant agreement or contract, kept whole in the database with the project (ADR 59)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title


class ReviewFigure(models.Model):
    """A figure the plan's review of projects quotes, kept by the project (or fund) it is about: its
    key says what it counts, like "project:12:spend:2025" or "fund:3:amount". Made and kept up to
    date by projects.figures, so the review cites real figures with their definition and source."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    figure = models.OneToOneField("figures.Figure", on_delete=models.PROTECT, related_name="review_use")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "key"], name="review_figure_key_unique")]
