"""The REST API: what it lists and changes, how it refuses bad input (400 naming the field, and
nothing saved), publication with its gaps, both ways of signing in, and the OpenAPI schema."""

import datetime
import json
import re
from decimal import Decimal

import pytest

from tests.signin import force_sign_in
import yaml
from django.test import Client
from eunomia.accounts.tokens import create_token

from eunomia import api_urls
from eunomia.audit.models import AuditEvent
from eunomia.figures.models import Figure
from eunomia.partners import actions as partner_actions
from eunomia.plans import actions as plan_actions
from eunomia.plans.models import PlanYear, PublishedVersion

API = "/api/v1/partnerships"
JSON = "application/json"


@pytest.fixture
def api(fast_client_for, manager):
    return fast_client_for(manager)


def _figure_state(figure):
    figure.refresh_from_db()
    return figure.value, figure.revisions.count()


# Partnerships and plans ----------------------------------------------------------------------------

def test_partnerships_lists_only_the_callers_own(fast_client_for, manager, outsider):
    assert fast_client_for(manager).get(f"{API}/").json() == [
        {"slug": "testvale", "name": "Testvale Community Safety Partnership", "local_authority_codes": ["E07000115"]}
    ]
    assert [p["slug"] for p in fast_client_for(outsider).get(f"{API}/").json()] == ["elsewhere"]


def test_plans_list_and_detail(api, plans):
    assert [p["start_year"] for p in api.get(f"{API}/testvale/plans/").json()] == [2025, 2024]
    plan = api.get(f"{API}/testvale/plans/2025/").json()
    assert plan["label"] == "2025/26"
    assert (plan["period_start"], plan["period_end"]) == ("2025-04-01", "2026-03-31")
    assert plan["approved_at"] is None and plan["versions"] == []
    assert api.get(f"{API}/testvale/plans/2030/").status_code == 404


def test_create_a_plan_copying_last_year(api, plans, partnership):
    response = api.post(f"{API}/testvale/plans/", {"start_year": 2026, "copy_previous": True}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["label"] == "2026/27"
    created = PlanYear.objects.get(partnership=partnership, start_year=2026)
    assert [p.title for p in created.priorities.all()] == ["Anti-social behaviour"]


def test_a_second_plan_for_the_same_year_is_refused_naming_the_year(api, plans):
    response = api.post(f"{API}/testvale/plans/", {"start_year": 2025}, content_type=JSON)
    assert response.status_code == 400
    assert response.json() == {"start_year": ["There is already a plan for 2025/26"]}
    assert PlanYear.objects.count() == 2


def test_copying_a_year_that_has_no_plan_is_refused(api, plans):
    response = api.post(f"{API}/testvale/plans/", {"start_year": 2030, "copy_previous": True}, content_type=JSON)
    assert response.status_code == 400
    assert "copy_previous" in response.json()
    assert PlanYear.objects.count() == 2


# Targets ------------------------------------------------------------------------------------------

def test_targets_list_the_change_and_status(api, plans):
    targets = {t["measure"]: t for t in api.get(f"{API}/testvale/plans/2024/targets/").json()}
    assert set(targets) == {"Referrals to mediation", "Cases with behaviour improved"}
    improved = targets["Cases with behaviour improved"]
    assert improved["owner_organisation"] == "Testvale Homes"
    assert (improved["actual"], improved["change"], improved["status"]) == ("85%", "Up 3 percentage points", "met")
    referrals = targets["Referrals to mediation"]
    assert (referrals["actual"], referrals["change"], referrals["status"]) == ("", "", "missing")


def test_patch_a_target(api, plans):
    referrals = plans["referrals"]
    response = api.patch(f"{API}/testvale/targets/{referrals.pk}/", {"target_value": "45"}, content_type=JSON)
    assert response.status_code == 200
    assert Decimal(response.json()["target_value"]) == 45
    referrals.refresh_from_db()
    assert referrals.target_value == 45


@pytest.mark.parametrize("change, field", [
    ({"target_value": "lots"}, "target_value"),
    ({"target_value": -5}, "target_value"),
    ({"baseline_value": None}, "baseline_value"),
    ({"due_on": "next Tuesday"}, "due_on"),
    ({"direction": "sideways"}, "direction"),
])
def test_a_bad_target_change_is_refused_naming_the_field(api, plans, change, field):
    referrals = plans["referrals"]
    response = api.patch(f"{API}/testvale/targets/{referrals.pk}/", change, content_type=JSON)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    referrals.refresh_from_db()
    assert (referrals.baseline_value, referrals.target_value, referrals.direction) == (33, 40, "increase")


def test_the_missing_baseline_message_says_what_to_do(api, plans):
    response = api.patch(f"{API}/testvale/targets/{plans['referrals'].pk}/", {"baseline_value": None},
                         content_type=JSON)
    assert "Enter a baseline" in response.json()["baseline_value"][0]


def test_record_an_actual(api, plans):
    referrals = plans["referrals"]
    response = api.post(f"{API}/testvale/targets/{referrals.pk}/actual/",
                        {"value": 41, "evidence": "Mediation service return"}, content_type=JSON)
    assert response.status_code == 201
    assert (response.json()["actual"], response.json()["status"]) == ("41", "met")
    revision = referrals.actual.revisions.get()
    assert (revision.value, revision.evidence, revision.via) == (41, "Mediation service return", "api")


@pytest.mark.parametrize("target, body, field, message", [
    ("referrals", {}, "evidence", "This field is required."),
    ("referrals", {"value": "lots", "evidence": "Return"}, "value", "A valid number is required."),
    ("referrals", {"value": -1, "evidence": "Return"}, "value", "A count must be a whole number, 0 or more"),
    ("improved", {"value": 101, "evidence": "Return"}, "value", "A percentage must be between 0 and 100"),
    ("referrals", {"evidence": "Return"}, "value", "Enter the value"),
])
def test_a_bad_actual_is_refused_and_nothing_is_saved(api, plans, target, body, field, message):
    target = plans[target]
    before = _figure_state(target.actual)
    response = api.post(f"{API}/testvale/targets/{target.pk}/actual/", body, content_type=JSON)
    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert _figure_state(target.actual) == before


# Figures ------------------------------------------------------------------------------------------

def test_figures_list_and_detail_with_history(api, plans):
    names = {f["name"] for f in api.get(f"{API}/testvale/figures/").json()}
    improved = plans["improved"].actual
    assert {improved.name, plans["referrals"].actual.name} <= names
    detail = api.get(f"{API}/testvale/figures/{improved.name}/").json()
    assert (detail["display_value"], detail["unit"], detail["owner_organisation"]) == ("85%", "percentage",
                                                                                       "Testvale Homes")
    assert [(Decimal(h["value"]), h["evidence"], h["via"]) for h in detail["history"]] == [
        (85, "Task Group minutes", "manual")]


def test_create_a_figure_and_record_its_value(api, partnership, council):
    response = api.post(f"{API}/testvale/figures/", {
        "title": "Reports of anti-social behaviour", "name": "asb-reports", "unit": "count", "start_year": 2025,
        "definition": "Incidents reported to the police", "source": "Police incident system",
        "owner_organisation": council.pk,
    }, content_type=JSON)
    assert response.status_code == 201
    assert (response.json()["period_start"], response.json()["owner_organisation"]) == ("2025-04-01",
                                                                                       "Testvale Council")
    response = api.post(f"{API}/testvale/figures/asb-reports/values/", {"value": 412, "evidence": "Police return"},
                        content_type=JSON)
    assert response.status_code == 201
    assert response.json()["display_value"] == "412"
    assert [h["via"] for h in response.json()["history"]] == ["api"]
    assert Figure.objects.get(partnership=partnership, name="asb-reports").value == 412


def test_a_targets_figure_takes_its_value_as_the_actual(api, plans):
    referrals = plans["referrals"]
    response = api.post(f"{API}/testvale/figures/{referrals.actual.name}/values/", {"value": 38, "evidence": "Return"},
                        content_type=JSON)
    assert response.status_code == 201
    target = api.get(f"{API}/testvale/targets/{referrals.pk}/").json()
    assert (target["actual"], target["status"]) == ("38", "not_met")


# Publication --------------------------------------------------------------------------------------

def test_publication_is_refused_with_every_gap_until_complete_and_approved(api, plans, system_user):
    # This year's plan reviews last year's, so last year's missing actual holds it back.
    url = f"{API}/testvale/plans/2025/publication/"
    check = api.get(url).json()
    assert check == {"publishable": False, "gaps": [
        {"what": "The plan has not been approved since it was last changed", "owner": "Partnership board"},
        {"what": "Target Referrals to mediation (2024/25, action: Refer neighbour disputes to mediation): "
                 "actual not recorded", "owner": "Testvale Homes"},
    ]}

    refused = api.post(url)
    assert refused.status_code == 409
    assert refused.json()["gaps"] == check["gaps"]
    assert refused.json()["detail"] == "2 things must be put right before publishing"
    assert not PublishedVersion.objects.exists()

    api.post(f"{API}/testvale/targets/{plans['referrals'].pk}/actual/", {"value": 41, "evidence": "Return"},
             content_type=JSON)
    assert [g["owner"] for g in api.get(url).json()["gaps"]] == ["Partnership board"]
    plan_actions.approve_plan(by=system_user, plan=plans["current"])

    published = api.post(url)
    assert published.status_code == 201
    assert published.json()["number"] == 1
    job = published.json()["documents_job"]  # the files follow from a background job (ADR 54)
    assert api.get(f"/api/v1/partnerships/testvale/jobs/{job}/").json()["status"] == "queued"
    assert api.get(url).json() == {"publishable": True, "gaps": []}
    assert [v["number"] for v in api.get(f"{API}/testvale/plans/2025/").json()["versions"]] == [1]


# Signing in ---------------------------------------------------------------------------------------

def test_token_authentication(manager, plans, fast_client_for):
    _, key = create_token(by=manager, name="Tests", days=30)
    # A token client needs no CSRF token: it has no cookie for a forged page to ride on.
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {key}")
    assert [p["start_year"] for p in client.get(f"{API}/testvale/plans/").json()] == [2025, 2024]
    assert client.post(f"{API}/testvale/plans/", {"start_year": 2026}, content_type=JSON).status_code == 201

    forged = fast_client_for(None, HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = forged.get(f"{API}/testvale/plans/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Invalid token."


def test_session_authentication_needs_the_csrf_token_to_write(manager, plans):
    client = Client(enforce_csrf_checks=True)
    force_sign_in(client, manager)
    assert client.get(f"{API}/testvale/plans/").status_code == 200
    response = client.post(f"{API}/testvale/plans/", {"start_year": 2026}, content_type=JSON)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert PlanYear.objects.count() == 2


# Another partnership -------------------------------------------------------------------------------

@pytest.fixture
def elsewhere_target(other_partnership, system_user):
    org = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Elsewhere Police",
                                           joined_on=datetime.date(2010, 1, 1))
    plan = plan_actions.create_plan(by=system_user, partnership=other_partnership, start_year=2024)
    priority = plan_actions.add_item(by=system_user, plan=plan, kind="priority", title="Street drinking")
    action = plan_actions.add_action(by=system_user, plan=plan, priority=priority, owner_organisation=org,
                                     title="Enforce the alcohol control zone")
    return plan_actions.add_target(by=system_user, action=action, measure="Alcohol seizures", unit="count",
                                   direction="increase", baseline_value=10, target_value=20)


def test_another_partnerships_objects_are_not_found(api, plans, elsewhere_target):
    name = elsewhere_target.actual.name
    for slug in ("testvale", "elsewhere"):
        assert api.get(f"{API}/{slug}/targets/{elsewhere_target.pk}/").status_code == 404
        assert api.get(f"{API}/{slug}/figures/{name}/").status_code == 404
        assert api.patch(f"{API}/{slug}/targets/{elsewhere_target.pk}/", {"target_value": 1},
                         content_type=JSON).status_code == 404
        assert api.post(f"{API}/{slug}/targets/{elsewhere_target.pk}/actual/", {"value": 1, "evidence": "x"},
                        content_type=JSON).status_code == 404
        assert api.post(f"{API}/{slug}/figures/{name}/values/", {"value": 1, "evidence": "x"},
                        content_type=JSON).status_code == 404
    assert api.get(f"{API}/elsewhere/plans/").status_code == 404
    assert api.get(f"{API}/elsewhere/plans/2024/publication/").status_code == 404
    elsewhere_target.refresh_from_db()
    assert (elsewhere_target.target_value, elsewhere_target.actual.value) == (20, None)


# The schema ---------------------------------------------------------------------------------------

def _openapi_path(route):
    # drf-spectacular writes a `pk` parameter as `id`.
    return "/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "{id}" if m[1] == "pk" else f"{{{m[1]}}}", route)


def test_the_openapi_schema_lists_every_api_path(api):
    response = api.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    expected = {_openapi_path(str(p.pattern)) for p in api_urls.urlpatterns}
    assert set(schema["paths"]) == expected
    assert "post" in schema["paths"]["/api/v1/partnerships/{slug}/targets/{id}/actual/"]
    assert "patch" in schema["paths"]["/api/v1/partnerships/{slug}/targets/{id}/"]
    assert "409" in schema["paths"]["/api/v1/partnerships/{slug}/plans/{year}/publication/"]["post"]["responses"]

    as_yaml = yaml.safe_load(api.get("/api/v1/schema/").content)
    assert set(as_yaml["paths"]) == set(schema["paths"])


def test_the_schema_and_docs_need_signing_in(api, fast_client_for):
    # Decided: the schema describes an API only members can use, so it is not public.
    for url in ("/api/v1/schema/", "/api/v1/docs/"):
        assert fast_client_for(None).get(url)["Location"].startswith("/accounts/sign-in/")
    assert api.get("/api/v1/docs/").status_code == 200


# Never a 500 --------------------------------------------------------------------------------------

BAD_REQUESTS = [
    # method, path under /api/v1/partnerships/testvale, raw body, content type, expected status
    ("post", "/plans/", '{"start_year": 20', JSON, 400),
    ("post", "/plans/", "[2026]", JSON, 400),
    ("post", "/plans/", '{"start_year": "next year"}', JSON, 400),
    ("post", "/plans/", '{"start_year": 1999}', JSON, 400),
    ("post", "/plans/", '{"start_year": 2026, "copy_previous": "perhaps"}', JSON, 400),
    ("post", "/plans/", '{"start_year": 2026, "title": ["a", "b"]}', JSON, 400),
    ("post", "/plans/", "start_year=2026", "text/plain", 415),
    ("patch", "/targets/{referrals}/", '"just a string"', JSON, 400),
    ("patch", "/targets/{referrals}/", "null", JSON, 400),
    ("patch", "/targets/{referrals}/", '{"target_value": "1e30"}', JSON, 400),
    ("patch", "/targets/{referrals}/", '{"target_value": true}', JSON, 400),
    ("patch", "/targets/{referrals}/", '{"measure": ""}', JSON, 400),
    ("patch", "/targets/{referrals}/", '{"measure": {"text": "x"}}', JSON, 400),
    ("post", "/targets/{referrals}/actual/", '{"value": "NaN", "evidence": "Return"}', JSON, 400),
    ("post", "/targets/{referrals}/actual/", '{"value": "Infinity", "evidence": "Return"}', JSON, 400),
    ("post", "/targets/{referrals}/actual/", '{"value": [1], "evidence": "Return"}', JSON, 400),
    ("post", "/targets/{referrals}/actual/", '{"value": 3.5, "evidence": "Return"}', JSON, 400),
    ("post", "/targets/{referrals}/actual/", '{"value": 4, "evidence": "   "}', JSON, 400),
    ("post", "/targets/{referrals}/actual/", '{"value": 4, "evidence": {"a": 1}}', JSON, 400),
    ("post", "/targets/{referrals}/actual/", '{"value": 4, "evidence": "Return"', JSON, 400),
    ("post", "/figures/{referrals_figure}/values/", '{"value": "many", "evidence": "Return"}', JSON, 400),
    ("post", "/figures/", '{"title": "X", "unit": "furlongs", "start_year": 2025, "definition": "d", "source": "s"}',
     JSON, 400),
    ("post", "/figures/", '{"title": "X", "unit": "count", "start_year": 2025, "definition": "d", "source": "s", '
     '"owner_organisation": "the council"}', JSON, 400),
    ("post", "/figures/", '{"title": "X", "unit": "count", "start_year": 2025, "definition": "d", "source": "s", '
     '"owner_organisation": 999999}', JSON, 400),
    ("post", "/figures/", '{"title": "X", "name": "new", "unit": "count", "start_year": 2025, "definition": "d", '
     '"source": "s"}', JSON, 400),
    ("post", "/figures/", '{"title": "X", "unit": "count", "start_year": 2025, "definition": "  ", "source": "s"}',
     JSON, 400),
]


def test_malformed_requests_get_a_plain_refusal_and_change_nothing(api, plans):
    objects = {"referrals": plans["referrals"].pk, "referrals_figure": plans["referrals"].actual.name}
    events = AuditEvent.objects.count()
    wrong = []
    for method, path, body, content_type, expected in BAD_REQUESTS:
        url = f"{API}/testvale{path.format(**objects)}"
        response = getattr(api, method)(url, body, content_type=content_type)
        if response.status_code != expected or response["Content-Type"] != JSON or not response.json():
            wrong.append(f"{method.upper()} {url} {body}: {response.status_code} {response.content[:200]!r}")
    assert not wrong, "\n".join(wrong)
    assert AuditEvent.objects.count() == events
