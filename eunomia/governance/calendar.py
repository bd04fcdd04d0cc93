"""A meeting as an iCalendar file (RFC 5545), for a resident to add to their calendar.

Written here rather than with a library: one event of a handful of properties needs only the rules
below, and each is tested (ADR 64).
- Lines end CRLF (3.1) and are folded so none is longer than 75 octets, a fold never cutting a UTF-8
  character in two; a continuation line starts with one space.
- TEXT values escape backslash, semicolon and comma, and write a line break as \\n (3.3.11); other
  control characters, which TEXT may not hold, are dropped.
- Times are written in UTC (the Z form, 3.3.5), so no VTIMEZONE is needed: a calendar shows them in
  its own time zone, and a meeting at 18:00 in London in July shows as 18:00 there.
- UID is the meeting's own and never changes; SEQUENCE grows when its date, time or place changes or it
  is cancelled, so a calendar that holds it updates it; DTSTAMP is when the meeting last changed, not
  the time of the download, so the same meeting always gives the same file.
"""

import datetime
import re

from django.utils.translation import gettext as _

PRODUCT = "-//Eunomia//Partnership meetings//EN"
MAX_OCTETS = 75
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value):
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def fold(line):
    """`line` as one or more physical lines of at most 75 octets each (the CRLF not counted)."""
    pieces, current, size = [], [], 0
    limit = MAX_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            # A continuation line's leading space counts towards its 75 octets.
            current, size, limit = [" "], 1, MAX_OCTETS
        current.append(character)
        size += octets
    pieces.append("".join(current))
    return "\r\n".join(pieces)


def utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_calendar(meeting, *, url, description_lines=()):
    """The bytes of an .ics file holding the one meeting. `url` is its public page; `description_lines`
    (the agenda, say) make the event's description, with the page's address after them."""
    description = "\n".join([*description_lines, _("Details and papers: %(url)s") % {"url": url}])
    summary = f"{meeting.name}: {meeting.partnership.name}"
    if meeting.is_cancelled:
        summary = _("Cancelled: %(summary)s") % {"summary": summary}
    properties = [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", PRODUCT),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("BEGIN", "VEVENT"),
        ("UID", f"partnership-meeting-{meeting.pk}@{meeting.partnership.slug}.eunomia"),
        ("DTSTAMP", utc(meeting.updated_at)),
        ("DTSTART", utc(meeting.starts_at)),
        ("DTEND", utc(meeting.ends_at)),
        ("SEQUENCE", str(meeting.sequence)),
        ("STATUS", "CANCELLED" if meeting.is_cancelled else "CONFIRMED"),
        ("SUMMARY", escape_text(summary)),
        ("LOCATION", escape_text(meeting.place)),
        ("DESCRIPTION", escape_text(description)),
        ("URL", url),
        ("END", "VEVENT"),
        ("END", "VCALENDAR"),
    ]
    return "".join(fold(f"{name}:{value}") + "\r\n" for name, value in properties).encode("utf-8")
