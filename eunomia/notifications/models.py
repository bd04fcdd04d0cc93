"""Notifications: what the rules (eunomia.notifications.rules) decided a member should be told, shown
in the app and sent by email as each member prefers (docs/adr/0041-notifications.md).

A notification holds no personal data: its title is one of a few fixed sentences ("A risk review is
overdue") and its link is a path within the app, which the reader's own permissions then guard."""

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    FIGURE_WAITING = "figure_waiting", "Figure waiting"
    ACTUAL_WAITING = "actual_waiting", "Target actual waiting"
    PLAN_APPROVAL = "plan_approval", "Plan waiting for approval"
    RISK_REVIEW_DUE = "risk_review_due", "Risk review due"
    RISK_REVIEW_OVERDUE = "risk_review_overdue", "Risk review overdue"
    TASK_GROUP_ACTION_DUE = "task_group_action_due", "Task Group action due"
    TASK_GROUP_ACTION_OVERDUE = "task_group_action_overdue", "Task Group action overdue"
    TASK_DUE = "task_due", "Tasking action due"
    TASK_OVERDUE = "task_overdue", "Tasking action overdue"
    DA_ATTENTION = "da_attention", "Domestic abuse record"
    CASE_SHARED = "case_shared", "Case shared"
    CASE_LEAD = "case_lead", "Case handed to you to lead"
    JOB_FINISHED = "job_finished", "Background job finished"
    JOB_FAILED = "job_failed", "Background job failed"
    CASE_REVIEW_DEADLINE = "case_review_deadline", "Case review deadline"


# Kinds about the restricted domestic abuse domain: shown only to holders of its permissions (ADR 26).
DA_KINDS = frozenset({Kind.DA_ATTENTION})


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    # The subject's page, as a path within the app ("/p/harrowdale/risk/people/12/").
    path = models.CharField(max_length=300)
    # A fixed sentence per kind: never a name, a description or anything from the record.
    title = models.CharField(max_length=200)
    # What the notice is about and when, e.g. "risk_overdue:41": the same notice is never made twice.
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user")]
        indexes = [
            # The rules' question: which of these notices exist already, for whom.
            models.Index(fields=["key"], name="notification_key"),
            # The header's count of unread notices, on every page.
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notification_unread"),
            # The sender's question: who has notices not emailed yet.
            models.Index(fields=["user"], condition=models.Q(emailed_at__isnull=True), name="notification_unemailed"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class Preference(models.Model):
    """How a member wants to be emailed. In-app notices are always kept, whatever they choose."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", "Straight away"
        DAILY = "daily", "Once a day, in a digest"
        NONE = "none", "Never: I will read them in Eunomia"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference")
    email = models.CharField(max_length=20, choices=Email.choices, default=Email.DAILY)
    # The London day the last digest went: at most one a day.
    last_digest_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"{self.user}: {self.get_email_display()}"


class Run(models.Model):
    """One row, written first in every transaction of a notification run: so two runs at once (cron
    overlapping a slow run, two machines) take turns, and neither makes or sends what the other has.
    It also says when the last run was."""

    last_run_at = models.DateTimeField(null=True, blank=True)
