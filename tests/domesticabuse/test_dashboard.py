"""The DA worker's dashboard (the domestic abuse home page, ADR 0031), each list at its edges: who
needs a MARAC referral (14 yes answers or judged high, or an area's escalation rule reached, with no
referral sent since), drafts and what they lack, open support and its safety plan, the next and last
MARAC and its overdue actions (due before today); each list limited; the page audited."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.domesticabuse import actions, views
from tests.domesticabuse.helpers import answers_with

TODAY = timezone.localdate()
HOME = "/p/testvale/domestic-abuse/"


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def w(partnership, council, make_member):
    idva = make_member("da_specialist", partnership, council)
    victim = actions.save_person(by=idva, partnership=partnership, first_name="Dana", last_name="Quillfeather",
                                 date_of_birth=datetime.date(1990, 3, 1), sex="female", address="1 Mill Lane")
    abuser = actions.save_person(by=idva, partnership=partnership, first_name="Rex", last_name="Ironmonger")
    return {"idva": idva, "victim": victim, "abuser": abuser, "area": actions.default_marac_area(partnership)}


@pytest.fixture
def dashboard(w, fast_client_for):
    client = fast_client_for(w["idva"])

    def read():
        response = client.get(HOME)
        assert response.status_code == 200
        return response.context

    return read


def checklist(w, yes, on=TODAY, **extra):
    return actions.complete_checklist(by=w["idva"], victim=w["victim"], answers=answers_with(yes), assessed_on=on,
                                      marac_area=extra.pop("area", w["area"]), perpetrator=w["abuser"], **extra)


def send(w, made, on):
    referral = actions.make_referral(by=w["idva"], checklist=made)
    actions.send_referral(by=w["idva"], referral=referral, on=on)
    return referral


def needing(context):
    return [c.pk for c in context["needing"]["shown"]]


# MARAC referral required ----------------------------------------------------------------------------

@pytest.mark.parametrize("yes, listed", [(13, False), (14, True)])
def test_a_checklist_of_fourteen_yes_answers_is_listed_and_thirteen_is_not(w, dashboard, yes, listed):
    made = checklist(w, yes)
    assert needing(dashboard()) == ([made.pk] if listed else [])


def test_a_checklist_judged_high_is_listed(w, dashboard):
    made = checklist(w, 5, judgement_level="high", judgement_reasons="Threats with a knife")
    checklist(w, 5, on=days_ago(1), judgement_level="medium", judgement_reasons="Worried")
    assert needing(dashboard()) == [made.pk]


def test_a_referral_sent_on_or_after_the_checklist_removes_it_and_one_before_does_not(w, dashboard):
    earlier = checklist(w, 16, on=days_ago(10))
    send(w, earlier, on=days_ago(10))
    assert needing(dashboard()) == []  # sent the day of the checklist
    later = checklist(w, 14, on=days_ago(2))
    assert needing(dashboard()) == [later.pk]  # the only referral sent was before it
    draft = actions.make_referral(by=w["idva"], checklist=later)
    assert needing(dashboard()) == [later.pk]  # a draft is not sent
    actions.send_referral(by=w["idva"], referral=draft, on=days_ago(1))
    assert needing(dashboard()) == []


def test_a_victim_is_listed_once_by_their_newest_checklist(w, dashboard):
    checklist(w, 14, on=days_ago(3))
    newest = checklist(w, 15, on=days_ago(1))
    context = dashboard()
    assert needing(context) == [newest.pk]
    assert context["needing"]["total"] == 1


def incidents(w, *days):
    for day in days:
        actions.record_incident(by=w["idva"], victim=w["victim"], perpetrator=w["abuser"], occurred_on=day,
                                description="Shouting")


def escalating(context):
    return [(victim.pk, area.pk, latest) for victim, area, latest in context["escalating"]["shown"]]


def test_a_victim_reaching_the_escalation_rule_is_listed_until_a_referral_is_sent(w, dashboard):
    incidents(w, days_ago(200), days_ago(100))
    assert escalating(dashboard()) == []  # two of three
    incidents(w, days_ago(5))
    assert escalating(dashboard()) == [(w["victim"].pk, w["area"].pk, days_ago(5))]
    made = checklist(w, 2, on=days_ago(4))
    send(w, made, on=days_ago(6))  # before the latest incident: still listed
    assert escalating(dashboard()) == [(w["victim"].pk, w["area"].pk, days_ago(5))]


def test_a_referral_sent_on_the_day_of_the_latest_incident_removes_the_victim(w, dashboard):
    incidents(w, days_ago(200), days_ago(100), days_ago(5))
    send(w, checklist(w, 2, on=days_ago(5)), on=days_ago(5))
    assert escalating(dashboard()) == []


def test_the_victim_is_held_to_the_rule_of_their_checklists_marac_area(w, dashboard, partnership):
    north = actions.save_marac_area(by=w["idva"], partnership=partnership, name="North", escalation_incidents=3,
                                    escalation_months=6)
    incidents(w, days_ago(250), days_ago(100), days_ago(5))  # 3 in 12 months, not 3 in 6
    assert escalating(dashboard()) == [(w["victim"].pk, w["area"].pk, days_ago(5))]  # no checklist: any area
    checklist(w, 2, on=days_ago(3), area=north)
    assert escalating(dashboard()) == []


# Drafts, support, MARAC --------------------------------------------------------------------------------

def test_drafts_say_what_is_still_missing(w, dashboard, partnership):
    lacking = actions.save_person(by=w["idva"], partnership=partnership, last_name="Tarrant")
    draft = actions.make_referral(by=w["idva"], checklist=actions.complete_checklist(
        by=w["idva"], victim=lacking, answers=answers_with(14), assessed_on=TODAY, marac_area=w["area"]))
    ready = actions.make_referral(by=w["idva"], checklist=checklist(w, 14))
    shown = {r.pk: r.missing for r in dashboard()["drafts"]["shown"]}
    assert shown == {draft.pk: ["Enter the victim's first name", "Enter the victim's date of birth",
                                "Enter the victim's sex", "Enter the victim's address", "Enter the perpetrator's name"],
                     ready.pk: []}
    send(w, checklist(w, 14), on=TODAY)
    assert set(r.pk for r in dashboard()["drafts"]["shown"]) == {draft.pk, ready.pk}


def test_open_support_shows_whether_a_safety_plan_is_in_place(w, dashboard, partnership):
    other = actions.save_person(by=w["idva"], partnership=partnership, first_name="Mo", last_name="Tarrant")
    planned = actions.start_support(by=w["idva"], victim=w["victim"], kind="idva", started_on=days_ago(20),
                                    risk_level_at_start="high")
    unplanned = actions.start_support(by=w["idva"], victim=other, kind="volunteer", started_on=days_ago(10),
                                      risk_level_at_start="medium")
    ended = actions.start_support(by=w["idva"], victim=other, kind="idva", started_on=days_ago(30),
                                  risk_level_at_start="high")
    actions.end_support(by=w["idva"], episode=ended, ended_on=days_ago(1), outcome="risk_reduced")
    actions.add_safety_plan(by=w["idva"], victim=w["victim"], agreed_on=days_ago(30), measures="Refuge number",
                            review_on=days_ago(1))
    actions.add_safety_plan(by=w["idva"], victim=w["victim"], agreed_on=days_ago(3), measures="Alarm",
                            review_on=TODAY + datetime.timedelta(days=30))
    shown = [(s.pk, s.plan_agreed_on) for s in dashboard()["support"]["shown"]]
    assert shown == [(planned.pk, days_ago(3)), (unplanned.pk, None)]


@pytest.mark.parametrize("due, overdue", [(0, False), (1, True)])
def test_an_action_due_today_is_not_overdue_and_one_due_yesterday_is(w, dashboard, partnership, council, due,
                                                                   overdue):
    meeting = actions.create_meeting(by=w["idva"], partnership=partnership, marac_area=w["area"],
                                     held_on=days_ago(7), present=[council])
    action = actions.add_meeting_action(by=w["idva"], meeting=meeting, description="Fit alarm",
                                        owner_organisation=council, due_on=days_ago(due))
    assert [a.pk for a in dashboard()["overdue"]["shown"]] == ([action.pk] if overdue else [])
    if overdue:
        actions.complete_meeting_action(by=w["idva"], action=action)
        assert dashboard()["overdue"]["shown"] == []


def test_the_next_meeting_is_today_or_later_and_the_last_before_today(w, dashboard, partnership, council):
    def meet(day):
        return actions.create_meeting(by=w["idva"], partnership=partnership, marac_area=w["area"], held_on=day,
                                      present=[council])

    context = dashboard()
    assert (context["next_meeting"], context["last_meeting"]) == (None, None)
    meet(days_ago(30))
    last = meet(days_ago(1))
    today = meet(TODAY)
    meet(TODAY + datetime.timedelta(days=28))
    context = dashboard()
    assert (context["next_meeting"], context["last_meeting"]) == (today, last)


# The page ------------------------------------------------------------------------------------------

def test_every_list_links_to_its_records_and_the_view_is_audited(w, partnership, council, fast_client_for):
    made = checklist(w, 3, judgement_level="high", judgement_reasons="Threats")
    draft = actions.make_referral(by=w["idva"], checklist=made)  # a draft: the checklist is still listed
    episode = actions.start_support(by=w["idva"], victim=w["victim"], kind="idva", started_on=TODAY,
                                    risk_level_at_start="high")
    meeting = actions.create_meeting(by=w["idva"], partnership=partnership, marac_area=w["area"],
                                     held_on=days_ago(3), present=[council])
    action = actions.add_meeting_action(by=w["idva"], meeting=meeting, description="Fit alarm",
                                        owner_organisation=council, due_on=days_ago(1))
    text = fast_client_for(w["idva"]).get(HOME).content.decode()
    for url in (reverse("domesticabuse:checklist", args=["testvale", made.pk]),
                reverse("domesticabuse:referral", args=["testvale", draft.pk]),
                reverse("domesticabuse:person", args=["testvale", w["victim"].pk]),
                reverse("domesticabuse:meeting", args=["testvale", meeting.pk])):
        assert f'href="{url}"' in text, url
    assert "No safety plan" in text and "Fit alarm" in text
    event = AuditEvent.objects.latest("id")
    assert event.action == "domesticabuse.home_viewed"
    assert (event.data["checklists"], event.data["referrals"], event.data["support"], event.data["meetings"],
            event.data["meeting_actions"]) == ([made.pk], [draft.pk], [episode.pk], [meeting.pk], [action.pk])


def test_each_list_is_limited_and_says_how_many_there_are(w, partnership, monkeypatch, fast_client_for):
    monkeypatch.setattr(views, "DASHBOARD_LIMIT", 1)
    other = actions.save_person(by=w["idva"], partnership=partnership, first_name="Mo", last_name="Tarrant")
    checklist(w, 14)
    actions.complete_checklist(by=w["idva"], victim=other, answers=answers_with(20), assessed_on=TODAY,
                               marac_area=w["area"])
    response = fast_client_for(w["idva"]).get(HOME)
    assert (len(response.context["needing"]["shown"]), response.context["needing"]["total"]) == (1, 2)
    assert "Showing the newest 1 of 2." in response.content.decode()
