"""The assessment of any force's districts from its police.uk files alone (ADR 0055): a small
Cumbria set written here in police.uk's layout, with no boundary, lookup or population file, then
the same with a population file and boundaries imported."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from eunomia.assessment.analysis import NO_BOUNDARIES_NOTE, NO_POPULATION_NOTE
from eunomia.audit.models import AuditEvent
from eunomia.crime.importer import import_police_files
from eunomia.geography import actions as geography
from eunomia.geography.models import Area
from eunomia.partners import actions as partner_actions
from tests.assessment.policeuk_files import write_street_files

pytestmark = pytest.mark.django_db

FORCE = "Cumbria Constabulary"
LSOAS = [("E01019100", "Carlisle 001A", -2.93, 54.89), ("E01019101", "Carlisle 001B", -2.94, 54.90),
         ("E01019102", "Carlisle 002A", -2.92, 54.88), ("E01019200", "Eden 001A", -2.75, 54.66),
         ("E01019201", "Eden 001B", -2.76, 54.67)]
CARLISLE = [0, 1, 2]
FIRST = datetime.date(2024, 1, 1)


def counts(month_index, lsoa_index):
    """Shoplifting rises in Carlisle 002A; Eden is quieter."""
    eden = lsoa_index >= 3
    return {"Burglary": 1 if eden else 2, "Anti-social behaviour": 1 if eden else 3,
            "Shoplifting": 1 + (month_index if lsoa_index == 2 else 0), "Violence and sexual offences": 2}


def written(months, lsoas, types):
    return sum(n for i in months for li in lsoas for t, n in counts(i, li).items() if t in types)


CRIME = {"Burglary", "Shoplifting", "Violence and sexual offences"}


@pytest.fixture
def cumbria(system_user, tmp_path):
    folder = write_street_files(tmp_path / "police", force=FORCE, slug="cumbria", first=FIRST, months=24,
                                lsoas=LSOAS, counts=counts)
    report = import_police_files(by=system_user, paths=[folder])
    assert not report.refused and report.unplaced_lsoas == []
    return report


@pytest.fixture
def north_cumbria(cumbria, system_user):
    return partner_actions.create_partnership(by=system_user, name="North Cumbria CSP", slug="north-cumbria",
                                              local_authority_codes=[], district_names=["Carlisle", "Eden"])


@pytest.fixture
def cumbria_council(north_cumbria, system_user):
    return partner_actions.add_organisation(by=system_user, partnership=north_cumbria, name="Carlisle City Council",
                                            kind="council", joined_on=datetime.date(2010, 1, 1))


def test_the_files_alone_place_each_lsoa_in_its_district_by_name(cumbria):
    assert not Area.objects.filter(type="lad").exists()
    lsoas = {a.code: (a.district_name, a.lad_id) for a in Area.objects.filter(type="lsoa")}
    assert lsoas == {code: (name.rsplit(" ", 1)[0], None) for code, name, _, _ in LSOAS}


def run(*args):
    out = io.StringIO()
    call_command("assessment", *args, stdout=out)
    return out.getvalue()


def test_the_command_counts_a_district_named_as_police_uk_writes_it(cumbria):
    result = json.loads(run("--area", "Carlisle", "--period", "2025-01..2025-12", "--compare", "2024-01..2024-12",
                            "--format", "json"))
    assert result["area"] == {"code": "Carlisle", "name": "Carlisle", "lsoas": 3}
    rows = {row[0]: row for row in result["rows"]}
    total = rows["All crime (excluding anti-social behaviour)"]
    assert total[13] == written(range(12, 24), CARLISLE, CRIME)
    assert total[14] == written(range(12), CARLISLE, CRIME)
    assert rows["Anti-social behaviour"][13] == 3 * 3 * 12
    # Any case and spacing; the table format too.
    assert run("--area", "  eden ", "--period", "2025-12..2025-12").splitlines()[0].startswith("Crime type")


def test_the_command_explains_an_unknown_district_and_suggests_the_near_one(cumbria):
    with pytest.raises(CommandError) as raised:
        run("--area", "Carlile", "--period", "2025-01..2025-12")
    message = str(raised.value)
    assert "No district called 'Carlile' is known" in message and "Did you mean 'Carlisle'?" in message
    with pytest.raises(CommandError, match="No area has the code E0700002"):
        run("--area", "E0700002", "--period", "2025-01..2025-12")


def test_the_page_without_boundaries_or_populations(north_cumbria, make_member, cumbria_council, client_for):
    analyst = make_member("analyst", north_cumbria, cumbria_council)
    response = client_for(analyst).get("/p/north-cumbria/assessment/?period=2025-01..2025-12&compare=2024-01..2024-12")
    assert response.status_code == 200
    a = response.context["assessment"]
    assert len(a.scope.lsoa_codes) == 5 and not a.has_rates and not a.has_boundaries
    assert a.all_crime.current == written(range(12, 24), range(5), CRIME)
    assert NO_POPULATION_NOTE in a.notes and NO_BOUNDARIES_NOTE in a.notes
    text = response.content.decode()
    # Counts, trends and rankings by name; no rate anywhere, never a stand-in number, and no map.
    assert "Per 1,000 residents" not in text and "per 1,000 residents" not in text.replace(
        "Rates per 1,000 residents are not shown", "")
    assert "manage.py import_population" in text and "manage.py import_boundaries" in text
    assert "No boundaries are held for these areas, so there is no map" in text and "<svg" in text  # the trend charts
    assert [(p.name, p.code) for p in a.district_hot_spots] == [("Carlisle", ""), ("Eden", "")]
    assert a.lsoa_rising[0].name == "Carlisle 002A"
    assert "Districts by crime" in text and "Wards with the most crime" not in text
    assert a.recommended


def test_the_downloads_without_boundaries_or_populations(north_cumbria, make_member, cumbria_council, client_for):
    client = client_for(make_member("analyst", north_cumbria, cumbria_council))
    query = "?period=2025-01..2025-12&compare=2024-01..2024-12"
    book = load_workbook(io.BytesIO(client.get(f"/p/north-cumbria/assessment/download/xlsx/{query}").content))
    assert [c.value for c in book["Summary"][1]] == ["Issue", "Jan 2024 to Dec 2024", "Jan 2025 to Dec 2025",
                                                     "Change", "Change %"]
    assert [row[0].value for row in book["Districts"].iter_rows(min_row=2)][:2] == ["Carlisle", "Eden"]
    csv_text = client.get(f"/p/north-cumbria/assessment/download/csv/{query}").content.decode()
    assert csv_text.startswith("Crime type,")
    docx = client.get(f"/p/north-cumbria/assessment/download/docx/{query}")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="assessment.downloaded").count() == 3


POPULATION_HEADER = ("LSOA code (2011),LSOA name (2011),Local Authority District code (2013),"
                     "Local Authority District name (2013),Total population: mid 2012 (excluding prisoners)")


def square(x, y, size=0.01):
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def test_imported_populations_and_boundaries_add_codes_rates_and_the_map(north_cumbria, system_user, tmp_path,
                                                                        make_member, cumbria_council, client_for):
    population = tmp_path / "population.csv"
    population.write_text("\n".join([POPULATION_HEADER] + [
        f"{code},{name},{'E07000028' if name.startswith('Carlisle') else 'E07000030'},"
        f"{name.rsplit(' ', 1)[0]},\"1,500\"" for code, name, _, _ in LSOAS]) + "\n")
    geography.import_population(by=system_user, path=population)
    boundaries = tmp_path / "E07000028.json"
    boundaries.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"LSOA11CD": code, "LSOA11NM": name},
         "geometry": {"type": "Polygon", "coordinates": [square(lon, lat)]}}
        for code, name, lon, lat in LSOAS[:3]]}))
    geography.import_boundaries(by=system_user, path=boundaries)
    assert {a.code: a.lad.code for a in Area.objects.filter(type="lsoa")} == {
        code: "E07000028" if name.startswith("Carlisle") else "E07000030" for code, name, _, _ in LSOAS}

    client = client_for(make_member("analyst", north_cumbria, cumbria_council))
    response = client.get("/p/north-cumbria/assessment/?period=2025-01..2025-12&map=lsoa")
    a = response.context["assessment"]
    assert a.has_rates and a.has_boundaries and a.scope.population == 5 * 1500
    assert NO_POPULATION_NOTE not in a.notes and NO_BOUNDARIES_NOTE not in a.notes
    assert [(p.name, p.code) for p in a.district_hot_spots] == [("Carlisle", "E07000028"), ("Eden", "E07000030")]
    assert round(a.all_crime.rate, 1) == round(a.all_crime.current * 1000 / 7500, 1)
    text = response.content.decode()
    assert "Per 1,000 residents" in text and 'id="map-lsoa' in text
    # The command takes the name or the code alike.
    by_name = json.loads(run("--area", "Carlisle", "--period", "2025-01..2025-12", "--format", "json"))
    by_code = json.loads(run("--area", "E07000028", "--period", "2025-01..2025-12", "--format", "json"))
    assert by_name["rows"] == by_code["rows"] and by_code["area"]["lsoas"] == 3
