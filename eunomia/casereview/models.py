"""The ASB case review (the "community trigger", Anti-social Behaviour, Crime and Policing Act 2014
s.104): a victim who has complained repeatedly may ask the partnership to review how their
complaints were handled. An application names the applicant and the reports it rests on, so it
holds personal data: read it only through eunomia.casereview.queries."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eunomia.core.equality import EqualityAnswers
from eunomia.partners.models import OwnedByOrganisation


class ThresholdSettings(models.Model):
    """When an application meets the threshold. A partnership without a row uses the defaults:
    three complaints in six months, each made within one month of the behaviour. The local
    thresholds are off unless set."""

    partnership = models.OneToOneField("partners.Partnership", on_delete=models.CASCADE,
                                       related_name="case_review_threshold")
    complaints = models.PositiveSmallIntegerField(default=3)
    window_months = models.PositiveSmallIntegerField(default=6)
    complaint_within_days = models.PositiveSmallIntegerField(default=31)
    # Local thresholds: complaints from this many different people in the window (0 = off), and
    # one hate-motivated report in the window qualifying on its own.
    individuals = models.PositiveSmallIntegerField(default=0)
    hate_incident = models.BooleanField(default=False)


class CaseReviewApplication(OwnedByOrganisation):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        THRESHOLD_MET = "threshold_met", "Threshold met"
        THRESHOLD_NOT_MET = "threshold_not_met", "Threshold not met"
        MEETING_HELD = "meeting_held", "Review meeting held"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE,
                                    related_name="case_review_applications")
    applicant = models.ForeignKey("casework.Person", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="case_review_applications")
    # The applicant's name when they are not a person in the system.
    applicant_name = models.CharField(max_length=200, blank=True)
    received_on = models.DateField()
    description = models.TextField()
    reports = models.ManyToManyField("casework.Report", blank=True, related_name="case_review_applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # Kept apart from status so the decision is still known after the meeting and closing.
    threshold_met = models.BooleanField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    meeting_on = models.DateField(null=True, blank=True)
    recommendations = models.TextField(blank=True)
    # When the outcome of the review, with any recommendations, was sent to the applicant.
    outcome_sent_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self):
        return f"Case review application {self.pk}"

    @property
    def applicant_display(self):
        return str(self.applicant) if self.applicant_id else self.applicant_name


class ProcedureSettings(models.Model):
    """How the partnership runs its case review procedure, beside its threshold. A partnership without
    a row uses the defaults (ADR 63). `organisation` receives the applications made online: none
    chosen means the partnership's local authority (eunomia.casereview.queries.receiving_organisation).
    The deadlines are in working days (eunomia.core.working_days): the decision on the threshold within
    `decision_days` of receiving the application, the review meeting within `review_days` of that
    decision, and the outcome (with any recommendations) sent within `outcome_days` of the meeting."""

    partnership = models.OneToOneField("partners.Partnership", on_delete=models.CASCADE,
                                       related_name="case_review_procedure")
    organisation = models.ForeignKey("partners.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    decision_days = models.PositiveSmallIntegerField(default=10)
    review_days = models.PositiveSmallIntegerField(default=20)
    outcome_days = models.PositiveSmallIntegerField(default=10)


class PublicApplication(EqualityAnswers):
    """What someone sent through the public form: who applied, how to reach them, and the incidents
    they listed. It belongs to a CaseReviewApplication (made in the same transaction, owned by the
    receiving organisation), so it is read only through that application's scoped query."""

    class ApplyingFor(models.TextChoices):
        SELF = "self", _("Myself: I am the victim")
        SOMEONE_ELSE = "someone_else", _("Someone else, with their consent")

    application = models.OneToOneField(CaseReviewApplication, on_delete=models.CASCADE, related_name="public")
    # Given to the applicant; with their email it finds the application's status (never alone).
    reference = models.CharField(max_length=20, unique=True)
    applying_for = models.CharField(max_length=20, choices=ApplyingFor.choices)
    sender_name = models.CharField(max_length=200)
    # When applying for someone else: their relationship to the victim, and that the victim agreed.
    relationship = models.CharField(max_length=200, blank=True)
    consent_confirmed = models.BooleanField(default=False)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(applying_for="someone_else") | Q(consent_confirmed=True),
                                   name="public_application_consent_for_someone_else"),
        ]

    def __str__(self):
        return self.reference


class ListedIncident(models.Model):
    """One incident as the applicant listed it: their words, never checked against casework until the
    CSU matches the application to reports."""

    class ReportedTo(models.TextChoices):
        COUNCIL = "council", _("The council")
        POLICE = "police", _("The police")
        HOUSING = "housing", _("A housing provider or landlord")
        OTHER = "other", _("Someone else")

    public_application = models.ForeignKey(PublicApplication, on_delete=models.CASCADE, related_name="incidents")
    position = models.PositiveSmallIntegerField()
    occurred_on = models.DateField()
    what_happened = models.TextField()
    # Keys of ReportedTo; empty when it was not reported to anyone.
    reported_to = models.JSONField(default=list, blank=True)
    reported_to_other = models.CharField(max_length=200, blank=True)
    reported_on = models.DateField(null=True, blank=True)
    reference_given = models.CharField(max_length=100, blank=True)
    # The applicant said it was because of who they are: the only way a listed incident is taken as
    # hate-motivated for the local threshold.
    hate_motivated = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["public_application", "position"], name="listed_incident_position"),
            models.CheckConstraint(condition=Q(reported_on__isnull=True) | Q(reported_on__gte=models.F("occurred_on")),
                                   name="listed_incident_reported_after_it_happened"),
        ]

    @property
    def reported(self):
        return bool(self.reported_to)

    def reported_to_display(self):
        labels = dict(self.ReportedTo.choices)
        named = [str(labels.get(key, key)) for key in self.reported_to if key != self.ReportedTo.OTHER]
        if self.ReportedTo.OTHER in self.reported_to:
            named.append(self.reported_to_other or str(labels[self.ReportedTo.OTHER]))
        return ", ".join(named)
