"""Days and months: the one place Eunomia reads a date someone gives it and does calendar arithmetic.

A date from outside (a form, the API, a page's address, a file) must fall between EARLIEST and
LATEST, 1900 to 2100, unless the field narrows it further (a report cannot happen tomorrow); a
refusal is a DateError, a ValueError whose message says what is wrong in words. Python can hold
years 1 to 9999: arithmetic here stops at those ends instead of overflowing, so a date stored
before the range was enforced (a DA incident dated 0001-01-01) can never make a page fail
(ADR 36). Months are the date of their first day, written YYYY-MM.
"""

import calendar
import datetime
import re

from django import forms
from django.utils import timezone
from rest_framework import serializers

EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
EXAMPLE = "2026-11-24"


class DateError(ValueError):
    """A date that cannot be used; the message says why in words."""


# Arithmetic ------------------------------------------------------------------------------------

def add_months(day, months):
    """The same day `months` calendar months later (earlier if negative); a day the month lacks
    becomes its last day (31 January + 1 month = 28 or 29 February). Stops at the calendar's first
    and last days rather than overflow."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if year < datetime.MINYEAR:
        return datetime.date.min
    if year > datetime.MAXYEAR:
        return datetime.date.max
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day, years):
    """The same day `years` years later (earlier if negative); 29 February becomes 28 February in a
    year that lacks it."""
    return add_months(day, 12 * years)


def add_days(moment, days):
    """`days` days after `moment` (a date or a datetime), before it if negative, stopping at the
    calendar's first and last days."""
    try:
        return moment + datetime.timedelta(days=days)
    except OverflowError:
        end = datetime.date.min if days < 0 else datetime.date.max
        if isinstance(moment, datetime.datetime):
            end = datetime.datetime.combine(end, datetime.time.min if days < 0 else datetime.time.max,
                                            tzinfo=moment.tzinfo)
        return end


def first_of_month(day):
    return day.replace(day=1)


def next_month(month):
    return add_months(first_of_month(month), 1)


def months_between(first, last):
    """Every month (its first day) from `first`'s month to `last`'s, both included."""
    month, last, months = first_of_month(first), first_of_month(last), []
    while month <= last:
        months.append(month)
        if month == first_of_month(datetime.date.max):
            break
        month = next_month(month)
    return months


def months_before(day, count):
    """The `count` whole months before `day`'s month, the latest first."""
    return [add_months(first_of_month(day), -n) for n in range(1, count + 1)]


def last_day_of_month(month):
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def local_day_range(first_day, last_day):
    """The instants from midnight starting `first_day` to midnight ending `last_day`, London time
    (a day is 23 or 25 hours when the clocks change)."""
    start = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(add_days(last_day, 1), datetime.time.min))
    return start, end


def in_range(day, *, earliest=EARLIEST, latest=LATEST):
    """Is `day` one Eunomia accepts from outside? Stored rows from before the range was enforced
    may hold others; pages showing them ask this first."""
    return day is not None and earliest <= day <= latest


# Reading ------------------------------------------------------------------------------------------

def parse_month(text):
    """A month written YYYY-MM as the date of its first day, or None if the text is not one."""
    match = MONTH.match((text or "").strip())
    return datetime.date(int(match[1]), int(match[2]), 1) if match else None


def check_range(day, *, what="The date", earliest=EARLIEST, latest=LATEST):
    """`day` if it is within the range, else DateError naming `what`."""
    if day < earliest:
        raise DateError(f"{what} must be on or after {earliest:%-d %B %Y}")
    if day > latest:
        raise DateError(f"{what} must be on or before {latest:%-d %B %Y}")
    return day


def parse_day(text, *, what="The date", earliest=EARLIEST, latest=LATEST):
    """A day written YYYY-MM-DD (a query string's, a command's), within the range, or DateError."""
    try:
        day = datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        raise DateError(f"{what} must be a real date written like {EXAMPLE}, not {text!r}") from None
    return check_range(day, what=what, earliest=earliest, latest=latest)


def parse_month_within(text, *, what="The month", earliest=EARLIEST, latest=LATEST):
    """A YYYY-MM month within the range, or DateError."""
    month = parse_month(text)
    if month is None:
        raise DateError(f"{what} must be written YYYY-MM, like 2025-03, not {text!r}")
    return check_range(month, what=what, earliest=first_of_month(earliest), latest=latest)


# Form and API fields ----------------------------------------------------------------------------

class DayField(forms.DateField):
    """A date typed into a form, like 2026-11-24, between `earliest` and `latest` (1900 to 2100
    unless narrowed); `not_after_today` refuses tomorrow and later. Messages name the field in the
    words given as `what` ("The date of birth")."""

    def __init__(self, *, what=None, earliest=EARLIEST, latest=LATEST, not_after_today=False, **kwargs):
        given = kwargs.pop("error_messages", {})
        if what is None:  # "Enter the date it happened" names it "The date it happened"
            required = given.get("required", "")
            what = "The" + required[len("Enter the"):] if required.startswith("Enter the ") else "The date"
        self.what, self.earliest, self.latest, self.not_after_today = what, earliest, latest, not_after_today
        messages = {"invalid": f"Enter {what[0].lower() + what[1:]} as a real date, like {EXAMPLE}", **given}
        kwargs.setdefault("help_text", f"For example, {EXAMPLE}")
        super().__init__(error_messages=messages, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.not_after_today and value > timezone.localdate():
            raise forms.ValidationError(f"{self.what} must be today or in the past")
        try:
            check_range(value, what=self.what, earliest=self.earliest, latest=self.latest)
        except DateError as error:
            raise forms.ValidationError(str(error)) from None


class MonthField(forms.CharField):
    """A month typed as YYYY-MM, between 1900 and 2100."""

    def __init__(self, *, what="The month", **kwargs):
        self.what = what
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        try:
            return parse_month_within(text, what=self.what)
        except DateError as error:
            raise forms.ValidationError(str(error)) from None


class ApiDayField(serializers.DateField):
    """A date in an API body or query, YYYY-MM-DD, between 1900 and 2100 unless narrowed."""

    def __init__(self, *, what="The date", earliest=EARLIEST, latest=LATEST, **kwargs):
        self.what, self.earliest, self.latest = what, earliest, latest
        super().__init__(**kwargs)

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        try:
            return check_range(day, what=self.what, earliest=self.earliest, latest=self.latest)
        except DateError as error:
            raise serializers.ValidationError(str(error)) from None
