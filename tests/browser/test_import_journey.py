"""An analyst imports police.uk data through the browser: the upload page (a wrong file first),
the background job's page once the worker has run it, and the crime data page with the months held
and the month missing between them. axe checks every page on the way."""

import csv
import re

import pytest
from playwright.sync_api import expect

from eunomia.geography.models import Area
from eunomia.jobs import actions as job_actions
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]


def street_rows(month, count, lsoa="E01024701", name="Tonbridge and Malling 001A"):
    return [[f"{month}-{n}", month, "Kent Police", "Kent Police", "0.351", "51.29", "On or near High Street", lsoa,
             name, "Burglary" if n % 2 else "Anti-social behaviour", "Under investigation", ""]
            for n in range(count)]


@pytest.fixture
def police_csv(tmp_path):
    """January and March 2025 for two Tonbridge and Malling LSOAs; February is not in the file.
    A police.uk file holds one force's month, so the two months go in a zip as police.uk serves them."""
    import zipfile

    archive = tmp_path / "kent-2025.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for month, rows in (("2025-01", street_rows("2025-01", 3) + street_rows("2025-01", 1, "E01024702",
                                                                                  "Tonbridge and Malling 001B")),
                            ("2025-03", street_rows("2025-03", 2))):
            path = tmp_path / f"{month}-kent-street.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(HEADER)
                writer.writerows(rows)
            bundle.write(path, f"{month}/{path.name}")
    return archive


def test_analyst_uploads_police_data_and_sees_the_months_held(page, live_server, analyst, partnership, police_csv,
                                                              tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    Area.objects.create(code="E07000115", name="Tonbridge and Malling", type=Area.Type.LAD)
    sign_in(page, live_server, analyst)

    page.get_by_role("link", name="Crime data", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Crime data")
    expect(page.get_by_text("No police.uk data has been imported yet.")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Import police.uk data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import police.uk data")
    axe_check(page)

    # A file of the wrong kind first: the error summary, and nothing queued.
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not police data")
    page.get_by_label("Police.uk file").set_input_files(wrong)
    page.get_by_role("button", name="Upload and import").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The selected file, notes.txt, must be a CSV or a zip file")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)

    page.get_by_label("Police.uk file").set_input_files(police_csv)
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import police.uk data")
    expect(page.get_by_text("Waiting for the worker to start it")).to_be_visible()
    # The page refreshes itself while the job waits; its own link turns that off, as a reader who
    # needs it to stop would.
    page.get_by_role("link", name="stop refreshing this page").click()
    expect(page.get_by_text("This page is not refreshing itself.")).to_be_visible()
    axe_check(page)

    # The worker's step, as `python manage.py worker` would take it.
    job = job_actions.run_job(job_actions.claim_next(worker="browser-test"))
    assert job.status == "succeeded", job.error

    page.goto(page.url.split("?")[0] + "?refresh=off")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The job finished")
    expect(page.locator("#job-result")).to_contain_text("Kent Police 2025-01: 4 rows")
    expect(page.locator("#job-result")).to_contain_text("Kent Police 2025-03: 2 rows")
    axe_check(page)

    page.get_by_role("link", name="Crime data", exact=True).click()
    months = page.locator("#area-months tbody tr")
    expect(months).to_have_count(3)
    expect(months.nth(0)).to_contain_text("March 2025")
    expect(months.nth(0)).to_contain_text("Held")
    expect(months.nth(1)).to_contain_text("February 2025")
    expect(months.nth(1)).to_contain_text("Missing")
    expect(months.nth(1)).to_contain_text("Not known")
    expect(months.nth(2)).to_contain_text("January 2025")
    expect(months.nth(2)).to_contain_text("4")
    expect(page.get_by_text("1 month missing: February 2025")).to_be_visible()
    axe_check(page)
