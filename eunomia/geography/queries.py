"""Reading the geography. A partnership's areas are those of the districts named in its
`local_authority_codes`; everything else starts from `lads_of`."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from eunomia.geography.models import Area
from eunomia.partners.models import Partnership


def lads_of(partnership):
    """The partnership's districts known by ONS code: those of its `local_authority_codes`, and those
    whose name is one of its `district_names` (when a boundary or population file named them)."""
    names = list(partnership.district_names)
    return Area.objects.filter(Q(code__in=partnership.local_authority_codes) | Q(name__in=names), type=Area.Type.LAD)


def _of_type(partnership, area_type):
    # Resolved to ids first, so the (type, lad) index answers the query without a join.
    lad_ids = list(lads_of(partnership).values_list("id", flat=True))
    return Area.objects.filter(type=area_type, lad_id__in=lad_ids)


def lsoas_of(partnership):
    """The LSOAs of the partnership's districts, whether a district is known by its ONS code or only
    by the name police.uk gives it (ADR 0055)."""
    lad_ids = list(lads_of(partnership).values_list("id", flat=True))
    names = list(partnership.district_names)
    where = Q(lad_id__in=lad_ids)
    if names:
        where |= Q(district_name__in=names)
    return Area.objects.filter(where, type=Area.Type.LSOA)


def district_name_of(name):
    """The district called `name` (any case) as the held areas spell it: a district named in the
    police.uk files' LSOA names, or by a population file. None when no area knows that name."""
    name = " ".join((name or "").split())
    if not name:
        return None
    return (Area.objects.filter(type=Area.Type.LSOA, district_name__iexact=name)
            .values_list("district_name", flat=True).first()
            or Area.objects.filter(type=Area.Type.LAD, name__iexact=name).values_list("name", flat=True).first())


def district_names():
    """Every district name the held areas know, sorted: for suggestions when a name is not found."""
    return sorted(set(Area.objects.filter(type=Area.Type.LSOA).exclude(district_name="")
                      .values_list("district_name", flat=True).distinct())
                  | set(Area.objects.filter(type=Area.Type.LAD).values_list("name", flat=True)))


def lsoas_of_district_name(name):
    """The LSOAs of the district police.uk (or a population file) calls `name`, exactly as spelt:
    those whose police.uk name starts with it, and those of a district known by that name."""
    lad_ids = list(Area.objects.filter(type=Area.Type.LAD, name=name).values_list("id", flat=True))
    return Area.objects.filter(Q(district_name=name) | Q(lad_id__in=lad_ids), type=Area.Type.LSOA)


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
    found = Area.objects.filter(code=code, type=Area.Type.LSOA).values_list(
        "lad__code", "lad__name", "district_name").first()
    if found is None:
        return Partnership.objects.none()
    lad_code, lad_name, district_name = found
    ids = [pk for pk, codes, names in Partnership.objects.values_list("id", "local_authority_codes", "district_names")
           if (lad_code and lad_code in codes) or (lad_name and lad_name in names)
           or (district_name and district_name in names)]
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
