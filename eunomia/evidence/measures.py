"""Partner data as figures (ADR 71). A category of a partner's dataset registered as a PartnerMeasure
becomes a figure through one measure, `evidence.partner_measure`: the sum of the category's monthly
counts over the figure's period, in the partnership's whole area or one of its districts or wards.
A month the dataset has no rows for at all leaves the figure without a value (missing is not zero),
so it blocks publication as a police.uk figure with a missing month does.

A registered measure's source is fixed, but these figures must name the partner, the dataset and
its upload: `words_from` gives each figure the PartnerMeasure's title and definition, the
organisation's and dataset's names as its source, and whether it counts people or events."""

from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone

from eunomia.evidence.models import PartnerCount, PartnerMeasure
from eunomia.evidence.queries import PARTNER_MEASURE, area_codes_within, measure_counts, partner_counts_visible_to
from eunomia.figures.actions import FigureWords, words_from
from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Figure, Unit
from eunomia.figures.registry import COUNTS_PEOPLE, MeasureError, measure
from eunomia.geography.models import Area

KEY = PARTNER_MEASURE
ALL = "all"
SOURCE_LENGTH = Figure._meta.get_field("source").max_length


def measure_choices():
    """Every registered partner measure, as (its id, its title with the dataset's)."""
    rows = PartnerMeasure.objects.order_by("title", "pk").values_list(
        "pk", "title", "dataset__organisation__name", "dataset__name")
    return [(str(pk), f"{title} ({organisation}: {dataset})") for pk, title, organisation, dataset in rows]


def area_choices():
    return [(ALL, "the partnership's whole area")] + [
        (code, f"{name} ({code})") for code, name in
        Area.objects.filter(type__in=[Area.Type.LAD, Area.Type.WARD]).order_by("code").values_list("code", "name")]


def _measure_and_area(partnership, measure, area):
    """The partnership's PartnerMeasure `measure` and the area codes counted (None: all), or
    MeasureError when the measure or the area is not the partnership's."""
    chosen = (PartnerMeasure.objects.select_related("dataset", "dataset__organisation")
              .filter(pk=measure, partnership=partnership).first())
    if chosen is None:
        raise MeasureError(f"That partner measure is not one of {partnership.name}'s")
    if area == ALL:
        return chosen, None
    codes = area_codes_within(partnership, area)
    if codes is None:
        raise MeasureError(f"{dict(area_choices()).get(area, area)} is not a district or ward of {partnership.name}")
    return chosen, codes


@measure(KEY, title="Partner data", unit=Unit.COUNT,
         source="A partner organisation's dataset, uploaded to Eunomia",
         definition="The sum of the monthly counts of {measure} in {area}, over the figure's period.",
         params={"measure": measure_choices, "area": area_choices},
         # What a partner measure counts is said when it is registered, and each figure takes it from
         # there (words_from below); the measure itself declares the safe side (ADR 65, ADR 71).
         counts=COUNTS_PEOPLE)
def partner_measure(*, partnership, period_start, period_end, measure, area):
    chosen, codes = _measure_and_area(partnership, measure, area)
    found = measure_counts(chosen, start=period_start, end=period_end, area_codes=codes)
    if found.missing:
        return None
    return found.rows.aggregate(total=Sum("count"))["total"] or 0


def source_of(dataset):
    """"<Organisation>: <dataset> (<source>), uploaded <date>", within what a figure's source holds."""
    text = (f"{dataset.organisation.name}: {dataset.name}" + (f" ({dataset.source})" if dataset.source else "")
            + f", uploaded {timezone.localtime(dataset.imported_at):%-d %B %Y}")
    return text if len(text) <= SOURCE_LENGTH else text[:SOURCE_LENGTH - 1] + "\u2026"


@words_from(KEY)
def partner_measure_words(*, partnership, params):
    chosen, _ = _measure_and_area(partnership, params["measure"], params["area"])
    dataset = chosen.dataset
    whole = params["area"] == ALL
    where = partnership.name if whole else dict(area_choices())[params["area"]]
    definition = (f"{chosen.definition.rstrip()} Counted in {where}: the sum of the monthly counts "
                  f"{dataset.organisation.name} gave for \u201c{chosen.category}\u201d in its dataset "
                  f"{dataset.name}, over the figure's period.")
    return FigureWords(definition=definition, source=source_of(dataset), counts=chosen.counts,
                       title=chosen.title if whole else f"{chosen.title} in {where}",
                       owner_organisation=dataset.organisation)


# The records behind the figures (ADR 69): the partner's monthly counts, which every member who may
# read the evidence sees; held by the organisation that sent them.
record_kind("evidence.partner_count", model=PartnerCount, noun="partner count", plural="partner counts",
            visible=partner_counts_visible_to, owner="dataset__organisation_id", when="month", created="imported_at",
            select_related=("dataset", "dataset__organisation", "dataset__partnership"),
            columns=[("Month", lambda r: f"{r.month:%Y-%m}"), ("Area code", lambda r: r.area_code),
                     ("Category", lambda r: r.category), ("Count", lambda r: f"{r.count:,}"),
                     ("Dataset", lambda r: f"{r.dataset.organisation.name}: {r.dataset.name}")],
            url=lambda r: reverse("evidence:partner_dataset", args=[r.dataset.partnership.slug, r.dataset_id]),
            description="A partner's count for one month, area and category, as uploaded.")


@records_of(KEY)
def partner_measure_counted(*, partnership, period_start, period_end, measure, area):
    chosen, codes = _measure_and_area(partnership, measure, area)
    found = measure_counts(chosen, start=period_start, end=period_end, area_codes=codes)
    missing = found.missing

    def working(totals):
        months = ", ".join(f"{month:%B %Y}" for month in missing)
        return (f"{totals.count:,} partner counts adding up to {totals.amount.normalize():,f}; no value, because "
                f"{chosen.dataset} has no counts for {months}")

    # Added up under a name of its own: "count" is also the name the drill-down gives the number of rows.
    rows = found.rows.annotate(partner_count=F("count"))
    return Counted("evidence.partner_count", rows, amount="partner_count",
                   formula=lambda totals: None if missing else totals.amount, working=working if missing else None)
