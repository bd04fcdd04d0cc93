"""The crime data page and the upload page: who may open them, what a good and a bad upload do,
and that a month not held is shown as missing, never as no crime."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eunomia.crime.jobs import uploads_root
from eunomia.crime.queries import coverage_of
from eunomia.jobs import actions as job_actions
from eunomia.jobs.models import Job
from tests.crime.test_jobs import kent
from tests.crime.test_importer import HEADER, row, write_csv

DATA = "/p/testvale/crime/"
IMPORT = "/p/testvale/crime/import/"


def csv_bytes(rows):
    lines = [",".join(HEADER)] + [",".join(f'"{v}"' if "," in v else v for v in r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def upload(client, name, content):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


def run_next():
    return job_actions.run_job(job_actions.claim_next(worker="test"))


@pytest.mark.parametrize("who, data, imports", [
    ("manager", 200, 200), ("analyst", 200, 200), ("practitioner", 200, 403), ("board_member", 200, 403),
    ("outsider", 404, 404),
])
def test_who_may_open_the_pages(who, data, imports, request, media, fast_client_for, partnership):
    client = fast_client_for(request.getfixturevalue(who))
    assert client.get(DATA).status_code == data
    assert client.get(IMPORT).status_code == imports
    posted = upload(client, "street.csv", csv_bytes([kent()])).status_code
    assert posted == (302 if imports == 200 else imports)
    assert Job.objects.count() == (1 if imports == 200 else 0)


def test_signed_out_visitors_are_sent_to_sign_in(fast_client_for, partnership):
    response = fast_client_for(None).get(DATA)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_navigation_links_to_the_data_page_which_links_to_the_upload(fast_client_for, analyst, practitioner):
    page = fast_client_for(analyst).get("/p/testvale/").content.decode()
    assert f'href="{DATA}">Crime data</a>' in page
    data = fast_client_for(analyst).get(DATA).content.decode()
    assert f'href="{IMPORT}"' in data
    assert f'href="{IMPORT}"' not in fast_client_for(practitioner).get(DATA).content.decode()


def test_the_upload_form_is_multipart_and_says_the_limit(fast_client_for, analyst):
    page = fast_client_for(analyst).get(IMPORT).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    assert "smaller than 500 MB" in page


def test_an_upload_queues_a_job_and_goes_to_its_page(media, tonbridge, fast_client_for, analyst, partnership):
    client = fast_client_for(analyst)
    response = upload(client, "2025-01-kent-street.csv", csv_bytes([kent(), kent()]))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=["testvale", job.pk])
    assert (job.kind, job.partnership, job.created_by, job.status) == (
        "crime.import_police_data", partnership, analyst, Job.Status.QUEUED)
    saved = job.params["paths"][0]
    assert saved.startswith(str(uploads_root())) and saved.endswith("2025-01-kent-street.csv")

    job = run_next()

    assert job.status == Job.Status.SUCCEEDED
    page = client.get(response["Location"]).content.decode()
    assert "The job finished" in page and "Kent Police 2025-01: 2 rows" in page
    data = client.get(DATA).content.decode()
    assert "January 2025" in data and "Kent Police" in data and "2025-01-kent-street.csv" in data
    assert analyst.full_name in data


@pytest.mark.parametrize("name, content, message", [
    ("street.txt", b"Crime ID,Month\n", "The selected file, street.txt, must be a CSV or a zip file"),
    ("street.csv", b"", "The selected file is empty"),
    ("street.zip", b"Crime ID,Month\n", "The selected file, street.zip, is not a zip file that can be opened"),
    ("street.csv", b"PK\x03\x04rest", "is a zip file: give it a name ending .zip"),
])
def test_a_file_of_the_wrong_kind_is_refused_with_a_clear_message(media, fast_client_for, analyst, name, content,
                                                                  message):
    response = upload(fast_client_for(analyst), name, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not Job.objects.exists()
    assert not uploads_root().exists() or not list(uploads_root().iterdir())


def test_no_file_and_a_file_too_large_are_refused(media, settings, fast_client_for, analyst):
    client = fast_client_for(analyst)
    response = client.post(IMPORT, {})
    assert response.status_code == 400 and "Select a police.uk CSV or zip file" in response.content.decode()
    settings.CRIME_UPLOAD_MAX_BYTES = 1024 * 1024
    response = upload(client, "street.csv", csv_bytes([kent()]) + b"x" * (1024 * 1024))
    assert response.status_code == 400 and "The selected file must be smaller than 1 MB" in response.content.decode()
    assert not Job.objects.exists()


def test_a_bad_file_makes_a_failed_job_whose_page_names_the_line(media, tonbridge, fast_client_for, analyst):
    client = fast_client_for(analyst)
    location = upload(client, "street.csv", csv_bytes([kent(), kent(), kent(lon="east")]))["Location"]
    job = run_next()
    assert job.status == Job.Status.FAILED
    page = client.get(location).content.decode()
    assert "The job failed" in page
    assert "street.csv line 4: the longitude and latitude &#x27;east&#x27;, &#x27;51.29&#x27; are not numbers" in page


def test_a_month_not_held_is_listed_as_missing_never_as_zero(media, tonbridge, fast_client_for, analyst,
                                                              partnership, system_user, tmp_path):
    from eunomia.crime.importer import import_police_files

    january = write_csv(tmp_path / "jan.csv", [kent(month="2025-01"), kent(month="2025-01")])
    april = write_csv(tmp_path / "apr.csv", [kent(month="2025-04")])
    # Elsewhere in Kent: held for the force, not in the partnership's area.
    march = write_csv(tmp_path / "mar.csv", [row(month="2025-03", force="Kent Police", lsoa="E01024001",
                                                 lsoa_name="Maidstone 001A")])
    assert not import_police_files(by=system_user, paths=[january, march, april]).refused

    coverage = coverage_of(partnership)
    assert [(m.month.month, m.rows, m.status) for m in coverage.months] == [
        (4, 1, "held"), (3, 0, "held"), (2, None, "missing"), (1, 2, "held")]

    page = fast_client_for(analyst).get(DATA).content.decode()
    table = re.search(r'<table class="govuk-table" id="area-months">.*?</table>', page, re.S)[0]
    cells = [re.sub(r"<[^>]+>|\s+", " ", cell).split() for cell in
             re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table, re.S)[1:]]
    assert cells == [
        ["April", "2025", "Held", "Kent", "Police", "1"],
        ["March", "2025", "Held", "Kent", "Police", "0"],
        ["February", "2025", "Missing", "not", "imported", "Not", "known"],
        ["January", "2025", "Held", "Kent", "Police", "2"],
    ]
    assert "1 month missing: February 2025" in page
    # The force's own list says the same.
    assert "Missing between January 2025 and April 2025: February 2025." in page


def test_a_partnership_whose_neighbourhoods_are_not_known_is_told_so(fast_client_for, analyst):
    page = fast_client_for(analyst).get(DATA).content.decode()
    assert "does not know this partnership's neighbourhoods" in page
    assert "No police.uk data has been imported yet." in page
