"""The plan's generated "Review of projects and initiatives": one entry per project of the year
reviewed, every number a figure with its definition and source, and a missing return a gap."""

import datetime

import pytest
import time_machine

from eunomia.plans import actions as plan_actions
from eunomia.plans.report import plan_document
from eunomia.projects import actions
from tests.projects.objects import fund, measures, pcc, project  # noqa: F401

pytestmark = pytest.mark.django_db
QUARTERS = [datetime.date(2025, 4, 1), datetime.date(2025, 7, 1), datetime.date(2025, 10, 1),
            datetime.date(2026, 1, 1)]
IN_MAY_2026 = datetime.datetime(2026, 5, 12, 12, tzinfo=datetime.timezone.utc)


def blocks_of(document, section_id):
    return next(s for s in document["sections"] if s["id"] == section_id)["blocks"]


def strings(blocks):
    out = []
    for block in blocks:
        if block["type"] == "heading":
            out.append(block["text"])
        runs = ([block.get("runs", [])] if block["type"] == "paragraph" else block.get("items", [])
                if block["type"] == "list" else [c for row in block.get("rows", []) for c in row])
        out += ["".join(r["text"] for r in cell) for cell in runs]
    return out


def report(manager, practitioner, project, start, spend, sessions, people, accept=True):
    sessions_measure, people_measure = measures(project)
    record = actions.save_return(by=practitioner, project=project, period_start=start, spend=spend,
                                 values={sessions_measure: sessions, people_measure: people}, submit=True)
    return actions.accept_return(by=manager, record=record) if accept else record


@pytest.fixture
def plan(manager, partnership):
    with time_machine.travel(IN_MAY_2026, tick=False):
        yield plan_actions.create_plan(by=manager, partnership=partnership, start_year=2026)


def test_the_review_quotes_each_projects_figures_with_definitions(manager, practitioner, fund, project, plan):
    with time_machine.travel(IN_MAY_2026, tick=False):
        actions.allocate(by=manager, fund=fund, project=project, amount="8000.00", made_on=datetime.date(2025, 4, 2))
        actions.add_budget_line(by=manager, project=project, start_year=2025, heading="Staff", amount="9000.00")
        for start, sessions in zip(QUARTERS, (8, 10, 12, 9)):
            report(manager, practitioner, project, start, "1875.25", sessions, 4)
        actions.record_evaluation(by=manager, project=project, evaluated_on=datetime.date(2026, 4, 20),
                                  method="Survey of schools", findings="Schools asked for more.",
                                  recommendation="continue")
        document, gaps = plan_document(plan)
    section = next(s for s in document["sections"] if s["id"] == "review-of-projects")
    assert section["title"] == "Review of projects and initiatives 2025/26"
    text = "\n".join(strings(section["blocks"]))
    assert "Youth diversion sessions" in text
    assert "Funded by Office of the Police and Crime Commissioner: £8,000.00 allocated for the year." in text
    assert "Spent £7,501.00 against a budget of £9,000.00." in text  # 4 x £1,875.25
    assert "Recommendation: continue." in text
    table = next(b for b in section["blocks"] if b["type"] == "table" and "outputs and outcomes" in b["caption"])
    sessions_row = table["rows"][0]
    assert "".join(r["text"] for r in sessions_row[2]) == "39"  # 8 + 10 + 12 + 9, counted by hand
    assert "".join(r["text"] for r in sessions_row[4]) == "£192.33"  # £7,501.00 / 39
    assert "note" in sessions_row[2][0] and "note" in sessions_row[4][0]
    notes = next(b for b in blocks_of(document, "figures") if b["type"] == "figure_notes")["entries"]
    by_title = {n["title"]: n for n in notes}
    spend = by_title["Youth diversion sessions: spend 2025/26"]
    assert spend["value"] == "£7,501.00" and "accepted monitoring returns" in spend["definition"] and spend["source"]
    funding = next(b for b in section["blocks"] if b["type"] == "table" and b["caption"] == "Funds 2025/26")
    assert [("".join(r["text"] for r in c)) for c in funding["rows"][0]] == [
        "Crime Reduction Grant", "Office of the Police and Crime Commissioner", "£10,000.00", "£8,000.00",
        "Youth diversion sessions"]
    assert not [g for g in gaps if "Project" in g.what]


def test_a_return_not_accepted_blocks_publication_naming_project_and_provider(manager, practitioner, project,
                                                                               plan):
    with time_machine.travel(IN_MAY_2026, tick=False):
        for start in QUARTERS[:2]:
            report(manager, practitioner, project, start, "100.00", 1, 1)
        report(manager, practitioner, project, QUARTERS[2], "100.00", 1, 1, accept=False)
        document, gaps = plan_document(plan)
    missing = [(g.what, g.owner) for g in gaps if g.what.startswith("Project ")]
    assert missing == [
        ("Project Youth diversion sessions: the return for Q3 2025/26 (1 October 2025 to 31 December 2025) is "
         "submitted, not accepted", "Testvale Homes"),
        ("Project Youth diversion sessions: the return for Q4 2025/26 (1 January 2026 to 31 March 2026) is "
         "not started, not accepted", "Testvale Homes")]


def test_cost_per_output_with_no_outputs_reads_no_outputs_in_the_review(manager, practitioner, project, plan):
    with time_machine.travel(IN_MAY_2026, tick=False):
        for start in QUARTERS:
            report(manager, practitioner, project, start, "50.00", 0, 2)
        document, gaps = plan_document(plan)
    section = next(s for s in document["sections"] if s["id"] == "review-of-projects")
    table = next(b for b in section["blocks"] if b["type"] == "table" and "outputs and outcomes" in b["caption"])
    assert "".join(r["text"] for r in table["rows"][0][4]) == "No outputs"
    assert "".join(r["text"] for r in table["rows"][1][4]) == "£25.00"  # £200 / 8 people


def test_a_plan_with_no_projects_that_year_has_no_review_of_projects(manager, plan):
    with time_machine.travel(IN_MAY_2026, tick=False):
        document, gaps = plan_document(plan)
    assert "review-of-projects" not in [s["id"] for s in document["sections"]]
