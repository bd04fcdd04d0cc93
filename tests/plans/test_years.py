"""Any year (issue 11): plan years and figure periods from 2000/01 to five years ahead of the current
plan year, through the pages, the API and the actions alike; the latest moves on at London midnight
on the first day of the partnership's year."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from eunomia.core import periods
from eunomia.figures.models import Figure
from eunomia.plans import actions
from eunomia.plans.models import PlanYear

LONDON = zoneinfo.ZoneInfo("Europe/London")
API = "/api/v1/partnerships"


@pytest.fixture(autouse=True)
def december_2026(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 5, 10, tzinfo=LONDON))


def test_the_years_run_from_2000_01_to_five_years_ahead(partnership):
    choices = periods.year_choices(partnership)
    assert choices[0] == (2031, "2031/32 (1 April 2031 to 31 March 2032)")
    assert choices[-1] == (2000, "2000/01 (1 April 2000 to 31 March 2001)")
    assert len(choices) == 32


@pytest.mark.parametrize("moment, latest", [
    (datetime.datetime(2027, 3, 31, 23, 59, tzinfo=LONDON), 2031),
    (datetime.datetime(2027, 4, 1, 0, 30, tzinfo=LONDON), 2032),  # 23:30 UTC on 31 March
])
def test_the_latest_year_moves_on_when_the_plan_year_turns(time_machine, partnership, moment, latest):
    time_machine.move_to(moment)
    assert periods.plan_years(partnership)[0] == latest
    assert periods.check_plan_year(partnership, latest) is None
    assert periods.check_plan_year(partnership, latest + 1) is not None


def test_a_2014_15_plan_is_started_through_the_page(manager, client_for):
    response = client_for(manager).post("/p/testvale/plans/new/", {"start_year": "2014", "title": ""})
    assert response.status_code == 302
    plan = PlanYear.objects.get(start_year=2014)
    assert plan.title == "Partnership Plan 2014 - 2015"
    assert (plan.period_start, plan.period_end) == (datetime.date(2014, 4, 1), datetime.date(2015, 3, 31))


@pytest.mark.parametrize("year", ["1999", "2032"])
def test_a_year_outside_the_range_is_refused_in_words_on_the_page(manager, client_for, year):
    page = client_for(manager).post("/p/testvale/plans/new/", {"start_year": year}).content.decode()
    assert "Choose a year from 2000/01 to 2031/32 (at most 5 years ahead)" in page
    assert not PlanYear.objects.exists()


@pytest.mark.parametrize("year, accepted", [(2000, True), (1999, False), (2031, True), (2032, False)])
def test_the_action_holds_the_same_range(manager, partnership, year, accepted):
    if accepted:
        assert actions.create_plan(by=manager, partnership=partnership, start_year=year).start_year == year
    else:
        with pytest.raises(ValidationError, match="Choose a year from 2000/01 to 2031/32"):
            actions.create_plan(by=manager, partnership=partnership, start_year=year)


def test_the_api_refuses_a_plan_more_than_five_years_ahead(fast_client_for, manager):
    api = fast_client_for(manager)
    response = api.post(f"{API}/testvale/plans/", {"start_year": 2032}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"start_year": ["Choose a year from 2000/01 to 2031/32 (at most 5 years ahead)"]}
    assert api.post(f"{API}/testvale/plans/", {"start_year": 2001},
                    content_type="application/json").status_code == 201


def test_a_figure_for_2009_10_is_added_through_the_page_and_2032_is_refused_by_the_api(
        manager, council, client_for, fast_client_for):
    response = client_for(manager).post("/p/testvale/figures/new/", {
        "title": "Anti-social behaviour incidents", "name": "asb-2009-10", "unit": "count", "counts": "events",
        "year": "2009",
        "definition": "Incidents recorded by the police", "source": "Police records",
        "owner_organisation": council.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    figure = Figure.objects.get(name="asb-2009-10")
    assert (figure.period_start, figure.period_end) == (datetime.date(2009, 4, 1), datetime.date(2010, 3, 31))
    refused = fast_client_for(manager).post(f"{API}/testvale/figures/", {
        "title": "Too far ahead", "unit": "count", "start_year": 2032, "definition": "Counted", "source": "Us"},
        content_type="application/json")
    assert refused.status_code == 400
    assert "start_year" in refused.json()
    assert not Figure.objects.filter(title="Too far ahead").exists()
