"""The money rules: allocations never exceed the fund, amounts are exact to the penny, and a cost
per output with no outputs is "no outputs", never a division error."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from eunomia.figures.models import Figure
from eunomia.projects import actions, queries
from eunomia.projects.figures import measure_key, project_key
from eunomia.projects.models import Allocation, Fund, ReviewFigure
from tests.projects.objects import fund, in_january_2026, measures, pcc, project  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 5, 1)


def test_allocations_may_use_the_fund_to_the_penny(manager, fund, project):
    actions.allocate(by=manager, fund=fund, project=project, amount="9999.99", made_on=DAY)
    actions.allocate(by=manager, fund=fund, project=project, amount="0.01", made_on=DAY)
    assert actions.allocated_from(fund) == Decimal("10000.00")


def test_an_allocation_beyond_the_fund_is_refused_naming_fund_left_and_asked(manager, fund, project):
    actions.allocate(by=manager, fund=fund, project=project, amount="7500.00", made_on=DAY)
    with pytest.raises(ValidationError) as refused:
        actions.allocate(by=manager, fund=fund, project=project, amount="2500.01", made_on=DAY)
    message = refused.value.message_dict["amount"][0]
    assert "Crime Reduction Grant 2025/26" in message
    assert "£2,500.00 left" in message
    assert "£2,500.01 was asked for Youth diversion sessions" in message
    assert Allocation.objects.count() == 1  # the refused one left nothing behind


def test_pence_are_exact_not_floats(manager, fund, project):
    for _ in range(10):
        actions.allocate(by=manager, fund=fund, project=project, amount="0.10", made_on=DAY)
    # Ten times 0.10 is exactly 1.00: in floats it would be 0.9999999999999999.
    assert actions.allocated_from(fund) == Decimal("1.00")
    with pytest.raises(TypeError):
        actions.allocate(by=manager, fund=fund, project=project, amount=0.1, made_on=DAY)


@pytest.mark.parametrize("amount, words", [("12.345", "to the penny"), ("ten pounds", "pounds and pence"),
                                           ("0", "more than £0.00"), ("-5", "more than £0.00"),
                                           ("NaN", "pounds and pence"), ("1e20", "too large")])
def test_bad_amounts_are_refused_in_plain_words(manager, fund, project, amount, words):
    with pytest.raises(ValidationError) as refused:
        actions.allocate(by=manager, fund=fund, project=project, amount=amount, made_on=DAY)
    assert words in refused.value.message_dict["amount"][0]
    assert not Allocation.objects.exists()


def test_a_fund_cannot_shrink_below_what_it_has_given(manager, fund, project):
    actions.allocate(by=manager, fund=fund, project=project, amount="6000.00", made_on=DAY)
    with pytest.raises(ValidationError) as refused:
        actions.update_fund(by=manager, fund=fund, amount="5999.99")
    assert "£6,000.00" in refused.value.message_dict["amount"][0]
    fund.refresh_from_db()
    assert fund.amount == Decimal("10000.00")
    actions.update_fund(by=manager, fund=fund, amount="6000.00")
    assert Fund.objects.get().amount == Decimal("6000.00")


def test_a_fund_from_another_partnership_is_refused(manager, fund, project, other_partnership, pcc):
    elsewhere = actions.create_fund(by=manager, partnership=other_partnership, funder=pcc, name="Other grant",
                                    start_year=2025, amount="100.00")
    with pytest.raises(ValidationError):
        actions.allocate(by=manager, fund=elsewhere, project=project, amount="1.00", made_on=DAY)


def _accepted_return(manager, practitioner, project, start, spend, sessions, people):
    sessions_measure, people_measure = measures(project)
    record = actions.save_return(by=practitioner, project=project, period_start=start, spend=spend,
                                 values={sessions_measure: sessions, people_measure: people}, submit=True)
    return actions.accept_return(by=manager, record=record)


def test_cost_per_output_with_no_outputs_is_no_outputs(manager, practitioner, project, in_january_2026):
    _accepted_return(manager, practitioner, project, datetime.date(2025, 4, 1), "1500.00", 0, 0)
    value = queries.value_for_year(queries.with_returns(queries.projects_in(project.partnership)).get(), 2025)
    sessions, people = value.measures
    assert sessions.cost_per is None and sessions.cost_per_label == "No outputs"
    assert people.cost_per_label == "No outcomes"
    figure = ReviewFigure.objects.get(key=measure_key(sessions.measure, "cost", 2025)).figure
    assert figure.value is None  # and no division error on the way
    spend = ReviewFigure.objects.get(key=project_key(project, "spend", 2025)).figure
    assert spend.value == Decimal("1500.00")


def test_cost_per_output_is_spend_over_accepted_outputs_to_the_penny(manager, practitioner, project,
                                                                      in_january_2026):
    _accepted_return(manager, practitioner, project, datetime.date(2025, 4, 1), "1000.00", 3, 1)
    _accepted_return(manager, practitioner, project, datetime.date(2025, 7, 1), "1000.00", 0, 0)
    sessions_measure, _ = measures(project)
    figure = Figure.objects.get(review_use__key=measure_key(sessions_measure, "cost", 2025))
    assert figure.value == Decimal("666.67")  # £2,000 over 3 sessions
    assert figure.unit == "money" and figure.kind == "computed" and figure.source and figure.definition


@pytest.mark.django_db(transaction=True)
def test_two_allocations_racing_for_the_last_of_a_fund_never_overspend_it(manager, fund, project):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks are PostgreSQL's; SQLite takes one writer at a time (IMMEDIATE), so it cannot race")
    start, outcomes = threading.Barrier(2), []

    def allocate():
        try:
            start.wait()
            actions.allocate(by=manager, fund=fund, project=project, amount="6000.00", made_on=DAY)
            outcomes.append("allocated")
        except ValidationError as refused:
            outcomes.append(refused.message_dict["amount"][0])
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Crime Reduction Grant 2025/26 has £4,000.00 left to allocate, and £6,000.00 was "
                                "asked for Youth diversion sessions", "allocated"]
    assert actions.allocated_from(fund) == Decimal("6000.00")
