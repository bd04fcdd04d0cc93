"""ASB Task Group: cases are discussed only with organisations they are shared with; a meeting is
seen by those who were there; actions go to attending organisations; the plan's counts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.casework.models import CaseParty, SharingAgreement
from eunomia.figures.registry import get_measure
from eunomia.taskgroup import actions
from eunomia.taskgroup.models import Meeting, MeetingAction

HELD = datetime.date(2026, 11, 10)


@pytest.fixture
def setup(partnership, council, housing, make_member):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    now = timezone.now()
    young = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Jo",
                                last_name="Young", date_of_birth=datetime.date(2010, 1, 1))
    adult = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Lee",
                                last_name="Older", date_of_birth=datetime.date(1990, 1, 1))
    report = casework.record_report(by=csu, partnership=partnership, organisation=council, occurred_at=now,
                                    reported_at=now, category="nuisance", source="police", description="Gathering")
    case = casework.open_case(by=csu, partnership=partnership, organisation=council, title="Park gathering",
                              reports=[report])
    for person in (young, adult):
        CaseParty.objects.create(case=case, person=person, role="perpetrator")
    agreement = SharingAgreement.objects.create(partnership=partnership, title="ISA", purpose="ASB",
                                                lawful_basis="public_task", starts_on=datetime.date(2024, 1, 1),
                                                review_on=datetime.date(2027, 1, 1))
    agreement.parties.set([council, housing])
    return locals()


def test_a_case_is_discussed_only_with_organisations_it_is_shared_with(setup, partnership, council, housing):
    s = setup
    with pytest.raises(ValidationError, match="is not shared with Testvale Homes"):
        actions.create_meeting(by=s["csu"], partnership=partnership, organisation=council, held_on=HELD,
                               title="ASB Task Group", attendees=[council, housing], cases=[s["case"]])
    assert not Meeting.objects.exists()
    casework.share_case(by=s["csu"], case=s["case"], organisation=housing, agreement=s["agreement"])
    meeting = actions.create_meeting(by=s["csu"], partnership=partnership, organisation=council, held_on=HELD,
                                     title="ASB Task Group", attendees=[housing], cases=[s["case"]])
    assert set(meeting.attendees.all()) == {council, housing}  # the chair is always there


def test_who_sees_a_meeting_and_its_cases(setup, partnership, council, housing, client_for, make_member,
                                          outsider, analyst):
    s = setup
    meeting = actions.create_meeting(by=s["csu"], partnership=partnership, organisation=council, held_on=HELD,
                                     title="ASB Task Group", attendees=[], cases=[s["case"]])
    url = f"/p/testvale/task-group/{meeting.pk}/"
    assert client_for(s["csu"]).get(url).status_code == 200
    assert client_for(s["practitioner"]).get(url).status_code == 404  # housing was not there
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(analyst).get(url).status_code == 403
    event = AuditEvent.objects.filter(action="taskgroup.meeting_viewed").latest("id")
    assert event.data == {"cases": [s["case"].pk]}


def test_actions_go_to_organisations_that_attended(setup, partnership, council, housing, client_for):
    s = setup
    meeting = actions.create_meeting(by=s["csu"], partnership=partnership, organisation=council, held_on=HELD,
                                     title="ASB Task Group", attendees=[], cases=[])
    with pytest.raises(ValidationError, match="did not attend"):
        actions.add_action(by=s["csu"], meeting=meeting, organisation=housing, description="Visit",
                           due_on=HELD + datetime.timedelta(days=7))
    response = client_for(s["csu"]).post(f"/p/testvale/task-group/{meeting.pk}/actions/new/",
                                         {"organisation": council.pk, "description": "Visit", "due_on": "2026-11-01"})
    assert response.status_code == 400
    assert "cannot be due before the meeting" in response.content.decode()
    assert not MeetingAction.objects.exists()
    response = client_for(s["csu"]).post(f"/p/testvale/task-group/{meeting.pk}/actions/new/",
                                         {"organisation": council.pk, "description": "Visit", "due_on": "2026-11-17"})
    assert response.status_code == 302
    action = MeetingAction.objects.get()
    client_for(s["csu"]).post(f"/p/testvale/task-group/{meeting.pk}/actions/{action.pk}/done/")
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_an_action_done_once_is_not_done_again_on_the_page_or_through_the_api(setup, partnership, council,
                                                                               client_for):
    s = setup
    meeting = actions.create_meeting(by=s["csu"], partnership=partnership, organisation=council, held_on=HELD,
                                     title="ASB Task Group", attendees=[], cases=[])
    action = actions.add_action(by=s["csu"], meeting=meeting, organisation=council, description="Visit",
                                due_on=HELD + datetime.timedelta(days=7))
    page = f"/p/testvale/task-group/{meeting.pk}/actions/{action.pk}/done/"
    api = f"/api/v1/partnerships/testvale/task-group/meetings/{meeting.pk}/actions/{action.pk}/done/"
    first = HELD + datetime.timedelta(days=1)  # done on a day before today: done again today would move it
    actions.complete_action(by=s["csu"], action=action, done_on=first)
    client = client_for(s["csu"])
    response = client.post(page, follow=True)
    assert "The action was already done on 11 November 2026" in response.content.decode()
    answer = client.post(api)
    assert answer.status_code == 400
    assert answer.json()["non_field_errors"] == ["The action was already done on 11 November 2026"]
    action.refresh_from_db()
    assert action.done_on == first
    assert AuditEvent.objects.filter(action="taskgroup.action_done").count() == 1


def test_a_meeting_in_the_future_is_refused(setup, partnership, council):
    with pytest.raises(ValidationError, match="in the future"):
        actions.create_meeting(by=setup["csu"], partnership=partnership, organisation=council,
                               held_on=timezone.localdate() + datetime.timedelta(days=1), title="", attendees=[],
                               cases=[])


def test_people_dealt_with_by_age_on_the_first_meeting(setup, partnership, council):
    s = setup
    for held in (HELD, HELD + datetime.timedelta(days=14)):
        actions.create_meeting(by=s["csu"], partnership=partnership, organisation=council, held_on=held,
                               title="ASB Task Group", attendees=[], cases=[s["case"]])
    measure = get_measure("taskgroup.people_dealt_with")
    period = dict(partnership=partnership, period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2027, 3, 31))
    assert measure.evaluate(**period, params={"group": "young"}) == 1
    assert measure.evaluate(**period, params={"group": "adult"}) == 1
    assert measure.evaluate(**period, params={"group": "unknown"}) == 0
