"""Moments for test data, at any hour the suite runs (ADR 35)."""

import datetime

from django.utils import timezone


def at(day, hour=12):
    """`hour` o'clock (London time) on `day`. A moment not yet come on today is moved to as many
    minutes before now as the hour is before midnight: today's events keep their order, stay on
    today, and are never in the future, whatever the hour of the run (at 00:30, noon is 00:18)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    now = timezone.now()
    if moment <= now:
        return moment
    return max(now - datetime.timedelta(minutes=24 - hour), timezone.make_aware(datetime.datetime.combine(
        timezone.localdate(now), datetime.time())))
