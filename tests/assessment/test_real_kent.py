"""The assessment on the real Kent files, checked against counts made here with the csv module:
rows per month and crime type for the Tonbridge and Malling LSOAs."""

import csv
import datetime
import json
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from eunomia.assessment.analysis import assess
from eunomia.core.periods import Period
from eunomia.crime.importer import import_police_files
from eunomia.geography import actions as geography

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
KENT_2025 = SHARED / "ml-foundations-portfolio" / "data"
BOUNDARIES = SHARED / "uk-geojson-martinjc" / "json"
POPULATION = SHARED / "thrive-fidelity" / "data" / "File_6_ID_2015_Population_denominators.csv"
MONTHS = ["2025-01", "2025-02", "2025-04"]  # 2025-03 left out: a missing month

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the checkout")


def independent_counts():
    """{(month, crime type): rows} for rows whose LSOA name is Tonbridge and Malling's."""
    counts = Counter()
    for month in MONTHS:
        with open(KENT_2025 / month / f"{month}-kent-street.csv", encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if row["LSOA name"].startswith("Tonbridge and Malling "):
                    counts[(month, row["Crime type"])] += 1
    return counts


@pytest.fixture
def kent(db, system_user, partnership):
    for kind in ("statistical/eng/lsoa_by_lad", "statistical/eng/msoa_by_lad", "electoral/eng/wards_by_lad"):
        geography.import_boundaries(by=system_user, path=BOUNDARIES / kind / "E07000115.json")
    geography.import_population(by=system_user, path=POPULATION)
    import_police_files(by=system_user, paths=[KENT_2025 / m / f"{m}-kent-street.csv" for m in MONTHS])
    return partnership


def test_the_command_prints_the_counts_made_independently(kent):
    expected = independent_counts()
    out = StringIO()
    call_command("assessment", "--area", "E07000115", "--period", "2025-01..2025-04", "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["columns"][1:5] == ["Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025"]
    rows = {row[0]: row for row in result["rows"]}
    for (month, crime_type), n in expected.items():
        column = result["columns"].index(datetime.date.fromisoformat(month + "-01").strftime("%b %Y"))
        assert rows[crime_type][column] == n, (month, crime_type)
    # March has no file: every count for it is "missing", and so is every total.
    assert {row[3] for row in result["rows"]} == {"missing"}
    assert {row[5] for row in result["rows"]} == {"missing"}
    asb = sum(n for (m, t), n in expected.items() if t == "Anti-social behaviour" and m == "2025-04")
    assert rows["Anti-social behaviour"][4] == asb
    assert "No police.uk file is held for Mar 2025" in " ".join(result["notes"])


def test_csv_and_table_formats(kent):
    out = StringIO()
    call_command("assessment", "--area", "E07000115", "--period", "2025-02..2025-02", "--compare", "2025-01..2025-01",
                 "--format", "csv", stdout=out)
    rows = list(csv.reader(StringIO(out.getvalue())))
    assert rows[0] == ["Crime type", "Feb 2025", "Total Feb 2025", "Total Jan 2025", "Change", "Change %"]
    expected = independent_counts()
    shoplifting = next(r for r in rows if r[0] == "Shoplifting")
    assert int(shoplifting[1]) == expected[("2025-02", "Shoplifting")]
    assert int(shoplifting[3]) == expected[("2025-01", "Shoplifting")]
    out = StringIO()
    call_command("assessment", "--area", "E07000115", "--period", "2025-02..2025-02", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("Crime type")


def test_the_assessment_of_two_months(kent):
    expected = independent_counts()
    a = assess(partnership=kent, current=Period.parse("2025-02..2025-02"), previous=Period.parse("2025-01..2025-01"))
    crime = lambda m: sum(n for (month, t), n in expected.items() if month == m and t != "Anti-social behaviour")  # noqa: E731
    assert a.all_crime.current == crime("2025-02")
    assert a.all_crime.previous == crime("2025-01")
    assert a.asb.current == expected[("2025-02", "Anti-social behaviour")]
    assert a.complete
    # Rates use the 2012 population of the district's 2011 LSOAs: 121,912 people.
    assert a.scope.population == 121_912
    assert a.all_crime.rate == pytest.approx(crime("2025-02") * 1000 / 121_912)
    # Hot spots add up: every LSOA's crimes sum to the total.
    assert sum(p.current for p in a.lsoas) == a.all_crime.current
    assert a.lsoa_hot_spots[0].current == max(p.current for p in a.lsoas)
    assert sum(w.current for w in a.wards) + a.unassigned_to_ward == a.all_crime.current
    assert a.repeat_locations and a.repeat_locations[0].count >= a.repeat_locations[-1].count
    assert a.matrix and a.matrix[0].rank == 1 and len(a.recommended) == 5


def test_a_missing_month_is_never_a_zero(kent):
    a = assess(partnership=kent, current=Period.parse("2025-03..2025-04"), previous=Period.parse("2025-01..2025-02"))
    assert a.missing == {"previous": [], "current": [datetime.date(2025, 3, 1)]}
    assert a.all_crime.current is None and a.all_crime.change is None
    assert a.trend["crime"][datetime.date(2025, 3, 1)] is None
    assert a.trend["crime"][datetime.date(2025, 4, 1)] > 0
    assert any("Mar 2025" in note for note in a.notes)
    assert a.lsoa_rising == []
