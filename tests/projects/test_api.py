"""The projects API: funds, projects and returns read as the pages show them, money as exact text; a
provider's practitioner saves and submits a return and the CSP manager decides on it, through the
pages' actions and permissions. Another partnership's record, or a draft the reader may not see, is
a 404; a refused write is a 403 or 400 and changes nothing."""

import datetime

import pytest
import time_machine

from eunomia.audit.models import AuditEvent
from eunomia.projects.models import Return, ReturnDecision, ReturnValue
from tests.projects.helpers import API, JSON, Q1, Q2, Q3, Q4, fill, funded, people  # noqa: F401
from tests.projects.objects import fund, in_january_2026, measures, pcc, project  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(people, fast_client_for):
    def client(who):
        return fast_client_for(people[who])

    return client


def post(client, url, body):
    return client.post(f"{API}{url}", body, content_type=JSON)


def state():
    return (list(Return.objects.order_by("pk").values_list("pk", "status", "spend", "narrative")),
            list(ReturnValue.objects.order_by("pk").values_list("pk", "value")), ReturnDecision.objects.count(),
            AuditEvent.objects.count())


@pytest.fixture
def reported(funded, practitioner, in_january_2026):
    """Q1 submitted; Q2 a draft."""
    fill(practitioner, funded, Q1)
    fill(practitioner, funded, Q2, submit=False)
    return funded


def test_funds_with_what_is_allocated_and_left_as_exact_text(api, reported, fund):
    funds = api("board_member").get(f"{API}/funds/?year=2025").json()
    assert [(f["name"], f["funder"], f["amount"], f["allocated"], f["left"], f["year_label"]) for f in funds] == [
        ("Crime Reduction Grant", "Office of the Police and Crime Commissioner", "10000.00", "8000.00", "2000.00",
         "2025/26")]
    assert api("board_member").get(f"{API}/funds/?year=2024").json() == []
    detail = api("analyst").get(f"{API}/funds/{fund.pk}/").json()
    assert [(a["project"], a["amount"], a["made_on"]) for a in detail["allocations"]] == [
        ("Youth diversion sessions", "8000.00", "2025-04-02")]
    assert api("analyst").get(f"{API}/funds/?year=abc").status_code == 400


def test_projects_with_their_measures_periods_and_what_each_reader_may_see(api, reported):
    listed = api("csu_officer").get(f"{API}/?year=2025").json()
    assert [(p["title"], p["provider"], [(m["name"], m["kind"], m["annual_target"]) for m in p["measures"]])
            for p in listed] == [("Youth diversion sessions", "Testvale Homes",
                                  [("Sessions held", "output", 40), ("Young people not reoffending", "outcome", 20)])]
    assert api("csu_officer").get(f"{API}/?year=2030").json() == []

    def periods(who):
        detail = api(who).get(f"{API}/{reported.pk}/").json()
        return [(p["label"], p["status"], p["late"], p["return_id"] is not None) for p in detail["periods"]]

    assert periods("provider_practitioner") == [("Q1 2025/26", "submitted", False, True),
                                                ("Q2 2025/26", "draft", True, True),
                                                ("Q3 2025/26", "not_started", False, False),
                                                ("Q4 2025/26", "not_started", False, False)]
    # The draft is being written: the analyst learns only that nothing is submitted yet.
    assert periods("analyst")[1] == ("Q2 2025/26", "not_submitted", True, False)
    detail = api("analyst").get(f"{API}/{reported.pk}/").json()
    assert [(b["heading"], b["amount"]) for b in detail["budget_lines"]] == [("Staff", "9000.00")]


@pytest.mark.parametrize("who, seen", [("provider_practitioner", ["submitted", "draft"]),
                                       ("csp_manager", ["submitted", "draft"]), ("analyst", ["submitted"]),
                                       ("other_practitioner", ["submitted"]), ("board_member", ["submitted"])])
def test_returns_list_only_what_the_reader_may_see(who, seen, api, reported):
    assert [r["status"] for r in api(who).get(f"{API}/returns/").json()] == seen
    assert [r["status"] for r in api(who).get(f"{API}/{reported.pk}/returns/").json()] == seen
    draft = Return.objects.get(period_start=Q2)
    assert api(who).get(f"{API}/returns/{draft.pk}/").status_code == (200 if "draft" in seen else 404)
    submitted = api(who).get(f"{API}/returns/?status=submitted").json()
    detail = api(who).get(f"{API}/returns/{submitted[0]['id']}/").json()
    assert (detail["spend"], [(v["measure"], v["value"]) for v in detail["values"]]) == (
        "1500.00", [("Sessions held", 8), ("Young people not reoffending", 3)])


def test_another_partnerships_records_are_not_found(api, reported, fund):
    outsider = api("outsider")
    record = Return.objects.get(period_start=Q1)
    for url in (f"{API}/", f"{API}/{reported.pk}/", f"{API}/funds/", f"{API}/funds/{fund.pk}/", f"{API}/returns/",
                f"{API}/returns/{record.pk}/",
                f"/api/v1/partnerships/elsewhere/projects/{reported.pk}/",
                f"/api/v1/partnerships/elsewhere/projects/funds/{fund.pk}/",
                f"/api/v1/partnerships/elsewhere/projects/returns/{record.pk}/"):
        assert outsider.get(url).status_code == 404, url
    before = state()
    assert post(outsider, f"/{reported.pk}/returns/", {"period_start": "2025-10-01"}).status_code == 404
    assert outsider.post(f"/api/v1/partnerships/elsewhere/projects/returns/{record.pk}/decision/",
                         {"decision": "accept"}, content_type=JSON).status_code == 404
    assert state() == before


def test_a_provider_drafts_and_submits_and_the_csp_manager_sends_back_and_accepts(api, funded, in_january_2026):
    sessions, people_measure = measures(funded)
    provider, csp = api("provider_practitioner"), api("csp_manager")
    url = f"/{funded.pk}/returns/"

    created = post(provider, url, {"period_start": "2025-10-01", "spend": None, "values": {str(sessions.pk): 9}})
    assert created.status_code == 201, created.content
    assert (created.json()["status"], created.json()["spend"]) == ("draft", None)
    record_id = created.json()["id"]
    changed = post(provider, url, {"period_start": "2025-10-01", "spend": "1250.50", "submit": True, "narrative":
                                   "Nine sessions", "values": {str(sessions.pk): 9, str(people_measure.pk): 4}})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["id"], changed.json()["status"], changed.json()["spend"]) == (
        record_id, "submitted", "1250.50")

    refused = post(csp, f"/returns/{record_id}/decision/", {"decision": "send_back", "reasons": " "})
    assert refused.status_code == 400 and refused.json() == {"reasons": ["Say what the provider must put right"]}
    sent_back = post(csp, f"/returns/{record_id}/decision/", {"decision": "send_back", "reasons": "Diary has 8"})
    assert sent_back.status_code == 200 and sent_back.json()["status"] == "sent_back"
    assert sent_back.json()["decisions"][0]["reasons"] == "Diary has 8"

    resubmitted = post(provider, url, {"period_start": "2025-10-01", "spend": "1250.50", "submit": True,
                                       "values": {str(sessions.pk): 8, str(people_measure.pk): 4}})
    assert resubmitted.status_code == 200 and resubmitted.json()["status"] == "submitted"
    accepted = post(csp, f"/returns/{record_id}/decision/", {"decision": "accept"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert [d["decision"] for d in accepted.json()["decisions"]] == ["sent_back", "accepted"]
    again = post(csp, f"/returns/{record_id}/decision/", {"decision": "accept"})
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["The return is accepted: only a submitted return can be accepted "
                                                 "or sent back"]}


@pytest.mark.parametrize("who, save, decide", [
    ("csp_manager", 201, 200), ("analyst", 403, 403), ("csu_officer", 403, 403),
    ("provider_practitioner", 201, 403), ("other_practitioner", 403, 403), ("board_member", 403, 403),
    ("outsider", 404, 404)])
def test_who_may_save_and_decide_through_the_api(who, save, decide, api, funded, practitioner, in_january_2026):
    submitted = fill(practitioner, funded, Q1)
    sessions, people_measure = measures(funded)
    client = api(who)
    before = state()
    response = post(client, f"/{funded.pk}/returns/", {"period_start": "2025-10-01", "spend": "10.00",
                                                       "values": {str(sessions.pk): 1, str(people_measure.pk): 0}})
    assert response.status_code == save
    assert (state() == before) is (save != 201)
    before = state()
    response = post(client, f"/returns/{submitted.pk}/decision/", {"decision": "accept"})
    assert response.status_code == decide
    assert (state() == before) is (decide != 200)


@pytest.mark.parametrize("body, field, message", [
    ({"period_start": "2025-04-02"}, "period_start", "Choose one of the project's reporting periods"),
    ({"period_start": "2025-02-30"}, "period_start", None),
    ({"period_start": "2026-04-01"}, "period_start", "Choose one of the project's reporting periods"),
    ({"period_start": "2025-10-01", "spend": 12.5}, "spend", "Send text"),
    ({"period_start": "2025-10-01", "spend": "12.345"}, "spend", "Enter the spend to the penny at most, like 1250.50"),
    ({"period_start": "2025-10-01", "spend": "1e30"}, "spend", "The spend is too large"),
    ({"period_start": "2025-10-01", "values": {"999999": 3}}, "values", None),
    ({"period_start": "2025-10-01", "values": {"x": 3}}, "values", None),
    ({"period_start": "2025-10-01", "values": [3]}, "values", None),
    ({"period_start": "2025-10-01", "submit": True}, "spend",
     "Enter the spend for the period (0 if nothing was spent)"),
    ({"period_start": "2025-10-01", "colour": "red"}, "colour", None),
])
def test_a_return_the_api_cannot_take_is_refused_naming_the_field(body, field, message, api, funded,
                                                                  in_january_2026):
    before = state()
    response = post(api("provider_practitioner"), f"/{funded.pk}/returns/", body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    if message:
        assert response.json()[field] == [message]
    assert state() == before


def test_a_period_not_yet_begun_is_refused_through_the_api(api, funded):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.timezone.utc), tick=False):
        before = state()
        response = post(api("provider_practitioner"), f"/{funded.pk}/returns/", {"period_start": "2025-07-01"})
        assert response.status_code == 400
        assert response.json() == {"period_start": ["The period Q2 2025/26 starts on 1 July 2025: its return can be "
                                                    "written from that day"]}
        assert state() == before
