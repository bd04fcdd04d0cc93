"""The job's page and the list, and the JSON status: who may see a job (the person who started it,
and the partnership's CSP managers and analysts; anyone else gets a 404), the progress bar, the
refresh that works without JavaScript, the result and the error."""

import re

import pytest
from django.utils import timezone

from eunomia.jobs import actions
from eunomia.jobs.models import Job

KIND = "tests.import_rows"
API = "/api/v1/partnerships"


def import_rows(job, progress):
    return {}


@pytest.fixture
def job(register, manager, partnership):
    register(KIND, import_rows, title="Import police.uk data", unit="rows")
    return actions.enqueue(by=manager, kind=KIND, params={"path": "/srv/uploads/kent.zip"}, partnership=partnership)


def _set(job, **fields):
    Job.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def _page(client, job, query=""):
    return client.get(f"/p/testvale/jobs/{job.pk}/{query}")


REFRESH = 'data-refresh-seconds="2"'


# The status page ----------------------------------------------------------------------------------

def test_a_running_job_shows_its_progress_and_refreshes_itself(fast_client_for, manager, job):
    _set(job, status="running", started_at=timezone.now(), progress_done=12_000, progress_total=550_000,
         message="Reading 2025-01-kent-street.csv")
    response = _page(fast_client_for(manager), job)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(REFRESH) == 1
    assert "http-equiv" not in html  # a meta refresh cannot be stopped by the reader (WCAG 2.2.1)
    assert "This page refreshes itself every 2 seconds until the job ends." in html
    assert "<title>Import police.uk data: running - Eunomia</title>" in html
    assert "12,000 of 550,000 rows (2%)" in html
    bar = re.search(r"<progress [^>]*>[^<]*</progress>", html)[0]
    assert 'max="550000"' in bar and 'value="12000"' in bar and ">2%<" in bar
    assert 'aria-labelledby="job-progress-heading"' in bar and 'aria-describedby="job-progress-text"' in bar
    assert "Reading 2025-01-kent-street.csv" in html
    # The parameters (here a path on the server) are not shown.
    assert "/srv/uploads" not in html


def test_the_refresh_can_be_turned_off(fast_client_for, manager, job):
    _set(job, status="running")
    html = _page(fast_client_for(manager), job, "?refresh=off").content.decode()
    assert REFRESH not in html
    assert "This page is not refreshing itself." in html
    assert f'href="/p/testvale/jobs/{job.pk}/">refresh it every 2 seconds</a>' in html


def test_a_queued_job_refreshes_and_can_be_cancelled(fast_client_for, manager, job):
    html = _page(fast_client_for(manager), job).content.decode()
    assert REFRESH in html
    assert "Not started" in html and "Waiting to start" in html
    assert f'action="/p/testvale/jobs/{job.pk}/cancel/"' in html
    assert "Check that the worker is running" not in html

    _set(job, created_at=timezone.now() - timezone.timedelta(minutes=5))
    assert "Check that the worker is running" in _page(fast_client_for(manager), job).content.decode()


def test_a_finished_job_shows_its_result_and_stops_refreshing(fast_client_for, manager, job):
    _set(job, status="succeeded", progress_done=550_000, progress_total=550_000, finished_at=timezone.now(),
         result={"Rows imported": 549_876, "months": ["2025-01", "2025-02"], "Problems": [
             "2025-01-kent-street.csv line 12: no LSOA code", {"file": "b.csv", "line": 3, "problem": "blank"}],
             "By category": {"Burglary": 1200, "Drugs": 300}, "Replaced an earlier import": True})
    html = _page(fast_client_for(manager), job).content.decode()
    assert REFRESH not in html and "refreshes itself" not in html
    assert "The job finished at" in html
    assert "550,000 of 550,000 rows (100%)" in html
    result = re.search(r'<dl class="govuk-summary-list" id="job-result">(.*?)</dl>', html, re.S)[1]
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
             for c in re.findall(r"<d[td][^>]*>(.*?)</d[td]>", result, re.S)]
    assert cells == [
        "Rows imported", "549,876",
        "Months", "2025-01 2025-02",
        "Problems", "2025-01-kent-street.csv line 12: no LSOA code File: b.csv, Line: 3, Problem: blank",
        "By category", "Burglary: 1,200 Drugs: 300",
        "Replaced an earlier import", "Yes",
    ]
    assert "Cancel this job" not in html


def test_a_long_list_in_the_result_is_cut_short(fast_client_for, manager, job):
    _set(job, status="failed", error="The file has 250 bad rows",
         result={"Problems": [f"line {n}: no LSOA code" for n in range(250)]})
    html = _page(fast_client_for(manager), job).content.decode()
    assert html.count("no LSOA code</li>") == 100
    assert "and 150 more not shown" in html


def test_a_failed_job_shows_the_error_in_plain_words(fast_client_for, manager, job):
    _set(job, status="failed", error="streets.csv could not be read: it is not a CSV file")
    html = _page(fast_client_for(manager), job).content.decode()
    assert REFRESH not in html
    assert '<h2 class="govuk-error-summary__title">The job failed</h2>' in html
    assert "streets.csv could not be read: it is not a CSV file" in html


def test_cancel_from_the_page(fast_client_for, manager, job):
    client = fast_client_for(manager)
    response = client.post(f"/p/testvale/jobs/{job.pk}/cancel/")
    assert response.status_code == 302 and response["Location"] == f"/p/testvale/jobs/{job.pk}/"
    assert Job.objects.get(pk=job.pk).status == "cancelled"
    assert "The job was cancelled" in client.get(response["Location"]).content.decode()

    again = client.post(f"/p/testvale/jobs/{job.pk}/cancel/", follow=True).content.decode()
    assert "This job cannot be cancelled: it has ended" in again
    assert client.get(f"/p/testvale/jobs/{job.pk}/cancel/").status_code == 405


# Who sees a job -----------------------------------------------------------------------------------

WHO = ("creator", "csp_manager", "analyst", "csu_officer", "partner_practitioner", "board_member", "outsider",
       "nobody")
# The job was started by a partner practitioner. Managers and analysts oversee every job; other
# members see only their own; outsiders and people with no partnership cannot tell it exists.
#                              creator manager analyst csu  practitioner board outsider nobody
SEES = dict(zip(WHO, (200, 200, 200, 404, 404, 404, 404, 404), strict=True))


@pytest.fixture
def people(make_member, partnership, council, housing, manager, analyst, board_member, outsider,
           django_user_model):
    return {
        "creator": make_member("partner_practitioner", partnership, housing, email="starter@eunomia.test"),
        "csp_manager": manager,
        "analyst": analyst,
        "csu_officer": make_member("csu_officer", partnership, council),
        "partner_practitioner": make_member("partner_practitioner", partnership, housing),
        "board_member": board_member,
        "outsider": outsider,
        "nobody": django_user_model.objects.create_user("nobody@eunomia.test", "no-memberships-here"),
    }


@pytest.mark.parametrize("who", WHO)
def test_who_may_see_a_job(who, people, register, partnership, fast_client_for):
    register(KIND, import_rows, title="Import police.uk data", unit="rows")
    job = actions.enqueue(by=people["creator"], kind=KIND, params={}, partnership=partnership)
    client, expected = fast_client_for(people[who]), SEES[who]
    statuses = {
        "page": _page(client, job).status_code,
        "api": client.get(f"{API}/testvale/jobs/{job.pk}/").status_code,
        "cancel": client.post(f"/p/testvale/jobs/{job.pk}/cancel/").status_code,
    }
    assert statuses == {"page": expected, "api": expected, "cancel": 302 if expected == 200 else 404}
    listed = client.get("/p/testvale/jobs/")
    assert listed.status_code == (404 if who in ("outsider", "nobody") else 200)
    assert (f"/p/testvale/jobs/{job.pk}/" in listed.content.decode()) == (expected == 200)
    assert Job.objects.get(pk=job.pk).status == ("cancelled" if expected == 200 else "queued")


def test_a_job_of_another_partnership_is_not_found_under_this_one(register, manager, outsider, other_partnership,
                                                                   fast_client_for):
    register(KIND, import_rows)
    theirs = actions.enqueue(by=outsider, kind=KIND, params={}, partnership=other_partnership)
    client = fast_client_for(manager)
    assert _page(client, theirs).status_code == 404
    assert client.get(f"{API}/testvale/jobs/{theirs.pk}/").status_code == 404
    assert fast_client_for(outsider).get(f"/p/elsewhere/jobs/{theirs.pk}/").status_code == 200


def test_the_list_shows_the_latest_jobs_newest_first(fast_client_for, analyst, manager, register, partnership):
    register(KIND, import_rows, title="Import police.uk data", unit="rows")
    older = actions.enqueue(by=manager, kind=KIND, params={}, partnership=partnership)
    newer = actions.enqueue(by=analyst, kind=KIND, params={}, partnership=partnership)
    _set(newer, status="running", progress_done=1_500, progress_total=None)
    html = fast_client_for(analyst).get("/p/testvale/jobs/").content.decode()
    assert html.index(f"/jobs/{newer.pk}/") < html.index(f"/jobs/{older.pk}/")
    assert "1,500 rows so far" in html and "Not started" in html


# The API ------------------------------------------------------------------------------------------

def test_the_api_gives_the_status_for_polling(fast_client_for, manager, job):
    _set(job, status="running", progress_done=12_000, progress_total=550_000, message="Reading")
    body = fast_client_for(manager).get(f"{API}/testvale/jobs/{job.pk}/").json()
    assert body["id"] == job.pk
    assert {k: body[k] for k in ("kind", "title", "status", "progress_done", "progress_total", "unit", "percent",
                                 "message", "result", "error", "created_by", "finished_at")} == {
        "kind": KIND, "title": "Import police.uk data", "status": "running", "progress_done": 12_000,
        "progress_total": 550_000, "unit": "rows", "percent": 2, "message": "Reading", "result": None, "error": "",
        "created_by": str(manager), "finished_at": None}
    assert "params" not in body and "worker" not in body


def test_the_api_refuses_anonymous_callers_in_json(fast_client_for, job):
    response = fast_client_for(None).get(f"{API}/testvale/jobs/{job.pk}/")
    assert response.status_code in (401, 403) and "detail" in response.json()
