"""The year of a CSP manager, through the real pages in a real Chromium: a priority, an action and
a target; last year's actual; a figure named in the text; approval, publication and the public
documents. axe checks every page on the way, error pages included. The journey runs twice: with
JavaScript on and with it off, because every journey must work without it."""

import io
import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from eunomia.jobs import actions as job_actions
from eunomia.plans.models import PublishedVersion
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser

SENTENCE = "In 2024/25 residents reported 1,234 incidents of anti-social behaviour."
# In the published document the value carries its note number, which points at the figure's
# definition and source: "1,234[1]" on paper, "1,234 [1] (see figure note 1)" to a screen reader.
PUBLISHED_SENTENCE = re.compile(r"In 2024/25 residents reported 1,234 ?\[1\] ?(\(see figure note 1\))? ?"
                                r"incidents of anti-social behaviour\.")
TEXT_WITH_TOKEN = ("In 2024/25 residents reported [[asb-incidents-2024-25]] incidents of anti-social behaviour.\n\n"
                   "- Mediation stays at the heart of the plan")


def _words(text):
    return " ".join(text.split())


def _error_summary(page, *messages):
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    for message in messages:
        expect(summary.get_by_role("link", name=message)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe_check(page)


def _success(page, message):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)
    axe_check(page)


def _download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    assert download.failure() is None
    return download.suggested_filename, Path(download.path()).read_bytes()


def _pdf_text(data):
    assert data.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    # Large print breaks lines after the hyphen of "anti-social".
    return _words(re.sub(r"(?<=\w)-\n", "-", text))


def _docx_text(data):
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return _words(" ".join([p.text for p in document.paragraphs] + cells))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_manager_plans_approves_and_publishes_a_year(new_page, live_server, manager, plans, javascript):
    page = new_page(javascript=javascript)
    page.goto("/accounts/sign-in/")
    # GOV.UK Frontend's scripts start only where the body says they may: proof of which run this is.
    expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported") if javascript
                                               else "govuk-template__body")
    axe_check(page)
    sign_in(page, live_server, manager)
    expect(page.get_by_role("heading", level=1)).to_have_text("Testvale Community Safety Partnership")
    axe_check(page)

    page.get_by_role("link", name="Plans", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name="Partnership Plan 2025 - 2026").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Partnership Plan 2025 - 2026")
    axe_check(page)

    # A priority, then an action under it.
    page.get_by_role("link", name="Add a priority").click()
    axe_check(page)
    page.get_by_label("Title", exact=True).fill("Domestic abuse")
    page.get_by_role("button", name="Save").click()
    _success(page, "Added: Domestic abuse")

    page.get_by_role("link", name="Add an action").click()
    axe_check(page)
    page.get_by_label("Action", exact=True).fill("Train frontline staff to spot coercive control")
    page.get_by_label("Priority").select_option(label="Domestic abuse")
    page.get_by_label("Lead organisation").select_option(label="Testvale Council")
    page.get_by_label("On track").check()
    page.get_by_role("button", name="Save").click()
    _success(page, "Action added")

    # A target without a baseline is refused with the reason; with one it is added.
    page.get_by_role("link", name="Add a target to Train frontline staff to spot coercive control").click()
    axe_check(page)
    page.get_by_label("What is measured").fill("Staff trained")
    page.get_by_label("Count", exact=True).check()
    page.get_by_label(re.compile(r"People \(victims")).check()
    page.get_by_label("Increase", exact=True).check()
    page.get_by_label("Target", exact=True).fill("120")
    page.get_by_role("button", name="Save").click()
    _error_summary(page, "Enter a baseline, usually last year's actual, or say why there is none (for example 'New service')")
    page.get_by_label("Baseline", exact=True).fill("45")
    page.get_by_role("button", name="Save").click()
    _success(page, "Target added: Staff trained")
    target_row = page.locator("tr", has_text="Staff trained")
    expect(target_row).to_contain_text("45")
    expect(target_row).to_contain_text("At least 120")

    # Publishing now is refused: every gap is listed with who must put it right.
    page.get_by_role("link", name="Check and publish").click()
    gaps = page.get_by_role("table", name=re.compile("What stops the plan being published"))
    expect(gaps.locator("tr", has_text="The plan has not been approved")).to_contain_text("Partnership board")
    expect(gaps.locator("tr", has_text="Referrals to mediation")).to_contain_text("Testvale Homes")
    axe_check(page)
    page.get_by_role("button", name="Publish the plan").click()
    _error_summary(page, "The plan cannot be published yet: 2 things must be put right first")
    assert not PublishedVersion.objects.exists()

    # Last year's missing actual: a word is refused, the number is kept.
    page.get_by_role("link", name="Back").click()
    axe_check(page)
    page.get_by_role("link", name="Record the actual for Referrals to mediation").click()
    axe_check(page)
    page.get_by_label("Actual", exact=True).fill("abc")
    page.get_by_label("Evidence").fill("Mediation service quarterly returns")
    page.get_by_role("button", name="Save the actual").click()
    _error_summary(page, "Enter the actual as a number, like 38")
    expect(page.get_by_label("Evidence")).to_have_value("Mediation service quarterly returns")
    page.get_by_label("Actual", exact=True).fill("38")
    page.get_by_role("button", name="Save the actual").click()
    _success(page, "Actual saved: Referrals to mediation")
    expect(page.locator("tr", has_text="Referrals to mediation")).to_contain_text("38")

    # A figure entered by hand, and its value.
    page.get_by_role("link", name="Figures", exact=True).click()
    axe_check(page)
    page.get_by_role("link", name="Add a figure entered by hand").click()
    axe_check(page)
    page.get_by_label("Title", exact=True).fill("Anti-social behaviour incidents reported")
    page.get_by_label("Name", exact=True).fill("asb-incidents-2024-25")
    page.get_by_label("Period").select_option("2024")
    page.get_by_label("Count", exact=True).check()
    page.get_by_label(re.compile(r"Events or things, not people")).check()
    page.get_by_label("Definition").fill("Incidents of anti-social behaviour reported to the council or the police.")
    page.get_by_label("Source").fill("Council and police incident logs")
    page.get_by_label("Organisation that provides it").select_option(label="Testvale Council")
    page.get_by_role("button", name="Add figure").click()
    _success(page, "Figure Anti-social behaviour incidents reported added")
    page.get_by_role("link", name="Record the value").click()
    axe_check(page)
    page.get_by_label("Value", exact=True).fill("1,234")
    page.get_by_label("Evidence").fill("Incident logs, April 2024 to March 2025")
    page.get_by_role("button", name="Save value").click()
    _success(page, "Value of Anti-social behaviour incidents reported saved")
    expect(page.locator(".govuk-body-l")).to_have_text("1,234")

    # The introduction names the figure; a misspelt name is refused and the text kept.
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name="Partnership Plan 2025 - 2026").click()
    page.get_by_role("link", name="Edit Introduction").click()
    axe_check(page)
    page.get_by_label("Text", exact=True).fill(TEXT_WITH_TOKEN.replace("incidents-2024", "incidnets-2024"))
    page.get_by_role("button", name="Save").click()
    _error_summary(page, re.compile(r"The text names \[\[asb-incidnets-2024-25\]\], but there is no figure"))
    expect(page.get_by_label("Text", exact=True)).to_have_value(re.compile("asb-incidnets-2024-25"))
    page.get_by_label("Text", exact=True).fill(TEXT_WITH_TOKEN)
    page.get_by_role("button", name="Save").click()
    _success(page, "Introduction saved")

    # The plan page shows the value, linked to the figure's own page.
    introduction = page.locator("#section-introduction")
    expect(introduction).to_contain_text(SENTENCE)
    value_link = introduction.get_by_role("link", name="1,234")
    expect(value_link).to_have_attribute("href", "/p/testvale/figures/asb-incidents-2024-25/")
    value_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anti-social behaviour incidents reported")
    expect(page.locator(".govuk-summary-list__row", has_text="Named in")).to_contain_text("Introduction (2025/26)")
    axe_check(page)
    page.go_back()

    # Approve, then publish.
    page.get_by_role("link", name="Approve").click()
    expect(page.get_by_text("Nothing is missing")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Approve the plan").click()
    _success(page, "Partnership Plan 2025 - 2026 approved")
    page.get_by_role("link", name="Check and publish").click()
    expect(page.get_by_text("Nothing is missing")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Publish the plan").click()
    _success(page, "Partnership Plan 2025 - 2026 published as version 1")
    expect(page).to_have_url(f"{live_server.url}/published/testvale/2025/v1/")
    # The page is public at once; its files are made in the background (ADR 54), and the publisher
    # is shown where to follow that.
    expect(page.get_by_text("PDF: being prepared, ready in a few minutes", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Follow the making of the documents")).to_be_visible()
    # The worker's step, as `python manage.py worker` would take it.
    job = job_actions.run_job(job_actions.claim_next(worker="browser-test"))
    assert job.status == "succeeded", job.error

    # Later changes to the draft do not reach the published version.
    page.goto("/p/testvale/plans/2025/text/introduction/")
    page.get_by_label("Text", exact=True).fill("A different introduction, written after publication.")
    page.get_by_role("button", name="Save").click()
    _success(page, "Introduction saved")
    page.goto("/p/testvale/figures/asb-incidents-2024-25/record/")
    page.get_by_label("Value", exact=True).fill("1300")
    page.get_by_label("Evidence").fill("Late reports added")
    page.get_by_role("button", name="Save value").click()
    _success(page, "Value of Anti-social behaviour incidents reported saved")

    # The public reads and downloads it without signing in.
    public = new_page(javascript=javascript)
    public.goto("/published/")
    axe_check(public)
    public.get_by_role("link", name=re.compile("Testvale Community Safety Partnership: Partnership Plan 2025 - 2026")).click()
    expect(public).to_have_url(f"{live_server.url}/published/testvale/2025/")
    expect(public.get_by_role("main")).to_contain_text(PUBLISHED_SENTENCE)
    expect(public.get_by_role("main")).not_to_contain_text("A different introduction")
    expect(public.get_by_role("main")).not_to_contain_text("1,300")
    expect(public.get_by_role("main")).not_to_contain_text("[[")
    axe_check(public)

    name, pdf = _download(public, re.compile(r"^PDF\s+of Partnership Plan 2025 - 2026"))
    assert name == "testvale-partnership-plan-2025-26-v1.pdf"
    name, large_print = _download(public, re.compile(r"^Large-print PDF\s+of Partnership Plan 2025 - 2026"))
    assert name == "testvale-partnership-plan-2025-26-v1-large-print.pdf"
    name, docx = _download(public, re.compile(r"^Word document \(DOCX\)\s+of Partnership Plan 2025 - 2026"))
    assert name == "testvale-partnership-plan-2025-26-v1.docx"
    for text in (_pdf_text(pdf), _pdf_text(large_print), _docx_text(docx)):
        assert PUBLISHED_SENTENCE.search(text), text[:2000]
        assert "[[" not in text
        assert "A different introduction" not in text
        assert "1,300" not in text
        assert "Referrals to mediation" in text
    # Large print is the same text in bigger type, so it runs to more pages.
    assert len(PdfReader(io.BytesIO(large_print)).pages) > len(PdfReader(io.BytesIO(pdf)).pages)
