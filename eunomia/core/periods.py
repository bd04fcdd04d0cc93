"""Plan years: a partnership's year starts in a given month (April for the financial year)."""

import datetime

from django.utils import timezone


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


def year_choices(partnership, *, around=None, back=6, forward=1):
    current = year_containing(around or timezone.localdate(), partnership.year_start_month)
    choices = []
    for start_year in range(current + forward, current - back - 1, -1):
        start, end = plan_period(start_year, partnership.year_start_month)
        choices.append((start_year, f"{year_label(start_year)} ({start:%-d %B %Y} to {end:%-d %B %Y})"))
    return choices
