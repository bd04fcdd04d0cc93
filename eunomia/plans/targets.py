"""Target arithmetic: the change a target achieved and whether it was met.

Pure functions of the numbers, so the plan page, the published document and the API agree.

Rules (see docs/adr/0006-target-arithmetic.md):
- Change for counts is against the baseline, with a percentage unless the baseline is zero:
  "Down 6, -18%", "Up 20 from zero". Change for percentages is in percentage points, never a
  percentage of a percentage. Milestones have no arithmetic: achieved or not.
- A target is "met" or "not met" once it is due. Before then it is "not yet due", except a
  milestone already achieved, which is met for good. With no actual recorded once due it is
  "missing", and the plan cannot be published.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from eunomia.core.formatting import format_value, plain_number

MET = "met"
NOT_MET = "not_met"
NOT_YET_DUE = "not_yet_due"
MISSING = "missing"

STATUS_LABELS = {
    MET: "Met",
    NOT_MET: "Not met",
    NOT_YET_DUE: "Not yet due",
    MISSING: "No actual recorded",
}


@dataclass(frozen=True)
class Outcome:
    change: str
    status: str

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


def _percent_change(difference, baseline):
    percent = (difference / baseline * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if percent == 0:
        # A real but small change should not print as "0%".
        percent = (difference / baseline * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "+" if percent > 0 else "-"
    return f"{sign}{plain_number(abs(percent))}%"


# Baseline notes that give no reason, only say there is no number.
NO_REASON = {"", "n/a", "na", "none", "-", "not applicable", "not recorded"}


def baseline_reason(note):
    """Why a target has no baseline, as typed ("New project"), or "" if the note gives no reason."""
    note = (note or "").strip()
    return "" if note.casefold() in NO_REASON else note


def change_achieved(*, unit, baseline, actual, actual_text="", milestone_met=None, baseline_note=""):
    """The change from baseline to actual, in words."""
    if unit == "yes_no":
        if actual is None:
            return ""
        return "Achieved" if actual == 1 else "Not achieved"
    if unit == "text":
        if not actual_text.strip() or milestone_met is None:
            return ""
        return "Achieved" if milestone_met else "Not achieved"
    if actual is None:
        return ""
    if baseline is None:
        reason = baseline_reason(baseline_note)
        return f"No baseline to compare ({reason})" if reason else "No baseline recorded"
    actual, baseline = Decimal(actual), Decimal(baseline)
    difference = actual - baseline
    if unit == "percentage":
        if difference == 0:
            return "No change"
        points = plain_number(abs(difference), 1)
        word = "point" if abs(difference) == 1 else "points"
        return f"{'Up' if difference > 0 else 'Down'} {points} percentage {word}"
    if difference == 0:
        return "No change"
    amount = format_value(unit, abs(difference)) if unit == "money" else plain_number(abs(difference))
    word = "Up" if difference > 0 else "Down"
    if baseline == 0:
        return f"{word} {amount} from zero"
    return f"{word} {amount}, {_percent_change(difference, baseline)}"


# A "maintain" target is met while the actual stays within this share of the baseline.
MAINTAIN_TOLERANCE = Decimal("0.05")


def relative_target(*, direction, baseline, change_percent):
    """The number a relative target ("reduce by 5% on the baseline") comes to, or None."""
    if change_percent is None or baseline is None:
        return None
    factor = Decimal(change_percent) / 100
    sign = -1 if direction == "decrease" else 1
    return (Decimal(baseline) * (1 + sign * factor)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def target_status(*, unit, direction, target, actual, actual_text="", milestone_met=None, due_on, today=None,
                  baseline=None, change_percent=None):
    """Met or not once due. A target is a number; or a change in percent on the baseline (a relative
    target); or, with neither, only a direction from the baseline: more than it, less than it, or
    within 5% of it ("maintain")."""
    today = today or timezone.localdate()
    due = today > due_on
    if unit == "yes_no":
        if actual is None:
            return MISSING if due else NOT_YET_DUE
        if actual == target:
            return MET
        return NOT_MET if due else NOT_YET_DUE
    if unit == "text":
        if not actual_text.strip() or milestone_met is None:
            return MISSING if due else NOT_YET_DUE
        if milestone_met:
            return MET
        return NOT_MET if due else NOT_YET_DUE
    if actual is None:
        return MISSING if due else NOT_YET_DUE
    if not due:
        return NOT_YET_DUE
    actual = Decimal(actual)
    if target is None and change_percent is not None:
        target = relative_target(direction=direction, baseline=baseline, change_percent=change_percent)
    if target is None:  # a direction only, against the baseline
        baseline = Decimal(baseline)
        if direction == "maintain":
            met = abs(actual - baseline) <= abs(baseline) * MAINTAIN_TOLERANCE
        else:
            met = actual < baseline if direction == "decrease" else actual > baseline
        return MET if met else NOT_MET
    target = Decimal(target)
    met = actual <= target if direction == "decrease" else actual >= target
    return MET if met else NOT_MET


def outcome_of(target, *, today=None):
    figure = target.actual
    return Outcome(
        change=change_achieved(
            unit=target.unit,
            baseline=target.baseline_value,
            actual=figure.value,
            actual_text=figure.text_value,
            milestone_met=target.milestone_met,
            baseline_note=target.baseline_note,
        ),
        status=target_status(
            unit=target.unit,
            direction=target.direction,
            target=target.target_value,
            actual=figure.value,
            actual_text=figure.text_value,
            milestone_met=target.milestone_met,
            due_on=target.due_on,
            today=today,
            baseline=target.baseline_value,
            change_percent=target.change_percent,
        ),
    )


def milestone_status(milestone, *, today=None):
    """Met or not by the milestone's date, against its own aim in the target's direction."""
    figure = milestone.actual
    target = milestone.target
    return target_status(
        unit=target.unit, direction=target.direction, target=milestone.target_value, actual=figure.value,
        actual_text=figure.text_value, milestone_met=milestone.milestone_met, due_on=milestone.due_on,
        today=today, baseline=target.baseline_value)
