"""Risk assessments of victims and perpetrators: a partnership's question sets (with the scores at
which a person is at medium or high risk, and how soon each band is reviewed) and the assessments
made with them. An assessment is personal data: read it only for people the reader may see
(eunomia.casework.queries.people_visible_to)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Band(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class QuestionSet(models.Model):
    """The questions asked of a victim or of a perpetrator in one partnership. A score up to
    `standard_max` is standard risk, up to `medium_max` medium, above it high."""

    class Kind(models.TextChoices):
        VICTIM = "victim", "Victim"
        PERPETRATOR = "perpetrator", "Perpetrator"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="question_sets")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    standard_max = models.PositiveSmallIntegerField(help_text="Highest score that is standard risk")
    medium_max = models.PositiveSmallIntegerField(help_text="Highest score that is medium risk")
    standard_review_days = models.PositiveSmallIntegerField(default=90)
    medium_review_days = models.PositiveSmallIntegerField(default=28)
    high_review_days = models.PositiveSmallIntegerField(default=7)

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "kind"], name="question_set_one_per_kind"),
            models.CheckConstraint(condition=Q(standard_max__lt=F("medium_max")), name="question_set_bands_in_order"),
        ]

    def __str__(self):
        return self.title

    def band_of(self, score):
        if score <= self.standard_max:
            return Band.STANDARD
        return Band.MEDIUM if score <= self.medium_max else Band.HIGH

    def review_days(self, band):
        return {Band.STANDARD: self.standard_review_days, Band.MEDIUM: self.medium_review_days,
                Band.HIGH: self.high_review_days}[Band(band)]


class Question(models.Model):
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    points = models.PositiveSmallIntegerField(default=1, help_text="Points when the answer is yes")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class RiskAssessment(models.Model):
    """One assessment. `answers` keeps each question's text and points as asked, so changing the set
    later does not change what an old assessment says."""

    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="risk_assessments")
    question_set = models.ForeignKey(QuestionSet, on_delete=models.PROTECT, related_name="assessments")
    answers = models.JSONField(default=list)
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10, choices=Band.choices)
    assessed_on = models.DateField()
    review_on = models.DateField()
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The person's latest assessment of its kind (queries.latest), kept by the actions that add or
    # move assessments (eunomia.risk.derived) so the briefing reads it instead of choosing (ADR 52).
    # A database default too: rows written in bulk without it are marked by recompute_casework_flags.
    is_latest = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(review_on__gt=F("assessed_on")),
                                              name="risk_review_after_assessment")]
        indexes = [models.Index(fields=["person", "assessed_on"], name="risk_person_latest"),
                   models.Index(fields=["person"], condition=Q(is_latest=True), name="risk_latest_marked")]

    def __str__(self):
        return f"{self.get_band_display()} risk ({self.question_set.get_kind_display().lower()}), {self.assessed_on}"
