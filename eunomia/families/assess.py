"""Whether a family is eligible under its rule set, and which of the rule set's outcomes it meets on
a day, each with the comparison behind it (ADR 68). Everything a family's assessment reads is loaded
for many families at once (`load`), then judged here in Python: the same code answers for one
family's page, a claim of a thousand and the whole cohort's figures.

Windows are in whole local days. For a fall in ASB or offending over `months` months: "before" is
the `months` before the family's start (attachment, or for a family never attached, the day it was
identified: the comparison cohort), up to the day before it; "latest" is the `months` up to and
including the day assessed, after the day `months` before it. The latest window must lie wholly
after the start: until then the outcome is not yet measurable."""

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from eunomia.casework.models import ReportPerson, Role
from eunomia.core.dates import add_months
from eunomia.families.models import Fact, FamilyMember, ProblemEvidence


@dataclass
class FamilyRecords:
    """What the assessment of one family reads."""

    family: object
    members: list = field(default_factory=list)
    evidence: list = field(default_factory=list)  # (problem, source) pairs, source as in rules.EVIDENCE_SOURCES
    facts: list = field(default_factory=list)
    asb: list = field(default_factory=list)  # (report id, reference, local day) naming a member as alleged perpetrator

    @property
    def start(self):
        """The day outcomes are measured from: attachment, or identification for a family never attached."""
        return self.family.attached_on or self.family.identified_on


def _evidence_source(row):
    if row["fact__kind"]:
        return f"fact:{row['fact__kind']}"
    return "report" if row["report_id"] else "case" if row["case_id"] else "da_incident"


def load(families):
    """{family id: FamilyRecords} for `families` (Family rows), in a few queries whatever their number."""
    found = {family.pk: FamilyRecords(family) for family in families}
    ids = list(found)
    if not ids:
        return found
    person_family = defaultdict(set)
    for member in FamilyMember.objects.filter(family_id__any_of=ids).order_by("id"):
        found[member.family_id].members.append(member)
        person_family[member.person_id].add(member.family_id)
    for row in (ProblemEvidence.objects.filter(family_id__any_of=ids).order_by("id")
                .values("family_id", "problem", "report_id", "case_id", "fact__kind")):
        found[row["family_id"]].evidence.append((row["problem"], _evidence_source(row)))
    for fact in Fact.objects.filter(family_id__any_of=ids).order_by("period_start", "id"):
        found[fact.family_id].facts.append(fact)
    seen = defaultdict(set)
    links = (ReportPerson.objects.filter(person_id__any_of=list(person_family), role=Role.PERPETRATOR)
             .values_list("person_id", "report_id", "report__reference", "report__occurred_at"))
    for person_id, report_id, reference, occurred_at in links:
        for family_id in person_family[person_id]:
            if report_id not in seen[family_id]:
                seen[family_id].add(report_id)
                found[family_id].asb.append((report_id, reference, timezone.localdate(occurred_at)))
    for records in found.values():
        records.asb.sort(key=lambda row: (row[2], row[0]))
    return found


# Eligibility ------------------------------------------------------------------------------------------

@dataclass
class Eligibility:
    eligible: bool
    needed: int
    held: dict  # problem key -> number of pieces of evidence
    missing: list  # Problem rows not held

    @property
    def reasons(self):
        """In words: what is held, and if not eligible, what is missing."""
        if self.eligible:
            return f"Holds {len(self.held)} of the problems; the rule set needs {self.needed}."
        short = self.needed - len(self.held)
        return (f"Holds {len(self.held)} of the problems; the rule set needs {self.needed}, so {short} more "
                f"{'is' if short == 1 else 'are'} missing, from: " + "; ".join(p.label for p in self.missing) + ".")


def eligibility(records, rules):
    """A problem is held when it has at least one piece of evidence from a source the rule set accepts
    for it; the family is eligible with at least the rule set's number of them."""
    held = defaultdict(int)
    for problem, source in records.evidence:
        known = rules.problem_by_key.get(problem)
        if known is not None and source in known.evidence:
            held[problem] += 1
    missing = [p for p in rules.problems if p.key not in held]
    return Eligibility(len(held) >= rules.problems_needed, rules.problems_needed, dict(held), missing)


# Outcomes --------------------------------------------------------------------------------------------

@dataclass
class ConditionResult:
    kind: str
    label: str
    relevant: bool
    met: bool
    reason: str
    comparison: dict = field(default_factory=dict)
    evidence: list = field(default_factory=list)


@dataclass
class OutcomeResult:
    key: str
    label: str
    met: bool
    reason: str
    conditions: list
    as_of: datetime.date
    start: datetime.date


def _day(value):
    return f"{value:%-d %B %Y}"


def _number(value):
    """A count as a whole number when it is one: offences and exclusions are summed from facts' Decimal
    values, and "3 offences" reads better than "3.00" and is a plain JSON number in frozen evidence."""
    return int(value) if value == int(value) else value


def _percent(value):
    """A mean percentage to two places, cut short rather than rounded, so a mean under a whole-number
    threshold never shows as the threshold itself (14.996% is "14.99%", not "15.00%")."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def _first_measurable(start, months):
    """The first day whose latest `months` lie wholly after `start`. Usually the day before the same day
    `months` later, but month ends move it (a start on 31 August: 1 March, not 27 February)."""
    day = add_months(start - datetime.timedelta(days=1), months)
    while add_months(day, -months) + datetime.timedelta(days=1) < start:
        day += datetime.timedelta(days=1)
    return day


def _windows(start, as_of, months):
    """((first, last) before the start, (first, last) latest) or None when the latest window does not
    yet lie wholly after the start."""
    before = (add_months(start, -months), start - datetime.timedelta(days=1))
    latest = (add_months(as_of, -months) + datetime.timedelta(days=1), as_of)
    if latest[0] < start:
        return None
    return before, latest


def _fall(before, after, fall_percent):
    """Has `after` fallen from `before` by at least `fall_percent` percent? Exact, in whole numbers."""
    return before > 0 and (before - after) * 100 >= fall_percent * before


def _fall_result(condition, start, as_of, events, what):
    """A fall in `events` ((local day, weight, evidence ref) rows) for asb_fall and offending_fall."""
    windows = _windows(start, as_of, condition.months)
    if windows is None:
        return ConditionResult(condition.kind, condition.label, True, False,
                               f"Not yet measurable: the {condition.months} months after the start end on "
                               f"{_day(_first_measurable(start, condition.months))}")
    (b0, b1), (l0, l1) = windows
    before = [e for e in events if b0 <= e[0] <= b1]
    latest = [e for e in events if l0 <= e[0] <= l1]
    n_before, n_latest = _number(sum(e[1] for e in before)), _number(sum(e[1] for e in latest))
    met = _fall(n_before, n_latest, condition.fall_percent)
    fell = f"{(n_before - n_latest) * 100 / n_before:.1f}%" if n_before else ""
    comparison = {"before_from": b0.isoformat(), "before_to": b1.isoformat(), "before": n_before,
                  "latest_from": l0.isoformat(), "latest_to": l1.isoformat(), "latest": n_latest,
                  "fall_needed_percent": condition.fall_percent}
    evidence = [{"window": "before", **e[2]} for e in before] + [{"window": "latest", **e[2]} for e in latest]
    if not n_before:
        # Where relevant (the national rule's words): with nothing before the start there is nothing to
        # fall from, so the condition does not apply, and the outcome rests on its other conditions.
        return ConditionResult(condition.kind, condition.label, False, False,
                               f"Not relevant: no {what} from {_day(b0)} to {_day(b1)}, so no fall to measure "
                               f"({n_latest} since, from {_day(l0)} to {_day(l1)})", comparison, evidence)
    reason = (f"{n_before} {what} from {_day(b0)} to {_day(b1)}, {n_latest} from {_day(l0)} to {_day(l1)}: "
              f"a fall of {fell}, against {condition.fall_percent}% needed")
    return ConditionResult(condition.kind, condition.label, True, met, reason, comparison, evidence)


def _fact_ref(fact, member_number):
    return {"fact": fact.pk, "kind": fact.kind, "member": member_number, "from": fact.period_start.isoformat(),
            "to": fact.period_end.isoformat(), "value": None if fact.value is None else str(fact.value),
            "source": fact.source}


def _school(condition, records, start, as_of, number):
    children = [m for m in records.members if m.is_child]
    kinds = (Fact.Kind.UNAUTHORISED_ABSENCE, Fact.Kind.FIXED_TERM_EXCLUSIONS)
    recorded = [m for m in children if any(f.member_id == m.pk and f.kind in kinds for f in records.facts)]
    if not recorded:
        return ConditionResult(condition.kind, condition.label, True, False,
                               "No child's school attendance is recorded")
    reasons, evidence, met, per_child = [], [], True, []
    for member in recorded:
        facts = [f for f in records.facts if f.member_id == member.pk]
        terms = [f for f in facts if f.kind == Fact.Kind.UNAUTHORISED_ABSENCE and f.period_start >= start
                 and f.period_end <= as_of and f.value is not None][-condition.terms:]
        who = f"member {number[member.pk]}"
        if len(terms) < condition.terms:
            met = False
            reasons.append(f"{who}: {len(terms)} of {condition.terms} terms' attendance recorded since the start")
            per_child.append({"member": number[member.pk], "terms": len(terms)})
            continue
        absence = sum(f.value for f in terms) / condition.terms
        first, last = terms[0].period_start, terms[-1].period_end
        exclusions = [f for f in facts if f.kind == Fact.Kind.FIXED_TERM_EXCLUSIONS and f.period_start >= first
                      and f.period_end <= last]
        excluded = _number(sum((f.value if f.value is not None else Decimal(1)) for f in exclusions))
        child_met = absence < condition.absence_below_percent and excluded < condition.exclusions_below
        met &= child_met
        reasons.append(f"{who}: {_percent(absence)}% unauthorised absence over {condition.terms} terms (under "
                       f"{condition.absence_below_percent}% needed), {excluded} fixed-term exclusions (fewer than "
                       f"{condition.exclusions_below} needed)")
        per_child.append({"member": number[member.pk], "absence_percent": str(_percent(absence)),
                          "exclusions": str(excluded), "met": child_met})
        evidence += [_fact_ref(f, number[member.pk]) for f in terms + exclusions]
    return ConditionResult(condition.kind, condition.label, True, met, "; ".join(reasons),
                           {"children": per_child, "absence_below_percent": condition.absence_below_percent,
                            "exclusions_below": condition.exclusions_below, "terms": condition.terms}, evidence)


def _work(condition, records, start, as_of, number):
    first = add_months(as_of, -condition.months) + datetime.timedelta(days=1)
    adults = {m.pk for m in records.members if not m.is_child}
    if condition.kind == "employment":
        kind, weeks = Fact.Kind.CONTINUOUS_EMPLOYMENT, condition.weeks
        found = [f for f in records.facts if f.kind == kind and f.member_id in adults and f.period_start >= start
                 and first <= f.period_end <= as_of and (f.period_end - f.period_start).days + 1 >= weeks * 7]
        wanted = (f"an adult in continuous employment for {weeks} weeks or more, starting after the start and "
                  f"reaching {_day(first)} to {_day(as_of)}")
    else:
        kind = Fact.Kind.PROGRESS_TO_WORK
        found = [f for f in records.facts if f.kind == kind and f.member_id in adults and f.period_start >= start
                 and first <= f.period_start <= as_of]
        wanted = f"an adult starting a work programme or training from {_day(first)} to {_day(as_of)}"
    if found:
        reason = f"Met: {len(found)} record{'s' if len(found) != 1 else ''} of {wanted}"
    else:
        reason = f"Not met: no record of {wanted}"
    return ConditionResult(condition.kind, condition.label, True, bool(found), reason,
                           {"from": first.isoformat(), "to": as_of.isoformat()},
                           [_fact_ref(f, number[f.member_id]) for f in found])


def _condition(condition, records, held, start, as_of, number):
    if condition.problem and condition.problem not in held:
        return ConditionResult(condition.kind, condition.label, False, False,
                               "Not relevant: the family does not hold the problem it measures")
    if condition.kind == "asb_fall":
        events = [(day, 1, {"report": reference, "on": day.isoformat()}) for _pk, reference, day in records.asb]
        return _fall_result(condition, start, as_of, events, "ASB reports naming a member as alleged perpetrator")
    if condition.kind == "offending_fall":
        events = [(f.period_start, f.value if f.value is not None else 1, _fact_ref(f, number[f.member_id]))
                  for f in records.facts if f.kind == Fact.Kind.YOUTH_OFFENCE]
        return _fall_result(condition, start, as_of, events, "proven offences by young people")
    if condition.kind == "school":
        return _school(condition, records, start, as_of, number)
    return _work(condition, records, start, as_of, number)


def outcomes(records, rules, as_of):
    """[OutcomeResult] for each of the rule set's outcomes on `as_of`. An outcome is met when at least
    one of its conditions is relevant (the family holds the problem it measures, or it names none)
    and every relevant one is met."""
    held = eligibility(records, rules).held
    number = {m.pk: n for n, m in enumerate(records.members, start=1)}
    start = records.start
    found = []
    for outcome in rules.outcomes:
        conditions = [_condition(c, records, held, start, as_of, number) for c in outcome.conditions]
        relevant = [c for c in conditions if c.relevant]
        met = bool(relevant) and all(c.met for c in relevant)
        if not relevant:
            reason = "Not met: none of its conditions applies to this family"
        elif met:
            reason = "Met: every condition that applies is met"
        else:
            reason = "Not met: " + "; ".join(c.label.lower() for c in relevant if not c.met)
        found.append(OutcomeResult(outcome.key, outcome.label, met, reason, conditions, as_of, start))
    return found


# Frozen evidence ---------------------------------------------------------------------------------------

def snapshot(records, rules, result, *, rule_set):
    """The evidence of one outcome as it stands, for a claim line: no names, only references, dates
    and counts. JSON-ready: passed through JSON (as the audit log's data is), so it holds only what the
    database gives back and its digest is the same before saving and after reading."""
    evidence = {
        "family": records.family.reference, "rule_set": str(rule_set), "outcome": result.key,
        "outcome_label": result.label, "met": result.met, "reason": result.reason,
        "start": result.start.isoformat(), "as_of": result.as_of.isoformat(),
        "members": [{"member": n, "relationship": m.relationship} for n, m in enumerate(records.members, start=1)],
        "conditions": [{"kind": c.kind, "label": c.label, "relevant": c.relevant, "met": c.met, "reason": c.reason,
                        "comparison": c.comparison, "evidence": c.evidence} for c in result.conditions],
    }
    return json.loads(json.dumps(evidence, default=str))


def digest(evidence):
    """SHA-256 of `evidence` as canonical JSON: what a claim line's frozen evidence is checked against."""
    text = json.dumps(evidence, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
