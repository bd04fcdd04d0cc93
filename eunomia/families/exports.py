"""A claim as plain data (ADR 68): its totals, for the programme's pages, and its schedule, one row
per line, for the claim return sent to the funder, as CSV or a spreadsheet. Families are named by
reference only: neither holds a name, and a line's evidence travels as its references and digest.

Money is summed here in Python over the lines' exact amounts (Decimal), not by the database: SQLite
sums decimals as floating point."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from eunomia.core.spreadsheet import to_csv, to_xlsx
from eunomia.families import rules as rule_documents
from eunomia.families.models import ClaimLine

ZERO = Decimal("0.00")


@dataclass
class ClaimTotals:
    """A claim's lines by status, and the money of the lines that stand (not withdrawn), split into
    attachment fees and results."""

    claimed: int = 0
    verified: int = 0
    withdrawn: int = 0
    attachment_fees: Decimal = ZERO
    results: Decimal = ZERO
    withdrawn_amount: Decimal = ZERO

    @property
    def lines(self):
        return self.claimed + self.verified + self.withdrawn

    @property
    def total(self):
        return self.attachment_fees + self.results


def claim_totals(claims):
    """{claim id: ClaimTotals} for `claims`, in one query whatever their number."""
    found = {claim.pk: ClaimTotals() for claim in claims}
    rows = (ClaimLine.objects.filter(claim_id__in=list(found)).order_by()
            .values_list("claim_id", "outcome", "status", "amount"))
    for claim_id, outcome, status, amount in rows:
        totals = found[claim_id]
        setattr(totals, status, getattr(totals, status) + 1)
        if status == ClaimLine.Status.WITHDRAWN:
            totals.withdrawn_amount += amount
        elif outcome == rule_documents.ATTACHMENT:
            totals.attachment_fees += amount
        else:
            totals.results += amount
    return found


def evidence_references(evidence):
    """The records a line's frozen evidence rests on, in the order it lists them: report references
    and fact ids ("fact 12"), each once."""
    found = []
    for condition in evidence.get("conditions", []):
        for item in condition.get("evidence", []):
            if "report" in item:
                reference = str(item["report"])
            elif "fact" in item:
                reference = f"fact {item['fact']}"
            else:
                continue
            if reference not in found:
                found.append(reference)
    return found


SCHEDULE_HEADER = ["Claim", "Period start", "Period end", "Family reference", "Outcome", "Outcome label",
                   "Attached on", "Amount (£)", "Status", "Evidence references", "Evidence digest (SHA-256)",
                   "Checked on", "Withdrawn reason"]
SCHEDULE_NOTES = [
    "One row per claim line. Families are named by reference only; the schedule holds no one's name.",
    "Amounts are in pounds and pence, from the rule set's payments for the date the family was attached.",
    "Evidence references are the ASB reports and facts the outcome was judged on, frozen when the line was "
    "claimed; the digest is the SHA-256 of that frozen evidence, so it can be checked line by line.",
    "Status: claimed (not yet checked), verified (passed a spot check) or withdrawn (failed one, with the reason).",
]


def schedule_rows(claim, lines):
    """The schedule's rows for `lines` (ClaimLine rows of `claim`, with their family), in reference order."""
    rules = rule_documents.parse(claim.rule_set.rules)
    rows = []
    for line in sorted(lines, key=lambda line: (line.family.reference, line.outcome, line.pk)):
        checked_on = timezone.localdate(line.checked_at) if line.checked_at else None
        rows.append([claim.title, claim.period_start, claim.period_end, line.family.reference, line.outcome,
                     rules.label_of(line.outcome), line.family.attached_on, line.amount,
                     line.get_status_display(), "; ".join(evidence_references(line.evidence)), line.digest,
                     checked_on, line.withdrawn_reason])
    return rows


def schedule_csv(claim, lines):
    """The schedule as CSV bytes (UTF-8 with a byte order mark, so Excel reads it right)."""
    rows = [[_iso(value) for value in row] for row in schedule_rows(claim, lines)]
    return to_csv(SCHEDULE_HEADER, rows).encode("utf-8-sig")


def schedule_xlsx(claim, lines):
    """The schedule as a spreadsheet: dates as dates and amounts as numbers, so they can be summed."""
    return to_xlsx([("Claim schedule", SCHEDULE_HEADER, schedule_rows(claim, lines), SCHEDULE_NOTES)])


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
