"""The people the ASB Task Group dealt with open to their person records (ADR 69): one row per person,
and for families the people of each family, the value being the number of families. The demo holds
no family, young person or person of unknown age, so they are made here through the apps' actions."""

import datetime

import pytest
from django.utils import timezone

from eunomia.casework import actions as casework
from eunomia.figures import drilldown
from eunomia.figures.registry import get_measure
from eunomia.taskgroup import actions


@pytest.fixture
def dealt_with(partnership, council, housing, make_member):
    csu = make_member("csu_officer", partnership, council)
    today = timezone.localdate()

    def person(first, last, born=None, address="", postcode=""):
        return casework.add_person(by=csu, partnership=partnership, organisation=council, first_name=first,
                                   last_name=last, date_of_birth=born, address=address, postcode=postcode)

    people = {
        "young": person("Jo", "Young", today - datetime.timedelta(days=15 * 365)),
        "adult": person("Lee", "Older", datetime.date(1980, 1, 1)),
        "unknown": person("Sam", "Nobody"),
        # One family: the same address and postcode, written two ways; a child and a parent.
        "child": person("Kit", "Home", today - datetime.timedelta(days=12 * 365), "1 Mill Lane", "TV1 2AB"),
        "parent": person("Pat", "Home", datetime.date(1985, 5, 5), " 1  mill lane", "tv12ab"),
    }
    now = timezone.now()
    report = casework.record_report(by=csu, partnership=partnership, organisation=council, occurred_at=now,
                                    reported_at=now, category="nuisance", source="police", description="Gathering")
    case = casework.open_case(by=csu, partnership=partnership, organisation=council, title="Mill Lane",
                              reports=[report])
    for who in people.values():
        casework.add_party(by=csu, case=case, person=who, role="perpetrator")
    actions.create_meeting(by=csu, partnership=partnership, organisation=council, held_on=today,
                           title="ASB Task Group", attendees=[], cases=[case])
    period = dict(period_start=today - datetime.timedelta(days=30), period_end=today)
    return people, period, csu, make_member("partner_practitioner", partnership, housing), case


@pytest.mark.parametrize("group, value, rows", [("young", 1, {"young"}), ("adult", 1, {"adult"}),
                                                ("unknown", 1, {"unknown"}), ("family", 1, {"child", "parent"})])
def test_each_group_lists_its_people_and_adds_up_to_the_value(dealt_with, partnership, group, value, rows):
    people, period, csu, practitioner, _ = dealt_with
    measure_value = get_measure("taskgroup.people_dealt_with").evaluate(partnership=partnership, **period,
                                                                        params={"group": group})
    counted = drilldown.counted("taskgroup.people_dealt_with", partnership=partnership, **period,
                                params={"group": group})
    assert measure_value == value
    assert counted.value() == measure_value
    assert set(counted.rows) == {people[name] for name in rows}
    everything = drilldown.drill(counted, user=csu, partnership=partnership)
    assert everything.visible.count() == len(rows) and everything.held == []
    # The people are the council's and not shared: a housing practitioner sees none, counted for the council.
    part = drilldown.drill(counted, user=practitioner, partnership=partnership)
    assert part.visible.count() == 0
    assert [(h.organisation, h.count) for h in part.held] == [("Testvale Council", len(rows))]


def test_two_families_count_two_whatever_their_size(dealt_with, partnership, council):
    people, period, csu, _, case = dealt_with
    for first in ("Ash", "Bo", "Cy"):
        casework.add_party(by=csu, case=case, role="perpetrator",
                           person=casework.add_person(by=csu, partnership=partnership, organisation=council,
                                                      first_name=first, last_name="Other", address="9 Elm Road",
                                                      postcode="TV3 4CD"))
    counted = drilldown.counted("taskgroup.people_dealt_with", partnership=partnership, **period,
                                params={"group": "family"})
    assert counted.totals().count == 5
    assert counted.value() == 2 == get_measure("taskgroup.people_dealt_with").evaluate(
        partnership=partnership, **period, params={"group": "family"})
    assert counted.in_words(counted.totals()) == "2 families: 5 people living two or more at one address"
