"""Casework: reports of anti-social behaviour, the people and places in them, and the cases that
gather them. Every record here holds personal data: read it only through eunomia.casework.queries,
which limits it to what the reader's organisation owns or has been shared, and audit every read."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eunomia.partners.models import OwnedByOrganisation


class SharingAgreement(models.Model):
    """An information sharing agreement between partner organisations: why they share, on what
    lawful basis, and when it must be reviewed. A case is shared only under one."""

    class LawfulBasis(models.TextChoices):
        PUBLIC_TASK = "public_task", "Public task (UK GDPR 6(1)(e)); Crime and Disorder Act 1998 s.115"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (UK GDPR 6(1)(c))"
        VITAL_INTERESTS = "vital_interests", "Vital interests (UK GDPR 6(1)(d))"
        CONSENT = "consent", "Consent (UK GDPR 6(1)(a))"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="agreements")
    title = models.CharField(max_length=200)
    purpose = models.TextField()
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    parties = models.ManyToManyField("partners.Organisation", related_name="agreements")
    starts_on = models.DateField()
    review_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class Person(OwnedByOrganisation):
    """Someone in a report or case: victim, complainant, witness or perpetrator, in any number of
    them. Owned by the organisation that recorded them first. A duplicate merged into another keeps
    its row (pointing at the one it became) so links and the audit trail still resolve."""

    class Flag(models.TextChoices):
        CHILD = "child", "Under 18"
        OLDER = "older", "Older person"
        DISABILITY = "disability", "Disability"
        MENTAL_HEALTH = "mental_health", "Mental health"
        LEARNING = "learning", "Learning disability"
        ISOLATED = "isolated", "Socially isolated"
        REPEAT = "repeat", "Repeat victim (set by hand)"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="people")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    flags = models.JSONField(default=list, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["partnership", "last_name", "first_name"], name="person_name")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day):
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Report(OwnedByOrganisation):
    """One report of anti-social behaviour, as it came in."""

    class Category(models.TextChoices):
        PERSONAL = "personal", "Personal ASB (aimed at a person or group)"
        NUISANCE = "nuisance", "Nuisance ASB (affecting a community)"
        ENVIRONMENTAL = "environmental", "Environmental ASB (fly-tipping, graffiti, litter)"
        HATE = "hate", "Hate-motivated incident"
        NOISE = "noise", "Noise"
        CRIMINAL_DAMAGE = "criminal_damage", "Criminal damage"
        DRUGS = "drugs", "Drug-related"
        VEHICLES = "vehicles", "Vehicle nuisance"

    class Source(models.TextChoices):
        POLICE = "police", "Police"
        COUNCIL = "council", "Council"
        HOUSING = "housing", "Housing provider"
        ONLINE = "online", "Online form"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        # A third-party hate reporting centre's report on someone's behalf (eunomia.hatereports, ADR 62).
        THIRD_PARTY_CENTRE = "third_party_centre", "Third-party reporting centre"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="reports")
    reference = models.CharField(max_length=20)
    occurred_at = models.DateTimeField()
    reported_at = models.DateTimeField()
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    # Where it happened, as the partnership's gazetteer knows it (ADR 70): the address and postcode
    # above are what was written; reports at one place are counted through this link. Indexed with
    # its partnership and time below.
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="reports",
                              db_index=False)
    category = models.CharField(max_length=20, choices=Category.choices)
    source = models.CharField(max_length=20, choices=Source.choices)
    description = models.TextField()
    anonymous = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="report_reference_unique"),
            models.CheckConstraint(condition=Q(occurred_at__lte=models.F("reported_at")),
                                   name="report_occurred_before_reported"),
        ]
        indexes = [models.Index(fields=["partnership", "postcode", "reported_at"], name="report_place_time"),
                   # The report list, newest first, and the briefing's window of reports.
                   models.Index(fields=["partnership", "reported_at", "id"], name="report_latest"),
                   models.Index(fields=["partnership", "occurred_at"], name="report_occurred"),
                   # The briefing's repeat places: the reports at a few thousand addresses in a window,
                   # counted per address and postcode from the index alone (ADR 58).
                   models.Index(fields=["partnership", "address", "occurred_at", "postcode"],
                                name="report_address_time_place"),
                   # Repeat locations (the briefing, the figure, a place's page): the reports at a few
                   # thousand places in a window, counted per place from the index alone (ADR 70).
                   models.Index(fields=["partnership", "place", "occurred_at"], name="report_place_occurred")]

    def __str__(self):
        return self.reference


class Role(models.TextChoices):
    VICTIM = "victim", "Victim"
    COMPLAINANT = "complainant", "Complainant"
    WITNESS = "witness", "Witness"
    PERPETRATOR = "perpetrator", "Alleged perpetrator"


class ReportPerson(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="people_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="report_links")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "person", "role"], name="report_person_role_unique")]
        indexes = [models.Index(fields=["person", "report"], name="report_person_lookup")]


class VictimDay(models.Model):
    """How many reports that happened on one day (London time) name a person as victim or
    complainant. Derived from ReportPerson and kept current, in the same transaction, by the actions
    that record and link reports, merge people and erase them (eunomia.casework.derived), so how
    many reports a person had in any window of days, and so whether they were a repeat victim under
    any rule on any day, is one indexed range read (docs/adr/0052)."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="victim_days")
    day = models.DateField()
    reports = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "day"], name="victim_day_unique"),
                       models.CheckConstraint(condition=Q(reports__gt=0), name="victim_day_some_reports")]
        indexes = [models.Index(fields=["partnership", "day", "person"], name="victim_day_by_day")]


class Case(OwnedByOrganisation):
    """An ASB case: the reports and people it gathers, who leads it and who it is shared with."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        IMPROVED = "improved", "Behaviour improved"
        CEASED = "ceased", "Behaviour ceased"
        NFA = "nfa", "No further action"
        MOVED = "moved", "Moved away"
        OTHER = "other", "Other"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    lead_officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    # When the case was last handed to its lead officer by someone else (None: led by who opened it).
    lead_officer_since = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    reports = models.ManyToManyField(Report, blank=True, related_name="cases")
    # The place the case is about, when it is about one: that of its first report (ADR 70).
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="case_reference_unique"),
            models.CheckConstraint(condition=Q(status="open", closed_on__isnull=True, outcome="")
                                   | Q(status="closed", closed_on__isnull=False) & ~Q(outcome=""),
                                   name="case_closed_with_outcome"),
        ]
        indexes = [models.Index(fields=["partnership", "opened_on", "id"], name="case_latest")]  # the case list

    def __str__(self):
        return f"{self.reference}: {self.title}"


class CaseParty(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person", "role"], name="case_party_unique")]


class CaseShare(models.Model):
    """A case shared with another organisation under an agreement both are party to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(SharingAgreement, on_delete=models.PROTECT, related_name="shares")
    shared_at = models.DateTimeField(auto_now_add=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "organisation"], name="case_share_unique")]


class RepeatRule(models.Model):
    """When a person is flagged as a repeat victim: named as victim or complainant in `reports` or more
    reports within `days`; and when a place is a repeat location: `place_reports` or more reports at
    it within `place_days` (ADR 70). A partnership without a row uses the defaults (three in three
    months, for both)."""

    partnership = models.OneToOneField("partners.Partnership", on_delete=models.CASCADE, related_name="repeat_rule")
    reports = models.PositiveSmallIntegerField(default=3)
    days = models.PositiveSmallIntegerField(default=91)
    place_reports = models.PositiveSmallIntegerField(default=3)
    place_days = models.PositiveSmallIntegerField(default=91)

    def met_by(self, reports):
        """Do `reports` reports within the rule's days make a repeat?"""
        return reports >= self.reports

    def place_met_by(self, reports):
        """Do `reports` reports at one place within `place_days` make it a repeat location?"""
        return reports >= self.place_reports


class Consent(models.Model):
    """What a person agreed to about processing and sharing their data, or the other lawful basis
    relied on instead. Never changed: each change is a new row, and the latest is what applies."""

    class State(models.TextChoices):
        GIVEN = "given", "Given"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Method(models.TextChoices):
        VERBAL = "verbal", "Verbally"
        WRITTEN = "written", "In writing"
        ONLINE = "online", "Online"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    # Consent, or the other basis (public task, legal obligation, vital interests) relied on.
    basis = models.CharField(max_length=30, choices=SharingAgreement.LawfulBasis.choices)
    state = models.CharField(max_length=10, choices=State.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_for = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(basis="consent") & ~Q(state="") & ~Q(method="") & Q(decided_on__isnull=False)
                | ~Q(basis="consent") & Q(state="", method="", decided_on__isnull=True),
                name="consent_details_only_for_consent"),
        ]

    def __str__(self):
        if self.basis == SharingAgreement.LawfulBasis.CONSENT:
            return f"Consent {self.get_state_display().lower()} on {self.decided_on:%-d %B %Y}"
        return f"No consent needed: {self.get_basis_display()}"
