"""The working groups' roll-up shown where the plan's actions are worked on (ADR 0034): beside each
action on the plan's page and the action's own page, and as a warning on "Check and publish"."""

import datetime
import re

import pytest

from tests.signin import force_sign_in
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eunomia.partners import actions as partner_actions
from eunomia.plans import actions as plan_actions
from eunomia.plans.models import Action
from eunomia.tasking import actions

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PLAN_PAGE = "/p/testvale/plans/2025/"


@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


@pytest.fixture
def groups(partnership, council, housing, system_user):
    asb = partner_actions.save_working_group(by=system_user, partnership=partnership, name="ASB Group",
                                             lead_organisation=council)
    young = partner_actions.save_working_group(by=system_user, partnership=partnership, name="Young People Group",
                                               lead_organisation=housing)
    return asb, young


def new_action(by, plan, title, owner, status="on_track"):
    return plan_actions.add_action(by=by, plan=plan, priority=plan.priorities.first(), title=title,
                                   owner_organisation=owner, status=status)


@pytest.fixture
def covered(plans, groups, manager, csu, council, housing):
    """Two actions of this year's plan: one the plan calls on track, covered by two groups' items
    of which one is overdue (so the items say at risk); one no item covers."""
    current = plans["current"]
    late = new_action(manager, current, "Patrol the parks at night", council)
    uncovered = new_action(manager, current, "Run the schools programme", housing)
    asb, young = groups
    actions.add_group_item(by=csu, group=asb, title="Rota agreed", owner_organisation=council,
                           due_on=TODAY - DAY, plan_action=late)
    actions.add_group_item(by=csu, group=young, title="Youth workers join", owner_organisation=housing,
                           due_on=TODAY + 9 * DAY, plan_action=late)
    return late, uncovered


def header_of(page, action):
    """The plan table's header cell of one action."""
    return re.search(rf'id="action-{action.pk}">(.*?)</th>', page, re.S).group(1)


def test_the_roll_up_is_shown_beside_the_action_with_its_groups_and_the_editor_uses_it(
        covered, groups, manager):
    late, uncovered = covered
    asb, young = groups
    client = Client(enforce_csrf_checks=True)  # the button's form carries a working CSRF token
    force_sign_in(client, manager)
    header = header_of(client.get(PLAN_PAGE).content.decode(), late)
    assert "<strong>Working group items say: At risk</strong>, but the plan says on track" in header
    assert f'href="/p/testvale/tasking/groups/{asb.pk}/">ASB Group</a>' in header
    assert f'href="/p/testvale/tasking/groups/{young.pk}/">Young People Group</a>' in header
    assert f'action="/p/testvale/tasking/actions/{late.pk}/roll-up/"' in header
    assert "Use this status in the plan" in header

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header).group(1)
    assert client.post(f"/p/testvale/tasking/actions/{late.pk}/roll-up/", {"back": "plan"}).status_code == 403

    response = client.post(f"/p/testvale/tasking/actions/{late.pk}/roll-up/",
                           {"back": "plan", "csrfmiddlewaretoken": token})

    assert response.status_code == 302 and response["Location"] == f"{PLAN_PAGE}#action-{late.pk}"
    assert Action.objects.get(pk=late.pk).status == "at_risk"
    header = header_of(client.get(PLAN_PAGE).content.decode(), late)
    assert "Working group items agree: At risk" in header and "Use this status" not in header


def test_an_action_no_group_item_covers_shows_nothing_extra(covered, manager, client_for):
    late, uncovered = covered
    page = client_for(manager).get(PLAN_PAGE).content.decode()
    header = header_of(page, uncovered)
    assert "Working group" not in header and "roll-up" not in header
    assert page.count("Working group items") == 1


def test_the_actions_own_page_shows_the_difference_and_comes_back_to_it(covered, manager, client_for):
    late, _ = covered
    client = client_for(manager)
    page = client.get(f"/p/testvale/plans/2025/actions/{late.pk}/").content.decode()
    assert "Working group items say: At risk" in page and "Use this status in the plan" in page
    response = client.post(f"/p/testvale/tasking/actions/{late.pk}/roll-up/", {"back": "action"})
    assert response["Location"] == f"/p/testvale/plans/2025/actions/{late.pk}/"
    assert Action.objects.get(pk=late.pk).status == "at_risk"


def test_a_partner_practitioner_sees_the_roll_up_but_no_button(covered, practitioner, client_for):
    late, _ = covered
    client = client_for(practitioner)
    header = header_of(client.get(PLAN_PAGE).content.decode(), late)
    assert "Working group items say: At risk" in header
    assert "Use this status in the plan" not in header and "roll-up/" not in header
    assert client.post(f"/p/testvale/tasking/actions/{late.pk}/roll-up/", {"back": "plan"}).status_code == 403
    assert Action.objects.get(pk=late.pk).status == "on_track"


def test_check_and_publish_warns_of_differences_but_publication_goes_ahead(
        covered, plans, manager, board_member, client_for):
    late, uncovered = covered
    plan_actions.record_actual(by=manager, target=plans["referrals"], value=38, evidence="Mediation returns")
    plan_actions.approve_plan(by=board_member, plan=plans["current"])
    client = client_for(manager)

    page = client.get("/p/testvale/plans/2025/publish/").content.decode()

    assert "1 action where the working groups say otherwise" in page
    assert "Nothing is missing" in page  # not a gap: nothing to put right before publishing
    assert (f'<a class="govuk-link" href="{PLAN_PAGE}#action-{late.pk}">Patrol the parks at night</a>: '
            "the plan says on track; working group items say: At risk") in page
    assert uncovered.title not in page

    response = client.post("/p/testvale/plans/2025/publish/", {})

    assert response.status_code == 302 and response["Location"] == "/published/testvale/2025/v1/"


def test_check_and_publish_says_nothing_when_the_plan_agrees(covered, manager, client_for):
    late, _ = covered
    plan_actions.update_action(by=manager, action=late, status="at_risk")
    page = client_for(manager).get("/p/testvale/plans/2025/publish/").content.decode()
    assert "working groups say otherwise" not in page


def test_a_carried_over_action_is_not_called_different(covered, plans, manager, client_for):
    late, _ = covered
    plan_actions.update_action(by=manager, action=late, status="carried_over")
    header = header_of(client_for(manager).get(PLAN_PAGE).content.decode(), late)
    assert "Working group items say: At risk (from" in header
    assert "Working group items agree" not in header and "Use this status" not in header
    assert "working groups say otherwise" not in client_for(manager).get(
        "/p/testvale/plans/2025/publish/").content.decode()


def plan_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PLAN_PAGE).status_code == 200
    return len(queries)


def test_the_plan_pages_queries_do_not_grow_with_the_number_of_covered_actions(
        plans, groups, manager, csu, council, client_for):
    current, (asb, young) = plans["current"], groups

    def add_covered(count):
        for number in range(count):
            action = new_action(manager, current, f"Action {number}", council)
            for group in (asb, young):
                actions.add_group_item(by=csu, group=group, title=f"Item {number}", owner_organisation=council,
                                       due_on=TODAY - DAY, plan_action=action)

    client = client_for(manager)
    add_covered(2)
    plan_page_queries(client)  # the first request fills the caches every request shares
    with_two = plan_page_queries(client)
    add_covered(4)
    with_six = plan_page_queries(client)
    assert client.get(PLAN_PAGE).content.decode().count("Working group items say: At risk") == 6
    assert with_six == with_two
