"""Reports of hate incidents sent by the public, or by a third-party reporting centre on someone's
behalf, without signing in (ADR 62). A report is personal data owned by the partnership's triage
organisation: read it only through eunomia.hatereports.queries, and audit every read. It waits in
triage until the triage organisation turns it into a casework report or closes it with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eunomia.core.equality import EqualityAnswers
from eunomia.partners.models import OwnedByOrganisation

DESCRIPTION_MAX = 5000
ADDRESS_MAX = 300
OTHER_MOTIVATION_MAX = 200
NAME_MAX = 100
EMAIL_MAX = 254
PHONE_MAX = 40
CLOSE_NOTE_MAX = 1000
REFERENCE_MAX = 12  # "HR-", four characters, "-", four more


class TriageSettings(models.Model):
    """Which member organisation receives the partnership's hate reports. A partnership without a row
    (or whose choice has left) sends them to its local authority (eunomia.hatereports.queries)."""

    partnership = models.OneToOneField("partners.Partnership", on_delete=models.CASCADE,
                                       related_name="hate_report_triage")
    organisation = models.ForeignKey("partners.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")


class ReportingCentre(models.Model):
    """A directory organisation the partnership has designated a third-party hate reporting centre:
    a place people can go to report with someone's help. Its staff (members of the partnership in that
    organisation) may send reports on someone's behalf and see their centre's reports' status. A
    centre withdrawn keeps its row, so its reports still name it."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="reporting_centres")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    designated_at = models.DateTimeField()
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "organisation"],
                                               name="reporting_centre_unique")]

    def __str__(self):
        return str(self.organisation)

    @property
    def is_active(self):
        return self.withdrawn_at is None


class Strand(models.TextChoices):
    """The five monitored strands of hate crime (Home Office), or another reason."""

    DISABILITY = "disability", _("Disability")
    RACE = "race", _("Race or ethnicity")
    RELIGION = "religion", _("Religion or belief")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")
    TRANSGENDER = "transgender", _("Transgender identity")
    OTHER = "other", _("Something else")


class HateReport(OwnedByOrganisation, EqualityAnswers):
    class Status(models.TextChoices):
        IN_TRIAGE = "in_triage", _("In triage")
        CASEWORK = "casework", _("Turned into a casework report")
        CLOSED = "closed", _("Closed")

    class Reporter(models.TextChoices):
        VICTIM = "victim", _("The person it happened to")
        WITNESS = "witness", _("A witness")
        ON_BEHALF = "on_behalf", _("Someone reporting for the person it happened to")
        CENTRE = "centre", _("A reporting centre, on someone's behalf")

    class ContactBy(models.TextChoices):
        EMAIL = "email", _("By email")
        PHONE = "phone", _("By phone")
        NONE = "none", _("No contact wanted")

    class CloseReason(models.TextChoices):
        DUPLICATE = "duplicate", _("Already reported")
        POLICE = "police", _("Passed to the police as a crime")
        OUT_OF_AREA = "out_of_area", _("Happened outside the partnership's area")
        NOT_ENOUGH = "not_enough", _("Not enough information to act on")
        OTHER = "other", _("Another reason")

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="hate_reports")
    reference = models.CharField(max_length=REFERENCE_MAX, unique=True)
    received_at = models.DateTimeField()
    reporter = models.CharField(max_length=20, choices=Reporter.choices)
    # Set when a reporting centre's staff sent it, signed in: the centre and who.
    centre = models.ForeignKey(ReportingCentre, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="hate_reports")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    description = models.TextField()
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    address = models.CharField(max_length=ADDRESS_MAX, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    other_motivation = models.CharField(max_length=OTHER_MOTIVATION_MAX, blank=True)
    anonymous = models.BooleanField(default=False)
    first_name = models.CharField(max_length=NAME_MAX, blank=True)
    last_name = models.CharField(max_length=NAME_MAX, blank=True)
    contact_by = models.CharField(max_length=10, choices=ContactBy.choices, blank=True)
    email = models.EmailField(max_length=EMAIL_MAX, blank=True)
    phone = models.CharField(max_length=PHONE_MAX, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_TRIAGE)
    # When someone in the triage organisation first opened it: before that its centre sees "Received".
    opened_at = models.DateTimeField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    casework_report = models.OneToOneField("casework.Report", null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="hate_report")
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(blank=True)
    # Set when the retention schedule erased what was said and who said it (eunomia.hatereports.retention).
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="in_triage", triaged_at__isnull=True, close_reason="")
                | Q(status="casework", triaged_at__isnull=False, close_reason="")
                | Q(status="closed", triaged_at__isnull=False) & ~Q(close_reason=""),
                name="hate_report_triaged_once"),
            models.CheckConstraint(condition=~Q(anonymous=True) | Q(first_name="", last_name="", email="", phone=""),
                                   name="hate_report_anonymous_names_no_one"),
            models.CheckConstraint(condition=Q(reporter="centre", centre__isnull=False)
                                   | ~Q(reporter="centre") & Q(centre__isnull=True),
                                   name="hate_report_centre_only_for_centres"),
        ]
        indexes = [models.Index(fields=["partnership", "status", "received_at"], name="hate_report_queue"),
                   models.Index(fields=["partnership", "received_at"], name="hate_report_received")]

    def __str__(self):
        return self.reference

    @property
    def source(self):
        """How it came in, as casework names it: a reporting centre's, or the online form's."""
        return "third_party_centre" if self.centre_id else "online"

    @property
    def strands(self):
        return [m.strand for m in self.motivations.all()]

    def centre_status(self):
        """The status a reporting centre's staff see: received until the triage organisation opens it."""
        if self.status == self.Status.IN_TRIAGE and self.opened_at is None:
            return _("Received")
        return self.get_status_display()


class Motivation(models.Model):
    """One reason the reporter thinks it happened: a report may give several."""

    hate_report = models.ForeignKey(HateReport, on_delete=models.CASCADE, related_name="motivations")
    strand = models.CharField(max_length=20, choices=Strand.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["hate_report", "strand"], name="motivation_once_per_report")]
