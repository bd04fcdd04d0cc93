"""A project's reporting periods: its financial years cut by its schedule (quarters from the
partnership's year start, halves, or the whole year), each clipped to the days the project runs."""

import datetime
from dataclasses import dataclass

from eunomia.core.dates import add_days, add_months
from eunomia.core.periods import plan_period, year_containing, year_label
from eunomia.projects.models import PERIOD_MONTHS


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    due_on: datetime.date
    start_year: int
    # "Q1 2025/26", "H2 2025/26", "2025/26"
    label: str

    @property
    def dates(self):
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


def years_of(project):
    """The start years of the financial years the project runs in."""
    month = project.partnership.year_start_month
    return list(range(year_containing(project.start_on, month), year_containing(project.end_on, month) + 1))


def periods_of(project):
    """Every reporting period of the project, first to last."""
    month = project.partnership.year_start_month
    step = PERIOD_MONTHS[project.schedule]
    prefix = {3: "Q", 6: "H"}.get(step, "")
    periods = []
    for start_year in years_of(project):
        year_start, _ = plan_period(start_year, month)
        for number, offset in enumerate(range(0, 12, step), start=1):
            start = add_months(year_start, offset)
            end = add_days(add_months(start, step), -1)
            if end < project.start_on or start > project.end_on:
                continue
            start, end = max(start, project.start_on), min(end, project.end_on)
            label = f"{prefix}{number} {year_label(start_year)}" if prefix else year_label(start_year)
            periods.append(Period(start, end, add_days(end, project.return_due_days), start_year, label))
    return periods


def period_starting(project, day):
    return next((p for p in periods_of(project) if p.start == day), None)


def periods_in_year(project, start_year):
    return [p for p in periods_of(project) if p.start_year == start_year]
