"""Which areas belong to a partnership, and LSOAs met in police.uk files."""

import csv
import json

import pytest
from django.core.exceptions import ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.geography import actions, queries
from eunomia.geography.models import Area
from eunomia.partners import actions as partner_actions
from tests.geography.conftest import LSOA_DIR, MSOA_DIR, POLICE_2025, POPULATION, TONBRIDGE, WARD_DIR

pytestmark = pytest.mark.django_db


def add(code, name, kind, lad=None, **fields):
    return Area.objects.create(code=code, name=name, type=kind, lad=lad, **fields)


@pytest.fixture
def districts(db):
    """Tonbridge and Malling (the test partnership's district) and Tunbridge Wells (the other's),
    each with LSOAs and a ward; one Tonbridge LSOA without a population."""
    tm = add(TONBRIDGE, "Tonbridge and Malling", "lad")
    tw = add("E07000116", "Tunbridge Wells", "lad")
    add("E05005104", "Aylesford", "ward", tm, parent=tm)
    add("E05005200", "Pantiles", "ward", tw, parent=tw)
    msoa = add("E02005153", "Tonbridge and Malling 005", "msoa", tm, parent=tm)
    add("E01024717", "Tonbridge and Malling 005A", "lsoa", tm, parent=msoa, population=1500, population_year=2012)
    add("E01024718", "Tonbridge and Malling 005B", "lsoa", tm, parent=msoa, population=1700, population_year=2012)
    add("E01035002", "Tonbridge and Malling 001G", "lsoa", tm)
    add("E01024800", "Tunbridge Wells 001A", "lsoa", tw, population=1600, population_year=2012)
    return tm, tw


def test_areas_of_a_partnership(districts, partnership, other_partnership):
    assert list(queries.lads_of(partnership).values_list("code", flat=True)) == [TONBRIDGE]
    assert queries.lsoa_codes_of(partnership) == {"E01024717", "E01024718", "E01035002"}
    assert set(queries.lsoas_of(partnership).values_list("code", flat=True)) == queries.lsoa_codes_of(partnership)
    assert [w.name for w in queries.wards_of(partnership)] == ["Aylesford"]
    assert [m.code for m in queries.msoas_of(partnership)] == ["E02005153"]
    assert queries.lsoa_codes_of(other_partnership) == {"E01024800"}


def test_a_partnership_of_several_districts(districts, system_user):
    west_kent = partner_actions.create_partnership(by=system_user, name="West Kent CSP", slug="west-kent",
                                                   local_authority_codes=[TONBRIDGE, "E07000116"])
    assert len(queries.lsoa_codes_of(west_kent)) == 4
    assert queries.population_of(west_kent).total == 1500 + 1700 + 1600


def test_a_partnership_whose_districts_are_not_imported_has_no_areas(partnership):
    assert queries.lsoa_codes_of(partnership) == set()
    population = queries.population_of(partnership)
    assert (population.total, population.lsoas, population.complete) == (0, 0, False)


def test_partnerships_of_an_lsoa(districts, partnership, other_partnership, system_user):
    west_kent = partner_actions.create_partnership(by=system_user, name="West Kent CSP", slug="west-kent",
                                                   local_authority_codes=["E07000116", TONBRIDGE])
    assert set(queries.partnerships_of_lsoa("E01024717")) == {partnership, west_kent}
    assert set(queries.partnerships_of_lsoa("E01024800")) == {other_partnership, west_kent}
    assert list(queries.partnerships_of_lsoa("E01999999")) == []
    assert list(queries.partnerships_of_lsoa(TONBRIDGE)) == []


def test_population_counts_lsoas_without_one(districts, partnership):
    population = queries.population_of(partnership)
    assert (population.total, population.lsoas, population.lsoas_without_population, population.years) == (
        3200, 3, 1, (2012,))
    assert not population.complete


# register_lsoas --------------------------------------------------------------------------------

def test_register_places_new_lsoas_by_the_district_name(districts, system_user):
    unplaced = actions.register_lsoas(by=system_user, names={
        "E01024717": "Tonbridge and Malling 005A",
        "E01035003": "Tonbridge and Malling 005H",
        "E01035100": "Tunbridge Wells 009C",
        "E01099999": "Nowhere 001A",
        "E01099998": "no convention",
    })
    # Only a name that does not follow the convention cannot be placed at all.
    assert unplaced == ["E01099998"]
    new = Area.objects.get(code="E01035003")
    assert (new.type, new.name, new.lad.code, new.vintage, new.parent.code, new.ward, new.district_name) == (
        "lsoa", "Tonbridge and Malling 005H", TONBRIDGE, None, "E02005153", None, "Tonbridge and Malling")
    assert Area.objects.get(code="E01035100").lad.code == "E07000116"
    # A district no boundary or population file has named is known by its police.uk name alone (ADR 0055).
    nowhere = Area.objects.get(code="E01099999")
    assert (nowhere.lad, nowhere.district_name) == (None, "Nowhere")
    assert not Area.objects.filter(code__in=unplaced).exists()
    assert Area.objects.get(code="E01024717").district_name == "Tonbridge and Malling"
    event = AuditEvent.objects.get(action="geography.lsoas_registered")
    assert event.data == {"created": 3, "linked_to_msoa": 1, "unplaced": ["E01099998"], "without_district_code": 1,
                          "district_names_set": 1}


def test_register_leaves_known_lsoas_alone_and_records_nothing_when_nothing_is_new(districts, system_user):
    assert actions.register_lsoas(by=system_user, names={"E01024717": "Somewhere else 001A"}) == []
    lsoa = Area.objects.get(code="E01024717")
    # The name and district stay; the district name police.uk now gives is remembered.
    assert (lsoa.name, lsoa.lad.code, lsoa.district_name) == ("Tonbridge and Malling 005A", TONBRIDGE, "Somewhere else")
    before = AuditEvent.objects.count()
    assert actions.register_lsoas(by=system_user, names={"E01024717": "Somewhere else 001A"}) == []
    assert AuditEvent.objects.count() == before


def test_register_learns_a_renamed_district_from_the_lsoas_it_knows(system_user):
    shepway = add("E07000112", "Shepway", "lad")
    add("E01024500", "Shepway 001A", "lsoa", shepway)
    # police.uk uses the district's present name; the known LSOA tells which district that is.
    unplaced = actions.register_lsoas(by=system_user, names={"E01024500": "Folkestone and Hythe 001A",
                                                             "E01035400": "Folkestone and Hythe 001E"})
    assert unplaced == []
    assert Area.objects.get(code="E01035400").lad == shepway


def test_register_refuses_to_guess_between_two_districts(system_user):
    # "Sametown" is one district's name, and the name of an LSOA in the other.
    add("E07000901", "Sametown", "lad")
    add("E01090001", "Sametown 001A", "lsoa", add("E07000902", "Elsewhere", "lad"))
    assert actions.register_lsoas(by=system_user, names={"E01090002": "Sametown 001B"}) == []
    # Neither district's code is guessed: the LSOA is known by its police.uk district name alone.
    lsoa = Area.objects.get(code="E01090002")
    assert (lsoa.lad, lsoa.district_name) == (None, "Sametown")


def test_register_refuses_bad_codes(districts, system_user):
    with pytest.raises(ValidationError) as raised:
        actions.register_lsoas(by=system_user, names={"E0102471": "Tonbridge and Malling 005A",
                                                      "E02005153": "Tonbridge and Malling 005"})
    assert raised.value.messages == ["'E0102471' is not an LSOA code (E01 or W01 then 6 digits)",
                                     "'E02005153' is not an LSOA code (E01 or W01 then 6 digits)"]
    assert Area.objects.filter(type="lsoa").count() == 4


# The real files ------------------------------------------------------------------------------

def police_names():
    names = {}
    for path in sorted(POLICE_2025.glob("2025-*/2025-*-kent-street.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["LSOA code"]:
                    names[row["LSOA code"]] = row["LSOA name"]
    return names


def test_real_partnership_lsoas(shared_data, partnership, system_user):
    for folder in (LSOA_DIR, MSOA_DIR, WARD_DIR):
        actions.import_boundaries(by=system_user, path=folder / f"{TONBRIDGE}.json")
    features = json.loads((LSOA_DIR / f"{TONBRIDGE}.json").read_text())["features"]
    expected = {f["properties"]["LSOA11CD"] for f in features}
    assert queries.lsoa_codes_of(partnership) == expected and len(expected) == 72
    assert queries.wards_of(partnership).count() == 26
    assert queries.lsoas_of(partnership).filter(ward=None).count() == 0

    actions.import_population(by=system_user, path=POPULATION)
    population = queries.population_of(partnership)
    assert (population.total, population.lsoas, population.lsoas_without_population) == (121912, 72, 0)

    # The 2025 police.uk files use 2021 LSOAs: 10 of Tonbridge and Malling's are new since 2011.
    names = police_names()
    tonbridge_2025 = {code for code, name in names.items() if name.startswith("Tonbridge and Malling ")}
    assert len(tonbridge_2025 - expected) == 10
    assert actions.register_lsoas(by=system_user, names=names) == []
    assert queries.lsoa_codes_of(partnership) == expected | tonbridge_2025
    population = queries.population_of(partnership)
    assert (population.total, population.lsoas, population.lsoas_without_population) == (121912, 82, 10)
    assert set(queries.partnerships_of_lsoa("E01035002")) == {partnership}
