"""The provisioning commands: partnerships and members from the command line, audited."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from eunomia.accounts.models import Membership, User
from eunomia.audit.models import AuditEvent
from eunomia.partners.models import Organisation, Partnership
from tests.signin import authenticator_code


FIRST_RUN = ["--organisation", "Northvale District Council", "--manager", "jo.smith@northvale.example",
             "--manager-name", "Jo Smith"]


def test_create_partnership_is_idempotent_and_keeps_the_year_start(db, capsys):
    call_command("create_partnership", "--name", "Northvale CSP", "--slug", "northvale", "--lad", "E07000110",
                 "--lad", "E07000111", "--year-start-month", "1", *FIRST_RUN)
    call_command("create_partnership", "--name", "Northvale CSP", "--slug", "northvale", "--lad", "E07000110",
                 *FIRST_RUN)
    partnership = Partnership.objects.get(slug="northvale")
    assert partnership.local_authority_codes == ["E07000110", "E07000111"]
    assert partnership.year_start_month == 1
    assert AuditEvent.objects.filter(action="partnership.created").count() == 1
    assert "already exists" in capsys.readouterr().out


def test_the_first_run_makes_the_partnership_its_first_member_and_its_manager_who_can_sign_in(db, capsys, client):
    call_command("create_partnership", "--name", "Northvale CSP", "--slug", "northvale", "--lad", "E07000110",
                 "--joined", "2009-04-01", *FIRST_RUN)
    out = capsys.readouterr().out
    password = out.split("change it): ")[1].strip()
    membership = Membership.objects.get(user__email="jo.smith@northvale.example")
    assert (membership.partnership.slug, membership.organisation.name, membership.role) == (
        "northvale", "Northvale District Council", "csp_manager")
    assert membership.organisation.seats.get().joined_on.isoformat() == "2009-04-01"
    assert {e.action for e in AuditEvent.objects.all()} >= {"partnership.created", "organisation.created",
                                                             "partnership.member_joined", "user.created",
                                                             "membership.added"}
    response = client.post("/accounts/sign-in/", {"email": "jo.smith@northvale.example", "password": password})
    assert response.status_code == 302
    # the first thing asked is a second factor (ADR 46); then the manager adds the next organisation
    assert client.get("/p/northvale/directory/organisations/new/")["Location"].startswith("/accounts/second-factor/")
    client.get("/accounts/second-factor/authenticator/")
    app = TOTPDevice.objects.get(user=membership.user)
    assert client.post("/accounts/second-factor/authenticator/", {"code": authenticator_code(app)}).status_code == 302
    assert client.get("/p/northvale/directory/organisations/new/").status_code == 200


@pytest.mark.parametrize("change, message", [
    ({"--lad": "Kent"}, "--lad Kent is not an ONS local authority code"),
    ({"--manager": "jo at northvale"}, "--manager jo at northvale is not an email address"),
    ({"--manager-name": ""}, "A new manager's account needs --manager-name"),
    ({"--joined": "1 April 2009"}, "--joined 1 April 2009 is not a date written YYYY-MM-DD"),
    ({"--joined": "0009-04-01"}, "--joined must be on or after 1 January 1900"),
])
def test_a_first_run_with_a_mistake_says_what_and_creates_nothing(db, change, message):
    options = {"--name": "Northvale CSP", "--slug": "northvale", "--lad": "E07000110",
               "--organisation": "Northvale District Council", "--manager": "jo.smith@northvale.example",
               "--manager-name": "Jo Smith", **change}
    with pytest.raises(CommandError, match=message):
        call_command("create_partnership", *[part for pair in options.items() for part in pair])
    assert not Partnership.objects.exists() and not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_first_run_refused_by_the_partnership_rules_leaves_nothing_behind(db, system_user, partnership):
    # the name is taken by another partnership: refused by the action, after the command's own checks
    with pytest.raises(CommandError, match="Nothing was created: A partnership called"):
        call_command("create_partnership", "--name", partnership.name, "--slug", "another", "--lad", "E07000110",
                     *FIRST_RUN)
    assert not Partnership.objects.filter(slug="another").exists()
    assert not User.objects.filter(email="jo.smith@northvale.example").exists()


def test_add_member_creates_the_account_once_and_refuses_outsiders(partnership, council, housing, capsys):
    call_command("add_member", "new.person@testvale.example", "--name", "New Person", "--partnership", "testvale",
                 "--organisation", "Testvale Council", "--role", "analyst")
    assert "first password" in capsys.readouterr().out
    call_command("add_member", "new.person@testvale.example", "--partnership", "testvale",
                 "--organisation", "Testvale Homes", "--role", "partner_practitioner")
    user = User.objects.get(email="new.person@testvale.example")
    assert {(m.organisation.name, m.role) for m in user.memberships.all()} == {
        ("Testvale Council", "analyst"), ("Testvale Homes", "partner_practitioner")}
    assert AuditEvent.objects.filter(action="membership.added").count() == 2

    with pytest.raises(CommandError, match="needs --name"):
        call_command("add_member", "someone@else.example", "--partnership", "testvale",
                     "--organisation", "Testvale Council", "--role", "analyst")
    with pytest.raises(CommandError, match="no organisation called Nowhere"):
        call_command("add_member", "new.person@testvale.example", "--partnership", "testvale",
                     "--organisation", "Nowhere", "--role", "analyst")
    assert Membership.objects.filter(user=user).count() == 2


def test_a_first_organisation_already_in_the_directory_is_used_as_it_is(partnership, council, capsys):
    call_command("create_partnership", "--name", "Northvale CSP", "--slug", "northvale", "--lad", "E07000110",
                 "--organisation", "testvale council", "--manager", "jo.smith@northvale.example",
                 "--manager-name", "Jo Smith")
    assert Organisation.objects.filter(name__iexact="testvale council").count() == 1
    assert set(council.seats.values_list("partnership__slug", flat=True)) == {"testvale", "northvale"}
