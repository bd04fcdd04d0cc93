"""Every projects measure against a hand count: only accepted returns count, by the periods that
start in the figure's period, and a record of another partnership is never counted."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from eunomia.figures.registry import MeasureError, get_measure
from eunomia.projects import actions
from tests.projects.objects import fund, measures, pcc, project  # noqa: F401

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
IN_MAY_2026 = datetime.datetime(2026, 5, 12, 12, tzinfo=datetime.timezone.utc)


def value(partnership, key, period=YEAR, **params):
    return get_measure(key).evaluate(partnership=partnership, period_start=period[0], period_end=period[1],
                                     params=params)


@pytest.fixture
def year_of_returns(manager, practitioner, fund, project):
    """Q1 and Q2 accepted, Q3 submitted and waiting, Q4 a draft: only the first two count."""
    sessions, people = measures(project)
    with time_machine.travel(IN_MAY_2026, tick=False):
        actions.allocate(by=manager, fund=fund, project=project, amount="6000.00", made_on=datetime.date(2025, 4, 2))
        actions.add_budget_line(by=manager, project=project, start_year=2025, heading="Staff", amount="5000.00")
        actions.add_budget_line(by=manager, project=project, start_year=2025, heading="Venue", amount="750.50")
        rows = [(datetime.date(2025, 4, 1), "1200.10", 11, 3, "accept"), (datetime.date(2025, 7, 1), "1300.20", 9, 0,
                                                                           "accept"),
                (datetime.date(2025, 10, 1), "999.00", 50, 50, "submit"), (datetime.date(2026, 1, 1), "5.00", 7, 7,
                                                                            "draft")]
        for start, spend, s, p, what in rows:
            record = actions.save_return(by=practitioner, project=project, period_start=start, spend=spend,
                                         values={sessions: s, people: p}, submit=what != "draft")
            if what == "accept":
                actions.accept_return(by=manager, record=record)
    return sessions, people


def test_money_measures_against_a_hand_count(partnership, fund, project, year_of_returns):
    assert value(partnership, "projects.spend", project=project.pk) == Decimal("2500.30")  # 1200.10 + 1300.20
    assert value(partnership, "projects.allocated", project=project.pk) == Decimal("6000.00")
    assert value(partnership, "projects.budget", project=project.pk) == Decimal("5750.50")
    assert value(partnership, "projects.fund_amount", fund=fund.pk) == Decimal("10000.00")
    assert value(partnership, "projects.fund_allocated", fund=fund.pk) == Decimal("6000.00")
    assert value(partnership, "projects.total_spend") == Decimal("2500.30")
    assert value(partnership, "projects.total_funds") == Decimal("10000.00")
    assert value(partnership, "projects.projects_running") == 1


def test_output_measures_against_a_hand_count(partnership, project, year_of_returns):
    sessions, people = year_of_returns
    assert value(partnership, "projects.measure_total", measure=sessions.pk) == 20  # 11 + 9
    assert value(partnership, "projects.measure_total", measure=people.pk) == 3
    assert value(partnership, "projects.cost_per", measure=sessions.pk) == Decimal("125.02")  # 2500.30 / 20
    assert value(partnership, "projects.cost_per", measure=people.pk) == Decimal("833.43")  # 2500.30 / 3


def test_a_period_counts_by_the_day_its_reporting_period_starts(partnership, project, year_of_returns):
    sessions, _ = year_of_returns
    first_quarter = (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    assert value(partnership, "projects.measure_total", first_quarter, measure=sessions.pk) == 11
    # The second quarter starts on 1 July: a period ending 30 June leaves it out, one starting 1 July takes it.
    assert value(partnership, "projects.spend", (datetime.date(2025, 7, 1), datetime.date(2025, 7, 1)),
                 project=project.pk) == Decimal("1300.20")
    assert value(partnership, "projects.spend", (datetime.date(2025, 4, 2), datetime.date(2025, 6, 30)),
                 project=project.pk) == Decimal("0.00")
    # A year that does not start in the period has no fund money in it.
    assert value(partnership, "projects.total_funds", (datetime.date(2025, 4, 2), datetime.date(2026, 3, 31))) == 0


def test_another_partnerships_project_is_not_a_choice(other_partnership, project, year_of_returns):
    with pytest.raises(MeasureError):
        value(other_partnership, "projects.spend", project=project.pk)
