"""Figures from police.uk data that a plan can name: counts and change for any crime type (or all
crime, or ASB) in the partnership or one of its areas, over the figure's period. A period with a
month for which no police.uk file is held has no value: the figure stays empty (and so blocks
publication) instead of counting the missing month as zero.

They keep the keys they were first registered under (assessment.*): figures already calculated
name them."""

from django.db.models import Q
from django.utils.text import slugify

from eunomia.core.periods import Period
from eunomia.crime import counts as counting
from eunomia.crime.counts import change_percent
from eunomia.crime.models import CURRENT_CATEGORIES, CrimeRecord, CrimeType, DataMonth
from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, MeasureError, measure
from eunomia.geography.models import Area

ALL_CRIME = "all-crime"
SOURCE = "police.uk street-level crime and anti-social behaviour data (Open Government Licence v3.0)"


ISSUE_CHOICES = [(ALL_CRIME, "All crime (excluding anti-social behaviour)")] + [
    (slugify(name), name) for name in CURRENT_CATEGORIES]


def area_choices():
    return [(code, f"{name} ({code})") for code, name in
            Area.objects.filter(type__in=[Area.Type.LAD, Area.Type.WARD]).values_list("code", "name")]


def _type_ids(issue):
    types = CrimeType.objects.all()
    if issue == ALL_CRIME:
        return set(types.filter(is_asb=False).values_list("id", flat=True))
    return set(types.filter(slug=issue).values_list("id", flat=True))


def _period(period_start, period_end):
    return Period(period_start.replace(day=1), period_end.replace(day=1))


def _scope(partnership, area):
    if not area:
        return counting.scope_for_partnership(partnership)
    scope = counting.scope_for_area(area)
    if not scope.lsoa_codes <= counting.scope_for_partnership(partnership).lsoa_codes:
        raise MeasureError(f"{scope.name} ({scope.code}) is not an area of {partnership.name}")
    return scope


# Open data: anyone may list the records a police.uk figure counted, on the public site too (ADR 69).
record_kind("crime.record", model=CrimeRecord, noun="police.uk record", plural="police.uk records", visible=None,
            when="data_month__month", select_related=("data_month", "crime_type", "outcome"),
            columns=[("Month", lambda r: f"{r.data_month.month:%Y-%m}"), ("Crime type", lambda r: r.crime_type.name),
                     ("LSOA", lambda r: r.lsoa_code), ("Location", lambda r: r.location),
                     ("Crime ID", lambda r: r.crime_id), ("Last outcome", lambda r: r.outcome.name if r.outcome else "")])


def _records(scope, months, type_ids):
    """The police.uk rows of `months` in `scope` of the types `type_ids`, and the months not held."""
    forces = counting.forces_reporting(scope)
    held = dict(DataMonth.objects.filter(force_id__in=forces, month__in=months).values_list("id", "month"))
    missing = set(months) - set(held.values())
    rows = CrimeRecord.objects.filter(data_month_id__in=list(held), lsoa_code__in=scope.lsoa_codes,
                                      crime_type_id__in=type_ids)
    return rows, missing, held


@records_of("assessment.crime_count")
@records_of("assessment.area_crime_count")
def crime_counted(*, partnership, period_start, period_end, issue, area=""):
    period = _period(period_start, period_end)
    rows, missing, _ = _records(_scope(partnership, area), period.months, _type_ids(issue))
    return Counted("crime.record", rows, formula=lambda totals: None if missing else totals.count,
                   working=_missing_words(missing))


def _missing_words(missing):
    if not missing:
        return None
    months = ", ".join(f"{month:%B %Y}" for month in sorted(missing))
    return lambda totals: f"{totals.count:,} police.uk records; no value, because no file is held for {months}"


@records_of("assessment.crime_change")
@records_of("assessment.area_crime_change")
def crime_change_counted(*, partnership, period_start, period_end, issue, area=""):
    period = _period(period_start, period_end)
    before = period.before()
    rows, missing, held = _records(_scope(partnership, area), before.months + period.months, _type_ids(issue))
    now = Q(data_month_id__in=[pk for pk, month in held.items() if month in set(period.months)])

    def formula(totals):
        if missing:
            return None
        result = change_percent(totals.count - totals.numerator, totals.numerator)
        return None if result is None else round(result, 1)

    def working(totals):
        return (f"{totals.numerator:,} police.uk records in the period against {totals.count - totals.numerator:,} "
                f"in the {len(before.months)} months before it")

    return Counted("crime.record", rows, numerator=now, formula=formula, working=_missing_words(missing) or working,
                   numerator_heading="In the figure's period")


def crime_count(*, partnership, period_start, period_end, issue, area=""):
    period = _period(period_start, period_end)
    grid = counting.count(_scope(partnership, area), period.months)
    return grid.total(months=period.months, types=_type_ids(issue))


def crime_change(*, partnership, period_start, period_end, issue, area=""):
    period = _period(period_start, period_end)
    before = period.before()
    grid = counting.count(_scope(partnership, area), before.months + period.months)
    ids = _type_ids(issue)
    result = change_percent(grid.total(months=before.months, types=ids), grid.total(months=period.months, types=ids))
    return None if result is None else round(result, 1)


COUNT_DEFINITION = ("Number of crimes or incidents of the type '{issue}' recorded by the police in {where}, by the month police.uk gives, over the "
                    "figure's period. Rows without a location are not counted.")
CHANGE_DEFINITION = ("Change in per cent in the number of crimes or incidents of the type '{issue}' recorded by the police in {where}, in the "
                     "figure's period against the period of the same length just before it.")

measure("assessment.crime_count", title="Police recorded crime or ASB", unit=Unit.COUNT, source=SOURCE,
        definition=COUNT_DEFINITION.replace("{where}", "the partnership's area"),
        params={"issue": ISSUE_CHOICES}, counts=COUNTS_EVENTS)(crime_count)
measure("assessment.crime_change", title="Change in police recorded crime or ASB", unit=Unit.PERCENTAGE,
        source=SOURCE, definition=CHANGE_DEFINITION.replace("{where}", "the partnership's area"),
        params={"issue": ISSUE_CHOICES})(crime_change)
measure("assessment.area_crime_count", title="Police recorded crime or ASB in an area", unit=Unit.COUNT,
        source=SOURCE, definition=COUNT_DEFINITION.replace("{where}", "{area}"),
        params={"issue": ISSUE_CHOICES, "area": area_choices}, counts=COUNTS_EVENTS)(crime_count)
measure("assessment.area_crime_change", title="Change in police recorded crime or ASB in an area",
        unit=Unit.PERCENTAGE, source=SOURCE, definition=CHANGE_DEFINITION.replace("{where}", "{area}"),
        params={"issue": ISSUE_CHOICES, "area": area_choices})(crime_change)
