"""A claim as plain data (eunomia.families.exports): its totals in exact pence, the records a line's
frozen evidence rests on, and the schedule's rows, CSV and spreadsheet."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from eunomia.families import actions, exports, rules
from eunomia.families.models import Fact
from tests.families import helpers as h


@pytest.fixture
def claim(manager, partnership, council, make_member):
    """An approved claim of three attachment fees of 10p each, one of them withdrawn by the auditor
    with a reason that starts like a spreadsheet formula."""
    rule_set = h.rule_set(manager, partnership, attachment_fees=[{"from": "2015-04-01", "amount": "0.10"}])
    families = []
    for n in range(3):
        family = h.family(manager, partnership, council, rule_set, members=[
            (f"Parent{n}", "Holloway", h.TODAY.replace(year=h.TODAY.year - 40, day=1), "parent")])
        for kind, problem in ((Fact.Kind.OUT_OF_WORK_BENEFITS, "worklessness"), (Fact.Kind.HEALTH, "health")):
            fact = h.fact(manager, family, f"Parent{n}", kind, h.days_ago(500), h.days_ago(450), source="DWP")
            actions.add_evidence(by=manager, family=family, problem=problem, fact=fact)
        actions.attach(by=manager, family=family, on=h.days_ago(400 - n))
        families.append(family)
    claim = actions.create_claim(by=manager, partnership=partnership, rule_set=rule_set, title="Claim",
                                 period_start=h.days_ago(30), period_end=h.TODAY)
    actions.add_lines(by=manager, claim=claim, entries=[(family, rules.ATTACHMENT) for family in families])
    actions.approve_claim(by=manager, claim=claim)
    auditor = make_member("programme_auditor", partnership, council)
    actions.draw_spot_check(by=auditor, claim=claim, size=3, seed=7)
    actions.record_check(by=auditor, line=claim.lines.get(family=families[0]), passed=False,
                         reason="=HYPERLINK(\"http://example.com\")")
    actions.record_check(by=auditor, line=claim.lines.get(family=families[1]), passed=True)
    return claim


def test_totals_are_exact_pence_and_leave_out_withdrawn_lines(claim):
    totals = exports.claim_totals([claim])[claim.pk]

    assert (totals.claimed, totals.verified, totals.withdrawn, totals.lines) == (1, 1, 1, 3)
    assert totals.attachment_fees == Decimal("0.20") and totals.results == Decimal("0.00")
    assert totals.withdrawn_amount == Decimal("0.10") and totals.total == Decimal("0.20")


def test_totals_of_a_claim_with_no_line_are_nothing(manager, partnership):
    rule_set = h.rule_set(manager, partnership)
    empty = actions.create_claim(by=manager, partnership=partnership, rule_set=rule_set, title="Empty",
                                 period_start=h.days_ago(1), period_end=h.TODAY)

    totals = exports.claim_totals([empty])[empty.pk]

    assert (totals.lines, totals.total) == (0, Decimal("0.00"))


def test_evidence_references_name_reports_and_facts_once_in_order():
    evidence = {"conditions": [
        {"evidence": [{"window": "before", "report": "R-2", "on": "2025-01-02"},
                      {"window": "latest", "report": "R-1", "on": "2025-08-01"}]},
        {"evidence": []},
        {"evidence": [{"fact": 12, "kind": "unauthorised_absence"}, {"window": "before", "report": "R-2"},
                      {"fact": 12}, {"fact": 3}]},
    ]}

    assert exports.evidence_references(evidence) == ["R-2", "R-1", "fact 12", "fact 3"]
    assert exports.evidence_references({"outcome": "attachment", "attached_on": "2025-01-01"}) == []


def test_the_schedule_has_a_row_a_line_in_reference_order(claim):
    lines = list(claim.lines.select_related("family"))

    rows = exports.schedule_rows(claim, lines)

    assert [row[3] for row in rows] == sorted(line.family.reference for line in lines)
    first = rows[0]
    assert first[:3] == ["Claim", h.days_ago(30), h.TODAY]
    assert first[4:8] == [rules.ATTACHMENT, "Attachment fee", h.days_ago(400), Decimal("0.10")]
    assert first[8:10] == ["Withdrawn", ""]
    assert first[11] == h.TODAY
    assert first[12] == "=HYPERLINK(\"http://example.com\")"
    assert [row[8] for row in rows] == ["Withdrawn", "Verified", "Claimed"]
    assert rows[2][11] is None and rows[2][12] == ""
    assert len(first) == len(exports.SCHEDULE_HEADER)


def test_the_csv_never_lets_a_reason_run_as_a_formula_and_names_no_one(claim):
    text = exports.schedule_csv(claim, list(claim.lines.select_related("family"))).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == exports.SCHEDULE_HEADER
    assert rows[1][12] == "'=HYPERLINK(\"http://example.com\")"
    assert [row[7] for row in rows[1:]] == ["0.10", "0.10", "0.10"]
    assert rows[1][1] == h.days_ago(30).isoformat()
    assert "Holloway" not in text and "Parent0" not in text


def test_the_spreadsheet_keeps_dates_as_dates_and_amounts_as_numbers(claim):
    book = load_workbook(io.BytesIO(exports.schedule_xlsx(claim, list(claim.lines.select_related("family")))))

    sheet = book["Claim schedule"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == exports.SCHEDULE_HEADER
    assert values[1][1].date() == h.days_ago(30)
    assert isinstance(values[1][7], (int, float)) and Decimal(str(values[1][7])) == Decimal("0.1")
    assert sheet.cell(row=2, column=13).data_type == "s", "a reason is text, never a formula"
    assert "Notes" in [row[0] for row in values]
