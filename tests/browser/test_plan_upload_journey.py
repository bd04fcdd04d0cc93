"""A plan brought in from a spreadsheet (issue 11), through the real pages in Chromium: the manager
downloads last year's plan as a workbook, makes it the 2023/24 plan in a spreadsheet, uploads it,
is told exactly which row is wrong (and nothing is saved), fixes the row, uploads again, approves,
publishes, and the published PDF says what the workbook said. axe checks every page on the way."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from eunomia.jobs import actions as job_actions
from eunomia.plans.models import PlanYear, PublishedVersion
from tests.browser.conftest import axe_check, sign_in
from tests.browser.test_plan_journey import _download, _pdf_text, _success

pytestmark = pytest.mark.browser

INTRODUCTION = ("Our plan for 2023/24, brought in from the spreadsheet we kept it in. Residents reported "
                "[[asb-incidents-2022-23]] incidents of anti-social behaviour in 2022/23.")


def _cell(book, sheet, row, column, value):
    header = [c.value for c in book[sheet][1]]
    book[sheet].cell(row=row, column=header.index(column) + 1).value = value


def _as_2023_plan(data, lead):
    """Last year's workbook as a manager would edit it into the 2023/24 plan: the introduction, the
    figure it names, no actuals yet, and the lead organisation typed as `lead`."""
    book = load_workbook(io.BytesIO(data))
    text_rows = {row[0].value: row[0].row for row in book["Text"].iter_rows(min_row=2) if row[0].value}
    _cell(book, "Text", text_rows["Introduction"], "Text", INTRODUCTION)
    figures = book["Figures"]
    figures.insert_rows(2)
    for column, value in {"Name": "asb-incidents-2022-23", "Title": "Anti-social behaviour incidents, 2022/23",
                          "Unit": "Count", "From": "2022-04-01", "To": "2023-03-31", "Value": 1234,
                          "Definition": "Incidents of anti-social behaviour reported to the council or the police.",
                          "Source": "Council and police incident logs"}.items():
        _cell(book, "Figures", 2, column, value)
    for row in range(2, book["Targets"].max_row + 1):
        if book["Targets"].cell(row=row, column=1).value:
            _cell(book, "Targets", row, "Actual", None)
            _cell(book, "Targets", row, "Figure name", None)
            _cell(book, "Targets", row, "Due", "2024-03-31")
    _cell(book, "Actions", 2, "Lead organisation", lead)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page, data):
    page.get_by_label("Plan year").select_option("2023")
    page.get_by_label("Workbook (.xlsx)").set_input_files(files=[{
        "name": "testvale-plan-2023-24.xlsx", "buffer": data,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.get_by_role("button", name="Check and load the workbook").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_plan_is_loaded_from_a_workbook_fixed_and_published(new_page, live_server, manager, plans, javascript):
    page = new_page(javascript=javascript)
    sign_in(page, live_server, manager)
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name="Partnership Plan 2024 - 2025").click()
    axe_check(page)
    filename, data = _download(page, "Download as a workbook (XLSX)")
    assert filename == "testvale-plan-2024-25.xlsx"

    # A lead typed wrongly: the page names the sheet, row and column, and nothing is saved.
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name="Load a plan from a workbook").click()
    axe_check(page)
    _upload(page, _as_2023_plan(data, lead="Testvale Housing"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Nothing was saved: the workbook has 1 problem, listed below")
    problem = page.get_by_role("table", name=re.compile("Problems in the workbook")).locator("tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("Actions")
    expect(problem).to_contain_text("Lead organisation")
    expect(problem).to_contain_text("There is no organisation called Testvale Housing in the directory")
    axe_check(page)
    assert not PlanYear.objects.filter(start_year=2023).exists()

    # The row put right: the plan is made, with what the workbook holds.
    _upload(page, _as_2023_plan(data, lead="Testvale Homes"))
    _success(page, "loaded from testvale-plan-2023-24.xlsx. Added: 1 priority, 1 figure, 1 action, 2 targets.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Partnership Plan 2023 - 2024")
    expect(page.locator("#section-introduction")).to_contain_text("Residents reported 1,234 incidents")

    page.get_by_role("link", name="Approve").click()
    expect(page.get_by_text("Nothing is missing")).to_be_visible()
    page.get_by_role("button", name="Approve the plan").click()
    _success(page, "Partnership Plan 2023 - 2024 approved")
    page.get_by_role("link", name="Check and publish").click()
    page.get_by_role("button", name="Publish the plan").click()
    _success(page, "Partnership Plan 2023 - 2024 published as version 1")
    assert PublishedVersion.objects.filter(plan__start_year=2023).count() == 1
    # The documents are made in the background (ADR 54): the worker's step, then the page shows them.
    job = job_actions.run_job(job_actions.claim_next(worker="browser-test"))
    assert job.status == "succeeded", job.error
    page.reload()

    _, pdf = _download(page, re.compile(r"^PDF\s+of Partnership Plan 2023 - 2024"))
    text = _pdf_text(pdf)
    assert re.search(r"Residents reported 1,234 ?\[1\] ?incidents of anti-social behaviour in 2022/23", text)
    assert "Refer neighbour disputes to mediation" in text and "Testvale Homes" in text
    assert "Council and police incident logs" in text  # the figure's source, in its note
