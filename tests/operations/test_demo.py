"""The demo's operations log, built for a small stand-in of the demo (its users and organisations by
the demo's keys): records in last financial year and this one, none after today, even on the first
day of the year, and the figures count them."""

import datetime
import zoneinfo

import pytest

from eunomia.core.periods import year_containing
from eunomia.demo.build import Demo
from eunomia.demo.operations import build_operations_demo
from eunomia.figures.registry import get_measure
from eunomia.operations import models as ops
from eunomia.partners import actions as partner_actions
from eunomia.plans import actions as plan_actions

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def demo(partnership, council, housing, make_member, system_user):
    def member(name):
        return partner_actions.add_organisation(by=system_user, partnership=partnership, name=name,
                                                joined_on=datetime.date(2010, 1, 1))

    orgs = {"council": council, "harrowdale_homes": housing, "police": member("Testvale Police"),
            "fire": member("Testvale Fire"), "youth": member("Testvale Youth Service"),
            "watch": member("Testvale Neighbourhood Watch")}
    users = {"manager": make_member("csp_manager", partnership, council),
             "csu": make_member("csu_officer", partnership, orgs["police"]),
             "housing": make_member("partner_practitioner", partnership, housing)}
    return Demo(current=0, users=users, orgs=orgs)


@pytest.mark.parametrize("moment", [datetime.datetime(2026, 4, 1, 0, 30, tzinfo=LONDON),
                                    datetime.datetime(2026, 6, 15, 12, tzinfo=LONDON)])
def test_the_demo_records_two_years_of_operations_and_nothing_after_today(time_machine, demo, partnership, moment):
    time_machine.move_to(moment)
    today = moment.date()
    demo.current = year_containing(today, 4)
    plan = plan_actions.create_plan(by=demo.manager, partnership=partnership, start_year=demo.current)
    plan_actions.add_item(by=demo.manager, plan=plan, kind="priority", title="Anti-social behaviour, and more")

    build_operations_demo(demo, partnership)

    purchases = ops.TestPurchase.objects.filter(partnership=partnership)
    assert purchases.count() == 9 and purchases.filter(result="fail").count() == 3
    assert max(p.made_on for p in purchases) <= today
    for model, field in [(ops.PremisesVisit, "visited_on"), (ops.TrainingSession, "held_on"),
                         (ops.PaybackProject, "nominated_on"), (ops.EnforcementOperation, "starts_on"),
                         (ops.Event, "held_on")]:
        assert model.objects.filter(**{f"{field}__gt": today}).count() == 0, model
    assert ops.Scheme.objects.get().members.count() == 6
    assert ops.SchemeExclusion.objects.count() == 4
    knives = ops.Campaign.objects.get(name="Knife crime awareness")
    assert knives.priority.title.startswith("Anti-social behaviour") and knives.events.count() == 2
    assert ops.Campaign.objects.get(name__startswith="Lock it").events.count() == 3

    last_year = (datetime.date(demo.current - 1, 4, 1), datetime.date(demo.current, 3, 31))

    def value(key, **params):
        return get_measure(key).evaluate(partnership=partnership, period_start=last_year[0],
                                         period_end=last_year[1], params=params)

    assert value("operations.test_purchases", result="fail") == 2
    assert value("operations.payback_hours") == 84
    assert value("operations.events_held") == 4
    assert value("operations.scheme_members_at_end") == 4   # five joined, the Cellar Bar left
