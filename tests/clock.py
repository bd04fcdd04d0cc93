"""Moments for test data, at any hour the suite runs (ADR 35)."""

import datetime

from django.utils import timezone


def at(day, hour=12):
    """`hour` o'clock (London time) on `day`, never in the future. Today, each hour is the earlier of
    itself and as many minutes before now as it is before midnight (at 00:30, noon is 00:18; at
    12:00, noon is 11:48 and 13:00 is 11:49): both grow with the hour, so today's events keep
    their order, stay on today and have happened, whatever the hour of the run."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    now = timezone.now()
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time()))
    shifted = max(now - datetime.timedelta(minutes=24 - hour), midnight)
    if day == timezone.localdate(now):
        return min(moment, shifted)
    return moment if moment <= now else shifted
