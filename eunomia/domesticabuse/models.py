"""Domestic abuse: a separate, restricted domain (ADR 0026). Its victims and perpetrators are its own
records (DaPerson), not casework people, so nothing in casework can reveal that a DA record exists.
Read every model only through eunomia.domesticabuse.queries, which gives nothing to a user without
DA_VIEW in the partnership."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eunomia.domesticabuse import dash
from eunomia.partners.models import OwnedByOrganisation


class Level(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


LEVEL_ORDER = {Level.STANDARD: 0, Level.MEDIUM: 1, Level.HIGH: 2}


class MaracArea(models.Model):
    """Where a MARAC sits, with its rule for potential escalation: `escalation_incidents` recorded
    incidents against one victim within `escalation_months` calendar months."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="marac_areas")
    name = models.CharField(max_length=120)
    escalation_incidents = models.PositiveSmallIntegerField(default=3)
    escalation_months = models.PositiveSmallIntegerField(default=12)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="da_marac_area_unique_name"),
            models.CheckConstraint(condition=Q(escalation_incidents__gte=2) & Q(escalation_months__gte=1),
                                   name="da_marac_area_rule_sensible"),
        ]

    def __str__(self):
        return self.name

    @property
    def rule(self):
        return f"{self.escalation_incidents} incidents in {self.escalation_months} months"


class DaPerson(models.Model):
    """A victim or perpetrator known to the DA service. Every field but the name may be unknown."""

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="da_people")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()


class Incident(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="da_incidents")
    victim = models.ForeignKey(DaPerson, on_delete=models.PROTECT, related_name="incidents_as_victim")
    perpetrator = models.ForeignKey(DaPerson, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="incidents_as_perpetrator")
    occurred_on = models.DateField()
    description = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return f"Incident on {self.occurred_on:%-d %B %Y}"


class Checklist(models.Model):
    """A DASH risk checklist. `answers` holds every question's answer by number ("1".."24": yes, no or
    not_known), all of them answered. `level` is the level that counts: high when the score reaches
    the threshold (actuarial), otherwise the assessor's professional judgement (standard when none)."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="da_checklists")
    victim = models.ForeignKey(DaPerson, on_delete=models.PROTECT, related_name="checklists")
    perpetrator = models.ForeignKey(DaPerson, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="checklists")
    marac_area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="checklists")
    assessed_on = models.DateField()
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField()
    score = models.PositiveSmallIntegerField()
    judgement_level = models.CharField(max_length=10, choices=Level.choices, blank=True)
    judgement_reasons = models.TextField(blank=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(score__lte=len(dash.QUESTIONS)), name="da_score_in_range")]

    def __str__(self):
        return f"DASH checklist, {self.assessed_on:%-d %B %Y}"

    @property
    def actuarial_high(self):
        return self.score >= dash.HIGH_RISK_SCORE

    def answered(self):
        """(number, question, answer label) for every question."""
        labels = dict(dash.ANSWERS)
        return [(n, text, labels[self.answers[str(n)]]) for n, text in enumerate(dash.QUESTIONS, start=1)]


class Referral(models.Model):
    """A referral to MARAC, made from a checklist. A draft until sent; `is_repeat` is decided when it is
    sent (the same victim and perpetrator referred within 12 months before)."""

    class Grounds(models.TextChoices):
        ACTUARIAL = "actuarial", "High risk on the checklist (14 or more yes answers)"
        JUDGEMENT = "judgement", "Professional judgement"
        ESCALATION = "escalation", "Potential escalation"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="da_referrals")
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="referrals")
    victim = models.ForeignKey(DaPerson, on_delete=models.PROTECT, related_name="referrals_as_victim")
    perpetrator = models.ForeignKey(DaPerson, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="referrals_as_perpetrator")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    marac_area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="referrals")
    grounds = models.CharField(max_length=20, choices=Grounds.choices)
    score = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=10, choices=Level.choices)
    reasons = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    referred_on = models.DateField(null=True, blank=True, help_text="The date it was sent")
    is_repeat = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(status="draft") | Q(referred_on__isnull=False),
                                              name="da_sent_referral_has_date")]

    def __str__(self):
        return f"MARAC referral ({self.get_status_display().lower()})"


class SupportEpisode(models.Model):
    class Kind(models.TextChoices):
        IDVA = "idva", "IDVA support"
        VOLUNTEER = "volunteer", "Volunteer support"

    class Outcome(models.TextChoices):
        RISK_REDUCED = "risk_reduced", "Risk reduced"
        DISENGAGED = "disengaged", "Victim disengaged"
        MOVED_AWAY = "moved_away", "Moved out of the area"
        REFERRED_ON = "referred_on", "Referred to another service"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="da_support")
    victim = models.ForeignKey(DaPerson, on_delete=models.PROTECT, related_name="support_episodes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    risk_level_at_start = models.CharField(max_length=10, choices=Level.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="da_support_ends_after_start"),
            models.CheckConstraint(condition=(Q(ended_on__isnull=True, outcome="")
                                              | (Q(ended_on__isnull=False) & ~Q(outcome=""))),
                                   name="da_support_outcome_when_ended"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.started_on:%-d %B %Y}"


class SafetyPlan(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="da_safety_plans")
    victim = models.ForeignKey(DaPerson, on_delete=models.PROTECT, related_name="safety_plans")
    agreed_on = models.DateField()
    measures = models.TextField()
    review_on = models.DateField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-agreed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(review_on__gt=models.F("agreed_on")),
                                              name="da_safety_plan_review_after")]


class ProgrammeReferral(models.Model):
    """A perpetrator's referral to a behaviour change programme: by an agency, or by themselves."""

    class Outcome(models.TextChoices):
        WAITING = "waiting", "Waiting for an assessment"
        STARTED = "started", "Started the programme"
        COMPLETED = "completed", "Completed the programme"
        NOT_SUITABLE = "not_suitable", "Not suitable"
        DROPPED_OUT = "dropped_out", "Dropped out"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="da_programme")
    perpetrator = models.ForeignKey(DaPerson, on_delete=models.PROTECT, related_name="programme_referrals")
    programme = models.CharField(max_length=200)
    referred_on = models.DateField()
    self_referral = models.BooleanField(default=False)
    referred_by = models.CharField(max_length=200, blank=True,
                                   help_text="The agency that referred, if not a self-referral")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.WAITING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(self_referral=True) | ~Q(referred_by=""),
                                              name="da_programme_referrer_named")]


class MaracMeeting(models.Model):
    """A MARAC: the cases discussed, the agencies present and those sending apologies, and minutes that
    only DA-permission holders read (restricted circulation)."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="marac_meetings")
    marac_area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    present = models.ManyToManyField("partners.Organisation", related_name="+")
    apologies = models.ManyToManyField("partners.Organisation", related_name="+", blank=True)
    minutes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.marac_area}, {self.held_on:%-d %B %Y}"


class MeetingCase(models.Model):
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.CASCADE, related_name="cases")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="meeting_cases")
    information_shared = models.TextField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "referral"], name="da_case_once_per_meeting")]


class MeetingAction(OwnedByOrganisation):
    meeting = models.ForeignKey(MaracMeeting, on_delete=models.CASCADE, related_name="actions")
    case = models.ForeignKey(MeetingCase, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
