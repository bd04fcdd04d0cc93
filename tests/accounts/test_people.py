"""People from the browser (issue 12): the CSP manager invites by email (a single-use link for 7
days), changes roles, ends a membership from a day (access stops at London midnight) and restores
it; every change is audited and the person is told; one account across partnerships."""

import datetime
import re
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from eunomia.accounts import actions
from eunomia.accounts.models import Invitation, Membership, User
from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit.models import AuditEvent
from tests.signin import authenticator_code

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def winter_morning(time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 20, 10, tzinfo=LONDON))


def invitation_link(message):
    return re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)


def invite_through_page(client, **fields):
    return client.post("/p/testvale/people/invite/", {"full_name": "Sam Patel", "email": "Sam.Patel@Testvale.example",
                                                      "role": "partner_practitioner", **fields})


def test_an_invited_person_accepts_once_and_is_signed_in_with_their_role(manager, housing, client_for,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite_through_page(client_for(manager), organisation=housing.pk)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "sam.patel@testvale.example"
    assert AuditEvent.objects.filter(action="invitation.sent").count() == 1
    link = invitation_link(mail.outbox[-1])
    assert "Testvale Homes" in mail.outbox[-1].body and invitation.token_hash not in mail.outbox[-1].body

    path = link.split("testserver", 1)[1]
    visitor = client_for(None)
    page = visitor.get(path)
    assert "Partner practitioner" in page.content.decode()
    refused = visitor.post(path, {"password1": "password1234", "password2": "password1234"})
    assert refused.status_code == 400 and "This password is too common" in refused.content.decode()
    accepted = visitor.post(path, {"password1": "lantern-harbour-97", "password2": "lantern-harbour-97"})
    assert accepted.status_code == 302
    user = User.objects.get(email="sam.patel@testvale.example")
    assert Membership.objects.get(user=user).organisation == housing
    # Signed in, and the role reads personal data: the next step sets up a second factor (ADR 46).
    assert visitor.get("/p/testvale/plans/")["Location"].startswith("/accounts/second-factor/?next=")
    visitor.get("/accounts/second-factor/authenticator/")
    app = TOTPDevice.objects.get(user__email="sam.patel@testvale.example")
    assert visitor.post("/accounts/second-factor/authenticator/", {"code": authenticator_code(app)}).status_code == 302
    assert visitor.get("/p/testvale/plans/").status_code == 200  # with the role's access

    again = client_for(None).get(path)
    assert again.status_code == 410 and "has been used already" in again.content.decode()


@pytest.mark.parametrize("days, works", [(6, True), (7, False)])
def test_the_link_works_for_seven_days(manager, partnership, housing, time_machine, client_for, days, works):
    links = []
    actions.invite(by=manager, partnership=partnership, organisation=housing, role="analyst", email="a@x.example",
                   full_name="Ash", link_for=lambda token: links.append(token) or token)
    time_machine.shift(datetime.timedelta(days=days, seconds=-1 if works else 0))
    response = client_for(None).get(f"/accounts/invitation/{links[0]}/")
    assert response.status_code == (200 if works else 410)
    if not works:
        assert "has expired (after 7 days)" in response.content.decode()


def test_someone_with_an_account_keeps_it_and_accepts_signed_in(manager, partnership, council, client_for,
                                                                 make_member, other_partnership):
    from eunomia.partners import actions as partner_actions

    elsewhere_org = partner_actions.add_organisation(by=None, partnership=other_partnership, name="Far Council",
                                                     joined_on=datetime.date(2010, 1, 1))
    person = make_member("analyst", other_partnership, elsewhere_org, email="jo@far.example")
    tokens = []
    actions.invite(by=manager, partnership=partnership, organisation=council, role="board_member",
                   email="JO@far.example", full_name="Jo", link_for=lambda token: tokens.append(token) or token)
    path = f"/accounts/invitation/{tokens[0]}/"
    assert "Sign in" in client_for(None).get(path).content.decode()
    assert client_for(person).post(path).status_code == 302
    assert User.objects.filter(email="jo@far.example").count() == 1
    assert {m.partnership.slug for m in person.memberships.all()} == {"testvale", other_partnership.slug}


def test_an_invitation_for_someone_else_is_refused_to_the_signed_in_user(manager, partnership, council, analyst,
                                                                          client_for):
    tokens = []
    actions.invite(by=manager, partnership=partnership, organisation=council, role="board_member",
                   email="jo@far.example", full_name="Jo", link_for=lambda token: tokens.append(token) or token)
    client = client_for(analyst)
    response = client.post(f"/accounts/invitation/{tokens[0]}/", follow=True)
    assert "This invitation is for jo@far.example" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize("moment, has_access", [
    (datetime.datetime(2027, 1, 31, 23, 59, 59, tzinfo=LONDON), True),
    (datetime.datetime(2027, 2, 1, 0, 0, 0, tzinfo=LONDON), False),
])
def test_a_leaver_loses_access_at_midnight_of_the_day_and_can_be_restored(
        manager, partnership, practitioner, client_for, time_machine, moment, has_access,
        django_capture_on_commit_callbacks):
    membership = practitioner.memberships.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(manager).post(f"/p/testvale/people/{membership.pk}/end/",
                                        {"ended_on": "2027-02-01"}).status_code == 302
    assert "ends on 1 February 2027" in mail.outbox[-1].body
    time_machine.move_to(moment)
    practitioner = User.objects.get(pk=practitioner.pk)
    assert has_permission(practitioner, Permission.PLAN_VIEW, partnership=partnership) is has_access
    assert client_for(practitioner).get("/p/testvale/plans/").status_code == (200 if has_access else 404)
    if not has_access:
        assert client_for(manager).post(f"/p/testvale/people/{membership.pk}/reactivate/").status_code == 302
        assert client_for(User.objects.get(pk=practitioner.pk)).get("/p/testvale/plans/").status_code == 200
        assert list(AuditEvent.objects.filter(action__startswith="membership.").values_list("action", flat=True)
                    .order_by("id")) == ["membership.ended", "membership.reactivated"]


def test_a_role_change_takes_effect_on_the_next_request(manager, practitioner, client_for,
                                                        django_capture_on_commit_callbacks):
    client = client_for(practitioner)
    assert client.get("/p/testvale/figures/new/").status_code == 403
    membership = practitioner.memberships.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(manager).post(f"/p/testvale/people/{membership.pk}/role/",
                                        {"role": "analyst"}).status_code == 302
    assert client.get("/p/testvale/figures/new/").status_code == 200
    assert "You are now Analyst" in mail.outbox[-1].body
    assert AuditEvent.objects.get(action="membership.role_changed").data == {
        "role": ["partner_practitioner", "analyst"]}


def test_only_the_csp_manager_gives_the_domestic_abuse_role(partnership, council, analyst):
    with pytest.raises(ValidationError, match="Only the CSP manager may give the domestic abuse specialist role"):
        actions.invite(by=analyst, partnership=partnership, organisation=council, role="da_specialist",
                       email="idva@x.example", full_name="Idva", link_for=str)
    assert not Invitation.objects.exists()


def test_the_people_pages_are_the_managers(manager, analyst, practitioner, client_for):
    page = client_for(manager).get("/p/testvale/people/").content.decode()
    assert "Invite a person" in page and practitioner.email in page
    assert "Only the CSP manager may give it" in client_for(manager).get("/p/testvale/people/invite/").content.decode()
    for user in (analyst, practitioner):
        assert client_for(user).get("/p/testvale/people/").status_code == 403
        assert invite_through_page(client_for(user), organisation=1).status_code == 403


def test_an_invitation_to_an_organisation_outside_the_partnership_is_refused_in_words(manager, client_for,
                                                                                       other_partnership):
    from eunomia.partners import actions as partner_actions

    far = partner_actions.add_organisation(by=None, partnership=other_partnership, name="Far Homes")
    response = invite_through_page(client_for(manager), organisation=far.pk)
    assert response.status_code == 400
    assert "Choose one of the member organisations" in response.content.decode()
    assert not Invitation.objects.exists()


def test_add_member_uses_the_same_actions(partnership, council, capsys):
    from django.core.management import call_command

    call_command("add_member", "new.analyst@testvale.example", "--name", "New Analyst", "--partnership", "testvale",
                 "--organisation", "Testvale Council", "--role", "analyst")
    assert AuditEvent.objects.filter(action="membership.added").exists()


def test_ending_a_membership_lists_the_open_cases_they_lead(manager, partnership, council, housing, practitioner,
                                                            client_for):
    from eunomia.casework import actions as casework_actions
    from eunomia.casework.models import Case

    theirs = casework_actions.open_case(by=practitioner, partnership=partnership, organisation=housing,
                                        title="Noise at the flats")
    visible = casework_actions.open_case(by=manager, partnership=partnership, organisation=council,
                                         title="Fly-tipping in the lane")
    Case.objects.filter(pk=visible.pk).update(lead_officer=practitioner)
    membership = practitioner.memberships.get()
    page = client_for(manager).get(f"/p/testvale/people/{membership.pk}/end/").content.decode()
    assert "Open cases they lead" in page and "Fly-tipping in the lane" in page
    assert "Noise at the flats" not in page and "And 1 more you may not see" in page
    assert theirs.lead_officer == practitioner


def test_the_only_csp_manager_cannot_end_their_own_membership_or_role(manager, client_for):
    membership = manager.memberships.get()
    client = client_for(manager)
    ended = client.post(f"/p/testvale/people/{membership.pk}/end/", {"ended_on": "2027-02-01"})
    assert ended.status_code == 400 and "only CSP manager: make someone else CSP manager first" in ended.content.decode()
    changed = client.post(f"/p/testvale/people/{membership.pk}/role/", {"role": "analyst"})
    assert changed.status_code == 400
    assert Membership.objects.get(pk=membership.pk).role == "csp_manager"
    assert Membership.objects.get(pk=membership.pk).ended_on is None
