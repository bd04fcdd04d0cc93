"""The ASB case review (the "community trigger", Anti-social Behaviour, Crime and Policing Act 2014
s.104): a victim who has complained repeatedly may ask the partnership to review how their
complaints were handled. An application names the applicant and the reports it rests on, so it
holds personal data: read it only through eunomia.casereview.queries."""

from django.conf import settings
from django.db import models

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
