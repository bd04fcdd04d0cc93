"""The audit log pages (ADR 42): what an event stores is shown; the CSP manager sees the account
events (sign-ins, refused sign-ins, sign-outs, password changes) of the partnership's members; the
domestic abuse domain's events are seen only by DA holders, never in the partnership's log."""

import pytest

from eunomia.audit import actions as audit
from eunomia.audit.models import AuditEvent
from eunomia.domesticabuse.models import DaPerson
from tests.conftest import PASSWORD


def shown(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_log_shows_the_search_the_reason_and_the_records_stored(client_for, manager, partnership, council):
    audit.record(by=manager, action="casework.searched", partnership=partnership,
                 data={"search": "Acacia Avenue", "ids": [7, 3], "object_type": "casework.report", "page": 2})
    audit.record(by=manager, action="evidence.harm_weight_changed", partnership=partnership,
                 reason="The board asked for the ONS weights", data={"via": "api"})

    page = shown(client_for(manager).get("/p/testvale/audit/"))

    for text in ("Searched for", "“Acacia Avenue”", "Records shown", "casework.report 7, 3", "Page", "2",
                 "Reason given", "The board asked for the ONS weights", "Through", "api"):
        assert text in page


@pytest.fixture
def da_activity(make_member, partnership, council):
    idva = make_member("da_specialist", partnership, council, email="idva@testvale.example")
    person = DaPerson.objects.create(partnership=partnership, first_name="Sam", last_name="Hidden")
    audit.record(by=idva, action="domesticabuse.person_exported", obj=person, partnership=partnership)
    # A read named only by the records in its data is the DA domain's too.
    audit.record_read(by=idva, action="records.listed", objects=[person], partnership=partnership)
    audit.record(by=idva, action="plan.viewed", partnership=partnership)
    return idva, person


def test_the_manager_does_not_see_that_da_events_exist(client_for, manager, da_activity):
    idva, person = da_activity
    client = client_for(manager)

    page = shown(client.get("/p/testvale/audit/"))
    assert "plan.viewed" in page
    for hidden in ("domesticabuse", "daperson", "records.listed", "Domestic abuse audit log"):
        assert hidden not in page
    assert list(client.get("/p/testvale/audit/?action=domesticabuse").context["events"]) == []
    assert list(client.get("/p/testvale/audit/?action=records").context["events"]) == []
    assert "domesticabuse" not in shown(client.get("/p/testvale/audit/accounts/"))
    assert client.get("/p/testvale/audit/domestic-abuse/").status_code == 404


def test_a_da_holder_sees_the_da_events_and_only_those(client_for, manager, da_activity):
    idva, person = da_activity
    client = client_for(idva)

    page = shown(client.get("/p/testvale/audit/domestic-abuse/"))
    assert "domesticabuse.person_exported" in page and f"domesticabuse.daperson {person.pk}" in page
    assert "records.listed" in page and f"domesticabuse.daperson {person.pk}" in page
    assert "plan.viewed" not in page
    # The DA specialist holds no AUDIT_VIEW: the partnership's log stays closed, and no link points at it.
    assert client.get("/p/testvale/audit/").status_code == 403
    assert 'href="/p/testvale/audit/"' not in page
    assert 'href="/p/testvale/audit/domestic-abuse/"' in shown(client.get("/p/testvale/"))


def test_a_manager_who_is_also_a_da_specialist_is_shown_the_way(client_for, manager, make_member, partnership,
                                                                council, da_activity):
    make_member("da_specialist", partnership, council, email=manager.email)

    page = shown(client_for(manager).get("/p/testvale/audit/"))

    assert "Domestic abuse audit log" in page and "domesticabuse" not in page.replace("/domestic-abuse/", "")
    assert "domesticabuse.person_exported" in shown(client_for(manager).get("/p/testvale/audit/domestic-abuse/"))


def test_the_da_log_is_not_found_in_another_partnership(client_for, outsider, da_activity):
    assert client_for(outsider).get("/p/testvale/audit/domestic-abuse/").status_code == 404


def test_the_manager_sees_the_account_events_of_the_partnerships_members(client_for, client, manager, analyst,
                                                                         outsider):
    client.post("/accounts/sign-in/", {"email": analyst.email, "password": "wrong"})
    client.post("/accounts/sign-in/", {"email": analyst.email, "password": PASSWORD})
    client.post("/accounts/sign-out/")
    client.post("/accounts/sign-in/", {"email": outsider.email, "password": PASSWORD})
    client.post("/accounts/sign-out/")
    audit.record(by=analyst, action="user.password_changed", obj=analyst)

    response = client_for(manager).get("/p/testvale/audit/accounts/")

    events = list(response.context["events"])
    assert [e.action for e in events] == ["user.password_changed", "user.signed_out", "user.signed_in",
                                          "user.sign_in_refused"]
    assert events[-1].data == {"email": analyst.email} and events[-1].actor == "system"
    assert outsider.email not in shown(response)
    filtered = client_for(manager).get("/p/testvale/audit/accounts/?action=user.signed")
    assert [e.action for e in filtered.context["events"]] == ["user.signed_out", "user.signed_in"]
    assert AuditEvent.objects.filter(action="user.signed_in", actor=outsider.email).exists()


@pytest.mark.parametrize("role", ["analyst", "csu_officer", "partner_practitioner", "da_specialist", "board_member"])
def test_the_account_events_are_closed_to_every_other_role(client_for, make_member, partnership, council, role):
    assert client_for(make_member(role, partnership, council)).get("/p/testvale/audit/accounts/").status_code == 403


@pytest.mark.parametrize("role", ["analyst", "csu_officer", "partner_practitioner", "board_member", "csp_manager"])
def test_the_da_log_is_not_found_by_any_role_without_da(client_for, make_member, partnership, council, role):
    user = make_member(role, partnership, council)

    assert client_for(user).get("/p/testvale/audit/domestic-abuse/").status_code == 404
