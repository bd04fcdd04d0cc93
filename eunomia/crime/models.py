from django.conf import settings
from django.db import models


# The categories police.uk uses now, in its order (migration 0002 adds them with two retired ones).
CURRENT_CATEGORIES = [
    "Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson", "Drugs", "Other theft",
    "Possession of weapons", "Public order", "Robbery", "Shoplifting", "Theft from the person", "Vehicle crime",
    "Violence and sexual offences", "Other crime",
]


class CrimeType(models.Model):
    """A police.uk crime category, as its street-level files name it. Anti-social behaviour is one
    of them, kept apart in the assessment. Categories police.uk has since retired stay, marked
    legacy, so old files import as they are."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    is_asb = models.BooleanField(default=False)
    is_legacy = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Outcome(models.Model):
    """A 'Last outcome category' value. Kept as a small table: the same few dozen phrases repeat
    on millions of rows."""

    name = models.CharField(max_length=200, unique=True)

    def __str__(self):
        return self.name


class Force(models.Model):
    """A police force, by the name police.uk gives it in 'Falls within'."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DataMonth(models.Model):
    """One force's street-level records for one month, as imported. Re-importing the same force and
    month replaces it, records and all."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="months")
    month = models.DateField(help_text="The first day of the month")
    rows = models.PositiveIntegerField()
    rows_without_location = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=300, help_text="The file it came from")
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["-month", "force__name"]
        constraints = [models.UniqueConstraint(fields=["force", "month"], name="one_import_per_force_month")]

    def __str__(self):
        return f"{self.force} {self.month:%Y-%m}"


class CrimeRecord(models.Model):
    """One row of a police.uk street-level file. Written in bulk by crime.importer, never through
    the ORM one by one; read through the (data_month, lsoa_code, crime_type) index: every area query
    names its months and its LSOAs."""

    # No foreign-key constraints in the database (db_constraint=False): PostgreSQL checks deferred
    # constraints row by row at commit, which more than doubled the time to import a national
    # month (ADR 16). The importer is the only writer: it creates the month, resolves every type
    # and outcome, and deletes a month's records before the month.
    # No index of its own either: the records' index starts with it (ADR 53 addendum).
    data_month = models.ForeignKey(DataMonth, on_delete=models.CASCADE, related_name="records", db_constraint=False,
                                   db_index=False)
    # No index of their own on the type or outcome: every index slows the bulk import, and
    # queries always start from the area and month.
    crime_type = models.ForeignKey(CrimeType, on_delete=models.PROTECT, related_name="+", db_index=False,
                                   db_constraint=False)
    lsoa_code = models.CharField(max_length=9, blank=True)
    longitude = models.FloatField(null=True)
    latitude = models.FloatField(null=True)
    location = models.CharField(max_length=300, blank=True)
    crime_id = models.CharField(max_length=64, blank=True)
    outcome = models.ForeignKey(Outcome, null=True, on_delete=models.PROTECT, related_name="+", db_index=False,
                                db_constraint=False)
    context = models.TextField(blank=True)

    class Meta:
        # The crime type is in the index so that the assessment's count, grouped by month, type and
        # LSOA, reads the index alone and never the table (ADR 18). The month first: a month's
        # import appends to the end of the index instead of writing all over it, so importing
        # does not slow down as the table grows (ADR 53 addendum).
        indexes = [models.Index(fields=["data_month", "lsoa_code", "crime_type"], name="crime_record_month_area_type")]
