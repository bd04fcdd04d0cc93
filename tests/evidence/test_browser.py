"""The evidence pages in a real Chromium, with axe: an upload refused then accepted, with and without
JavaScript, and the harm weights page with its change form."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from eunomia.evidence import actions
from tests.browser.conftest import axe_check, sign_in
from tests.evidence.conftest import csv_bytes

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False])
def test_uploading_counts_and_changing_a_weight(new_page, live_server, analyst, council, areas, partnership, tmp_path,
                                                javascript):
    # The live server's tests empty the tables between them, the crime types of the data migration too.
    importlib.import_module("eunomia.crime.migrations.0002_crime_types").add(apps, None)
    actions.import_harm_weights(by=None, partnership=partnership, file_name="cchi.csv",
                                data=csv_bytes("crime_type,cchi_days", "Burglary,244.68"))
    page = new_page(javascript=javascript)
    sign_in(page, live_server, analyst)
    page.goto(f"{live_server.url}/p/testvale/evidence/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence")
    axe_check(page)

    page.get_by_role("link", name="Upload a partner's counts").click()
    axe_check(page)
    bad, good = tmp_path / "bad.csv", tmp_path / "fires.csv"
    bad.write_bytes(csv_bytes("period,area_code,category,count", "2025-01,E01999999,Fires,3"))
    good.write_bytes(csv_bytes("period,area_code,category,count", "2025-01,E01024717,Deliberate fires,3"))
    page.get_by_label("Organisation the counts come from").select_option(label="Testvale Council")
    page.get_by_label("Name of the dataset").fill("Fires")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload counts").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("E01999999 on line 2 is not an area of Testvale")
    axe_check(page)
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Upload counts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence")
    expect(page.get_by_role("rowheader", name="Fires")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="See the weights").click()
    expect(page.get_by_role("row", name="Anti-social behaviour")).to_contain_text("Not weighted")
    axe_check(page)
    page.get_by_role("link", name="Change the weight of Burglary").click()
    axe_check(page)
    page.get_by_label("Weight in days").fill("250")
    page.get_by_label("Reason for the change").fill("Local review")
    page.get_by_role("button", name="Save weight").click()
    expect(page.get_by_role("row", name="Burglary")).to_contain_text("250")
    axe_check(page)
