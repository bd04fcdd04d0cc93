"""Quarterly milestones within a target's year (issue 11): each with its own aim and its own actual
(a figure for the year so far), while the year's actual stays the one that counts."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.figures.models import Figure
from eunomia.plans import actions
from eunomia.plans.models import Milestone
from eunomia.plans.report import plan_document
from eunomia.plans.targets import MET, NOT_MET, NOT_YET_DUE, outcome_of, milestone_status


def day(y, m, d):
    return datetime.date(y, m, d)


QUARTERS_2025 = [day(2025, 6, 30), day(2025, 9, 30), day(2025, 12, 31), day(2026, 3, 31)]


@pytest.fixture
def referrals(manager, plans, housing):
    """A 2025/26 target: at least 40 referrals to mediation in the year."""
    plan = plans["current"]
    action = actions.add_action(by=manager, plan=plan, priority=plan.priorities.get(), owner_organisation=housing,
                                title="Refer neighbour disputes to mediation")
    return actions.add_target(by=manager, action=action, measure="Referrals to mediation", unit="count",
                              direction="increase", baseline_value=33, target_value=40)


def test_the_quarters_of_an_april_year(plans):
    assert actions.quarter_ends(plans["current"], 2025) == QUARTERS_2025


def test_milestones_are_set_for_the_quarters_each_with_its_own_actual_for_the_year_so_far(manager, referrals):
    milestones = actions.set_milestones(by=manager, target=referrals, aims=dict(zip(QUARTERS_2025, [10, 20, 30, None])))
    assert [(m.due_on, m.target_value) for m in milestones] == list(zip(QUARTERS_2025[:3], [10, 20, 30]))
    q2 = milestones[1].actual
    assert (q2.period_start, q2.period_end, q2.unit) == (day(2025, 4, 1), day(2025, 9, 30), "count")
    assert q2.owner_organisation == referrals.actual.owner_organisation
    assert AuditEvent.objects.filter(action="plan.milestone_set").count() == 3


@pytest.mark.parametrize("today, expected", [
    (day(2025, 9, 30), NOT_YET_DUE),  # the last day of the quarter: not due yet
    (day(2025, 10, 1), NOT_MET),       # the day after: 18 of 20 is short
])
def test_a_milestone_is_judged_after_its_date_against_its_own_aim(manager, referrals, today, expected):
    q2 = actions.set_milestones(by=manager, target=referrals, aims={QUARTERS_2025[1]: 20})[0]
    actions.record_milestone_actual(by=manager, milestone=q2, value=18, evidence="Mediation returns, Q2")
    assert milestone_status(q2, today=today) == expected


def test_the_years_actual_is_the_one_that_counts(manager, referrals):
    q1, q2 = actions.set_milestones(by=manager, target=referrals, aims={QUARTERS_2025[0]: 10, QUARTERS_2025[1]: 20})
    actions.record_milestone_actual(by=manager, milestone=q1, value=4, evidence="Q1 returns")  # behind at Q1
    actions.record_actual(by=manager, target=referrals, value=41, evidence="Year-end returns")
    assert milestone_status(q1, today=day(2026, 4, 2)) == NOT_MET
    assert outcome_of(referrals, today=day(2026, 4, 2)).status == MET
    assert Figure.objects.get(pk=referrals.actual_id).value == 41


def test_a_milestone_outside_the_targets_year_or_with_a_bad_aim_is_refused_and_nothing_is_saved(manager, referrals):
    with pytest.raises(ValidationError) as refused:
        actions.set_milestones(by=manager, target=referrals, aims={day(2026, 6, 30): 10, QUARTERS_2025[0]: "-3"})
    assert refused.value.message_dict["by-2026-06-30"] == [
        "30 June 2026 is not in the target's year, 2025/26: a milestone is a step within it"]
    assert "by-2025-06-30" in refused.value.message_dict
    assert not Milestone.objects.exists()


def test_a_milestone_with_its_actual_stays_and_one_without_can_go(manager, referrals):
    q1, q2 = actions.set_milestones(by=manager, target=referrals, aims={QUARTERS_2025[0]: 10, QUARTERS_2025[1]: 20})
    actions.record_milestone_actual(by=manager, milestone=q1, value=11, evidence="Q1 returns")
    with pytest.raises(ValidationError, match="has its actual recorded, so it stays"):
        actions.set_milestones(by=manager, target=referrals, aims={QUARTERS_2025[0]: None})
    actions.set_milestones(by=manager, target=referrals, aims={QUARTERS_2025[1]: None})
    assert list(Milestone.objects.values_list("due_on", flat=True)) == [QUARTERS_2025[0]]
    assert not Figure.objects.filter(pk=q2.actual_id).exists()


def test_a_milestone_in_words_needs_words_and_the_judgement(manager, plans, housing):
    plan = plans["current"]
    action = actions.add_action(by=manager, plan=plan, priority=plan.priorities.get(), owner_organisation=housing,
                                title="Adopt the ASB policy")
    policy = actions.add_target(by=manager, action=action, measure="Policy adopted", unit="text",
                                target_text="Adopted by all partners")
    with pytest.raises(ValidationError, match="Describe the milestone to reach by 30 September 2025"):
        actions.set_milestones(by=manager, target=policy, aims={QUARTERS_2025[1]: "  "})
    q2 = actions.set_milestones(by=manager, target=policy, aims={QUARTERS_2025[1]: "Draft agreed by the board"})[0]
    with pytest.raises(ValidationError, match="Say whether the milestone was met"):
        actions.record_milestone_actual(by=manager, milestone=q2, text_value="Draft agreed", evidence="Minutes")
    actions.record_milestone_actual(by=manager, milestone=q2, text_value="Draft agreed in September",
                                    milestone_met=True, evidence="Board minutes")
    assert milestone_status(q2, today=day(2025, 10, 1)) == MET


def test_the_milestones_page_sets_them_and_the_plan_page_and_document_show_them(manager, referrals, client_for):
    client = client_for(manager)
    url = f"/p/testvale/plans/2025/targets/{referrals.pk}/milestones/"
    page = client.get(url).content.decode()
    assert "By 30 June 2025 (end of quarter 1)" in page
    refused = client.post(url, {"by-2025-06-30": "ten"})
    assert refused.status_code == 400 and "Enter the aim as a number, like 10" in refused.content.decode()
    assert client.post(url, {"by-2025-06-30": "10", "by-2025-09-30": "20", "by-2025-12-31": "",
                             "by-2026-03-31": ""}).status_code == 302
    q1 = Milestone.objects.get(due_on=QUARTERS_2025[0])
    response = client.post(f"/p/testvale/plans/2025/milestones/{q1.pk}/actual/", {"value": "12",
                                                                                 "evidence": "Q1 returns"})
    assert response.status_code == 302
    plan_page = client.get("/p/testvale/plans/2025/").content.decode()
    assert "By 30 Jun: 10, reached 12" in plan_page
    document, _ = plan_document(referrals.action.plan, today=day(2025, 3, 1))
    the_plan = next(s for s in document["sections"] if s["id"] == "the-plan")
    cells = [row[2][0]["text"] for block in the_plan["blocks"] if block["type"] == "table" for row in block["rows"]]
    assert "At least 40 (milestones: 10 by 30 June 2025; 20 by 30 September 2025)" in cells


def test_only_a_lead_of_the_action_records_a_milestone_actual(manager, referrals, make_member, partnership, council,
                                                              client_for):
    q1 = actions.set_milestones(by=manager, target=referrals, aims={QUARTERS_2025[0]: 10})[0]
    council_officer = make_member("partner_practitioner", partnership, council)
    url = f"/p/testvale/plans/2025/milestones/{q1.pk}/actual/"
    assert client_for(council_officer).post(url, {"value": "12", "evidence": "x"}).status_code == 403
    assert Figure.objects.get(pk=q1.actual_id).value is None
