"""Assessment periods: runs of whole months, written YYYY-MM..YYYY-MM."""

import datetime
import re
from dataclasses import dataclass

from eunomia.core.dates import DateError, add_days, add_months, parse_month, parse_month_within

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
