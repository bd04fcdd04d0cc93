"""A bad date or body breaks nothing (issue 10, ADR 36): dates from forms, the API and page
addresses are read as one type, 1900 to 2100; date arithmetic stops at the calendar's ends; a date
stored out of range makes no page fail; the API answers a body it cannot read with JSON."""

import datetime
import json

import pytest

from tests.signin import force_sign_in
from django.test import Client

from eunomia.audit.models import AuditEvent
from eunomia.casework.models import Report
from eunomia.core import dates
from eunomia.domesticabuse import actions as da
from eunomia.domesticabuse.models import Incident
from eunomia.plans.models import Target
from eunomia.tasking import actions as tasking
from eunomia.tasking.models import Task

JSON = "application/json"
API = "/api/v1/partnerships/testvale"


# The one type and its arithmetic ------------------------------------------------------------------

@pytest.mark.parametrize("text, accepted", [
    ("1900-01-01", True), ("1899-12-31", False), ("2100-12-31", True), ("2101-01-01", False),
    ("0001-01-01", False), ("9999-12-31", False), ("2028-02-29", True), ("2027-02-29", False), ("next week", False),
])
def test_a_day_from_outside_is_read_within_1900_to_2100(text, accepted):
    if accepted:
        assert dates.parse_day(text) == datetime.date.fromisoformat(text)
    else:
        with pytest.raises(dates.DateError) as refused:
            dates.parse_day(text, what="The day")
        assert str(refused.value).startswith("The day must be")


def test_date_arithmetic_stops_at_the_ends_of_the_calendar_instead_of_overflowing():
    assert dates.add_months(datetime.date(1, 1, 1), -12) == datetime.date.min
    assert dates.add_months(datetime.date(9999, 12, 31), 1) == datetime.date.max
    assert dates.add_days(datetime.date(9999, 12, 31), 14) == datetime.date.max
    assert dates.add_days(datetime.date(1, 1, 1), -14) == datetime.date.min
    later = dates.add_days(datetime.datetime(9999, 12, 31, 12, tzinfo=datetime.UTC), 14)
    assert later.date() == datetime.date.max and later.tzinfo is datetime.UTC
    assert dates.months_between(datetime.date(9999, 11, 1), datetime.date(9999, 12, 1)) == [
        datetime.date(9999, 11, 1), datetime.date(9999, 12, 1)]


@pytest.mark.parametrize("day, months, expected", [
    (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
    (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
    (datetime.date(2028, 2, 29), 12, datetime.date(2029, 2, 28)),
    (datetime.date(2028, 2, 29), -12, datetime.date(2027, 2, 28)),
    (datetime.date(2026, 12, 31), 1, datetime.date(2027, 1, 31)),
    (datetime.date(2027, 1, 1), -1, datetime.date(2026, 12, 1)),
    (datetime.date(2026, 8, 31), -6, datetime.date(2026, 2, 28)),
])
def test_months_keep_to_the_end_of_a_shorter_month(day, months, expected):
    assert dates.add_months(day, months) == expected


def test_a_local_day_is_23_or_25_hours_when_the_clocks_change():
    for day, hours in ((datetime.date(2027, 3, 28), 23), (datetime.date(2027, 10, 31), 25),
                       (datetime.date(2027, 6, 1), 24)):
        start, end = dates.local_day_range(day, day)
        assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == datetime.timedelta(hours=hours)


# Forms and page addresses --------------------------------------------------------------------------

@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


@pytest.mark.parametrize("occurred_on, message", [
    ("9999-12-31", "The date it happened must be on or before 31 December 2100"),
    ("0001-01-01", "The date it happened must be on or after 1 January 1900"),
])
def test_a_report_form_date_out_of_range_is_refused_naming_the_field(csu, client_for, occurred_on, message):
    response = client_for(csu).post("/p/testvale/casework/reports/new/", {
        "occurred_on": occurred_on, "category": "noise", "source": "phone", "description": "Drums",
        "address": "4 Mill Lane", "postcode": "TV1 2AB"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not Report.objects.exists()


def test_the_api_refuses_the_same_report_date_in_words(csu, client_for):
    response = client_for(csu).post(f"{API}/reports/", {
        "occurred_on": "9999-12-31", "category": "noise", "source": "phone", "description": "Drums"},
        content_type=JSON)
    assert response.status_code == 400
    assert response.json()["occurred_on"] == ["The date it happened must be on or before 31 December 2100"]


@pytest.mark.parametrize("query", ["day=0001-01-01", "day=9999-12-31", "day=2026-02-30", "day=soon"])
def test_a_briefing_for_a_day_out_of_range_is_refused_in_words(csu, client_for, query):
    client = client_for(csu)
    for url in ("/p/testvale/casework/briefing/", "/p/testvale/casework/briefing/sheet.pdf"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert "govuk-error-summary" in response.content.decode()
    assert not AuditEvent.objects.filter(action__startswith="casework.briefing").exists()


@pytest.mark.parametrize("period", ["2025-12..9999-12", "0001-01..2025-12", "1899-12..1900-11"])
def test_an_assessment_period_out_of_range_is_refused_on_the_page_and_every_download(analyst, client_for, period):
    client = client_for(analyst)
    for suffix in ("", "download/pdf/", "download/docx/", "download/xlsx/", "download/csv/"):
        response = client.get(f"/p/testvale/assessment/{suffix}?period={period}")
        assert response.status_code == 400, suffix
        assert "must be on or" in response.content.decode(), suffix


def test_a_date_at_the_edges_of_the_range_is_taken_and_one_beyond_refused_keeping_what_was_stored(
        manager, client_for, partnership, council):
    # A meeting on the range's first day, so a task due that day is not due before its meeting.
    meeting = tasking.record_meeting(by=manager, partnership=partnership, held_on=datetime.date(1900, 1, 1),
                                     chair_organisation=council, attendees=[])
    client = client_for(manager)
    url = f"/p/testvale/tasking/meetings/{meeting.pk}/tasks/new/"
    for due_on, stored in (("2101-01-01", 0), ("2100-12-31", 1), ("1899-12-31", 1), ("1900-01-01", 2)):
        response = client.post(url, {"organisation": council.pk, "description": f"Due {due_on}", "due_on": due_on})
        assert Task.objects.count() == stored, due_on
        if response.status_code == 400:
            assert "The date the task is due must be on or" in response.content.decode()
    assert sorted(Task.objects.values_list("due_on", flat=True)) == [datetime.date(1900, 1, 1),
                                                                    datetime.date(2100, 12, 31)]


def test_a_target_due_date_out_of_range_is_refused_through_the_api(manager, plans, client_for):
    target = plans["referrals"]
    before = target.due_on
    client = client_for(manager)
    for due_on in ("0001-01-01", "9999-12-31", "1899-12-31"):
        response = client.patch(f"{API}/targets/{target.pk}/", {"due_on": due_on}, content_type=JSON)
        assert response.status_code == 400, due_on
        assert "The date the target is due must be on or" in response.json()["due_on"][0]
    assert Target.objects.get(pk=target.pk).due_on == before
    assert client.patch(f"{API}/targets/{target.pk}/", {"due_on": "2100-12-31"},
                        content_type=JSON).status_code == 200


# A stored date out of range ---------------------------------------------------------------------

@pytest.fixture
def idva(make_member, partnership, council):
    return make_member("da_specialist", partnership, council)


def test_a_da_incident_dated_0001_01_01_is_refused_and_one_stored_breaks_no_page(idva, partnership, client_for):
    victim = da.save_person(by=idva, partnership=partnership, first_name="Dana", last_name="Quillfeather")
    abuser = da.save_person(by=idva, partnership=partnership, first_name="Rex", last_name="Ironmonger")
    client = client_for(idva)
    response = client.post(f"/p/testvale/domestic-abuse/people/{victim.pk}/incidents/new/", {
        "occurred_on": "0001-01-01", "perpetrator": abuser.pk, "description": "Threats"})
    assert response.status_code == 400
    assert "The date of the incident must be on or after 1 January 1900" in response.content.decode()
    assert not Incident.objects.exists()
    # A row written before the range was enforced, at both ends of the calendar.
    for day in (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)):
        Incident.objects.create(partnership=partnership, victim=victim, perpetrator=abuser, occurred_on=day,
                                description="Stored long ago", recorded_by=idva)
    for url in ("/p/testvale/domestic-abuse/", f"/p/testvale/domestic-abuse/people/{victim.pk}/"):
        assert client.get(url).status_code == 200, url


# Bodies the API cannot read -------------------------------------------------------------------------

@pytest.mark.parametrize("body, status, words", [
    (b'{"title": ', 400, "The body is not JSON"),
    (b"[" * 100_000 + b"]" * 100_000, 400, "nested too deeply"),
    (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, 400, "nested too deeply"),
    (b'{"value": NaN}', 400, "not a number JSON allows"),
])
def test_a_body_the_api_cannot_read_is_refused_in_json(manager, partnership, body, status, words):
    client = Client(raise_request_exception=False)
    force_sign_in(client, manager)
    response = client.post(f"{API}/figures/", body, content_type=JSON)
    assert response.status_code == status
    assert response["Content-Type"] == JSON
    assert words in response.json()["detail"]


def test_a_body_over_the_limit_is_413_in_json(manager, partnership, settings):
    client = Client(raise_request_exception=False)
    force_sign_in(client, manager)
    body = json.dumps({"title": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}).encode()
    response = client.post(f"{API}/figures/", body, content_type=JSON)
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]
