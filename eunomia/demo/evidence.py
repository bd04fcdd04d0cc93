"""Harrowdale's evidence for the assessment: the fire service's deliberate fires, Harrowdale Homes'
ASB reports, a residents' survey and invented harm weights, written as CSV and imported through the
evidence app's real importers."""

import csv
import io
import random

from django.utils import timezone

from eunomia.demo import area
from eunomia.demo.data import DEMO
from eunomia.evidence import actions as evidence


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
    evidence.import_partner_dataset(by=demo.analyst, partnership=partnership, organisation=demo.orgs["fire"],
                                    name="Deliberate fires",
                                    data=_csv_bytes(["period", "area_code", "category", "count"], fires),
                                    file_name="deliberate-fires.csv", source="Incident recording system")
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
