"""Rules with windows hold at the moments partnerships also work through (issue 10, ADR 35): just
after midnight in summer time, when London's date is not UTC's; the days the clocks change; the
end of a year; 29 February. Each rule is tested on both sides of its edge, at such a moment.

Every test fixes its own "now" with time-machine, so it means the same whatever EUNOMIA_TEST_NOW
or the hour of the run."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.casereview.forms import ReportChoice
from eunomia.casework import actions as casework
from eunomia.casework import queries as casework_queries
from eunomia.casework import retention
from eunomia.casework.models import Case, Person, RepeatRule, Report
from eunomia.core import periods
from eunomia.domesticabuse import actions as da
from eunomia.domesticabuse import dash
from eunomia.domesticabuse import queries as da_queries
from eunomia.tasking import actions as tasking

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


# Repeat victims: the rule's window is whole London days -------------------------------------------

@pytest.mark.parametrize("occurred, counted", [
    (london(2027, 8, 2, 0, 30), True),    # the window's first day, 23:30 UTC the day before
    (london(2027, 8, 1, 23, 30), False),  # the last half hour before it
])
def test_the_repeat_window_starts_at_london_midnight_in_summer_time(time_machine, csu, partnership, council,
                                                                     occurred, counted):
    time_machine.move_to(london(2027, 10, 31, 0, 30))  # clocks go back tonight; UTC's date is the 30th
    on = timezone.localdate()
    assert on == datetime.date(2027, 10, 31)
    person = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Edge",
                                 last_name="Case")
    for moment in (occurred, london(2027, 9, 1, 12), london(2027, 10, 31, 0, 10)):
        casework.record_report(by=csu, partnership=partnership, organisation=council, occurred_at=moment,
                               reported_at=moment, category="personal", source="phone", description="Shouted at",
                               people=[(person, "victim")])
    rule = RepeatRule(reports=3, days=91)  # 91 days to 31 October: from 2 August
    found = casework_queries.repeat_victims(Person.objects.filter(pk=person.pk), on=on, rule=rule)
    assert (person.pk in found) is counted


def test_a_week_over_the_clocks_going_forward_is_seven_london_days():
    start, end = casework_queries.days_to(datetime.date(2027, 3, 28), RepeatRule(days=7))
    assert (start, end) == (london(2027, 3, 22), london(2027, 3, 29))
    assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == datetime.timedelta(days=7, hours=-1)


@pytest.mark.parametrize("occurred, listed", [(london(2027, 10, 25, 0, 30), True), (london(2027, 10, 24, 23, 30), False)])
def test_the_weeks_briefing_begins_at_midnight_of_its_first_day(time_machine, csu, partnership, council, client_for,
                                                                occurred, listed):
    time_machine.move_to(london(2027, 10, 31, 0, 30))
    person = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Wendy",
                                 last_name="Weekend", flags=["older"])
    casework.record_report(by=csu, partnership=partnership, organisation=council, occurred_at=occurred,
                           reported_at=occurred, category="personal", source="phone", description="Stones thrown",
                           people=[(person, "victim")])
    page = client_for(csu).get("/p/testvale/casework/briefing/?day=2027-10-31&period=week").content.decode()
    assert ("Wendy Weekend" in page) is listed


# Domestic abuse: escalation and repeat MARAC, counted in calendar months ---------------------------

@pytest.mark.parametrize("latest, reached", [(datetime.date(2029, 2, 28), True), (datetime.date(2029, 3, 1), False)])
def test_escalation_in_12_months_from_29_february(latest, reached):
    incidents = [datetime.date(2028, 2, 29), datetime.date(2028, 9, 1), latest]
    assert dash.escalation_reached(incidents, incidents=3, months=12) is reached


@pytest.mark.parametrize("on, repeat", [(datetime.date(2029, 2, 28), True), (datetime.date(2029, 3, 1), False)])
def test_a_repeat_marac_referral_is_within_12_months_of_one_sent_on_29_february(time_machine, make_member,
                                                                               partnership, council, on, repeat):
    time_machine.move_to(london(2029, 3, 1, 0, 30))
    idva = make_member("da_specialist", partnership, council)
    victim = da.save_person(by=idva, partnership=partnership, first_name="Dana", last_name="Quillfeather",
                            date_of_birth=datetime.date(1990, 3, 1), sex="female", address="1 Mill Lane")
    abuser = da.save_person(by=idva, partnership=partnership, first_name="Rex", last_name="Ironmonger",
                            date_of_birth=datetime.date(1988, 1, 1), sex="male")
    answers = {str(n): "yes" if n <= 14 else "no" for n in range(1, len(dash.QUESTIONS) + 1)}
    checklist = da.complete_checklist(by=idva, victim=victim, perpetrator=abuser, answers=answers,
                                      marac_area=da.default_marac_area(partnership),
                                      assessed_on=datetime.date(2028, 2, 29))
    da.send_referral(by=idva, referral=da.make_referral(by=idva, checklist=checklist), on=datetime.date(2028, 2, 29))
    assert da_queries.is_repeat(victim, abuser, on) is repeat


# Dates of birth: compared with the London day a thing happened, and 120 years from 29 February -------

@pytest.mark.parametrize("born, accepted", [
    (datetime.date(2027, 10, 31), True),   # born the London day it happened (UTC's date is the 30th)
    (datetime.date(2027, 11, 1), False),   # born the day after
])
def test_a_person_named_in_a_report_from_just_after_midnight_was_born_that_london_day(
        time_machine, csu, partnership, council, born, accepted):
    time_machine.move_to(london(2027, 10, 31, 0, 30))
    moment = london(2027, 10, 31, 0, 10)
    report = casework.record_report(by=csu, partnership=partnership, organisation=council, occurred_at=moment,
                                    reported_at=moment, category="personal", source="phone",
                                    description="A newborn's window broken", people=[])
    person = Person.objects.create(partnership=partnership, owner_organisation=council, first_name="New",
                                   last_name="Born", date_of_birth=born, created_by=csu)
    report.refresh_from_db()  # read back, as the page that links people does: the moment in UTC
    if accepted:
        casework.link_person(by=csu, report=report, person=person, role="victim")
    else:
        with pytest.raises(ValidationError, match="born after this happened"):
            casework.link_person(by=csu, report=report, person=person, role="victim")


@pytest.mark.parametrize("born, accepted", [(datetime.date(1900, 2, 28), True), (datetime.date(1900, 2, 27), False)])
def test_a_date_of_birth_120_years_before_29_february_is_the_28th(born, accepted):
    def check():
        casework.check_person(date_of_birth=born, first_name="Old", last_name="Age",
                              today=datetime.date(2020, 2, 29))  # 1900 had no 29 February
    if accepted:
        check()
    else:
        with pytest.raises(ValidationError, match="more than 120 years ago"):
            check()


def test_a_report_offered_to_a_case_review_shows_the_london_day_it_happened(time_machine, csu, partnership,
                                                                           council):
    time_machine.move_to(london(2027, 10, 31, 0, 30))
    moment = london(2027, 10, 31, 0, 10)
    report = casework.record_report(by=csu, partnership=partnership, organisation=council, occurred_at=moment,
                                    reported_at=moment, category="personal", source="phone",
                                    description="Shouted at", people=[])
    report.refresh_from_db()
    label = ReportChoice(queryset=Report.objects.none()).label_from_instance(report)
    assert "happened 31 Oct 2027, reported 31 Oct 2027" in label


# Retention: six years, from 29 February ---------------------------------------------------------------

@pytest.mark.parametrize("today, closed_on, due", [
    (datetime.date(2028, 2, 29), datetime.date(2022, 2, 27), True),
    (datetime.date(2028, 2, 29), datetime.date(2022, 2, 28), False),  # six years before 29 Feb is 28 Feb
    (datetime.date(2028, 3, 1), datetime.date(2022, 2, 28), True),
])
def test_a_case_is_kept_six_years_from_29_february(csu, partnership, council, today, closed_on, due):
    case = casework.open_case(by=csu, partnership=partnership, organisation=council, title="Old noise",
                              opened_on=datetime.date(2021, 5, 1))
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, closed_on=closed_on, outcome="improved")
    assert (case in retention.due(partnership, today=today).cases) is due


# Overdue: due today is not overdue, just after midnight in summer time ---------------------------

def test_a_task_due_today_is_not_overdue_at_half_past_midnight_in_summer_time(time_machine, csu, partnership,
                                                                             council, client_for):
    time_machine.move_to(london(2027, 10, 31, 0, 30))
    meeting = tasking.record_meeting(by=csu, partnership=partnership, held_on=datetime.date(2027, 10, 1),
                                     chair_organisation=council, attendees=[])
    for due in (datetime.date(2027, 10, 30), datetime.date(2027, 10, 31)):
        tasking.set_task(by=csu, meeting=meeting, organisation=council, description=f"Due {due}", due_on=due)
    page = client_for(csu).get("/p/testvale/tasking/").content.decode()
    assert "Open tasks: 2, 1 overdue" in page
    assert page.count("govuk-tag--red\">Overdue") == 1


# Plan years: the year turns at London midnight on 1 April ---------------------------------------

@pytest.mark.parametrize("now, current", [(london(2027, 4, 1, 0, 30), 2027), (london(2027, 3, 31, 23, 59), 2026)])
def test_the_plan_year_turns_at_london_midnight_on_1_april(time_machine, partnership, now, current):
    time_machine.move_to(now)
    assert periods.year_containing(timezone.localdate(), partnership.year_start_month) == current
    assert periods.year_choices(partnership)[0][0] == current + periods.YEARS_AHEAD
    assert periods.plan_period(current, 4) == (datetime.date(current, 4, 1), datetime.date(current + 1, 3, 31))


def test_a_plan_year_from_a_29_february_start_month_is_whole():
    assert periods.plan_period(2027, 3) == (datetime.date(2027, 3, 1), datetime.date(2028, 2, 29))
    assert periods.plan_period(2028, 3) == (datetime.date(2028, 3, 1), datetime.date(2029, 2, 28))
