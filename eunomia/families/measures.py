"""Figures of the Family Focus programme for the plan (ADR 68). Families are households of people:
every count here counts people, so a published value is subject to the partnership's disclosure
rule (ADR 65). They count every family of the partnership, whichever organisation leads it, and
show no one; eunomia.families.figures works them out, as it does for the public page and the API."""

from django.urls import reverse

from eunomia.core.formatting import Unit
from eunomia.families import figures
from eunomia.families import rules as rule_documents
from eunomia.families.models import ClaimLine, Family
from eunomia.families.queries import claim_lines_visible_to, families_visible_to
from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.registry import COUNTS_PEOPLE, measure

SOURCE = "Eunomia: the partnership's Family Focus families, their records and its approved claims"

# What a Family Focus figure counted (ADR 69): families, through the families' own scoped query (held by
# their lead organisation), and claim lines as their claims' pages show them (by family reference).
record_kind("families.family", model=Family, noun="family", plural="families", visible=families_visible_to,
            when="identified_on", created="created_at", select_related=("owner_organisation", "partnership"),
            columns=[("Reference", lambda f: f.reference), ("Status", lambda f: f.get_status_display()),
                     ("Attached on", lambda f: f.attached_on or ""), ("Closed on", lambda f: f.closed_on or ""),
                     ("Lead organisation", lambda f: f.owner_organisation.name)],
            url=lambda f: reverse("families:detail", args=[f.partnership.slug, f.pk]))
record_kind("families.claim_line", model=ClaimLine, noun="claim line", plural="claim lines",
            visible=claim_lines_visible_to, owner="family__owner_organisation_id", when="claim__period_end",
            created="created_at", select_related=("claim__partnership", "family"),
            columns=[("Claim", lambda line: line.claim.title), ("Family", lambda line: line.family.reference),
                     ("Claimed for", lambda line: line.outcome), ("Status", lambda line: line.get_status_display())],
            url=lambda line: reverse("family_claims:claim", args=[line.claim.partnership.slug, line.claim_id]))


def _families(ids):
    return Counted("families.family", Family.objects.filter(pk__in=ids))


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


@records_of("families.identified")
def identified_counted(*, partnership, period_start, period_end):
    return Counted("families.family", figures.identified(partnership, period_start, period_end))


@measure("families.attached", title="Families attached to Family Focus", unit=Unit.COUNT, source=SOURCE,
         definition="Number of families (households) attached to the Family Focus programme (taken on for work "
                    "with a lead professional) in the figure's period, by the date attached; families since closed "
                    "are counted.", counts=COUNTS_PEOPLE)
def attached(*, partnership, period_start, period_end):
    return figures.attached(partnership, period_start, period_end).count()


@records_of("families.attached")
def attached_counted(*, partnership, period_start, period_end):
    return Counted("families.family", figures.attached(partnership, period_start, period_end))


@measure("families.with_plan", title="Families with a Family Focus plan agreed", unit=Unit.COUNT, source=SOURCE,
         definition="Number of Family Focus families whose family plan was agreed in the figure's period, by the "
                    "date agreed.", counts=COUNTS_PEOPLE)
def with_plan(*, partnership, period_start, period_end):
    return figures.with_plan(partnership, period_start, period_end).count()


@records_of("families.with_plan")
def with_plan_counted(*, partnership, period_start, period_end):
    return Counted("families.family", figures.with_plan(partnership, period_start, period_end))


@measure("families.outcome_met", title="Family Focus families meeting an outcome", unit=Unit.COUNT, source=SOURCE,
         definition="Number of the families worked with in Family Focus in the figure's period (attached by its "
                    "last day and not closed before its first) that meet {outcome}, "
                    f"{ASSESSED}. A family under a rule set without that outcome does not count.",
         params=OUTCOME, counts=COUNTS_PEOPLE)
def outcome_met(*, partnership, period_start, period_end, outcome):
    return figures.programme_cohort(partnership, period_start, period_end).met(outcome)


@records_of("families.outcome_met")
def outcome_met_counted(*, partnership, period_start, period_end, outcome):
    return _families(figures.programme_cohort(partnership, period_start, period_end).meeting(outcome))


@measure("families.claimed", title="Families claimed for", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different families with at least one claim line ({part}) that was not withdrawn, "
                    f"{CLAIMS}. Claimed counts every such line: those verified by a spot check and those not yet "
                    "checked.", params=PART, counts=COUNTS_PEOPLE)
def claimed(*, partnership, period_start, period_end, part):
    return len(figures.claims(partnership, period_start, period_end).families(part))


@records_of("families.claimed")
def claimed_counted(*, partnership, period_start, period_end, part):
    return _families(figures.claims(partnership, period_start, period_end).families(part))


@measure("families.verified", title="Families with a claim verified", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different families with at least one claim line verified by a spot check (the "
                    f"auditor found that the frozen evidence bears it out), {CLAIMS}.", counts=COUNTS_PEOPLE)
def verified(*, partnership, period_start, period_end):
    return len(figures.claims(partnership, period_start, period_end).verified)


@records_of("families.verified")
def verified_counted(*, partnership, period_start, period_end):
    return _families(figures.claims(partnership, period_start, period_end).verified)


@measure("families.withdrawn", title="Families with a claim withdrawn", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different families with at least one claim line withdrawn because it failed a spot "
                    f"check, {CLAIMS}. A family may also count as claimed for another line that stands.",
         counts=COUNTS_PEOPLE)
def withdrawn(*, partnership, period_start, period_end):
    return len(figures.claims(partnership, period_start, period_end).withdrawn)


@records_of("families.withdrawn")
def withdrawn_counted(*, partnership, period_start, period_end):
    return _families(figures.claims(partnership, period_start, period_end).withdrawn)


@measure("families.money_claimed", title="Money claimed for Family Focus", unit=Unit.MONEY, source=SOURCE,
         definition="Money claimed ({part}), in pounds and pence: the amounts of the claim lines not withdrawn "
                    f"(verified or not yet checked), {CLAIMS}. Withdrawn lines are not counted.",
         # With the fee known, the money claimed in fees says how many families it was claimed for.
         params=PART, based_on="families.claimed")
def money_claimed(*, partnership, period_start, period_end, part):
    return figures.claims(partnership, period_start, period_end).money(part)


@records_of("families.money_claimed")
def money_claimed_counted(*, partnership, period_start, period_end, part):
    """The lines not withdrawn, of the part: figures.claims adds up the same lines' amounts."""
    lines = figures.claim_lines(partnership, period_start, period_end).exclude(status=ClaimLine.Status.WITHDRAWN)
    if part == figures.ATTACHMENT:
        lines = lines.filter(outcome=rule_documents.ATTACHMENT)
    elif part == figures.RESULTS:
        lines = lines.exclude(outcome=rule_documents.ATTACHMENT)
    return Counted("families.claim_line", lines, amount="amount")


@measure("families.comparison_eligible", title="Comparison families (eligible, never attached)", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of families identified for Family Focus by the figure's period's last day who meet "
                    "their rule set's eligibility but were never attached (no capacity, or the family declined): the "
                    "comparison cohort. Not a controlled comparison: these families were not chosen at random.",
         counts=COUNTS_PEOPLE)
def comparison_eligible(*, partnership, period_start, period_end):
    return figures.comparison_cohort(partnership, period_start, period_end).families


@records_of("families.comparison_eligible")
def comparison_eligible_counted(*, partnership, period_start, period_end):
    return _families(figures.comparison_cohort(partnership, period_start, period_end).met_by)


@measure("families.comparison_outcome_met", title="Comparison families meeting an outcome", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of the comparison cohort's families (identified by the figure's period's last day, "
                    "eligible, never attached) that meet {outcome}, measured as for attached families but from the "
                    "day each was identified, on the figure's period's last day (today while the period has not ended).",
         params=OUTCOME, counts=COUNTS_PEOPLE)
def comparison_outcome_met(*, partnership, period_start, period_end, outcome):
    return figures.comparison_cohort(partnership, period_start, period_end).met(outcome)


@records_of("families.comparison_outcome_met")
def comparison_outcome_met_counted(*, partnership, period_start, period_end, outcome):
    return _families(figures.comparison_cohort(partnership, period_start, period_end).meeting(outcome))
