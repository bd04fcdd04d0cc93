"""Every operations figure against a count made by hand: records on the day before the period, its
first day, inside it, its last day and the day after, and another partnership's records, which count
for nothing here."""

import datetime
from decimal import Decimal

import pytest

from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure
from eunomia.figures.registry import all_measures, get_measure
from eunomia.operations import actions
from eunomia.partners.models import Organisation

START, END = datetime.date(2026, 4, 1), datetime.date(2026, 5, 31)
DAY = datetime.timedelta(days=1)
MID = datetime.date(2026, 5, 1)
BEFORE, AFTER = START - DAY, END + DAY

KEYS = {
    "operations.test_purchases", "operations.premises_visited", "operations.premises_visits",
    "operations.training_sessions", "operations.training_attendees", "operations.payback_projects_nominated",
    "operations.payback_projects_completed", "operations.payback_hours", "operations.scheme_members_at_end",
    "operations.exclusions_started", "operations.exclusions_active_at_end", "operations.enforcement_operations",
    "operations.events_held", "operations.people_reached", "operations.leaflets", "operations.online_views",
}


def value(key, partnership, **params):
    return get_measure(key).evaluate(partnership=partnership, period_start=START, period_end=END, params=params)


@pytest.fixture
def elsewhere(outsider, other_partnership):
    """Records in the other partnership on the period's middle day, made by its own manager."""
    org = Organisation.objects.get(name="Elsewhere Council")
    owned = {"by": outsider, "partnership": other_partnership, "owner_organisation": org}
    shop = actions.add_premises(**owned, name="Their Shop", kind="shop", address="x", postcode="TV9 9ZZ")
    actions.record_test_purchase(**owned, premises=shop, made_on=MID, product="alcohol", result="fail")
    actions.record_visit(**owned, premises=shop, visited_on=MID, purpose="routine", findings="x")
    actions.record_training(**owned, topic="x", held_on=MID, attendance={org: 50})
    actions.record_event(**owned, name="Theirs", held_on=MID, audience="x", place="x", people_attended=500)
    scheme = actions.set_up_scheme(**owned, name="Theirs", started_on=BEFORE)
    actions.add_scheme_member(by=outsider, scheme=scheme, premises=shop, joined_on=BEFORE)
    actions.add_exclusion(by=outsider, scheme=scheme, reference="T-1", starts_on=MID, ends_on=AFTER)
    actions.record_enforcement_operation(**owned, name="Theirs", starts_on=MID)
    actions.record_payback_project(**owned, nominated_by=org, site="x", nominated_on=MID, completed_on=MID, hours="9")


def test_every_measure_has_a_definition_and_a_source():
    registered = {m.key: m for m in all_measures() if m.key.startswith("operations.")}
    assert set(registered) == KEYS
    for measure in registered.values():
        assert measure.definition.strip() and measure.source.startswith("Eunomia: ")


def test_test_purchases_and_visits_match_a_hand_count(csu, partnership, council, shop, pub, elsewhere):
    owned = {"by": csu, "partnership": partnership, "owner_organisation": council}
    for day, result in [(BEFORE, "fail"), (START, "fail"), (MID, "pass"), (END, "fail"), (AFTER, "fail")]:
        actions.record_test_purchase(**owned, premises=shop, made_on=day, product="vapes", result=result)
    for day, premises in [(BEFORE, pub), (START, shop), (MID, pub), (END, shop), (AFTER, pub)]:
        actions.record_visit(**owned, premises=premises, visited_on=day, purpose="routine", findings="x")

    assert value("operations.test_purchases", partnership, result="fail") == 2   # START, END
    assert value("operations.test_purchases", partnership, result="pass") == 1   # MID
    assert value("operations.premises_visits", partnership) == 3                 # START, MID, END
    assert value("operations.premises_visited", partnership) == 2                # the shop twice, the pub once


def test_training_and_payback_match_a_hand_count(csu, partnership, council, housing, elsewhere):
    owned = {"by": csu, "partnership": partnership, "owner_organisation": council}
    for day, attendance in [(BEFORE, {council: 7}), (START, {council: 4, housing: 2}), (END, {council: 3}),
                            (AFTER, {housing: 10})]:
        actions.record_training(**owned, topic="Challenge 25", held_on=day, attendance=attendance)
    for nominated, completed, hours in [(BEFORE, START, "20"), (MID, AFTER, "40"), (MID, END, "10.5"),
                                        (MID, None, "5"), (BEFORE, BEFORE, "8")]:
        actions.record_payback_project(**owned, nominated_by=housing, site="Lane", nominated_on=nominated,
                                       completed_on=completed, hours=hours)

    assert value("operations.training_sessions", partnership) == 2                      # START, END
    assert value("operations.training_attendees", partnership) == 4 + 2 + 3
    assert value("operations.payback_projects_nominated", partnership) == 3             # the three of MID
    assert value("operations.payback_projects_completed", partnership) == 2             # on START and END
    assert value("operations.payback_hours", partnership) == Decimal("30.5")           # 20 + 10.5


def test_scheme_members_and_exclusions_match_a_hand_count(csu, partnership, council, elsewhere):
    owned = {"by": csu, "partnership": partnership, "owner_organisation": council}
    places = {key: actions.add_premises(**owned, name=key, kind="shop", address="x", postcode="TV1 1AB")
              for key in "ABCDE"}
    towns = actions.set_up_scheme(**owned, name="Safer Towns", started_on=BEFORE - 30 * DAY)
    pubwatch = actions.set_up_scheme(**owned, name="Pubwatch", started_on=BEFORE - 30 * DAY)

    def member(scheme, key, joined, left=None):
        made = actions.add_scheme_member(by=csu, scheme=scheme, premises=places[key], joined_on=joined)
        if left:
            actions.record_leaving(by=csu, member=made, left_on=left)

    member(towns, "A", BEFORE)                # a member on the last day
    member(towns, "B", MID, END)              # left on the last day: still a member that day
    member(towns, "C", START, END - DAY)      # left the day before
    member(towns, "D", AFTER)                 # joined the day after
    member(towns, "E", END)                   # joined on the last day
    member(pubwatch, "A", START)              # in two schemes: counts twice
    for reference, first, last in [("ST-1", BEFORE, END), ("ST-2", START, END - DAY), ("ST-3", END, END + 100 * DAY),
                                   ("ST-4", AFTER, AFTER + 10 * DAY), ("ST-5", MID, MID)]:
        actions.add_exclusion(by=csu, scheme=towns, reference=reference, starts_on=first, ends_on=last)

    assert value("operations.scheme_members_at_end", partnership) == 4             # towns A, B, E; pubwatch A
    assert value("operations.exclusions_started", partnership) == 3                # ST-2, ST-3, ST-5
    assert value("operations.exclusions_active_at_end", partnership) == 2          # ST-1 (its last day), ST-3


def test_enforcement_and_events_match_a_hand_count(csu, partnership, council, elsewhere):
    owned = {"by": csu, "partnership": partnership, "owner_organisation": council}
    for day in (BEFORE, START, END, AFTER):
        actions.record_enforcement_operation(**owned, name=f"Operation {day}", starts_on=day, ends_on=AFTER)
    for day, people, leaflets, views in [(BEFORE, 100, 100, 100), (START, 10, 20, 0), (MID, 5, 0, 300),
                                         (END, 0, 7, 1), (AFTER, 1000, 1000, 1000)]:
        actions.record_event(**owned, name="Stall", held_on=day, audience="Shoppers", place="Market",
                             people_attended=people, leaflets=leaflets, online_views=views)

    assert value("operations.enforcement_operations", partnership) == 2            # START, END
    assert value("operations.events_held", partnership) == 3
    assert value("operations.people_reached", partnership) == 10 + 5 + 0
    assert value("operations.leaflets", partnership) == 20 + 0 + 7
    assert value("operations.online_views", partnership) == 0 + 300 + 1


def test_a_calculated_figure_of_failed_test_purchases_is_the_hand_count(csu, analyst, partnership, council, shop):
    for day, result in [(START, "fail"), (MID, "fail"), (MID, "pass"), (AFTER, "fail")]:
        actions.record_test_purchase(by=csu, partnership=partnership, owner_organisation=council, premises=shop,
                                     made_on=day, product="alcohol", result=result)
    figure = figure_actions.create_figure(
        by=analyst, partnership=partnership, title="Test purchases failed", unit="", period_start=START,
        period_end=END, kind=Figure.Kind.COMPUTED, measure="operations.test_purchases",
        measure_params={"result": "fail"})
    figure.refresh_from_db()
    assert figure.value == 2
    assert "that failed (the product was sold)" in figure.definition
    assert figure.source.startswith("Eunomia: the operations log")
