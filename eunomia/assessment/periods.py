"""Assessment periods: runs of whole months, written YYYY-MM..YYYY-MM."""

import datetime
import re
from dataclasses import dataclass

PERIOD = re.compile(r"^\s*(\d{4})-(\d{2})\s*\.\.\s*(\d{4})-(\d{2})\s*$")


class PeriodError(ValueError):
    """A period written wrongly; the message says how to write it."""


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


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
        y1, m1, y2, m2 = (int(part) for part in match.groups())
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            raise PeriodError(f"{text.strip()} has a month that does not exist: months run from 01 to 12")
        return cls(datetime.date(y1, m1, 1), datetime.date(y2, m2, 1))

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
        return add_months(self.end, 1) - datetime.timedelta(days=1)

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
