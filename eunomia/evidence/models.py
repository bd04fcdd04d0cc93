"""The evidence behind the strategic assessment that does not come from police.uk: partners'
aggregated counts, the residents' survey and the harm weights (ADR 0017)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from eunomia.figures.models import Counts


class PartnerDataset(models.Model):
    """One file of monthly counts from a partner organisation, such as the fire service's deliberate
    fires. Re-importing a dataset of the same name for the same organisation replaces its counts
    whole; the dataset itself, its upload history and its registered measures stay (ADR 71)."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="partner_datasets")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True, help_text="The system or report the counts come from")
    notes = models.TextField(blank=True)
    file_name = models.CharField(max_length=300)
    rows = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "organisation", "name"],
                                               name="one_partner_dataset_per_name")]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class PartnerCount(models.Model):
    """How many of one category a partner counted in one area in one month. The area is the
    partnership's district, one of its wards or one of its LSOAs, by ONS code."""

    dataset = models.ForeignKey(PartnerDataset, on_delete=models.CASCADE, related_name="counts")
    month = models.DateField(help_text="The first day of the month")
    area_code = models.CharField(max_length=9)
    category = models.CharField(max_length=200)
    count = models.PositiveIntegerField()
    # When the upload that brought this row was imported. A re-import keeps the rows it repeats
    # exactly (and their dates), so a recount can say what came in since (ADR 71).
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["month", "area_code", "category"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "month", "area_code", "category"], name="one_partner_count"),
            models.CheckConstraint(condition=Q(count__gte=0), name="partner_count_not_negative"),
        ]


class PartnerDatasetUpload(models.Model):
    """One import of a partner dataset. A re-import replaces the dataset's counts, and this row is
    what is left of the upload before it: the file, its lines and months, its SHA-256, who and when
    (ADR 71). Written in the import's own transaction."""

    dataset = models.ForeignKey(PartnerDataset, on_delete=models.CASCADE, related_name="uploads")
    file_name = models.CharField(max_length=300)
    rows = models.PositiveIntegerField()
    first_month = models.DateField(null=True, blank=True)
    last_month = models.DateField(null=True, blank=True)
    # Blank for an upload made before fingerprints were kept.
    sha256 = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-imported_at", "-id"]


class PartnerMeasure(models.Model):
    """One category ("column") of a partner dataset registered as a figure source: its figures are
    the sum of the monthly counts of that category over their period (ADR 71)."""

    class How(models.TextChoices):
        SUM = "sum", "The sum of the monthly counts"

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="partner_measures")
    dataset = models.ForeignKey(PartnerDataset, on_delete=models.CASCADE, related_name="measures")
    category = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    definition = models.TextField()
    counts = models.CharField(max_length=10, choices=Counts.choices)
    how = models.CharField(max_length=10, choices=How.choices, default=How.SUM)
    # Days of imprisonment per count, as the harm weights give them, for the priority matrix; none
    # means not weighted (not the same as 0).
    harm_weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "category"], name="one_partner_measure_per_category"),
            models.CheckConstraint(condition=Q(harm_weight__isnull=True) | Q(harm_weight__gte=0),
                                   name="partner_measure_weight_not_negative"),
        ]

    def __str__(self):
        return self.title

    @property
    def harm_days(self):
        """The weight as written, without trailing zeros (7.5, 365), or "" when not weighted."""
        if self.harm_weight is None:
            return ""
        text = f"{self.harm_weight:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text


class Survey(models.Model):
    """A residents' survey: each respondent's top concerns, up to three, in order."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="surveys")
    name = models.CharField(max_length=200)
    fieldwork_start = models.DateField(null=True, blank=True, help_text="The first day of the month")
    fieldwork_end = models.DateField(null=True, blank=True, help_text="The first day of the month")
    respondents = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=300)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = [models.F("fieldwork_end").desc(nulls_last=True), "-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="one_survey_per_name"),
            models.CheckConstraint(condition=Q(fieldwork_start__isnull=True) | Q(fieldwork_end__isnull=True)
                                   | Q(fieldwork_end__gte=models.F("fieldwork_start")), name="survey_fieldwork_order"),
        ]

    def __str__(self):
        return self.name


class SurveyConcern(models.Model):
    """One issue a respondent named among their top three concerns, with its rank (1 = the most)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="concerns")
    respondent = models.CharField(max_length=100)
    area_code = models.CharField(max_length=9, blank=True)
    rank = models.PositiveSmallIntegerField()
    crime_type = models.ForeignKey("crime.CrimeType", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["respondent", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent", "rank"], name="one_concern_per_rank"),
            models.UniqueConstraint(fields=["survey", "respondent", "crime_type"], name="one_rank_per_concern"),
            models.CheckConstraint(condition=Q(rank__gte=1, rank__lte=3), name="survey_rank_1_to_3"),
        ]


class HarmWeightSet(models.Model):
    """Harm weights, in days of imprisonment per offence (the Cambridge Crime Harm Index's unit),
    with where they come from and on what licence. A partnership has one active set at most."""

    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="harm_weight_sets")
    name = models.CharField(max_length=200)
    source = models.TextField()
    licence = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    notes = models.TextField(blank=True)
    file_name = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        ordering = ["-imported_at"]
        constraints = [models.UniqueConstraint(fields=["partnership"], condition=Q(is_active=True),
                                               name="one_active_harm_weight_set")]

    def __str__(self):
        return self.name


class HarmWeight(models.Model):
    """One crime type's weight. A crime type without a row (anti-social behaviour in the CCHI set)
    is not weighted: that is not the same as a weight of 0."""

    weight_set = models.ForeignKey(HarmWeightSet, on_delete=models.CASCADE, related_name="weights")
    crime_type = models.ForeignKey("crime.CrimeType", on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=12, decimal_places=4)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["crime_type__position"]
        constraints = [
            models.UniqueConstraint(fields=["weight_set", "crime_type"], name="one_weight_per_crime_type"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="harm_weight_not_negative"),
        ]

    @property
    def days(self):
        """The weight as written, without the trailing zeros of the stored decimal places: 7.5, 365."""
        text = f"{self.weight:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
