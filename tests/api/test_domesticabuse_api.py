"""The domestic abuse API (ADR 0031): restricted as the pages are. Every DA address is a 404 to every
role without DA permissions and to another partnership's members, lists too, and writes nothing; the
anonymous are refused in JSON; a DA specialist reads people (with search), referrals (filtered by
status, with what a draft still lacks) and MARAC meetings (minutes only in the detail), each answer
audited with "via": "api"; and no DA record shows in the casework API."""

import datetime
import json

import pytest
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.domesticabuse import actions
from tests.domesticabuse.helpers import answers_with

API = "/api/v1/partnerships/testvale/domestic-abuse"
TODAY = timezone.localdate()
NON_DA_ROLES = ["csp_manager", "analyst", "csu_officer", "partner_practitioner", "board_member"]


def da_reads():
    return AuditEvent.objects.filter(action__startswith="domesticabuse.").count()


@pytest.fixture
def da(partnership, council, housing, make_member):
    """A victim referred to MARAC (sent) and listed at a meeting with an action; a second victim with
    a draft referral lacking her date of birth and the perpetrator's name; support and a safety plan."""
    idva = make_member("da_specialist", partnership, council)
    area = actions.default_marac_area(partnership)
    victim = actions.save_person(by=idva, partnership=partnership, first_name="Dana", last_name="Quillfeather",
                                 date_of_birth=datetime.date(1990, 3, 1), sex="female", address="1 Mill Lane",
                                 postcode="TV1 9ZZ")
    abuser = actions.save_person(by=idva, partnership=partnership, first_name="Rex", last_name="Ironmonger")
    second = actions.save_person(by=idva, partnership=partnership, first_name="Mo", last_name="Tarrant")
    checklist = actions.complete_checklist(by=idva, victim=victim, answers=answers_with(15), marac_area=area,
                                           perpetrator=abuser, assessed_on=TODAY)
    sent = actions.make_referral(by=idva, checklist=checklist)
    actions.send_referral(by=idva, referral=sent)
    draft = actions.make_referral(by=idva, checklist=actions.complete_checklist(
        by=idva, victim=second, answers=answers_with(14), marac_area=area, assessed_on=TODAY))
    episode = actions.start_support(by=idva, victim=victim, kind="idva", started_on=TODAY, risk_level_at_start="high")
    plan = actions.add_safety_plan(by=idva, victim=victim, agreed_on=TODAY, measures="Alarm fitted",
                                   review_on=TODAY + datetime.timedelta(days=30))
    meeting = actions.create_meeting(by=idva, partnership=partnership, marac_area=area, held_on=TODAY,
                                     present=[council], apologies=[housing])
    case = actions.add_case(by=idva, meeting=meeting, referral=sent, information_shared="Police history")
    action = actions.add_meeting_action(by=idva, meeting=meeting, description="Fit alarm", owner_organisation=council,
                                        due_on=TODAY, case=case)
    actions.save_minutes(by=idva, meeting=meeting, minutes="Quillfeather discussed: restricted")
    return locals()


def every_da_url(da):
    return [f"{API}/people/", f"{API}/people/?q=Quill", f"{API}/people/{da['victim'].pk}/",
            f"{API}/referrals/", f"{API}/referrals/?status=draft", f"{API}/referrals/{da['sent'].pk}/",
            f"{API}/meetings/", f"{API}/meetings/{da['meeting'].pk}/"]


# The restriction -----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", NON_DA_ROLES + ["outsider", "other_da_specialist"])
def test_every_da_address_is_not_found_without_da_permissions_and_writes_nothing(
        da, role, make_member, partnership, council, outsider, other_partnership, system_user, fast_client_for):
    if role == "outsider":
        user = outsider
    elif role == "other_da_specialist":
        from eunomia.partners import actions as partner_actions
        org = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Elsewhere Refuge")
        user = make_member("da_specialist", other_partnership, org)
    else:
        user = make_member(role, partnership, council)
    client = fast_client_for(user)
    before = (AuditEvent.objects.count(), da_reads())
    for url in every_da_url(da) + [f"{API}/people/999999/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Quillfeather" not in response.content.decode()
    assert (AuditEvent.objects.count(), da_reads()) == before


def test_the_404_for_a_refused_caller_is_the_404_for_no_such_partnership(da, make_member, partnership, council,
                                                                        fast_client_for):
    client = fast_client_for(make_member("csp_manager", partnership, council))
    refused = client.get(f"{API}/people/")
    nowhere = client.get("/api/v1/partnerships/nowhere/domestic-abuse/people/")
    assert refused.status_code == nowhere.status_code == 404
    assert refused.json() == nowhere.json()


def test_no_one_signed_in_is_refused_in_json(da, fast_client_for):
    client = fast_client_for(None)
    for url in every_da_url(da):
        response = client.get(url)
        assert response.status_code in (401, 403) and "detail" in response.json(), url


def test_a_da_record_never_appears_in_the_casework_api(da, make_member, partnership, council, fast_client_for):
    officer = make_member("csu_officer", partnership, council)
    namesake = casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Dana",
                                   last_name="Quillfeather")
    casework.record_report(by=officer, partnership=partnership, organisation=council, occurred_at=timezone.now(),
                           reported_at=timezone.now(), category="noise", source="phone", description="Music",
                           people=[(namesake, "victim")])
    client = fast_client_for(officer)
    answers = [client.get("/api/v1/partnerships/testvale/reports/", {"q": "Quillfeather"}),
               client.get("/api/v1/partnerships/testvale/cases/"),
               client.get(f"/api/v1/partnerships/testvale/people/{namesake.pk}/")]
    for response in answers:
        assert response.status_code == 200
        for secret in ("Ironmonger", "Tarrant", "Mill Lane", "MARAC", "domestic"):
            assert secret not in response.content.decode(), secret


# What a DA specialist reads -------------------------------------------------------------------------

def test_people_are_listed_and_searched_by_name_or_postcode(da, fast_client_for):
    client = fast_client_for(da["idva"])
    names = lambda response: [p["last_name"] for p in response.json()["results"]]  # noqa: E731
    assert names(client.get(f"{API}/people/")) == ["Ironmonger", "Quillfeather", "Tarrant"]
    assert names(client.get(f"{API}/people/", {"q": "quill"})) == ["Quillfeather"]
    assert names(client.get(f"{API}/people/", {"q": "tv1 9zz"})) == ["Quillfeather"]
    assert names(client.get(f"{API}/people/", {"q": "Dana Tarrant"})) == []
    assert names(client.get(f"{API}/people/", {"limit": 1, "offset": 1})) == ["Quillfeather"]


def test_a_person_comes_with_checklists_referrals_support_and_safety_plans(da, fast_client_for):
    body = fast_client_for(da["idva"]).get(f"{API}/people/{da['victim'].pk}/").json()
    assert (body["last_name"], body["address"], body["postcode"]) == ("Quillfeather", "1 Mill Lane", "TV1 9ZZ")
    assert [(c["id"], c["score"], c["level"]) for c in body["checklists"]] == [(da["checklist"].pk, 15, "high")]
    assert [(r["id"], r["status"], r["grounds"]) for r in body["referrals"]] == [(da["sent"].pk, "sent", "actuarial")]
    assert [(s["id"], s["kind"], s["ended_on"]) for s in body["support"]] == [(da["episode"].pk, "idva", None)]
    assert [(p["id"], p["measures"]) for p in body["safety_plans"]] == [(da["plan"].pk, "Alarm fitted")]


@pytest.mark.parametrize("status, expected", [("", {"sent", "draft"}), ("draft", {"draft"}), ("sent", {"sent"})])
def test_referrals_are_filtered_by_status(da, fast_client_for, status, expected):
    response = fast_client_for(da["idva"]).get(f"{API}/referrals/", {"status": status} if status else {})
    rows = response.json()["results"]
    assert {r["id"] for r in rows} == {da[name].pk for name in expected}
    assert {r["status"] for r in rows} == expected


def test_a_bad_status_is_refused_naming_it_and_nothing_is_audited(da, fast_client_for):
    before = da_reads()
    response = fast_client_for(da["idva"]).get(f"{API}/referrals/", {"status": "pending"})
    assert response.status_code == 400 and "status" in response.json()
    assert da_reads() == before


def test_a_draft_referral_says_what_is_missing_and_a_sent_one_its_repeat_flag(da, fast_client_for):
    client = fast_client_for(da["idva"])
    draft = client.get(f"{API}/referrals/{da['draft'].pk}/").json()
    assert (draft["status"], draft["score"], draft["level"], draft["grounds"]) == ("draft", 14, "high", "actuarial")
    assert draft["checklist"]["id"] == da["draft"].checklist_id
    assert draft["missing"] == ["Enter the victim's date of birth", "Enter the victim's sex",
                                "Enter the victim's address", "Enter the perpetrator's name"]
    assert draft["perpetrator"] is None and draft["victim"]["name"] == "Mo Tarrant"
    sent = client.get(f"{API}/referrals/{da['sent'].pk}/").json()
    assert (sent["status"], sent["is_repeat"], sent["missing"], sent["referred_on"]) == (
        "sent", False, [], TODAY.isoformat())
    assert sent["perpetrator"] == {"id": da["abuser"].pk, "name": "Rex Ironmonger"}


def test_meetings_show_cases_agencies_and_actions_and_only_the_detail_the_minutes(da, fast_client_for):
    client = fast_client_for(da["idva"])
    [listed] = client.get(f"{API}/meetings/").json()["results"]
    assert "minutes" not in listed
    assert (listed["present"], listed["apologies"]) == (["Testvale Council"], ["Testvale Homes"])
    assert [(c["referral_id"], c["victim"]["name"]) for c in listed["cases"]] == [(da["sent"].pk, "Dana Quillfeather")]
    assert [(a["description"], a["owner_organisation"], a["done_on"], a["referral_id"]) for a in listed["actions"]] == [
        ("Fit alarm", "Testvale Council", None, da["sent"].pk)]
    detail = client.get(f"{API}/meetings/{da['meeting'].pk}/").json()
    assert detail["minutes"] == "Quillfeather discussed: restricted"
    assert client.get(f"{API}/meetings/999999/").status_code == 404


def test_every_answer_is_audited_via_the_api(da, fast_client_for):
    client = fast_client_for(da["idva"])
    expected = [
        (f"{API}/people/", "domesticabuse.people_listed", None, 
         {"people": [da["abuser"].pk, da["victim"].pk, da["second"].pk]}),
        (f"{API}/people/?q=Quill&reason=Safeguarding+call", "domesticabuse.searched", None,
         {"search": "Quill", "people": [da["victim"].pk]}),
        (f"{API}/people/{da['victim'].pk}/", "domesticabuse.person_viewed", da["victim"].pk,
         {"referrals": [da["sent"].pk], "support": [da["episode"].pk], "safety_plans": [da["plan"].pk]}),
        (f"{API}/referrals/?status=sent", "domesticabuse.referrals_listed", None,
         {"status": "sent", "referrals": [da["sent"].pk]}),
        (f"{API}/referrals/{da['draft'].pk}/", "domesticabuse.referral_viewed", da["draft"].pk, {}),
        (f"{API}/meetings/", "domesticabuse.meetings_listed", None,
         {"meetings": [da["meeting"].pk], "referrals": [da["sent"].pk]}),
        (f"{API}/meetings/{da['meeting'].pk}/", "domesticabuse.meeting_viewed", da["meeting"].pk,
         {"referrals": [da["sent"].pk], "minutes": True}),
    ]
    for url, action, object_id, data in expected:
        before = AuditEvent.objects.count()
        assert client.get(url).status_code == 200, url
        assert AuditEvent.objects.count() == before + 1, url
        event = AuditEvent.objects.latest("id")
        assert (event.action, event.actor) == (action, da["idva"].email), url
        assert event.object_id == (str(object_id) if object_id else ""), url
        assert event.data["via"] == "api"
        assert {key: event.data[key] for key in data} == data, url
    assert AuditEvent.objects.filter(action="domesticabuse.searched").latest("id").reason == "Safeguarding call"


def test_an_empty_search_is_audited_too(da, fast_client_for):
    response = fast_client_for(da["idva"]).get(f"{API}/people/", {"q": "Nobody-here"})
    assert response.json()["results"] == []
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.data["people"], event.data["search"]) == ("domesticabuse.searched", [], "Nobody-here")


def test_the_schema_describes_the_da_api(da, fast_client_for):
    schema = json.loads(fast_client_for(da["idva"]).get("/api/v1/schema/?format=json").content)
    paths = schema["paths"]
    base = "/api/v1/partnerships/{slug}/domestic-abuse"
    people = paths[f"{base}/people/"]["get"]
    assert {p["name"] for p in people["parameters"]} >= {"q", "reason", "limit", "offset"}
    assert "404" in people["responses"]
    referrals = paths[f"{base}/referrals/"]["get"]
    assert {p["name"] for p in referrals["parameters"]} >= {"status"}
    for path in ("people/{id}/", "referrals/{id}/", "meetings/", "meetings/{id}/"):
        assert set(paths[f"{base}/{path}"]) == {"get"}, path
    components = schema["components"]["schemas"]
    assert "missing" in components["DaReferralDetail"]["properties"]
    assert "minutes" in components["MaracMeetingDetail"]["properties"]
    assert "minutes" not in components["MaracMeeting"]["properties"]
