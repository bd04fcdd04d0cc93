"""The plan page and the public page draw their tables in Python (plans/templatetags/plan_tables.py):
whatever people type must reach the page escaped, on the draft and in the published version."""

import pytest

from eunomia.plans import actions

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"


@pytest.fixture
def hostile_plan(plans, council, system_user):
    current = plans["current"]
    priority = current.priorities.first()
    action = actions.add_action(by=system_user, plan=current, priority=priority, owner_organisation=council,
                                title=f"Action {HOSTILE}")
    actions.add_target(by=system_user, action=action, measure=f"Measure {HOSTILE}", unit="count",
                       direction="increase", baseline_value=1, baseline_note="", target_value=2)
    return plans


def test_the_plan_page_escapes_what_people_typed(hostile_plan, manager, client_for):
    page = client_for(manager).get("/p/testvale/plans/2025/").content.decode()
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert f"Action {ESCAPED}" in page and f"Measure {ESCAPED}" in page


def test_the_published_page_escapes_what_people_typed(hostile_plan, manager, client_for, system_user):
    actions.record_actual(by=system_user, target=hostile_plan["referrals"], value=41, evidence="Return")
    current = hostile_plan["current"]
    current.refresh_from_db()
    actions.approve_plan(by=system_user, plan=current)
    actions.publish_plan(by=system_user, plan=current)
    page = client_for(None).get("/published/testvale/2025/").content.decode()
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert f"Action {ESCAPED}: Measure {ESCAPED}" in page


def test_last_years_targets_without_an_actual_are_listed_with_a_way_to_record_them(plans, practitioner, client_for):
    page = client_for(practitioner).get("/p/testvale/plans/2025/").content.decode()
    referrals = plans["referrals"]
    assert f'id="review-target-{referrals.pk}"' in page
    # The practitioner's organisation (housing) leads the action, so they may record it.
    assert f'/p/testvale/plans/2024/targets/{referrals.pk}/actual/' in page
    improved = plans["improved"]
    assert f'id="review-target-{improved.pk}"' not in page, "a target with its actual is not listed"
