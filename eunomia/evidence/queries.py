"""Reading the assessment's evidence. These are the functions the strategic assessment calls;
each docstring gives the shape of what it returns."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, Sum

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.core.dates import months_between
from eunomia.crime.models import CrimeType
from eunomia.evidence.models import (HarmWeight, HarmWeightSet, PartnerCount, PartnerDataset, PartnerDatasetUpload,
                                     PartnerMeasure, Survey, SurveyConcern)
from eunomia.figures.queries import figures_in
from eunomia.geography.models import Area
from eunomia.geography.queries import lads_of, wards_of

# The key of the measure a registered partner measure's figures are made with (evidence.measures).
PARTNER_MEASURE = "evidence.partner_measure"

# Points for a concern by its rank in the respondent's top three: first 3, second 2, third 1.
RANK_POINTS = {1: 3, 2: 2, 3: 1}


def datasets_in(partnership):
    """The partnership's partner datasets, with the months each covers."""
    return (PartnerDataset.objects.filter(partnership=partnership).select_related("organisation", "imported_by")
            .annotate(first_month=Min("counts__month"), last_month=Max("counts__month")))


def partner_counts_visible_to(user, partnership):
    """The partner counts a reader may see: every count of the partnership's datasets, to a member
    who may read the evidence; none to anyone else."""
    if not has_permission(user, Permission.ASSESSMENT_VIEW, partnership=partnership):
        # No partnership's counts, rather than .none(): the drill-down combines this query with the
        # counted rows (annotated in evidence.measures), and `rows & none()` drops their annotation.
        return PartnerCount.objects.filter(dataset__partnership=None)
    return PartnerCount.objects.filter(dataset__partnership=partnership)


def uploads_of(dataset):
    """Every import of the dataset, the latest first."""
    return PartnerDatasetUpload.objects.filter(dataset=dataset).select_related("imported_by")


def partner_measures_in(partnership):
    return PartnerMeasure.objects.filter(partnership=partnership).select_related("dataset", "dataset__organisation",
                                                                                "created_by")


def figures_of_measures(partnership, measures):
    """{PartnerMeasure id: [Figure]} of the figures made from each of `measures`, by name."""
    wanted = {str(m.pk): m.pk for m in measures}
    found = defaultdict(list)
    for figure in figures_in(partnership).filter(measure=PARTNER_MEASURE).order_by("name"):
        pk = wanted.get(str(figure.measure_params.get("measure")))
        if pk is not None:
            found[pk].append(figure)
    return dict(found)


def categories_of(dataset):
    """The categories the dataset's counts name, sorted."""
    return list(PartnerCount.objects.filter(dataset=dataset).values_list("category", flat=True).distinct()
                .order_by("category"))


def area_codes_within(partnership, code):
    """The area codes a partner's count may give that lie within the partnership's district or ward
    `code`: the code itself; for a district its wards and LSOAs, for a ward the LSOAs whose best-fit
    ward it is (ADR 0013). A count given for a whole district is in no ward. None when `code` is not
    one of the partnership's districts or wards."""
    district = lads_of(partnership).filter(code=code).first()
    if district is not None:
        lsoas = Area.objects.filter(Q(lad=district) | Q(district_name=district.name), type=Area.Type.LSOA)
        wards = Area.objects.filter(lad=district, type=Area.Type.WARD)
        return ({code} | set(lsoas.values_list("code", flat=True)) | set(wards.values_list("code", flat=True)))
    ward = wards_of(partnership).filter(code=code).first()
    if ward is not None:
        return {code} | set(Area.objects.filter(ward=ward, type=Area.Type.LSOA).values_list("code", flat=True))
    if code in partnership.local_authority_codes:  # a district named by the partnership, with no areas held
        return {code}
    return None


@dataclass
class MeasureCounts:
    rows: object             # the PartnerCount rows counted (a queryset)
    months: list             # every month of the period
    missing: list            # months the dataset has no rows for at all: the value is unknown, not zero


def measure_counts(partner_measure, *, start, end, area_codes=None):
    """The rows a partner measure counts from `start` to `end` (dates; whole months, both ends
    included), in `area_codes` (None: everywhere), and the months of the period its dataset has no
    rows for at all. A month with rows for other categories or areas only counts 0, not missing."""
    months = months_between(start.replace(day=1), end.replace(day=1))
    held = set(PartnerCount.objects.filter(dataset_id=partner_measure.dataset_id, month__in=months)
               .values_list("month", flat=True).distinct())
    rows = PartnerCount.objects.filter(dataset_id=partner_measure.dataset_id, category=partner_measure.category,
                                       month__in=months)
    if area_codes is not None:
        rows = rows.filter(area_code__in=area_codes)
    return MeasureCounts(rows=rows, months=months, missing=[m for m in months if m not in held])


def partner_measure_totals(partnership, *, start, end):
    """Each of the partnership's registered partner measures over `start` to `end` (whole months), in
    its whole area: [(PartnerMeasure, total or None, missing months)], the total None when a month
    has no counts in the measure's dataset at all, as its figures have."""
    result = []
    for registered in partner_measures_in(partnership):
        found = measure_counts(registered, start=start, end=end)
        total = None if found.missing else found.rows.aggregate(total=Sum("count"))["total"] or 0
        result.append((registered, total, found.missing))
    return result


def surveys_in(partnership):
    return Survey.objects.filter(partnership=partnership).select_related("imported_by")


def active_weight_set(partnership):
    return HarmWeightSet.objects.filter(partnership=partnership, is_active=True).first()


@dataclass
class CategorySeries:
    category: str
    monthly: list            # [(month date, count or None)] for every month in [start, end]; None = no rows
    missing: list            # [month date] with no rows at all: missing, which is not zero
    total: int               # sum of the counts in [start, end]
    by_area: dict            # {area code: total in [start, end]}


@dataclass
class DatasetSeries:
    dataset: PartnerDataset  # .name, .organisation, .source, .imported_at, .file_name
    categories: list = field(default_factory=list)   # [CategorySeries], by category name


def partner_counts(partnership, *, start, end):
    """Partners' monthly counts from `start` to `end` (dates; months are taken from the first of
    the month, both ends included).

    Returns [DatasetSeries], one per dataset of the partnership ordered by organisation and name,
    each with `.categories`: [CategorySeries(category, monthly, missing, total, by_area)], where
    `monthly` is [(month, count)] for every month of the range, the count summed over areas and
    None for a month the dataset has no rows for (listed again in `missing`). A category with no
    rows in the range at all is still listed, every month missing."""
    start, end = start.replace(day=1), end.replace(day=1)
    months = months_between(start, end)
    datasets = list(PartnerDataset.objects.filter(partnership=partnership).select_related("organisation"))
    totals, areas, categories = defaultdict(dict), defaultdict(lambda: defaultdict(int)), defaultdict(set)
    for dataset_id, category in (PartnerCount.objects.filter(dataset__in=datasets)
                                 .values_list("dataset_id", "category").distinct()):
        categories[dataset_id].add(category)
    in_range = PartnerCount.objects.filter(dataset__in=datasets, month__gte=start, month__lte=end)
    for row in in_range.values("dataset_id", "category", "month").annotate(n=Sum("count")):
        totals[(row["dataset_id"], row["category"])][row["month"]] = row["n"]
    for row in in_range.values("dataset_id", "category", "area_code").annotate(n=Sum("count")):
        areas[(row["dataset_id"], row["category"])][row["area_code"]] = row["n"]
    result = []
    for dataset in datasets:
        series = DatasetSeries(dataset=dataset)
        for category in sorted(categories[dataset.pk]):
            by_month = totals[(dataset.pk, category)]
            series.categories.append(CategorySeries(
                category=category, monthly=[(m, by_month.get(m)) for m in months],
                missing=[m for m in months if m not in by_month], total=sum(by_month.values()),
                by_area=dict(areas[(dataset.pk, category)])))
        result.append(series)
    return result


@dataclass
class IssueConcern:
    crime_type_id: int
    name: str
    count: int               # respondents naming it among their top concerns
    percent: float           # count as a % of respondents
    first: int               # respondents naming it as their top concern
    points: int              # 3 for each first place, 2 for each second, 1 for each third
    weighted_percent: float  # points as a % of the most possible (3 x respondents)


@dataclass
class SurveyConcerns:
    survey: Survey | None    # the latest survey (by fieldwork end, then import), or None
    respondents: int
    issues: list             # [IssueConcern], most named first (then by points); only issues named at least once


def survey_concerns(partnership):
    """What residents named among their top concerns in the partnership's latest survey.

    Returns SurveyConcerns(survey, respondents, issues), issues being [IssueConcern(crime_type_id,
    name, count, percent, first, points, weighted_percent)]; with no survey, survey is None,
    respondents 0 and issues []. Percentages are of all respondents, including any who named none."""
    survey = surveys_in(partnership).first()
    if survey is None:
        return SurveyConcerns(survey=None, respondents=0, issues=[])
    counts = defaultdict(lambda: {1: 0, 2: 0, 3: 0})
    for row in SurveyConcern.objects.filter(survey=survey).values("crime_type_id", "rank").annotate(n=Count("id")):
        counts[row["crime_type_id"]][row["rank"]] = row["n"]
    names = dict(CrimeType.objects.filter(pk__in=counts).values_list("id", "name"))
    respondents = survey.respondents
    issues = []
    for crime_type_id, by_rank in counts.items():
        count = sum(by_rank.values())
        points = sum(RANK_POINTS[rank] * n for rank, n in by_rank.items())
        issues.append(IssueConcern(
            crime_type_id=crime_type_id, name=names[crime_type_id], count=count,
            percent=100 * count / respondents if respondents else 0.0, first=by_rank[1], points=points,
            weighted_percent=100 * points / (3 * respondents) if respondents else 0.0))
    issues.sort(key=lambda i: (-i.count, -i.points, i.name))
    return SurveyConcerns(survey=survey, respondents=respondents, issues=issues)


@dataclass
class HarmWeights:
    weight_set: HarmWeightSet | None   # the active set, or None
    name: str
    source: str
    licence: str
    url: str
    weights: dict                      # {crime_type_id: float days, or None when not weighted}


def harm_weights(partnership):
    """The partnership's active harm weights.

    Returns HarmWeights(weight_set, name, source, licence, url, weights), where weights has every
    crime type's id: its weight in days as a float, or None when the set does not weight it
    (anti-social behaviour in the CCHI set) - which is "not weighted", never 0. With no active set,
    weight_set is None, the texts are "" and every weight is None."""
    weight_set = active_weight_set(partnership)
    weights = dict.fromkeys(CrimeType.objects.values_list("id", flat=True))
    if weight_set is None:
        return HarmWeights(weight_set=None, name="", source="", licence="", url="", weights=weights)
    for crime_type_id, weight in HarmWeight.objects.filter(weight_set=weight_set).values_list("crime_type_id", "weight"):
        weights[crime_type_id] = float(weight)
    return HarmWeights(weight_set=weight_set, name=weight_set.name, source=weight_set.source,
                       licence=weight_set.licence, url=weight_set.url, weights=weights)


def weight_rows(weight_set):
    """[(CrimeType, HarmWeight or None)] for the current crime types, and any legacy ones weighted."""
    by_type = {w.crime_type_id: w for w in HarmWeight.objects.filter(weight_set=weight_set)} if weight_set else {}
    return [(t, by_type.get(t.pk)) for t in CrimeType.objects.all() if not t.is_legacy or t.pk in by_type]
