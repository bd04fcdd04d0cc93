"""The partnership's own meetings: its board, and the meetings it holds in public (at least one a year,
Crime and Disorder (Formulation and Implementation of Strategy) Regulations 2007, reg 12); what each
had on its agenda, its papers, who came (organisations, never people), what it decided and its
minutes; and the record of sending the plan to the Police and Crime Commissioner (ADR 64).

These are not the ASB Task Group's case meetings (taskgroup.Meeting), which hold personal data and
are never public. Nothing here names a person: attendance is by organisation, and every free-text
field's hint says names do not belong in it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class PartnershipMeeting(models.Model):
    """A meeting of the partnership board, or a meeting the partnership holds in public.

    Its record closes when its minutes are approved: from then on the agenda, papers, attendance,
    decisions and minutes are what was approved, and change no more."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Partnership board meeting")
        PUBLIC = "public", _("Public meeting")

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE,
                                    related_name="partnership_meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # The venue and its address, as a resident would need it to find the room.
    place = models.TextField()
    # Anything else a resident should know: step-free access, a hearing loop, how to ask a question.
    public_notes = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    minutes_approved_on = models.DateField(null=True, blank=True)
    # The later meeting that approved the minutes; none when the CSP manager approved them.
    minutes_approved_at = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="+")
    minutes_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.CharField(max_length=500, blank=True)
    # iCalendar's SEQUENCE: one more each time the date, time or place changes (or it is cancelled),
    # so a calendar that holds the meeting already takes the new details in place of the old.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # When anything about the meeting last changed: the iCalendar file's DTSTAMP.
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(minutes_approved_on__isnull=True) | ~Q(minutes=""),
                                   name="approved_minutes_are_written"),
        ]

    def __str__(self):
        return f"{self.name}, {date_format(timezone.localtime(self.starts_at).date(), 'j F Y')}"

    @property
    def name(self):
        return self.title or self.get_kind_display()

    @property
    def is_public(self):
        return self.kind == self.Kind.PUBLIC

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def minutes_approved(self):
        return self.minutes_approved_on is not None

    @property
    def record_closed(self):
        """Approved minutes close the meeting's record: nothing of it changes after."""
        return self.minutes_approved

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())


class AgendaItem(models.Model):
    meeting = models.ForeignKey(PartnershipMeeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class MeetingPaper(models.Model):
    """A paper for a meeting (a report, a presentation, a plan to approve), kept whole in the database
    like a project's agreements (ADR 59). A confidential paper is read only by the partnership's
    members: the public page never lists it."""

    meeting = models.ForeignKey(PartnershipMeeting, on_delete=models.CASCADE, related_name="papers")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="papers")
    title = models.CharField(max_length=200)
    confidential = models.BooleanField(default=False)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """An organisation present at a meeting, or one that sent its apologies. Never a person."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        APOLOGIES = "apologies", _("Sent apologies")

    meeting = models.ForeignKey(PartnershipMeeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"], name="attendance_once_a_meeting")]


class Decision(models.Model):
    """Something a meeting decided, optionally about one of the partnership's plans. A decision that
    the meeting approved a plan is made by governance.actions.record_plan_approval, which approves the
    plan itself and keeps here which approval it was (ADR 64)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision")
        PLAN_APPROVAL = "plan_approval", _("Approval of the plan")

    meeting = models.ForeignKey(PartnershipMeeting, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DECISION)
    text = models.TextField()
    plan = models.ForeignKey("plans.PlanYear", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="meeting_decisions")
    confidential = models.BooleanField(default=False)
    # For an approval: the plan's approved_at that the approval set, and the id of the audit event
    # plans wrote for it, which places it among the plan's approvals and publications.
    plan_approved_at = models.DateTimeField(null=True, blank=True)
    plan_approval_event_id = models.BigIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind="decision") | Q(plan_approved_at__isnull=False),
                                   name="plan_approval_knows_the_approval"),
            models.CheckConstraint(condition=Q(kind="decision") | Q(confidential=False),
                                   name="plan_approval_is_not_confidential"),
        ]

    def __str__(self):
        return self.text[:80]


class PlanSubmission(models.Model):
    """A published version of the plan sent to the Police and Crime Commissioner: when, how, to which
    office, and the PCC's acknowledgement once it comes."""

    class Method(models.TextChoices):
        EMAIL = "email", _("By email")
        PORTAL = "portal", _("Through the commissioner's portal")
        POST = "post", _("By post")
        HAND = "hand", _("By hand")
        OTHER = "other", _("Another way")

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    version = models.OneToOneField("plans.PublishedVersion", on_delete=models.PROTECT, related_name="submission")
    recipient = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    method = models.CharField(max_length=20, choices=Method.choices)
    acknowledged_on = models.DateField(null=True, blank=True)
    acknowledgement_reference = models.CharField(max_length=100, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(acknowledged_on__isnull=True) | Q(acknowledged_on__gte=F("sent_on")),
                                   name="acknowledged_after_sending"),
            models.CheckConstraint(condition=Q(acknowledged_on__isnull=False) | Q(acknowledgement_reference=""),
                                   name="reference_comes_with_acknowledgement"),
        ]

    def __str__(self):
        return f"{self.version} sent on {date_format(self.sent_on, 'j F Y')}"
