"""The scheduled work Eunomia needs done (ADR 73): each app declares its own in a `schedules` module
(found at start-up, like the `jobs` and `measures` modules), and `manage.py run_schedule` runs what is due.

    @scheduled("notifications.send", title="Make notifications, email them, delete old ones",
               every=Every(minutes=5))
    def send_notifications():
        made, sent, deleted = actions.run()
        return f"Made {made} notifications; sent {sent} emails."

A function takes no arguments and returns one line saying what it did (no personal data: it is kept
and printed). It raises `Failed("plain message")` when it cannot do its work for a reason the operator
can act on; any other exception is recorded as an unexpected error, with the traceback in the log only.
It must be safe to run again: a run cut off half way is taken for failed and the next slot runs it.

A cadence divides time into slots; a task is due when the latest slot that has begun has no run. Only
that slot runs, however many were missed while nothing ran (no catch-up storm).
- `Every(minutes=5)`, `Every(hours=1)`: slots counted from midnight UTC, 1 January 1970, so they are the
  same on every machine and the clock changes do not move them.
- `Daily(at="02:30")`: once a London day at that wall-clock time. On the night the clocks go back the
  time happens twice and the slot is the first of them; on the night they go forward a time the clocks
  skip comes an hour later (01:30 is 02:30 BST). Either way the slot is one instant a day: it runs once.
"""

import datetime
import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

LONDON = zoneinfo.ZoneInfo("Europe/London")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class Failed(Exception):
    """An expected failure, in plain words the operator can act on ("Nowhere to keep the checkpoint: set
    EUNOMIA_AUDIT_CHECKPOINT_FILE")."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Every:
    """Every so many minutes or hours."""

    minutes: int = 0
    hours: int = 0

    def __post_init__(self):
        if self.minutes < 0 or self.hours < 0 or self.period <= datetime.timedelta(0):
            raise ImproperlyConfigured(f"{self!r}: give a number of minutes or hours above 0")

    @property
    def period(self):
        return datetime.timedelta(hours=self.hours, minutes=self.minutes)

    def slot_at(self, now):
        """The start of the slot `now` falls in."""
        return EPOCH + ((now - EPOCH) // self.period) * self.period

    def next_after(self, now):
        return self.slot_at(now) + self.period

    def described(self):
        minutes = int(self.period.total_seconds()) // 60
        if minutes % 60:
            return "every minute" if minutes == 1 else f"every {minutes} minutes"
        return "every hour" if minutes == 60 else f"every {minutes // 60} hours"


@dataclass(frozen=True)
class Daily:
    """Once a day at a London wall-clock time, "HH:MM"."""

    at: str

    def __post_init__(self):
        if not CLOCK_TIME.match(self.at):
            raise ImproperlyConfigured(f"Daily(at={self.at!r}): write the time as HH:MM, like 02:30")

    @property
    def period(self):
        return DAY

    def on(self, day):
        """The instant of `day`'s slot. A wall-clock time given no fold is its first occurrence when the
        clocks go back, and reads with the offset before the change when they skip it (01:30 on the night
        they go forward is 01:30 GMT, 02:30 BST); in UTC, so it compares and stores as one instant."""
        hour, minute = (int(part) for part in self.at.split(":"))
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON).astimezone(datetime.UTC)

    def slot_at(self, now):
        today = now.astimezone(LONDON).date()
        slot = self.on(today)
        return slot if slot <= now else self.on(today - DAY)

    def next_after(self, now):
        today = now.astimezone(LONDON).date()
        slot = self.on(today)
        return slot if slot > now else self.on(today + DAY)

    def described(self):
        return f"daily at {self.at} London time"


@dataclass(frozen=True)
class Task:
    name: str
    title: str
    every: Every | Daily
    function: Callable[[], str]


_tasks = {}


def _name_of(function):
    return f"{function.__module__}.{function.__qualname__}"


def scheduled(name, *, title, every):
    """Register `function()` to run on the cadence `every` under `name` ("app.what", or one word for the
    installation's own work). `title` says what it does, in the list the command prints."""
    if not isinstance(every, Every | Daily):
        raise ImproperlyConfigured(f"Scheduled work {name}: `every` is Every(...) or Daily(at=...), not {every!r}")

    def register(function):
        existing = _tasks.get(name)
        if existing is not None and _name_of(existing.function) != _name_of(function):
            raise ImproperlyConfigured(
                f"Two functions for the scheduled work {name}: {_name_of(existing.function)} and {_name_of(function)}")
        _tasks[name] = Task(name=name, title=title, every=every, function=function)
        return function

    return register


def unregister(name):
    _tasks.pop(name, None)


def get(name):
    return _tasks.get(name)


def tasks():
    """Every task, the most frequent first (so a long nightly one never delays a five-minute one in the
    same pass), then by name."""
    return sorted(_tasks.values(), key=lambda task: (task.every.period, task.name))


def names():
    return sorted(_tasks)
