"""Handing a case to another lead officer (ADR 50): only to someone at the case's owning organisation
who works cases now, only by its owner's caseworkers, audited with both leads; the case page and the
list of a leaver's open work link to it for those who may use it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.accounts.models import Membership, User
from eunomia.audit.models import AuditEvent
from eunomia.casework import actions, queries
from eunomia.casework.models import Case

TODAY = timezone.localdate()


@pytest.fixture
def world(partnership, council, housing, make_member, manager):
    csu = make_member("csu_officer", partnership, council, email="lead@eunomia.test")
    colleague = make_member("csu_officer", partnership, council, email="colleague@eunomia.test")
    idva = make_member("da_specialist", partnership, council, email="idva@eunomia.test")
    analyst = make_member("analyst", partnership, council, email="analyst@eunomia.test")
    practitioner = make_member("partner_practitioner", partnership, housing, email="housing@eunomia.test")
    leaver = make_member("csu_officer", partnership, council, email="leaver@eunomia.test")
    Membership.objects.filter(user=leaver).update(ended_on=TODAY)
    away = make_member("csu_officer", partnership, council, email="away@eunomia.test")
    User.objects.filter(pk=away.pk).update(is_active=False)
    case = actions.open_case(by=csu, partnership=partnership, organisation=council, title="Mill Lane noise")
    agreement = actions.add_agreement(
        by=manager, partnership=partnership, title="ASB ISA", purpose="Working cases together",
        lawful_basis="public_task", parties=[council, housing], starts_on=datetime.date(2024, 1, 1),
        review_on=datetime.date(2099, 1, 1))
    actions.share_case(by=csu, case=case, organisation=housing, agreement=agreement)
    return locals()


def url(case):
    return f"/p/testvale/casework/cases/{case.pk}/lead-officer/"


def test_the_lead_may_be_anyone_at_the_owning_organisation_who_works_cases_now(world, manager):
    w = world
    assert set(queries.possible_leads(w["case"])) == {w["csu"], w["colleague"], w["idva"], manager}


def test_a_caseworker_of_the_owner_hands_the_case_on(world, client_for):
    w = world
    client = client_for(w["csu"])
    page = client.get(url(w["case"])).content.decode()
    for offered in (w["colleague"], w["idva"]):
        assert f'value="{offered.pk}"' in page
    for not_offered in (w["csu"], w["analyst"], w["practitioner"], w["leaver"], w["away"]):
        assert f'value="{not_offered.pk}"' not in page
    response = client.post(url(w["case"]), {"lead_officer": w["colleague"].pk}, follow=True)
    assert response.redirect_chain[-1][0] == f"/p/testvale/casework/cases/{w['case'].pk}/"
    assert f"{w['colleague']} now leads case {w['case'].reference}" in response.content.decode()
    case = Case.objects.get(pk=w["case"].pk)
    assert case.lead_officer == w["colleague"] and case.lead_officer_since is not None
    event = AuditEvent.objects.get(action="casework.case_lead_changed")
    assert (event.object_id, event.actor_id, event.data) == (
        str(case.pk), w["csu"].pk, {"from": w["csu"].pk, "to": w["colleague"].pk})


@pytest.mark.parametrize("chosen, message", [
    ("", "Choose who will lead the case"),
    ("practitioner", "Choose a person from the list"),
    ("leaver", "Choose a person from the list"),
    ("analyst", "Choose a person from the list"),
    ("csu", "Choose a person from the list"),  # already the lead
])
def test_a_lead_who_could_not_work_the_case_is_refused_in_plain_words(world, client_for, chosen, message):
    w = world
    events = AuditEvent.objects.count()
    response = client_for(w["csu"]).post(url(w["case"]), {"lead_officer": w[chosen].pk if chosen else ""})
    assert response.status_code == 400 and message in response.content.decode()
    assert Case.objects.get(pk=w["case"].pk).lead_officer == w["csu"]
    assert AuditEvent.objects.count() == events


def test_the_action_refuses_the_same_lead_and_anyone_outside_the_owner(world):
    w = world
    with pytest.raises(ValidationError, match="already leads"):
        actions.change_lead_officer(by=w["csu"], case=w["case"], lead_officer=w["csu"])
    with pytest.raises(ValidationError, match="Choose someone at Testvale Council who works cases"):
        actions.change_lead_officer(by=w["csu"], case=w["case"], lead_officer=w["practitioner"])
    with pytest.raises(ValidationError, match="Choose who will lead the case"):
        actions.change_lead_officer(by=w["csu"], case=w["case"], lead_officer=None)
    assert not AuditEvent.objects.filter(action="casework.case_lead_changed").exists()


def test_only_the_owners_caseworkers_see_the_link_and_may_use_the_page(world, client_for, outsider):
    w = world
    case_page = f"/p/testvale/casework/cases/{w['case'].pk}/"
    assert url(w["case"]) in client_for(w["csu"]).get(case_page).content.decode()
    partner = client_for(w["practitioner"])
    assert url(w["case"]) not in partner.get(case_page).content.decode()
    assert partner.get(url(w["case"])).status_code == 403  # shared with them: they read it, and change nothing
    assert partner.post(url(w["case"]), {"lead_officer": w["colleague"].pk}).status_code == 403
    assert client_for(w["analyst"]).get(url(w["case"])).status_code == 403
    assert client_for(outsider).get(url(w["case"])).status_code == 404
    assert Case.objects.get(pk=w["case"].pk).lead_officer == w["csu"]


def test_a_leavers_open_cases_link_to_handing_each_on_where_the_manager_may(world, client_for, manager, partnership,
                                                                              council, housing):
    w = world
    theirs = actions.open_case(by=w["practitioner"], partnership=partnership, organisation=housing,
                               title="Stairwell at the flats")
    actions.share_case(by=w["practitioner"], case=theirs, organisation=council, agreement=w["agreement"])
    membership = w["practitioner"].memberships.get()
    Case.objects.filter(pk__in=[w["case"].pk, theirs.pk]).update(lead_officer=w["practitioner"])
    page = client_for(manager).get(f"/p/testvale/people/{membership.pk}/end/").content.decode()
    assert "Mill Lane noise" in page and url(w["case"]) in page
    # Housing's own case, shared with the council: the manager reads it but only housing hands it on.
    assert "Stairwell at the flats" in page and url(theirs) not in page
