"""One id for everything a request (or a background job) does: written on its log lines, on the audit
events it writes and in the X-Request-ID response header, so an incident can be traced from a log line
to the audit log and back (ADR 72). It lives here, in the lowest layer, so the audit log and the
jobs can read it without knowing about requests."""

import contextlib
import contextvars
import logging
import re
import time
import uuid

from django.db import DatabaseError
from django.utils.encoding import escape_uri_path
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-ID"
# A proxy in front may have given the request an id already: it is kept when it is plainly an id (no
# spaces, line breaks or markup a log reader could be fooled by), else a new one is made.
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Parts of a URL that are secrets (a password reset's, an invitation's): never written to a log.
SECRET_URL_PARTS = ("token", "uidb64")
HIDDEN = "[hidden]"

_current = contextvars.ContextVar("request_id", default="")
requests_log = logging.getLogger("eunomia.requests")


def current_request_id():
    """The id of the request or job running now, or "" outside both (a command, a shell)."""
    return _current.get()


def new_request_id():
    return uuid.uuid4().hex


def well_formed(value):
    return bool(value) and WELL_FORMED.fullmatch(value) is not None


@contextlib.contextmanager
def request_id_as(value):
    """Everything logged or audited inside the block carries `value` (a job's worker uses `job-<id>`)."""
    token = _current.set(value)
    try:
        yield value
    finally:
        _current.reset(token)


class RequestIdMiddleware:
    """First in MIDDLEWARE, so even a redirect to HTTPS carries the id, and the request's line in the
    log times the whole of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asked = request.headers.get(HEADER, "")
        started = time.perf_counter()
        with request_id_as(asked if well_formed(asked) else new_request_id()) as request_id:
            response = self.get_response(request)
            response[HEADER] = request_id
            log_request(request, response, time.perf_counter() - started)
        return response


def loggable_path(request):
    """The path without its query string (searches put names there), escaped so a line break in it
    cannot start a false line of the log, and with secret parts of the URL hidden."""
    path = escape_uri_path(request.path)
    match = request.resolver_match
    if match is not None:
        for name in SECRET_URL_PARTS:
            value = match.kwargs.get(name)
            if value:
                path = path.replace(escape_uri_path(str(value)), HIDDEN)
    return path


def _user_id(request):
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        # A request the database could not serve still gets its line, without the user.
        return None


def log_request(request, response, seconds):
    """One line per request: no personal data (the user's id, not their name) and no query string."""
    if not requests_log.isEnabledFor(logging.INFO):
        return
    path = loggable_path(request)
    milliseconds = round(seconds * 1000)
    requests_log.info("%s %s %s %s ms", request.method, path, response.status_code, milliseconds, extra={
        "method": request.method, "path": path, "status": response.status_code, "duration_ms": milliseconds,
        "user_id": _user_id(request)})


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record the handler writes."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonLines(JsonFormatter):
    """One JSON object per line for a log collector: time (UTC, ISO 8601), level, logger, message, the
    request id, and whatever the line was given as `extra` (the request line's method, path, status...).
    Django's own request records carry the request object, whose text holds the query string: it is
    left out."""

    def __init__(self):
        super().__init__("{levelname}{name}{message}{request_id}", style="{", timestamp="time",
                         rename_fields={"levelname": "level", "name": "logger"},
                         reserved_attrs=[*RESERVED_ATTRS, "request"])
