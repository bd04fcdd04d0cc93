"""From police.uk files to the strategic assessment and its PDF, in Chromium: an analyst uploads a
zip of two months, the worker imports it, the assessment page compares the months (with axe on
every page), and the PDF downloaded from it holds the same numbers."""

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from eunomia.geography.models import Area
from eunomia.jobs import actions as job_actions
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]
ROWS = {"2025-01": {"Burglary": 4, "Anti-social behaviour": 5}, "2025-02": {"Burglary": 7, "Anti-social behaviour": 3}}


def police_zip(tmp_path):
    path = tmp_path / "police.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for month, counts in ROWS.items():
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(HEADER)
            for crime_type, n in counts.items():
                for _ in range(n):
                    writer.writerow(["" if crime_type == "Anti-social behaviour" else "b" * 64, month, "Kent Police",
                                     "Kent Police", "0.27", "51.2", "On or near High Street", "E01024700",
                                     "Tonbridge and Malling 001A", crime_type, "", ""])
            archive.writestr(f"{month}/{month}-kent-street.csv", out.getvalue())
    return path


@pytest.fixture
def area(db, partnership):
    lad = Area.objects.create(code="E07000115", name="Tonbridge and Malling", type="lad")
    ward = Area.objects.create(code="E05005100", name="Castle", type="ward", lad=lad, geometry={
        "type": "Polygon", "coordinates": [[[0.2, 51.1], [0.3, 51.1], [0.3, 51.2], [0.2, 51.1]]]})
    Area.objects.create(code="E01024700", name="Tonbridge and Malling 001A", type="lsoa", lad=lad, ward=ward,
                        population=1600, population_year=2012)
    return partnership


def test_from_upload_to_the_assessment_and_its_pdf(page, live_server, analyst, area, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    sign_in(page, live_server, analyst)
    page.goto(f"{live_server.url}/p/testvale/crime/import/")
    page.get_by_label("Police.uk file").set_input_files(police_zip(tmp_path))
    page.get_by_role("button", name="Upload and import").click()
    job = job_actions.run_job(job_actions.claim_next(worker="browser-test"))
    assert job.status == "succeeded", job.error

    page.get_by_role("link", name="Assessment", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategic assessment")
    axe_check(page)

    page.get_by_text("Choose the periods").click()
    page.get_by_label("Period to assess").fill("2025-02..2025-02")
    page.get_by_label("Compare with").fill("2025-02..2025-02")
    page.get_by_role("button", name="Show the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The two periods overlap")
    axe_check(page)

    page.get_by_label("Period to assess").fill("2025-02..2025-02")
    page.get_by_label("Compare with").fill("2025-01..2025-01")
    page.get_by_role("button", name="Show the assessment").click()
    summary = page.locator(".govuk-summary-list").first
    expect(summary).to_contain_text("7 in Feb 2025: up 3 (+75.0%)")
    expect(summary).to_contain_text("3 in Feb 2025: down 2 (-40.0%)")
    axe_check(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="The assessment as a PDF").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "strategic assessment, Feb 2025" in text
    assert re.search(r"Recorded crime \(excluding anti-social behaviour\): 7 in Feb 2025, up 3 \(\+75\.0%\)", text)
