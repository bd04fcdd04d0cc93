"""The case review threshold at its edges: the boundary dates of the window and of the time
allowed to complain, and each local threshold on its own."""

import datetime
from types import SimpleNamespace

import pytest

from eunomia.casereview.models import ThresholdSettings
from eunomia.casereview.threshold import assess
from tests.clock import at

RECEIVED = datetime.date(2026, 11, 20)
WINDOW_START = datetime.date(2026, 5, 20)  # six months before, which still counts




def report(reference, *, reported, late_days=0, category="noise", complainants=()):
    return SimpleNamespace(reference=reference, reported_at=at(reported),
                           occurred_at=at(reported - datetime.timedelta(days=late_days), 9),
                           category=category, complainant_ids=set(complainants))


def settings(**changes):
    return ThresholdSettings(**changes)


def on_boundaries():
    return [report("ASB-1", reported=WINDOW_START, late_days=31),
            report("ASB-2", reported=datetime.date(2026, 8, 1)),
            report("ASB-3", reported=RECEIVED, late_days=31)]


def test_three_complaints_on_the_boundary_dates_meet_the_threshold():
    met, reasons = assess(on_boundaries(), received_on=RECEIVED, settings=settings())
    assert met
    assert reasons == ["3 qualifying complaints between 20 May 2026 and 20 November 2026, each reported within 31 "
                       "days of the behaviour; the threshold is 3: met."]


def test_a_report_made_32_days_after_the_behaviour_does_not_qualify():
    reports = on_boundaries()
    reports[1] = report("ASB-2", reported=datetime.date(2026, 8, 1), late_days=32)
    met, reasons = assess(reports, received_on=RECEIVED, settings=settings())
    assert not met
    assert reasons[0].startswith("2 qualifying complaints") and reasons[0].endswith("the threshold is 3: not met.")
    assert "ASB-2 does not count: it was reported 32 days after the behaviour, more than 31 days." in reasons


def test_a_report_six_months_and_a_day_before_does_not_qualify():
    reports = on_boundaries()
    reports[0] = report("ASB-1", reported=WINDOW_START - datetime.timedelta(days=1))
    met, reasons = assess(reports, received_on=RECEIVED, settings=settings())
    assert not met
    assert ("ASB-1 does not count: it was reported on 19 May 2026, before the window starting 20 May 2026."
            in reasons)


def test_a_report_after_the_application_does_not_qualify():
    reports = on_boundaries()
    reports[2] = report("ASB-3", reported=RECEIVED + datetime.timedelta(days=1))
    met, reasons = assess(reports, received_on=RECEIVED, settings=settings())
    assert not met and any("after the application was received" in r for r in reasons)


def test_the_partnerships_own_numbers_are_used():
    met, reasons = assess(on_boundaries()[:2], received_on=RECEIVED, settings=settings(complaints=2))
    assert met
    # A one-month window with 30 days to complain: only ASB-3 is reported late enough, and it was 31 days late.
    met, reasons = assess(on_boundaries(), received_on=RECEIVED,
                          settings=settings(window_months=1, complaint_within_days=30, complaints=1))
    assert not met
    assert reasons[0].startswith("0 qualifying complaints between 20 October 2026 and 20 November 2026")


@pytest.mark.parametrize("complainants, individuals, met", [
    ({1, 2, 3, 4, 5}, 5, True),
    ({1, 2, 3, 4}, 5, False),
    ({1, 2, 3, 4, 5}, 0, False),  # 0 turns the local threshold off
])
def test_the_local_threshold_of_different_complainants_on_its_own(complainants, individuals, met):
    people = sorted(complainants)
    reports = [report("ASB-1", reported=datetime.date(2026, 9, 1), complainants=people[:3]),
               report("ASB-2", reported=datetime.date(2026, 10, 1), complainants=people[3:])]
    result, reasons = assess(reports, received_on=RECEIVED, settings=settings(individuals=individuals))
    assert result is met
    if individuals:
        assert reasons[1] == (f"{len(people)} different complainants in those complaints; the local threshold is "
                              f"{individuals}: {'met' if met else 'not met'}.")
    else:
        assert len(reasons) == 1


def test_complainants_count_only_in_qualifying_complaints():
    reports = [report("ASB-1", reported=datetime.date(2026, 9, 1), complainants=[1, 2, 3]),
               report("ASB-2", reported=datetime.date(2026, 10, 1), late_days=40, complainants=[4, 5])]
    met, _ = assess(reports, received_on=RECEIVED, settings=settings(individuals=5))
    assert not met


@pytest.mark.parametrize("hate_incident, late_days, met", [(True, 0, True), (False, 0, False), (True, 32, False)])
def test_the_local_threshold_of_one_hate_incident_on_its_own(hate_incident, late_days, met):
    reports = [report("ASB-9", reported=datetime.date(2026, 10, 1), late_days=late_days, category="hate")]
    result, reasons = assess(reports, received_on=RECEIVED, settings=settings(hate_incident=hate_incident))
    assert result is met
    if hate_incident and met:
        assert "ASB-9 is a hate-motivated incident; the local threshold of one hate-motivated report is met." in reasons
