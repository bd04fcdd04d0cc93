"""Working days for statutory deadlines: Monday to Friday, less the bank holidays of the part of the
UK the installation serves (BANK_HOLIDAY_REGION: ENG for England and Wales' shared calendar, SCT,
NIR; WLS is England's). The holidays come from the maintained `holidays` package, which computes
them from their rules (Easter, substitute days when a holiday falls at a weekend) and carries the
one-off ones (a coronation, a jubilee) as they are announced: no hand list to go stale (ADR 67).

Counting follows the usual statutory reading: the day something is received is day 0, and the
deadline "within N working days" is the Nth working day after it."""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=64)
def _holidays(region, year):
    return dict(holidays.country_holidays("GB", subdiv=region, years=year))


def bank_holiday(day, *, region=None):
    """The bank holiday's name on `day`, or "" when it is not one."""
    return _holidays(region or settings.BANK_HOLIDAY_REGION, day.year).get(day, "")


def is_working_day(day, *, region=None):
    return day.weekday() < 5 and not bank_holiday(day, region=region)


def add_working_days(day, count, *, region=None):
    """The `count`th working day after `day` (count >= 0; 0 is `day` itself, working or not)."""
    if count < 0:
        raise ValueError("count must be 0 or more")
    while count:
        day += datetime.timedelta(days=1)
        if is_working_day(day, region=region):
            count -= 1
    return day


def working_days_between(start, end, *, region=None):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, region=region):
            count += 1
    return count


def holidays_between(start, end, *, region=None):
    """[(day, name)] of the bank holidays after `start` up to and including `end`, to explain a deadline."""
    found, day = [], start
    while day < end:
        day += datetime.timedelta(days=1)
        name = bank_holiday(day, region=region)
        if name and day.weekday() < 5:
            found.append((day, name))
    return found
