"""The CSU briefing as a CSU officer uses it before the meeting: the repeat and vulnerable victims
with their open actions, then the printed sheet downloaded and read. axe on the page."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import axe_check, sign_in
from tests.casework.test_briefing import briefed  # noqa: F401  (the fixture)
from tests.casework.test_casework import TODAY, world  # noqa: F401  (the fixture under it)

pytestmark = pytest.mark.browser


def test_brief_on_the_day_and_print_the_sheet(page, live_server, briefed):  # noqa: F811
    sign_in(page, live_server, briefed["csu"])
    page.goto(f"{live_server.url}/p/testvale/casework/briefing/")
    page.get_by_label("Briefing for").fill(TODAY.isoformat())
    page.get_by_label("That day", exact=True).check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CSU briefing, 20 November 2026")
    row = page.get_by_role("row").filter(has_text="Dana Ellis")
    expect(row).to_contain_text("Older person")
    expect(row.get_by_role("link", name="Send warning letter 2 (Testvale Council, case")).to_be_visible()
    expect(row.locator(".govuk-tag", has_text="Overdue")).to_have_count(2)
    axe_check(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Print the briefing sheet (PDF)").click()
    download = info.value
    assert download.suggested_filename == f"csu-briefing-{TODAY}-1-day.pdf"
    with open(download.path(), "rb") as pdf:
        text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.read())).pages)
    assert "OFFICIAL-SENSITIVE" in text and "Dana Ellis" in text and "OVERDUE: Send warning letter 2" in text
