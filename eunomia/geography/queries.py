"""Reading the geography. A partnership's areas are those of the districts named in its
`local_authority_codes`; everything else starts from `lads_of`."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from eunomia.geography.models import Area
from eunomia.partners.models import Partnership


def lads_of(partnership):
    return Area.objects.filter(type=Area.Type.LAD, code__in=partnership.local_authority_codes)


def _of_type(partnership, area_type):
    # Resolved to ids first, so the (type, lad) index answers the query without a join.
    lad_ids = list(lads_of(partnership).values_list("id", flat=True))
    return Area.objects.filter(type=area_type, lad_id__in=lad_ids)


def lsoas_of(partnership):
    return _of_type(partnership, Area.Type.LSOA)


def wards_of(partnership):
    return _of_type(partnership, Area.Type.WARD)


def msoas_of(partnership):
    return _of_type(partnership, Area.Type.MSOA)


def lsoa_codes_of(partnership):
    """The partnership's LSOA codes, as a set: for filtering crime rows by their LSOA."""
    return set(lsoas_of(partnership).values_list("code", flat=True))


def partnerships_of_lsoa(code):
    """The partnerships whose districts include this LSOA (none if the LSOA is not known).
    Matched in Python: SQLite cannot search inside a JSON list, and partnerships are few."""
    lad_code = Area.objects.filter(code=code, type=Area.Type.LSOA).values_list("lad__code", flat=True).first()
    if lad_code is None:
        return Partnership.objects.none()
    ids = [pk for pk, codes in Partnership.objects.values_list("id", "local_authority_codes") if lad_code in codes]
    return Partnership.objects.filter(id__in=ids)


@dataclass(frozen=True)
class Population:
    total: int
    lsoas: int
    lsoas_without_population: int
    years: tuple

    @property
    def complete(self):
        return self.lsoas > 0 and self.lsoas_without_population == 0


def population_of(partnership):
    """The partnership's population as the sum of its LSOAs, with how many LSOAs have none
    (those met only in police.uk files, for example) and the years the estimates are for."""
    lsoas = lsoas_of(partnership)
    figures = lsoas.aggregate(
        total=Sum("population"), lsoas=Count("id"), missing=Count("id", filter=Q(population__isnull=True))
    )
    years = tuple(sorted(set(lsoas.exclude(population_year=None).values_list("population_year", flat=True))))
    return Population(total=figures["total"] or 0, lsoas=figures["lsoas"],
                      lsoas_without_population=figures["missing"], years=years)
