"""Periods: plan years (a partnership's year starts in a given month, April for the financial year)
and runs of whole months, written YYYY-MM..YYYY-MM, as the assessment and crime figures count them."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from eunomia.core.dates import DateError, add_days, add_months, parse_month, parse_month_within


def year_label(start_year):
    """2026 -> '2026/27', as plans name their years."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def plan_period(start_year, start_month):
    """First and last day of the plan year that starts in `start_month` of `start_year`."""
    start = datetime.date(start_year, start_month, 1)
    end = datetime.date(start_year + 1, start_month, 1) - datetime.timedelta(days=1)
    return start, end


def year_containing(day, start_month):
    """The start year of the plan year that `day` falls in."""
    return day.year if day.month >= start_month else day.year - 1


# Partnerships bring in past plans and compare with past years: plan years and figure periods run
# from 2000/01 (before police.uk's records begin) to five years ahead of the current one.
FIRST_PLAN_YEAR = 2000
YEARS_AHEAD = 5


def plan_years(partnership, *, around=None):
    """The start years a plan or a figure's period may have, newest first."""
    current = year_containing(around or timezone.localdate(), partnership.year_start_month)
    return list(range(current + YEARS_AHEAD, FIRST_PLAN_YEAR - 1, -1))


def check_plan_year(partnership, start_year):
    """A message saying why `start_year` cannot be a plan year (None cannot), or None if it can."""
    years = plan_years(partnership)
    if start_year is None or not years[-1] <= start_year <= years[0]:
        return (f"Choose a year from {year_label(years[-1])} to {year_label(years[0])} "
                f"(at most {YEARS_AHEAD} years ahead)")
    return None


def year_choices(partnership, *, around=None):
    choices = []
    for start_year in plan_years(partnership, around=around):
        start, end = plan_period(start_year, partnership.year_start_month)
        choices.append((start_year, f"{year_label(start_year)} ({start:%-d %B %Y} to {end:%-d %B %Y})"))
    return choices


# Runs of whole months ---------------------------------------------------------------------------

PERIOD = re.compile(r"^\s*(\d{4}-\d{2})\s*\.\.\s*(\d{4}-\d{2})\s*$")


class PeriodError(ValueError):
    """A period written wrongly; the message says how to write it."""


def month_label(month):
    return f"{month:%b %Y}"


@dataclass(frozen=True)
class Period:
    """The months from `start` to `end`, both included; each is the first day of its month."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.start.day != 1 or self.end.day != 1:
            raise PeriodError("A period runs from the first day of one month to the first day of another")
        if self.end < self.start:
            raise PeriodError(f"The period ends ({self.end:%Y-%m}) before it starts ({self.start:%Y-%m})")

    @classmethod
    def parse(cls, text):
        match = PERIOD.match(text or "")
        if not match:
            raise PeriodError(f"Write the period as two months, like 2024-10..2025-09, not {text!r}")
        months = []
        for part in match.groups():
            if parse_month(part) is None:
                raise PeriodError(f"{text.strip()} has a month that does not exist: months run from 01 to 12")
            try:
                months.append(parse_month_within(part, what=f"The month {part}"))
            except DateError as error:
                raise PeriodError(str(error)) from None
        return cls(*months)

    @classmethod
    def ending(cls, end, length):
        return cls(add_months(end, -(length - 1)), end)

    @property
    def months(self):
        return [add_months(self.start, n) for n in range(len(self))]

    def __len__(self):
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def __contains__(self, month):
        return self.start <= month <= self.end

    def before(self):
        """The period of the same length that ends the month before this one starts."""
        return Period.ending(add_months(self.start, -1), len(self))

    @property
    def last_day(self):
        return add_days(add_months(self.end, 1), -1)

    @property
    def code(self):
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"

    @property
    def label(self):
        if self.start == self.end:
            return month_label(self.start)
        return f"{month_label(self.start)} to {month_label(self.end)}"

    def __str__(self):
        return self.label
