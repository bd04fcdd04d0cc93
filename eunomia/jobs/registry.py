"""The kinds of background job Eunomia knows how to run.

An app declares its handlers in a `jobs` module (found at start-up, like the figures' `measures`):

    @handler("crime.import_police_data", title="Import police.uk data", unit="rows")
    def import_police_data(job, progress):
        progress(0, total, "Reading the files")
        ...
        return {"Rows imported": 550000, "Problems": ["street.csv line 12: no LSOA code"]}

The handler reads its parameters from `job.params` and returns the result: a dict whose keys are
labels in plain words and whose values are numbers, text, or lists of them (the job page shows it
as a summary list). It raises `JobFailed("plain message")` when it cannot do the work for a reason
the person who started it can act on; any other exception is reported to them as an unexpected
error, with the details in the worker's log only.

`progress(done, total=None, message="")` may be called as often as the handler likes (per 10,000
rows is fine): it writes to the database at most every half second, or at once when the message
changes. A total or message left out keeps the last one given. Each write is also the job's
heartbeat, so a handler must call it at least every JOBS_STALE_MINUTES or the job is taken for one
whose worker died.

A handler runs outside any transaction and opens its own. `max_attempts` above 1 lets a job whose
worker died be started again: only for handlers that are safe to run twice (an import that replaces
what it imported is; one that sends emails is not).
"""

from dataclasses import dataclass
from typing import Callable

from django.core.exceptions import ImproperlyConfigured


class JobFailed(Exception):
    """An expected failure: the message is shown to the person who started the job, so write it in
    plain words and say what to do. `result` can carry the details, such as a list of bad rows."""

    def __init__(self, message, *, result=None):
        super().__init__(message)
        self.message = message
        self.result = result


@dataclass(frozen=True)
class Handler:
    kind: str
    function: Callable
    title: str
    unit: str
    max_attempts: int


_handlers = {}


def _name_of(function):
    return f"{function.__module__}.{function.__qualname__}"


def handler(kind, *, title=None, unit="items", max_attempts=1):
    """Register `function(job, progress)` as the way to run jobs of `kind`. `title` names the job on
    pages ("Import police.uk data"); `unit` is what progress counts ("rows", "files")."""
    if max_attempts < 1:
        raise ImproperlyConfigured(f"Job kind {kind}: max_attempts must be at least 1")

    def register(function):
        existing = _handlers.get(kind)
        if existing is not None and _name_of(existing.function) != _name_of(function):
            raise ImproperlyConfigured(
                f"Two handlers for the job kind {kind}: {_name_of(existing.function)} and {_name_of(function)}"
            )
        _handlers[kind] = Handler(kind=kind, function=function, title=title or kind, unit=unit,
                                  max_attempts=max_attempts)
        return function

    return register


def unregister(kind):
    _handlers.pop(kind, None)


def get(kind):
    return _handlers.get(kind)


def kinds():
    return sorted(_handlers)
