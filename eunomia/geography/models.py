import re

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

area_code_validator = RegexValidator(
    r"^[EW]\d{8}$", "Enter an ONS code: a letter E or W then 8 digits, like E01024717"
)


class Area(models.Model):
    """A statistical or electoral area of England or Wales, by its ONS code: a local authority
    district, an electoral ward, a middle or lower layer super output area (MSOA, LSOA).
    Partnerships reach their areas through `Partnership.local_authority_codes` and `lad`."""

    class Type(models.TextChoices):
        LAD = "lad", "Local authority district"
        WARD = "ward", "Electoral ward"
        MSOA = "msoa", "Middle layer super output area"
        LSOA = "lsoa", "Lower layer super output area"

    # The first three characters of an ONS code name the kind of area it is.
    CODE_PREFIXES = {
        Type.LAD: ("E06", "E07", "E08", "E09", "W06"),
        Type.WARD: ("E05", "W05"),
        Type.MSOA: ("E02", "W02"),
        Type.LSOA: ("E01", "W01"),
    }

    code = models.CharField(max_length=9, unique=True, validators=[area_code_validator])
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=4, choices=Type.choices)
    # Year of the boundary set the area was last imported from (2011 or 2021 for LSOAs and MSOAs,
    # 2013 for the December 2013 wards); null when not known, e.g. an LSOA met only in a
    # police.uk file. An LSOA that did not change in 2021 keeps its code, so one row serves both.
    vintage = models.PositiveSmallIntegerField(null=True, blank=True)
    lad = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # For an LSOA: its district as police.uk names it, the start of the LSOA's name in the street
    # files ("Tonbridge and Malling" from "Tonbridge and Malling 005A"). An LSOA met only in police.uk
    # files, with no boundary or population file imported, has this and no `lad` (ADR 0055).
    district_name = models.CharField(max_length=200, blank=True, default="", db_default="")
    # LSOA -> MSOA (when known), MSOA -> LAD, ward -> LAD.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    # For an LSOA: the ward its centroid falls in. LSOAs and wards do not nest, so this is a
    # best fit, not a containment (ADR 0013).
    ward = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="ward_lsoas")
    # GeoJSON Polygon or MultiPolygon in lon/lat, simplified for drawing.
    geometry = models.JSONField(null=True, blank=True)
    centroid_longitude = models.FloatField(null=True, blank=True)
    centroid_latitude = models.FloatField(null=True, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["type", "lad"], name="area_type_lad"),
                   models.Index(fields=["type", "district_name"], name="area_type_district_name")]
        constraints = [
            # Every area but a district lies in one, known by its ONS code; an LSOA met only in
            # police.uk files may instead be known by its district's name alone (ADR 0055).
            models.CheckConstraint(
                condition=Q(type="lad", lad__isnull=True) | (~Q(type="lad") & Q(lad__isnull=False))
                | (Q(type="lsoa", lad__isnull=True) & ~Q(district_name="")),
                name="area_lad_set_unless_lad_or_named_lsoa",
            ),
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population_year__isnull=False),
                name="area_population_has_year",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


LSOA_NAME = re.compile(r"^(?P<prefix>.+) (?P<msoa_number>\d{3})[A-Z]$")


def lsoa_name_parts(name):
    """Split an LSOA name by the ONS convention, "Tonbridge and Malling 005A" ->
    ("Tonbridge and Malling", "005"): the local authority's name and the number of the MSOA
    the LSOA lies in ("Tonbridge and Malling 005"). None when the name does not follow it."""
    match = LSOA_NAME.match(name or "")
    return (match["prefix"], match["msoa_number"]) if match else None
