"""Importing LSOA populations: the real English file, and files that must be refused."""

import csv
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from eunomia.audit.models import AuditEvent
from eunomia.geography import actions
from eunomia.geography.models import Area
from tests.geography.conftest import KENT, LSOA_DIR, MSOA_DIR, POPULATION, TONBRIDGE, feature, square

pytestmark = pytest.mark.django_db

ROWS = [
    'E01999001,Testshire 001A,E07000999,Testshire,"1,745",206,,,',
    "E01999002,Testshire 001B,E07000999,Testshire,987,232,,,",
    'E01999003,Otherton 001A,E07000998,Otherton,"12,001",10,,,',
]


def test_small_file_sets_populations_names_and_district_totals(write_population, system_user):
    result = actions.import_population(by=system_user, path=write_population(ROWS))
    testshire = Area.objects.get(code="E07000999")
    assert (testshire.type, testshire.name, testshire.population, testshire.population_year) == (
        "lad", "Testshire", 1745 + 987, 2012)
    lsoa = Area.objects.get(code="E01999001")
    assert (lsoa.type, lsoa.name, lsoa.lad, lsoa.population, lsoa.population_year, lsoa.vintage) == (
        "lsoa", "Testshire 001A", testshire, 1745, 2012, 2011)
    assert Area.objects.get(code="E07000998").population == 12001
    assert (result.rows, result.lsoas_created, result.lads_created, result.year) == (3, 3, 2, 2012)
    event = AuditEvent.objects.get(action="geography.population_imported")
    assert (event.data["rows"], event.data["people"], event.data["districts"]) == (3, 1745 + 987 + 12001, 2)


def test_reimport_changes_only_what_changed(write_population, system_user):
    actions.import_population(by=system_user, path=write_population(ROWS))
    again = actions.import_population(by=system_user, path=write_population(ROWS))
    assert (again.lsoas_created, again.lsoas_updated, again.lads_created, again.lads_named) == (0, 0, 0, 0)
    changed = [ROWS[0].replace('"1,745"', "1700"), *ROWS[1:]]
    result = actions.import_population(by=system_user, path=write_population(changed))
    assert result.lsoas_updated == 1
    assert Area.objects.get(code="E01999001").population == 1700
    assert Area.objects.get(code="E07000999").population == 1700 + 987
    assert Area.objects.count() == 5


def test_a_file_without_byte_order_mark_reads_the_same(write_population, system_user):
    actions.import_population(by=system_user, path=write_population(ROWS, bom=False))
    assert Area.objects.get(code="E01999001").population == 1745


def test_names_placeholder_districts_and_fills_lsoas_that_have_boundaries(write_population, write_geojson,
                                                                           system_user):
    boundaries = write_geojson("E07000999.json", [feature({"LSOA11CD": "E01999001", "LSOA11NM": "Testshire 001A"},
                                                          square(0, 51, 0.01))])
    actions.import_boundaries(by=system_user, path=boundaries)
    assert Area.objects.get(code="E07000999").name == "E07000999"
    result = actions.import_population(by=system_user, path=write_population(ROWS))
    assert (result.lsoas_created, result.lsoas_updated, result.lads_created, result.lads_named) == (2, 1, 1, 1)
    lsoa = Area.objects.get(code="E01999001")
    assert (lsoa.population, lsoa.geometry is not None) == (1745, True)
    assert Area.objects.get(code="E07000999").name == "Testshire"


# Refusals ------------------------------------------------------------------------------------

def refusal(path):
    before = (Area.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as raised:
        actions.import_population(by=None, path=path)
    assert (Area.objects.count(), AuditEvent.objects.count()) == before
    return raised.value.messages


@pytest.mark.parametrize("bad_row, expected", [
    ("E01999004,Testshire 001C,E07000999,Testshire,,5,,,", "line 5: the total population of E01999004 is blank"),
    ('E01999004,Testshire 001C,E07000999,Testshire,"1,2,3",5,,,',
     "line 5: the total population of E01999004, '1,2,3', is not a whole number"),
    ("E01999004,Testshire 001C,E07000999,Testshire,-4,5,,,", "'-4', is not a whole number"),
    ("E01999004,Testshire 001C,E07000999,Testshire,12.5,5,,,", "'12.5', is not a whole number"),
    ("E0199900,Testshire 001C,E07000999,Testshire,12,5,,,", "line 5: 'E0199900' is not an LSOA code"),
    ("E02999004,Testshire 001C,E07000999,Testshire,12,5,,,", "line 5: 'E02999004' is not an LSOA code"),
    ("E01999004,Testshire 001C,E0700099,Testshire,12,5,,,", "line 5: 'E0700099' is not a local authority district"),
    ("E01999001,Testshire 001A,E07000999,Testshire,12,5,,,", "line 5: E01999001 appears a second time"),
    ("E01999004,Testshire 001C,E07000999,Testshireton,12,5,,,",
     "line 5: E07000999 is named 'Testshireton' here and 'Testshire' above"),
    ("E01999004,Testshire 001C,E07000999", "line 5: has 3 columns, expected at least 5"),
])
def test_refuses_a_bad_line_naming_it(write_population, bad_row, expected):
    messages = refusal(write_population([*ROWS, bad_row]))
    assert len(messages) == 1
    assert messages[0].startswith("population.csv, line 5: ") and expected in messages[0]


def test_lists_every_bad_line_up_to_a_limit(write_population):
    bad = [f"E01{n:06d},X 001A,E07000999,Testshire,lots,1,," for n in range(30)]
    messages = refusal(write_population([*ROWS, *bad]))
    assert len(messages) == 21
    assert messages[0].startswith("population.csv, line 5:") and messages[19].startswith("population.csv, line 24:")
    assert messages[-1] == "... and 10 more lines like these"


def test_refuses_a_wrong_header_naming_the_columns_expected(write_population):
    path = write_population(ROWS, header="Crime ID,Month,Reported by,Falls within,Longitude")
    (message,) = refusal(path)
    assert "population.csv does not have the columns of a population file" in message
    assert '"LSOA code (2011)"' in message and '"Total population: mid 2012 (excluding prisoners)"' in message
    assert "found: Crime ID, Month, Reported by, Falls within, Longitude" in message


def test_refuses_non_utf8_text(write_population):
    path = write_population([*ROWS, "E01999004,Ynys M\xf4n 001A,W06000001,Ynys M\xf4n,12,1,,,"],
                            bom=False, encoding="latin-1")
    (message,) = refusal(path)
    assert message.startswith("population.csv, line 5: not UTF-8 text")


@pytest.mark.parametrize("content, expected", [
    (b"", "population.csv is empty"),
    (b"\xef\xbb\xbfLSOA code (2011),LSOA name (2011),Local Authority District code (2013),"
     b"Local Authority District name (2013),Total population: mid 2012 (excluding prisoners)\n",
     "population.csv has a header but no rows"),
])
def test_refuses_an_empty_file(tmp_path, content, expected):
    path = tmp_path / "population.csv"
    path.write_bytes(content)
    assert refusal(path) == [expected]


def test_a_truncated_file_is_refused_at_its_broken_last_line(write_population, tmp_path):
    whole = write_population(ROWS).read_bytes()
    path = tmp_path / "cut.csv"
    path.write_bytes(whole[:whole.index(b'"12,001"') + 4])
    (message,) = refusal(path)
    assert message.startswith("cut.csv, line 4: ")


# The real file -------------------------------------------------------------------------------

def independent_count(lad_codes):
    """LSOAs and people in these districts, counted straight from the file."""
    lsoas = people = 0
    with open(POPULATION, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Local Authority District code (2013)"] in lad_codes:
                lsoas += 1
                people += int(row["Total population: mid 2012 (excluding prisoners)"].replace(",", ""))
    return lsoas, people


@pytest.fixture
def real_population(shared_data, system_user):
    started = time.monotonic()
    result = actions.import_population(by=system_user, path=POPULATION)
    result.seconds = time.monotonic() - started
    return result


def test_real_population_file(real_population):
    assert (real_population.rows, real_population.year, len(real_population.lad_totals)) == (32844, 2012, 326)
    assert Area.objects.filter(type="lsoa").count() == 32844
    tonbridge = Area.objects.get(code=TONBRIDGE)
    assert (tonbridge.name, tonbridge.population) == ("Tonbridge and Malling", 121912)
    tm_lsoas = Area.objects.filter(type="lsoa", lad=tonbridge)
    # PROVENANCE.md's figures, and the same counted from the file here.
    assert (tm_lsoas.count(), sum(tm_lsoas.values_list("population", flat=True))) == (72, 121912)
    assert independent_count({TONBRIDGE}) == (72, 121912)
    kent = Area.objects.filter(type="lsoa", lad__code__in=KENT)
    assert (kent.count(), sum(kent.values_list("population", flat=True))) == (1065, 1744861)
    assert independent_count(set(KENT)) == (1065, 1744861)
    assert sum(Area.objects.filter(type="lad", code__in=KENT).values_list("population", flat=True)) == 1744861
    assert Area.objects.get(code="E01024717").name == "Tonbridge and Malling 005A"
    print(f"\nPopulation file imported in {real_population.seconds:.2f} s")


def test_real_population_after_boundaries_links_and_keeps_them(shared_data, system_user):
    for folder in (LSOA_DIR, MSOA_DIR):
        actions.import_boundaries(by=system_user, path=folder / f"{TONBRIDGE}.json")
    result = actions.import_population(by=system_user, path=POPULATION)
    assert (result.lsoas_created, result.lsoas_updated, result.lads_named) == (32844 - 72, 72, 1)
    tm = Area.objects.filter(type="lsoa", lad__code=TONBRIDGE)
    assert tm.count() == 72 and tm.filter(geometry=None).count() == 0 and tm.filter(parent=None).count() == 0
    assert tm.filter(population=None).count() == 0


def test_command_prints_counts_and_refuses_clearly(shared_data, capsys, write_population):
    call_command("import_population", str(POPULATION))
    out = capsys.readouterr().out
    assert "mid-2012 populations for 32,844 LSOAs (32,844 created, 0 updated) in 326 districts" in out
    assert "53,434,130 people" in out
    with pytest.raises(CommandError, match=r"population.csv, line 5: the total population of E01999004 is blank"):
        call_command("import_population", str(write_population([*ROWS, "E01999004,T 001C,E07000999,Testshire,,1"])))
