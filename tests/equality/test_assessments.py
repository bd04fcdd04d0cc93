"""Equality impact assessments: written for a plan, a priority or a project, refused in words when
incomplete, signed off by the CSP manager (audited), unsigned again by any change; and, when the
partnership requires it, a missing or unsigned assessment of a priority is a named gap that stops the
plan being published, until it is put right."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.core.dates import add_years
from eunomia.equality import actions
from eunomia.equality.models import Assessment, Impact, ProtectedCharacteristic
from eunomia.partners import actions as partner_actions
from eunomia.plans import actions as plan_actions
from eunomia.plans.report import Gap
from eunomia.projects.models import Project
from tests.projects.helpers import project_objects

TODAY = timezone.localdate()


def impacts(**effects):
    """Every characteristic neutral, but those named: name=(effect, note)."""
    return {c: effects.get(c, ("neutral", "")) for c in ProtectedCharacteristic.values}


def fields(**changes):
    return {"who_is_affected": "Residents of the town centre and people using the night-time economy",
            "evidence": "Survey of 400 residents; ASB reports by area", "mitigations": "", "decision": "no_change",
            "decision_reason": "", "review_on": add_years(TODAY, 1), "impacts": impacts(), **changes}


def form_data(**changes):
    data = {"who_is_affected": "Young people aged 10 to 17", "evidence": "Youth service returns",
            "mitigations": "", "decision": "no_change", "decision_reason": "",
            "review_on": add_years(TODAY, 1).isoformat()}
    for characteristic in ProtectedCharacteristic.values:
        data[f"impact_{characteristic}"], data[f"note_{characteristic}"] = "neutral", ""
    return {**data, **changes}


def gaps_of(plan):
    return [gap for gap in plan_actions.publication_gaps(plan)[1] if "equality" in gap.what]


@pytest.fixture
def priority(plans):
    return plans["current"].priorities.get()


# Writing ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("subject", ["plan", "priority", "project"])
def test_an_assessment_is_written_for_a_plan_a_priority_or_a_project(subject, plans, manager, partnership, housing,
                                                                      council):
    if subject == "project":
        of = Project.objects.get(pk=project_objects(manager, partnership, housing, council)["project"])
    else:
        of = plans["current"] if subject == "plan" else plans["current"].priorities.get()
    assessment = actions.save_assessment(by=manager, subject=of, **fields(
        impacts=impacts(age=("positive", "More youth provision"))))

    assert assessment.subject == of and not assessment.is_signed_off
    assert Impact.objects.filter(assessment=assessment).count() == 9
    assert assessment.impacts.get(characteristic="age").note == "More youth provision"
    event = AuditEvent.objects.get(action="equality.assessment_written")
    assert event.data["of"] == subject


@pytest.mark.parametrize("changes, field, message", [
    ({"who_is_affected": "  "}, "who_is_affected", "Say who is affected"),
    ({"evidence": ""}, "evidence", "Give the evidence"),
    ({"decision": "maybe"}, "decision", "Choose the decision"),
    ({"decision": "continue"}, "decision_reason", "Say why"),
    ({"decision": "stop"}, "decision_reason", "Say why"),
    ({"impacts": impacts(race=("negative", ""))}, "note_race", "Say what the negative impact on race is"),
    ({"impacts": impacts(race=("negative", "Fewer interpreters"))}, "mitigations", "Say how the negative impact"),
    ({"impacts": {**impacts(), "sex": ("", "")}}, "impact_sex", "Choose the impact on people sharing sex"),
    ({"evidence": "x" * 20001}, "evidence", "20,000 characters or fewer"),
    ({"review_on": TODAY - datetime.timedelta(days=1)}, "review_on", "today or later"),
    ({"review_on": add_years(TODAY, 3) + datetime.timedelta(days=1)}, "review_on", "within 3 years"),
    ({"review_on": None}, "review_on", "Enter the date"),
])
def test_an_incomplete_assessment_is_refused_in_words_and_nothing_is_saved(plans, manager, changes, field, message):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refusal:
        actions.save_assessment(by=manager, subject=plans["current"], **fields(**changes))

    assert message in refusal.value.message_dict[field][0]
    assert not Assessment.objects.exists() and not Impact.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("review_on", [TODAY, add_years(TODAY, 3)])
def test_the_review_date_may_be_today_or_three_years_ahead(plans, manager, review_on):
    assert actions.save_assessment(by=manager, subject=plans["current"], **fields(review_on=review_on)).pk


def test_a_negative_impact_with_its_note_and_mitigation_is_accepted(plans, manager):
    assessment = actions.save_assessment(by=manager, subject=plans["current"], **fields(
        impacts=impacts(disability=("negative", "Step-free access to the hub is missing")),
        mitigations="Meet at the library instead", decision="adjust"))
    assert assessment.impacts.get(characteristic="disability").effect == "negative"


# Sign-off ----------------------------------------------------------------------------------------------------

def test_sign_off_is_the_csp_managers_and_is_audited(plans, manager, client_for, board_member, analyst):
    assessment = actions.save_assessment(by=manager, subject=plans["current"], **fields())
    url = reverse("equality:assessment_sign_off", args=["testvale", assessment.pk])
    for other in (board_member, analyst):
        assert client_for(other).post(url, {}).status_code == 403
    assert not Assessment.objects.get().is_signed_off

    response = client_for(manager).post(url, {})

    assert response.status_code == 302
    signed = Assessment.objects.get()
    assert signed.signed_off_by == manager and signed.signed_off_at is not None
    assert AuditEvent.objects.filter(action="equality.assessment_signed_off", actor=manager.email).count() == 1
    again = client_for(manager).post(url, {})
    assert again.status_code == 400 and "already signed off" in again.content.decode()


def test_a_change_after_sign_off_takes_the_sign_off_away_and_saving_the_same_does_not(plans, manager):
    assessment = actions.save_assessment(by=manager, subject=plans["current"], **fields())
    actions.sign_off_assessment(by=manager, assessment=assessment)

    actions.save_assessment(by=manager, subject=plans["current"], **fields())
    assert Assessment.objects.get().is_signed_off

    actions.save_assessment(by=manager, subject=plans["current"], **fields(evidence="A newer survey"))
    assert not Assessment.objects.get().is_signed_off
    event = AuditEvent.objects.filter(action="equality.assessment_changed").get()
    assert event.data["changed"] == ["evidence"] and event.data["sign_off_removed"] is True


# Pages --------------------------------------------------------------------------------------------------------

def test_the_form_writes_an_assessment_and_hostile_text_is_shown_as_text(plans, manager, client_for, priority):
    client = client_for(manager)
    url = reverse("equality:priority_assessment_new", args=["testvale", priority.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, form_data(who_is_affected="<script>alert(1)</script>"))

    assessment = Assessment.objects.get(priority=priority)
    assert response.status_code == 302
    page = client.get(reverse("equality:assessment", args=["testvale", assessment.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Asking for a new one again leads to the one there is.
    assert client.get(url).url == reverse("equality:assessment_change", args=["testvale", assessment.pk])


@pytest.mark.parametrize("changes, field_id, message", [
    ({"evidence": "x" * 100_000}, "id_evidence", "This must be 20,000 characters or fewer"),
    ({"evidence": "bad\x00byte"}, "id_evidence", "Null characters are not allowed."),
    ({"review_on": "2026-02-30"}, "id_review_on", "Enter the review date as a real date, like 2026-11-24"),
    ({"impact_age": "wonderful"}, "id_impact_age_1", "Choose positive, neutral or negative"),
    ({"impact_race": "negative"}, "id_note_race", "Say what the negative impact on race is"),
])
def test_bad_input_through_the_form_is_refused_and_nothing_saved(plans, manager, client_for, priority, changes,
                                                                 field_id, message):
    response = client_for(manager).post(reverse("equality:priority_assessment_new", args=["testvale", priority.pk]),
                                        form_data(**changes))
    assert response.status_code == 400
    assert f'href="#{field_id}"' in response.content.decode() and message in response.content.decode()
    assert not Assessment.objects.exists()


def test_readers_see_assessments_and_only_the_manager_writes_them(plans, manager, client_for, board_member,
                                                                  practitioner, outsider, priority):
    assessment = actions.save_assessment(by=manager, subject=priority, **fields())
    page = reverse("equality:assessment", args=["testvale", assessment.pk])
    for reader in (board_member, practitioner):
        assert client_for(reader).get(page).status_code == 200
        assert client_for(reader).get(reverse("equality:home", args=["testvale"])).status_code == 200
        assert client_for(reader).post(reverse("equality:assessment_change", args=["testvale", assessment.pk]),
                                       form_data()).status_code == 403
    assert client_for(outsider).get(page).status_code == 404
    assert client_for(outsider).get(reverse("equality:priority_assessment_new", args=["elsewhere", priority.pk])
                                    ).status_code == 404


# Publication ----------------------------------------------------------------------------------------------------

def test_without_the_setting_no_assessment_is_needed(plans):
    assert gaps_of(plans["current"]) == []


def test_with_the_setting_each_priority_needs_a_signed_off_assessment(plans, manager, partnership, council,
                                                                       system_user, priority):
    group = partner_actions.save_working_group(by=system_user, partnership=partnership, name="ASB Task Group",
                                               lead_organisation=council)
    second = plan_actions.add_item(by=manager, plan=plans["current"], kind="priority", title="Domestic abuse",
                                   working_group=group)
    actions.set_settings(by=manager, partnership=partnership, assessment_required_per_priority=True)
    assert AuditEvent.objects.filter(action="equality.settings_changed").count() == 1

    assert gaps_of(plans["current"]) == [
        Gap("Priority \u201cAnti-social behaviour\u201d has no equality impact assessment: write one under Equality, "
            "and have the CSP manager sign it off", owner="CSP manager"),
        Gap("Priority \u201cDomestic abuse\u201d has no equality impact assessment: write one under Equality, and "
            "have the CSP manager sign it off", owner="Testvale Council"),
    ]

    actions.save_assessment(by=manager, subject=priority, **fields())
    first = actions.save_assessment(by=manager, subject=second, **fields())
    actions.sign_off_assessment(by=manager, assessment=first)
    assert gaps_of(plans["current"]) == [
        Gap("The equality impact assessment of priority \u201cAnti-social behaviour\u201d is not signed off by the "
            "CSP manager", owner="CSP manager")]

    actions.sign_off_assessment(by=manager, assessment=Assessment.objects.get(priority=priority))
    assert gaps_of(plans["current"]) == []
    # Last year's plan has its own priorities, still without assessments.
    assert len(gaps_of(plans["previous"])) == 1


def test_a_missing_assessment_stops_publication_and_the_page_names_it(plans, manager, partnership, client_for,
                                                                      priority):
    actions.set_settings(by=manager, partnership=partnership, assessment_required_per_priority=True)
    plan_actions.approve_plan(by=manager, plan=plans["current"])

    with pytest.raises(plan_actions.PublicationRefused):
        plan_actions.publish_plan(by=manager, plan=plans["current"], in_background=False)
    page = client_for(manager).get(f"/p/testvale/plans/{plans['current'].start_year}/publish/").content.decode()
    assert "has no equality impact assessment" in page


def test_the_setting_page_is_the_csp_managers(manager, client_for, board_member, partnership):
    url = reverse("equality:settings", args=["testvale"])
    assert client_for(board_member).post(url, {"assessment_required_per_priority": "yes"}).status_code == 403
    refused = client_for(manager).post(url, {"assessment_required_per_priority": "perhaps"})
    assert refused.status_code == 400 and "Choose yes or no" in refused.content.decode()
    assert client_for(manager).post(url, {"assessment_required_per_priority": "yes"}).status_code == 302
    assert partnership.equality_settings.assessment_required_per_priority
