"""A meeting's iCalendar file (RFC 5545; ADR 64): CRLF lines folded at 75 octets without cutting a
character, TEXT escaped, times in UTC, a UID that never changes and a DTSTAMP that is the meeting's
last change, never the clock."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from eunomia.governance import actions
from eunomia.governance.calendar import escape_text, fold, meeting_calendar
from tests.governance.objects import at, schedule


def unfold(text):
    return text.replace("\r\n ", "")


def properties(body):
    """{name: value} of the file's content lines, unfolded."""
    lines = unfold(body.decode("utf-8")).split("\r\n")
    assert lines[-1] == ""
    return dict(line.split(":", 1) for line in lines[:-1])


@pytest.mark.parametrize("text, escaped", [
    ("Hall, Room 2; upstairs", "Hall\\, Room 2\\; upstairs"),
    ("Town Hall\nHigh Street\r\nTestvale\rTV1", "Town Hall\\nHigh Street\\nTestvale\\nTV1"),
    ("C:\\temp", "C:\\\\temp"),
    ("bell\x07 and nul\x00 gone, tab\tkept", "bell and nul gone\\, tab\tkept"),
    ("<script>alert('x')</script>", "<script>alert('x')</script>"),
])
def test_text_is_escaped_as_rfc_5545_says(text, escaped):
    assert escape_text(text) == escaped


def test_a_long_line_is_folded_at_75_octets_and_unfolds_to_itself():
    line = "DESCRIPTION:" + "x" * 200
    folded = fold(line)
    assert all(len(piece.encode()) <= 75 for piece in folded.split("\r\n"))
    assert [len(piece) for piece in folded.split("\r\n")] == [75, 75, 64]
    assert unfold(folded) == line


def test_folding_never_cuts_a_character_in_two():
    line = "SUMMARY:" + "é" * 40 + "€" * 30  # two and three octets each
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert unfold(folded) == line
    # A line of exactly 75 octets stays whole; one more folds.
    assert fold("X" * 75) == "X" * 75 and fold("X" * 76) == "X" * 75 + "\r\n X"


def test_a_meetings_file_holds_the_meeting(manager, partnership):
    meeting = schedule(manager, partnership, title="Meeting in public, spring; all welcome",
                       place="Town Hall, Room 2\nTestvale", days=40)
    body = meeting_calendar(meeting, url="https://eunomia.example/published/testvale/meetings/1/",
                            description_lines=["1. Welcome", "2. Your questions"])
    text = body.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    found = properties(body)
    assert found["UID"] == f"partnership-meeting-{meeting.pk}@testvale.eunomia"
    assert found["SUMMARY"] == ("Meeting in public\\, spring\\; all welcome: Testvale Community Safety "
                                "Partnership")
    assert found["LOCATION"] == "Town Hall\\, Room 2\\nTestvale"
    assert found["DESCRIPTION"] == ("1. Welcome\\n2. Your questions\\nDetails and papers: "
                                    "https://eunomia.example/published/testvale/meetings/1/")
    assert found["STATUS"] == "CONFIRMED" and found["SEQUENCE"] == "0" and found["METHOD"] == "PUBLISH"


@pytest.mark.parametrize("day, utc_hour", [(datetime.date(2026, 7, 1), 17), (datetime.date(2026, 1, 14), 18)])
def test_times_are_written_in_utc_so_18_00_in_london_is_18_00_in_london(manager, partnership, day, utc_hour):
    meeting = actions.schedule_meeting(by=manager, partnership=partnership, kind="public", place="Hall",
                                       starts_at=at(day, 18), ends_at=at(day, 19, 30))
    found = properties(meeting_calendar(meeting, url="https://x.example/"))
    assert found["DTSTART"] == f"{day:%Y%m%d}T{utc_hour:02d}0000Z"
    assert found["DTEND"] == f"{day:%Y%m%d}T{utc_hour + 1:02d}3000Z"


def test_the_same_meeting_gives_the_same_file_whenever_it_is_downloaded(manager, partnership):
    meeting = schedule(manager, partnership, days=20)
    first = meeting_calendar(meeting, url="https://x.example/")
    with time_machine.travel(meeting.updated_at + datetime.timedelta(days=3), tick=False):
        assert meeting_calendar(meeting, url="https://x.example/") == first
    stamp = properties(first)["DTSTAMP"]
    assert stamp == meeting.updated_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def test_a_moved_or_cancelled_meeting_replaces_itself_in_a_calendar(manager, partnership):
    meeting = schedule(manager, partnership, days=20)
    uid = properties(meeting_calendar(meeting, url="https://x.example/"))["UID"]
    actions.update_meeting(by=manager, meeting=meeting, starts_at=meeting.starts_at + datetime.timedelta(hours=1),
                           ends_at=meeting.ends_at + datetime.timedelta(hours=1))
    actions.cancel_meeting(by=manager, meeting=meeting, reason="The hall flooded")
    meeting.refresh_from_db()
    found = properties(meeting_calendar(meeting, url="https://x.example/"))
    assert found["UID"] == uid and found["SEQUENCE"] == "2" and found["STATUS"] == "CANCELLED"
    assert found["SUMMARY"].startswith("Cancelled: ")


def test_the_public_download_is_an_ics_file(manager, partnership):
    meeting = schedule(manager, partnership, days=20)
    actions.add_agenda_item(by=manager, meeting=meeting, title="Parking; near schools, again")
    response = Client().get(f"/published/testvale/meetings/{meeting.pk}/meeting.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="testvale-meeting-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.ics"')
    found = properties(response.content)
    assert found["URL"] == f"http://testserver/published/testvale/meetings/{meeting.pk}/"
    assert found["DESCRIPTION"].startswith("1. Parking\\; near schools\\, again\\n")
