"""Equality monitoring of the people in casework and domestic abuse (the answers of
eunomia.core.equality, one row per person, restricted like the person), equality impact assessments of
the plan, its priorities and projects, and the partnership's equality settings (ADR 66)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eunomia.core.equality import EqualityAnswers


class PersonEquality(EqualityAnswers):
    """A casework person's answers. Read and changed only through people the reader may see
    (eunomia.casework.queries.people_visible_to); erased with the person."""

    person = models.ForeignKey("casework.Person", on_delete=models.CASCADE, related_name="equality_answers")
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        # A foreign key with a unique constraint, not a one-to-one: merging people moves every row that
        # names the duplicate, and keeps the kept person's row when both have one (casework.actions).
        constraints = [models.UniqueConstraint(fields=["person"], name="one_equality_record_per_person")]


class DaPersonEquality(EqualityAnswers):
    """A domestic abuse person's answers: only DA permission holders see that they exist."""

    person = models.ForeignKey("domesticabuse.DaPerson", on_delete=models.CASCADE, related_name="equality_answers")
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person"], name="one_equality_record_per_da_person")]


class EqualitySettings(models.Model):
    """What the partnership asks of itself: whether publishing a plan needs a signed-off equality
    impact assessment for each of its priorities."""

    partnership = models.OneToOneField("partners.Partnership", on_delete=models.CASCADE,
                                       related_name="equality_settings")
    assessment_required_per_priority = models.BooleanField(default=False)


class Effect(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class ProtectedCharacteristic(models.TextChoices):
    """The nine protected characteristics of the Equality Act 2010 (s.4), in the Act's order."""

    AGE = "age", _("Age")
    DISABILITY = "disability", _("Disability")
    GENDER_REASSIGNMENT = "gender_reassignment", _("Gender reassignment")
    MARRIAGE = "marriage", _("Marriage and civil partnership")
    PREGNANCY = "pregnancy", _("Pregnancy and maternity")
    RACE = "race", _("Race")
    RELIGION = "religion", _("Religion or belief")
    SEX = "sex", _("Sex")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")


class Assessment(models.Model):
    """An equality impact assessment of one plan, priority or project. No one's name: who is affected
    is described by group. Any change after sign-off takes the sign-off away, so what is signed off
    is always what is written."""

    class Decision(models.TextChoices):
        NO_CHANGE = "no_change", _("No major change needed")
        ADJUST = "adjust", _("Adjust to remove barriers or better advance equality")
        CONTINUE = "continue", _("Continue despite a possible adverse impact, with the justification given")
        STOP = "stop", _("Stop and rethink")

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE,
                                    related_name="equality_assessments")
    plan = models.ForeignKey("plans.PlanYear", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="equality_assessments")
    priority = models.ForeignKey("plans.Priority", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="equality_assessments")
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="equality_assessments")
    who_is_affected = models.TextField()
    evidence = models.TextField()
    mitigations = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decision_reason = models.TextField(blank=True)
    review_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(plan__isnull=False, priority__isnull=True, project__isnull=True)
                           | Q(plan__isnull=True, priority__isnull=False, project__isnull=True)
                           | Q(plan__isnull=True, priority__isnull=True, project__isnull=False)),
                name="assessment_of_one_thing"),
            models.UniqueConstraint(fields=["plan"], name="one_assessment_per_plan"),
            models.UniqueConstraint(fields=["priority"], name="one_assessment_per_priority"),
            models.UniqueConstraint(fields=["project"], name="one_assessment_per_project"),
        ]

    def __str__(self):
        return str(_("Equality impact assessment of {subject}")).format(subject=self.subject_label)

    @property
    def subject(self):
        return self.plan or self.priority or self.project

    @property
    def subject_label(self):
        if self.plan_id:
            return str(_("the plan {plan}")).format(plan=self.plan.label)
        if self.priority_id:
            return str(_("the priority {title} ({plan})")).format(title=self.priority.title,
                                                                    plan=self.priority.plan.label)
        return str(_("the project {title}")).format(title=self.project.title)

    @property
    def is_signed_off(self):
        return self.signed_off_at is not None


class Impact(models.Model):
    """The assessed effect on people sharing one protected characteristic, with why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="impacts")
    characteristic = models.CharField(max_length=30, choices=ProtectedCharacteristic.choices)
    effect = models.CharField(max_length=10, choices=Effect.choices)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "characteristic"],
                                               name="one_impact_per_characteristic")]
