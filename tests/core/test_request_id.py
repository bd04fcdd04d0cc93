"""Request ids (ADR 72): every answer carries one in X-Request-ID (a well-formed one asked for is kept),
log lines carry it (as JSON in production), and so do the audit events a request or a job writes, whose
chain still verifies, old events without one included."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from eunomia.audit import actions as audit
from eunomia.audit.actions import event_hash, payload_of
from eunomia.audit.models import AuditEvent
from eunomia.core.request_ids import JsonLines, RequestIdFilter, current_request_id, request_id_as
from eunomia.jobs import actions as job_actions
from eunomia.jobs import registry
from tests.signin import force_sign_in

ROOT = Path(__file__).resolve().parent.parent.parent
NEW_ID = re.compile(r"[0-9a-f]{32}")


@pytest.mark.one_pass  # headers and log lines: the same on either database
def test_an_answer_without_one_asked_gets_a_new_id_each_time(db):
    first, second = Client().get("/health/"), Client().get("/health/")
    assert NEW_ID.fullmatch(first["X-Request-ID"]) and NEW_ID.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.one_pass  # headers and log lines: the same on either database
@pytest.mark.parametrize("asked", ["abc", "lb-7f3a.2_x", "A" * 64])
def test_a_well_formed_id_asked_for_is_kept(db, asked):
    assert Client().get("/health/", headers={"X-Request-ID": asked})["X-Request-ID"] == asked


@pytest.mark.one_pass  # headers and log lines: the same on either database
@pytest.mark.parametrize("asked", ["", "A" * 65, "two words", "line\nbreak", "<script>", "a/b", "café"])
def test_a_malformed_id_is_replaced_by_a_new_one(db, asked):
    answered = Client().get("/health/", headers={"X-Request-ID": asked})["X-Request-ID"]
    assert NEW_ID.fullmatch(answered)


@pytest.mark.one_pass  # headers and log lines: the same on either database
def test_pages_that_refuse_or_redirect_carry_it_too(db):
    response = Client().get("/p/testvale/", headers={"X-Request-ID": "trace-redirect"})
    assert response.status_code == 302
    assert response["X-Request-ID"] == "trace-redirect"


# Log lines ---------------------------------------------------------------------------------------------

def json_lines_handler():
    """A handler writing as production does: JSON lines, the request id put on by the filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonLines())
    return stream, handler


@pytest.fixture
def json_log():
    """The request log written as production writes it."""
    stream, handler = json_lines_handler()
    logger = logging.getLogger("eunomia.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.mark.one_pass  # headers and log lines: the same on either database
def test_each_request_writes_one_json_line_with_its_id_and_no_query_string(db, json_log):
    Client().get("/health/?search=Jane+Smith", headers={"X-Request-ID": "trace-1"})

    [line] = json_log()
    assert line["request_id"] == "trace-1"
    assert (line["level"], line["logger"]) == ("INFO", "eunomia.requests")
    assert (line["method"], line["path"], line["status"], line["user_id"]) == ("GET", "/health/", 200, None)
    assert isinstance(line["duration_ms"], int) and line["duration_ms"] >= 0
    assert line["message"] == f"GET /health/ 200 {line['duration_ms']} ms"
    assert line["time"].endswith("+00:00")
    assert "Jane" not in json.dumps(line)


def test_a_signed_in_request_logs_the_users_id_and_nothing_else_about_them(manager, json_log):
    client = force_sign_in(Client(), manager)
    client.get("/p/testvale/audit/", headers={"X-Request-ID": "trace-2"})

    [line] = [line for line in json_log() if line["request_id"] == "trace-2"]
    assert (line["user_id"], line["status"]) == (manager.pk, 200)
    assert manager.email not in json.dumps(line)


@pytest.mark.one_pass  # headers and log lines: the same on either database
def test_secret_parts_of_a_url_are_hidden_in_the_log(db, json_log):
    Client().get("/accounts/invitation/s3cret-invitation-token/")
    Client().get("/health/%0Aforged line")

    invitation, forged = json_log()
    assert invitation["path"] == "/accounts/invitation/[hidden]/"
    assert "s3cret" not in json.dumps(invitation)
    # A line break in the path cannot start a line of its own in a plain-text log.
    assert forged["path"] == "/health/%0Aforged%20line"


@pytest.mark.one_pass  # headers and log lines: the same on either database
def test_everything_logged_inside_a_request_or_job_carries_its_id():
    stream, handler = json_lines_handler()
    logger = logging.getLogger("tests.request_ids")
    logger.addHandler(handler)
    try:
        with request_id_as("job-12"):
            logger.warning("inside")
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)

    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert (inside["message"], inside["request_id"]) == ("inside", "job-12")
    assert (outside["message"], outside["request_id"]) == ("outside", "")


@pytest.mark.one_pass
def test_production_writes_json_lines_with_the_request_id(tmp_path):
    """The settings as production has them, in a process of its own: the requests' lines and what a page
    logs (the readiness check, not ready on a database never migrated) are JSON, each with its request's id."""
    script = ("import django; django.setup(); from django.test import Client; "
              "Client().get('/health/', headers={'X-Request-ID': 'prod-1'}, secure=True); "
              "Client().get('/health/ready/?q=Jane', headers={'X-Request-ID': 'prod-2'}, secure=True)")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("EUNOMIA_", "DJANGO_"))}
    env.update(EUNOMIA_ENV="production", SECRET_KEY="x" * 60 + "-a-long-random-production-secret",
               DATABASE_URL=f"sqlite:///{tmp_path / 'logs.sqlite3'}", ALLOWED_HOSTS="testserver",
               EUNOMIA_SITE_URL="https://eunomia.example", EUNOMIA_VAR_DIR=str(tmp_path),
               DJANGO_SETTINGS_MODULE="eunomia.settings")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr

    lines = [json.loads(line) for line in result.stderr.splitlines()]
    by_logger = {(line["logger"], line["request_id"]): line for line in lines}
    assert by_logger["eunomia.requests", "prod-1"]["status"] == 200
    assert by_logger["eunomia.requests", "prod-2"]["status"] == 503
    assert by_logger["eunomia.upkeep.readiness", "prod-2"]["message"].startswith("Not ready: ")
    assert "Jane" not in result.stderr


# Audit events ------------------------------------------------------------------------------------------

def test_an_audit_event_written_in_a_request_carries_its_id_and_the_chain_verifies(manager, partnership):
    # An event from before request ids (none was set), and one written outside any request.
    audit.record(by=manager, action="plan.viewed", partnership=partnership)
    before = AuditEvent.objects.order_by("-id").first()
    assert before.request_id is None

    response = Client().post(reverse("accounts:login"), {"email": manager.email, "password": "not the password"},
                             headers={"X-Request-ID": "trace-sign-in"})

    assert response.status_code == 400  # the form again, with its error
    refused = AuditEvent.objects.get(action="user.sign_in_refused")
    assert refused.request_id == "trace-sign-in" == response["X-Request-ID"]
    # The id is part of what is hashed: an event whose id was changed or removed no longer matches.
    refused.request_id = None
    assert event_hash(refused.prev_hash, payload_of(refused)) != refused.hash
    call_command("verify_audit", stdout=io.StringIO())

    page = force_sign_in(Client(), manager).get("/p/testvale/audit/accounts/").content.decode()
    assert "Request trace-sign-in" in page


def test_a_jobs_audit_events_and_log_lines_carry_job_and_its_id(manager, partnership):
    seen = []

    def handler(job, progress):
        seen.append(current_request_id())
        audit.record(by=None, action="tests.job_wrote", partnership=partnership)
        return {}

    registry.handler("tests.traced")(handler)
    try:
        job = job_actions.enqueue(by=manager, kind="tests.traced", params={}, partnership=partnership)
        job_actions.run_job(job_actions.claim_next(worker="test:1"))
    finally:
        registry.unregister("tests.traced")

    assert seen == [f"job-{job.pk}"]
    assert AuditEvent.objects.get(action="tests.job_wrote").request_id == f"job-{job.pk}"
    assert current_request_id() == ""
    call_command("verify_audit", stdout=io.StringIO())
