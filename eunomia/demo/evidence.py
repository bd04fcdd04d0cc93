"""Harrowdale's evidence for the assessment: the fire service's deliberate fires, Harrowdale Homes'
ASB reports, the police's domestic abuse incidents by ward, a residents' survey and invented harm
weights, written as CSV and imported through the evidence app's real importers. Deliberate fires and
domestic abuse incidents are registered as measures (ADR 71), and last year's domestic abuse
incidents made a figure."""

import csv
import io
import random
from decimal import Decimal

from django.utils import timezone

from eunomia.core.periods import plan_period, year_label
from eunomia.demo import area
from eunomia.demo.data import DEMO
from eunomia.demo.plans import year_slug
from eunomia.evidence import actions as evidence
from eunomia.evidence.measures import ALL, KEY
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Counts, Figure
from eunomia.geography.queries import wards_of


def _csv_bytes(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def build_evidence(demo, partnership):
    rng = random.Random(area.SEED + 1)
    months = area.months_before(timezone.localdate(), 24)
    # Invented weights (days), in the layout of the Cambridge Crime Harm Index file a partnership
    # would import: the demo must not pass off the real index's numbers as its own.
    weights = _csv_bytes(["crime_type", "cchi_days"], DEMO["harm_weights"].items())
    evidence.import_harm_weights(by=demo.analyst, partnership=partnership, data=weights, file_name="demo-weights.csv",
                                 name="Demonstration harm weights (invented)",
                                 source="Invented for the Eunomia demonstration; not the Cambridge Crime Harm Index",
                                 licence="None needed: invented", url="")
    fires = [(f"{m:%Y-%m}", area.LAD_CODE, "Deliberate fires",
              max(0, round(9 + 5 * (m.month in (4, 5, 6, 7, 8)) + rng.gauss(0, 2)))) for m in months]
    fire_import = evidence.import_partner_dataset(
        by=demo.analyst, partnership=partnership, organisation=demo.orgs["fire"], name="Deliberate fires",
        data=_csv_bytes(["period", "area_code", "category", "count"], fires), file_name="deliberate-fires.csv",
        source="Incident recording system")
    reports = [(f"{m:%Y-%m}", area.LAD_CODE, category, max(0, round(base - n * fall + rng.gauss(0, 3))))
               for n, m in enumerate(months)
               for category, base, fall in (("Noise", 40, 0.4), ("Nuisance neighbours", 25, 0.2))]
    evidence.import_partner_dataset(by=demo.analyst, partnership=partnership,
                                    organisation=demo.orgs["harrowdale_homes"], name="ASB reports by tenants",
                                    data=_csv_bytes(["period", "area_code", "category", "count"], reports),
                                    file_name="asb-reports.csv", source="Housing management system")
    # Residents' top concerns, each named first, second or third as often as its weight says.
    names, concern_weights = list(DEMO["concerns"]), list(DEMO["concerns"].values())
    respondents = []
    for n in range(1, 413):
        chosen = []
        while len(chosen) < rng.choice((1, 2, 3, 3)):
            pick = rng.choices(names, concern_weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        respondents.append([f"R{n:04d}", ""] + chosen + [""] * (3 - len(chosen)))
    survey = _csv_bytes(["respondent", "area_code", "concern_1", "concern_2", "concern_3"], respondents)
    evidence.import_survey(by=demo.analyst, partnership=partnership, name="Harrowdale residents' survey",
                           data=survey, file_name="residents-survey.csv", fieldwork_start=months[2],
                           fieldwork_end=months[0])
    _partner_measures(demo, partnership, months, fire_import.dataset)


def _partner_measures(demo, partnership, months, fires):
    """Domestic abuse incidents from the police, by ward (police.uk publishes no such category), and
    two categories registered as measures, so the priority matrix can rank domestic abuse."""
    rng = random.Random(area.SEED + 2)  # its own draws: the files above stay as they were
    wards = sorted(wards_of(partnership).values_list("code", flat=True))
    incidents = [(f"{m:%Y-%m}", code, "Domestic abuse incidents",
                  max(0, round(14 + 4 * (m.month in (12, 1)) + rng.gauss(0, 3)))) for m in months for code in wards]
    abuse = evidence.import_partner_dataset(
        by=demo.analyst, partnership=partnership, organisation=demo.orgs["police"], name="Domestic abuse incidents",
        data=_csv_bytes(["period", "area_code", "category", "count"], incidents),
        file_name="domestic-abuse-incidents.csv", source="Crime and incident recording system")
    evidence.register_partner_measure(
        by=demo.analyst, dataset=fires, category="Deliberate fires", title="Deliberate fires",
        definition="Fires started on purpose that the fire and rescue service attended, by the month of the call.",
        counts=Counts.EVENTS)
    registered = evidence.register_partner_measure(
        by=demo.analyst, dataset=abuse.dataset, category="Domestic abuse incidents", title="Domestic abuse incidents",
        definition="Incidents of domestic abuse the police recorded, crimes and incidents that were not crimes, by "
                   "the month they were recorded.",
        # Invented for the demonstration, like the demo's other harm weights.
        counts=Counts.EVENTS, harm_weight=Decimal(60))
    last_year = demo.current - 1
    period_start, period_end = plan_period(last_year, partnership.year_start_month)
    figure_actions.create_figure(
        by=demo.analyst, partnership=partnership, name=f"domestic-abuse-incidents-{year_slug(last_year)}",
        title=f"Domestic abuse incidents, {year_label(last_year)}", unit="", period_start=period_start,
        period_end=period_end, kind=Figure.Kind.COMPUTED, measure=KEY,
        measure_params={"measure": str(registered.pk), "area": ALL})
