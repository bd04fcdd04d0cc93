"""The programme's figures (eunomia.families.figures) and the registered measures over them, each
checked against a count by hand of the families below, and at the edges of the period."""

import datetime
from decimal import Decimal

import pytest

from eunomia.casework.models import Role
from eunomia.families import actions, figures
from eunomia.families.measures import outcome_choices
from eunomia.families.models import ClaimLine, Fact
from eunomia.figures.registry import COUNTS_PEOPLE, all_measures, get_measure
from eunomia.figures.models import Unit
from tests.families import helpers as h

# Every Family Focus measure, each checked by hand below (tests/figures/test_figures.py counts on it).
KEYS = {"families.identified", "families.attached", "families.with_plan", "families.outcome_met", "families.claimed",
        "families.verified", "families.withdrawn", "families.money_claimed", "families.comparison_eligible",
        "families.comparison_outcome_met"}
# The period the figures are for: it has ended, so outcomes are assessed on its last day.
START, END = h.days_ago(400), h.days_ago(30)


def _eligible(by, family, *, asb_days=None, role=Role.PERPETRATOR):
    """Evidence of crime or ASB (a report naming Kyle, on each of `asb_days` days ago, else on the day the
    family was identified) and of worklessness (Dana's benefits): two of Phase 2's problems, so eligible."""
    days = [h.days_ago(n) for n in asb_days] if asb_days else [family.identified_on]
    reports = [h.asb(by, family, "Kyle", day, role=role) for day in days]
    actions.add_evidence(by=by, family=family, problem="crime_asb", report=reports[0])
    identified = family.identified_on
    benefits = h.fact(by, family, "Dana", Fact.Kind.OUT_OF_WORK_BENEFITS, identified - datetime.timedelta(days=60),
                      identified - datetime.timedelta(days=30), source="DWP data share")
    actions.add_evidence(by=by, family=family, problem="worklessness", fact=benefits)


@pytest.fixture
def world(manager, partnership, council, make_member):
    """Families A to G, written out with what each counts as in the period (START to END):

    A  identified before it, attached in it (380 days ago), plan agreed in it; five ASB reports in the six
       months before attachment and none since: meets significant and sustained progress.
    B  identified and attached in it (390, 385); ASB 2 before and 2 latest (no fall); an adult in work for
       the 311 days to 60 days ago: meets employment only. Its plan was agreed after the period.
    C  identified and attached before it, plan agreed in it (390 days ago), never closed, so worked with in
       it; its one report before attachment and none since meets significant progress. In a draft claim only.
    D  identified and attached after it (20, 15 days ago), in an approved claim ending after it.
    E  identified in it (300 days ago), eligible, never attached; three ASB reports before and none since:
       a comparison family meeting significant progress, measured from identification.
    F  identified in it, not eligible (one problem), never attached: in no cohort.
    G  identified in it, eligible (the report names Kyle as a victim, so no ASB to fall), never attached:
       a comparison family meeting nothing.

    Claims: one approved for 400 to 31 days ago, for A's and B's attachment fees (£1,000 each), A's
    progress (£800) and B's employment (£800); its spot check verifies A's progress and withdraws B's
    employment. A draft for C's fee, and an approved claim ending after the period for D's."""
    rule_set = h.rule_set(manager, partnership)
    A = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(540))
    _eligible(manager, A, asb_days=(560, 500, 450, 420, 400))
    actions.attach(by=manager, family=A, on=h.days_ago(380))
    actions.agree_plan(by=manager, family=A, on=h.days_ago(370))

    B = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(390))
    _eligible(manager, B, asb_days=(395, 390, 100, 90))
    actions.attach(by=manager, family=B, on=h.days_ago(385))
    actions.agree_plan(by=manager, family=B, on=h.days_ago(10))
    h.fact(manager, B, "Dana", Fact.Kind.CONTINUOUS_EMPLOYMENT, h.days_ago(370), h.days_ago(60),
           source="DWP data share")

    C = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(600))
    _eligible(manager, C)
    actions.attach(by=manager, family=C, on=h.days_ago(500))
    actions.agree_plan(by=manager, family=C, on=h.days_ago(390))

    D = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(20))
    _eligible(manager, D)
    actions.attach(by=manager, family=D, on=h.days_ago(15))

    E = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(300))
    _eligible(manager, E, asb_days=(310, 320, 330))
    F = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(200))
    benefits = h.fact(manager, F, "Dana", Fact.Kind.OUT_OF_WORK_BENEFITS, h.days_ago(260), h.days_ago(230))
    actions.add_evidence(by=manager, family=F, problem="worklessness", fact=benefits)
    G = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(250))
    _eligible(manager, G, role=Role.VICTIM)

    claim = actions.create_claim(by=manager, partnership=partnership, rule_set=rule_set, title="Claim one",
                                 period_start=h.days_ago(400), period_end=h.days_ago(31))
    actions.add_lines(by=manager, claim=claim, entries=[(A, "attachment"), (A, "significant_progress"),
                                                        (B, "attachment"), (B, "employment")])
    actions.approve_claim(by=manager, claim=claim)
    auditor = make_member("programme_auditor", partnership, council)
    actions.draw_spot_check(by=auditor, claim=claim, size=2, seed=7)
    actions.record_check(by=auditor, line=claim.lines.get(family=A, outcome="significant_progress"), passed=True)
    actions.record_check(by=auditor, line=claim.lines.get(family=B, outcome="employment"), passed=False,
                         reason="The employment record is for someone else")
    draft = actions.create_claim(by=manager, partnership=partnership, rule_set=rule_set, title="Draft",
                                 period_start=h.days_ago(500), period_end=h.days_ago(40))
    actions.add_lines(by=manager, claim=draft, entries=[(C, "attachment")])
    later = actions.create_claim(by=manager, partnership=partnership, rule_set=rule_set, title="Later",
                                 period_start=h.days_ago(20), period_end=h.days_ago(5))
    actions.add_lines(by=manager, claim=later, entries=[(D, "attachment")])
    actions.approve_claim(by=manager, claim=later)
    return {"rule_set": rule_set, "claim": claim, "auditor": auditor,
            "A": A, "B": B, "C": C, "D": D, "E": E, "F": F, "G": G}


def value(partnership, key, start=START, end=END, **params):
    return get_measure(key).evaluate(partnership=partnership, period_start=start, period_end=end, params=params)


def test_every_measure_against_a_count_by_hand(world, partnership):
    counted = {
        ("families.identified", ()): 4,  # B, E, F, G
        ("families.attached", ()): 2,  # A, B
        ("families.with_plan", ()): 2,  # A, C
        # Worked with in the period: A and B, attached in it, and C, attached before it and never closed.
        ("families.outcome_met", (("outcome", "any"),)): 3,  # A, B, C
        ("families.outcome_met", (("outcome", "significant_progress"),)): 2,  # A, C (its one report, none since)
        ("families.outcome_met", (("outcome", "employment"),)): 1,  # B
        ("families.outcome_met", (("outcome", "progress_to_work"),)): 0,  # Phase 1's: none is under it
        ("families.claimed", (("part", "all"),)): 2,  # A, and B for its fee, which stands
        ("families.claimed", (("part", "attachment"),)): 2,  # A, B
        ("families.claimed", (("part", "results"),)): 1,  # A (B's employment was withdrawn)
        ("families.verified", ()): 1,  # A
        ("families.withdrawn", ()): 1,  # B
        ("families.money_claimed", (("part", "attachment"),)): Decimal("2000.00"),
        ("families.money_claimed", (("part", "results"),)): Decimal("800.00"),  # not B's £800, withdrawn
        ("families.money_claimed", (("part", "all"),)): Decimal("2800.00"),
        ("families.comparison_eligible", ()): 2,  # E, G (F is not eligible, B was attached)
        ("families.comparison_outcome_met", (("outcome", "any"),)): 1,  # E
        ("families.comparison_outcome_met", (("outcome", "significant_progress"),)): 1,  # E
        ("families.comparison_outcome_met", (("outcome", "employment"),)): 0,
    }
    found = {(key, params): value(partnership, key, **dict(params)) for key, params in counted}
    assert found == counted
    assert {key for key, _params in counted} == KEYS == {m.key for m in all_measures() if m.key.startswith("families.")}


def test_the_lines_behind_the_claims_are_as_the_world_says(world):
    statuses = dict(world["claim"].lines.filter(outcome__in=["significant_progress", "employment"])
                    .values_list("outcome", "status"))
    assert statuses == {"significant_progress": ClaimLine.Status.VERIFIED, "employment": ClaimLine.Status.WITHDRAWN}


def test_every_count_counts_people_and_money_is_withheld_with_its_count():
    mine = [m for m in all_measures() if m.key.startswith("families.")]
    for each in mine:
        if each.unit == Unit.COUNT:
            assert each.counts == COUNTS_PEOPLE, each.key
    money = get_measure("families.money_claimed")
    assert money.unit == Unit.MONEY and money.based_on == "families.claimed"
    assert money.params["part"] == get_measure("families.claimed").params["part"]
    # "Claimed" says that it takes in the verified lines too.
    assert "those verified by a spot check and those not yet checked" in get_measure("families.claimed").definition


def test_the_outcomes_offered_are_any_and_every_presets_outcome_once():
    keys = [key for key, _label in outcome_choices()]
    assert keys == ["any", "crime_asb_education", "employment", "progress_to_work", "significant_progress"]


@pytest.mark.parametrize("key, family, field", [("families.identified", "B", "identified_on"),
                                                ("families.attached", "B", "attached_on"),
                                                ("families.with_plan", "A", "plan_agreed_on")])
def test_a_family_counts_on_the_first_and_last_day_of_the_period_and_not_beyond(world, partnership, key, family,
                                                                                 field):
    day = getattr(world[family], field)
    one = datetime.timedelta(days=1)
    assert value(partnership, key, day, day) == 1
    assert value(partnership, key, day - 10 * one, day) == 1
    assert value(partnership, key, day, day + one) == 1
    assert value(partnership, key, day + one, day + 2 * one) == 0
    assert value(partnership, key, day - 2 * one, day - one) == 0


def test_claims_count_when_their_period_ends_in_the_figures_period_and_drafts_never(world, partnership):
    claim_end = world["claim"].period_end
    assert value(partnership, "families.claimed", claim_end, claim_end, part="all") == 2
    assert value(partnership, "families.claimed", START, claim_end - datetime.timedelta(days=1), part="all") == 0
    # The draft (C's fee, ending 40 days ago) never counts; the later claim (D's, ending 5 days ago) does in its own.
    assert value(partnership, "families.claimed", h.days_ago(45), h.days_ago(35), part="all") == 0
    assert value(partnership, "families.claimed", h.days_ago(5), h.days_ago(5), part="attachment") == 1
    assert value(partnership, "families.money_claimed", h.days_ago(5), h.days_ago(5), part="all") == Decimal("1000")


def test_outcomes_are_assessed_on_the_periods_last_day(world, partnership):
    # Ending 250 days ago: A's and B's latest six months still reach back before their attachment (not yet
    # measurable), and B's work record ends after that day.
    assert value(partnership, "families.attached", START, h.days_ago(250)) == 2
    # C, attached 500 days ago, is worked with in the period and measurable by then: its one report before
    # attachment, none since.
    assert value(partnership, "families.outcome_met", START, h.days_ago(250), outcome="any") == 1
    # E was identified 300 days ago: its latest six months reach back before then too. (G, identified on
    # the period's last day, is in the cohort.)
    assert value(partnership, "families.comparison_eligible", START, h.days_ago(250)) == 2
    assert value(partnership, "families.comparison_outcome_met", START, h.days_ago(250), outcome="any") == 0


def test_a_period_not_yet_ended_is_assessed_today():
    today = h.TODAY
    assert figures.last_day(today + datetime.timedelta(days=90), today) == today
    assert figures.last_day(today, today) == today
    assert figures.last_day(today - datetime.timedelta(days=1), today) == today - datetime.timedelta(days=1)


def test_money_is_exact_to_the_penny(manager, partnership, council):
    rule_set = h.rule_set(manager, partnership, attachment_fees=[{"from": "2015-04-01", "amount": "0.10"}])
    families = []
    for _ in range(3):
        family = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(100))
        _eligible(manager, family)
        actions.attach(by=manager, family=family, on=h.days_ago(90))
        families.append(family)
    claim = actions.create_claim(by=manager, partnership=partnership, rule_set=rule_set, title="Pennies",
                                 period_start=h.days_ago(90), period_end=h.days_ago(1))
    actions.add_lines(by=manager, claim=claim, entries=[(family, "attachment") for family in families])
    actions.approve_claim(by=manager, claim=claim)
    found = value(partnership, "families.money_claimed", h.days_ago(1), h.days_ago(1), part="attachment")
    assert found == Decimal("0.30") and str(figures.claims(partnership, h.days_ago(1), h.days_ago(1))
                                           .money_attachment) == "0.30"


def test_the_figures_at_once_agree_with_the_measures(world, partnership):
    found = figures.programme_figures(partnership, START, END)
    assert (found.identified, found.attached, found.with_plan) == (4, 2, 2)
    assert found.as_of == END
    assert found.outcomes == [("significant_progress", "Significant and sustained progress"),
                              ("employment", "An adult into continuous employment")]
    assert (found.programme.families, found.programme.met("any"), found.programme.met_none) == (3, 3, 0)
    assert (found.comparison.families, found.comparison.met("any"), found.comparison.met_none) == (2, 1, 1)
    assert found.claims.money_total == Decimal("2800.00")
