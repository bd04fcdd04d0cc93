"""Referrals of people in casework to services (mediation, youth inclusion, ...). A referral is
personal data: read it only for people the reader may see (casework.queries.people_visible_to)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Referral(models.Model):
    class Service(models.TextChoices):
        MEDIATION = "mediation", "Mediation"
        YOUTH_INCLUSION = "youth_inclusion", "Youth inclusion"
        FAMILY_SUPPORT = "family_support", "Family support"
        DRUG_ALCOHOL = "drug_alcohol", "Drug and alcohol service"
        VICTIM_SUPPORT = "victim_support", "Victim support"
        MENTAL_HEALTH = "mental_health", "Mental health"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        MADE = "made", "Made"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="referrals")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="referrals")
    case = models.ForeignKey("casework.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals")
    service = models.CharField(max_length=20, choices=Service.choices)
    service_detail = models.CharField(max_length=200, blank=True, help_text="Which service, when it is 'Other'")
    referred_on = models.DateField()
    made_by = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.MADE)
    decided_on = models.DateField(null=True, blank=True, help_text="When it was accepted or declined")
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(decided_on__isnull=True) | Q(decided_on__gte=F("referred_on")),
                                   name="referral_decided_after_referred"),
            models.CheckConstraint(condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("decided_on")),
                                   name="referral_completed_after_decided"),
        ]
        indexes = [models.Index(fields=["partnership", "referred_on"], name="referral_partnership_day")]

    def __str__(self):
        return f"{self.get_service_display()} referral of {self.person}"
