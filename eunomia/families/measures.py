"""Figures of the Family Focus programme for the plan (ADR 68). Families are households of people:
every count here counts people, so a published value is subject to the partnership's disclosure
rule (ADR 65). They count every family of the partnership, whichever organisation leads it, and
show no one; eunomia.families.figures works them out, as it does for the public page and the API."""

from eunomia.core.formatting import Unit
from eunomia.families import figures
from eunomia.families import rules as rule_documents
from eunomia.figures.registry import COUNTS_PEOPLE, measure

SOURCE = "Eunomia: the partnership's Family Focus families, their records and its approved claims"


def outcome_choices():
    """"any" and every outcome of the rule sets kept with Eunomia (a key two phases share, once)."""
    found = {figures.ANY: "at least one outcome of their rule set"}
    for _programme, _phase, _start, _end, document in rule_documents.presets().values():
        for outcome in document["outcomes"]:
            found.setdefault(outcome["key"], f"the outcome \u201c{outcome['label']}\u201d")
    return list(found.items())


OUTCOME = {"outcome": outcome_choices}
PART = {"part": figures.PARTS}
ASSESSED = ("assessed by the rule set each family was attached under on the figure's period's last day (today "
            "while the period has not ended)")
CLAIMS = "in the partnership's approved claims (not drafts) for periods ending in the figure's period"


@measure("families.identified", title="Families identified for Family Focus", unit=Unit.COUNT, source=SOURCE,
         definition="Number of families (households) identified for the Family Focus programme in the figure's "
                    "period, by the date identified, whether or not they were later attached.",
         counts=COUNTS_PEOPLE)
def identified(*, partnership, period_start, period_end):
    return figures.identified(partnership, period_start, period_end).count()


@measure("families.attached", title="Families attached to Family Focus", unit=Unit.COUNT, source=SOURCE,
         definition="Number of families (households) attached to the Family Focus programme (taken on for work "
                    "with a lead professional) in the figure's period, by the date attached; families since closed "
                    "are counted.", counts=COUNTS_PEOPLE)
def attached(*, partnership, period_start, period_end):
    return figures.attached(partnership, period_start, period_end).count()


@measure("families.with_plan", title="Families with a Family Focus plan agreed", unit=Unit.COUNT, source=SOURCE,
         definition="Number of Family Focus families whose family plan was agreed in the figure's period, by the "
                    "date agreed.", counts=COUNTS_PEOPLE)
def with_plan(*, partnership, period_start, period_end):
    return figures.with_plan(partnership, period_start, period_end).count()


@measure("families.outcome_met", title="Family Focus families meeting an outcome", unit=Unit.COUNT, source=SOURCE,
         definition="Number of the families worked with in Family Focus in the figure's period (attached by its "
                    "last day and not closed before its first) that meet {outcome}, "
                    f"{ASSESSED}. A family under a rule set without that outcome does not count.",
         params=OUTCOME, counts=COUNTS_PEOPLE)
def outcome_met(*, partnership, period_start, period_end, outcome):
    return figures.programme_cohort(partnership, period_start, period_end).met(outcome)


@measure("families.claimed", title="Families claimed for", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different families with at least one claim line ({part}) that was not withdrawn, "
                    f"{CLAIMS}. Claimed counts every such line: those verified by a spot check and those not yet "
                    "checked.", params=PART, counts=COUNTS_PEOPLE)
def claimed(*, partnership, period_start, period_end, part):
    return len(figures.claims(partnership, period_start, period_end).families(part))


@measure("families.verified", title="Families with a claim verified", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different families with at least one claim line verified by a spot check (the "
                    f"auditor found that the frozen evidence bears it out), {CLAIMS}.", counts=COUNTS_PEOPLE)
def verified(*, partnership, period_start, period_end):
    return len(figures.claims(partnership, period_start, period_end).verified)


@measure("families.withdrawn", title="Families with a claim withdrawn", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different families with at least one claim line withdrawn because it failed a spot "
                    f"check, {CLAIMS}. A family may also count as claimed for another line that stands.",
         counts=COUNTS_PEOPLE)
def withdrawn(*, partnership, period_start, period_end):
    return len(figures.claims(partnership, period_start, period_end).withdrawn)


@measure("families.money_claimed", title="Money claimed for Family Focus", unit=Unit.MONEY, source=SOURCE,
         definition="Money claimed ({part}), in pounds and pence: the amounts of the claim lines not withdrawn "
                    f"(verified or not yet checked), {CLAIMS}. Withdrawn lines are not counted.",
         # With the fee known, the money claimed in fees says how many families it was claimed for.
         params=PART, based_on="families.claimed")
def money_claimed(*, partnership, period_start, period_end, part):
    return figures.claims(partnership, period_start, period_end).money(part)


@measure("families.comparison_eligible", title="Comparison families (eligible, never attached)", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of families identified for Family Focus by the figure's period's last day who meet "
                    "their rule set's eligibility but were never attached (no capacity, or the family declined): the "
                    "comparison cohort. Not a controlled comparison: these families were not chosen at random.",
         counts=COUNTS_PEOPLE)
def comparison_eligible(*, partnership, period_start, period_end):
    return figures.comparison_cohort(partnership, period_start, period_end).families


@measure("families.comparison_outcome_met", title="Comparison families meeting an outcome", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of the comparison cohort's families (identified by the figure's period's last day, "
                    "eligible, never attached) that meet {outcome}, measured as for attached families but from the "
                    "day each was identified, on the figure's period's last day (today while the period has not ended).",
         params=OUTCOME, counts=COUNTS_PEOPLE)
def comparison_outcome_met(*, partnership, period_start, period_end, outcome):
    return figures.comparison_cohort(partnership, period_start, period_end).met(outcome)
