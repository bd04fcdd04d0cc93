"""The operations log, events and campaigns (issue 14, parts 5 to 8).

The log keeps what the partnership's officers do on the ground, one typed record each: test
purchases, licensed-premises visits, training sessions, Community Payback projects, a scheme's
members and exclusions (a Safer Towns scheme, say), and enforcement operations; then events and the
campaigns that group them. Premises are one table per partnership, named once and reused by test
purchases, visits and schemes.

None of it holds personal data, by design (ADR 60): premises are businesses, an exclusion is the
scheme's own reference and its dates, and every free-text field says that names belong elsewhere.
Every record belongs to the organisation that recorded it (`OwnedByOrganisation`): a partner
practitioner changes only their own organisation's."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from eunomia.partners.models import OwnedByOrganisation


class Record(OwnedByOrganisation):
    """What every record of the log shares: its partnership, the organisation that recorded it (its
    owner) and who did."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True


class Premises(Record):
    """A business's premises: a shop, a pub, a takeaway. The name is the one it trades under."""

    class Kind(models.TextChoices):
        SHOP = "shop", "Shop or convenience store"
        SUPERMARKET = "supermarket", "Supermarket"
        OFF_LICENCE = "off_licence", "Off-licence"
        PUB = "pub", "Pub or bar"
        NIGHTCLUB = "nightclub", "Nightclub"
        RESTAURANT = "restaurant", "Restaurant, café or takeaway"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    address = models.TextField()
    # Capitals, one space before the inward code (eunomia.core.postcodes).
    postcode = models.CharField(max_length=8)
    # The premises' address in the partnership's gazetteer, set by the actions (ADR 70).
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="premises")

    class Meta:
        ordering = ["name", "postcode", "id"]
        verbose_name_plural = "premises"
        constraints = [models.UniqueConstraint(fields=["partnership", "name", "postcode"],
                                               name="premises_named_once_per_partnership")]

    def __str__(self):
        return f"{self.name}, {self.postcode}"


class TestPurchase(Record):
    """An underage volunteer tries to buy an age-restricted product. Pass: the sale was refused."""

    __test__ = False  # a model, not a pytest test class

    class Product(models.TextChoices):
        ALCOHOL = "alcohol", "Alcohol"
        TOBACCO = "tobacco", "Tobacco"
        VAPES = "vapes", "Vapes"
        KNIVES = "knives", "Knives and bladed articles"
        FIREWORKS = "fireworks", "Fireworks"
        SOLVENTS = "solvents", "Solvents or lighter gas"
        OTHER = "other", "Another age-restricted product"

    class Result(models.TextChoices):
        PASS = "pass", "Pass: the sale was refused"
        FAIL = "fail", "Fail: the product was sold"

    premises = models.ForeignKey(Premises, on_delete=models.PROTECT, related_name="test_purchases")
    made_on = models.DateField()
    product = models.CharField(max_length=20, choices=Product.choices)
    result = models.CharField(max_length=4, choices=Result.choices)
    follow_up = models.TextField(blank=True)

    class Meta:
        ordering = ["-made_on", "-id"]

    def __str__(self):
        return f"{self.get_product_display()} test purchase at {self.premises.name}"


class PremisesVisit(Record):
    """A visit to licensed premises."""

    class Purpose(models.TextChoices):
        ROUTINE = "routine", "Routine inspection"
        COMPLAINT = "complaint", "Following a complaint"
        FOLLOW_UP = "follow_up", "Follow-up of an earlier visit or test purchase"
        APPLICATION = "application", "Licence application or variation"
        JOINT = "joint", "Joint visit with partners"
        OTHER = "other", "Other"

    premises = models.ForeignKey(Premises, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField()
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    findings = models.TextField()

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self):
        return f"Visit to {self.premises.name}"


class TrainingSession(Record):
    topic = models.CharField(max_length=200)
    held_on = models.DateField()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.topic

    @property
    def attendees(self):
        return sum(row.people for row in self.attendance.all())


class TrainingAttendance(models.Model):
    """How many people from one organisation in the directory attended a session (no names)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    people = models.PositiveIntegerField()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "organisation"], name="attendance_once_per_organisation"),
            models.CheckConstraint(condition=Q(people__gte=1), name="attendance_at_least_one"),
        ]


class PaybackProject(Record):
    """A Community Payback project: unpaid work by people on community sentences, at a site a partner
    nominated. Hours are the project's total; it is complete from `completed_on`."""

    nominated_by = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    site = models.CharField(max_length=200)
    work = models.TextField(blank=True)
    nominated_on = models.DateField()
    hours = models.DecimalField(max_digits=8, decimal_places=1, default=0)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-nominated_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("nominated_on")),
                                   name="payback_completed_after_nominated"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="payback_hours_not_negative"),
        ]

    def __str__(self):
        return f"Community Payback at {self.site}"


class Scheme(Record):
    """A membership scheme of local businesses (Safer Towns, Pubwatch, Shopwatch): premises join and
    leave, and the scheme excludes people from its members' premises for a time."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    started_on = models.DateField()

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="scheme_named_once")]

    def __str__(self):
        return self.name


class SchemeMember(models.Model):
    """A spell of one premises's membership of a scheme. It is a member from `joined_on` up to and
    including `left_on`; a premises that leaves and joins again has two spells, which never overlap."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="members")
    premises = models.ForeignKey(Premises, on_delete=models.PROTECT, related_name="scheme_memberships")
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["premises__name", "joined_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                                   name="scheme_member_left_after_joined"),
            models.UniqueConstraint(fields=["scheme", "premises"], condition=Q(left_on__isnull=True),
                                    name="one_open_scheme_membership"),
        ]

    def __str__(self):
        return f"{self.premises} in {self.scheme}"

    @property
    def owner_organisation_id(self):
        """The scheme's organisation keeps its list of members."""
        return self.scheme.owner_organisation_id

    @property
    def partnership(self):
        return self.scheme.partnership

    def is_member_on(self, day):
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)


class SchemeExclusion(models.Model):
    """An exclusion from the scheme's members' premises, by the scheme's own reference and its first
    and last days: never the excluded person's name (ADR 60). Active on both of those days."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="exclusions")
    reference = models.CharField(max_length=40)
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="exclusion_ends_after_start"),
            models.UniqueConstraint(fields=["scheme", "reference"], name="exclusion_reference_once_per_scheme"),
        ]

    def __str__(self):
        return f"Exclusion {self.reference}"

    @property
    def owner_organisation_id(self):
        return self.scheme.owner_organisation_id

    @property
    def partnership(self):
        return self.scheme.partnership

    def is_active_on(self, day):
        return self.starts_on <= day <= self.ends_on


class EnforcementOperation(Record):
    """A named operation: days of action, joint patrols, a crackdown on one problem."""

    name = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    partners = models.ManyToManyField("partners.Organisation", blank=True, related_name="+")
    results = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                                   name="enforcement_ends_after_start"),
        ]

    def __str__(self):
        return self.name


class Campaign(Record):
    """A campaign groups events (a month of knife-crime awareness, a winter burglary campaign)."""

    name = models.CharField(max_length=200)
    aim = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    priority = models.ForeignKey("plans.Priority", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                                   name="campaign_ends_after_start"),
        ]

    def __str__(self):
        return self.name

    def covers(self, day):
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Event(Record):
    """An event: a stall, a talk, an assembly, a week of online posts; who it reached."""

    name = models.CharField(max_length=200)
    held_on = models.DateField()
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    audience = models.CharField(max_length=200)
    place = models.CharField(max_length=200)
    partners = models.ManyToManyField("partners.Organisation", blank=True, related_name="+")
    materials = models.TextField(blank=True)
    people_attended = models.PositiveIntegerField(default=0)
    leaflets = models.PositiveIntegerField(default=0)
    online_views = models.PositiveIntegerField(default=0)
    priority = models.ForeignKey("plans.Priority", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return self.name
