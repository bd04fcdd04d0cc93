"""Second factors (issue 12, ADR 46): required for the roles that read personal data, an
authenticator app or a passkey, recovery codes that work once, throttled codes, and a demo skip."""

import datetime

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from eunomia.accounts import actions, second_factor
from eunomia.accounts.models import Membership
from eunomia.audit.models import AuditEvent
from tests.conftest import PASSWORD
from tests.signin import authenticator_code, authenticator_for

PLANS = "/p/testvale/plans/"


def password_only(user):
    client = Client()
    assert client.post("/accounts/sign-in/", {"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def is_asked(client):
    return client.get(PLANS).get("Location", "").startswith("/accounts/second-factor/")


def set_up_app(client, user):
    """Set up an authenticator app through the page, as a person does; returns the new codes."""
    page = client.get("/accounts/second-factor/authenticator/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/second-factor/authenticator/", {"code": authenticator_code(device)})
    assert response.status_code == 302 and response["Location"] == "/accounts/second-factor/recovery-codes/"
    return client.get(response["Location"]).context["codes"]


def test_a_manager_is_held_until_they_set_one_up(manager, partnership, django_capture_on_commit_callbacks):
    client = password_only(manager)
    response = client.get(PLANS)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/second-factor/?next={PLANS.replace('/', '%2F')}"
    assert client.get("/api/v1/partnerships/").status_code == 403
    assert "second factor" in client.get("/api/v1/partnerships/").json()["detail"]
    page = client.get("/accounts/second-factor/").content.decode()
    assert "Set one up now to go on" in page and "Sign out" in page
    with django_capture_on_commit_callbacks(execute=True):
        codes = set_up_app(client, manager)
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=manager).count() == 10
    assert client.get("/accounts/second-factor/recovery-codes/").context["codes"] is None  # shown once
    assert client.get(PLANS).status_code == 200
    assert [e.data["method"] for e in AuditEvent.objects.filter(action="user.second_factor_added")] == \
        ["authenticator"]
    assert AuditEvent.objects.filter(action="user.second_factor_passed", data__method="authenticator").exists()
    assert [m.subject for m in mail.outbox] == ["A second factor was added to your account"]
    assert mail.outbox[0].to == [manager.email] and "Testvale" not in mail.outbox[0].body


def test_the_next_sign_in_asks_for_a_code_and_refuses_a_wrong_one(manager, partnership, time_machine):
    app = authenticator_for(manager)
    client = password_only(manager)
    response = client.get(PLANS)
    assert response["Location"].startswith("/accounts/second-factor/check/?next=")
    check = response["Location"]
    wrong = client.post(check, {"code": "000000" if authenticator_code(app) != "000000" else "111111"})
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    assert AuditEvent.objects.filter(action="user.second_factor_refused", object_id=str(manager.pk)).count() == 1
    # A wrong code makes the next try wait: even the right code is refused straight after.
    too_soon = client.post(check, {"code": authenticator_code(app)})
    assert too_soon.status_code == 400 and "Too many wrong codes. Wait" in too_soon.content.decode()
    assert client.get(PLANS).status_code == 302
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=2))
    right = client.post(check, {"code": authenticator_code(app)})
    assert right.status_code == 302 and right["Location"] == PLANS
    assert client.get(PLANS).status_code == 200


def test_a_code_works_once(manager, partnership):
    app = authenticator_for(manager)
    code = authenticator_code(app)
    first = password_only(manager)
    assert first.post("/accounts/second-factor/check/", {"code": code}).status_code == 302
    second = password_only(manager)
    assert second.post("/accounts/second-factor/check/", {"code": code}).status_code == 400


def test_a_recovery_code_works_once_and_the_person_is_told(manager, partnership, time_machine,
                                                          django_capture_on_commit_callbacks):
    authenticator_for(manager)
    code = second_factor.make_recovery_codes(manager)[3]
    client = password_only(manager)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/accounts/second-factor/check/",
                           {"code": code.upper()[:4] + " " + code[4:]}).status_code == 302
    assert client.get(PLANS).status_code == 200
    assert StaticToken.objects.filter(device__user=manager).count() == 9
    assert mail.outbox[-1].subject == "A recovery code was used to sign in" and "9 left" in mail.outbox[-1].body
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=5))
    again = password_only(manager)
    assert again.post("/accounts/second-factor/check/", {"code": code}).status_code == 400


@pytest.mark.parametrize("role, asked", [("csp_manager", True), ("csu_officer", True),
                                         ("partner_practitioner", True), ("da_specialist", True),
                                         ("da_auditor", True), ("analyst", False), ("board_member", False)])
def test_the_roles_that_read_personal_data_need_one(make_member, partnership, council, role, asked):
    member = make_member(role, partnership, council)
    assert is_asked(password_only(member)) is asked


def test_whoever_has_set_one_up_is_always_asked(analyst, partnership):
    authenticator_for(analyst)
    assert password_only(analyst).get("/")["Location"].startswith("/accounts/second-factor/check/")


def test_a_role_change_takes_effect_on_the_next_request(analyst, partnership, manager):
    client = password_only(analyst)
    assert client.get(PLANS).status_code == 200
    membership = Membership.objects.get(user=analyst, partnership=partnership)
    actions.change_role(by=manager, membership=membership, role="csu_officer")
    assert client.get(PLANS)["Location"].startswith("/accounts/second-factor/?next=")


@pytest.mark.parametrize("configured, manager_asked, board_asked", [
    ("board_member", False, True), ("none", False, False), ("", True, False)])
def test_which_roles_need_one_is_configurable(make_member, partnership, council, configured, manager_asked,
                                              board_asked):
    manager, board = make_member("csp_manager", partnership, council), make_member("board_member", partnership, council)
    with override_settings(SECOND_FACTOR_ROLES=configured):
        assert is_asked(password_only(manager)) is manager_asked
        assert is_asked(password_only(board)) is board_asked


def test_an_unknown_role_in_the_setting_stops_the_checks():
    with override_settings(SECOND_FACTOR_ROLES="csp_manager, chief_constable"):
        errors = second_factor.check_second_factor_roles(None)
    assert [e.id for e in errors] == ["accounts.E001"] and "chief_constable" in errors[0].msg


def test_a_person_who_has_one_gives_it_before_replacing_it(manager, partnership):
    authenticator_for(manager)
    client = password_only(manager)
    for page in ("/accounts/second-factor/authenticator/", "/accounts/second-factor/passkey/"):
        assert client.get(page)["Location"].startswith("/accounts/second-factor/check/")
    assert client.post("/accounts/passkeys/registration/begin/").status_code == 403
    assert not TOTPDevice.objects.filter(user=manager, confirmed=False).exists()


def test_only_the_demo_may_skip(manager, partnership):
    authenticator_for(manager)
    client = password_only(manager)
    page = client.get("/accounts/second-factor/check/").content.decode()
    assert "Skip (demo only)" not in page
    refused = client.post("/accounts/second-factor/check/", {"skip": "1"}, follow=True)
    assert "Only the demo lets you skip" in refused.content.decode()
    assert client.get(PLANS).status_code == 302
    with override_settings(DEMO=True):
        assert "Skip (demo only)" in client.get("/accounts/second-factor/check/").content.decode()
        assert client.post("/accounts/second-factor/check/", {"skip": "1", "next": PLANS})["Location"] == PLANS
    assert client.get(PLANS).status_code == 200
    assert AuditEvent.objects.filter(action="user.second_factor_passed", data__method="demo_skip").exists()


def test_the_last_one_cannot_be_removed_by_a_role_that_needs_one(manager, analyst, partnership, client_for):
    authenticator_for(manager)
    client = client_for(manager)
    response = client.post("/accounts/second-factor/authenticator/remove/", follow=True)
    assert "Your role needs a second factor" in response.content.decode()
    assert second_factor.is_set_up(manager)
    authenticator_for(analyst)
    second_factor.make_recovery_codes(analyst)
    client_for(analyst).post("/accounts/second-factor/authenticator/remove/")
    assert not second_factor.is_set_up(analyst) and second_factor.recovery_codes_left(analyst) == 0
    assert AuditEvent.objects.filter(action="user.second_factor_removed", object_id=str(analyst.pk)).exists()


def test_new_recovery_codes_replace_the_old_ones(manager, partnership, client_for):
    authenticator_for(manager)
    old = second_factor.make_recovery_codes(manager)
    client = client_for(manager)
    response = client.post("/accounts/second-factor/recovery-codes/", follow=True)
    new = response.context["codes"]
    assert len(new) == 10 and not set(old) & set(new)
    assert "shown only this once" in response.content.decode()
    assert second_factor.recovery_codes_left(manager) == 10


def test_passkeys_are_never_a_sign_in_on_their_own(partnership):
    assert Client().post("/accounts/passkeys/authentication/begin/")["Location"].startswith("/accounts/sign-in/")


def test_the_manager_sees_who_has_one_and_resets_a_lost_one(manager, practitioner, partnership, client_for,
                                                           django_capture_on_commit_callbacks):
    authenticator_for(practitioner)
    second_factor.make_recovery_codes(practitioner)
    theirs = password_only(practitioner)
    assert theirs.post("/accounts/second-factor/check/",
                       {"code": authenticator_code(authenticator_for(practitioner))}).status_code == 302
    client = client_for(manager)
    people = client.get("/p/testvale/people/").content.decode()
    membership = practitioner.memberships.get()
    reset_url = f"/p/testvale/people/{membership.pk}/second-factor/"
    assert "Authenticator app" in people and reset_url in people
    assert "1 recovery code" not in client.get(reset_url).content.decode()  # it says 10
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reset_url).status_code == 302
    assert not second_factor.is_set_up(practitioner) and second_factor.recovery_codes_left(practitioner) == 0
    assert theirs.get(PLANS)["Location"].startswith("/accounts/sign-in/")  # signed out everywhere
    event = AuditEvent.objects.get(action="user.second_factor_reset")
    assert event.partnership_id == partnership.pk and event.data["had"] == "Authenticator app"
    assert mail.outbox[-1].subject == "Your second factor was reset" and mail.outbox[-1].to == [practitioner.email]
    # Only the CSP manager resets one: the member themselves, or anyone else, is refused.
    assert client_for(practitioner).post(reset_url).status_code == 403


def test_an_organisation_lead_needs_one_whatever_their_role(make_member, partnership, council, manager):
    board = make_member("board_member", partnership, council)
    assert not is_asked(password_only(board))
    actions.set_organisation_lead(by=manager, membership=board.memberships.get(), lead=True)
    assert is_asked(password_only(board))
