"""Working days for statutory deadlines (ADR 67): weekends and the region's bank holidays are not
working days, counted from the `holidays` package's rules, at both edges of each holiday."""

import datetime

import pytest
from django.test import override_settings

from eunomia.core.working_days import (
    add_working_days, bank_holiday, holidays_between, is_working_day, working_days_between)

D = datetime.date


@pytest.mark.parametrize("day, working", [
    (D(2026, 12, 24), True),    # Thursday before Christmas
    (D(2026, 12, 25), False),   # Christmas Day, Friday
    (D(2026, 12, 26), False),   # Boxing Day, Saturday
    (D(2026, 12, 28), False),   # Boxing Day's substitute, Monday
    (D(2026, 12, 29), True),
    (D(2027, 1, 1), False),     # New Year's Day, Friday
    (D(2027, 1, 4), True),
    (D(2027, 3, 26), False),    # Good Friday 2027
    (D(2027, 3, 29), False),    # Easter Monday 2027
    (D(2027, 3, 30), True),
    (D(2027, 12, 27), False),   # Christmas Day's substitute: 25th is a Saturday
    (D(2027, 12, 28), False),   # Boxing Day's substitute
])
def test_weekends_and_bank_holidays_are_not_working_days(day, working):
    assert is_working_day(day) is working


def test_ten_working_days_over_christmas_and_the_new_year():
    # Received on Wednesday 23 December 2026: 24, 29, 30, 31 Dec, 4..8 Jan = 9, then 11 Jan is the 10th.
    assert add_working_days(D(2026, 12, 23), 10) == D(2027, 1, 11)
    assert working_days_between(D(2026, 12, 23), D(2027, 1, 11)) == 10
    assert working_days_between(D(2026, 12, 23), D(2027, 1, 8)) == 9
    assert [name for _, name in holidays_between(D(2026, 12, 23), D(2027, 1, 11))] == [
        "Christmas Day", "Boxing Day (observed)", "New Year's Day"]


def test_day_zero_is_the_day_received_and_a_deadline_counts_from_the_next():
    assert add_working_days(D(2027, 3, 25), 0) == D(2027, 3, 25)
    assert add_working_days(D(2027, 3, 25), 1) == D(2027, 3, 30)   # over Easter
    assert add_working_days(D(2027, 3, 27), 1) == D(2027, 3, 30)   # received on a Saturday
    assert working_days_between(D(2027, 3, 30), D(2027, 3, 25)) == 0
    with pytest.raises(ValueError):
        add_working_days(D(2027, 3, 25), -1)


def test_the_region_decides_the_holidays():
    # 2 January is a bank holiday in Scotland only; St Patrick's Day in Northern Ireland only.
    assert is_working_day(D(2026, 1, 2))
    with override_settings(BANK_HOLIDAY_REGION="SCT"):
        assert not is_working_day(D(2026, 1, 2))
        assert bank_holiday(D(2026, 1, 2))
    assert is_working_day(D(2026, 3, 17)) and not is_working_day(D(2026, 3, 17), region="NIR")
