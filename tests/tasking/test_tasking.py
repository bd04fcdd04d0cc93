"""Tasking and co-ordination and the working groups' action plans: meetings raise issues (by a
partner, or from an assessment alert), partners are tasked with due dates and remind by email when
overdue; group items roll up into the plan's action status; the figures, counted by hand."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.core.dates import add_months
from eunomia.crime.importer import import_police_files
from eunomia.figures.registry import get_measure
from eunomia.geography.models import Area
from eunomia.partners import actions as partner_actions
from eunomia.plans import actions as plan_actions
from eunomia.plans.models import Action
from eunomia.tasking import actions
from eunomia.tasking.alerts import current_alerts
from eunomia.tasking.models import GroupItem, Issue, Task, TaskingMeeting, TaskReminder, TaskUpdate
from eunomia.tasking.reminders import send_task_reminders
from eunomia.tasking.rollup import rolled_up_status

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


@pytest.fixture
def meeting(csu, partnership, council, housing):
    return actions.record_meeting(by=csu, partnership=partnership, held_on=TODAY - 30 * DAY,
                                  chair_organisation=council, attendees=[housing], notes="Fly-tipping discussed")


@pytest.fixture
def stranger(partnership, system_user, other_partnership):
    """An organisation in the directory that is not a member of Testvale."""
    return partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Faraway Trust",
                                            joined_on=datetime.date(2010, 1, 1))


def task_for(csu, meeting, organisation, due_on, description="Clear the lane"):
    return actions.set_task(by=csu, meeting=meeting, organisation=organisation, description=description,
                            due_on=due_on)


# Overdue at its edges ------------------------------------------------------------------------------

def test_a_task_due_today_is_not_overdue_and_one_due_yesterday_is(csu, meeting, council, housing, client_for,
                                                                   manager):
    today = task_for(csu, meeting, council, TODAY, "Due today")
    yesterday = task_for(csu, meeting, housing, TODAY - DAY, "Due yesterday")
    later = task_for(csu, meeting, council, TODAY + 5 * DAY, "Due later")
    assert not today.is_overdue() and yesterday.is_overdue() and not later.is_overdue()
    actions.complete_task(by=csu, task=yesterday, completed_on=TODAY, result="Done late")
    assert not Task.objects.get(pk=yesterday.pk).is_overdue()

    older = task_for(csu, meeting, housing, TODAY - 2 * DAY, "Due two days ago")
    response = client_for(manager).get("/p/testvale/tasking/")
    assert [t.description for t in response.context["tasks"]] == ["Due two days ago", "Due today", "Due later"]
    text = response.content.decode()
    assert text.count(">Overdue</strong>") == 1
    assert "3, 1 overdue" in text
    assert older.is_overdue()


def test_the_dashboard_filters_by_organisation_and_explains_a_bad_filter(csu, meeting, council, housing, client_for,
                                                                         practitioner, stranger):
    task_for(csu, meeting, council, TODAY, "Council's")
    task_for(csu, meeting, housing, TODAY, "Homes'")
    client = client_for(practitioner)  # a partner practitioner sees every organisation's tasks
    assert [t.description for t in client.get("/p/testvale/tasking/").context["tasks"]] == ["Council's", "Homes'"]
    filtered = client.get(f"/p/testvale/tasking/?organisation={housing.pk}")
    assert [t.description for t in filtered.context["tasks"]] == ["Homes'"]
    for wrong in (stranger.pk, "abc"):
        response = client.get(f"/p/testvale/tasking/?organisation={wrong}")
        assert response.status_code == 200 and len(response.context["tasks"]) == 2
        assert "not a member of the partnership" in response.content.decode()


# Organisations outside the partnership ----------------------------------------------------------------

def test_a_task_for_an_organisation_outside_the_partnership_is_refused_and_nothing_saved(csu, meeting, stranger):
    before = (Task.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as refused:
        task_for(csu, meeting, stranger, TODAY)
    assert refused.value.message_dict["organisation"] == [
        "Faraway Trust is not a member of Testvale Community Safety Partnership: choose one of the partnership's "
        "member organisations"]
    assert (Task.objects.count(), AuditEvent.objects.count()) == before


def test_the_task_form_refuses_an_outside_organisation_in_words(csu, meeting, stranger, client_for):
    before = (Task.objects.count(), AuditEvent.objects.count())
    response = client_for(csu).post(f"/p/testvale/tasking/meetings/{meeting.pk}/tasks/new/", {
        "organisation": stranger.pk, "description": "Clear the lane", "due_on": str(TODAY)})
    assert response.status_code == 400
    assert "Choose one of the partnership&#x27;s member organisations" in response.content.decode()
    assert (Task.objects.count(), AuditEvent.objects.count()) == before


def test_a_meeting_attended_by_an_outside_organisation_is_refused(csu, partnership, council, stranger):
    with pytest.raises(ValidationError, match="Faraway Trust is not a member"):
        actions.record_meeting(by=csu, partnership=partnership, held_on=TODAY, chair_organisation=council,
                               attendees=[stranger])
    assert not TaskingMeeting.objects.exists()


@pytest.mark.parametrize("posted, field, message", [
    ({"held_on": "", "chair_organisation": "council"}, "held_on", "Enter the date the meeting was held"),
    ({"held_on": "26/13/2026", "chair_organisation": "council"}, "held_on", "Enter the date like 2026-11-24"),
    ({"held_on": "tomorrow", "chair_organisation": ""}, "chair_organisation",
     "Choose the organisation that chaired the meeting"),
    ({"held_on": str(TODAY + DAY), "chair_organisation": "council"}, "held_on",
     "The date the meeting was held cannot be in the future"),
])
def test_bad_meetings_are_explained(csu, council, client_for, posted, field, message):
    posted = {**posted, "chair_organisation": council.pk if posted["chair_organisation"] else ""}
    response = client_for(csu).post("/p/testvale/tasking/meetings/new/", posted)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'href="#id_{field}"' in response.content.decode()
    assert not TaskingMeeting.objects.exists()


@pytest.mark.parametrize("posted, message", [
    ({"description": "", "due_on": "+1"}, "Say what the organisation is tasked to do"),
    ({"description": "Clear it", "due_on": ""}, "Enter the date the task is due"),
    ({"description": "Clear it", "due_on": "-31"}, "The task cannot be due before the meeting that set it"),
])
def test_bad_tasks_are_explained(csu, meeting, council, client_for, posted, message):
    due = posted["due_on"]
    posted = {**posted, "organisation": council.pk, "due_on": str(TODAY + int(due) * DAY) if due else ""}
    response = client_for(csu).post(f"/p/testvale/tasking/meetings/{meeting.pk}/tasks/new/", posted)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Task.objects.exists()


def test_bad_completion_and_updates_are_explained(csu, meeting, council, client_for):
    task = task_for(csu, meeting, council, TODAY)
    client = client_for(csu)
    url = f"/p/testvale/tasking/tasks/{task.pk}/"
    response = client.post(url + "complete/", {"completed_on": str(TODAY), "result": " "})
    assert response.status_code == 400 and "Say what the result was" in response.content.decode()
    response = client.post(url + "complete/", {"completed_on": str(TODAY - 31 * DAY), "result": "Done"})
    assert "It cannot have been completed before the meeting that set it" in response.content.decode()
    response = client.post(url + "update/", {"note": ""})
    assert response.status_code == 400 and "Say what progress has been made" in response.content.decode()
    assert Task.objects.get(pk=task.pk).completed_on is None and not TaskUpdate.objects.exists()


# Who may change what -----------------------------------------------------------------------------------

def test_a_partner_practitioner_updates_only_their_own_organisations_tasks(csu, meeting, council, housing,
                                                                            practitioner, client_for, outsider,
                                                                            board_member):
    own = task_for(csu, meeting, housing, TODAY, "Homes' task")
    others = task_for(csu, meeting, council, TODAY, "Council's task")
    client = client_for(practitioner)
    assert client.get(f"/p/testvale/tasking/tasks/{others.pk}/").status_code == 200  # sees all
    for suffix in ("update/", "complete/"):
        assert client.get(f"/p/testvale/tasking/tasks/{others.pk}/{suffix}").status_code == 403
        assert client.post(f"/p/testvale/tasking/tasks/{others.pk}/{suffix}",
                           {"note": "x", "result": "x", "completed_on": str(TODAY)}).status_code == 403
    assert client.get("/p/testvale/tasking/meetings/new/").status_code == 403
    assert client_for(board_member).get(f"/p/testvale/tasking/tasks/{own.pk}/update/").status_code == 403
    assert client_for(outsider).get(f"/p/testvale/tasking/tasks/{own.pk}/").status_code == 404
    assert client_for(outsider).get("/p/testvale/tasking/").status_code == 404
    assert not TaskUpdate.objects.exists() and Task.objects.get(pk=others.pk).completed_on is None

    response = client.post(f"/p/testvale/tasking/tasks/{own.pk}/update/", {"note": "Visited the lane"})
    assert response.status_code == 302
    response = client.post(f"/p/testvale/tasking/tasks/{own.pk}/complete/",
                           {"completed_on": str(TODAY), "result": "Cleared"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.completed_on, own.result) == (TODAY, "Cleared")
    [update] = own.updates.all()
    assert (update.written_on, update.by, update.by_name) == (TODAY, practitioner, practitioner.full_name)
    assert list(AuditEvent.objects.filter(object_id=str(own.pk), action__startswith="tasking.task")
                .values_list("action", flat=True).order_by("id")) == [
        "tasking.task_set", "tasking.task_updated", "tasking.task_completed"]


# Issues, from partners and from assessment alerts -----------------------------------------------------

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]


@pytest.fixture
def rising_area(partnership, system_user, tmp_path):
    """Two LSOAs in one ward, 24 months of burglaries: steady in one, rising in the other (10 a
    month in the first year, 15 in the second)."""
    lad = Area.objects.create(code="E07000115", name="Testvale", type="lad")
    ward = Area.objects.create(code="E05009001", name="Riverside", type="ward", lad=lad)
    places = [("E01009001", "Testvale 001A", lambda i: 2), ("E01009002", "Testvale 001B", lambda i: 10 + 5 * (i >= 12))]
    for code, name, _ in places:
        Area.objects.create(code=code, name=name, type="lsoa", lad=lad, ward=ward, population=1500,
                            population_year=2021)
    paths = []
    for index in range(24):
        month = add_months(datetime.date(2024, 1, 1), index)
        path = tmp_path / f"{month:%Y-%m}-testshire-street.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            for code, name, count in places:
                for n in range(count(index)):
                    writer.writerow([f"{code}{index:02d}{n:02d}".ljust(64, "0"), f"{month:%Y-%m}", "Testshire Police",
                                     "Testshire Police", "0.5", "51.2", "On or near High Street", code, name,
                                     "Burglary", "", ""])
        paths.append(path)
    import_police_files(by=system_user, paths=paths)
    return partnership


def test_a_rising_hot_spot_is_raised_as_an_issue_with_one_click(rising_area, csu, meeting, client_for):
    client = client_for(csu)
    page = client.get(f"/p/testvale/tasking/meetings/{meeting.pk}/alerts/")
    assert [a["key"] for a in page.context["alerts"]] == ["ward:E05009001", "lsoa:E01009002"]
    assert "144 in Jan 2024 to Dec 2024, 204 in Jan 2025 to Dec 2025, up 60 (+41.7%)" in page.content.decode()

    response = client.post(f"/p/testvale/tasking/meetings/{meeting.pk}/alerts/", {"alert": "lsoa:E01009002"})
    assert response.status_code == 302
    [issue] = Issue.objects.all()
    assert issue.source == Issue.Source.ASSESSMENT_ALERT
    assert issue.title == "Crime rising in Testvale 001B (LSOA E01009002)"
    assert issue.alert["previous"] == 120 and issue.alert["current"] == 180
    assert issue.alert["source"] == "Strategic assessment: places rising fastest"
    assert AuditEvent.objects.filter(action="tasking.issue_raised", object_id=str(issue.pk)).exists()

    again = client.post(f"/p/testvale/tasking/meetings/{meeting.pk}/alerts/", {"alert": "lsoa:E01009002"},
                        follow=True)
    assert "has already been raised at this meeting" in again.content.decode()
    gone = client.post(f"/p/testvale/tasking/meetings/{meeting.pk}/alerts/", {"alert": "lsoa:E09999999"},
                       follow=True)
    assert "no longer in the assessment" in gone.content.decode()
    assert Issue.objects.count() == 1


def test_without_crime_data_the_alerts_page_says_why(csu, meeting, client_for):
    response = client_for(csu).get(f"/p/testvale/tasking/meetings/{meeting.pk}/alerts/")
    assert response.status_code == 200 and response.context["alerts"] == []
    assert "There is no assessment to read" in response.content.decode()


def test_a_partner_raises_an_issue_and_the_form_warns_against_personal_data(csu, meeting, housing, client_for):
    client = client_for(csu)
    url = f"/p/testvale/tasking/meetings/{meeting.pk}/issues/new/"
    assert "no names, addresses of individuals or other personal data" in client.get(url).content.decode()
    response = client.post(url, {"organisation": housing.pk, "title": ""})
    assert response.status_code == 400 and "Say what the issue is" in response.content.decode()
    client.post(url, {"organisation": housing.pk, "title": "Drug litter in the stairwells", "description": ""})
    [issue] = meeting.issues.all()
    assert (issue.source, issue.raised_by_organisation, issue.title) == ("partner", housing,
                                                                          "Drug litter in the stairwells")


# Reminders -----------------------------------------------------------------------------------------------

def test_overdue_reminders_go_once_a_day_to_the_tasked_organisations_members(
        csu, meeting, council, housing, practitioner, make_member, partnership, other_partnership):
    housing.email = "office@testvale-homes.example"
    housing.save()
    make_member("partner_practitioner", other_partnership, housing, email="elsewhere@eunomia.test")  # not Testvale
    overdue = task_for(csu, meeting, housing, TODAY - DAY, "Fix the door entry")
    task_for(csu, meeting, housing, TODAY, "Due today: not yet overdue")
    done = task_for(csu, meeting, council, TODAY - 2 * DAY)
    actions.complete_task(by=csu, task=done, completed_on=TODAY, result="Done")

    call_command("send_task_reminders", stdout=(out := io.StringIO()))
    assert out.getvalue().strip() == "Sent 1 overdue task reminder."
    [email] = mail.outbox
    assert email.to == ["office@testvale-homes.example", practitioner.email]
    assert "1 day overdue" in email.body and f"/p/testvale/tasking/tasks/{overdue.pk}/" in email.body
    assert "Fix the door entry" not in email.body + email.subject  # the task's words may name people
    [reminder] = TaskReminder.objects.all()
    assert (reminder.task, reminder.sent_on) == (overdue, TODAY)

    call_command("send_task_reminders", stdout=(out := io.StringIO()))
    assert out.getvalue().strip() == "Sent 0 overdue task reminders."
    assert len(mail.outbox) == 1
    assert send_task_reminders(today=TODAY + DAY) == 2  # tomorrow: again, and the one due today joins it
    assert len(mail.outbox) == 3


# Working groups and the roll-up ----------------------------------------------------------------------

def item(status, due_on):
    return GroupItem(status=status, due_on=due_on)


@pytest.mark.parametrize("items, expected", [
    ([], None),
    ([item("not_started", TODAY)], "not_started"),
    ([item("not_started", TODAY - DAY)], "at_risk"),
    ([item("in_progress", TODAY), item("not_started", TODAY + DAY)], "on_track"),
    ([item("complete", TODAY - DAY), item("not_started", TODAY)], "on_track"),
    ([item("complete", TODAY - 9 * DAY), item("complete", TODAY)], "complete"),
    ([item("complete", TODAY), item("in_progress", TODAY - DAY)], "at_risk"),
])
def test_the_roll_up_rule(items, expected):
    assert rolled_up_status(items, today=TODAY) == expected


@pytest.fixture
def group(partnership, council, system_user):
    return partner_actions.save_working_group(by=system_user, partnership=partnership, name="ASB Group",
                                              lead_organisation=council)


def test_a_groups_items_roll_up_into_its_plan_action_and_the_manager_writes_it_to_the_plan(
        group, plans, manager, csu, housing, practitioner, council, client_for):
    action = plans["mediation"]  # housing's action, "complete" in last year's plan
    plan_actions.update_action(by=manager, action=action, status="not_started")
    first = actions.add_group_item(by=csu, group=group, title="Train officers", owner_organisation=housing,
                                   due_on=TODAY, plan_action=action)
    actions.add_group_item(by=csu, group=group, title="Publicise the service", owner_organisation=council,
                           due_on=TODAY + 9 * DAY, plan_action=action)
    response = client_for(practitioner).post(f"/p/testvale/tasking/items/{first.pk}/update/",
                                             {"status": "in_progress", "note": "Half trained"})
    assert response.status_code == 302
    page = client_for(manager).get(f"/p/testvale/tasking/groups/{group.pk}/")
    [row] = page.context["plan_rows"]
    assert (row["action"], row["rolled_up"]) == (action, "on_track")
    assert "Use this status in the plan" in page.content.decode()

    response = client_for(manager).post(f"/p/testvale/tasking/actions/{action.pk}/roll-up/")
    assert response.status_code == 302
    assert Action.objects.get(pk=action.pk).status == "on_track"
    event = AuditEvent.objects.filter(action="plan.action_updated", object_id=str(action.pk)).latest("id")
    assert event.data == {"status": ["not_started", "on_track"]}
    assert client_for(csu).post(f"/p/testvale/tasking/actions/{action.pk}/roll-up/").status_code == 403


def test_rolling_up_an_action_no_item_covers_says_why_and_changes_nothing(group, plans, manager, client_for):
    action = plans["mediation"]
    response = client_for(manager).post(f"/p/testvale/tasking/actions/{action.pk}/roll-up/", follow=True)
    assert "No working group item covers this action: there is no status to roll up" in response.content.decode()
    assert Action.objects.get(pk=action.pk).status == "complete"


def test_group_items_updates_and_notes_are_checked(group, plans, csu, practitioner, housing, council, client_for,
                                                   stranger, other_partnership, system_user):
    council_item = actions.add_group_item(by=csu, group=group, title="Patrols", owner_organisation=council,
                                          due_on=TODAY)
    client = client_for(practitioner)
    assert client.post(f"/p/testvale/tasking/items/{council_item.pk}/update/",
                       {"status": "complete", "note": "x"}).status_code == 403
    assert client.get(f"/p/testvale/tasking/groups/{group.pk}/items/new/").status_code == 403
    with pytest.raises(ValidationError, match="Faraway Trust is not a member"):
        actions.add_group_item(by=csu, group=group, title="x", owner_organisation=stranger, due_on=TODAY)
    other_plan = plan_actions.create_plan(by=system_user, partnership=other_partnership, start_year=2025)
    priority = plan_actions.add_item(by=system_user, plan=other_plan, kind="priority", title="Other")
    foreign = plan_actions.add_action(by=system_user, plan=other_plan, priority=priority, title="Theirs",
                                      owner_organisation=stranger)
    with pytest.raises(ValidationError, match="not in this partnership's plan"):
        actions.add_group_item(by=csu, group=group, title="x", owner_organisation=council, due_on=TODAY,
                               plan_action=foreign)
    officer = client_for(csu)
    response = officer.post(f"/p/testvale/tasking/items/{council_item.pk}/update/", {"status": "", "note": ""})
    assert response.status_code == 400
    assert "Choose the item&#x27;s status" in response.content.decode()
    response = officer.post(f"/p/testvale/tasking/groups/{group.pk}/notes/new/", {"held_on": "", "notes": ""})
    assert response.status_code == 400 and "Write the notes of the meeting" in response.content.decode()
    response = officer.post(f"/p/testvale/tasking/groups/{group.pk}/items/new/",
                            {"title": "Leaflets", "owner_organisation": council.pk, "due_on": str(TODAY)})
    assert response.status_code == 302
    officer.post(f"/p/testvale/tasking/groups/{group.pk}/notes/new/", {"held_on": str(TODAY), "notes": "Met"})
    page = officer.get(f"/p/testvale/tasking/groups/{group.pk}/").content.decode()
    assert "Leaflets" in page and "Met" in page
    assert GroupItem.objects.get(pk=council_item.pk).status == "not_started"


# Figures, counted by hand ----------------------------------------------------------------------------

def value(key, partnership, start, end, **params):
    return get_measure(key).evaluate(partnership=partnership, period_start=start, period_end=end, params=params)


def test_the_tasking_figures_match_counts_made_by_hand(csu, partnership, council, housing, rising_area,
                                                       other_partnership, system_user, make_member):
    # The period is the 30 days up to yesterday; meetings before, in and after it.
    start, end = TODAY - 30 * DAY, TODAY - DAY
    before = actions.record_meeting(by=csu, partnership=partnership, held_on=start - DAY, chair_organisation=council,
                                    attendees=[])
    inside = actions.record_meeting(by=csu, partnership=partnership, held_on=start, chair_organisation=council,
                                    attendees=[])
    after = actions.record_meeting(by=csu, partnership=partnership, held_on=TODAY, chair_organisation=council,
                                   attendees=[])
    # Set before the period, due in it: completed on its due date (on time).
    a = task_for(csu, before, council, start + 5 * DAY)
    actions.complete_task(by=csu, task=a, completed_on=start + 5 * DAY, result="Done")
    # Set in the period, due in it, completed a day late (after the period ended): overdue at its end.
    b = task_for(csu, inside, housing, end - DAY)
    actions.complete_task(by=csu, task=b, completed_on=TODAY, result="Late")
    # Set in the period, due on its last day, open: not overdue at its end (due that day).
    task_for(csu, inside, housing, end)
    # Set in the period, due after it, completed early in it.
    d = task_for(csu, inside, council, TODAY + 9 * DAY)
    actions.complete_task(by=csu, task=d, completed_on=start + 2 * DAY, result="Early")
    # Set after the period.
    task_for(csu, after, council, TODAY + DAY)
    # Another partnership's task counts for nothing here.
    elsewhere_org = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="E Org")
    elsewhere = actions.record_meeting(by=csu, partnership=other_partnership, held_on=start,
                                       chair_organisation=elsewhere_org, attendees=[])
    task_for(csu, elsewhere, elsewhere_org, start)

    actions.raise_issue(by=csu, meeting=inside, organisation=housing, title="Fly-tipping")
    actions.raise_issue(by=csu, meeting=before, organisation=housing, title="Outside the period")
    alerts, _ = current_alerts(partnership)
    actions.raise_alert(by=csu, meeting=inside, alert=alerts[0])
    actions.raise_alert(by=csu, meeting=inside, alert=alerts[1])
    actions.raise_alert(by=csu, meeting=after, alert=alerts[0])

    assert value("tasking.tasks_set", partnership, start, end) == 3           # b, c, d
    assert value("tasking.tasks_completed", partnership, start, end) == 2     # a, d
    # Due in the period: a (on time), b (late), c (open): 1 of 3.
    assert value("tasking.tasks_on_time_share", partnership, start, end) == Decimal("33.3")
    assert value("tasking.tasks_on_time_share", partnership, end + 30 * DAY, end + 60 * DAY) is None
    assert value("tasking.tasks_overdue_at_end", partnership, start, end) == 1  # b
    assert value("tasking.issues_raised", partnership, start, end, source="partner") == 1
    assert value("tasking.issues_raised", partnership, start, end, source="assessment_alert") == 2



def test_a_task_is_set_against_an_issue_of_its_meeting_only(csu, meeting, partnership, council, housing, client_for):
    issue = actions.raise_issue(by=csu, meeting=meeting, organisation=housing, title="Graffiti on the bridge")
    client = client_for(csu)
    page = client.get(f"/p/testvale/tasking/meetings/{meeting.pk}/").content.decode()
    assert f"tasks/new/?issue={issue.pk}" in page
    other = actions.record_meeting(by=csu, partnership=partnership, held_on=TODAY, chair_organisation=council,
                                   attendees=[])
    response = client.post(f"/p/testvale/tasking/meetings/{other.pk}/tasks/new/", {
        "organisation": council.pk, "description": "Paint over it", "due_on": str(TODAY), "issue": issue.pk})
    assert response.status_code == 400 and "Choose an issue raised at this meeting" in response.content.decode()
    client.post(f"/p/testvale/tasking/meetings/{meeting.pk}/tasks/new/", {
        "organisation": council.pk, "description": "Paint over it", "due_on": str(TODAY), "issue": issue.pk})
    [task] = Task.objects.all()
    assert (task.issue, task.set_on, task.created_by) == (issue, meeting.held_on, csu)
