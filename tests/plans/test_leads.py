"""Leads and delivery partners (issue 11): an action with three leads, any of whom may record its
actuals, and delivery partners who need not be members of the partnership (providers, charities),
listed as such and never as members."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Organisation
from eunomia.plans import actions
from eunomia.plans.models import Action
from eunomia.plans.report import plan_document


@pytest.fixture
def police(partnership, system_user):
    return partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Police",
                                            kind="police", joined_on=datetime.date(2010, 1, 1))


@pytest.fixture
def kenward(manager, client_for):
    """A charity added through the directory page without joining the partnership."""
    response = client_for(manager).post("/p/testvale/directory/organisations/new/", {
        "name": "Kenward Trust", "kind": "voluntary", "member": "no"})
    assert response.status_code == 302
    return Organisation.objects.get(name="Kenward Trust")


def test_an_action_with_three_leads_and_a_charity_delivering_it(manager, plans, council, housing, police, kenward,
                                                                client_for):
    current = plans["current"]
    priority = current.priorities.get()
    response = client_for(manager).post("/p/testvale/plans/2025/actions/new/", {
        "title": "Work with social landlords to tackle anti-social behaviour", "priority": priority.pk,
        "owner_organisation": council.pk, "other_leads": [housing.pk, police.pk],
        "delivery_partners": [kenward.pk], "status": "on_track"})
    assert response.status_code == 302, response.content.decode()[:3000]
    action = Action.objects.get(title__startswith="Work with social landlords")
    assert [o.name for o in action.leads] == ["Testvale Council", "Testvale Homes", "Testvale Police"]
    actions.add_target(by=manager, action=action, measure="Joint visits", unit="count", direction="increase",
                       baseline_value=10, target_value=20)

    document, _ = plan_document(current)
    plan_table = next(b for s in document["sections"] if s["id"] == "the-plan" for b in s["blocks"]
                      if b["type"] == "table")
    leads = ["".join(r["text"] for r in row[1]) for row in plan_table["rows"]]
    assert "Testvale Council, Testvale Homes and Testvale Police, with Kenward Trust" in leads
    membership = next(s for s in document["sections"] if s["id"] == "membership")
    members = [e["name"] for b in membership["blocks"] if b["type"] == "contacts" for e in b["entries"]]
    assert "Kenward Trust" not in members and "Testvale Police" in members

    page = client_for(manager).get("/p/testvale/plans/2025/").content.decode()
    assert "Testvale Council, Testvale Homes and Testvale Police" in page and "With Kenward Trust" in page
    form = client_for(manager).get(f"/p/testvale/plans/2025/actions/{action.pk}/").content.decode()
    assert "Kenward Trust (not a member)" in form


def test_any_lead_may_record_the_actual_and_others_may_not(manager, plans, council, housing, police, practitioner,
                                                          make_member, partnership, client_for):
    action = actions.add_action(by=manager, plan=plans["previous"], priority=plans["previous"].priorities.get(),
                                title="Joint patrols", owner_organisation=council, other_leads=[housing])
    target = actions.add_target(by=manager, action=action, measure="Patrols", unit="count", direction="increase",
                                baseline_value=10, target_value=20)
    url = f"/p/testvale/plans/2024/targets/{target.pk}/actual/"
    # the practitioner works for housing, a second lead
    assert client_for(practitioner).post(url, {"value": "22", "evidence": "Patrol log"}).status_code == 302
    target.actual.refresh_from_db()
    assert target.actual.value == 22
    officer = make_member("partner_practitioner", partnership, police)
    assert client_for(officer).get(url).status_code == 403


def test_the_reviews_missing_actuals_offer_recording_to_every_lead_as_the_plan_tables_do(
        manager, plans, council, housing, police, practitioner, make_member, partnership, client_for):
    action = actions.add_action(by=manager, plan=plans["previous"], priority=plans["previous"].priorities.get(),
                                title="Joint patrols", owner_organisation=council, other_leads=[housing])
    target = actions.add_target(by=manager, action=action, measure="Patrols", unit="count", direction="increase",
                                baseline_value=10, target_value=20)
    link = f'href="/p/testvale/plans/2024/targets/{target.pk}/actual/"'

    def review_row(user):
        page = client_for(user).get("/p/testvale/plans/2025/").content.decode()
        row = page.split(f'id="review-target-{target.pk}"', 1)[1].split("</tr>", 1)[0]
        return row, client_for(user).get("/p/testvale/plans/2024/").content.decode()

    # Housing is the second lead: the review offers it, as last year's plan table does.
    row, plan_table = review_row(practitioner)
    assert link in row and link in plan_table
    officer = make_member("partner_practitioner", partnership, police)
    row, plan_table = review_row(officer)
    assert link not in row and link not in plan_table


def test_a_non_member_cannot_lead_and_a_lead_is_not_also_a_delivery_partner(manager, plans, council, housing,
                                                                          kenward):
    priority = plans["current"].priorities.get()
    with pytest.raises(ValidationError, match="Kenward Trust was not a member of the partnership in 2025/26: add it as a "
                                              "delivery partner instead"):
        actions.add_action(by=manager, plan=plans["current"], priority=priority, title="Outreach",
                           owner_organisation=council, other_leads=[kenward])
    with pytest.raises(ValidationError, match="Testvale Homes leads the action"):
        actions.add_action(by=manager, plan=plans["current"], priority=priority, title="Outreach",
                           owner_organisation=council, other_leads=[housing], delivery_partners=[housing])
    assert not Action.objects.filter(title="Outreach").exists()


def test_carrying_over_keeps_every_lead_and_partner(manager, plans, council, housing, kenward):
    previous = plans["previous"]
    action = actions.add_action(by=manager, plan=previous, priority=previous.priorities.get(), title="Outreach",
                                owner_organisation=council, other_leads=[housing], delivery_partners=[kenward],
                                status="on_track")
    new = actions.carry_over_action(by=manager, action=action, to_plan=plans["current"])
    assert [o.name for o in new.leads] == ["Testvale Council", "Testvale Homes"]
    assert list(new.delivery_partners.all()) == [kenward]
