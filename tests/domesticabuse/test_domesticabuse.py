"""Domestic abuse: the DASH thresholds, the escalation and repeat-MARAC rules at their edges, the
referral made from the checklist, support records, and the restriction (every DA page is a 404 to
everyone without DA permissions, and nothing about DA shows anywhere else)."""

import datetime
import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.core.dates import add_months
from eunomia.domesticabuse import actions, dash, queries
from eunomia.domesticabuse.models import Checklist, DaPerson, Incident, Referral, SupportEpisode
from tests.domesticabuse.helpers import answers_with, da_urls

TODAY = timezone.localdate()
NON_DA_ROLES = ["csp_manager", "analyst", "csu_officer", "partner_practitioner", "board_member"]


@pytest.fixture
def w(partnership, council, make_member):
    idva = make_member("da_specialist", partnership, council)
    victim = actions.save_person(by=idva, partnership=partnership, first_name="Dana", last_name="Quillfeather",
                                 date_of_birth=datetime.date(1990, 3, 1), sex="female", address="1 Mill Lane")
    abuser = actions.save_person(by=idva, partnership=partnership, first_name="Rex", last_name="Ironmonger")
    area = actions.default_marac_area(partnership)
    return {"idva": idva, "victim": victim, "abuser": abuser, "area": area}


def checklist(w, yes, **extra):
    extra.setdefault("assessed_on", TODAY)
    return actions.complete_checklist(by=w["idva"], victim=w["victim"], answers=answers_with(yes),
                                      marac_area=w["area"], perpetrator=w["abuser"], **extra)


# The DASH checklist -----------------------------------------------------------------------------

def test_there_are_24_questions_and_three_answers():
    assert len(dash.QUESTIONS) == 24
    assert [value for value, _ in dash.ANSWERS] == ["yes", "no", "not_known"]


@pytest.mark.parametrize("yes, level, high", [(0, "standard", False), (13, "standard", False), (14, "high", True),
                                              (24, "high", True)])
def test_fourteen_yes_answers_is_high_risk(w, yes, level, high):
    made = checklist(w, yes)
    assert (made.score, made.level, made.actuarial_high) == (yes, level, high)
    assert (actions.referral_grounds(made) is not None) == high


def test_not_known_is_not_yes(w):
    answers = answers_with(13)
    answers["14"] = "not_known"
    made = actions.complete_checklist(by=w["idva"], victim=w["victim"], answers=answers, marac_area=w["area"],
                                      assessed_on=TODAY)
    assert (made.score, made.level) == (13, "standard")


def test_a_checklist_with_unanswered_questions_is_refused_naming_them(w):
    answers = answers_with(20)
    del answers["3"]
    answers["17"] = "maybe"
    with pytest.raises(ValidationError) as refused:
        actions.complete_checklist(by=w["idva"], victim=w["victim"], answers=answers, marac_area=w["area"],
                                   assessed_on=TODAY)
    assert refused.value.message_dict == {"q3": ["Answer question 3: yes, no or not known"],
                                          "q17": ["Answer question 17: yes, no or not known"]}
    assert not Checklist.objects.exists()


def test_a_checklist_dated_in_the_future_is_refused(w):
    with pytest.raises(ValidationError, match="today or in the past"):
        checklist(w, 3, assessed_on=TODAY + datetime.timedelta(days=1))
    assert not Checklist.objects.exists()


def test_judgement_can_raise_the_level_with_reasons(w):
    with pytest.raises(ValidationError, match="Give the reasons"):
        checklist(w, 5, judgement_level="high")
    made = checklist(w, 5, judgement_level="high", judgement_reasons="Recent threats with a knife")
    assert made.level == "high"
    assert actions.referral_grounds(made) == (Referral.Grounds.JUDGEMENT, "Recent threats with a knife")
    assert checklist(w, 5, judgement_level="medium", judgement_reasons="Worried").level == "medium"


@pytest.mark.parametrize("lower", ["standard", "medium"])
def test_judgement_cannot_lower_an_actuarial_high(w, lower):
    with pytest.raises(ValidationError, match="cannot lower a high risk"):
        checklist(w, 14, judgement_level=lower, judgement_reasons="She seems calmer")
    assert not Checklist.objects.exists()


# Potential escalation ---------------------------------------------------------------------------

def test_calendar_months_keep_the_day_or_take_the_months_last():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 3, 31), -1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 11, 15), 2) == datetime.date(2026, 1, 15)


@pytest.mark.parametrize("third, reached", [
    (datetime.date(2026, 1, 10), True),   # exactly 12 months after the first
    (datetime.date(2026, 1, 11), False),  # one day outside
])
def test_three_incidents_in_twelve_months_is_escalation(w, third, reached):
    for day in (datetime.date(2025, 1, 10), datetime.date(2025, 6, 1), third):
        actions.record_incident(by=w["idva"], victim=w["victim"], perpetrator=w["abuser"], occurred_on=day,
                                description="Shouting and pushing")
    assert queries.escalation(w["victim"], w["area"]) is reached
    made = checklist(w, 2)
    assert (actions.referral_grounds(made) is not None) is reached


def test_an_area_can_use_three_in_six_months(w, partnership):
    area = actions.save_marac_area(by=w["idva"], partnership=partnership, name="North", escalation_incidents=3,
                                   escalation_months=6)
    for day in (datetime.date(2025, 1, 10), datetime.date(2025, 3, 1), datetime.date(2025, 7, 10)):
        actions.record_incident(by=w["idva"], victim=w["victim"], perpetrator=None, occurred_on=day,
                                description="Threats")
    assert queries.escalation(w["victim"], area)
    assert queries.escalation(w["victim"], w["area"])  # 3 in 12 too
    actions.record_incident(by=w["idva"], victim=w["victim"], perpetrator=None, occurred_on=datetime.date(2025, 7, 11),
                            description="Threats")
    # Counting back six months from 11 July 2025 reaches 11 January: the first incident is outside.
    assert queries.escalation(w["victim"], area)  # 1 March, 10 July and 11 July
    assert not dash.escalation_reached([datetime.date(2025, 1, 10), datetime.date(2025, 7, 11)], incidents=3, months=6)


def test_a_bad_escalation_rule_is_refused(w, partnership):
    with pytest.raises(ValidationError, match="at least 2 incidents"):
        actions.save_marac_area(by=w["idva"], partnership=partnership, name="South", escalation_incidents=1,
                                escalation_months=6)
    with pytest.raises(ValidationError, match="already a MARAC area"):
        actions.save_marac_area(by=w["idva"], partnership=partnership, name="marac", escalation_incidents=3,
                                escalation_months=6)


# The referral -----------------------------------------------------------------------------------

def test_a_referral_is_prefilled_from_the_checklist(w):
    incident = actions.record_incident(by=w["idva"], victim=w["victim"], perpetrator=w["abuser"], occurred_on=TODAY,
                                       description="Strangled")
    made = checklist(w, 15, incident=incident)
    referral = actions.make_referral(by=w["idva"], checklist=made)
    assert (referral.victim, referral.perpetrator, referral.incident, referral.marac_area, referral.score,
            referral.level, referral.grounds, referral.status) == (
        w["victim"], w["abuser"], incident, w["area"], 15, "high", "actuarial", "draft")
    assert actions.make_referral(by=w["idva"], checklist=made) == referral  # not made twice


def test_a_checklist_that_does_not_call_for_marac_cannot_be_referred(w):
    with pytest.raises(ValidationError, match="needs a high risk score"):
        actions.make_referral(by=w["idva"], checklist=checklist(w, 9))
    assert not Referral.objects.exists()


def test_missing_fields_are_named_and_nothing_is_sent(w, partnership):
    bare = actions.save_person(by=w["idva"], partnership=partnership, last_name="Ashdown")
    made = actions.complete_checklist(by=w["idva"], victim=bare, answers=answers_with(5), marac_area=w["area"],
                                      assessed_on=TODAY, judgement_level="high", judgement_reasons="Fearful")
    referral = actions.make_referral(by=w["idva"], checklist=made)
    actions.update_referral(by=w["idva"], referral=referral, perpetrator=None, reasons="")
    with pytest.raises(ValidationError) as refused:
        actions.send_referral(by=w["idva"], referral=referral)
    assert refused.value.messages == [
        "Enter the victim's first name", "Enter the victim's date of birth", "Enter the victim's sex",
        "Enter the victim's address", "Enter the perpetrator's name", "Give the reasons for the referral"]
    referral.refresh_from_db()
    assert (referral.status, referral.referred_on) == ("draft", None)


def repeat_case(w, first_sent, second_on):
    first = actions.make_referral(by=w["idva"], checklist=checklist(w, 14, assessed_on=first_sent))
    actions.send_referral(by=w["idva"], referral=first, on=first_sent)
    second = Referral.objects.create(partnership=w["victim"].partnership, checklist=checklist(w, 16),
                                     victim=w["victim"],
                                     perpetrator=w["abuser"], marac_area=w["area"], grounds="actuarial", score=16,
                                     level="high")
    incident_is_repeat = queries.is_repeat(w["victim"], w["abuser"], second_on)  # an incident on that day
    return actions.send_referral(by=w["idva"], referral=second, on=second_on), incident_is_repeat


@pytest.mark.parametrize("days_later, repeat", [(365, True), (366, False)])
def test_a_referral_within_twelve_months_of_the_last_is_a_repeat(w, days_later, repeat):
    # 10 January 2025 + 12 calendar months = 10 January 2026, 365 days later: the last day of a repeat.
    first = datetime.date(2025, 1, 10)
    second, incident_is_repeat = repeat_case(w, first, first + datetime.timedelta(days=days_later))
    assert second.is_repeat is repeat
    assert incident_is_repeat is repeat


def test_a_referral_with_another_perpetrator_is_not_a_repeat(w, partnership):
    first = actions.make_referral(by=w["idva"], checklist=checklist(w, 14))
    actions.send_referral(by=w["idva"], referral=first, on=TODAY - datetime.timedelta(days=30))
    other = actions.save_person(by=w["idva"], partnership=partnership, first_name="Tom", last_name="Other")
    assert not queries.is_repeat(w["victim"], other, TODAY)
    assert queries.is_repeat(w["victim"], w["abuser"], TODAY)


def test_an_incident_within_twelve_months_of_a_referral_is_flagged_on_the_person_page(w, client_for):
    referral = actions.make_referral(by=w["idva"], checklist=checklist(w, 14))
    actions.send_referral(by=w["idva"], referral=referral, on=TODAY - datetime.timedelta(days=40))
    actions.record_incident(by=w["idva"], victim=w["victim"], perpetrator=w["abuser"], occurred_on=TODAY,
                            description="Broke a window")
    page = client_for(w["idva"]).get(reverse("domesticabuse:person", args=["testvale", w["victim"].pk]))
    assert "Repeat MARAC" in page.content.decode()


# Through the pages ------------------------------------------------------------------------------

def test_checklist_to_referral_through_the_pages(w, client_for):
    client = client_for(w["idva"])
    url = reverse("domesticabuse:checklist_new", args=["testvale", w["victim"].pk])
    form = {"assessed_on": TODAY.isoformat(), "marac_area": w["area"].pk, "perpetrator": w["abuser"].pk,
            **{f"q{n}": a for n, a in answers_with(14).items()}}
    response = client.post(url, form)
    made = Checklist.objects.get()
    assert response.url == reverse("domesticabuse:checklist", args=["testvale", made.pk])
    page = client.get(response.url).content.decode()
    assert "MARAC referral required" in page
    response = client.post(reverse("domesticabuse:referral_new", args=["testvale", made.pk]))
    referral = Referral.objects.get()
    page = client.get(response.url).content.decode()
    assert "Send the referral to MARAC" in page and "Before it can be sent" not in page
    response = client.post(reverse("domesticabuse:referral_send", args=["testvale", referral.pk]))
    referral.refresh_from_db()
    assert (response.status_code, referral.status) == (302, "sent")


def test_unanswered_questions_through_the_page_answer_400_and_save_nothing(w, client_for):
    client = client_for(w["idva"])
    url = reverse("domesticabuse:checklist_new", args=["testvale", w["victim"].pk])
    answers = {f"q{n}": a for n, a in answers_with(14).items() if n not in ("5", "24")}
    response = client.post(url, {"assessed_on": TODAY.isoformat(), "marac_area": w["area"].pk, **answers})
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert '<a href="#id_q5_1">Answer question 5: yes, no or not known</a>' in content
    assert "Answer question 24: yes, no or not known" in content
    assert not Checklist.objects.exists()


def test_sending_an_incomplete_referral_through_the_page_names_what_is_missing(w, client_for, partnership):
    client = client_for(w["idva"])
    made = actions.complete_checklist(by=w["idva"], victim=w["victim"], answers=answers_with(14), marac_area=w["area"],
                                      assessed_on=TODAY)
    referral = actions.make_referral(by=w["idva"], checklist=made)
    before = AuditEvent.objects.filter(action="domesticabuse.referral_sent").count()
    response = client.post(reverse("domesticabuse:referral_send", args=["testvale", referral.pk]))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert "Enter the perpetrator&#x27;s name" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "draft"
    assert AuditEvent.objects.filter(action="domesticabuse.referral_sent").count() == before


def test_support_safety_plans_and_programme_referrals(w, client_for):
    client = client_for(w["idva"])
    victim, abuser = w["victim"], w["abuser"]
    response = client.post(reverse("domesticabuse:support_new", args=["testvale", victim.pk]),
                           {"kind": "idva", "risk_level_at_start": "high", "started_on": TODAY.isoformat()})
    assert response.status_code == 302
    episode = SupportEpisode.objects.get()
    url = reverse("domesticabuse:support_end", args=["testvale", episode.pk])
    response = client.post(url, {"ended_on": (episode.started_on - datetime.timedelta(days=1)).isoformat(),
                                 "outcome": "risk_reduced"})
    assert response.status_code == 400 and "cannot end before it started" in response.content.decode()
    assert client.post(url, {"ended_on": TODAY.isoformat(), "outcome": "risk_reduced"}).status_code == 302
    episode.refresh_from_db()
    assert (episode.ended_on, episode.outcome) == (TODAY, "risk_reduced")

    url = reverse("domesticabuse:safety_plan_new", args=["testvale", victim.pk])
    response = client.post(url, {"agreed_on": TODAY.isoformat(), "measures": "", "review_on": TODAY.isoformat()})
    assert response.status_code == 400 and "Enter the safety measures agreed" in response.content.decode()
    response = client.post(url, {"agreed_on": TODAY.isoformat(), "measures": "Panic alarm fitted",
                                 "review_on": (TODAY + datetime.timedelta(days=28)).isoformat()})
    assert response.status_code == 302 and victim.safety_plans.count() == 1

    url = reverse("domesticabuse:programme_new", args=["testvale", abuser.pk])
    programme = {"programme": "Change Project", "referred_on": TODAY.isoformat()}
    response = client.post(url, {**programme, "self_referral": "no"})
    assert response.status_code == 400 and "Enter the agency that referred" in response.content.decode()
    response = client.post(url, {**programme, "self_referral": "yes"})
    assert response.status_code == 302 and abuser.programme_referrals.get().self_referral


# The restriction --------------------------------------------------------------------------------

@pytest.fixture
def everything(w, partnership, council):
    incident = actions.record_incident(by=w["idva"], victim=w["victim"], perpetrator=w["abuser"], occurred_on=TODAY,
                                       description="Quillfeather incident")
    made = checklist(w, 14, incident=incident)
    referral = actions.make_referral(by=w["idva"], checklist=made)
    episode = actions.start_support(by=w["idva"], victim=w["victim"], kind="idva", started_on=TODAY,
                                    risk_level_at_start="high")
    actions.send_referral(by=w["idva"], referral=referral)
    meeting = actions.create_meeting(by=w["idva"], partnership=partnership, marac_area=w["area"], held_on=TODAY,
                                     present=[council])
    actions.add_case(by=w["idva"], meeting=meeting, referral=referral,
                     information_shared="Quillfeather: police history")
    action = actions.add_meeting_action(by=w["idva"], meeting=meeting, description="Fit alarm",
                                        owner_organisation=council,
                                        due_on=TODAY)
    return da_urls("testvale", person=w["victim"], checklist=made, referral=referral, episode=episode, area=w["area"],
                   meeting=meeting, meeting_action=action)


@pytest.mark.parametrize("role", NON_DA_ROLES + ["outsider"])
def test_every_da_page_is_not_found_without_da_permissions(w, everything, role, make_member, partnership, council,
                                                           outsider, fast_client_for):
    user = outsider if role == "outsider" else make_member(role, partnership, council)
    client = fast_client_for(user)
    before = (AuditEvent.objects.count(), DaPerson.objects.count(), Referral.objects.filter(status="sent").count())
    for url in everything:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"last_name": "X", "q1": "yes"}).status_code == 404, url
    assert (AuditEvent.objects.count(), DaPerson.objects.count(),
            Referral.objects.filter(status="sent").count()) == before
    home = client.get("/p/testvale/plans/" if role != "outsider" else "/").content.decode()
    assert "Domestic abuse" not in home


def test_da_specialists_see_every_da_page(w, everything, fast_client_for):
    client = fast_client_for(w["idva"])
    for url in everything:
        assert client.get(url).status_code in (200, 405), url
    assert "Domestic abuse" in client.get("/p/testvale/plans/").content.decode()


@pytest.mark.parametrize("role", ["csp_manager", "csu_officer"])
def test_nothing_about_da_shows_in_casework_search_person_pages_or_the_api(w, everything, role, make_member,
                                                                           partnership, council, fast_client_for):
    user = make_member(role, partnership, council)
    namesake = casework.add_person(by=user, partnership=partnership, organisation=council, first_name="Dana",
                                   last_name="Quillfeather")
    report = casework.record_report(by=user, partnership=partnership, organisation=council, occurred_at=timezone.now(),
                                    reported_at=timezone.now(), category="noise", source="phone",
                                    description="Music", people=[(namesake, "victim")])
    client = fast_client_for(user)
    pages = [client.get("/p/testvale/casework/", {"q": "Quillfeather"}),
             client.get(reverse("casework:person", args=["testvale", namesake.pk])),
             client.get(reverse("casework:report", args=["testvale", report.pk])),
             client.get("/api/v1/partnerships/testvale/reports/"),
             client.get(f"/api/v1/partnerships/testvale/people/{namesake.pk}/")]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        for secret in ("Ironmonger", "domestic-abuse", "MARAC", "DASH", "Mill Lane"):
            assert secret not in text, (response.request["PATH_INFO"], secret)
    assert queries.people_visible_to(user, partnership).count() == 0
    assert queries.referrals_visible_to(user, partnership).count() == 0


def test_another_partnerships_da_specialist_sees_nothing_here(w, everything, other_partnership, make_member,
                                                              fast_client_for, system_user):
    from eunomia.partners import actions as partner_actions
    org = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Elsewhere Refuge")
    stranger = make_member("da_specialist", other_partnership, org)
    client = fast_client_for(stranger)
    for url in everything:
        assert client.get(url).status_code == 404, url
    assert queries.people_visible_to(stranger, other_partnership).count() == 0


# Audit ------------------------------------------------------------------------------------------

def test_every_view_of_a_da_record_is_audited(w, everything, fast_client_for):
    client = fast_client_for(w["idva"])
    person_url = reverse("domesticabuse:person", args=["testvale", w["victim"].pk])
    for n in (1, 2):
        client.get(person_url)
        assert AuditEvent.objects.filter(action="domesticabuse.person_viewed", object_id=str(w["victim"].pk),
                                         actor=w["idva"].email).count() == n
    client.get(reverse("domesticabuse:home", args=["testvale"]), {"q": "Quill"})
    searched = AuditEvent.objects.filter(action="domesticabuse.searched").latest("id")
    assert searched.data["people"] == [w["victim"].pk]
    client.get(reverse("domesticabuse:person_export", args=["testvale", w["victim"].pk]))
    assert AuditEvent.objects.filter(action="domesticabuse.person_exported").count() == 1
    referral = Referral.objects.get()
    client.get(reverse("domesticabuse:referral", args=["testvale", referral.pk]))
    assert AuditEvent.objects.filter(action="domesticabuse.referral_viewed", object_id=str(referral.pk)).count() == 1
    client.get(reverse("domesticabuse:checklist", args=["testvale", referral.checklist_id]))
    assert AuditEvent.objects.filter(action="domesticabuse.checklist_viewed").count() == 1


def test_every_page_showing_a_da_record_writes_an_event_each_time(w, everything, fast_client_for):
    client = fast_client_for(w["idva"])
    record_pages = [url for url in everything if not url.endswith(("/domestic-abuse/", "/people/new/", "/areas/",
                                                                   "/meetings/", "/refer/", "/send/", "/done/"))
                    and "/areas/" not in url]
    assert len(record_pages) == 15
    for url in record_pages:
        before = AuditEvent.objects.filter(actor=w["idva"].email).count()
        assert client.get(url).status_code == 200, url
        assert AuditEvent.objects.filter(actor=w["idva"].email).count() == before + 1, url


def test_the_subject_access_export_holds_the_persons_records(w, everything, fast_client_for):
    response = fast_client_for(w["idva"]).get(reverse("domesticabuse:person_export", args=["testvale", w["victim"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="domestic-abuse-record-{w["victim"].pk}.pdf"'
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Domestic abuse records held on" in text and "Quillfeather" in text
    assert "Quillfeather incident" in text and "IDVA support" in text
    assert "Perpetrator programme referrals" not in text  # a section that holds nothing is left out


def test_incidents_are_recorded_only_with_a_description_and_a_past_date(w):
    with pytest.raises(ValidationError, match="Describe what happened"):
        actions.record_incident(by=w["idva"], victim=w["victim"], perpetrator=None, occurred_on=TODAY, description=" ")
    with pytest.raises(ValidationError, match="perpetrator cannot be the victim"):
        actions.record_incident(by=w["idva"], victim=w["victim"], perpetrator=w["victim"], occurred_on=TODAY,
                                description="x")
    assert not Incident.objects.exists()


# MARAC meetings ---------------------------------------------------------------------------------

def test_a_marac_meeting_lists_cases_agencies_actions_and_reviews_open_actions(w, partnership, council, housing,
                                                                               client_for):
    idva = w["idva"]
    referral = actions.make_referral(by=idva, checklist=checklist(w, 15))
    with pytest.raises(ValidationError, match="both present and sending apologies"):
        actions.create_meeting(by=idva, partnership=partnership, marac_area=w["area"],
                               held_on=TODAY - datetime.timedelta(days=28),
                               present=[council], apologies=[council])
    first = actions.create_meeting(by=idva, partnership=partnership, marac_area=w["area"],
                                   held_on=TODAY - datetime.timedelta(days=28), present=[council], apologies=[housing])
    with pytest.raises(ValidationError, match="has been sent"):
        actions.add_case(by=idva, meeting=first, referral=referral, information_shared="History")
    actions.send_referral(by=idva, referral=referral, on=TODAY - datetime.timedelta(days=30))
    actions.add_case(by=idva, meeting=first, referral=referral, information_shared="Police: two call-outs")
    client = client_for(idva)

    url = reverse("domesticabuse:meeting_action_new", args=["testvale", first.pk])
    response = client.post(url, {"description": "Fit a panic alarm", "owner_organisation": "",
                                 "due_on": TODAY.isoformat()})
    assert response.status_code == 400
    assert "Choose the organisation that owns the action" in response.content.decode()
    assert not first.actions.exists()
    response = client.post(url, {"description": "Fit a panic alarm", "owner_organisation": housing.pk,
                                 "due_on": TODAY.isoformat()})
    assert response.status_code == 302
    open_action = first.actions.get()

    late = actions.add_meeting_action(by=idva, meeting=first, description="Share the bail conditions",
                                      owner_organisation=council, due_on=TODAY - datetime.timedelta(days=1))
    page = client.get(reverse("domesticabuse:meeting", args=["testvale", first.pk])).content.decode()
    row = page[page.index("Share the bail conditions"):page.index("</tr>", page.index("Share the bail conditions"))]
    assert "Overdue" in row  # due yesterday; the panic alarm, due today, is open and not overdue
    assert "Overdue" not in page[page.index("Fit a panic alarm"):page.index("</tr>", page.index("Fit a panic alarm"))]
    actions.complete_meeting_action(by=idva, action=late)
    second = actions.create_meeting(by=idva, partnership=partnership, marac_area=w["area"], held_on=TODAY,
                                    present=[council, housing])
    page = client.get(reverse("domesticabuse:meeting", args=["testvale", second.pk])).content.decode()
    assert "Fit a panic alarm" in page and "Open actions from earlier meetings" in page
    assert list(queries.open_actions_before(second)) == [open_action]
    assert list(queries.open_actions_before(first)) == []
    client.post(reverse("domesticabuse:meeting_action_done", args=["testvale", open_action.pk]))
    assert list(queries.open_actions_before(second)) == []

    page = client.get(reverse("domesticabuse:meeting", args=["testvale", first.pk])).content.decode()
    assert "Police: two call-outs" in page and "Testvale Homes" in page
    assert AuditEvent.objects.filter(action="domesticabuse.meeting_viewed", object_id=str(first.pk)).count() == 2
    minutes = reverse("domesticabuse:meeting_minutes", args=["testvale", first.pk])
    assert client.post(minutes, {"minutes": " "}).status_code == 400
    assert client.post(minutes, {"minutes": "Discussed one case."}).status_code == 302
    first.refresh_from_db()
    assert first.minutes == "Discussed one case."


def test_an_action_cannot_be_due_before_its_meeting(w, partnership, council):
    meeting = actions.create_meeting(by=w["idva"], partnership=partnership, marac_area=w["area"], held_on=TODAY,
                                     present=[council])
    with pytest.raises(ValidationError, match="cannot be due before the meeting"):
        actions.add_meeting_action(by=w["idva"], meeting=meeting, description="Visit", owner_organisation=council,
                                   due_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="owns the action"):
        actions.add_meeting_action(by=w["idva"], meeting=meeting, description="Visit", owner_organisation=None,
                                   due_on=TODAY)
    assert not meeting.actions.exists()


def test_what_is_missing_is_entered_from_the_referral_and_then_it_is_sent(w, partnership, client_for):
    bare = actions.save_person(by=w["idva"], partnership=partnership, last_name="Ashdown")
    made = actions.complete_checklist(by=w["idva"], victim=bare, answers=answers_with(14), marac_area=w["area"],
                                      assessed_on=TODAY)
    referral = actions.make_referral(by=w["idva"], checklist=made)
    client = client_for(w["idva"])
    referral_url = reverse("domesticabuse:referral", args=["testvale", referral.pk])
    page = html.unescape(client.get(referral_url).content.decode())
    for missing in ("Enter the victim's first name", "Enter the victim's date of birth",
                    "Enter the perpetrator's name"):
        assert missing in page
    edit = reverse("domesticabuse:person_edit", args=["testvale", bare.pk]) + f"?next={referral_url}"
    assert edit in page  # the referral links to the victim's details, and comes back
    response = client.post(edit, {"first_name": "Ola", "last_name": "Ashdown", "date_of_birth": "1992-05-06",
                                  "sex": "female", "address": "9 Bridge Street"})
    assert response.url == referral_url
    response = client.post(referral_url, {"perpetrator": w["abuser"].pk, "reasons": ""})
    assert response.status_code == 302
    assert client.post(reverse("domesticabuse:referral_send", args=["testvale", referral.pk])).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.perpetrator, referral.referred_on) == ("sent", w["abuser"], TODAY)
    # A sent referral is not changed.
    with pytest.raises(ValidationError, match="already been sent"):
        actions.send_referral(by=w["idva"], referral=referral)


def test_an_edit_does_not_go_back_to_an_address_outside_the_domain(w, client_for):
    edit = reverse("domesticabuse:person_edit", args=["testvale", w["victim"].pk]) + "?next=https://evil.example/"
    response = client_for(w["idva"]).post(edit, {"last_name": "Quillfeather"})
    assert response.url == reverse("domesticabuse:person", args=["testvale", w["victim"].pk])
