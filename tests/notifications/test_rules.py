"""Each rule at both edges of its window (docs/adr/0041-notifications.md), with the clock fixed."""

import datetime

import pytest
import time_machine

from eunomia.accounts.models import Membership
from eunomia.notifications import rules
from eunomia.risk.models import RiskAssessment
from tests.notifications import records
from tests.notifications.conftest import london

D = datetime.date(2027, 6, 15)
DAY = datetime.timedelta(days=1)


def notices_on(day, hour=12, minute=0):
    """{key: notice} the rules give at `hour`:`minute` London time on `day`, read with the clock there."""
    with time_machine.travel(london(day, hour, minute), tick=False):
        return {n.key: n for n in rules.notices()}


@pytest.mark.parametrize("make, prefix", [
    (lambda p, c, csu: records.task_group_action(p, c, due_on=D), "task_group_action"),
    (lambda p, c, csu: records.tasking_task(p, c, due_on=D), "task"),
    (lambda p, c, csu: records.marac_action(p, c, due_on=D), "marac_action"),
    (lambda p, c, csu: records.risk_assessment(csu, p, c, review_on=D, assessed_by=csu), "risk_review"),
])
def test_an_action_or_review_is_due_from_a_week_before_and_overdue_from_the_day_after(
        make, prefix, partnership, council, csu, idva):
    record = make(partnership, council, csu)
    assert not [k for k in notices_on(D - 8 * DAY, 23, 59) if k.startswith(prefix)]
    assert f"{prefix}_due:{record.pk}" in notices_on(D - 7 * DAY, 0, 1)
    on_the_day = notices_on(D, 23, 59)
    assert f"{prefix}_due:{record.pk}" in on_the_day and f"{prefix}_overdue:{record.pk}" not in on_the_day
    assert f"{prefix}_overdue:{record.pk}" in notices_on(D + DAY, 0, 1)


def test_who_is_told_of_actions_and_reviews(partnership, council, housing, csu, manager, practitioner, idva,
                                            make_member):
    other_csu = make_member("csu_officer", partnership, council, email="second.csu@eunomia.test")
    group_action = records.task_group_action(partnership, council, due_on=D)
    task = records.tasking_task(partnership, housing, due_on=D)
    marac = records.marac_action(partnership, council, due_on=D)
    marac_elsewhere = records.marac_action(partnership, housing, due_on=D)
    review = records.risk_assessment(csu, partnership, council, review_on=D, assessed_by=csu)
    orphan_review = records.risk_assessment(csu, partnership, council, review_on=D, assessed_by=None)
    found = notices_on(D + DAY)
    # The Task Group action: the council's members who work cases (the manager holds casework too).
    assert found[f"task_group_action_overdue:{group_action.pk}"].users == {csu.pk, other_csu.pk, manager.pk, idva.pk}
    # A tasking task: the tasked organisation's members who may update it.
    assert found[f"task_overdue:{task.pk}"].users == {practitioner.pk}
    # MARAC: only DA holders, in the organisation given it, else all of the partnership's.
    assert found[f"marac_action_overdue:{marac.pk}"].users == {idva.pk}
    assert found[f"marac_action_overdue:{marac_elsewhere.pk}"].users == {idva.pk}
    assert found[f"marac_action_overdue:{marac.pk}"].title == "A domestic abuse record needs your attention"
    # A risk review: whoever assessed, else the owning organisation's casework members.
    assert found[f"risk_review_overdue:{review.pk}"].users == {csu.pk}
    assert found[f"risk_review_overdue:{orphan_review.pk}"].users == {csu.pk, other_csu.pk, manager.pk, idva.pk}


def test_a_newer_assessment_replaces_the_older_ones_review(partnership, council, csu):
    old = records.risk_assessment(csu, partnership, council, review_on=D, assessed_by=csu)
    RiskAssessment.objects.create(person=old.person, question_set=old.question_set, answers=[], score=1,
                                  band="standard", assessed_on=D - DAY, review_on=D + 90 * DAY, assessed_by=csu)
    assert not [k for k in notices_on(D + DAY) if k.startswith("risk_review")]


def test_a_figure_waits_on_its_owner_from_30_days_before_its_period_ends_for_a_year(
        partnership, housing, practitioner, analyst):
    figure = records.figure(partnership, housing, period_end=D)
    key = f"figure_waiting:{figure.pk}"
    assert key not in notices_on(D - 31 * DAY, 23, 59)
    assert notices_on(D - 30 * DAY, 0, 1)[key].users == {practitioner.pk}  # the analyst is at the council
    assert key in notices_on(D + 365 * DAY, 23, 59)
    assert key not in notices_on(D + 366 * DAY, 0, 1)
    figure.value = 12
    figure.save()
    assert key not in notices_on(D)


def test_a_targets_actual_waits_on_the_actions_lead(plans, practitioner):
    referrals = plans["referrals"]
    due = referrals.actual.period_end
    notice = notices_on(due)[f"actual_waiting:{referrals.actual_id}"]
    assert notice.users == {practitioner.pk}
    assert notice.path == f"/p/testvale/plans/2024/targets/{referrals.pk}/actual/"
    assert "Referrals" not in notice.title


def test_a_plan_waits_for_approval_from_60_days_before_its_year_until_its_end(plans, board_member, manager, analyst):
    current = plans["current"]  # 2025/26: 1 April 2025 to 31 March 2026
    key = f"plan_approval:{current.pk}"
    assert key not in notices_on(datetime.date(2025, 1, 30), 23, 59)
    assert notices_on(datetime.date(2025, 1, 31), 0, 1)[key].users == {board_member.pk, manager.pk}
    assert key in notices_on(datetime.date(2026, 3, 31), 23, 59)
    assert key not in notices_on(datetime.date(2026, 4, 1), 0, 1)


def test_a_case_shared_is_news_to_the_organisation_for_a_week(partnership, council, housing, csu, practitioner):
    with time_machine.travel(london(D, 10), tick=False):
        share = records.shared_case(csu, partnership, council, housing)
    key = f"case_shared:{share.pk}"
    assert notices_on(D + 7 * DAY, 9, 59)[key].users == {practitioner.pk}
    assert key not in notices_on(D + 7 * DAY, 10, 1)


def test_a_case_handed_on_is_news_to_its_new_lead_for_a_week(partnership, council, csu, idva):
    with time_machine.travel(london(D, 10), tick=False):
        case = records.handed_case(csu, partnership, council, idva)
    key = f"case_lead:{case.pk}:{case.lead_officer_since:%Y%m%d%H%M%S}"
    assert notices_on(D + 7 * DAY, 9, 59)[key].users == {idva.pk}
    assert key not in notices_on(D + 7 * DAY, 10, 1)
    Membership.objects.filter(user=idva).update(ended_on=D + DAY)
    assert key not in notices_on(D + DAY)


def test_a_finished_or_failed_job_is_news_to_who_started_it_for_a_week(partnership, analyst, outsider):
    done = records.job(partnership, analyst, finished_at=london(D, 10))
    failed = records.job(partnership, analyst, finished_at=london(D, 10), status="failed")
    not_a_member = records.job(partnership, outsider, finished_at=london(D, 10))
    found = notices_on(D + 7 * DAY, 9, 59)
    assert found[f"job_finished:{done.pk}"].users == {analyst.pk}
    assert found[f"job_failed:{failed.pk}"].users == {analyst.pk}
    assert f"job_finished:{not_a_member.pk}" not in found
    assert f"job_finished:{done.pk}" not in notices_on(D + 7 * DAY, 10, 1)


def test_a_case_review_decision_is_due_14_days_after_the_application(partnership, council, csu):
    application = records.case_review(partnership, council, csu, received_on=D)
    assert not [k for k in notices_on(D + 10 * DAY, 23, 59) if k.startswith("case_review")]
    assert notices_on(D + 11 * DAY, 0, 1)[f"case_review_due:{application.pk}"].users == {csu.pk}
    assert f"case_review_overdue:{application.pk}" not in notices_on(D + 14 * DAY, 23, 59)
    assert f"case_review_overdue:{application.pk}" in notices_on(D + 15 * DAY, 0, 1)
    application.status = "threshold_met"
    application.save()
    assert not [k for k in notices_on(D + 15 * DAY) if k.startswith("case_review")]


def test_done_things_are_not_told(partnership, council, csu):
    action = records.task_group_action(partnership, council, due_on=D)
    action.done_on = D
    action.save()
    task = records.tasking_task(partnership, council, due_on=D)
    task.completed_on = D
    task.save()
    assert not notices_on(D + DAY)


def test_a_leaver_is_told_nothing_from_the_day_their_membership_ends(partnership, housing, practitioner):
    task = records.tasking_task(partnership, housing, due_on=D)
    Membership.objects.filter(user=practitioner).update(ended_on=D + DAY)
    assert notices_on(D)[f"task_due:{task.pk}"].users == {practitioner.pk}
    assert f"task_overdue:{task.pk}" not in notices_on(D + DAY, 0, 1)
