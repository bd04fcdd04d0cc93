"""A case review's deadlines in working days (ADR 63), counted by hand here: the decision within 10
working days of receipt, the meeting within 20 of the decision, the outcome within 10 of the meeting
(the defaults), each due on its day and overdue from the next, across Christmas and Boxing Day and their
substitute days, Easter and the year's end; and shown so on the staff's list, the application's page and
the dashboard."""

import datetime
import zoneinfo
from types import SimpleNamespace

import pytest
import time_machine

from eunomia.casereview import actions
from eunomia.casereview.deadlines import DECISION, OUTCOME, REVIEW, deadlines, next_deadline
from eunomia.casereview.models import ProcedureSettings
from tests.casereview.helpers import apply_online

D = datetime.date
LONDON = zoneinfo.ZoneInfo("Europe/London")


def application(received_on, *, decided_on=None, threshold_met=None, meeting_on=None, outcome_sent_on=None,
                closed_on=None):
    return SimpleNamespace(received_on=received_on, decided_on=decided_on, threshold_met=threshold_met,
                           meeting_on=meeting_on, outcome_sent_on=outcome_sent_on, closed_on=closed_on)


DEFAULTS = ProcedureSettings()


def due(kind, app, today=None, procedure=DEFAULTS):
    found = {d.key: d for d in deadlines(app, procedure, today=today or app.received_on)}
    return found[kind]


@pytest.mark.parametrize("received_on, due_on, why", [
    # Wednesday 23 December 2026: 24, 29, 30, 31 December and 4 to 8 January are nine; Christmas Day (Friday),
    # Boxing Day's substitute (Monday 28th) and New Year's Day (Friday) do not count.
    (D(2026, 12, 23), D(2027, 1, 11), ["Christmas Day", "Boxing Day (observed)", "New Year's Day"]),
    # Thursday 25 March 2027: Good Friday (26th) and Easter Monday (29th) do not count.
    (D(2027, 3, 25), D(2027, 4, 12), ["Good Friday", "Easter Monday"]),
    # An application received on a Saturday counts from the Monday after.
    (D(2027, 3, 27), D(2027, 4, 12), ["Easter Monday"]),
    # No holiday in the way: two plain weeks.
    (D(2027, 6, 2), D(2027, 6, 16), []),
])
def test_the_decision_is_due_ten_working_days_after_receipt(received_on, due_on, why):
    decision = due(DECISION, application(received_on))
    assert decision.due_on == due_on
    assert [name for _day, name in decision.holidays] == why


def test_the_review_is_due_twenty_working_days_after_a_decision_that_the_threshold_is_met():
    # Friday 11 December 2026: 14-18 (5), 21-24 (9), 29-31 (12), 4-8 January (17), 11-13 (20).
    decided = application(D(2026, 12, 1), decided_on=D(2026, 12, 11), threshold_met=True)
    assert due(REVIEW, decided).due_on == D(2027, 1, 13)
    # Not met: no review is owed.
    not_met = application(D(2026, 12, 1), decided_on=D(2026, 12, 11), threshold_met=False)
    assert [d.key for d in deadlines(not_met, DEFAULTS, today=D(2027, 6, 1))] == [DECISION]


def test_the_outcome_is_due_ten_working_days_after_the_meeting_over_the_2027_substitute_days():
    # Thursday 23 December 2027: 24th (1); Christmas and Boxing Day fall at the weekend, so Monday 27th
    # and Tuesday 28th are their substitutes; 29-31 (4); New Year's Day is a Saturday, so Monday
    # 3 January 2028 is its substitute; 4-7 (8), 10, 11 (10).
    met = application(D(2027, 11, 1), decided_on=D(2027, 11, 10), threshold_met=True, meeting_on=D(2027, 12, 23))
    outcome = due(OUTCOME, met)
    assert outcome.due_on == D(2028, 1, 11)
    assert [name for _day, name in outcome.holidays] == [
        "Christmas Day (observed)", "Boxing Day (observed)", "New Year's Day (observed)"]


def test_each_deadline_is_due_on_its_day_and_overdue_from_the_next():
    app = application(D(2026, 12, 23))
    assert not due(DECISION, app, today=D(2027, 1, 11)).overdue
    assert due(DECISION, app, today=D(2027, 1, 12)).overdue
    # Done on the last day: on time; done the day after: late, and no longer owed.
    on_time = application(D(2026, 12, 23), decided_on=D(2027, 1, 11), threshold_met=False)
    late = application(D(2026, 12, 23), decided_on=D(2027, 1, 12), threshold_met=False)
    assert not due(DECISION, on_time, today=D(2027, 2, 1)).late
    assert due(DECISION, late, today=D(2027, 2, 1)).late and not due(DECISION, late, today=D(2027, 2, 1)).overdue
    # The review, at both edges.
    met = application(D(2026, 12, 1), decided_on=D(2026, 12, 11), threshold_met=True)
    assert not due(REVIEW, met, today=D(2027, 1, 13)).overdue
    assert due(REVIEW, met, today=D(2027, 1, 14)).overdue
    # The outcome, at both edges.
    held = application(D(2027, 11, 1), decided_on=D(2027, 11, 10), threshold_met=True, meeting_on=D(2027, 12, 23))
    assert not due(OUTCOME, held, today=D(2028, 1, 11)).overdue
    assert due(OUTCOME, held, today=D(2028, 1, 12)).overdue


def test_a_closed_application_owes_nothing():
    closed = application(D(2026, 12, 23), decided_on=D(2027, 1, 5), threshold_met=True, closed_on=D(2027, 1, 6))
    assert next_deadline(closed, DEFAULTS, today=D(2027, 6, 1)) is None


def test_the_partnerships_own_numbers_are_used():
    procedure = ProcedureSettings(decision_days=5, review_days=15, outcome_days=7)
    # Wednesday 23 December 2026 + 5: 24, 29, 30, 31 December, 4 January.
    assert due(DECISION, application(D(2026, 12, 23)), procedure=procedure).due_on == D(2027, 1, 4)


def test_scotland_has_its_own_bank_holidays(settings):
    # 2 January is a bank holiday in Scotland: Saturday 2 January 2027 gives Monday 4 January there.
    settings.BANK_HOLIDAY_REGION = "SCT"
    assert due(DECISION, application(D(2026, 12, 23))).due_on == D(2027, 1, 12)


def at_noon(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=LONDON)


@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


def test_overdue_on_the_list_the_page_and_the_dashboard(partnership, council, csu, manager, client_for):
    with time_machine.travel(at_noon(D(2026, 12, 23)), tick=False):
        received = apply_online(partnership)
        decided = apply_online(partnership, email="other@example.org")
        actions.record_decision(by=csu, application=decided, threshold_met=False, decided_on=D(2026, 12, 23))
    with time_machine.travel(at_noon(D(2027, 1, 11)), tick=False):
        client = client_for(csu)
        listing = client.get("/p/testvale/case-reviews/").content.decode()
        assert "Decision on the threshold: due on 11 Jan 2027" in listing and "Overdue" not in listing
        assert "Nothing due" in listing
        overdue_only = client.get("/p/testvale/case-reviews/?overdue=1").content.decode()
        assert f"Application {received.pk}<" not in overdue_only
        assert "ASB case review deadlines overdue" not in client_for(manager).get("/p/testvale/").content.decode()
    with time_machine.travel(at_noon(D(2027, 1, 12)), tick=False):
        client = client_for(csu)
        listing = client.get("/p/testvale/case-reviews/").content.decode()
        assert "Decision on the threshold: due on 11 Jan 2027" in listing and "Overdue" in listing
        overdue_only = client.get("/p/testvale/case-reviews/?overdue=1").content.decode()
        assert f"Application {received.pk}<" in overdue_only and f"Application {decided.pk}<" not in overdue_only
        page = client.get(f"/p/testvale/case-reviews/{received.pk}/").content.decode()
        assert "11 January 2027 (10 working days after 23 December 2026; not counting Christmas Day, Boxing Day " \
               "(observed), New Year&#x27;s Day)" in page
        assert "Overdue" in page
        dashboard = client_for(manager).get("/p/testvale/").content.decode()
        assert "ASB case review deadlines overdue" in dashboard and "1 application" in dashboard
        # The CSP manager is a member of the council, which holds both; a member of another organisation
        # is told of none (they cannot see them).
