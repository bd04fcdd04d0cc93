"""The evidence pages through the real forms: who may open what, uploads that succeed and uploads
refused with a 400 and an error summary, and changing a weight."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eunomia.audit.models import AuditEvent
from eunomia.crime.models import CrimeType
from eunomia.evidence import actions
from eunomia.evidence.models import HarmWeight, PartnerDataset, Survey
from tests.evidence.conftest import csv_bytes

INDEX = "/p/testvale/evidence/"
UPLOAD = "/p/testvale/evidence/partner-data/new/"
SURVEY = "/p/testvale/evidence/survey/new/"
WEIGHTS = "/p/testvale/evidence/harm-weights/"
EDIT = "/p/testvale/evidence/harm-weights/burglary/"


@pytest.fixture
def weight_set(partnership):
    return actions.import_harm_weights(by=None, partnership=partnership, file_name="cchi.csv",
                                       data=csv_bytes("crime_type,cchi_days", "Burglary,244.68", "Drugs,3.66")
                                       ).weight_set


def summary(response):
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', response.content.decode(), re.S)
    assert found, "no error summary"
    return found.group(0)


@pytest.mark.parametrize("url", [INDEX, UPLOAD, SURVEY, WEIGHTS, EDIT])
def test_who_may_open_each_page(url, weight_set, fast_client_for, manager, analyst, practitioner, board_member,
                                outsider):
    reader = 200 if url in (INDEX, WEIGHTS) else 403
    expected = {manager: 200, analyst: 200, practitioner: reader, board_member: reader, outsider: 404}
    got = {user: fast_client_for(user).get(url).status_code for user in expected}
    assert got == expected
    assert fast_client_for(outsider).post(url, {"weight": "1", "reason": "x"}).status_code == 404


def test_a_member_without_data_import_cannot_upload(areas, fast_client_for, board_member, council):
    response = fast_client_for(board_member).post(UPLOAD, {
        "organisation": council.pk, "name": "Fires",
        "file": SimpleUploadedFile("f.csv", csv_bytes("period,area_code,category,count", "2025-01,E01024717,F,1"))})
    assert response.status_code == 403 and not PartnerDataset.objects.exists()


def test_uploading_partner_counts(areas, fast_client_for, analyst, council):
    client = fast_client_for(analyst)
    assert 'enctype="multipart/form-data"' in client.get(UPLOAD).content.decode()
    data = csv_bytes("period,area_code,category,count", "2025-01,E01024717,Deliberate fires,3")
    response = client.post(UPLOAD, {"organisation": council.pk, "name": "Fires", "source": "IRS",
                                    "file": SimpleUploadedFile("fires.csv", data)})
    assert response.status_code == 302 and response["Location"] == INDEX
    page = client.get(INDEX).content.decode()
    assert "Fires" in page and "IRS" in page and "Testvale Council" in page


def test_a_refused_upload_lists_every_problem_and_answers_400(areas, fast_client_for, analyst, council):
    events = AuditEvent.objects.count()
    data = csv_bytes("period,area_code,category,count", "2025-01,E01999999,Fires,3", "2025-02,E01024717,Fires,-1")
    response = fast_client_for(analyst).post(UPLOAD, {"organisation": council.pk, "name": "Fires",
                                                      "file": SimpleUploadedFile("fires.csv", data)})
    assert response.status_code == 400
    text = summary(response)
    assert "E01999999 on line 2 is not an area of Testvale" in text and "The count on line 3 is -1" in text
    assert "<title>Error: " in response.content.decode()
    assert not PartnerDataset.objects.exists() and AuditEvent.objects.count() == events


def test_an_upload_without_a_file_or_with_a_binary_one_is_a_400(areas, fast_client_for, analyst, council):
    client = fast_client_for(analyst)
    response = client.post(UPLOAD, {"organisation": council.pk, "name": "Fires"})
    assert response.status_code == 400 and "Choose a CSV file to upload" in summary(response)
    response = client.post(UPLOAD, {"organisation": council.pk, "name": "Fires",
                                    "file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00\x01")})
    assert response.status_code == 400 and "not UTF-8 text" in summary(response)


def test_uploading_a_survey_and_seeing_the_top_concerns(areas, fast_client_for, analyst):
    client = fast_client_for(analyst)
    data = csv_bytes("respondent,concern_1,concern_2", "1,Burglary,Drugs", "2,Drugs,")
    response = client.post(SURVEY, {"name": "Residents 2025", "fieldwork_start": "2025-03",
                                    "fieldwork_end": "2025-04", "file": SimpleUploadedFile("s.csv", data)})
    assert response.status_code == 302
    page = client.get(INDEX).content.decode()
    assert "Top concerns in Residents 2025 (2 respondents)" in page and "100.0%" in page


def test_a_survey_with_bad_months_is_a_400(areas, fast_client_for, analyst):
    data = csv_bytes("respondent,concern_1", "1,Burglary")
    response = fast_client_for(analyst).post(SURVEY, {
        "name": "Residents", "fieldwork_start": "2025-05", "fieldwork_end": "March",
        "file": SimpleUploadedFile("s.csv", data)})
    assert response.status_code == 400 and "must be written YYYY-MM, like 2025-03" in summary(response)
    response = fast_client_for(analyst).post(SURVEY, {
        "name": "Residents", "fieldwork_start": "2025-05", "fieldwork_end": "2025-03",
        "file": SimpleUploadedFile("s.csv", data)})
    assert response.status_code == 400 and "cannot end before it starts" in summary(response)
    assert not Survey.objects.exists()


def test_the_weights_page_shows_source_licence_and_not_weighted(weight_set, fast_client_for, board_member):
    page = fast_client_for(board_member).get(WEIGHTS).content.decode()
    assert "Cambridge Crime Harm Index" in page and "No licence file found" in page
    assert re.search(r"Anti-social behaviour</th>\s*<td[^>]*>Not weighted</td>", page)
    assert re.search(r"Burglary</th>\s*<td[^>]*>244.68</td>", page)
    assert "Change<span" not in page, "a reader is not offered the change link"


def test_changing_a_weight_through_the_page(weight_set, fast_client_for, analyst):
    client = fast_client_for(analyst)
    assert 'value="244.68"' in client.get(EDIT).content.decode()
    response = client.post(EDIT, {"weight": "abc", "reason": ""})
    assert response.status_code == 400
    assert "Enter the weight as a number of days" in summary(response) and "Say why" in summary(response)
    response = client.post(EDIT, {"weight": "250.5", "note": "Local review", "reason": "Sentencing review"})
    assert response.status_code == 302 and response["Location"] == WEIGHTS
    assert str(HarmWeight.objects.get(crime_type__name="Burglary").weight) == "250.5000"
    assert AuditEvent.objects.get(action="evidence.harm_weight_changed").reason == "Sentencing review"
    asb = CrimeType.objects.get(is_asb=True)
    response = client.post(f"/p/testvale/evidence/harm-weights/{asb.slug}/", {"weight": "", "reason": "check"})
    assert response.status_code == 302 and not HarmWeight.objects.filter(crime_type=asb).exists()


def test_editing_without_an_active_set_or_for_an_unknown_type_is_a_404(partnership, fast_client_for, analyst,
                                                                       weight_set):
    client = fast_client_for(analyst)
    assert client.get("/p/testvale/evidence/harm-weights/no-such-type/").status_code == 404
    weight_set.is_active = False
    weight_set.save()
    assert client.get(EDIT).status_code == 404
    assert "No harm weights have been imported" in client.get(WEIGHTS).content.decode()
