"""The Family Focus programme's figures for a period, worked out once for the registered measures
(eunomia.families.measures), the members' API and the public page, so all three give the same numbers.

Counts read every family of the partnership, whichever organisation leads it, and show no one: a
family is a household of people, so every count of families is a count of people under the
partnership's disclosure rule when published (ADR 65).

- The programme's cohort for a period is the families worked with in it: attached by its last day and
  not closed before its first (a family attached last year and still worked with is the programme's
  this year too, as the plan's "families worked with" is); the comparison cohort is the families
  identified by its last day, eligible under their rule set, and never attached (no capacity,
  declined). Both are assessed (eunomia.families.assess) on the same day: the period's last day, or
  today while the period has not ended (a day not yet lived has no records). A family never attached
  is measured from the day it was identified, as assess does.
- Claims are the approved ones whose period ends in the period: a draft is not yet a claim. A family
  is "claimed" with at least one line not withdrawn (verified lines included), "verified" with at
  least one verified line, "withdrawn" with at least one withdrawn line.
- Money is the lines not withdrawn, summed here in Python over their exact amounts (Decimal), not by
  the database (SQLite sums decimals as floating point).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from eunomia.families import assess, queries
from eunomia.families import rules as rule_documents
from eunomia.families.models import Claim, ClaimLine, Family
from eunomia.figures.disclosure import SHOWN, Cell, Group, protect

ANY = "any"  # "meeting at least one outcome"
ATTACHMENT, RESULTS, ALL = "attachment", "results", "all"
PARTS = [(ATTACHMENT, "attachment fees"), (RESULTS, "results"), (ALL, "attachment fees and results")]
ZERO = Decimal("0.00")


def last_day(period_end, today=None):
    """The day outcomes are assessed on: the period's last day, or today while it has not ended."""
    return min(period_end, today or timezone.localdate())


# Families ----------------------------------------------------------------------------------------------

def families_of(partnership):
    return Family.objects.filter(partnership=partnership)


def identified(partnership, start, end):
    return families_of(partnership).filter(identified_on__gte=start, identified_on__lte=end)


def attached(partnership, start, end):
    return families_of(partnership).filter(attached_on__gte=start, attached_on__lte=end)


def worked_with(partnership, start, end):
    """Families attached by `end` and not closed before `start`."""
    return families_of(partnership).filter(attached_on__lte=end).exclude(closed_on__lt=start)


def with_plan(partnership, start, end):
    return families_of(partnership).filter(plan_agreed_on__gte=start, plan_agreed_on__lte=end)


@dataclass
class Cohort:
    """A group of families assessed on `as_of`: how many, and how many meet each outcome."""

    families: int = 0
    as_of: datetime.date = None
    labels: dict = field(default_factory=dict)  # outcome key -> label, in the order the rule sets list them
    # The set of outcome keys each family meets -> how many families meet exactly that set (those meeting
    # none are not listed): what the counts are made of, so a reader's sums can be checked (disclosure).
    regions: Counter = field(default_factory=Counter)
    # The outcome keys of each rule set the families are under: a family meets outcomes of its own only.
    outcome_sets: set = field(default_factory=set)
    # Each family's id -> the set of outcome keys it meets (empty when none): which families the counts
    # are of, so a figure can list them (ADR 69).
    met_by: dict = field(default_factory=dict)

    def met(self, key):
        """Families meeting outcome `key` (ANY: at least one outcome)."""
        return sum(n for keys, n in self.regions.items() if key == ANY or key in keys)

    @property
    def met_none(self):
        return self.families - self.met(ANY)

    def meeting(self, key):
        """The ids of the families meeting outcome `key` (ANY: at least one outcome)."""
        return {pk for pk, keys in self.met_by.items() if keys and (key == ANY or key in keys)}


def _assessed(families):
    """[(family, rules, records)] for `families`, each rule set parsed once."""
    families = list(families.select_related("rule_set").order_by("reference", "id"))
    records = assess.load(families)
    parsed = {}
    for family in families:
        if family.rule_set_id not in parsed:
            parsed[family.rule_set_id] = queries.rules_of(family.rule_set)
    return [(family, parsed[family.rule_set_id], records[family.pk]) for family in families]


def _cohort(rows, as_of):
    cohort = Cohort(len(rows), as_of)
    for family, rules, records in rows:
        cohort.outcome_sets.add(frozenset(rules.outcome_by_key))
        met = set()
        for result in assess.outcomes(records, rules, as_of):
            cohort.labels.setdefault(result.key, result.label)
            if result.met:
                met.add(result.key)
        cohort.met_by[family.pk] = frozenset(met)
        if met:
            cohort.regions[frozenset(met)] += 1
    return cohort


def programme_cohort(partnership, start, end, today=None):
    """The families worked with in the period, assessed on its last day (or today)."""
    return _cohort(_assessed(worked_with(partnership, start, end)), last_day(end, today))


def comparison_cohort(partnership, start, end, today=None):
    """The families identified by the period's last day, eligible under their rule set and never
    attached, assessed from the day they were identified on the same day as the programme's."""
    rows = [row for row in _assessed(families_of(partnership).filter(identified_on__lte=end, attached_on=None))
            if assess.eligibility(row[2], row[1]).eligible]
    return _cohort(rows, last_day(end, today))


# Claims ------------------------------------------------------------------------------------------------

@dataclass
class Claims:
    """The lines of the approved claims whose period ends in the period, by family."""

    claimed: set = field(default_factory=set)  # families with a line not withdrawn (verified included)
    verified: set = field(default_factory=set)
    withdrawn: set = field(default_factory=set)
    attachment: set = field(default_factory=set)  # families claimed for (not withdrawn) an attachment fee
    results: set = field(default_factory=set)  # ... for an outcome
    money_attachment: Decimal = ZERO
    money_results: Decimal = ZERO

    @property
    def money_total(self):
        return self.money_attachment + self.money_results

    def families(self, part):
        return {ATTACHMENT: self.attachment, RESULTS: self.results, ALL: self.claimed}[part]

    def money(self, part):
        return {ATTACHMENT: self.money_attachment, RESULTS: self.money_results, ALL: self.money_total}[part]


def approved_claims(partnership):
    return Claim.objects.filter(partnership=partnership, status=Claim.Status.APPROVED)


def claim_lines(partnership, start, end):
    """The lines of the approved claims whose period ends in the period, withdrawn ones included."""
    return ClaimLine.objects.filter(claim__in=approved_claims(partnership), claim__period_end__gte=start,
                                    claim__period_end__lte=end)


def claims(partnership, start, end):
    found = Claims()
    lines = claim_lines(partnership, start, end).order_by().values_list("family_id", "outcome", "status", "amount")
    for family_id, outcome, status, amount in lines:
        if status == ClaimLine.Status.WITHDRAWN:
            found.withdrawn.add(family_id)
            continue
        found.claimed.add(family_id)
        if status == ClaimLine.Status.VERIFIED:
            found.verified.add(family_id)
        if outcome == rule_documents.ATTACHMENT:
            found.attachment.add(family_id)
            found.money_attachment += amount
        else:
            found.results.add(family_id)
            found.money_results += amount
    return found


# Everything at once ------------------------------------------------------------------------------------

@dataclass
class ProgrammeFigures:
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    identified: int
    attached: int
    with_plan: int
    programme: Cohort
    comparison: Cohort
    claims: Claims

    @property
    def outcomes(self):
        """[(key, label)] of every outcome either cohort's rule sets hold."""
        return list({**self.programme.labels, **self.comparison.labels}.items())


def programme_figures(partnership, start, end, today=None):
    return ProgrammeFigures(
        start=start, end=end, as_of=last_day(end, today),
        identified=identified(partnership, start, end).count(), attached=attached(partnership, start, end).count(),
        with_plan=with_plan(partnership, start, end).count(),
        programme=programme_cohort(partnership, start, end, today),
        comparison=comparison_cohort(partnership, start, end, today), claims=claims(partnership, start, end))


def latest_approved_claim(partnership):
    return approved_claims(partnership).order_by("-period_end", "-id").first()


# As published ------------------------------------------------------------------------------------------

# Beyond this many outcomes in one rule set, only the sets of outcomes some family meets are modelled:
# a reader is then taken to know that the others are empty, which can only withhold more.
MOST_OUTCOMES_MODELLED = 6


def _possible_sets(cohort):
    """Every set of outcomes a family of the cohort could meet together (of one rule set)."""
    found = set(cohort.regions)
    for keys in cohort.outcome_sets:
        if len(keys) <= MOST_OUTCOMES_MODELLED:
            ordered = sorted(keys)
            found |= {frozenset(key for i, key in enumerate(ordered) if mask >> i & 1)
                      for mask in range(1, 2 ** len(keys))}
    return sorted(found, key=lambda keys: (len(keys), sorted(keys)))


def _cohort_cells(name, cohort, outcomes, cells, groups):
    """A cohort's published counts, and the sums a reader could check them by: families = meeting at
    least one + meeting none; each outcome, and "at least one", is the sum of the families meeting
    exactly each set of outcomes that holds it. Those are not published, but a reader could work
    them out ("10 met at least one, 7 the first, 7 the second": 4 met both, 3 only the first)."""
    cells[name, "families"] = Cell(cohort.families)
    for key, _label in outcomes:
        cells[name, key] = Cell(cohort.met(key))
    cells[name, ANY] = Cell(cohort.met(ANY))
    cells[name, "none"] = Cell(cohort.met_none)
    regions = []
    for keys in _possible_sets(cohort):
        region = (name, "exactly", tuple(sorted(keys)))
        cells[region] = Cell(cohort.regions.get(keys, 0), published=False)
        regions.append((region, keys))
    groups.append(Group((name, "families"), [(name, ANY), (name, "none")]))
    groups.append(Group((name, ANY), [region for region, _keys in regions]))
    for key, _label in outcomes:
        groups.append(Group((name, key), [region for region, keys in regions if key in keys]))
        # At least one = this outcome, and the families meeting others but not this one.
        groups.append(Group((name, ANY), [(name, key)] + [region for region, keys in regions if key not in keys]))
    # The outcomes' counts added up count a family once for each outcome it meets: "at least one", and
    # again for each further outcome. Said as two sums, so that working out the sets met together
    # (7 + 7 - 10 = 4 met both) is within what the disclosure rule checks, which narrows sums one at a time.
    added = (name, "outcomes added up")
    cells[added] = Cell(sum(cells[name, key].value for key, _label in outcomes), people=False, published=False)
    groups.append(Group(added, [(name, key) for key, _label in outcomes]))
    groups.append(Group(added, [(name, ANY)] + [region for region, keys in regions for _ in range(len(keys) - 1)]))


def _claim_cells(found, cells, groups):
    """The claims' counts, and the sums a reader could check them by: a family claimed for is claimed for
    its fee, a result, or both."""
    cells["claimed"] = Cell(len(found.claimed))
    cells["verified"] = Cell(len(found.verified))
    cells["withdrawn"] = Cell(len(found.withdrawn))
    cells[ATTACHMENT] = Cell(len(found.attachment))
    cells[RESULTS] = Cell(len(found.results))
    both = found.attachment & found.results
    cells["attachment only"] = Cell(len(found.attachment - both), published=False)
    cells["results only"] = Cell(len(found.results - both), published=False)
    cells["both"] = Cell(len(both), published=False)
    # As for outcomes: fees and results added up count the families claimed for both twice.
    cells["fees and results added up"] = Cell(len(found.attachment) + len(found.results), people=False,
                                              published=False)
    groups += [Group("claimed", ["verified"], complete=False),
               Group("claimed", ["attachment only", "results only", "both"]),
               Group(ATTACHMENT, ["attachment only", "both"]), Group(RESULTS, ["results only", "both"]),
               Group("claimed", [ATTACHMENT, "results only"]), Group("claimed", [RESULTS, "attachment only"]),
               Group("fees and results added up", [ATTACHMENT, RESULTS]),
               Group("fees and results added up", ["claimed", "both"])]


@dataclass
class Published:
    """The figures as the public page shows them: each count of families as text under the rule
    ("fewer than 5", "not published"), each amount of money as text or withheld."""

    figures: ProgrammeFigures
    rule: object
    text: dict  # cell key -> text
    money: dict  # part -> text

    def _pair(self, key):
        return self.text["programme", key], self.text["comparison", key]

    @property
    def families(self):
        """(programme, comparison): the families in each cohort."""
        return self._pair("families")

    @property
    def met_any(self):
        return self._pair(ANY)

    @property
    def met_none(self):
        return self._pair("none")

    def cohort_rows(self):
        """[(outcome label, programme text, comparison text)] for each outcome."""
        return [(label, *self._pair(key)) for key, label in self.figures.outcomes]

    @property
    def claims(self):
        return {name: self.text[name] for name in ("claimed", "verified", "withdrawn")}

    def money_rows(self):
        """[(part, families text, money text)] for attachment fees, results and both."""
        return [(part, self.text["claimed" if part == ALL else part], self.money[part])
                for part in (ATTACHMENT, RESULTS, ALL)]


def published(figures, rule, money_text):
    """`figures` as published under `rule`, each amount of money through `money_text` (Decimal ->
    text). An amount is withheld where its count of families is not shown: with the fee known, the
    money claimed in fees says how many families it was claimed for. The total is withheld with
    either part, which it would give away from the other."""
    cells, groups = {}, []
    outcomes = figures.outcomes
    _cohort_cells("programme", figures.programme, outcomes, cells, groups)
    _cohort_cells("comparison", figures.comparison, outcomes, cells, groups)
    _claim_cells(figures.claims, cells, groups)
    statuses = protect(cells, groups, rule=rule)
    text = {key: rule.text(cells[key].value, status) for key, status in statuses.items()}
    shown = {part: statuses[part] == SHOWN for part in (ATTACHMENT, RESULTS)}
    shown[ALL] = statuses["claimed"] == SHOWN and shown[ATTACHMENT] and shown[RESULTS]
    money = {part: money_text(figures.claims.money(part)) if shown[part] else rule.withheld for part in shown}
    return Published(figures, rule, text, money)
