"""The casework API: who sees what (owning organisation, an organisation a case is shared with, one it
is not, another partnership, a role without casework, no one signed in), 404 for everything else,
filters and search, an audit event for every answer holding personal data, reports recorded with the
page's own checks (400 naming the field, nothing saved), token sign-in, and the schema."""

import datetime
import json

import pytest

from tests.signin import force_sign_in
from django.test import Client
from django.utils import timezone
from eunomia.accounts.tokens import create_token

from eunomia.accounts.models import User
from eunomia.audit.models import AuditEvent
from eunomia.casework import actions
from eunomia.casework.forms import ReportForm
from eunomia.casework.models import Person, Report
from eunomia.interventions import actions as intervention_actions
from eunomia.partners import actions as partner_actions
from tests.clock import at

API = "/api/v1/partnerships"
JSON = "application/json"
TODAY = timezone.localdate()




def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def world(partnership, council, housing, make_member, system_user, outsider, other_partnership):
    """The council owns two cases; the first is shared with Testvale Homes, the second with no one.
    The police are a member organisation with nothing shared. Elsewhere has a report of its own."""
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    police = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Police",
                                              kind="police", joined_on=datetime.date(2010, 1, 1))
    officer = make_member("partner_practitioner", partnership, police)
    analyst = make_member("analyst", partnership, council)
    nobody = User.objects.create_user("nobody@eunomia.test", "no-memberships-here", full_name="No One")

    victim = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                                last_name="Ellis", date_of_birth=datetime.date(1950, 3, 1), flags=["older"])
    youth = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Jo",
                               last_name="Marsh", date_of_birth=datetime.date(2009, 6, 1))
    report = actions.record_report(
        by=csu, partnership=partnership, organisation=council, occurred_at=at(days_ago(2), 23),
        reported_at=at(days_ago(1)), category="noise", source="phone", description="Music all night",
        address="4 Mill Lane", postcode="tv1 2ab", people=[(victim, "victim"), (youth, "perpetrator")])
    second = actions.record_report(
        by=csu, partnership=partnership, organisation=council, occurred_at=at(days_ago(30)),
        reported_at=at(days_ago(30)), category="nuisance", source="police", description="Shouting",
        address="6 Mill Lane", postcode="TV1 2AB")
    tenant = actions.add_person(by=practitioner, partnership=partnership, organisation=housing, first_name="Robin",
                                last_name="Hale")
    housing_report = actions.record_report(
        by=practitioner, partnership=partnership, organisation=housing, occurred_at=at(days_ago(5)),
        reported_at=at(days_ago(5)), category="nuisance", source="housing", description="Stairwell",
        people=[(tenant, "victim")])

    case = actions.open_case_from_report(by=csu, partnership=partnership, organisation=council, report=report,
                                         title="Mill Lane noise")
    private_case = actions.open_case(by=csu, partnership=partnership, organisation=council,
                                     title="Mill Lane ongoing", reports=[report, second])
    actions.add_party(by=csu, case=private_case, person=victim, role="complainant")
    agreement = actions.add_agreement(
        by=system_user, partnership=partnership, title="ASB Task Group ISA", purpose="Managing ASB cases together",
        lawful_basis="public_task", parties=[council, housing], starts_on=datetime.date(2024, 1, 1),
        review_on=datetime.date(2099, 1, 1))
    actions.share_case(by=csu, case=case, organisation=housing, agreement=agreement)
    warning = intervention_actions.record_intervention(by=csu, case=case, person=youth, kind="verbal_warning",
                                                       issued_on=TODAY)

    consent = actions.record_consent(by=csu, person=victim, organisation=council, basis="consent", state="given",
                                     decided_on=days_ago(1), method="verbal", note="Agreed on the phone")

    elsewhere_org = outsider.memberships.get().organisation
    elsewhere_person = actions.add_person(by=outsider, partnership=other_partnership,
                                          organisation=elsewhere_org, first_name="Dana", last_name="Ellis")
    elsewhere_report = actions.record_report(
        by=outsider, partnership=other_partnership, organisation=elsewhere_org, occurred_at=at(days_ago(3)),
        reported_at=at(days_ago(3)), category="noise", source="phone", description="Elsewhere noise",
        people=[(elsewhere_person, "victim")])
    return locals()


@pytest.fixture
def api(world, fast_client_for):
    def client(who):
        return fast_client_for(world[who] if who else None)

    return client


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# Who sees what -------------------------------------------------------------------------------------

def test_each_reader_sees_only_what_their_organisation_owns_or_is_shared(world, api):
    w = world
    expected = {
        #               reports                                             cases
        "csu":          ({"report", "second"},                              {"case", "private_case"}),
        "practitioner": ({"report", "housing_report"},                      {"case"}),
        "officer":      (set(),                                             set()),
    }
    for who, (reports, cases) in expected.items():
        client = api(who)
        assert ids(client.get(f"{API}/testvale/reports/")) == {w[r].pk for r in reports}, who
        assert ids(client.get(f"{API}/testvale/cases/")) == {w[c].pk for c in cases}, who


DETAILS = ("report", "second", "housing_report", "elsewhere_report", "case", "private_case", "victim", "youth",
           "tenant", "elsewhere_person")


def _detail_url(w, name, slug="testvale"):
    kind = {"case": "cases", "private_case": "cases", "victim": "people", "youth": "people", "tenant": "people",
            "elsewhere_person": "people"}.get(name, "reports")
    return f"{API}/{slug}/{kind}/{w[name].pk}/"


def test_a_record_the_reader_may_not_see_is_not_found(world, api):
    w = world
    visible = {
        "csu": {"report", "second", "case", "private_case", "victim", "youth"},
        "practitioner": {"report", "housing_report", "case", "victim", "youth", "tenant"},
        "officer": set(),
    }
    for who, seen in visible.items():
        client = api(who)
        statuses = {name: client.get(_detail_url(w, name)).status_code for name in DETAILS}
        assert statuses == {name: 200 if name in seen else 404 for name in DETAILS}, who
    # The same ids asked for under another partnership, or records that do not exist at all.
    client = api("csu")
    assert client.get(f"{API}/elsewhere/reports/{w['report'].pk}/").status_code == 404
    assert client.get(f"{API}/testvale/reports/999999/").status_code == 404
    assert client.get(f"{API}/testvale/people/999999/").status_code == 404
    assert client.get(f"{API}/testvale/cases/999999/").status_code == 404


def test_the_404_says_nothing_about_whether_the_record_exists(world, api):
    client = api("officer")
    hidden = client.get(f"{API}/testvale/reports/{world['report'].pk}/")
    missing = client.get(f"{API}/testvale/reports/999999/")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_sharing_and_unsharing_change_what_the_partner_sees(world, api):
    w = world
    client = api("practitioner")
    assert client.get(_detail_url(w, "case")).status_code == 200
    actions.unshare_case(by=w["csu"], share=w["case"].shares.get())
    assert client.get(_detail_url(w, "case")).status_code == 404
    assert client.get(_detail_url(w, "report")).status_code == 404
    assert client.get(_detail_url(w, "victim")).status_code == 404
    assert ids(client.get(f"{API}/testvale/reports/")) == {w["housing_report"].pk}


@pytest.mark.parametrize("who, status", [("analyst", 403), ("outsider", 404), ("nobody", 404)])
def test_members_without_casework_and_strangers_are_refused_everywhere(world, api, who, status):
    """Decided as the pages do: a member whose role has no casework gets a 403 for every casework
    address, whatever the id (so it tells nothing about a record); someone outside the partnership a 404."""
    client = api(who)
    urls = [f"{API}/testvale/reports/", f"{API}/testvale/cases/"] + [_detail_url(world, n) for n in DETAILS]
    events = AuditEvent.objects.count()
    assert {url: client.get(url).status_code for url in urls} == {url: status for url in urls}
    assert client.post(f"{API}/testvale/reports/", _good_report(), content_type=JSON).status_code == status
    assert AuditEvent.objects.count() == events


def test_no_one_signed_in_is_refused_in_json(world, api):
    for url in (f"{API}/testvale/reports/", _detail_url(world, "report"), _detail_url(world, "victim")):
        response = api(None).get(url)
        assert response.status_code in (401, 403) and "detail" in response.json()


# What a record shows ------------------------------------------------------------------------------

def test_a_report_shows_its_people_and_only_the_cases_the_reader_may_see(world, api):
    w = world
    body = api("practitioner").get(_detail_url(w, "report")).json()
    assert (body["reference"], body["category"], body["source"], body["postcode"]) == (
        w["report"].reference, "noise", "phone", "TV1 2AB")
    assert body["description"] == "Music all night" and body["owner_organisation"] == "Testvale Council"
    assert sorted((p["name"], p["role"]) for p in body["people"]) == [("Dana Ellis", "victim"),
                                                                      ("Jo Marsh", "perpetrator")]
    assert [c["id"] for c in body["cases"]] == [w["case"].pk]
    both = {c["id"] for c in api("csu").get(_detail_url(w, "report")).json()["cases"]}
    assert both == {w["case"].pk, w["private_case"].pk}


def test_a_case_shows_parties_reports_shares_and_interventions(world, api):
    w = world
    body = api("practitioner").get(_detail_url(w, "case")).json()
    assert (body["reference"], body["status"], body["owner_organisation"]) == (w["case"].reference, "open",
                                                                               "Testvale Council")
    assert body["owned_by_you"] is False
    assert sorted((p["name"], p["role"]) for p in body["parties"]) == [("Dana Ellis", "victim"),
                                                                       ("Jo Marsh", "perpetrator")]
    assert [r["id"] for r in body["reports"]] == [w["report"].pk]
    assert [(s["organisation"], s["agreement"]) for s in body["shares"]] == [("Testvale Homes",
                                                                              "ASB Task Group ISA")]
    assert [(i["kind"], i["person_id"]) for i in body["interventions"]] == [("verbal_warning", w["youth"].pk)]
    assert api("csu").get(_detail_url(w, "case")).json()["owned_by_you"] is True


def test_a_person_shows_only_the_reports_and_cases_the_reader_may_see(world, api):
    w = world
    body = api("practitioner").get(_detail_url(w, "victim")).json()
    assert (body["first_name"], body["last_name"], body["flags"]) == ("Dana", "Ellis", ["older"])
    assert body["age"] == w["victim"].age_on(TODAY)
    assert [(r["id"], r["role"]) for r in body["reports"]] == [(w["report"].pk, "victim")]
    assert [(c["id"], c["role"]) for c in body["cases"]] == [(w["case"].pk, "victim")]
    assert [(c["basis"], c["state"], c["method"], c["recorded_for"]) for c in body["consents"]] == [
        ("consent", "given", "verbal", "Testvale Council")]
    body = api("csu").get(_detail_url(w, "victim")).json()
    assert sorted((c["id"], c["role"]) for c in body["cases"]) == sorted(
        [(w["case"].pk, "victim"), (w["private_case"].pk, "complainant")])


def test_a_merged_person_points_to_the_one_kept_if_the_reader_may_see_it(world, api, partnership, council):
    """Decided: a merged duplicate's id answers 301 with the kept person's address (only an id in it,
    so not audited), as the page redirects; if the reader may not see who it became, a 404 like any
    other."""
    w = world
    duplicate = actions.add_person(by=w["csu"], partnership=partnership, organisation=council, first_name="Dana",
                                   last_name="Elis")
    actions.merge_people(by=w["csu"], kept=w["victim"], duplicate=duplicate)
    events = AuditEvent.objects.count()
    response = api("csu").get(f"{API}/testvale/people/{duplicate.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"{API}/testvale/people/{w['victim'].pk}/"
    assert response.json()["merged_into"] == w["victim"].pk
    assert AuditEvent.objects.count() == events
    assert api("csu").get(response["Location"]).json()["first_name"] == "Dana"
    # The police see neither record: the duplicate is as missing as an id never used.
    assert api("officer").get(f"{API}/testvale/people/{duplicate.pk}/").status_code == 404

    hidden = actions.add_person(by=w["csu"], partnership=partnership, organisation=council, first_name="Robin",
                                last_name="Hail")
    actions.merge_people(by=w["practitioner"], kept=w["tenant"], duplicate=hidden)  # to one the council cannot see
    assert api("csu").get(f"{API}/testvale/people/{hidden.pk}/").status_code == 404


# Filters, search and pages -------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("category=noise", {"report"}),
    ("category=nuisance", {"second"}),
    ("source=police", {"second"}),
    ("source=phone&category=nuisance", set()),
    (f"occurred_from={days_ago(2)}", {"report"}),
    (f"occurred_to={days_ago(3)}", {"second"}),
    (f"occurred_from={days_ago(30)}&occurred_to={days_ago(30)}", {"second"}),
    (f"occurred_from={days_ago(29)}&occurred_to={days_ago(3)}", set()),
    ("q=ellis", {"report"}),
    ("q=mill+lane", {"report", "second"}),
    ("q=ellis+mill", {"report"}),
    ("q=TV1+2AB", {"report", "second"}),
    ("q=hale", set()),  # the housing provider's tenant: not the council's to find
])
def test_report_filters_and_search(world, api, query, expected):
    assert ids(api("csu").get(f"{API}/testvale/reports/?{query}")) == {world[name].pk for name in expected}


@pytest.mark.parametrize("query, expected", [
    ("status=open", {"case", "private_case"}),
    ("status=closed", set()),
    ("q=ongoing", {"private_case"}),
    ("q=marsh", {"case"}),
    ("q=ellis", {"case", "private_case"}),
    ("owner_organisation={housing}", set()),
    ("owner_organisation={council}", {"case", "private_case"}),
])
def test_case_filters_and_search(world, api, query, expected):
    query = query.format(housing=world["housing"].pk, council=world["council"].pk)
    assert ids(api("csu").get(f"{API}/testvale/cases/?{query}")) == {world[name].pk for name in expected}


def test_the_partner_searches_only_what_is_shared_with_it(world, api):
    assert ids(api("practitioner").get(f"{API}/testvale/cases/?q=mill")) == {world["case"].pk}
    assert ids(api("practitioner").get(f"{API}/testvale/reports/?q=mill")) == {world["report"].pk}


@pytest.mark.parametrize("url, field", [
    ("reports/?category=flying-saucers", "category"),
    ("reports/?source=pigeon", "source"),
    ("reports/?occurred_from=yesterday", "occurred_from"),
    ("reports/?occurred_to=2026-02-30", "occurred_to"),
    ("reports/?occurred_from=2026-05-02&occurred_to=2026-05-01", "occurred_to"),
    (f"reports/?q={'x' * 101}", "q"),
    ("cases/?status=pending", "status"),
    ("cases/?owner_organisation=the+council", "owner_organisation"),
    ("cases/?owner_organisation=999999", "owner_organisation"),
])
def test_a_bad_filter_is_refused_naming_it_and_nothing_is_shown_or_audited(world, api, url, field):
    events = AuditEvent.objects.count()
    response = api("csu").get(f"{API}/testvale/{url}")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert AuditEvent.objects.count() == events


def test_another_partnerships_organisation_is_not_a_filter_here(world, api):
    response = api("csu").get(f"{API}/testvale/cases/?owner_organisation={world['elsewhere_org'].pk}")
    assert response.status_code == 400


def test_lists_come_in_pages(world, api):
    client = api("csu")
    first = client.get(f"{API}/testvale/reports/?limit=1").json()
    assert first["count"] == 2 and len(first["results"]) == 1 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    # Newest reported first, as on the page.
    assert [first["results"][0]["id"], second["results"][0]["id"]] == [world["report"].pk, world["second"].pk]


# Audit ---------------------------------------------------------------------------------------------

def test_every_answer_holding_personal_data_is_audited(world, api):
    w = world
    reads = {
        f"{API}/testvale/reports/?category=noise": ("casework.reports_listed", {"ids": [w["report"].pk]}),
        f"{API}/testvale/reports/?q=Ellis&reason=Task+Group": ("casework.reports_searched",
                                                                {"ids": [w["report"].pk], "search": "Ellis"}),
        f"{API}/testvale/cases/?status=open": ("casework.cases_listed",
                                               {"ids": [w["private_case"].pk, w["case"].pk], "status": "open"}),
        f"{API}/testvale/cases/?q=ongoing": ("casework.cases_searched", {"ids": [w["private_case"].pk]}),
        _detail_url(w, "report"): ("casework.report_viewed",
                                   {"cases": [w["private_case"].pk, w["case"].pk],
                                    "people": sorted([w["victim"].pk, w["youth"].pk])}),
        _detail_url(w, "case"): ("casework.case_viewed",
                                 {"reports": [w["report"].pk], "interventions": [w["warning"].pk]}),
        _detail_url(w, "victim"): ("casework.person_viewed",
                                   {"reports": [w["report"].pk], "consents": [w["consent"].pk],
                                    "cases": sorted([w["case"].pk, w["private_case"].pk])}),
    }
    client = api("csu")
    for url, (action, data) in reads.items():
        before = AuditEvent.objects.count()
        assert client.get(url, REMOTE_ADDR="192.0.2.7").status_code == 200, url
        assert AuditEvent.objects.count() == before + 1, url
        event = AuditEvent.objects.order_by("-id").first()
        assert (event.action, event.actor, event.ip_address, event.data["via"]) == (
            action, w["csu"].email, "192.0.2.7", "api"), url
        for key, value in data.items():
            assert event.data[key] == value, (url, key)
    search = AuditEvent.objects.get(action="casework.reports_searched")
    assert search.reason == "Task Group"
    assert AuditEvent.objects.filter(action="casework.reports_listed").get().data["filters"] == {
        "category": "noise"}


def test_an_empty_list_is_audited_too(world, api):
    assert ids(api("officer").get(f"{API}/testvale/reports/")) == set()
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.data["ids"]) == ("casework.reports_listed", [])


# Recording a report --------------------------------------------------------------------------------

def _good_report(**changes):
    report = {"occurred_on": days_ago(1).isoformat(), "occurred_time": "21:30", "category": "noise",
              "source": "online", "description": "Party until 3am", "address": "9 Mill Lane", "postcode": "tv1 2ab",
              "first_name": "Kim", "last_name": "Young", "date_of_birth": "1990-02-03", "role": "complainant",
              "phone": "07700 900123", "flags": ["disability"], "anonymous": False}
    report.update(changes)
    return {name: value for name, value in report.items() if value is not ...}


def _stored():
    return Report.objects.count(), Person.objects.count(), AuditEvent.objects.count()


def test_record_a_report_through_the_api(world, api):
    w = world
    before = Report.objects.count()
    response = api("practitioner").post(f"{API}/testvale/reports/", _good_report(), content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    report = Report.objects.get(pk=body["id"])
    assert Report.objects.count() == before + 1
    assert (report.owner_organisation, report.category, report.source, report.postcode) == (
        w["housing"], "noise", "online", "TV1 2AB")
    assert timezone.localtime(report.occurred_at).time() == datetime.time(21, 30)
    assert [(p["name"], p["role"]) for p in body["people"]] == [("Kim Young", "complainant")]
    kim = Person.objects.get(first_name="Kim")
    assert (kim.owner_organisation, kim.flags, kim.phone) == (w["housing"], ["disability"], "07700 900123")
    recorded = AuditEvent.objects.get(action="casework.report_recorded", object_id=str(report.pk))
    assert (recorded.actor, recorded.data["people"]) == (w["practitioner"].email, [kim.pk])
    assert AuditEvent.objects.filter(action="casework.person_added", object_id=str(kim.pk)).exists()
    # The new report is the practitioner's to read at once.
    assert api("practitioner").get(f"{API}/testvale/reports/{report.pk}/").status_code == 200


def test_a_person_already_known_is_linked_not_added_again(world, api):
    w = world
    people = Person.objects.count()
    response = api("csu").post(f"{API}/testvale/reports/", _good_report(
        first_name="dana", last_name="ELLIS", date_of_birth="1950-03-01", role=..., flags=...), content_type=JSON)
    assert response.status_code == 201
    assert Person.objects.count() == people
    assert [(p["id"], p["role"]) for p in response.json()["people"]] == [(w["victim"].pk, "victim")]


def test_an_anonymous_report_needs_no_person(world, api):
    response = api("csu").post(f"{API}/testvale/reports/", {
        "occurred_on": days_ago(0).isoformat(), "category": "environmental", "source": "online",
        "description": "Fly-tipping behind the shops", "anonymous": True}, content_type=JSON)
    assert response.status_code == 201, response.content
    assert response.json()["anonymous"] is True and response.json()["people"] == []


TOMORROW = (TODAY + datetime.timedelta(days=1)).isoformat()

BAD_REPORTS = [
    # changes to a good report, the field named, words in its message
    ({"occurred_on": ...}, "occurred_on", "Enter the date it happened"),
    ({"occurred_on": "last Tuesday"}, "occurred_on", "Enter the date it happened like"),
    ({"occurred_on": TOMORROW}, "occurred_on", "must be now or in the past"),
    ({"occurred_on": 20260101}, "occurred_on", "Send text"),
    ({"occurred_time": "25:00"}, "occurred_time", "Enter the time like 21:30"),
    ({"category": ...}, "category", "Choose a category"),
    ({"category": "flying-saucers"}, "category", "Select a valid choice"),
    ({"source": "pigeon"}, "source", "Select a valid choice"),
    ({"source": ""}, "source", "Choose how it was reported"),
    ({"description": "   "}, "description", "Describe what happened"),
    ({"description": {"text": "x"}}, "description", "Send text"),
    ({"address": "x" * 301}, "address", "at most 300 characters"),
    ({"postcode": "TV1 2AB TV1 2AB"}, "postcode", "at most 10 characters"),
    ({"anonymous": "perhaps"}, "anonymous", "Send true or false"),
    ({"last_name": ""}, "last_name", "Enter both the first and last name, or neither"),
    ({"first_name": ""}, "first_name", "Enter both the first and last name, or neither"),
    ({"first_name": "x" * 101}, "first_name", "at most 100 characters"),
    ({"date_of_birth": "03/02/1990x"}, "date_of_birth", "Enter the date of birth like"),
    ({"date_of_birth": TOMORROW}, "date_of_birth", "must be today or in the past"),
    ({"date_of_birth": "1880-01-01"}, "date_of_birth", "The date of birth must be on or after 1 January 1900"),
    ({"date_of_birth": "1901-01-01"}, "date_of_birth", "more than 120 years ago"),
    ({"date_of_birth": days_ago(0).isoformat()}, "occurred_on", "Kim Young was born after this happened"),
    ({"phone": "0" * 41}, "phone", "at most 40 characters"),
    ({"email": "kim at home"}, "email", "Enter the email address like"),
    ({"role": "bystander"}, "role", "Select a valid choice"),
    ({"flags": ["unicorn"]}, "flags", "Select a valid choice"),
    ({"flags": "older"}, "flags", "Send a list of text values"),
    ({"occured_on": "2026-01-01"}, "occured_on", "A report has no field occured_on"),
]


@pytest.mark.parametrize("changes, field, words", BAD_REPORTS)
def test_a_bad_report_is_refused_naming_the_field_and_nothing_is_saved(world, api, changes, field, words):
    before = _stored()
    response = api("csu").post(f"{API}/testvale/reports/", _good_report(**changes), content_type=JSON)
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert any(words in message for message in errors[field]), errors
    assert _stored() == before


def test_every_missing_required_field_is_named_at_once(world, api):
    response = api("csu").post(f"{API}/testvale/reports/", {}, content_type=JSON)
    assert response.status_code == 400
    assert set(response.json()) == {"occurred_on", "category", "source", "description"}


@pytest.mark.parametrize("body, content_type, status", [
    ('{"occurred_on": "2026-01-01"', JSON, 400),
    ('["noise"]', JSON, 400),
    ('"noise"', JSON, 400),
    ("null", JSON, 400),
    ("occurred_on=2026-01-01&category=noise", "application/x-www-form-urlencoded", 415),
    ("occurred_on=2026-01-01", "text/plain", 415),
])
def test_a_malformed_request_gets_a_plain_refusal_and_changes_nothing(world, api, body, content_type, status):
    before = _stored()
    response = api("csu").post(f"{API}/testvale/reports/", body, content_type=content_type)
    assert response.status_code == status
    assert response["Content-Type"] == JSON and response.json()
    assert _stored() == before


# Signing in ----------------------------------------------------------------------------------------

def test_token_authentication_reads_and_records_without_csrf(world):
    w = world
    _, key = create_token(by=w["csu"], name="Tests", days=30)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {key}")
    assert w["report"].pk in ids(client.get(f"{API}/testvale/reports/"))
    assert client.get(_detail_url(w, "housing_report")).status_code == 404
    assert client.post(f"{API}/testvale/reports/", _good_report(), content_type=JSON).status_code == 201
    event = AuditEvent.objects.get(action="casework.reports_listed")
    assert event.actor == w["csu"].email


def test_a_session_needs_the_csrf_token_to_record(world):
    client = Client(enforce_csrf_checks=True)
    force_sign_in(client, world["csu"])
    before = _stored()
    response = client.post(f"{API}/testvale/reports/", _good_report(), content_type=JSON)
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert _stored() == before


# The schema ----------------------------------------------------------------------------------------

def test_the_schema_describes_the_casework_api(world, api):
    schema = json.loads(api("csu").get("/api/v1/schema/?format=json").content)
    paths = schema["paths"]
    reports = paths["/api/v1/partnerships/{slug}/reports/"]
    assert {"get", "post"} <= set(reports)
    assert {p["name"] for p in reports["get"]["parameters"]} >= {"category", "source", "occurred_from",
                                                                 "occurred_to", "q", "reason", "limit", "offset"}
    assert reports["get"]["responses"]["200"]["content"][JSON]["schema"]["$ref"].endswith("/PaginatedReportList")
    assert list(reports["post"]["requestBody"]["content"]) == [JSON]
    new_report = schema["components"]["schemas"]["NewReportRequest"]
    assert set(new_report["properties"]) == {n for n, f in ReportForm.base_fields.items() if not f.widget.is_hidden}
    assert "offered" not in new_report["properties"]
    assert set(new_report["required"]) == {"occurred_on", "category", "source", "description"}
    for path in ("reports/{id}/", "cases/", "cases/{id}/", "people/{id}/"):
        assert "get" in paths[f"/api/v1/partnerships/{{slug}}/{path}"], path
    assert "301" in paths["/api/v1/partnerships/{slug}/people/{id}/"]["get"]["responses"]
