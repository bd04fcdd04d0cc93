"""An organisation's own lead manages its members (ADR 48): the CSP manager names leads and chooses
the roles they may give (never CSP manager nor a domestic abuse role); a lead sees only their own
organisation's people, and invites, changes, ends and restores only in those roles. One rule,
accounts.permissions.may_manage, in the actions; audited, and the person is told."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from eunomia.accounts import actions
from eunomia.accounts.models import Invitation, Membership, User
from eunomia.accounts.permissions import may_manage
from eunomia.audit.models import AuditEvent
from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Partnership

PEOPLE = "/p/testvale/people/"


@pytest.fixture
def lead(make_member, partnership, housing):
    """A partner practitioner at Testvale Homes who is its organisation lead."""
    user = make_member("partner_practitioner", partnership, housing, email="lead@testvale-homes.example")
    Membership.objects.filter(user=user).update(is_organisation_lead=True)
    return User.objects.get(pk=user.pk)


def fresh(user):
    """The user as the next request sees them (memberships are cached on the user object)."""
    return User.objects.get(pk=user.pk)


def invite(client, organisation, role, email="sam.patel@testvale.example"):
    return client.post(f"{PEOPLE}invite/", {"full_name": "Sam Patel", "email": email,
                                            "organisation": organisation.pk, "role": role})


def test_a_lead_invites_to_their_own_organisation_in_an_allowed_role(lead, housing, client_for,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(lead), housing, "partner_practitioner")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role, invitation.created_by) == (housing, "partner_practitioner", lead)
    assert AuditEvent.objects.get(action="invitation.sent").actor == lead.email
    assert "Partner practitioner for Testvale Homes" in mail.outbox[-1].body


@pytest.mark.parametrize("role, message", [
    ("da_specialist", "Only the CSP manager may give the domestic abuse specialist role"),
    ("da_auditor", "Only the CSP manager may give the domestic abuse auditor role"),
    ("csp_manager", "Only the CSP manager may give the CSP manager role: organisation leads in Testvale Community "
                    "Safety Partnership may give Community Safety Unit officer, Partner practitioner"),
    ("analyst", "Only the CSP manager may give the Analyst role"),
])
def test_a_lead_may_not_give_a_role_the_partnership_does_not_allow(lead, partnership, housing, client_for, role,
                                                                   message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        actions.invite(by=lead, partnership=partnership, organisation=housing, role=role, email="x@x.example",
                       full_name="X", link_for=str)
    response = invite(client_for(lead), housing, role)
    assert response.status_code == 400 and "Choose one of the roles listed" in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_roles_offered_to_a_lead_are_only_the_allowed_ones(lead, client_for):
    page = client_for(lead).get(f"{PEOPLE}invite/").content.decode()
    assert 'value="partner_practitioner"' in page and 'value="csu_officer"' in page
    assert not any(f'value="{role}"' in page for role in ("csp_manager", "da_specialist", "da_auditor", "analyst"))
    assert "Testvale Council" not in page


def test_a_lead_may_not_invite_to_another_organisation(lead, partnership, council, client_for):
    with pytest.raises(ValidationError, match="Only the CSP manager or an organisation lead of Testvale Council"):
        actions.invite(by=lead, partnership=partnership, organisation=council, role="partner_practitioner",
                       email="x@x.example", full_name="X", link_for=str)
    response = invite(client_for(lead), council, "partner_practitioner")
    assert response.status_code == 400 and "Choose one of the member organisations" in response.content.decode()
    assert not Invitation.objects.exists()


def test_another_organisations_people_are_not_found(lead, analyst, manager, partnership, council, client_for):
    client = client_for(lead)
    page = client.get(PEOPLE).content.decode()
    assert lead.email in page and analyst.email not in page and manager.email not in page
    membership = analyst.memberships.get()
    for url in (f"{PEOPLE}{membership.pk}/role/", f"{PEOPLE}{membership.pk}/end/"):
        assert client.get(url).status_code == 404
        assert client.post(url, {"role": "csu_officer", "ended_on": ""}).status_code == 404
    assert client.post(f"{PEOPLE}{membership.pk}/reactivate/").status_code == 404
    invitation = actions.invite(by=manager, partnership=partnership, organisation=council, role="csu_officer",
                                email="y@y.example", full_name="Y", link_for=str)
    assert invitation.email not in page
    assert client.post(f"{PEOPLE}invitations/{invitation.pk}/cancel/").status_code == 404
    assert Membership.objects.get(pk=membership.pk).role == "analyst"
    assert Invitation.objects.get(pk=invitation.pk).cancelled_at is None


def test_a_lead_changes_a_member_between_allowed_roles_only(lead, practitioner, partnership, client_for,
                                                            django_capture_on_commit_callbacks):
    membership = practitioner.memberships.get()
    client = client_for(lead)
    refused = client.post(f"{PEOPLE}{membership.pk}/role/", {"role": "analyst"})
    assert refused.status_code == 400 and "Choose one of the roles listed" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{PEOPLE}{membership.pk}/role/", {"role": "csu_officer"}).status_code == 302
    assert Membership.objects.get(pk=membership.pk).role == "csu_officer"
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert (event.actor, event.data) == (lead.email, {"role": ["partner_practitioner", "csu_officer"]})
    assert "You are now Community Safety Unit officer" in mail.outbox[-1].body


def test_a_lead_leaves_members_in_other_roles_to_the_csp_manager(lead, make_member, partnership, housing,
                                                                 client_for):
    board = make_member("board_member", partnership, housing).memberships.get()
    idva = make_member("da_specialist", partnership, housing).memberships.get()
    client = client_for(lead)
    page = client.get(PEOPLE).content.decode()
    assert f"{PEOPLE}{board.pk}/role/" not in page and f"{PEOPLE}{idva.pk}/end/" not in page
    for membership in (board, idva):
        assert client.get(f"{PEOPLE}{membership.pk}/role/").status_code == 403
        assert client.post(f"{PEOPLE}{membership.pk}/end/", {"ended_on": ""}).status_code == 403
    with pytest.raises(ValidationError, match="Only the CSP manager may change a member's role from Board member"):
        actions.change_role(by=lead, membership=board, role="partner_practitioner")
    with pytest.raises(ValidationError, match="Only the CSP manager may end a membership as domestic abuse spec"):
        actions.end_membership(by=lead, membership=idva, ended_on=datetime.date(2027, 2, 1))
    assert not Membership.objects.filter(ended_on__isnull=False).exists()


def test_a_lead_ends_and_restores_their_organisations_memberships(lead, practitioner, client_for,
                                                                  django_capture_on_commit_callbacks):
    membership = practitioner.memberships.get()
    client = client_for(lead)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{PEOPLE}{membership.pk}/end/", {"ended_on": "2027-02-01"}).status_code == 302
    assert "ends on 1 February 2027" in mail.outbox[-1].body
    assert f"{PEOPLE}{membership.pk}/reactivate/" in client.get(PEOPLE).content.decode()
    assert client.post(f"{PEOPLE}{membership.pk}/reactivate/").status_code == 302
    assert Membership.objects.get(pk=membership.pk).ended_on is None
    assert [e.actor for e in AuditEvent.objects.filter(action__in=["membership.ended", "membership.reactivated"])
            ] == [lead.email, lead.email]


def test_a_partner_practitioner_who_is_not_a_lead_is_refused(practitioner, partnership, housing, client_for):
    client = client_for(practitioner)
    assert client.get(PEOPLE).status_code == 403
    assert invite(client, housing, "partner_practitioner").status_code == 403
    assert client.get(f"{PEOPLE}{practitioner.memberships.get().pk}/role/").status_code == 403
    assert "People and their roles" not in client.get("/p/testvale/directory/").content.decode()
    with pytest.raises(ValidationError, match="Only the CSP manager or an organisation lead of Testvale Homes"):
        actions.invite(by=practitioner, partnership=partnership, organisation=housing, role="partner_practitioner",
                       email="x@x.example", full_name="X", link_for=str)
    assert not Invitation.objects.exists()


def test_the_people_link_and_every_link_on_the_page_work_for_a_lead(lead, practitioner, partnership, housing,
                                                                    manager, client_for):
    actions.invite(by=manager, partnership=partnership, organisation=housing, role="partner_practitioner",
                   email="z@z.example", full_name="Z", link_for=str)
    client = client_for(lead)
    assert f'href="{PEOPLE}"' in client.get("/p/testvale/directory/").content.decode()
    page = client.get(PEOPLE).content.decode()
    assert "z@z.example" in page and "Cancel" in page
    links = set(re.findall(r'href="(/p/testvale/people/[^"]*)"', page))
    assert f"{PEOPLE}invite/" in links and f"{PEOPLE}organisation-leads/" not in links
    assert links and all(client.get(link).status_code == 200 for link in links), links
    for action in re.findall(r'action="(/p/testvale/people/[^"]*)"', page):
        assert client.post(action).status_code == 302


def test_the_csp_manager_names_a_lead_audited_and_told(manager, practitioner, client_for,
                                                       django_capture_on_commit_callbacks):
    membership = practitioner.memberships.get()
    client = client_for(manager)
    assert f"{PEOPLE}{membership.pk}/lead/" in client.get(PEOPLE).content.decode()
    refused = client.post(f"{PEOPLE}{membership.pk}/lead/", {})
    assert refused.status_code == 400 and "Say whether they are an organisation lead" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{PEOPLE}{membership.pk}/lead/", {"lead": "yes"}).status_code == 302
    assert Membership.objects.get(pk=membership.pk).is_organisation_lead
    assert AuditEvent.objects.get(action="membership.lead_changed").data == {"organisation_lead": [False, True]}
    assert "You are now an organisation lead for Testvale Homes" in mail.outbox[-1].body
    assert client_for(fresh(practitioner)).get(PEOPLE).status_code == 200


def test_only_the_csp_manager_names_leads_and_chooses_their_roles(lead, practitioner, client_for):
    client = client_for(lead)
    membership = practitioner.memberships.get()
    assert client.get(f"{PEOPLE}{membership.pk}/lead/").status_code == 403
    assert client.post(f"{PEOPLE}organisation-leads/", {"lead_roles": ["analyst"]}).status_code == 403
    with pytest.raises(ValidationError, match="Only the CSP manager may name organisation leads"):
        actions.set_organisation_lead(by=lead, membership=membership, lead=True)
    with pytest.raises(ValidationError, match="Only the CSP manager may choose"):
        partner_actions.set_lead_roles(by=lead, partnership=membership.partnership, roles=["analyst"])
    assert not Membership.objects.get(pk=membership.pk).is_organisation_lead


def test_changing_the_roles_leads_may_give_is_audited_and_takes_effect(manager, lead, partnership, housing,
                                                                       client_for):
    client = client_for(manager)
    assert "Organisation leads may give: Community Safety Unit officer, Partner practitioner" in client.get(
        PEOPLE).content.decode()
    assert client.post(f"{PEOPLE}organisation-leads/", {"lead_roles": ["board_member", "analyst"]}).status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).lead_roles == ["analyst", "board_member"]
    event = AuditEvent.objects.get(action="partnership.lead_roles_changed")
    assert (event.actor, event.data) == (manager.email, {
        "lead_roles": [["partner_practitioner", "csu_officer"], ["analyst", "board_member"]]})
    assert invite(client_for(lead), housing, "partner_practitioner").status_code == 400
    assert invite(client_for(fresh(lead)), housing, "analyst").status_code == 302


@pytest.mark.parametrize("role", ["da_specialist", "csp_manager"])
def test_the_roles_leads_may_give_never_include_csp_manager_or_a_domestic_abuse_role(manager, lead, partnership,
                                                                                    housing, client_for, role):
    response = client_for(manager).post(f"{PEOPLE}organisation-leads/", {"lead_roles": ["analyst", role]})
    assert response.status_code == 400 and "Choose only from the roles listed" in response.content.decode()
    with pytest.raises(ValidationError, match="Organisation leads may not give"):
        partner_actions.set_lead_roles(by=manager, partnership=partnership, roles=[role])
    partnership.lead_roles = [role]
    with pytest.raises(ValidationError, match="only the CSP manager may"):
        partnership.full_clean()
    # Even a setting written around the action gives a lead nothing of it.
    Partnership.objects.filter(pk=partnership.pk).update(lead_roles=[role, "analyst"])
    partnership = Partnership.objects.get(pk=partnership.pk)
    assert not may_manage(lead, partnership, housing, role) and may_manage(lead, partnership, housing, "analyst")
    assert not AuditEvent.objects.filter(action="partnership.lead_roles_changed").exists()


def test_the_csp_manager_still_manages_everyone_in_every_role(manager, lead, practitioner, partnership, council,
                                                               client_for):
    page = client_for(manager).get(PEOPLE).content.decode()
    assert practitioner.email in page and lead.email in page and "Organisation lead" in page
    assert f"{PEOPLE}organisation-leads/" in page
    assert invite(client_for(manager), council, "da_specialist").status_code == 302
    assert may_manage(manager, partnership, council, "csp_manager")
