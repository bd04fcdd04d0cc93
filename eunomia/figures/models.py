from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eunomia.core.formatting import Unit
from eunomia.figures.disclosure import DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD, Rule
from eunomia.figures.registry import COUNTS_EVENTS, COUNTS_PEOPLE
from eunomia.partners.models import OwnedByOrganisation

figure_name_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "Use only lower-case letters, numbers and single hyphens, like mediation-referrals-2025-26",
)


NUMERIC_UNITS = {Unit.COUNT, Unit.PERCENTAGE, Unit.NUMBER, Unit.MONEY}


class Counts(models.TextChoices):
    """What a count counts (ADR 65): people are published under the partnership's disclosure rule,
    events as they are."""

    PEOPLE = COUNTS_PEOPLE, _("People (victims, residents, households, families, young people)")
    EVENTS = COUNTS_EVENTS, _("Events or things, not people (crimes, reports, sessions, referrals, premises)")


class Figure(OwnedByOrganisation):
    """A named quantity for a period, with its definition and source.

    Entered by hand (with who, when and an evidence note) or computed by a registered measure over
    the system's own records. The value held here is the latest one; FigureRevision keeps them all.
    Yes/no values are held as 1 or 0 in `value`; text values in `text_value`.
    """

    class Kind(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        COMPUTED = "computed", "Calculated from records"
        # Worked out from other figures: measure_params holds {"operation": ..., "inputs": [names]}
        # (figures.derived), and `evidence` the working of the latest value.
        DERIVED = "derived", "Worked out from other figures"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="figures")
    name = models.CharField(max_length=100, validators=[figure_name_validator])
    title = models.CharField(max_length=200)
    definition = models.TextField()
    source = models.CharField(max_length=300)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MANUAL)
    measure = models.CharField(max_length=100, blank=True)
    measure_params = models.JSONField(default=dict, blank=True)
    # Who provides the value; none for a figure worked out from Eunomia's own records.
    owner_organisation = models.ForeignKey("partners.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+")
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    text_value = models.TextField(blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.TextField(blank=True)
    # Of a count: people or events (ADR 65). A calculated figure takes it from its measure, a
    # worked-out one from its inputs; anything but a count has none.
    counts = models.CharField(max_length=10, choices=Counts.choices, blank=True)

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="figure_name_unique"),
            models.CheckConstraint(
                condition=(Q(unit="count", counts__in=[COUNTS_PEOPLE, COUNTS_EVENTS])
                           | (~Q(unit="count") & Q(counts=""))),
                name="figure_counts_only_of_a_count",
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="figure_period_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=["manual", "derived"], measure="") | Q(kind="computed") & ~Q(measure=""),
                name="figure_measure_only_when_computed",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def inputs(self):
        """The names of the figures a derived figure is worked out from."""
        return list(self.measure_params.get("inputs", [])) if self.kind == self.Kind.DERIVED else []

    @property
    def has_value(self):
        if self.unit == Unit.TEXT:
            return bool(self.text_value.strip())
        return self.value is not None

    @property
    def counts_people(self):
        return self.unit == Unit.COUNT and self.counts == COUNTS_PEOPLE


class FigureRevision(models.Model):
    """Every value a figure has had, newest last. Written by figures.actions only."""

    class Via(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        COMPUTED = "computed", "Calculated"
        API = "api", "Entered through the API"

    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="revisions")
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    text_value = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=20, choices=Via.choices)

    class Meta:
        ordering = ["-recorded_at", "-id"]

    @property
    def unit(self):
        return self.figure.unit


class DisclosureRule(models.Model):
    """The partnership's rule for publishing counts of people (ADR 65), set by its CSP manager. A
    partnership without a row uses the default: 1 to 4 shown as "fewer than 5", with secondary
    suppression."""

    partnership = models.OneToOneField("partners.Partnership", on_delete=models.CASCADE,
                                       related_name="disclosure_rule")
    threshold = models.PositiveSmallIntegerField(default=DEFAULT_THRESHOLD)
    secondary = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=MIN_THRESHOLD, threshold__lte=MAX_THRESHOLD),
                                   name="disclosure_threshold_in_range"),
        ]

    def as_rule(self):
        return Rule(threshold=self.threshold, secondary=self.secondary)


class PublishedFigure(models.Model):
    """A figure as a publication printed it, with what it counted (ADR 69): the measure, its
    parameters and period, and the records behind the value (their ids, packed, and a SHA-256 digest
    of them). For open data (police.uk) the records' rows themselves are kept too, so the public can
    count them again. Never changed once written (a database trigger refuses updates); a recount only
    reports. Not tied to the figure by a key: the figure may change or go, what was printed stays."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.PROTECT, related_name="+")
    # What printed it ("Harrowdale Community Safety Partnership plan 2026 to 2027, version 2") and its
    # public page.
    publication = models.CharField(max_length=300)
    publication_url = models.CharField(max_length=300)
    published_at = models.DateTimeField()
    name = models.CharField(max_length=100)
    title = models.CharField(max_length=200)
    definition = models.TextField()
    source = models.CharField(max_length=300)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    counts = models.CharField(max_length=10, choices=Counts.choices, blank=True)
    period_start = models.DateField()
    period_end = models.DateField()
    kind = models.CharField(max_length=20, choices=Figure.Kind.choices)
    measure = models.CharField(max_length=100, blank=True)
    measure_params = models.JSONField(default=dict, blank=True)
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    text_value = models.TextField(blank=True)
    # The value as printed: "57", or "fewer than 5" where the disclosure rule withheld it.
    shown = models.CharField(max_length=200)
    withheld = models.BooleanField(default=False)
    # How the value came to be, in words ("Calculated by Eunomia from its records on 3 March 2027").
    recorded = models.TextField(blank=True)
    record_kind = models.CharField(max_length=60, blank=True)
    record_count = models.PositiveIntegerField(null=True, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    record_ids = models.BinaryField(default=b"", blank=True)
    open_records = models.BinaryField(default=b"", blank=True)

    class Meta:
        ordering = ["-published_at", "name"]
        indexes = [models.Index(fields=["partnership", "name", "published_at"], name="published_figure_name")]

    def __str__(self):
        return f"{self.title} ({self.publication})"

    @property
    def has_records(self):
        return bool(self.digest)
