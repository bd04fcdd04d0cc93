"""A rule set's rules, as configuration (ADR 68): which problems make a family eligible and how many
it needs; which outcomes may be claimed, each met when all its relevant conditions are; what each
pays, and what attachment pays, by the date a family was attached. The document is JSON, kept on the
RuleSet row; `parse` checks every part of it and says in words where it is wrong. What a condition
measures (a fall in ASB, school attendance, work) is code (eunomia.families.assess); its thresholds,
windows and which problem makes it relevant are the document's.

    {"problems_needed": 3,
     "problems": [{"key": "crime_asb", "label": "...", "evidence": ["report", "case", "fact:youth_offence"]}, ...],
     "outcomes": [{"key": "crime_asb_education", "label": "...", "excludes": [],
                   "conditions": [{"kind": "asb_fall", "problem": "crime_asb", "fall_percent": 60, "months": 6}],
                   "payments": [{"from": "2012-04-01", "amount": "700.00"}]}],
     "attachment_fees": [{"from": "2012-04-01", "amount": "3200.00"}]}
"""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError

from eunomia.families.models import Fact

PRESETS_DIRECTORY = Path(__file__).parent / "rule_sets"
ATTACHMENT = "attachment"  # a claim line for the attachment fee, not an outcome

# Where evidence of a problem may come from: casework reports and cases, domestic abuse incidents,
# and facts of each kind.
EVIDENCE_SOURCES = {"report": "ASB report", "case": "ASB case", "da_incident": "Domestic abuse incident",
                    **{f"fact:{kind}": label for kind, label in Fact.Kind.choices}}

# The conditions an outcome may hold, and the whole-number settings each takes: (smallest, largest).
CONDITION_SETTINGS = {
    # ASB reports naming a member as alleged perpetrator: the `months` before attachment against the
    # latest `months`; met by a fall of at least `fall_percent`.
    "asb_fall": {"fall_percent": (1, 100), "months": (1, 24)},
    # Proven offences by the family's young people (facts), the same comparison.
    "offending_fall": {"fall_percent": (1, 100), "months": (1, 24)},
    # Each child's latest `terms` terms of unauthorised absence (facts) average under
    # `absence_below_percent`, with fewer than `exclusions_below` fixed-term exclusions over them.
    "school": {"terms": (1, 6), "absence_below_percent": (1, 100), "exclusions_below": (1, 20)},
    # An adult in continuous employment for at least `weeks` weeks, ending in the latest `months`.
    "employment": {"weeks": (1, 104), "months": (1, 24)},
    # An adult attached to a work programme or training starting in the latest `months`.
    "progress_to_work": {"months": (1, 24)},
}
CONDITION_LABELS = {"asb_fall": "Fall in anti-social behaviour", "offending_fall": "Fall in youth offending",
                    "school": "School attendance and exclusions", "employment": "Continuous employment",
                    "progress_to_work": "Progress to work"}


@dataclass(frozen=True)
class Problem:
    key: str
    label: str
    evidence: tuple


@dataclass(frozen=True)
class Condition:
    kind: str
    problem: str  # "" when always relevant
    settings: dict

    def __getattr__(self, name):
        try:
            return self.__dict__["settings"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def label(self):
        return CONDITION_LABELS[self.kind]


@dataclass(frozen=True)
class Payment:
    starts_on: datetime.date
    amount: Decimal


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    conditions: tuple
    payments: tuple
    excludes: tuple = ()

    def amount_for(self, attached_on):
        return amount_on(self.payments, attached_on)


@dataclass(frozen=True)
class Rules:
    problems_needed: int
    problems: tuple
    outcomes: tuple
    attachment_fees: tuple
    problem_by_key: dict = field(default_factory=dict, compare=False)
    outcome_by_key: dict = field(default_factory=dict, compare=False)

    def attachment_fee(self, attached_on):
        return amount_on(self.attachment_fees, attached_on)

    def label_of(self, key):
        if key == ATTACHMENT:
            return "Attachment fee"
        found = self.outcome_by_key.get(key) or self.problem_by_key.get(key)
        return found.label if found else key


def amount_on(payments, day):
    """The amount of the latest of `payments` starting on or before `day`; 0.00 before the first."""
    amount = Decimal("0.00")
    for payment in payments:  # in date order
        if payment.starts_on <= day:
            amount = payment.amount
    return amount


# Reading and checking a document -----------------------------------------------------------------

class _Errors(list):
    def add(self, where, message):
        self.append(f"{where}: {message}")


def _key(value):
    # ASCII only: str.isalnum and str.islower also take "é" and other letters a key is not meant to hold.
    return (isinstance(value, str) and value.isascii() and value.replace("_", "").isalnum() and value.islower()
            and 0 < len(value) <= 40)


def _whole(value, smallest, largest):
    return isinstance(value, int) and not isinstance(value, bool) and smallest <= value <= largest


def _payments(raw, where, errors):
    if not isinstance(raw, list) or not raw:
        errors.add(where, "give a list of at least one payment, each {\"from\": \"YYYY-MM-DD\", \"amount\": \"0.00\"}")
        return ()
    found = []
    for n, payment in enumerate(raw):
        here = f"{where}[{n}]"
        if not isinstance(payment, dict) or set(payment) != {"from", "amount"}:
            errors.add(here, "give exactly \"from\" (a date) and \"amount\" (pounds and pence, as text)")
            continue
        try:
            starts_on = datetime.date.fromisoformat(payment["from"])
        except (TypeError, ValueError):
            errors.add(f"{here}.from", "give a date as YYYY-MM-DD")
            continue
        try:
            amount = Decimal(payment["amount"]) if isinstance(payment["amount"], str) else None
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")) \
                or amount >= Decimal("100000"):
            errors.add(f"{here}.amount", "give pounds and pence as text, like \"800.00\", from 0 to 99999.99")
            continue
        found.append(Payment(starts_on, amount.quantize(Decimal("0.01"))))
    starts = [p.starts_on for p in found]
    if starts != sorted(set(starts)):
        errors.add(where, "list the payments in date order, each from a different date")
    return tuple(found)


def _condition(raw, where, problems, errors):
    if not isinstance(raw, dict) or raw.get("kind") not in CONDITION_SETTINGS:
        errors.add(f"{where}.kind", "say which kind of condition: " + ", ".join(CONDITION_SETTINGS))
        return None
    kind = raw["kind"]
    wanted = CONDITION_SETTINGS[kind]
    settings = {}
    for name, (smallest, largest) in wanted.items():
        if not _whole(raw.get(name), smallest, largest):
            errors.add(f"{where}.{name}", f"give a whole number from {smallest} to {largest}")
        else:
            settings[name] = raw[name]
    unknown = set(raw) - set(wanted) - {"kind", "problem"}
    if unknown:
        errors.add(where, f"a {kind} condition takes no {', '.join(sorted(unknown))}")
    problem = raw.get("problem", "")
    if not isinstance(problem, str):
        # null, 0 or [] would otherwise read as "no problem", making the condition always relevant.
        errors.add(f"{where}.problem", "give the key of one of the rule set's problems, or leave it out")
    elif problem and problem not in problems:
        errors.add(f"{where}.problem", f"\"{problem}\" is not one of the rule set's problems")
    return Condition(kind, problem, settings) if len(settings) == len(wanted) else None


def parse(document):
    """The Rules of `document` (a dict, or JSON text). A ValidationError lists every fault, each
    naming where it is (`outcomes[0].conditions[1].fall_percent: give a whole number from 1 to 100`)."""
    errors = _Errors()
    if isinstance(document, (str, bytes)):
        try:
            document = json.loads(document)
        except ValueError as error:
            raise ValidationError(f"The rules are not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise ValidationError("The rules must be a JSON object with problems_needed, problems, outcomes and "
                              "attachment_fees")
    unknown = set(document) - {"problems_needed", "problems", "outcomes", "attachment_fees"}
    if unknown:
        errors.add("rules", f"unknown part {', '.join(sorted(unknown))}")
    # Keys are collected as the document declares them, so that a fault in one problem or outcome is
    # reported where it is, not again wherever another part names it.
    problems, keys = [], []
    raw_problems = document.get("problems")
    if not isinstance(raw_problems, list) or not raw_problems:
        errors.add("problems", "give a list of at least one problem")
        raw_problems = []
    for n, raw in enumerate(raw_problems):
        where = f"problems[{n}]"
        if not isinstance(raw, dict):
            errors.add(where, "give a problem as {\"key\", \"label\", \"evidence\"}")
            continue
        if not _key(raw.get("key")):
            errors.add(f"{where}.key", "give a key of lower-case letters, digits and _")
            continue
        keys.append(raw["key"])
        if not isinstance(raw.get("label"), str) or not raw["label"].strip():
            errors.add(f"{where}.label", "give the problem's name")
            continue
        evidence = raw.get("evidence")
        if not isinstance(evidence, list) or not evidence or any(e not in EVIDENCE_SOURCES for e in evidence):
            errors.add(f"{where}.evidence", "list where its evidence may come from: " + ", ".join(EVIDENCE_SOURCES))
            continue
        problems.append(Problem(raw["key"], raw["label"].strip(), tuple(evidence)))
    if len(keys) != len(set(keys)):
        errors.add("problems", "each problem needs a key of its own")
    needed = document.get("problems_needed")
    if not _whole(needed, 1, max(len(raw_problems), 1)):
        errors.add("problems_needed", f"give a whole number from 1 to the number of problems ({len(raw_problems)})")
    outcomes, outcome_keys = [], []
    raw_outcomes = document.get("outcomes")
    if not isinstance(raw_outcomes, list) or not raw_outcomes:
        errors.add("outcomes", "give a list of at least one outcome")
        raw_outcomes = []
    for n, raw in enumerate(raw_outcomes):
        where = f"outcomes[{n}]"
        if not isinstance(raw, dict):
            errors.add(where, "give an outcome as {\"key\", \"label\", \"conditions\", \"payments\"}")
            continue
        if not _key(raw.get("key")) or raw.get("key") == ATTACHMENT:
            errors.add(f"{where}.key", "give a key of lower-case letters, digits and _ (not \"attachment\")")
            continue
        outcome_keys.append(raw["key"])
        if not isinstance(raw.get("label"), str) or not raw["label"].strip():
            errors.add(f"{where}.label", "give the outcome's name")
            continue
        raw_conditions = raw.get("conditions")
        if not isinstance(raw_conditions, list) or not raw_conditions:
            errors.add(f"{where}.conditions", "give a list of at least one condition")
            continue
        conditions = [_condition(c, f"{where}.conditions[{i}]", keys, errors) for i, c in enumerate(raw_conditions)]
        payments = _payments(raw.get("payments"), f"{where}.payments", errors)
        excludes = raw.get("excludes", [])
        if not isinstance(excludes, list) or not all(isinstance(e, str) for e in excludes):
            errors.add(f"{where}.excludes", "list the keys of outcomes a family claimed for this may not also be "
                                            "claimed for")
            excludes = []
        unknown = set(raw) - {"key", "label", "conditions", "payments", "excludes"}
        if unknown:
            errors.add(where, f"unknown part {', '.join(sorted(unknown))}")
        if all(conditions) and payments:
            outcomes.append((n, Outcome(raw["key"], raw["label"].strip(), tuple(conditions), payments,
                                        tuple(excludes))))
    if len(outcome_keys) != len(set(outcome_keys)):
        errors.add("outcomes", "each outcome needs a key of its own")
    for n, outcome in outcomes:  # n: where the outcome is in the document
        for other in outcome.excludes:
            if other not in outcome_keys or other == outcome.key:
                errors.add(f"outcomes[{n}].excludes", f"\"{other}\" is not another of the rule set's outcomes")
    fees = _payments(document.get("attachment_fees"), "attachment_fees", errors)
    if errors:
        raise ValidationError(list(errors))
    outcomes = tuple(outcome for _n, outcome in outcomes)
    return Rules(needed, tuple(problems), outcomes, fees, {p.key: p for p in problems}, {o.key: o for o in outcomes})


def presets():
    """{file stem: (programme, phase, starts_on, ends_on, rules document)} of the rule sets kept with
    Eunomia (rule_sets/*.json): the national programme's phases as published."""
    found = {}
    for path in sorted(PRESETS_DIRECTORY.glob("*.json")):
        preset = json.loads(path.read_text())
        found[path.stem] = (preset["programme"], preset["phase"], datetime.date.fromisoformat(preset["starts_on"]),
                            datetime.date.fromisoformat(preset["ends_on"]), preset["rules"])
    return found
