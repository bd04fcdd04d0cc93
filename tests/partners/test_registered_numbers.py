"""An organisation's charity and company numbers (ADR 61): kept as the registers write them (spaces
gone, letters in capitals), refused in words naming the field when no register gives such a number,
by the actions every way in uses: the directory's pages, the API, and the actions themselves. A
change to either is in the audit event with the rest."""

import pytest
from django.core.exceptions import ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.partners import actions
from eunomia.partners.models import Organisation

API = "/api/v1/partnerships/testvale/directory/organisations/"
JSON = "application/json"

GOOD_CHARITIES = [("1123456", "1123456"), ("212345", "212345"), (" 1123456 - 1 ", "1123456-1"),
                  ("1123456-12", "1123456-12"), ("sc012345", "SC012345"), ("SC 012 345", "SC012345"),
                  ("nic100001", "NIC100001"), ("", "")]
BAD_CHARITIES = ["12345", "11234567", "1123456-123", "1123456-", "SC12345", "SC0123456", "AB123456", "charity",
                 "GB-CHC-1123456", "1123456/1", pytest.param("1" * 5000, id="5000 digits")]
GOOD_COMPANIES = [("01234567", "01234567"), ("0123 4567", "01234567"), ("sc123456", "SC123456"),
                  ("NI012345", "NI012345"), (" oc301234 ", "OC301234"), ("", "")]
BAD_COMPANIES = ["1234567", "123456789", "S1234567", "SC12345X", "SC1234567", "12-34-56-78", "GB-COH-01234567"]


@pytest.mark.parametrize("typed, kept", GOOD_CHARITIES)
def test_charity_numbers_are_kept_as_the_regulators_write_them(partnership, system_user, typed, kept):
    organisation = actions.add_organisation(by=system_user, partnership=partnership, name="A Charity",
                                            member=False, charity_number=typed)
    assert Organisation.objects.get(pk=organisation.pk).charity_number == kept


@pytest.mark.parametrize("typed, kept", GOOD_COMPANIES)
def test_company_numbers_are_kept_as_companies_house_writes_them(partnership, system_user, typed, kept):
    organisation = actions.add_organisation(by=system_user, partnership=partnership, name="A Company",
                                            member=False, company_number=typed)
    assert Organisation.objects.get(pk=organisation.pk).company_number == kept


@pytest.mark.parametrize("typed", BAD_CHARITIES)
def test_a_charity_number_no_regulator_gives_is_refused_naming_the_field(partnership, system_user, typed):
    with pytest.raises(ValidationError) as refused:
        actions.add_organisation(by=system_user, partnership=partnership, name="A Charity", member=False,
                                 charity_number=typed)
    assert list(refused.value.message_dict) == ["charity_number"]
    assert refused.value.message_dict["charity_number"][0].startswith("Enter the charity number as the regulator")
    assert not Organisation.objects.filter(name="A Charity").exists()


@pytest.mark.parametrize("typed", BAD_COMPANIES)
def test_a_company_number_companies_house_does_not_give_is_refused_naming_the_field(partnership, system_user, typed):
    with pytest.raises(ValidationError) as refused:
        actions.add_organisation(by=system_user, partnership=partnership, name="A Company", member=False,
                                 company_number=typed)
    assert refused.value.message_dict["company_number"][0].startswith("Enter the company number as Companies House")
    assert not Organisation.objects.filter(name="A Company").exists()


def test_both_wrong_are_both_named_and_nothing_changes(partnership, council, system_user):
    with pytest.raises(ValidationError) as refused:
        actions.update_organisation(by=system_user, partnership=partnership, organisation=council, phone="999",
                                    charity_number="12", company_number="34")
    assert sorted(refused.value.message_dict) == ["charity_number", "company_number"]
    council.refresh_from_db()
    assert (council.phone, council.charity_number, council.company_number) == ("01234 567890", "", "")
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_a_change_of_number_is_audited_with_the_other_fields(partnership, council, system_user):
    actions.update_organisation(by=system_user, partnership=partnership, organisation=council,
                                charity_number="sc 012345", company_number="01234567", phone="01234 567890")
    event = AuditEvent.objects.filter(action="organisation.updated").latest("id")
    assert event.data == {"charity_number": ["", "SC012345"], "company_number": ["", "01234567"]}
    actions.update_organisation(by=system_user, partnership=partnership, organisation=council, charity_number="")
    assert AuditEvent.objects.filter(action="organisation.updated").latest("id").data == {
        "charity_number": ["SC012345", ""]}


# The directory's pages ----------------------------------------------------------------------------

def page_fields(organisation, **changes):
    return {"name": organisation.name, "kind": organisation.kind, "address": organisation.address,
            "phone": organisation.phone, "email": organisation.email, "website": organisation.website,
            "charity_number": "", "company_number": "", **changes}


def test_the_edit_page_shows_the_rule_beside_the_field_and_saves_the_tidied_number(manager, council, client_for):
    client = client_for(manager)
    url = f"/p/testvale/directory/organisations/{council.pk}/edit/"
    assert "Registered charity number" in client.get(url).content.decode()
    refused = client.post(url, page_fields(council, charity_number="12345", company_number="1234567"))
    assert refused.status_code == 400
    errors = refused.context["form"].errors
    assert errors["charity_number"][0].startswith("Enter the charity number as the regulator writes it")
    assert errors["company_number"][0].startswith("Enter the company number as Companies House writes it")
    assert 'href="#id_charity_number"' in refused.content.decode()
    assert Organisation.objects.get(pk=council.pk).charity_number == ""

    saved = client.post(url, page_fields(council, charity_number="1 123 456", company_number="rc000123"))
    assert saved.status_code == 302
    council.refresh_from_db()
    assert (council.charity_number, council.company_number) == ("1123456", "RC000123")
    assert "Charity 1123456" in client.get("/p/testvale/directory/").content.decode()
    # Shown again on the edit page as kept.
    assert 'value="1123456"' in client.get(url).content.decode()


def test_a_new_organisation_takes_its_numbers_from_the_page(manager, client_for):
    response = client_for(manager).post("/p/testvale/directory/organisations/new/", {
        "name": "Testvale Mediation", "kind": "voluntary", "member": "no", "charity_number": "sc012345",
        "company_number": ""})
    assert response.status_code == 302
    assert Organisation.objects.get(name="Testvale Mediation").charity_number == "SC012345"


# The API ------------------------------------------------------------------------------------------

def test_the_api_refuses_in_the_pages_words_and_answers_with_the_numbers(manager, council, client_for):
    client = client_for(manager)
    url = f"{API}{council.pk}/"
    refused = client.patch(url, {"charity_number": "SC12345"}, content_type=JSON)
    assert refused.status_code == 400
    assert refused.json()["charity_number"][0].startswith("Enter the charity number as the regulator writes it")
    assert client.patch(url, {"company_number": 1234567}, content_type=JSON).status_code == 400
    too_long = client.patch(url, {"company_number": "0" * 5000}, content_type=JSON)
    assert too_long.json()["company_number"][0].startswith("Enter the company number as Companies House writes it")
    changed = client.patch(url, {"charity_number": "nic 100001", "company_number": "ni012345"}, content_type=JSON)
    assert changed.status_code == 200
    assert (changed.json()["charity_number"], changed.json()["company_number"]) == ("NIC100001", "NI012345")
    assert AuditEvent.objects.filter(action="organisation.updated").latest("id").data == {
        "charity_number": ["", "NIC100001"], "company_number": ["", "NI012345"]}
    created = client.post(API, {"name": "Safer Streets Ltd", "kind": "other", "member": False,
                                "company_number": "0123 4567"}, content_type=JSON)
    assert created.status_code == 201, created.content
    assert created.json()["company_number"] == "01234567"
