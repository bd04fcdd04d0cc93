"""The API of the other domains (ADR 43): tasking, the ASB Task Group, interventions, referrals, risk,
case reviews and the directory. Each keeps its pages' rules: another partnership's member gets a 404
for every address; a role without the pages' permission a 403 (a 404 where the pages hide the record);
writes go through the pages' actions, so a refusal is a 400 in the pages' words and nothing is saved;
and every answer holding personal data writes the page's audit event, marked "via": "api"."""

import datetime

import pytest
from django.utils import timezone

from eunomia.accounts.models import User
from eunomia.audit.models import AuditEvent
from eunomia.casereview import actions as casereview_actions
from eunomia.casework import actions as casework_actions
from eunomia.interventions import actions as intervention_actions
from eunomia.partners import actions as partner_actions
from eunomia.referrals import actions as referral_actions
from eunomia.risk import actions as risk_actions
from eunomia.taskgroup import actions as taskgroup_actions
from eunomia.tasking import actions as tasking_actions
from tests.clock import at

API = "/api/v1/partnerships"
JSON = "application/json"
TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def world(partnership, council, housing, make_member, manager, system_user, outsider):
    """The council owns a case (shared with Testvale Homes) about a noise report; the police are a
    member with nothing shared. One of each record of the seven domains hangs off it."""
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    police = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Police",
                                              kind="police", joined_on=datetime.date(2010, 1, 1))
    officer = make_member("partner_practitioner", partnership, police)
    analyst = make_member("analyst", partnership, council)
    board = make_member("board_member", partnership, council)
    nobody = User.objects.create_user("nobody@eunomia.test", "no-memberships-here", full_name="No One")

    victim = casework_actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                                         last_name="Ellis", date_of_birth=datetime.date(1950, 3, 1))
    youth = casework_actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Jo",
                                        last_name="Marsh", date_of_birth=datetime.date(2000, 6, 1))
    report = casework_actions.record_report(
        by=csu, partnership=partnership, organisation=council, occurred_at=at(days_ago(3), 23),
        reported_at=at(days_ago(2)), category="noise", source="phone", description="Music all night",
        people=[(victim, "victim"), (youth, "perpetrator")])
    case = casework_actions.open_case_from_report(by=csu, partnership=partnership, organisation=council,
                                                  report=report, title="Mill Lane noise")
    agreement = casework_actions.add_agreement(
        by=system_user, partnership=partnership, title="ASB Task Group ISA", purpose="Managing ASB cases",
        lawful_basis="public_task", parties=[council, housing], starts_on=datetime.date(2024, 1, 1),
        review_on=datetime.date(2099, 1, 1))
    casework_actions.share_case(by=csu, case=case, organisation=housing, agreement=agreement)
    warning = intervention_actions.record_intervention(by=csu, case=case, person=youth, kind="verbal_warning",
                                                       issued_on=TODAY)
    referral = referral_actions.refer(by=csu, person=youth, organisation=council, service="mediation",
                                      referred_on=days_ago(2), case=case)
    assessment = risk_actions.assess(by=csu, person=victim,
                                     question_set=risk_actions.question_set(partnership, "victim"),
                                     yes_ids=[], assessed_on=days_ago(200))
    review = casereview_actions.receive_application(by=csu, partnership=partnership, organisation=council,
                                                    received_on=days_ago(1), description="Three complaints",
                                                    applicant=victim, reports=[report])
    tg_meeting = taskgroup_actions.create_meeting(by=csu, partnership=partnership, organisation=council,
                                                  held_on=days_ago(1), title="ASB Task Group",
                                                  attendees=[housing], cases=[case])
    tg_action = taskgroup_actions.add_action(by=csu, meeting=tg_meeting, organisation=housing,
                                             description="Visit the tenant", due_on=TODAY)

    meeting = tasking_actions.record_meeting(by=manager, partnership=partnership, held_on=days_ago(7),
                                             chair_organisation=council, attendees=[council, housing])
    council_task = tasking_actions.set_task(by=manager, meeting=meeting, organisation=council,
                                            description="Patrol the park", due_on=days_ago(1))
    housing_task = tasking_actions.set_task(by=manager, meeting=meeting, organisation=housing,
                                            description="Clear the stairwell", due_on=TODAY + datetime.timedelta(7))
    group = partner_actions.save_working_group(by=manager, partnership=partnership, name="Night-time economy",
                                               lead_organisation=council)
    item = tasking_actions.add_group_item(by=manager, group=group, title="Taxi marshals", owner_organisation=housing,
                                          due_on=TODAY)
    contact = partner_actions.add_contact(by=manager, partnership=partnership, organisation=council,
                                          name="Pat Lead", email="pat@testvale.example")
    return locals()


@pytest.fixture
def api(world, fast_client_for):
    def client(who):
        return fast_client_for(world[who] if who else None)

    return client


def urls_of(w, slug="testvale"):
    """Every new address, with the method it answers: (method, url, body)."""
    p = f"{API}/{slug}"
    return [
        ("get", f"{p}/tasking/tasks/", None),
        ("get", f"{p}/tasking/tasks/{w['housing_task'].pk}/", None),
        ("post", f"{p}/tasking/tasks/{w['housing_task'].pk}/updates/", {"note": "Half done"}),
        ("post", f"{p}/tasking/tasks/{w['housing_task'].pk}/complete/", {"result": "Cleared"}),
        ("get", f"{p}/tasking/meetings/", None),
        ("get", f"{p}/tasking/meetings/{w['meeting'].pk}/", None),
        ("get", f"{p}/tasking/groups/{w['group'].pk}/", None),
        ("get", f"{p}/task-group/meetings/", None),
        ("get", f"{p}/task-group/meetings/{w['tg_meeting'].pk}/", None),
        ("post", f"{p}/task-group/meetings/{w['tg_meeting'].pk}/actions/{w['tg_action'].pk}/done/", None),
        ("get", f"{p}/cases/{w['case'].pk}/interventions/", None),
        ("post", f"{p}/cases/{w['case'].pk}/interventions/",
         {"person": w["youth"].pk, "kind": "warning_letter_1", "issued_on": TODAY.isoformat()}),
        ("get", f"{p}/referrals/", None),
        ("get", f"{p}/referrals/{w['referral'].pk}/", None),
        ("post", f"{p}/referrals/{w['referral'].pk}/status/", {"status": "accepted", "on": TODAY.isoformat()}),
        ("get", f"{p}/people/{w['victim'].pk}/risk-assessments/", None),
        ("get", f"{p}/risk/overdue/", None),
        ("get", f"{p}/case-reviews/", None),
        ("get", f"{p}/case-reviews/{w['review'].pk}/", None),
        ("post", f"{p}/case-reviews/{w['review'].pk}/decision/", {"threshold_met": True,
                                                                  "decided_on": TODAY.isoformat()}),
        ("post", f"{p}/case-reviews/{w['review'].pk}/meeting/", {"meeting_on": TODAY.isoformat()}),
        ("post", f"{p}/case-reviews/{w['review'].pk}/close/", None),
        ("get", f"{p}/directory/organisations/", None),
        ("get", f"{p}/directory/membership-spells/", None),
        ("get", f"{p}/directory/working-groups/", None),
        ("get", f"{p}/directory/contacts/", None),
        ("post", f"{p}/directory/contacts/", {"name": "Sam Patel", "organisation": w["council"].pk}),
        ("patch", f"{p}/directory/contacts/{w['contact'].pk}/", {"job_title": "Chair"}),
        ("delete", f"{p}/directory/contacts/{w['contact'].pk}/", None),
        ("post", f"{p}/tasking/meetings/{w['meeting'].pk}/tasks/",
         {"organisation": w["housing"].pk, "description": "Check the lighting", "due_on": TODAY.isoformat()}),
        ("post", f"{p}/task-group/meetings/{w['tg_meeting'].pk}/minutes/", {"minutes": "Agreed to visit"}),
        ("post", f"{p}/task-group/meetings/{w['tg_meeting'].pk}/actions/",
         {"organisation": w["housing"].pk, "description": "Write to the tenant", "due_on": TODAY.isoformat()}),
        ("post", f"{p}/cases/{w['case'].pk}/interventions/{w['warning'].pk}/breach/",
         {"breached_on": TODAY.isoformat()}),
        ("post", f"{p}/people/{w['youth'].pk}/referrals/", {"service": "youth_inclusion"}),
        ("get", f"{p}/risk/question-sets/victim/", None),
        ("post", f"{p}/people/{w['victim'].pk}/risk-assessments/", {"kind": "perpetrator", "answers": {}}),
        # Writes added after the first cut, where the pages write (tests/api/test_domains_api_writes.py).
        ("post", f"{p}/tasking/meetings/", {"held_on": TODAY.isoformat(), "chair_organisation": w["council"].pk}),
        ("post", f"{p}/tasking/meetings/{w['meeting'].pk}/notes/", {"notes": "Met"}),
        ("post", f"{p}/tasking/meetings/{w['meeting'].pk}/issues/", {"organisation": w["council"].pk,
                                                                     "title": "Bikes"}),
        ("post", f"{p}/tasking/meetings/{w['meeting'].pk}/alerts/", {"alert": "ward:E05000001"}),
        ("post", f"{p}/tasking/groups/{w['group'].pk}/items/",
         {"title": "Pastors", "owner_organisation": w["council"].pk, "due_on": TODAY.isoformat()}),
        ("post", f"{p}/tasking/groups/{w['group'].pk}/notes/", {"held_on": TODAY.isoformat(), "notes": "Met"}),
        ("post", f"{p}/tasking/items/{w['item'].pk}/updates/", {"status": "in_progress", "note": "Started"}),
        ("post", f"{p}/task-group/meetings/", {"held_on": TODAY.isoformat()}),
        ("post", f"{p}/case-reviews/", {"received_on": TODAY.isoformat(), "description": "Review",
                                        "applicant_name": "Sam"}),
        ("get", f"{p}/case-reviews/threshold/", None),
        ("post", f"{p}/case-reviews/threshold/", {"complaints": 3, "window_months": 6, "complaint_within_days": 31,
                                                  "individuals": 0, "hate_incident": False}),
        ("get", f"{p}/letters/", None),
        ("get", f"{p}/letters/warning_letter_1/", None),
        ("post", f"{p}/letters/warning_letter_1/", {"title": "Warning", "body": "Dear {person_name}"}),
        ("post", f"{p}/directory/organisations/", {"name": "Testvale Fire", "kind": "fire"}),
        ("patch", f"{p}/directory/organisations/{w['police'].pk}/", {"phone": "101"}),
        ("post", f"{p}/directory/organisations/{w['police'].pk}/leave/", {}),
        ("post", f"{p}/directory/membership-spells/", {"organisation": w["police"].pk}),
        ("patch", f"{p}/directory/membership-spells/{w['police'].seats.get().pk}/", {"joined_on": "2011-04-01"}),
        ("post", f"{p}/directory/working-groups/", {"name": "Rural", "lead_organisation": w["council"].pk}),
        ("patch", f"{p}/directory/working-groups/{w['group'].pk}/", {"purpose": "Nights out"}),
        ("get", f"{p}/", None),
        ("patch", f"{p}/", {"phone": "101"}),
    ]


def send(client, method, url, body=None):
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    return getattr(client, method)(url, body or {}, content_type=JSON)


def events(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("id"))


# Another partnership, and no one ----------------------------------------------------------------------

@pytest.mark.parametrize("who", ["outsider", "nobody"])
def test_every_new_address_is_not_found_to_someone_outside_the_partnership(world, api, who):
    client = api(who)
    before = AuditEvent.objects.count()
    answers = {(m, url): send(client, m, url, body).status_code for m, url, body in urls_of(world)}
    assert answers == {key: 404 for key in answers}
    assert AuditEvent.objects.count() == before


def test_this_partnerships_ids_under_another_partnership_are_not_found(world, api):
    """The manager of Elsewhere asks for Testvale's records under Elsewhere's own address."""
    client = api("outsider")
    for method, url, body in urls_of(world, slug="elsewhere"):
        if any(part.isdigit() for part in url.split("/")):
            assert send(client, method, url, body).status_code == 404, url


def test_no_one_signed_in_is_refused_in_json(world, api):
    for method, url, body in urls_of(world):
        response = send(api(None), method, url, body)
        assert response.status_code in (401, 403) and "detail" in response.json(), url


# Roles, as the pages decide -------------------------------------------------------------------------------

CASEWORK = ("/task-group/", "/interventions/", "/referrals/", "/risk", "/case-reviews/", "/letters/")


def test_a_role_without_casework_gets_403_on_every_casework_address(world, api):
    """Board members and analysts read the plan, tasking and the directory, not casework (as on the pages)."""
    for who in ("board", "analyst"):
        client = api(who)
        before = AuditEvent.objects.count()
        for method, url, body in urls_of(world):
            if any(part in url for part in CASEWORK):
                assert send(client, method, url, body).status_code == 403, (who, url)
        assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("who", ["manager", "csu", "practitioner", "officer", "analyst", "board"])
def test_every_member_reads_tasking_and_the_directory(world, api, who):
    client = api(who)
    for method, url, _ in urls_of(world):
        if method == "get" and ("/tasking/" in url or "/directory/" in url):
            assert client.get(url).status_code == 200, (who, url)


def test_a_partner_practitioner_changes_only_their_own_organisations_tasks(world, api):
    client = api("practitioner")
    council_task = f"{API}/testvale/tasking/tasks/{world['council_task'].pk}"
    assert client.get(f"{council_task}/").json()["may_change"] is False
    assert client.post(f"{council_task}/updates/", {"note": "Done"}, content_type=JSON).status_code == 403
    assert client.post(f"{council_task}/complete/", {"result": "Done"}, content_type=JSON).status_code == 403
    assert not world["council_task"].updates.exists()

    housing_task = f"{API}/testvale/tasking/tasks/{world['housing_task'].pk}"
    response = client.post(f"{housing_task}/updates/", {"note": "Half cleared"}, content_type=JSON)
    assert response.status_code == 201, response.content
    assert [u["note"] for u in response.json()["updates"]] == ["Half cleared"]
    assert events(action="tasking.task_updated")[-1].actor == world["practitioner"].email


def test_only_the_chairing_organisation_marks_a_task_group_action_done(world, api):
    url = f"{API}/testvale/task-group/meetings/{world['tg_meeting'].pk}/actions/{world['tg_action'].pk}/done/"
    assert api("practitioner").post(url).status_code == 403  # attended, does not chair
    assert api("officer").post(url).status_code == 404  # did not attend: cannot see the meeting
    response = api("csu").post(url)
    assert response.status_code == 200, response.content
    assert response.json()["actions"][0]["done_on"] == TODAY.isoformat()
    assert events(action="taskgroup.action_done")[-1].data["action"] == world["tg_action"].pk
    again = api("csu").post(url)
    assert again.status_code == 400 and "already done" in again.json()["non_field_errors"][0]


def test_a_task_group_meeting_shows_only_the_cases_the_reader_may_see(world, api):
    url = f"{API}/testvale/task-group/meetings/{world['tg_meeting'].pk}/"
    body = api("practitioner").get(url).json()
    assert [c["id"] for c in body["cases"]] == [world["case"].pk] and body["hidden_cases"] == 0
    assert body["chair"] is False and body["attendees"] == ["Testvale Council", "Testvale Homes"]
    casework_actions.unshare_case(by=world["csu"], share=world["case"].shares.get())
    body = api("practitioner").get(url).json()
    assert (body["cases"], body["hidden_cases"]) == ([], 1)
    assert api("officer").get(url).status_code == 404
    assert api("officer").get(f"{API}/testvale/task-group/meetings/").json()["results"] == []


def test_only_the_organisation_that_made_a_referral_moves_it_on(world, api):
    url = f"{API}/testvale/referrals/{world['referral'].pk}/status/"
    body = {"status": "accepted", "on": TODAY.isoformat(), "outcome": "First session booked"}
    assert api("practitioner").get(f"{API}/testvale/referrals/{world['referral'].pk}/").json()["may_change"] is False
    assert api("practitioner").post(url, body, content_type=JSON).status_code == 403
    assert api("officer").post(url, body, content_type=JSON).status_code == 404  # cannot see the person
    response = api("csu").post(url, body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["next_statuses"]) == ("accepted", ["completed"])
    assert events(action="referrals.status_changed")[-1].data["to"] == "accepted"


def test_an_intervention_is_recorded_by_the_owning_organisation_only(world, api):
    url = f"{API}/testvale/cases/{world['case'].pk}/interventions/"
    body = {"person": world["youth"].pk, "kind": "warning_letter_1", "issued_on": TODAY.isoformat()}
    assert api("practitioner").get(url).status_code == 200  # shared with them: they read it
    assert api("practitioner").post(url, body, content_type=JSON).status_code == 403
    response = api("csu").post(url, body, content_type=JSON)
    assert response.status_code == 201, response.content
    assert [i["kind"] for i in response.json()] == ["verbal_warning", "warning_letter_1"]
    recorded = events(action="interventions.recorded")[-1]
    assert (recorded.data["person"], recorded.data["kind"]) == (world["youth"].pk, "warning_letter_1")


def test_a_case_review_is_seen_and_changed_by_its_own_organisation_only(world, api):
    url = f"{API}/testvale/case-reviews/{world['review'].pk}/"
    assert api("practitioner").get(url).status_code == 404
    assert api("practitioner").get(f"{API}/testvale/case-reviews/").json()["results"] == []
    assert api("practitioner").post(f"{url}close/").status_code == 404
    body = api("csu").get(url).json()
    assert body["applicant"] == "Dana Ellis" and [r["id"] for r in body["reports"]] == [world["report"].pk]
    assert body["threshold_met_by_reports"] is False and "threshold is 3" in body["reasons"][0]

    decided = api("csu").post(f"{url}decision/", {"threshold_met": True, "decided_on": TODAY.isoformat()},
                              content_type=JSON)
    assert decided.status_code == 200 and decided.json()["status"] == "threshold_met"
    met = api("csu").post(f"{url}meeting/", {"meeting_on": TODAY.isoformat(), "recommendations": "Mediation"},
                          content_type=JSON)
    assert met.status_code == 200 and met.json()["recommendations"] == "Mediation"
    closed = api("csu").post(f"{url}close/")
    assert closed.status_code == 200 and closed.json()["closed_on"] == TODAY.isoformat()
    assert [e.action for e in events(object_id=str(world["review"].pk), action__startswith="casereview.")
            if e.action != "casereview.application_viewed"] == [
        "casereview.application_received", "casereview.decision_recorded", "casereview.meeting_recorded",
        "casereview.application_closed"]


def test_only_directory_editors_change_contacts(world, api):
    url = f"{API}/testvale/directory/contacts/"
    body = {"name": "Sam Patel", "organisation": world["council"].pk, "email": "sam@testvale.example"}
    for who in ("analyst", "board", "practitioner", "csu"):
        assert api(who).post(url, body, content_type=JSON).status_code == 403, who
        assert api(who).patch(f"{url}{world['contact'].pk}/", {"name": "X"}, content_type=JSON).status_code == 403
        assert api(who).delete(f"{url}{world['contact'].pk}/").status_code == 403
    created = api("manager").post(url, body, content_type=JSON)
    assert created.status_code == 201, created.content
    new_id = created.json()["id"]
    changed = api("manager").patch(f"{url}{new_id}/", {"job_title": "ASB lead"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["job_title"] == "ASB lead"
    assert api("manager").delete(f"{url}{new_id}/").status_code == 204
    assert [e.action for e in events(object_id=str(new_id), action__startswith="contact.")] == [
        "contact.created", "contact.updated", "contact.deleted"]
    assert events(action="contact.updated")[-1].data == {"fields": ["job_title"]}  # no personal values


# Refusals in words, nothing saved ------------------------------------------------------------------------

REFUSALS = [
    # who, method, path under /testvale, body, field, words in the message
    ("manager", "get", "/tasking/tasks/?organisation=999999", None, "organisation", "not a member"),
    ("manager", "get", "/tasking/tasks/?organisation=many", None, "organisation", "valid integer"),
    ("manager", "post", "/tasking/tasks/{housing_task}/updates/", {"note": "  "}, "note", "progress"),
    ("manager", "post", "/tasking/tasks/{housing_task}/complete/", {"result": ""}, "result", "Say what the result was"),
    ("manager", "post", "/tasking/tasks/{housing_task}/complete/",
     {"result": "Done", "completed_on": "2999-01-01"}, "completed_on", "2100"),
    ("manager", "post", "/tasking/tasks/{housing_task}/complete/",
     {"result": "Done", "completed_on": "{tomorrow}"}, "completed_on", "future"),
    ("manager", "post", "/tasking/tasks/{housing_task}/complete/",
     {"result": "Done", "completed_on": "31/12/2026"}, "completed_on", "YYYY-MM-DD"),
    ("csu", "post", "/cases/{case}/interventions/",
     {"person": "{victim}", "kind": "verbal_warning", "issued_on": "{today}"}, "person", "alleged perpetrator"),
    ("csu", "post", "/cases/{case}/interventions/",
     {"person": "{youth}", "kind": "knighthood", "issued_on": "{today}"}, "kind", "valid choice"),
    ("csu", "post", "/cases/{case}/interventions/",
     {"person": "{youth}", "kind": "verbal_warning", "issued_on": "{tomorrow}"}, "issued_on", "future"),
    ("csu", "get", "/referrals/?status=lost", None, "status", "valid choice"),
    ("csu", "post", "/referrals/{referral}/status/", {"status": "completed", "on": "{today}"}, "status",
     "can become accepted, declined"),
    ("csu", "post", "/referrals/{referral}/status/", {"status": "accepted", "on": "{tomorrow}"}, "on",
     "today or in the past"),
    ("csu", "post", "/case-reviews/{review}/decision/", {"threshold_met": True, "decided_on": "{long_ago}"},
     "decided_on", "before the application was received"),
    ("csu", "post", "/case-reviews/{review}/meeting/", {"meeting_on": "{today}"}, "non_field_errors",
     "once the threshold has been met"),
    ("csu", "post", "/case-reviews/{review}/close/", None, "non_field_errors", "decision on the threshold"),
    ("manager", "post", "/directory/contacts/", {"name": "", "organisation": "{council}"}, "name",
     "full name"),
    ("manager", "post", "/directory/contacts/", {"name": "Sam", "organisation": "{council}", "email": "sam"},
     "email", "right format"),
    ("manager", "post", "/directory/contacts/", {"name": "Sam", "organisation": 999999}, "organisation",
     "member of the partnership"),
    ("manager", "patch", "/directory/contacts/{contact}/", {"phone": "0" * 41}, "phone", "40"),
    ("manager", "patch", "/directory/contacts/{contact}/", {"nmae": "Sam"}, "nmae", "There is no field nmae"),
    ("manager", "patch", "/directory/contacts/{contact}/", {}, "non_field_errors", "Send at least one"),
    ("manager", "post", "/tasking/tasks/{housing_task}/updates/", {"note": 12}, "note", "Send text"),
    ("manager", "post", "/tasking/meetings/{meeting}/tasks/",
     {"organisation": 999999, "description": "Patrol", "due_on": "{today}"}, "organisation", "member of the"),
    ("manager", "post", "/tasking/meetings/{meeting}/tasks/",
     {"organisation": "{council}", "description": "Patrol", "due_on": "{long_ago}"}, "due_on",
     "before the meeting"),
    ("manager", "post", "/tasking/meetings/{meeting}/tasks/",
     {"organisation": "{council}", "description": "Patrol", "due_on": "{today}", "issue": 999999}, "issue",
     "raised at this meeting"),
    ("csu", "post", "/task-group/meetings/{tg_meeting}/actions/",
     {"organisation": "{police}", "description": "Patrol", "due_on": "{today}"}, "organisation", "attended"),
    ("csu", "post", "/task-group/meetings/{tg_meeting}/actions/",
     {"organisation": "{housing}", "description": "Patrol", "due_on": "{long_ago}"}, "due_on",
     "before the meeting was held"),
    ("csu", "post", "/task-group/meetings/{tg_meeting}/minutes/", {"minutes": ["a"]}, "minutes", "Send text"),
    ("csu", "post", "/cases/{case}/interventions/{warning}/breach/", {"breached_on": "{tomorrow}"},
     "breached_on", "future"),
    ("csu", "post", "/people/{youth}/referrals/", {"service": "other"}, "service_detail", "Say which service"),
    ("csu", "post", "/people/{youth}/referrals/", {"service": "mediation", "case": 999999}, "case",
     "about this person"),
    ("csu", "post", "/people/{youth}/referrals/", {"service": "mediation", "referred_on": "{tomorrow}"},
     "referred_on", "today or in the past"),
    ("csu", "post", "/people/{victim}/risk-assessments/", {"kind": "victim", "answers": {"999999": True}},
     "answers", "Answer question 1, yes or no"),
    ("csu", "post", "/people/{victim}/risk-assessments/", {"kind": "victim", "answers": {"1": "perhaps"}},
     "answers", "valid boolean"),
]


def _fill(w, text):
    values = {"tomorrow": (TODAY + datetime.timedelta(1)).isoformat(), "today": TODAY.isoformat(),
              "long_ago": days_ago(400).isoformat()}
    for name in ("housing_task", "case", "referral", "review", "contact", "meeting", "tg_meeting", "warning",
                 "victim", "youth"):
        values[name] = w[name].pk
    for name in ("victim", "youth", "council", "police", "housing"):
        if text == "{" + name + "}":
            return w[name].pk
    return text.format(**values) if isinstance(text, str) else text


@pytest.mark.parametrize("who, method, path, body, field, words", REFUSALS)
def test_a_refusal_names_the_field_in_words_and_changes_nothing(world, api, who, method, path, body, field, words):
    url = f"{API}/testvale" + _fill(world, path)
    body = {k: _fill(world, v) for k, v in body.items()} if body else None
    before = [e.pk for e in events()]
    response = send(api(who), method, url, body)
    assert response.status_code == 400, response.content
    messages = response.json()[field]
    assert words in str(messages), messages
    assert [e.pk for e in events()] == before


# Personal data read, and audited ---------------------------------------------------------------------

def test_every_read_of_personal_data_writes_the_pages_event_marked_via_the_api(world, api):
    w = world
    reads = [
        ("csu", f"/cases/{w['case'].pk}/interventions/", "interventions.listed",
         {"interventions": [w["warning"].pk], "people": [w["youth"].pk]}),
        ("csu", "/referrals/", "referrals.listed", {"ids": [w["referral"].pk], "status": ""}),
        ("csu", "/referrals/?status=made", "referrals.listed", {"ids": [w["referral"].pk], "status": "made"}),
        ("csu", f"/referrals/{w['referral'].pk}/", "referrals.viewed", {"person": w["youth"].pk}),
        ("csu", f"/people/{w['victim'].pk}/risk-assessments/", "risk.assessments_viewed",
         {"assessments": [w["assessment"].pk]}),
        ("csu", "/risk/overdue/", "risk.overdue_viewed",
         {"assessments": [w["assessment"].pk], "people": [w["victim"].pk]}),
        ("csu", "/case-reviews/", "casereview.applications_listed", {"ids": [w["review"].pk]}),
        ("csu", f"/case-reviews/{w['review'].pk}/", "casereview.application_viewed",
         {"reports": [w["report"].pk], "applicant": w["victim"].pk}),
        ("practitioner", f"/task-group/meetings/{w['tg_meeting'].pk}/", "taskgroup.meeting_viewed",
         {"cases": [w["case"].pk]}),
        ("analyst", "/directory/contacts/", "contact.list_viewed",
         {"object_type": "partners.contact", "ids": [w["contact"].pk]}),
    ]
    for who, path, action, data in reads:
        before = AuditEvent.objects.count()
        response = api(who).get(f"{API}/testvale{path}")
        assert response.status_code == 200, (path, response.content)
        assert AuditEvent.objects.count() == before + 1, path
        event = AuditEvent.objects.order_by("-id").first()
        assert (event.action, event.actor, event.data) == (action, w[who].email, {**data, "via": "api"}), path


def test_tasking_and_the_directorys_organisations_are_not_personal_and_not_audited(world, api):
    before = AuditEvent.objects.count()
    for method, url, _ in urls_of(world):
        if method == "get" and ("/tasking/" in url or "/directory/" in url) and "contacts" not in url:
            assert api("officer").get(url).status_code == 200
    assert api("officer").get(f"{API}/testvale/task-group/meetings/").status_code == 200
    assert AuditEvent.objects.count() == before


# What the answers hold -----------------------------------------------------------------------------------

def test_open_tasks_overdue_first_and_filtered_by_organisation(world, api):
    client = api("board")
    rows = client.get(f"{API}/testvale/tasking/tasks/").json()
    assert [(t["id"], t["overdue"]) for t in rows] == [(world["council_task"].pk, True),
                                                       (world["housing_task"].pk, False)]
    only = client.get(f"{API}/testvale/tasking/tasks/?organisation={world['housing'].pk}").json()
    assert [t["id"] for t in only] == [world["housing_task"].pk]
    meeting = client.get(f"{API}/testvale/tasking/meetings/{world['meeting'].pk}/").json()
    assert [t["id"] for t in meeting["tasks"]] == [world["council_task"].pk, world["housing_task"].pk]
    group = client.get(f"{API}/testvale/tasking/groups/{world['group'].pk}/").json()
    assert [(i["title"], i["owner_organisation"]) for i in group["items"]] == [("Taxi marshals", "Testvale Homes")]


def test_completing_a_task(world, api):
    url = f"{API}/testvale/tasking/tasks/{world['council_task'].pk}/complete/"
    response = api("csu").post(url, {"result": "Two patrols a night"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert (response.json()["completed_on"], response.json()["overdue"]) == (TODAY.isoformat(), False)
    assert events(action="tasking.task_completed")[-1].data["on_time"] is False
    again = api("csu").post(url, {"result": "Again"}, content_type=JSON)
    assert again.status_code == 400 and again.json()["non_field_errors"] == ["This task is already complete"]
    assert api("csu").get(f"{API}/testvale/tasking/tasks/").json()[0]["id"] == world["housing_task"].pk


def test_the_directory_lists_members_spells_and_groups(world, api, system_user):
    partner_actions.leave_partnership(by=system_user, partnership=world["partnership"], organisation=world["police"],
                                      left_on=days_ago(1))
    client = api("board")
    members = [s["organisation"]["name"] for s in client.get(f"{API}/testvale/directory/organisations/").json()]
    assert "Testvale Police" not in members and {"Testvale Council", "Testvale Homes"} <= set(members)
    spells = client.get(f"{API}/testvale/directory/membership-spells/").json()
    assert [(s["organisation"], s["left_on"]) for s in spells if s["organisation"] == "Testvale Police"] == [
        ("Testvale Police", days_ago(1).isoformat())]
    groups = client.get(f"{API}/testvale/directory/working-groups/").json()
    assert [g["name"] for g in groups] == ["Night-time economy"]


# Boundaries ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("unknown", ["0", "999999", "9" * 30])
def test_an_id_that_does_not_exist_is_not_found_however_large(world, api, unknown):
    client = api("manager")
    for method, url, body in urls_of(world):
        parts = url.split("/")
        if not any(part.isdigit() for part in parts):
            continue
        asked = "/".join(unknown if part.isdigit() else part for part in parts)
        assert send(client, method, asked, body).status_code == 404, asked


@pytest.mark.parametrize("raw", ["", "null", "[]", '"text"', "{", '{"note": 1e999}', '{"note": ["a"]}',
                                 '{"note": {"a": 1}}', '{"note": "x", "result": 12345678901234567890}'])
def test_a_body_of_the_wrong_shape_is_a_400_never_a_500(world, api, raw):
    client = api("manager")
    for method, url, _ in urls_of(world):
        # Closing and marking done read no body; leaving needs no field, so an empty body leaves today.
        if (method in ("post", "patch") and not url.endswith(("/close/", "/done/"))
                and not (url.endswith("/leave/") and raw == "")):
            response = getattr(client, method)(url, raw, content_type=JSON)
            assert response.status_code == 400, (url, raw, response.content)
            assert response.json(), url


# Recording through the API ------------------------------------------------------------------------------

def test_tasking_a_partner_at_a_meeting(world, api):
    url = f"{API}/testvale/tasking/meetings/{world['meeting'].pk}/tasks/"
    body = {"organisation": world["police"].pk, "description": "Check the lighting", "due_on": TODAY.isoformat()}
    assert api("board").post(url, body, content_type=JSON).status_code == 403
    response = api("csu").post(url, body, content_type=JSON)
    assert response.status_code == 201, response.content
    assert (response.json()["organisation"], response.json()["set_on"]) == ("Testvale Police",
                                                                            world["meeting"].held_on.isoformat())
    assert events(action="tasking.task_set")[-1].data["organisation"] == world["police"].pk


def test_the_chair_writes_a_task_group_meetings_minutes_and_actions(world, api):
    meeting = f"{API}/testvale/task-group/meetings/{world['tg_meeting'].pk}"
    assert api("practitioner").post(f"{meeting}/minutes/", {"minutes": "x"}, content_type=JSON).status_code == 403
    saved = api("csu").post(f"{meeting}/minutes/", {"minutes": "  Agreed to visit  "}, content_type=JSON)
    assert saved.status_code == 200 and saved.json()["minutes"] == "Agreed to visit"
    assert [e.action for e in events(object_id=str(world["tg_meeting"].pk))][-2:] == [
        "taskgroup.minutes_saved", "taskgroup.meeting_viewed"]
    body = {"organisation": world["housing"].pk, "description": "Write to the tenant", "due_on": TODAY.isoformat()}
    assert api("practitioner").post(f"{meeting}/actions/", body, content_type=JSON).status_code == 403
    added = api("csu").post(f"{meeting}/actions/", body, content_type=JSON)
    assert added.status_code == 201 and [a["description"] for a in added.json()["actions"]] == [
        "Visit the tenant", "Write to the tenant"]


def test_a_breach_is_recorded_once_by_the_owning_organisation(world, api):
    url = f"{API}/testvale/cases/{world['case'].pk}/interventions/{world['warning'].pk}/breach/"
    body = {"breached_on": TODAY.isoformat(), "notes": "Music again"}
    assert api("practitioner").post(url, body, content_type=JSON).status_code == 403
    response = api("csu").post(url, body, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()[0]["breached_on"] == TODAY.isoformat()
    assert events(action="interventions.breach_recorded")[-1].data["person"] == world["youth"].pk
    again = api("csu").post(url, body, content_type=JSON)
    assert again.status_code == 400 and again.json()["breached_on"]


def test_referring_a_person_for_your_organisation(world, api):
    url = f"{API}/testvale/people/{world['youth'].pk}/referrals/"
    assert api("officer").post(url, {"service": "mediation"}, content_type=JSON).status_code == 404
    before = AuditEvent.objects.count()
    response = api("practitioner").post(url, {"service": "youth_inclusion", "case": world["case"].pk},
                                        content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["made_by"], body["case_id"], body["referred_on"], body["may_change"]) == (
        "Testvale Homes", world["case"].pk, TODAY.isoformat(), True)
    # The action's own event names the person and the case: no read event beside it.
    assert [e.action for e in AuditEvent.objects.order_by("id")[before:]] == ["referrals.referred"]


def test_a_risk_assessment_answers_every_question_of_the_partnerships_set(world, api):
    questions = api("csu").get(f"{API}/testvale/risk/question-sets/perpetrator/").json()["questions"]
    assert questions and api("csu").get(f"{API}/testvale/risk/question-sets/other/").status_code == 404
    url = f"{API}/testvale/people/{world['youth'].pk}/risk-assessments/"
    answers = {str(q["id"]): True for q in questions}
    assert api("board").post(url, {"kind": "perpetrator", "answers": answers}, content_type=JSON).status_code == 403
    response = api("csu").post(url, {"kind": "perpetrator", "answers": answers}, content_type=JSON)
    assert response.status_code == 201, response.content
    assert (response.json()["band"], response.json()["score"]) == ("high", sum(q["points"] for q in questions))
    assert events(action="risk.assessed")[-1].data["person"] == world["youth"].pk
