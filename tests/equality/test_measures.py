"""Every equality figure against a count made by hand: people named on the day before the period, its
first and last moments, inside it, twice, merged, as witnesses and in another partnership; each
characteristic's categories adding up to the total; and the rate against the population held."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from eunomia.casework import actions as casework
from eunomia.core.equality import CHARACTERISTICS, PREFER_NOT_TO_SAY
from eunomia.domesticabuse import actions as da
from eunomia.equality import actions
from eunomia.equality.measures import GROUP_CHOICES, PARTITIONS
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure
from eunomia.figures.registry import COUNTS_PEOPLE, all_measures, get_measure
from eunomia.geography.models import Area
from eunomia.partners.models import Organisation

START, END = datetime.date(2025, 4, 1), datetime.date(2026, 3, 31)
DAY = datetime.timedelta(days=1)
MID = datetime.date(2025, 9, 15)

KEYS = {"equality.casework_victims", "equality.casework_perpetrators", "equality.da_supported",
        "equality.casework_victims_per_1000", "equality.casework_perpetrators_per_1000",
        "equality.da_supported_per_1000"}


def value(key, partnership, group="all"):
    return get_measure(key).evaluate(partnership=partnership, period_start=START, period_end=END,
                                     params={"group": group})


def moment(day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def casework_people(partnership, council, make_member, other_partnership, outsider):
    """Victims counted: Ann (twice, and as her merged duplicate), Bea (complainant), Cal (on the first
    moment), Dee (on the last). Not counted: Eve (the day before), Fay (the day after), Gus (witness), and
    Elsewhere's victim. Perpetrators counted: Pat and Ann; not Quin (the day before)."""
    csu = make_member("csu_officer", partnership, council)
    people = {}

    def person(name, answers=None):
        people[name] = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name=name,
                                           last_name="Test")
        if answers:
            actions.save_person_answers(by=csu, person=people[name], answers=answers)
        return people[name]

    def report(when, *named):
        casework.record_report(by=csu, partnership=partnership, organisation=council, occurred_at=when,
                               reported_at=when, category="noise", source="phone", description="x",
                               people=[(people[name], role) for name, role in named])

    person("Ann", {"ethnicity": "irish", "sex": "female", "long_term_condition": "yes", "reduced_ability": "a_lot",
                   "age_band": "65_74"})
    person("Ann2", {"sex": "male"})
    person("Bea", {"ethnicity": PREFER_NOT_TO_SAY, "sex": "female", "long_term_condition": "no"})
    person("Cal", {"ethnicity": "indian", "religion": "hindu"})
    person("Dee")
    person("Eve", {"sex": "female"})
    person("Fay", {"sex": "female"})
    person("Gus", {"sex": "male"})
    person("Pat", {"sex": "male", "age_band": "18_24"})
    person("Quin", {"sex": "male"})
    report(moment(MID), ("Ann", "victim"), ("Gus", "witness"), ("Pat", "perpetrator"))
    report(moment(MID + DAY), ("Ann", "complainant"), ("Bea", "complainant"))
    report(moment(START, 0, 0), ("Cal", "victim"))
    report(moment(END, 23, 59), ("Dee", "victim"), ("Ann", "perpetrator"))
    report(moment(START - DAY, 23, 59), ("Eve", "victim"), ("Quin", "perpetrator"))
    report(moment(END + DAY, 0, 0), ("Fay", "victim"))
    report(moment(MID), ("Ann2", "victim"))
    casework.merge_people(by=csu, kept=people["Ann"], duplicate=people["Ann2"])  # Ann's answers win
    elsewhere = casework.add_person(by=outsider, partnership=other_partnership,
                                    organisation=Organisation.objects.get(name="Elsewhere Council"),
                                    first_name="Far", last_name="Away")
    casework.record_report(by=outsider, partnership=other_partnership,
                           organisation=Organisation.objects.get(name="Elsewhere Council"), occurred_at=moment(MID),
                           reported_at=moment(MID), category="noise", source="phone", description="x",
                           people=[(elsewhere, "victim")])
    return people


@pytest.fixture
def da_people(partnership, council, make_member):
    """Supported in the period: Val (open since before it), Wyn (ended on its first day), Xan (started on its
    last day, two episodes), Yas (no answers). Not: Zoe (ended the day before), Abe (started the day after)."""
    idva = make_member("da_specialist", partnership, council)

    def victim(name, answers, *episodes):
        person = da.save_person(by=idva, partnership=partnership, first_name=name, last_name="Test")
        if answers:
            actions.save_da_person_answers(by=idva, person=person, answers=answers)
        for kind, started, ended in episodes:
            episode = da.start_support(by=idva, victim=person, kind=kind, started_on=started,
                                       risk_level_at_start="high")
            if ended:
                da.end_support(by=idva, episode=episode, ended_on=ended, outcome="risk_reduced")
        return person

    victim("Val", {"sex": "female", "sexual_orientation": "bisexual"}, ("idva", START - 10 * DAY, None))
    victim("Wyn", {"sex": "male", "gender_identity": "different"}, ("idva", START - 10 * DAY, START))
    victim("Xan", {"sex": PREFER_NOT_TO_SAY}, ("idva", MID, MID + DAY), ("volunteer", END, None))
    victim("Yas", {}, ("volunteer", MID, None))
    victim("Zoe", {"sex": "female"}, ("idva", START - 10 * DAY, START - DAY))
    victim("Abe", {"sex": "female"}, ("idva", END + DAY, None))


def test_every_measure_counts_people_and_says_so():
    registered = {m.key: m for m in all_measures() if m.key.startswith("equality.")}
    assert set(registered) == KEYS
    for key in ("equality.casework_victims", "equality.casework_perpetrators", "equality.da_supported"):
        assert registered[key].counts == COUNTS_PEOPLE and registered[key].partitions == PARTITIONS
        assert registered[f"{key}_per_1000"].based_on == key


def test_casework_victims_match_a_hand_count(partnership, casework_people):
    expected = {
        "all": 4, "sex:female": 2, "sex:male": 0, "sex:not_recorded": 2, "sex:prefer_not_to_say": 0,
        "ethnic_group:white": 1, "ethnic_group:asian": 1, "ethnic_group:prefer_not_to_say": 1,
        "ethnic_group:not_recorded": 1, "disability:disabled": 1, "disability:not_disabled": 1,
        "disability:not_recorded": 2, "religion:hindu": 1, "religion:not_recorded": 3, "age_band:65_74": 1,
    }
    assert {group: value("equality.casework_victims", partnership, group) for group in expected} == {
        group: Decimal(n) for group, n in expected.items()}


def test_casework_perpetrators_match_a_hand_count(partnership, casework_people):
    expected = {"all": 2, "sex:male": 1, "sex:female": 1, "age_band:18_24": 1, "age_band:65_74": 1}
    assert {group: value("equality.casework_perpetrators", partnership, group) for group in expected} == {
        group: Decimal(n) for group, n in expected.items()}


def test_da_people_supported_match_a_hand_count(partnership, da_people):
    expected = {"all": 4, "sex:female": 1, "sex:male": 1, "sex:prefer_not_to_say": 1, "sex:not_recorded": 1,
                "gender_identity:different": 1, "gender_identity:not_recorded": 3,
                "sexual_orientation:bisexual": 1}
    assert {group: value("equality.da_supported", partnership, group) for group in expected} == {
        group: Decimal(n) for group, n in expected.items()}


@pytest.mark.parametrize("key", ["equality.casework_victims", "equality.casework_perpetrators",
                                 "equality.da_supported"])
def test_each_characteristics_categories_add_up_to_the_total(key, partnership, casework_people, da_people):
    total = value(key, partnership)
    for characteristic in CHARACTERISTICS:
        parts = [value(key, partnership, f"{characteristic.key}:{category}")
                 for category, _label in characteristic.categories]
        assert sum(parts) == total, characteristic.key
    assert len(GROUP_CHOICES) == 1 + sum(len(c.categories) for c in CHARACTERISTICS)


def test_rates_per_1000_residents_need_every_lsoas_population(partnership, casework_people, da_people):
    assert value("equality.casework_victims_per_1000", partnership) is None
    lad = Area.objects.create(code="E07000115", name="Tonbridge and Malling", type="lad")
    Area.objects.create(code="E01024401", name="Tonbridge and Malling 001A", type="lsoa", lad=lad, population=1500,
                        population_year=2022)
    gap = Area.objects.create(code="E01024402", name="Tonbridge and Malling 001B", type="lsoa", lad=lad)
    assert value("equality.casework_victims_per_1000", partnership) is None

    Area.objects.filter(pk=gap.pk).update(population=500, population_year=2022)

    assert value("equality.casework_victims_per_1000", partnership) == Decimal("2")      # 4 of 2,000
    assert value("equality.casework_perpetrators_per_1000", partnership) == Decimal("1")  # 2 of 2,000
    assert value("equality.da_supported_per_1000", partnership) == Decimal("2")


def test_a_calculated_figure_takes_the_definition_with_its_group_in_words(partnership, casework_people, manager):
    figure = figure_actions.create_figure(
        by=manager, partnership=partnership, title="Female victims", unit="", period_start=START, period_end=END,
        kind=Figure.Kind.COMPUTED, measure="equality.casework_victims", measure_params={"group": "sex:female"})

    figure.refresh_from_db()
    assert figure.value == 2 and figure.unit == "count"
    assert "whose sex is recorded as Female, from their equality monitoring answers" in figure.definition
    assert figure.source == "Eunomia: casework records and their equality monitoring answers"
