"""The change a target achieved and whether it was met, at the edges."""

import datetime
from decimal import Decimal

import pytest

from eunomia.plans.targets import MET, MISSING, NOT_MET, NOT_YET_DUE, change_achieved, target_status

DUE = datetime.date(2026, 3, 31)
AFTER = datetime.date(2026, 4, 1)
BEFORE = datetime.date(2026, 3, 31)


@pytest.mark.parametrize(
    "unit, baseline, actual, expected",
    [
        ("count", 33, 27, "Down 6, -18%"),
        ("count", 33, 40, "Up 7, +21%"),
        ("count", 33, 33, "No change"),
        ("count", 0, 20, "Up 20 from zero"),
        ("count", 0, 0, "No change"),
        ("count", 1000, 1003, "Up 3, +0.3%"),
        ("count", None, 12, "No baseline recorded"),
        ("count", 10, None, ""),
        ("percentage", 82, 85, "Up 3 percentage points"),
        ("percentage", 82, 81, "Down 1 percentage point"),
        ("percentage", Decimal("50.5"), Decimal("48"), "Down 2.5 percentage points"),
        ("percentage", 0, 40, "Up 40 percentage points"),
        ("percentage", 60, 60, "No change"),
        ("yes_no", None, 1, "Achieved"),
        ("yes_no", None, 0, "Not achieved"),
        ("yes_no", None, None, ""),
    ],
)
def test_change_achieved(unit, baseline, actual, expected):
    assert change_achieved(unit=unit, baseline=baseline, actual=actual) == expected


@pytest.mark.parametrize("note, expected", [
    ("New project", "No baseline to compare (New project)"),
    ("N/A", "No baseline recorded"),   # says there is no number, not why
    ("  n/a ", "No baseline recorded"),
    ("", "No baseline recorded"),
])
def test_a_missing_baseline_is_told_apart_from_a_new_measure(note, expected):
    assert change_achieved(unit="count", baseline=None, actual=74, baseline_note=note) == expected


def test_text_milestone_change_needs_the_judgement():
    assert change_achieved(unit="text", baseline=None, actual=None, actual_text="Adopted", milestone_met=True) == "Achieved"
    assert change_achieved(unit="text", baseline=None, actual=None, actual_text="Adopted", milestone_met=False) == "Not achieved"
    assert change_achieved(unit="text", baseline=None, actual=None, actual_text="Adopted", milestone_met=None) == ""
    assert change_achieved(unit="text", baseline=None, actual=None, actual_text="  ", milestone_met=True) == ""


@pytest.mark.parametrize(
    "unit, direction, target, actual, today, expected",
    [
        ("count", "increase", 40, 40, AFTER, MET),
        ("count", "increase", 40, 39, AFTER, NOT_MET),
        ("count", "decrease", 900, 900, AFTER, MET),
        ("count", "decrease", 900, 901, AFTER, NOT_MET),
        ("count", "reach", 6, 8, AFTER, MET),
        ("percentage", "reach", 80, Decimal("79.9"), AFTER, NOT_MET),
        ("count", "increase", 40, 45, BEFORE, NOT_YET_DUE),
        ("count", "decrease", 900, 10, BEFORE, NOT_YET_DUE),
        ("count", "increase", 40, None, BEFORE, NOT_YET_DUE),
        ("count", "increase", 40, None, AFTER, MISSING),
        ("yes_no", "reach", 1, 1, BEFORE, MET),
        ("yes_no", "reach", 1, 0, BEFORE, NOT_YET_DUE),
        ("yes_no", "reach", 1, 0, AFTER, NOT_MET),
        ("yes_no", "reach", 1, None, AFTER, MISSING),
    ],
)
def test_target_status(unit, direction, target, actual, today, expected):
    assert target_status(unit=unit, direction=direction, target=target, actual=actual, due_on=DUE, today=today) == expected


def test_text_milestone_status():
    common = dict(unit="text", direction="reach", target=None, actual=None, due_on=DUE)
    assert target_status(**common, actual_text="Adopted", milestone_met=True, today=BEFORE) == MET
    assert target_status(**common, actual_text="Delayed", milestone_met=False, today=BEFORE) == NOT_YET_DUE
    assert target_status(**common, actual_text="Delayed", milestone_met=False, today=AFTER) == NOT_MET
    assert target_status(**common, actual_text="", milestone_met=None, today=AFTER) == MISSING


# Targets as partnerships write them (issue 11) ------------------------------------------------------

DUE = datetime.date(2026, 3, 31)
AFTER = datetime.date(2026, 4, 1)


@pytest.mark.parametrize("direction, baseline, actual, expected", [
    ("increase", 33, 34, MET), ("increase", 33, 33, NOT_MET),      # "more than 33"
    ("decrease", 120, 119, MET), ("decrease", 120, 120, NOT_MET),  # "less than 120"
    ("maintain", 100, 105, MET), ("maintain", 100, 95, MET),       # within 5% either way
    ("maintain", 100, 106, NOT_MET), ("maintain", 100, 94, NOT_MET),
])
def test_a_direction_only_target_is_judged_against_its_baseline(direction, baseline, actual, expected):
    assert target_status(unit="count", direction=direction, target=None, baseline=baseline, actual=actual,
                         due_on=DUE, today=AFTER) == expected


@pytest.mark.parametrize("direction, actual, expected", [
    ("decrease", 190, MET), ("decrease", 191, NOT_MET),  # reduce by 5% on 200: at most 190
    ("increase", 210, MET), ("increase", 209, NOT_MET),  # increase by 5% on 200: at least 210
])
def test_a_relative_target_is_a_change_in_percent_on_the_baseline(direction, actual, expected):
    assert target_status(unit="count", direction=direction, target=None, baseline=200, change_percent=5,
                         actual=actual, due_on=DUE, today=AFTER) == expected


def test_a_direction_only_target_is_not_judged_before_it_is_due():
    assert target_status(unit="count", direction="increase", target=None, baseline=33, actual=50,
                         due_on=DUE, today=DUE) == NOT_YET_DUE
