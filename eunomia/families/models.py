"""Family Focus (Troubled Families, since 2021 Supporting Families): households of casework people
worked with under a programme whose rules (which problems make a family eligible, which outcomes
may be claimed and for how much) are a rule set per programme phase, held as configuration
(eunomia.families.rules, ADR 68). A family, its members, problems, facts, plan and claims are
personal data: read them only through eunomia.families.queries, which shows a family to its owning
(lead) organisation and the organisations it is shared with under an agreement, as casework does."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eunomia.partners.models import OwnedByOrganisation


class RuleSet(models.Model):
    """One phase of a programme and its rules (`rules`: the document eunomia.families.rules reads
    and checks; never changed once a family is attached under it)."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="family_rule_sets")
    programme = models.CharField(max_length=120)
    phase = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    rules = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "programme", "phase"], name="family_rule_set_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="family_rule_set_dates"),
        ]

    def __str__(self):
        return f"{self.programme}: {self.phase}"


class Family(OwnedByOrganisation):
    """A household worked with under a rule set. Its owner is the lead organisation."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        ATTACHED = "attached", "Attached"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="families")
    reference = models.CharField(max_length=20)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="families")
    lead_professional = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IDENTIFIED)
    identified_on = models.DateField()
    attached_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # Attached without meeting the rule set's eligibility: the CSP manager's documented decision.
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    override_at = models.DateTimeField(null=True, blank=True)
    plan_agreed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["reference", "id"]
        verbose_name_plural = "families"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="family_reference_unique"),
            models.CheckConstraint(condition=Q(status="identified", attached_on__isnull=True)
                                   | ~Q(status="identified") & Q(attached_on__isnull=False,
                                                                 attached_on__gte=F("identified_on")),
                                   name="family_attached_with_date"),
            models.CheckConstraint(condition=Q(status="closed", closed_on__isnull=False)
                                   | ~Q(status="closed") & Q(closed_on__isnull=True), name="family_closed_with_date"),
        ]
        indexes = [models.Index(fields=["partnership", "status", "attached_on"], name="family_status")]

    def __str__(self):
        return self.reference


class Relationship(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    PARTNER = "partner", "Partner of a parent"
    CHILD = "child", "Child"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_ADULT = "other_adult", "Other adult"
    OTHER_CHILD = "other_child", "Other child"


CHILD_RELATIONSHIPS = (Relationship.CHILD, Relationship.OTHER_CHILD)


class FamilyMember(models.Model):
    """A casework person in a family: linked, never retyped."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="family_links")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["family", "person"], name="family_member_unique")]
        indexes = [models.Index(fields=["person", "family"], name="family_member_person")]

    def __str__(self):
        return f"{self.person} ({self.get_relationship_display().lower()})"

    @property
    def is_child(self):
        return self.relationship in CHILD_RELATIONSHIPS


class FamilyShare(models.Model):
    """A family shared with another organisation under an agreement both are party to."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey("casework.SharingAgreement", on_delete=models.PROTECT, related_name="family_shares")
    shared_at = models.DateTimeField(auto_now_add=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["family", "organisation"], name="family_share_unique")]


class Fact(models.Model):
    """A fact about a member from a partner's records (a school's exclusions and absence, the DWP's
    benefits, a youth offending team's offences), entered or imported, with its source and period."""

    class Kind(models.TextChoices):
        FIXED_TERM_EXCLUSIONS = "fixed_term_exclusions", "Fixed-term exclusions (number in the period)"
        PERMANENT_EXCLUSION = "permanent_exclusion", "Permanent exclusion"
        UNAUTHORISED_ABSENCE = "unauthorised_absence", "Unauthorised absence (% of sessions in the period)"
        OUT_OF_WORK_BENEFITS = "out_of_work_benefits", "Out-of-work benefits"
        CONTINUOUS_EMPLOYMENT = "continuous_employment", "Continuous employment (the period worked)"
        PROGRESS_TO_WORK = "progress_to_work", "Progress to work (a work programme or training)"
        YOUTH_OFFENCE = "youth_offence", "Proven offences by a young person (number in the period)"
        CHILD_NEEDS_HELP = "child_needs_help", "Child in need or on a child protection plan"
        FINANCIAL_EXCLUSION = "financial_exclusion", "Financial exclusion or serious debt"
        HEALTH = "health", "Health problem (physical or mental)"
        LOCAL_DISCRETION = "local_discretion", "Local concern (the partnership's discretion)"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="facts")
    member = models.ForeignKey(FamilyMember, on_delete=models.CASCADE, related_name="facts")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    value = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    source = models.CharField(max_length=200)
    source_organisation = models.ForeignKey("partners.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    note = models.TextField(blank=True)
    import_batch = models.CharField(max_length=40, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [models.CheckConstraint(condition=Q(period_end__gte=F("period_start")),
                                              name="family_fact_period")]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"


class ProblemEvidence(models.Model):
    """One piece of evidence that a family holds one of its rule set's problems: a casework report or
    case, a domestic abuse incident (shown as "domestic abuse: yes" to readers without DA permission),
    or a fact. Exactly one of them."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="evidence")
    problem = models.CharField(max_length=40)
    report = models.ForeignKey("casework.Report", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("casework.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    da_incident = models.ForeignKey("domesticabuse.Incident", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    fact = models.ForeignKey(Fact, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["problem", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False, case__isnull=True, da_incident__isnull=True, fact__isnull=True)
                | Q(report__isnull=True, case__isnull=False, da_incident__isnull=True, fact__isnull=True)
                | Q(report__isnull=True, case__isnull=True, da_incident__isnull=False, fact__isnull=True)
                | Q(report__isnull=True, case__isnull=True, da_incident__isnull=True, fact__isnull=False),
                name="family_evidence_one_source"),
        ]


class Goal(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="goals")
    problem = models.CharField(max_length=40, blank=True)
    text = models.TextField()
    achieved_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class PlanAction(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    owner = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]


class Review(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    summary = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-reviewed_on", "-id"]


class Support(models.Model):
    """An intervention (casework) or referral to a service given to a member, linked to the family's
    plan: the work recorded where it was done, pointed at from here."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="support")
    intervention = models.ForeignKey("interventions.Intervention", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    referral = models.ForeignKey("referrals.Referral", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(intervention__isnull=False, referral__isnull=True)
                                   | Q(intervention__isnull=True, referral__isnull=False), name="family_support_one"),
        ]


class Claim(models.Model):
    """A claim under a rule set for a period: lines of families with the outcome each meets. A draft
    until the CSP manager approves it; then locked."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="family_claims")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="claims")
    title = models.CharField(max_length=120)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="family_claim_period"),
            models.CheckConstraint(condition=Q(status="draft", approved_at__isnull=True)
                                   | Q(status="approved", approved_at__isnull=False), name="family_claim_approved"),
        ]

    def __str__(self):
        return self.title


class ClaimLine(models.Model):
    """One family's claim for one outcome (or its attachment fee, outcome "attachment"), with the
    evidence frozen as it stood when claimed (`evidence`, and its SHA-256 `digest`)."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        VERIFIED = "verified", "Verified"
        WITHDRAWN = "withdrawn", "Withdrawn"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="claim_lines")
    outcome = models.CharField(max_length=40)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    evidence = models.JSONField()
    digest = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CLAIMED)
    checked_at = models.DateTimeField(null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    withdrawn_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "family__reference", "outcome", "id"]
        constraints = [
            # A family is claimed once per outcome: a withdrawn line no longer counts.
            models.UniqueConstraint(fields=["family", "outcome"], condition=~Q(status="withdrawn"),
                                    name="family_claimed_once_per_outcome"),
            models.CheckConstraint(condition=Q(status="withdrawn") & ~Q(withdrawn_reason="")
                                   | ~Q(status="withdrawn") & Q(withdrawn_reason=""), name="family_withdrawn_reason"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="family_claim_amount"),
        ]


class SpotCheck(models.Model):
    """A random sample of a claim's families for an auditor, drawn reproducibly: the same seed and
    the same claimed families always give the same `sample` (family ids in the order drawn)."""

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="spot_check")
    size = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    sample = models.JSONField()
    drawn_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
