"""The partnership's own details page: the ONS codes are checked by the action's one rule
(`update_partnership`, which the API uses too), and the form shows its words beside the field."""

from eunomia.audit.models import AuditEvent
from eunomia.partners.models import Partnership

URL = "/p/testvale/directory/partnership/"


def details(**changes):
    return {"name": "Testvale Community Safety Partnership", "local_authority_codes": "E07000115",
            "address": "Town Hall", "phone": "01234 567890", "email": "csp@testvale.example",
            "website": "www.testvale.example", **changes}


def test_the_form_shows_the_actions_words_beside_the_codes(partnership, manager, client_for):
    client = client_for(manager)
    response = client.post(URL, details(local_authority_codes="E07000115, E0700011"))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "local_authority_codes": ["E0700011 is not an ONS code: a letter E, W, S or N then 8 digits, like E07000115"]}
    response = client.post(URL, details(local_authority_codes=" ; , "))
    assert "Enter the ONS code of at least one local authority" in response.context["form"].errors[
        "local_authority_codes"][0]
    assert Partnership.objects.get(pk=partnership.pk).local_authority_codes == ["E07000115"]


def test_the_codes_are_saved_tidied_and_audited(partnership, manager, analyst, client_for):
    assert client_for(analyst).post(URL, details()).status_code == 403
    response = client_for(manager).post(URL, details(local_authority_codes="e07000116; E07000115, e07000116"))
    assert response.status_code == 302
    assert Partnership.objects.get(pk=partnership.pk).local_authority_codes == ["E07000116", "E07000115"]
    event = AuditEvent.objects.filter(action="partnership.updated").latest("id")
    assert event.data["local_authority_codes"] == [["E07000115"], ["E07000116", "E07000115"]]
