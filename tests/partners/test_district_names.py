"""A partnership that names its districts as police.uk writes them, with no ONS codes (ADR 0055):
through the action, the partnership page and the first-run command, refused in plain words."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from eunomia.audit.models import AuditEvent
from eunomia.partners import actions
from eunomia.partners.models import Partnership

pytestmark = pytest.mark.django_db


def test_a_partnership_named_by_its_police_uk_district(system_user):
    partnership = actions.create_partnership(by=system_user, name="City of London CSP", local_authority_codes=[],
                                             district_names=["  City  of London ", "city of london", "Bristol, City of"])
    assert partnership.district_names == ["City of London", "Bristol, City of"]
    assert partnership.local_authority_codes == []


@pytest.mark.parametrize("names, message", [
    ([], "Enter the ONS code of at least one local authority, or the name of a district as police.uk writes it"),
    (["Carlisle 001A"], "Carlisle 001A is the name of an LSOA: enter the district's name alone, the part police.uk "
                        "writes before the number, like Carlisle"),
    (["E09000001"], "E09000001 looks like an ONS code: enter it among the local authority codes, not as a name"),
    (["<b>City</b>"], "<b>City</b> is not a district's name as police.uk writes it"),
])
def test_names_that_cannot_be_a_district_are_refused_in_words(system_user, names, message):
    with pytest.raises(ValidationError) as raised:
        actions.create_partnership(by=system_user, name="City of London CSP", local_authority_codes=[],
                                   district_names=names)
    assert raised.value.messages[0].startswith(message)
    assert not Partnership.objects.exists() and not AuditEvent.objects.filter(action="partnership.created").exists()


def test_the_partnership_page_takes_names_one_on_each_line(partnership, manager, client_for):
    client = client_for(manager)
    form = {"name": partnership.name, "local_authority_codes": "", "district_names": "Carlisle\r\nEden\r\n"}
    response = client.post("/p/testvale/directory/partnership/", form)
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.local_authority_codes, partnership.district_names) == ([], ["Carlisle", "Eden"])
    assert "Carlisle; Eden (as police.uk names them)" in client.get("/p/testvale/directory/").content.decode()
    assert "Carlisle\nEden" in client.get("/p/testvale/directory/partnership/").content.decode()


@pytest.mark.parametrize("codes, names, message", [
    ("", "", "Enter the ONS code of at least one local authority, or the name of a district"),
    ("", "Eden 001A", "Eden 001A is the name of an LSOA"),
])
def test_the_partnership_page_refuses_in_words_and_changes_nothing(partnership, manager, client_for, codes, names,
                                                                  message):
    response = client_for(manager).post("/p/testvale/directory/partnership/", {
        "name": partnership.name, "local_authority_codes": codes, "district_names": names})
    assert response.status_code == 400 and message in response.content.decode()
    partnership.refresh_from_db()
    assert (partnership.local_authority_codes, partnership.district_names) == (["E07000115"], [])


FIRST_RUN = ["--organisation", "City of London Corporation", "--manager", "jo.smith@city.example",
             "--manager-name", "Jo Smith"]


def test_the_first_run_names_a_district_as_police_uk_writes_it():
    call_command("create_partnership", "--name", "City of London CSP", "--slug", "city", "--district",
                 "City of London", *FIRST_RUN)
    assert Partnership.objects.get(slug="city").district_names == ["City of London"]


@pytest.mark.parametrize("district, message", [
    (None, "Name at least one district: --lad with its ONS code, or --district with its name as police.uk writes it"),
    ("City of London 001A", "--district City of London 001A is the name of an LSOA"),
])
def test_the_first_run_without_a_district_is_refused_in_words(district, message):
    with pytest.raises(CommandError, match=message):
        call_command("create_partnership", "--name", "City of London CSP", "--slug", "city",
                     *(["--district", district] if district else []), *FIRST_RUN)
    assert not Partnership.objects.exists()
