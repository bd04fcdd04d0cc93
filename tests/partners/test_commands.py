"""The provisioning commands: partnerships and members from the command line, audited."""

import pytest
from django.core.management import CommandError, call_command

from eunomia.accounts.models import Membership, User
from eunomia.audit.models import AuditEvent
from eunomia.partners.models import Partnership


def test_create_partnership_is_idempotent_and_keeps_the_year_start(db, capsys):
    call_command("create_partnership", "--name", "Northvale CSP", "--slug", "northvale", "--lad", "E07000110",
                 "--lad", "E07000111", "--year-start-month", "1")
    call_command("create_partnership", "--name", "Northvale CSP", "--slug", "northvale", "--lad", "E07000110")
    partnership = Partnership.objects.get(slug="northvale")
    assert partnership.local_authority_codes == ["E07000110", "E07000111"]
    assert partnership.year_start_month == 1
    assert AuditEvent.objects.filter(action="partnership.created").count() == 1
    assert "already exists" in capsys.readouterr().out


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
