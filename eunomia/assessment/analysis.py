"""The strategic assessment of one partnership for two periods of equal length.

`assess(partnership=..., current=..., previous=...)` returns an Assessment: plain values, no
queries left to run, so the page, the command, the documents and the downloads all show the same
numbers. Every number is worked out from the police.uk records (eunomia.crime.counts), the
geography's populations and the partnership's evidence (harm weights, survey, partner data)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from eunomia.assessment.models import AssessmentSettings
from eunomia.core.periods import Period, PeriodError
from eunomia.crime import counts as counting
from eunomia.crime.counts import change_percent, rate_per_1000
from eunomia.crime.models import CrimeRecord, DataMonth
from eunomia.evidence.queries import harm_weights, partner_counts, partner_measure_totals, survey_concerns
from eunomia.geography.models import Area

DEFAULT_LENGTH = 12
HOT_SPOTS = 10
REPEAT_LOCATIONS = 10
# A place needs at least this many records in the current period to be listed as rising: a rise
# from 1 to 4 is noise, not a hot spot.
RISING_MINIMUM = 10
# Change in per cent at which the trend score reaches its floor (0) or its ceiling (100).
TREND_SPAN = 25


def describe_change(previous, current):
    """'up 120 (+8.3%)', 'down 5 (-2.0%)', 'no change', 'up 4 from none'; '' when not comparable."""
    if previous is None or current is None:
        return ""
    difference = current - previous
    if difference == 0:
        return "no change"
    direction = "up" if difference > 0 else "down"
    if previous == 0:
        return f"{direction} {abs(difference):,} from none"
    return f"{direction} {abs(difference):,} ({difference * 100 / previous:+.1f}%)"


# What the assessment says when the geography's own files are not held (ADR 0055): which file adds what.
NO_POPULATION_NOTE = (
    "Rates per 1,000 residents are not shown: no population estimates are held for these LSOAs. Importing the "
    "LSOA population file (the English Indices of Deprivation's File 6, with manage.py import_population) adds "
    "them.")
NO_BOUNDARIES_NOTE = (
    "The map, the wards and the districts' ONS codes are not shown: no boundaries are held for these LSOAs, so "
    "places are named as police.uk names them. Importing the ONS LSOA and ward boundary files (GeoJSON, with "
    "manage.py import_boundaries) adds them.")


# What the assessment holds ------------------------------------------------------------------------

class TwoPeriods:
    """Change and rate of anything with `previous`, `current` (None: a month of the period is
    missing) and `population`."""

    @property
    def change(self):
        return None if self.previous is None or self.current is None else self.current - self.previous

    @property
    def change_percent(self):
        return change_percent(self.previous, self.current)

    @property
    def change_text(self):
        return describe_change(self.previous, self.current)

    @property
    def rate(self):
        return rate_per_1000(self.current, self.population)


@dataclass
class IssueCount(TwoPeriods):
    """One issue (a crime type, ASB, or all crime) in the two periods."""

    slug: str
    name: str
    is_asb: bool
    type_ids: frozenset
    previous: int | None
    current: int | None
    population: int

    @property
    def previous_rate(self):
        return rate_per_1000(self.previous, self.population)


@dataclass
class Place(TwoPeriods):
    """An LSOA or ward with its counts of crime (ASB apart) in the two periods."""

    code: str
    name: str
    previous: int | None  # None: the period has a missing month
    current: int | None
    population: int | None


@dataclass
class RepeatLocation:
    location: str
    lsoa_code: str
    lsoa_name: str
    count: int
    types: list  # [(crime type name, count)], most first


@dataclass
class HarmRow:
    slug: str
    name: str
    count: int | None
    weight: float | None  # None: the weights give this issue none (ASB)
    harm: float | None
    share_of_harm: float | None = None
    share_of_count: float | None = None


@dataclass
class PartnerRow:
    """One category of a partner's dataset in the two periods; a period with a month the partner
    sent no rows for has no total."""

    organisation: str
    dataset: str
    source: str
    category: str
    previous: int | None
    current: int | None
    missing: list
    monthly: dict

    @property
    def change_text(self):
        return describe_change(self.previous, self.current)


@dataclass
class PartnerIssue(TwoPeriods):
    """A partner's dataset category registered as a measure (ADR 71), in the two periods, over the
    partnership's whole area: a total is None when a month of its period has no counts at all."""

    slug: str
    name: str
    organisation: str
    dataset: str
    previous: int | None
    current: int | None
    missing: list  # months of either period the dataset has no counts for
    weight: float | None  # harm weight in days per count; None: not weighted
    population: int | None = None


@dataclass
class MatrixRow:
    slug: str
    name: str
    scores: dict  # criterion -> 0..100, or None when the criterion has no data
    total: float
    reasons: list
    rank: int = 0
    recommended: bool = False
    # Where a row that is not a police.uk crime type comes from ("Northshire Police: Domestic abuse").
    source: str = ""


@dataclass
class Assessment:
    partnership: object
    scope: counting.Scope
    current: Period
    previous: Period
    months: list
    missing: dict  # "current"/"previous" -> [months missing]
    latest_month: datetime.date | None
    issues: list  # IssueCount per crime type with any records, ASB excluded
    all_crime: IssueCount  # every type except ASB
    asb: IssueCount
    trend: dict  # "crime"/"asb" -> {month: count or None}; plus slug -> {month: count or None}
    lsoa_hot_spots: list
    lsoa_rising: list
    ward_hot_spots: list
    ward_rising: list
    lsoas: list  # every LSOA of the partnership as a Place, for the map
    wards: list
    unassigned_to_ward: int
    repeat_locations: list
    harm: dict
    concern: object  # evidence SurveyConcerns, or None
    partner_data: list  # PartnerRow per dataset and category
    matrix: list
    weights: dict
    settings: AssessmentSettings
    notes: list = field(default_factory=list)
    # Every district of the area as a Place, named as police.uk names it when no boundary or
    # population file named it by its ONS code (ADR 0055); ranked on the page when there are two or more.
    districts: list = field(default_factory=list)
    district_hot_spots: list = field(default_factory=list)
    district_rising: list = field(default_factory=list)
    has_boundaries: bool = True
    # Partners' registered measures (ADR 71), scored in the priority matrix beside the crime types.
    partner_issues: list = field(default_factory=list)

    @property
    def has_rates(self):
        """Rates need population estimates: none are shown, never a stand-in, when none are held."""
        return self.scope.population > 0

    @property
    def complete(self):
        return not self.missing["current"] and not self.missing["previous"]

    @property
    def recommended(self):
        return [row for row in self.matrix if row.recommended]

    def issue(self, slug):
        if slug == "all-crime":
            return self.all_crime
        if slug == self.asb.slug:
            return self.asb
        return next((row for row in self.issues if row.slug == slug), None)


# Periods ----------------------------------------------------------------------------------------

def latest_month(scope, *, forces=None):
    forces = counting.forces_reporting(scope) if forces is None else forces
    return DataMonth.objects.filter(force_id__in=forces).order_by("-month").values_list("month", flat=True).first()


def default_periods(scope, *, length=DEFAULT_LENGTH, latest=None):
    """The last `length` months held for the area, and the `length` months before them."""
    latest = latest or latest_month(scope)
    if latest is None:
        return None, None
    current = Period.ending(latest, length)
    return current, current.before()


def check_periods(current, previous):
    if len(current) != len(previous):
        def months(period):
            return f"{len(period)} month" + ("s" if len(period) != 1 else "")

        raise PeriodError(f"The two periods must be the same length: {current.label} is {months(current)}, "
                          f"{previous.label} is {months(previous)}")
    if current.start <= previous.end and previous.start <= current.end:
        raise PeriodError(f"The two periods overlap: {current.label} and {previous.label}")


def settings_for(partnership):
    if partnership is None or partnership.pk is None:
        return AssessmentSettings()
    return AssessmentSettings.objects.filter(partnership=partnership).first() or AssessmentSettings(
        partnership=partnership)


# The assessment ---------------------------------------------------------------------------------

def assess(*, partnership, current=None, previous=None, scope=None):
    """The whole assessment. Without periods: the last 12 months held against the 12 before."""
    scope = scope or counting.scope_for_partnership(partnership)
    forces = counting.forces_reporting(scope)
    latest = latest_month(scope, forces=forces)
    if current is None:
        current, previous = default_periods(scope, latest=latest)
        if current is None:
            raise PeriodError(f"No police.uk data is held for {scope.name} yet: import it first")
    previous = previous or current.before()
    check_periods(current, previous)
    grid = counting.count(scope, previous.months + current.months, forces=forces)
    types = counting.crime_types()
    settings = settings_for(partnership)
    population = scope.population

    asb_ids = {pk for pk, t in types.items() if t.is_asb}
    crime_ids = set(types) - asb_ids
    by_type_previous = grid.by_type(months=previous.months)
    by_type_current = grid.by_type(months=current.months)
    previous_complete = not any(m in grid.missing for m in previous.months)
    current_complete = not any(m in grid.missing for m in current.months)

    def issue(slug, name, ids, *, is_asb=False):
        return IssueCount(
            slug=slug, name=name, is_asb=is_asb, type_ids=frozenset(ids), population=population,
            previous=sum(by_type_previous.get(pk, 0) for pk in ids) if previous_complete else None,
            current=sum(by_type_current.get(pk, 0) for pk in ids) if current_complete else None,
        )

    issues = [issue(t.slug, t.name, {pk}) for pk, t in types.items()
              if not t.is_asb and (by_type_previous.get(pk) or by_type_current.get(pk))]
    asb_type = next((t for t in types.values() if t.is_asb), None)
    asb = issue(asb_type.slug if asb_type else "anti-social-behaviour", "Anti-social behaviour", asb_ids, is_asb=True)
    all_crime = issue("all-crime", "All crime (excluding anti-social behaviour)", crime_ids)

    trend = {"crime": grid.by_month(types=crime_ids), "asb": grid.by_month(types=asb_ids)}
    by_type_and_month = grid.by_type_and_month()
    shown = {row.slug for row in issues}
    for pk, t in types.items():
        if t.slug in shown:
            trend[t.slug] = by_type_and_month[pk]

    places = _places(scope, grid, previous if previous_complete else None, current if current_complete else None,
                     crime_ids)
    assessment = Assessment(
        partnership=partnership, scope=scope, current=current, previous=previous,
        months=previous.months + current.months,
        missing={"previous": sorted(m for m in previous.months if m in grid.missing),
                 "current": sorted(m for m in current.months if m in grid.missing)},
        latest_month=latest,
        issues=sorted(issues, key=lambda row: -(row.current or 0)), all_crime=all_crime, asb=asb, trend=trend,
        repeat_locations=_repeat_locations(scope, grid, current, types),
        harm=_harm(partnership, issues + [asb]),
        concern=_concern(partnership),
        partner_data=_partner_data(partnership, previous, current),
        matrix=[], weights=settings.weights, settings=settings, **places,
        partner_issues=_partner_issues(partnership, previous, current),
    )
    assessment.matrix = priority_matrix(assessment)
    for issue in assessment.partner_issues:
        if issue.current is None:
            assessment.notes.append(
                f"{issue.name} ({issue.organisation}: {issue.dataset}) is left out of the priority matrix: the "
                f"dataset has no counts for {', '.join(f'{m:%b %Y}' for m in issue.missing)}.")
    if scope.lsoa_codes and not population:
        assessment.notes.append(NO_POPULATION_NOTE)
    if scope.lsoa_codes and not assessment.has_boundaries:
        assessment.notes.append(NO_BOUNDARIES_NOTE)
    if scope.lsoas_without_population and population:
        assessment.notes.append(
            f"{scope.lsoas_without_population} of the {len(scope.lsoa_codes)} LSOAs have no population estimate of "
            f"their own (LSOAs created in 2021, which the population file does not list): they are given no rate. "
            f"Rates per 1,000 residents use the estimates of the LSOAs that have one ({population:,} people"
            + (f", {', '.join(map(str, scope.population_years))}" if scope.population_years else "") + ").")
    if not assessment.complete:
        for which, period in (("previous", previous), ("current", current)):
            if assessment.missing[which]:
                assessment.notes.append(
                    f"No police.uk file is held for {len(assessment.missing[which])} of the months of {period.label} "
                    f"({', '.join(f'{m:%b %Y}' for m in assessment.missing[which])}): that period has no totals "
                    f"and nothing is compared with it. Import the missing months to complete it.")
    if places["unassigned_to_ward"] and places["wards"]:
        assessment.notes.append(
            f"{places['unassigned_to_ward']:,} crimes in {current.label} were in LSOAs with no known ward (LSOAs "
            f"without boundaries, such as those created in 2021): they count in every total but in no ward.")
    return assessment


def _places(scope, grid, previous, current, crime_ids):
    lsoas = {a.code: a for a in Area.objects.filter(code__in=scope.lsoa_codes).select_related("ward", "lad")}
    by_lsoa_previous = grid.by_lsoa(months=previous.months, types=crime_ids) if previous else None
    by_lsoa_current = grid.by_lsoa(months=current.months, types=crime_ids) if current else None
    lsoa_places = [
        Place(code=code, name=area.name, previous=by_lsoa_previous.get(code, 0) if previous else None,
              current=by_lsoa_current.get(code, 0) if current else None, population=area.population)
        for code, area in sorted(lsoas.items())
    ]
    wards = {}
    unassigned = 0
    for place in lsoa_places:
        ward = lsoas[place.code].ward
        if ward is None:
            unassigned += place.current or 0
            continue
        entry = wards.setdefault(ward.code, Place(code=ward.code, name=ward.name, previous=0 if previous else None,
                                                  current=0 if current else None, population=0))
        if previous:
            entry.previous += place.previous
        if current:
            entry.current += place.current
        entry.population = None if entry.population is None or place.population is None else (
            entry.population + place.population)
    ward_places = sorted(wards.values(), key=lambda p: p.name)
    district_places = _districts(lsoas, lsoa_places, previous, current)
    return {
        "lsoas": lsoa_places, "wards": ward_places, "unassigned_to_ward": unassigned,
        "districts": district_places, "has_boundaries": any(a.geometry for a in lsoas.values()),
        "district_hot_spots": _most(district_places), "district_rising": _rising(district_places),
        "lsoa_hot_spots": _most(lsoa_places), "lsoa_rising": _rising(lsoa_places),
        "ward_hot_spots": _most(ward_places), "ward_rising": _rising(ward_places),
    }


def _districts(lsoas, lsoa_places, previous, current):
    """The LSOAs' counts summed by district: by its name when a boundary or population file named
    it (with its ONS code), otherwise by the name police.uk gives it in the LSOA names."""
    districts = {}
    for place in lsoa_places:
        area = lsoas[place.code]
        code, name = (area.lad.code, area.lad.name) if area.lad else ("", area.district_name)
        entry = districts.setdefault((code, name), Place(code=code, name=name, previous=0 if previous else None,
                                                         current=0 if current else None, population=0))
        if previous:
            entry.previous += place.previous
        if current:
            entry.current += place.current
        if entry.population is not None:
            entry.population = None if place.population is None else entry.population + place.population
    return sorted(districts.values(), key=lambda p: p.name)


def _most(places):
    return sorted((p for p in places if p.current), key=lambda p: (-p.current, p.name))[:HOT_SPOTS]


def _rising(places):
    rising = [p for p in places if p.change is not None and p.change > 0 and p.current >= RISING_MINIMUM]
    return sorted(rising, key=lambda p: (-p.change, p.name))[:HOT_SPOTS]


def _repeat_locations(scope, grid, current, types):
    """The places (police.uk's anonymised 'On or near ...' points, within an LSOA) with the most
    records of any kind in the current period."""
    ids = list(DataMonth.objects.filter(force_id__in=grid.forces, month__gte=current.start, month__lte=current.end)
               .values_list("id", flat=True))
    if not ids or not scope.lsoa_codes:
        return []
    rows = (CrimeRecord.objects.filter(lsoa_code__in=scope.lsoa_codes, data_month_id__in=ids).exclude(location="")
            .values_list("location", "lsoa_code", "crime_type_id").annotate(n=Count("id")).order_by())
    places = defaultdict(lambda: defaultdict(int))
    for location, lsoa, type_id, n in rows:
        places[(location, lsoa)][type_id] += n
    names = dict(Area.objects.filter(code__in={lsoa for _, lsoa in places}).values_list("code", "name"))
    ranked = sorted(places.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:REPEAT_LOCATIONS]
    return [
        RepeatLocation(location=location, lsoa_code=lsoa, lsoa_name=names.get(lsoa, lsoa), count=sum(by_type.values()),
                       types=sorted(((types[pk].name, n) for pk, n in by_type.items()), key=lambda t: (-t[1], t[0])))
        for (location, lsoa), by_type in ranked
    ]


def _harm(partnership, issues):
    """Harm-weighted counts: each crime in the current period counted by its harm weight (days of
    imprisonment, Cambridge Crime Harm Index style). ASB has no weight: shown as not weighted."""
    weights = harm_weights(partnership) if partnership is not None else None
    if weights is None or weights.weight_set is None:
        return {"set": None, "rows": [], "total": None}
    rows = []
    for row in issues:
        (type_id,) = row.type_ids
        weight = weights.weights.get(type_id)
        harm = None if weight is None or row.current is None else row.current * weight
        rows.append(HarmRow(slug=row.slug, name=row.name, count=row.current, weight=weight, harm=harm))
    total_harm = sum(r.harm for r in rows if r.harm is not None)
    total_count = sum(r.count for r in rows if r.harm is not None and r.count is not None)
    for r in rows:
        if r.harm is not None and total_harm:
            r.share_of_harm = r.harm * 100 / total_harm
            r.share_of_count = (r.count or 0) * 100 / total_count if total_count else None
    rows.sort(key=lambda r: (r.harm is None, -(r.harm or 0), r.name))
    return {"set": weights, "rows": rows, "total": total_harm}


def _concern(partnership):
    return survey_concerns(partnership) if partnership is not None else None


def _partner_data(partnership, previous, current):
    if partnership is None:
        return []
    rows = []
    for series in partner_counts(partnership, start=previous.start, end=current.end):
        for category in series.categories:
            def total(period):
                values = [n for month, n in category.monthly if month in period]
                return None if any(n is None for n in values) else sum(values)

            rows.append(PartnerRow(
                organisation=series.dataset.organisation.name, dataset=series.dataset.name,
                source=series.dataset.source, category=category.category,
                previous=total(previous), current=total(current),
                missing=[m for m in category.missing], monthly=dict(category.monthly)))
    return rows


def partner_slug(partner_measure_id):
    return f"partner-{partner_measure_id}"


def _partner_issues(partnership, previous, current):
    if partnership is None or partnership.pk is None:
        return []
    before = {m.pk: (total, missing) for m, total, missing in
              partner_measure_totals(partnership, start=previous.start, end=previous.end)}
    issues = []
    for registered, total, missing in partner_measure_totals(partnership, start=current.start, end=current.end):
        previous_total, previous_missing = before.get(registered.pk, (None, []))
        issues.append(PartnerIssue(
            slug=partner_slug(registered.pk), name=registered.title, organisation=registered.dataset.organisation.name,
            dataset=registered.dataset.name, previous=previous_total, current=total,
            missing=sorted(previous_missing + missing),
            weight=None if registered.harm_weight is None else float(registered.harm_weight)))
    return issues


# The priority matrix ------------------------------------------------------------------------------

def _ordinal_highest(n):
    if n == 1:
        return "highest"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix} highest"


def _partner_row(assessment, issue, *, most, most_harm, weights, comparable, available):
    scores, reasons = {}, [f"counted by {issue.organisation} ({issue.dataset})"]
    scores["volume"] = min(100.0, issue.current * 100 / most)
    reasons.append(f"volume: {issue.current:,} in {assessment.current.label}, against {most:,} of the largest "
                   "police.uk issue")
    pct = issue.change_percent
    if not comparable:
        scores["trend"] = None
    elif issue.previous is None:
        scores["trend"] = 0.0
        reasons.append(f"no trend: the dataset is missing months of {assessment.previous.label}")
    elif pct is None:
        scores["trend"] = 100.0
        reasons.append(f"{issue.change_text} in {assessment.previous.label}")
    else:
        scores["trend"] = max(0.0, min(100.0, 50 + pct * 50 / TREND_SPAN))
        reasons.append(f"{issue.change_text} on {assessment.previous.label}")
    if not available["harm"]:
        scores["harm"] = None
    elif issue.weight is None:
        scores["harm"] = 0.0
        reasons.append("no harm weight for this issue")
    else:
        harm = issue.current * issue.weight
        scores["harm"] = min(100.0, harm * 100 / most_harm)
        reasons.append(f"{harm:,.0f} days of weighted harm ({issue.weight:g} a count)")
    if available["concern"]:
        scores["concern"] = 0.0
        reasons.append("not asked about in the residents' survey")
    else:
        scores["concern"] = None
    level, why = assessment.settings.vulnerability_of(issue.slug)
    scores["vulnerability"] = level * 100 / 3
    reasons.append(f"vulnerability {['none noted', 'low', 'medium', 'high'][level]}" + (f": {why}" if why else ""))
    total_weight = sum(weights.values())
    weighted = sum(scores[c] * w for c, w in weights.items() if scores[c] is not None)
    total = weighted / total_weight if total_weight else 0
    return MatrixRow(slug=issue.slug, name=issue.name, scores=scores, total=total, reasons=reasons,
                     source=f"{issue.organisation}: {issue.dataset}")


def priority_matrix(assessment):
    """Score every issue 0-100 on each criterion, combine by the partnership's weights, and rank.

    - volume: the issue's count in the current period against the largest issue's;
    - trend: its change in per cent, from -25% or less (0) to +25% or more (100);
    - harm: its harm-weighted count against the most harmful issue's (no weights: left out);
    - concern: the share of survey respondents naming it against the most-named issue's;
    - vulnerability: the partnership's level for it, 0 to 3, as 0 to 100.
    A criterion with no data for any issue is left out and the weights of the others are used; an
    issue with no data on a criterion scores 0 on it, and its reasons say so.

    Partners' registered measures (ADR 71) are scored beside the crime types on the same scales, so
    the crime types' scores are the same with or without them: volume and harm against the largest
    police.uk issue's (at most 100), trend as for a crime type, concern 0 (the survey asks about
    crime types), vulnerability as the partnership sets it."""
    settings = assessment.settings
    issues = [row for row in assessment.issues + [assessment.asb] if row.current]
    if not issues:
        return []
    most = max(row.current for row in issues)
    harm = {row.slug: row for row in assessment.harm["rows"]}
    most_harm = max((row.harm for row in harm.values() if row.harm), default=None)
    concern = {row.crime_type_id: row for row in (assessment.concern.issues if assessment.concern else [])}
    most_concern = max((row.percent for row in concern.values()), default=None) or None
    volume_rank = {row.slug: n for n, row in enumerate(sorted(issues, key=lambda r: -r.current), 1)}
    comparable = assessment.all_crime.previous is not None
    available = {"volume": True, "trend": comparable, "harm": most_harm is not None, "concern": most_concern is not None,
                 "vulnerability": True}
    weights = {c: w for c, w in settings.weights.items() if available[c] and w}
    rows = []
    for row in issues:
        scores, reasons = {}, []
        scores["volume"] = row.current * 100 / most
        reasons.append(f"{_ordinal_highest(volume_rank[row.slug])} volume: {row.current:,} in {assessment.current.label}")
        pct = row.change_percent
        if not comparable:
            scores["trend"] = None
        elif pct is None:
            scores["trend"] = 100.0
            reasons.append(f"{row.change_text} in {assessment.previous.label}")
        else:
            scores["trend"] = max(0.0, min(100.0, 50 + pct * 50 / TREND_SPAN))
            reasons.append(f"{row.change_text} on {assessment.previous.label}")
        if available["harm"]:
            entry = harm.get(row.slug)
            if entry is None or entry.harm is None:
                scores["harm"] = 0.0
                reasons.append("no harm weight for this issue")
            else:
                scores["harm"] = entry.harm * 100 / most_harm
                reasons.append(f"{entry.share_of_harm:.0f}% of weighted harm")
        else:
            scores["harm"] = None
        if available["concern"]:
            (type_id,) = row.type_ids
            entry = concern.get(type_id)
            share = entry.percent if entry else 0
            scores["concern"] = share * 100 / most_concern
            reasons.append(f"named by {share:.0f}% of survey respondents")
        else:
            scores["concern"] = None
        level, why = settings.vulnerability_of(row.slug)
        scores["vulnerability"] = level * 100 / 3
        reasons.append(f"vulnerability {['none noted', 'low', 'medium', 'high'][level]}" + (f": {why}" if why else ""))
        total_weight = sum(weights.values())
        total = sum(scores[c] * w for c, w in weights.items() if scores[c] is not None) / total_weight if total_weight else 0
        rows.append(MatrixRow(slug=row.slug, name=row.name, scores=scores, total=total, reasons=reasons))
    for issue in assessment.partner_issues:
        if issue.current:  # a total of none is not ranked; one with a missing month is noted (assess)
            rows.append(_partner_row(assessment, issue, most=most, most_harm=most_harm, weights=weights,
                                     comparable=comparable, available=available))
    rows.sort(key=lambda r: (-r.total, r.name))
    for n, row in enumerate(rows, 1):
        row.rank = n
        row.recommended = n <= settings.recommend
    return rows
