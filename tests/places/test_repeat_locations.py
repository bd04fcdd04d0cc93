"""Repeat locations: a rule like the repeat victims' (3 reports at one place in 91 days unless
changed), flagged on the CSU briefing among the reports the reader may see and counted as a figure
from every organisation's reports. Tested at both edges of the window and of the figure's period."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.briefing.report import briefing
from eunomia.casework import actions as casework
from eunomia.casework import queries
from eunomia.casework.models import RepeatRule
from eunomia.figures.drilldown import counted, drill
from eunomia.figures.registry import get_measure
from eunomia.partners import actions as partner_actions
from tests.clock import at
from tests.places.helpers import world  # noqa: F401  (the fixture)

DAY = datetime.timedelta(days=1)


def midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def test_the_rule_has_its_defaults_and_is_changed_within_bounds_in_words(world):  # noqa: F811
    w = world
    rule = queries.repeat_rule(w["partnership"])
    assert (rule.place_reports, rule.place_days) == (3, 91)
    rule, _ = casework.set_repeat_rule(by=w["csu"], partnership=w["partnership"], reports=3, days=91,
                                       place_reports=2, place_days=7)
    assert (queries.repeat_rule(w["partnership"]).place_reports, rule.place_days) == (2, 7)
    event = AuditEvent.objects.filter(action="casework.repeat_rule_changed").latest("id")
    assert (event.data["place_reports"], event.data["place_days"]) == (2, 7)
    # The people's rule alone changed: the places' stays.
    rule, _ = casework.set_repeat_rule(by=w["csu"], partnership=w["partnership"], reports=4, days=30)
    assert (rule.reports, rule.place_reports, rule.place_days) == (4, 2, 7)


@pytest.mark.parametrize("place_reports, place_days, field, message", [
    (0, 91, "place_reports", "A repeat location needs between 1 and 50 reports at the place"),
    (51, 91, "place_reports", "A repeat location needs between 1 and 50 reports at the place"),
    ("3", 91, "place_reports", "A repeat location needs between 1 and 50 reports at the place"),
    (3, 0, "place_days", "Count the reports at a place within 1 to 366 days"),
    (3, 367, "place_days", "Count the reports at a place within 1 to 366 days"),
    (3, True, "place_days", "Count the reports at a place within 1 to 366 days"),
])
def test_a_place_rule_that_is_not_one_is_refused(world, place_reports, place_days, field, message):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        casework.set_repeat_rule(by=world["csu"], partnership=world["partnership"], reports=3, days=91,
                                 place_reports=place_reports, place_days=place_days)
    assert refused.value.message_dict == {field: [message]}
    assert not RepeatRule.objects.exists()


def test_the_briefing_flags_a_place_at_the_edges_of_the_window(world):  # noqa: F811
    """Three reports the council sees at 4 Mill Lane: today's, one 30 days before and one at the
    very start of the window's first day (90 days before today) count; a report a second before the
    window does not; nor does housing's, which the council may not see."""
    w = world
    today = timezone.localdate()
    rule = RepeatRule(partnership=w["partnership"])

    def places(reader):
        return [(p["address"], p["n"]) for p in briefing(reader, w["partnership"], on=today, rule=rule,
                                                         days=1).places]

    w["report"](today)
    w["report"](today - 30 * DAY)
    casework.record_report(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                           occurred_at=midnight(today - 90 * DAY) - datetime.timedelta(seconds=1),
                           reported_at=midnight(today - 90 * DAY), category="noise", source="phone",
                           description="Music", address="4 Mill Lane", postcode="TV1 2AB")
    w["report"](today - 10 * DAY, by=w["practitioner"], organisation=w["housing"])
    assert places(w["csu"]) == []  # two of the window's three are the council's
    first_moment = casework.record_report(
        by=w["csu"], partnership=w["partnership"], organisation=w["council"], occurred_at=midnight(today - 90 * DAY),
        reported_at=midnight(today - 90 * DAY), category="noise", source="phone", description="Music",
        address="4 mill lane", postcode="tv1 2ab")
    assert places(w["csu"]) == [("4 Mill Lane", 3)]
    assert places(w["practitioner"]) == []  # no report of the day there is housing's to see
    # The place, not the spelling: the report written in other capitals is at the same place.
    assert first_moment.place.reports.count() == 5


def test_the_briefing_reads_the_places_rule_not_the_peoples(world):  # noqa: F811
    w = world
    today = timezone.localdate()
    w["report"](today)
    w["report"](today - 6 * DAY)
    rule = RepeatRule(partnership=w["partnership"], reports=5, days=2, place_reports=2, place_days=7)
    found = briefing(w["csu"], w["partnership"], on=today, rule=rule, days=1)
    assert [(p["address"], p["postcode"], p["n"]) for p in found.places] == [("4 Mill Lane", "TV1 2AB", 2)]
    rule.place_days = 6  # the earlier report is now a day outside
    assert briefing(w["csu"], w["partnership"], on=today, rule=rule, days=1).places == []


def test_the_briefing_page_links_each_repeat_location_to_its_place(world, fast_client_for):  # noqa: F811
    w = world
    today = timezone.localdate()
    reports = [w["report"](today - n * DAY) for n in (0, 1, 2)]
    html = fast_client_for(w["csu"]).get(f"/p/testvale/casework/briefing/?day={today}&period=day").content.decode()
    assert f'href="/p/testvale/places/{reports[0].place_id}/"' in html
    assert "Repeat locations: the places of these reports with 3 or more reports you may see in the 91 days" in html


# The figure --------------------------------------------------------------------------------------------

def test_the_figure_counts_places_that_met_the_rule_on_a_day_of_the_period(world, other_partnership,
                                                                            system_user):  # noqa: F811
    w = world
    today = timezone.localdate()
    start, end = today - 40 * DAY, today - 20 * DAY

    def at_place(address, *days, **extra):
        for day in days:
            w["report"](day, address=address, postcode="TV1 2AB", **extra)

    at_place("1 Look Back Lane", start - 90 * DAY, start - 50 * DAY)  # with the period's first day: met on it
    at_place("1 Look Back Lane", start, by=w["practitioner"], organisation=w["housing"])  # any organisation's
    at_place("2 Too Early Road", start - 91 * DAY, start - 50 * DAY, start)  # a day too early: two in any window
    at_place("3 Late Street", end + DAY, end + 2 * DAY, end + 3 * DAY)  # met only after the period
    at_place("4 Before Close", start - 10 * DAY, start - 5 * DAY, start - DAY)  # met before, and on the first day
    at_place("5 Same Day Walk", start + 5 * DAY, start + 5 * DAY, start + 5 * DAY)
    at_place("6 Twice Row", start, end)
    far = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Far Council")
    for _ in range(3):  # another partnership's place never counts
        casework.record_report(by=system_user, partnership=other_partnership, organisation=far,
                               occurred_at=at(start + 5 * DAY), reported_at=at(start + 5 * DAY), category="noise",
                               source="phone", description="Music", address="4 Mill Lane", postcode="TV1 2AB")
    measure = get_measure("casework.repeat_locations")
    value = measure.evaluate(partnership=w["partnership"], period_start=start, period_end=end, params={})
    assert value == 3  # 1 Look Back Lane, 4 Before Close, 5 Same Day Walk
    assert measure.counts == "events" and "(3 unless changed)" in measure.definition


def test_the_figure_follows_the_partnerships_rule(world):  # noqa: F811
    w = world
    today = timezone.localdate()
    w["report"](today - 10 * DAY)
    w["report"](today - 4 * DAY)

    def value():
        return get_measure("casework.repeat_locations").evaluate(
            partnership=w["partnership"], period_start=today - 7 * DAY, period_end=today, params={})

    assert value() == 0
    casework.set_repeat_rule(by=w["csu"], partnership=w["partnership"], reports=3, days=91, place_reports=2,
                             place_days=7)
    assert value() == 1  # 6 days apart: within 7
    casework.set_repeat_rule(by=w["csu"], partnership=w["partnership"], reports=3, days=91, place_reports=2,
                             place_days=6)
    assert value() == 0  # the earlier report falls one day outside


def test_the_figure_opens_to_the_places_it_counted(world):  # noqa: F811
    """The drill-down lists the places counted: those where the reader sees a report; a place only
    housing's reports are at is counted, not shown, to the council's officer."""
    w = world
    today = timezone.localdate()
    for n in (1, 2, 3):
        w["report"](today - n * DAY)
        w["report"](today - n * DAY, address="Willow Court", postcode="TV3 7LM", by=w["practitioner"],
                    organisation=w["housing"])
    found = counted("casework.repeat_locations", partnership=w["partnership"], period_start=today - 7 * DAY,
                    period_end=today, params={})
    assert found.value() == get_measure("casework.repeat_locations").evaluate(
        partnership=w["partnership"], period_start=today - 7 * DAY, period_end=today, params={}) == 2
    seen = drill(found, user=w["csu"], partnership=w["partnership"])
    assert [p.address for p in seen.visible] == ["4 Mill Lane"] and seen.held_count == 1
    assert [p.address for p in drill(found, user=w["practitioner"], partnership=w["partnership"]).visible] == [
        "Willow Court"]
