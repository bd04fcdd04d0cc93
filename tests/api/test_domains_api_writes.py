"""The writes the pages make that the API makes too (ADR 43, "writes where the pages write"): tasking
meetings, their notes, issues and alerts; working groups' action plans and notes; Task Group
meetings; case review applications and the threshold; letter templates; organisations joining,
changing and leaving, and the dates of their spells; working groups; the partnership's own details;
a working group's roll-up written to the plan. Each goes through the page's
action: a role the page refuses is refused (403, or 404 for a record the reader may not see), a
refusal is a 400 naming the field in the page's words with nothing saved, and the action's audit
event is written."""

import datetime

import pytest

from eunomia.audit.models import AuditEvent
from eunomia.casereview.models import CaseReviewApplication
from eunomia.interventions.models import LetterTemplate
from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Organisation, Partnership
from eunomia.plans import actions as plan_actions
from eunomia.plans.models import Action
from eunomia.taskgroup.models import Meeting
from eunomia.tasking import actions as tasking_actions
from eunomia.tasking.models import TaskingMeeting
from tests.api.test_domains_api import JSON, TODAY, days_ago, events, send, world  # noqa: F401

API = "/api/v1/partnerships/testvale"


@pytest.fixture
def api(world, fast_client_for):  # noqa: F811
    def client(who):
        return fast_client_for(world[who] if who else None)

    return client


def post(client, url, body=None):
    return client.post(f"{API}{url}", body or {}, content_type=JSON)


def last(action):
    return events(action=action)[-1]


# Tasking ------------------------------------------------------------------------------------------------

def test_recording_a_tasking_meeting(world, api):
    w = world
    body = {"held_on": days_ago(1).isoformat(), "chair_organisation": w["council"].pk,
            "attendees": [w["housing"].pk], "notes": "Park and stairwells"}
    assert post(api("board"), "/tasking/meetings/", body).status_code == 403
    response = post(api("csu"), "/tasking/meetings/", body)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["chair_organisation"], answer["attendees"], answer["notes"]) == (
        "Testvale Council", ["Testvale Council", "Testvale Homes"], "Park and stairwells")
    recorded = last("tasking.meeting_recorded")
    assert (recorded.actor, recorded.object_id) == (w["csu"].email, str(answer["id"]))


def test_a_tasking_meetings_notes_and_issues(world, api):
    w = world
    meeting = f"/tasking/meetings/{w['meeting'].pk}"
    assert post(api("board"), f"{meeting}/notes/", {"notes": "x"}).status_code == 403
    saved = post(api("csu"), f"{meeting}/notes/", {"notes": "  Lighting reported  "})
    assert saved.status_code == 200 and saved.json()["notes"] == "Lighting reported"
    assert last("tasking.meeting_notes_saved").object_id == str(w["meeting"].pk)

    body = {"organisation": w["police"].pk, "title": "Bikes on the towpath"}
    assert post(api("board"), f"{meeting}/issues/", body).status_code == 403
    raised = post(api("csu"), f"{meeting}/issues/", body)
    assert raised.status_code == 201, raised.content
    assert [(i["title"], i["raised_by_organisation"], i["source"]) for i in raised.json()["issues"]] == [
        ("Bikes on the towpath", "Testvale Police", "partner")]
    assert last("tasking.issue_raised").data["organisation"] == w["police"].pk


def test_a_tasking_meetings_alerts_without_an_assessment_say_why(world, api):
    url = f"/tasking/meetings/{world['meeting'].pk}/alerts/"
    assert api("board").get(f"{API}{url}").status_code == 403
    answer = api("csu").get(f"{API}{url}").json()
    assert answer["alerts"] == [] and answer["reason"]
    before = AuditEvent.objects.count()
    refused = post(api("csu"), url, {"alert": "ward:E05000001"})
    assert refused.status_code == 400 and "no longer in the assessment" in refused.json()["alert"][0]
    assert AuditEvent.objects.count() == before


def test_raising_an_alert_goes_through_the_pages_action(world, api, monkeypatch):
    alert = {"key": "ward:E05000001", "level": "ward", "code": "E05000001", "name": "Mill", "previous": 10,
             "current": 20, "change": "up 100%", "previous_period": "2025", "current_period": "2026",
             "title": "Crime rising in Mill (Ward E05000001)", "said": "Recorded crime in Mill: 10, then 20."}
    monkeypatch.setattr("eunomia.tasking.api.current_alerts", lambda partnership: ([alert], ""))
    url = f"/tasking/meetings/{world['meeting'].pk}/alerts/"
    assert api("csu").get(f"{API}{url}").json()["alerts"][0] == {
        "key": alert["key"], "title": alert["title"], "said": alert["said"], "raised": False}
    raised = post(api("csu"), url, {"alert": alert["key"]})
    assert raised.status_code == 201, raised.content
    assert [(i["title"], i["source"]) for i in raised.json()["issues"]] == [(alert["title"], "assessment_alert")]
    assert last("tasking.issue_raised").data["alert"] == alert["key"]
    assert api("csu").get(f"{API}{url}").json()["alerts"][0]["raised"] is True
    again = post(api("csu"), url, {"alert": alert["key"]})
    assert again.status_code == 400 and "already been raised" in again.json()["non_field_errors"][0]


def test_a_working_groups_action_plan_and_notes(world, api):
    w = world
    group = f"/tasking/groups/{w['group'].pk}"
    body = {"title": "Street pastors", "owner_organisation": w["police"].pk, "due_on": TODAY.isoformat()}
    assert post(api("board"), f"{group}/items/", body).status_code == 403
    added = post(api("csu"), f"{group}/items/", body)
    assert added.status_code == 201, added.content
    assert [i["title"] for i in added.json()["items"]] == ["Taxi marshals", "Street pastors"]
    assert last("tasking.group_item_added").data["owner"] == w["police"].pk

    notes = {"held_on": days_ago(2).isoformat(), "notes": "Agreed the marshals' rota"}
    assert post(api("board"), f"{group}/notes/", notes).status_code == 403
    noted = post(api("csu"), f"{group}/notes/", notes)
    assert noted.status_code == 201 and noted.json()["notes"][0]["notes"] == "Agreed the marshals' rota"
    assert last("tasking.group_notes_added").data["group"] == w["group"].pk


def test_an_action_plan_item_is_updated_by_its_owner_or_a_tasking_editor(world, api):
    w = world
    url = f"/tasking/items/{w['item'].pk}/updates/"
    body = {"status": "in_progress", "note": "Two marshals in place"}
    assert post(api("officer"), url, body).status_code == 403  # the police do not own it
    assert post(api("board"), url, body).status_code == 403
    response = post(api("practitioner"), url, body)  # Testvale Homes owns it
    assert response.status_code == 201, response.content
    item = response.json()["items"][0]
    assert (item["status"], item["updates"][0]["note"]) == ("in_progress", "Two marshals in place")
    assert last("tasking.group_item_updated").data["status"] == ["not_started", "in_progress"]


def test_the_working_groups_roll_up_is_written_to_the_plan_by_a_plan_editor(world, api, plans, other_partnership,
                                                                               system_user):
    w = world
    action = plans["mediation"]  # "complete" in last year's plan
    tasking_actions.add_group_item(by=w["manager"], group=w["group"], title="Train mediators",
                                   owner_organisation=w["housing"], due_on=TODAY, plan_action=action)
    url = f"/tasking/actions/{action.pk}/roll-up/"
    assert post(api("csu"), url).status_code == 403
    assert post(api("board"), url).status_code == 403
    assert post(api("outsider"), url).status_code == 404
    response = post(api("manager"), url)
    assert response.status_code == 200, response.content
    assert response.json() == {"id": action.pk, "title": action.title, "plan_year": 2024, "status": "not_started"}
    assert Action.objects.get(pk=action.pk).status == "not_started"
    event = last("plan.action_updated")
    assert (event.actor, event.object_id, event.data) == (
        w["manager"].email, str(action.pk), {"status": ["complete", "not_started"]})
    # The plan already says it: nothing is written.
    again = post(api("manager"), url)
    assert again.status_code == 200 and again.json()["status"] == "not_started"
    assert last("plan.action_updated").pk == event.pk
    # Another partnership's action is not found.
    other_plan = plan_actions.create_plan(by=system_user, partnership=other_partnership, start_year=2025)
    priority = plan_actions.add_item(by=system_user, plan=other_plan, kind="priority", title="Other")
    faraway = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Faraway Trust",
                                               joined_on=datetime.date(2010, 1, 1))
    theirs = plan_actions.add_action(by=system_user, plan=other_plan, priority=priority, title="Theirs",
                                     owner_organisation=faraway)
    assert post(api("manager"), f"/tasking/actions/{theirs.pk}/roll-up/").status_code == 404
    assert post(api("manager"), "/tasking/actions/999999/roll-up/").status_code == 404


# The ASB Task Group -----------------------------------------------------------------------------------

def test_recording_a_task_group_meeting_chaired_by_your_organisation(world, api):
    w = world
    body = {"held_on": TODAY.isoformat(), "attendees": [w["housing"].pk], "cases": [w["case"].pk]}
    assert post(api("board"), "/task-group/meetings/", body).status_code == 403
    # The police may not see the case: to them it is not there to discuss.
    hidden = post(api("officer"), "/task-group/meetings/", body)
    assert hidden.status_code == 400 and hidden.json()["cases"] == ["Choose open cases that you may see"]
    response = post(api("csu"), "/task-group/meetings/", body)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["title"], answer["owner_organisation"], answer["chair"]) == (
        "ASB Task Group", "Testvale Council", True)
    assert [c["id"] for c in answer["cases"]] == [w["case"].pk]
    assert [e.action for e in events(object_id=str(answer["id"]), action__startswith="taskgroup.")] == [
        "taskgroup.meeting_recorded", "taskgroup.meeting_viewed"]


def test_a_task_group_meeting_discusses_a_case_only_with_those_it_is_shared_with(world, api):
    w = world
    before = Meeting.objects.count()
    body = {"held_on": TODAY.isoformat(), "attendees": [w["police"].pk], "cases": [w["case"].pk]}
    refused = post(api("csu"), "/task-group/meetings/", body)
    assert refused.status_code == 400 and "is not shared with Testvale Police" in refused.json()["cases"][0]
    assert Meeting.objects.count() == before


# Case reviews ---------------------------------------------------------------------------------------------

def test_recording_a_case_review_application(world, api):
    w = world
    body = {"received_on": TODAY.isoformat(), "description": "Nothing was done", "applicant": w["victim"].pk,
            "reports": [w["report"].pk]}
    assert post(api("board"), "/case-reviews/", body).status_code == 403
    # The police may not see the person or the report: refused by name, nothing saved.
    hidden = post(api("officer"), "/case-reviews/", body).json()
    assert hidden == {"applicant": ["Choose the applicant from the people you may see"],
                      "reports": ["Choose reports that you may see"]}
    response = post(api("csu"), "/case-reviews/", body)
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["applicant"], answer["owner_organisation"], answer["status"]) == (
        "Dana Ellis", "Testvale Council", "received")
    assert [r["id"] for r in answer["reports"]] == [w["report"].pk]
    received = last("casereview.application_received")
    assert (received.object_id, received.data["reports"]) == (str(answer["id"]), [w["report"].pk])
    # Another organisation cannot see it.
    assert api("practitioner").get(f"{API}/case-reviews/{answer['id']}/").status_code == 404


def test_the_case_review_threshold_is_read_by_caseworkers_and_set_by_the_manager(world, api):
    body = {"complaints": 4, "window_months": 6, "complaint_within_days": 31, "individuals": 2,
            "hate_incident": True}
    assert api("board").get(f"{API}/case-reviews/threshold/").status_code == 403
    assert api("practitioner").get(f"{API}/case-reviews/threshold/").json()["complaints"] == 3
    assert post(api("csu"), "/case-reviews/threshold/", body).status_code == 403
    response = post(api("manager"), "/case-reviews/threshold/", body)
    assert response.status_code == 200, response.content
    assert response.json() == body
    assert last("casereview.threshold_changed").data["individuals"] == 2


# Letters --------------------------------------------------------------------------------------------------

def test_letter_templates_are_read_by_caseworkers_and_saved_through_the_pages_action(world, api):
    templates = api("practitioner").get(f"{API}/letters/").json()
    assert {t["kind"] for t in templates} >= {"warning_letter_1", "aba"} and not any(t["saved"] for t in templates)
    assert api("board").get(f"{API}/letters/").status_code == 403
    assert api("csu").get(f"{API}/letters/knighthood/").status_code == 404
    body = {"title": "First warning", "body": "Dear {person_name}, please stop."}
    assert post(api("board"), "/letters/warning_letter_1/", body).status_code == 403
    response = post(api("csu"), "/letters/warning_letter_1/", body)
    assert response.status_code == 200, response.content
    assert response.json() == {"kind": "warning_letter_1", "saved": True, **body}
    assert last("interventions.template_saved").data == {"kind": "warning_letter_1", "created": True}
    assert LetterTemplate.objects.get().updated_by == world["csu"]


# The directory ---------------------------------------------------------------------------------------------

def test_the_partnerships_own_details_are_changed_by_the_csp_manager(world, api):
    url = f"{API}/"
    details = api("analyst").get(url)
    assert details.status_code == 200 and details.json() == {
        "slug": "testvale", "name": "Testvale Community Safety Partnership", "local_authority_codes": ["E07000115"],
        "district_names": [], "address": "Town Hall\nTestvale TV1 1AA", "phone": "01234 567890",
        "email": "csp@testvale.example", "website": "www.testvale.example"}
    body = {"local_authority_codes": [" e07000116", "E07000115", "E07000116"], "phone": "01234 000000"}
    for who in ("csu", "analyst", "board"):
        assert api(who).patch(url, body, content_type=JSON).status_code == 403, who
    assert api("outsider").patch(url, body, content_type=JSON).status_code == 404
    assert api("outsider").get(url).status_code == 404
    changed = api("manager").patch(url, body, content_type=JSON)
    assert changed.status_code == 200, changed.content
    assert (changed.json()["local_authority_codes"], changed.json()["phone"], changed.json()["name"]) == (
        ["E07000116", "E07000115"], "01234 000000", "Testvale Community Safety Partnership")
    assert Partnership.objects.get(slug="testvale").local_authority_codes == ["E07000116", "E07000115"]
    event = last("partnership.updated")
    assert (event.actor, event.data) == (world["manager"].email, {
        "local_authority_codes": [["E07000115"], ["E07000116", "E07000115"]],
        "phone": ["01234 567890", "01234 000000"]})


def test_adding_an_organisation_new_to_the_directory(world, api):
    body = {"name": "Testvale Fire", "kind": "fire", "email": "info@fire.example", "joined_on": "2020-04-01"}
    for who in ("csu", "analyst", "board"):
        assert post(api(who), "/directory/organisations/", body).status_code == 403, who
    response = post(api("manager"), "/directory/organisations/", body)
    assert response.status_code == 201, response.content
    assert (response.json()["name"], response.json()["kind"]) == ("Testvale Fire", "fire")
    fire = Organisation.objects.get(name="Testvale Fire")
    assert [e.action for e in events(action__in=["organisation.created", "partnership.member_joined"])][-2:] == [
        "organisation.created", "partnership.member_joined"]
    spells = api("manager").get(f"{API}/directory/membership-spells/").json()
    assert [s["joined_on"] for s in spells if s["organisation_id"] == fire.pk] == ["2020-04-01"]
    delivery = post(api("manager"), "/directory/organisations/", {"name": "Youth Trust", "kind": "voluntary",
                                                                   "member": False})
    assert delivery.status_code == 201, delivery.content
    assert not [s for s in api("manager").get(f"{API}/directory/membership-spells/").json()
                if s["organisation"] == "Youth Trust"]


def test_changing_an_organisation_and_its_leaving_and_joining_again(world, api):
    w = world
    police = f"/directory/organisations/{w['police'].pk}"
    assert api("csu").patch(f"{API}{police}/", {"phone": "101"}, content_type=JSON).status_code == 403
    changed = api("manager").patch(f"{API}{police}/", {"phone": "101"}, content_type=JSON)
    assert changed.status_code == 200 and (changed.json()["phone"], changed.json()["name"]) == (
        "101", "Testvale Police")
    assert last("organisation.updated").data == {"phone": ["", "101"]}

    assert post(api("csu"), f"{police}/leave/", {}).status_code == 403
    left = post(api("manager"), f"{police}/leave/", {"left_on": days_ago(1).isoformat()})
    assert left.status_code == 200 and left.json()["left_on"] == days_ago(1).isoformat()
    assert last("partnership.member_left").data["organisation"] == w["police"].pk
    # No longer a member: not theirs to change or remove here.
    assert api("manager").patch(f"{API}{police}/", {"phone": "999"}, content_type=JSON).status_code == 404
    others = api("manager").get(f"{API}/directory/other-organisations/").json()
    assert "Testvale Police" in [o["name"] for o in others]
    assert api("analyst").get(f"{API}/directory/other-organisations/").status_code == 403

    joined = post(api("manager"), "/directory/membership-spells/", {"organisation": w["police"].pk})
    assert joined.status_code == 201 and joined.json()["joined_on"] == TODAY.isoformat()
    assert last("partnership.member_joined").data["organisation"] == w["police"].pk
    again = post(api("manager"), "/directory/membership-spells/", {"organisation": w["police"].pk})
    assert again.status_code == 400 and "not a member" in again.json()["organisation"][0]


def test_correcting_the_dates_of_a_spell(world, api):
    spell = world["police"].seats.get()
    url = f"{API}/directory/membership-spells/{spell.pk}/"
    assert api("csu").patch(url, {"joined_on": "2011-04-01"}, content_type=JSON).status_code == 403
    response = api("manager").patch(url, {"joined_on": "2011-04-01"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert (response.json()["joined_on"], response.json()["left_on"]) == ("2011-04-01", None)
    assert last("partnership.member_dates_changed").data["joined_on"] == ["2010-01-01", "2011-04-01"]
    ended = api("manager").patch(url, {"left_on": "2019-03-31"}, content_type=JSON)
    assert ended.status_code == 200 and ended.json()["left_on"] == "2019-03-31"


def test_adding_and_changing_a_working_group(world, api):
    w = world
    body = {"name": "Rural crime", "lead_organisation": w["council"].pk, "lead_contact": w["contact"].pk,
            "member_organisations": [w["police"].pk, w["housing"].pk]}
    assert post(api("csu"), "/directory/working-groups/", body).status_code == 403
    created = post(api("manager"), "/directory/working-groups/", body)
    assert created.status_code == 201, created.content
    answer = created.json()
    assert (answer["lead_organisation"], answer["lead_contact_id"], answer["member_organisations"]) == (
        "Testvale Council", w["contact"].pk, ["Testvale Homes", "Testvale Police"])
    assert last("working_group.created").object_id == str(answer["id"])

    url = f"{API}/directory/working-groups/{answer['id']}/"
    assert api("csu").patch(url, {"purpose": "Farms"}, content_type=JSON).status_code == 403
    changed = api("manager").patch(url, {"purpose": "Farms and villages"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["purpose"] == "Farms and villages"
    assert changed.json()["member_organisations"] == ["Testvale Homes", "Testvale Police"]
    assert last("working_group.updated").object_id == str(answer["id"])
    # The lead contact works for the council: a new lead organisation needs a new lead contact.
    refused = api("manager").patch(url, {"lead_organisation": w["housing"].pk}, content_type=JSON)
    assert refused.status_code == 400 and "not the lead organisation" in refused.json()["lead_contact"][0]


# Refusals in words, nothing saved --------------------------------------------------------------------------

REFUSALS = [
    # who, method, path, body, field, words in the message
    ("csu", "post", "/tasking/meetings/", {"held_on": "{tomorrow}", "chair_organisation": "{council}"}, "held_on",
     "cannot be in the future"),
    ("csu", "post", "/tasking/meetings/", {"held_on": "{today}", "chair_organisation": 999999},
     "chair_organisation", "member organisations"),
    ("csu", "post", "/tasking/meetings/", {"held_on": "{today}", "chair_organisation": "{council}",
                                           "attendees": [999999]}, "attendees", "member organisations"),
    ("csu", "post", "/tasking/meetings/", {"chair_organisation": "{council}"}, "held_on", "required"),
    ("csu", "post", "/tasking/meetings/{meeting}/notes/", {"notes": 5}, "notes", "Send text"),
    ("csu", "post", "/tasking/meetings/{meeting}/issues/", {"organisation": "{council}", "title": " "}, "title",
     "Say what the issue is"),
    ("csu", "post", "/tasking/meetings/{meeting}/issues/", {"title": "Bikes"}, "organisation",
     "Choose the organisation raising the issue"),
    ("csu", "post", "/tasking/meetings/{meeting}/alerts/", {}, "alert", "Choose an alert"),
    ("csu", "post", "/tasking/groups/{group}/items/", {"title": "Marshals", "owner_organisation": "{council}",
                                                       "due_on": "{today}", "plan_action": 999999},
     "plan_action", "Choose one of the plan's actions"),
    ("csu", "post", "/tasking/groups/{group}/items/", {"title": "", "owner_organisation": "{council}",
                                                       "due_on": "{today}"}, "title", "Say what the group will do"),
    ("csu", "post", "/tasking/groups/{group}/notes/", {"held_on": "{tomorrow}", "notes": "Met"}, "held_on",
     "cannot be in the future"),
    ("csu", "post", "/tasking/groups/{group}/notes/", {"held_on": "{today}", "notes": ""}, "notes",
     "Write the notes of the meeting"),
    ("csu", "post", "/tasking/items/{item}/updates/", {"status": "abandoned", "note": "x"}, "status",
     "Choose the item's status"),
    ("csu", "post", "/tasking/items/{item}/updates/", {"status": "complete", "note": ""}, "note",
     "Say what progress has been made"),
    ("csu", "post", "/task-group/meetings/", {"held_on": "{tomorrow}"}, "held_on", "date is in the future"),
    ("csu", "post", "/task-group/meetings/", {"held_on": "{today}", "attendees": [999999]}, "attendees",
     "members of the partnership"),
    ("csu", "post", "/task-group/meetings/", {"held_on": "{today}", "cases": ["one"]}, "cases", "valid integer"),
    ("csu", "post", "/case-reviews/", {"received_on": "{today}", "description": "Review"}, "applicant_name",
     "Choose the applicant or enter their name"),
    ("csu", "post", "/case-reviews/", {"received_on": "{today}", "description": "Review", "applicant": "{victim}",
                                       "applicant_name": "Dana"}, "applicant_name", "not both"),
    ("csu", "post", "/case-reviews/", {"received_on": "{tomorrow}", "description": "Review",
                                       "applicant_name": "Sam"}, "received_on", "today or in the past"),
    ("csu", "post", "/case-reviews/", {"received_on": "{today}", "description": "", "applicant_name": "Sam"},
     "description", "Describe what the applicant asks"),
    ("manager", "post", "/case-reviews/threshold/", {"complaints": 0, "window_months": 6,
                                                     "complaint_within_days": 31, "individuals": 0,
                                                     "hate_incident": False}, "complaints", "1"),
    ("manager", "post", "/case-reviews/threshold/", {"complaints": 3}, "window_months", "required"),
    ("csu", "post", "/letters/warning_letter_1/", {"title": "Warning", "body": "Dear {name}"}, "body",
     "{name} is not a placeholder"),
    ("csu", "post", "/letters/warning_letter_1/", {"title": "", "body": "Dear {person_name}"}, "title",
     "Give the letter a title"),
    ("manager", "post", "/directory/organisations/", {"name": "Testvale Council", "kind": "council"}, "name",
     "already in the directory"),
    ("manager", "post", "/directory/organisations/", {"name": "Fire", "kind": "dragons"}, "kind",
     "Choose the type of organisation"),
    ("manager", "post", "/directory/organisations/", {"name": "Fire", "kind": "fire", "joined_on": "1066-10-14"},
     "joined_on", "1900"),
    ("manager", "patch", "/directory/organisations/{police}/", {"name": "Testvale Homes"}, "name",
     "Another organisation in the directory is called"),
    ("manager", "patch", "/directory/organisations/{police}/", {"email": "police"}, "email", "right format"),
    ("manager", "patch", "/directory/organisations/{police}/", {}, "non_field_errors", "Send at least one"),
    ("manager", "post", "/directory/organisations/{police}/leave/", {"left_on": "2000-01-01"}, "left_on",
     "on or after the date it joined"),
    ("manager", "post", "/directory/membership-spells/", {"organisation": "{council}"}, "organisation",
     "not a member"),
    ("manager", "patch", "/directory/membership-spells/{spell}/", {"left_on": "2000-01-01"}, "left_on",
     "on or after the date it joined"),
    ("manager", "post", "/directory/working-groups/", {"name": "Night-time economy",
                                                       "lead_organisation": "{council}"}, "name", "already"),
    ("manager", "post", "/directory/working-groups/", {"name": "Rural", "lead_organisation": 999999},
     "lead_organisation", "member of the partnership"),
    ("manager", "post", "/directory/working-groups/", {"name": "Rural", "lead_organisation": "{housing}",
                                                       "lead_contact": "{contact}"}, "lead_contact",
     "works for Testvale Council, not the lead organisation"),
    ("manager", "patch", "/directory/working-groups/{group}/", {"member_organisations": [999999]},
     "member_organisations", "members of the partnership"),
    ("manager", "patch", "/", {"local_authority_codes": ["E07000115", "E0700011", "X12345678"]},
     "local_authority_codes", "E0700011, X12345678 are not ONS codes: a letter E, W, S or N then 8 digits"),
    ("manager", "patch", "/", {"local_authority_codes": [" ", ""]}, "local_authority_codes",
     "Enter the ONS code of at least one local authority"),
    ("manager", "patch", "/", {"local_authority_codes": "E07000115"}, "local_authority_codes",
     "Send the ONS codes as a list"),
    ("manager", "patch", "/", {"name": " "}, "name", "Enter the partnership's name"),
    ("manager", "patch", "/", {"district_names": ["Testvale 001A"]}, "district_names", "is the name of an LSOA"),
    ("manager", "patch", "/", {"local_authority_codes": [], "district_names": []}, "local_authority_codes",
     "or the name of a district"),
    ("manager", "patch", "/", {"email": "csp"}, "email", "right format"),
    ("manager", "patch", "/", {"slug": "elsewhere"}, "slug", "There is no field slug"),
    ("manager", "post", "/tasking/actions/{uncovered}/roll-up/", {}, "non_field_errors",
     "No working group item covers this action"),
]


def _fill(w, value, plans=None):
    if isinstance(value, list):
        return [_fill(w, v) for v in value]
    if value == "/tasking/actions/{uncovered}/roll-up/":  # last year's action, which no group item covers
        return value.replace("{uncovered}", str(plans["mediation"].pk))
    if not isinstance(value, str):
        return value
    names = {"council": w["council"].pk, "housing": w["housing"].pk, "police": w["police"].pk,
             "victim": w["victim"].pk, "contact": w["contact"].pk}
    if value.strip("{}") in names and value.startswith("{"):
        return names[value.strip("{}")]
    return (value.replace("{tomorrow}", (TODAY + datetime.timedelta(1)).isoformat())
            .replace("{today}", TODAY.isoformat())
            .replace("{meeting}", str(w["meeting"].pk)).replace("{group}", str(w["group"].pk))
            .replace("{item}", str(w["item"].pk)).replace("{police}", str(w["police"].pk))
            .replace("{spell}", str(w["police"].seats.get().pk)))


@pytest.mark.parametrize("who, method, path, body, field, words", REFUSALS)
def test_a_refusal_names_the_field_in_words_and_changes_nothing(world, api, plans, who, method, path, body, field,
                                                                words):
    url = f"{API}{_fill(world, path, plans)}"
    body = {k: _fill(world, v) for k, v in body.items()}
    counts = [m.objects.count() for m in (TaskingMeeting, Meeting, CaseReviewApplication, Organisation)]
    before = [e.pk for e in events()]
    details = Partnership.objects.filter(slug="testvale").values().get()
    response = send(api(who), method, url, body)
    assert response.status_code == 400, response.content
    assert words in str(response.json()[field]), response.json()
    assert [e.pk for e in events()] == before
    assert Partnership.objects.filter(slug="testvale").values().get() == details
    assert [m.objects.count() for m in (TaskingMeeting, Meeting, CaseReviewApplication, Organisation)] == counts
