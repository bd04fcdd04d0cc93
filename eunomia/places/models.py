"""Places: the partnership's gazetteer of the addresses its records name (ADR 70).

A place is an address as written on one line, an optional UPRN, a postcode, coordinates when they
are known and the LSOA they fall in. It is not personal data by itself: what happened there is, and
that is shown only through casework's scoped queries (a place's page lists only the reports and
cases the reader may see). Reports, cases and premises point at their place, so that reports at one
address are counted together however the address was typed, which strings could not do."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

# A Unique Property Reference Number has at most 12 digits (Ordnance Survey's AddressBase).
UPRN_MAX = 999_999_999_999


class Place(models.Model):
    partnership = models.ForeignKey("partners.Partnership", on_delete=models.CASCADE, related_name="places")
    # One line, whitespace made single (places.actions.normalise_address); matched ignoring case.
    address = models.CharField(max_length=500, blank=True)
    uprn = models.PositiveBigIntegerField("UPRN", null=True, blank=True,
                                          validators=[MinValueValidator(1), MaxValueValidator(UPRN_MAX)])
    # Capitals, one space before the inward code (eunomia.core.postcodes.normalise_postcode).
    postcode = models.CharField(max_length=12, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    # The LSOA the coordinates fall in, among those held (blank without coordinates or boundaries).
    lsoa_code = models.CharField("LSOA", max_length=9, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["address", "postcode", "id"]
        constraints = [
            models.UniqueConstraint(F("partnership"), Lower("address"), F("postcode"), name="place_address_unique"),
            models.UniqueConstraint(fields=["partnership", "uprn"], condition=Q(uprn__isnull=False),
                                    name="place_uprn_unique"),
            models.CheckConstraint(condition=~Q(address="", postcode=""), name="place_has_address_or_postcode"),
            models.CheckConstraint(condition=Q(uprn__isnull=True) | Q(uprn__gte=1, uprn__lte=UPRN_MAX),
                                   name="place_uprn_twelve_digits"),
            models.CheckConstraint(condition=Q(longitude__isnull=True, latitude__isnull=True)
                                   | Q(longitude__isnull=False, latitude__isnull=False, longitude__gte=-180,
                                       longitude__lte=180, latitude__gte=-90, latitude__lte=90),
                                   name="place_coordinates_both_and_on_earth"),
        ]
        indexes = [models.Index(fields=["partnership", "postcode"], name="place_postcode"),
                   models.Index(fields=["partnership", "lsoa_code"], name="place_lsoa")]

    def __str__(self):
        return self.one_line

    @property
    def one_line(self):
        return ", ".join(part for part in (self.address, self.postcode) if part)
