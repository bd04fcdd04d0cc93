"""Tasking and co-ordination, and the working groups' action plans.

Monthly tasking meetings raise issues of concern (from a partner, or from an alert in the strategic
assessment) and task partner organisations with due dates. Each working group keeps its action
plan: items that may cover one of the plan's actions, with progress updates and meeting notes.

None of this holds personal data, by design: issues and tasks are about places and problems, and
the forms say that names belong in casework (ADR 0029)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from eunomia.partners.models import OwnedByOrganisation


class TaskingMeeting(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="tasking_meetings")
    held_on = models.DateField()
    chair_organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    attendees = models.ManyToManyField("partners.Organisation", blank=True, related_name="tasking_meetings")
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"Tasking meeting, {self.held_on:%-d %B %Y}"


class Issue(models.Model):
    class Source(models.TextChoices):
        PARTNER = "partner", "Raised by a partner"
        ASSESSMENT_ALERT = "assessment_alert", "Assessment alert"

    meeting = models.ForeignKey(TaskingMeeting, on_delete=models.CASCADE, related_name="issues")
    source = models.CharField(max_length=20, choices=Source.choices)
    raised_by_organisation = models.ForeignKey("partners.Organisation", null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # For an assessment alert: what the assessment said when the issue was raised (area, counts,
    # periods), kept as it was even after the assessment moves on.
    alert = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title


class Task(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="tasks")
    meeting = models.ForeignKey(TaskingMeeting, on_delete=models.CASCADE, related_name="tasks")
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="tasks",
                                      verbose_name="tasked organisation")
    description = models.CharField(max_length=500)
    set_on = models.DateField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    result = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("set_on")), name="task_due_after_set"),
        ]

    def __str__(self):
        return self.description

    @property
    def owner_organisation_id(self):
        """The tasked organisation owns the task: its partner practitioners may update it."""
        return self.organisation_id

    def is_overdue(self, today=None):
        """Open and due before today: a task due today is not overdue yet."""
        return self.completed_on is None and self.due_on < (today or timezone.localdate())


class TaskUpdate(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    note = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-written_on", "-id"]


class TaskReminder(models.Model):
    """An overdue reminder sent about a task: at most one per task per day."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [models.UniqueConstraint(fields=["task", "sent_on"], name="one_reminder_per_task_per_day")]


class GroupItem(OwnedByOrganisation):
    """An item of a working group's action plan, covering at most one of the plan's actions."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    working_group = models.ForeignKey("partners.WorkingGroup", on_delete=models.CASCADE, related_name="plan_items")
    plan_action = models.ForeignKey("plans.Action", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="group_items")
    title = models.CharField(max_length=400)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title

    @property
    def partnership(self):
        return self.working_group.partnership

    def is_overdue(self, today=None):
        return self.status != self.Status.COMPLETE and self.due_on < (today or timezone.localdate())


class GroupItemUpdate(models.Model):
    item = models.ForeignKey(GroupItem, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    note = models.TextField()
    status = models.CharField(max_length=20, choices=GroupItem.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-written_on", "-id"]


class GroupMeetingNote(models.Model):
    working_group = models.ForeignKey("partners.WorkingGroup", on_delete=models.CASCADE, related_name="meeting_notes")
    held_on = models.DateField()
    notes = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]
