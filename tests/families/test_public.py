"""The partnership's Family Focus page, open to everyone: shown once a claim is approved, every count
of families under the partnership's disclosure rule (primary and secondary suppression, ADR 65),
money withheld with its count, and the statements on the comparison and the rule."""

import html
import itertools
import random
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from eunomia.core.periods import year_containing, year_label
from eunomia.families import actions, figures
from eunomia.figures import actions as figure_actions
from eunomia.figures.disclosure import Rule
from tests.families import helpers as h
from tests.families.test_measures import _eligible, world  # noqa: F401  (the fixture: families A to G)

ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t([hd])[^>]*>(.*?)</t[hd]>", re.S)
TAG = re.compile(r"<[^>]+>")


def table(page, table_id):
    """{row heading: [cell texts]} of the body of the table with `table_id`."""
    found = re.search(rf'<table[^>]*id="{table_id}"[^>]*>.*?<tbody[^>]*>(.*?)</tbody>', page, re.S)
    assert found, f"no table {table_id}"
    rows = {}
    for row in ROW.findall(found.group(1)):
        cells = [" ".join(html.unescape(TAG.sub("", text)).split()) for _kind, text in CELL.findall(row)]
        rows[cells[0]] = cells[1:]
    return rows


def page_of(client, partnership):
    return client.get(reverse("families_public:page", args=[partnership.slug]))


@pytest.fixture
def one_claim(manager, partnership, council):
    """One family, attached and claimed for its attachment fee in an approved claim."""
    rule_set = h.rule_set(manager, partnership)
    family = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(100))
    _eligible(manager, family)
    actions.attach(by=manager, family=family, on=h.days_ago(90))
    claim = actions.create_claim(by=manager, partnership=partnership, rule_set=rule_set, title="Claim",
                                 period_start=h.days_ago(90), period_end=h.days_ago(1))
    actions.add_lines(by=manager, claim=claim, entries=[(family, "attachment")])
    return claim


def test_no_page_and_no_link_until_a_claim_is_approved(one_claim, manager, partnership, fast_client_for):
    client = fast_client_for(None)
    assert page_of(client, partnership).status_code == 404
    home = client.get(reverse("published:partnership", args=[partnership.slug])).content.decode()
    assert reverse("families_public:page", args=[partnership.slug]) not in home
    actions.approve_claim(by=manager, claim=one_claim)
    assert page_of(client, partnership).status_code == 200
    home = client.get(reverse("published:partnership", args=[partnership.slug])).content.decode()
    assert reverse("families_public:page", args=[partnership.slug]) in home
    assert client.get(reverse("families_public:page", args=["nowhere"])).status_code == 404


def test_every_count_of_families_on_the_page_is_suppressed_when_small(world, partnership, fast_client_for):
    """The world's counts are all from 0 to 4: each reads 0, "fewer than 5" or "not published", and no
    amount of money is shown where its count is not."""
    response = page_of(fast_client_for(None), partnership)
    assert response.status_code == 200
    page = response.content.decode()
    latest = year_containing(h.days_ago(5), partnership.year_start_month)  # the later claim's year
    assert year_label(latest) in page
    outcomes, claims, money = table(page, "outcomes"), table(page, "claims"), table(page, "money")
    counts = [text for rows in (outcomes, claims) for cells in rows.values() for text in cells]
    counts += [cells[0] for cells in money.values()]
    assert counts and set(counts) <= {"0", "fewer than 5", "not published"}, counts
    assert "fewer than 5" in counts
    for families, amount in money.values():
        assert amount == "not published" or families == "0" and amount == "£0.00"


def test_the_page_states_the_rule_the_comparison_and_its_limits(world, partnership, fast_client_for):
    page = html.unescape(page_of(fast_client_for(None), partnership).content.decode())
    text = " ".join(TAG.sub(" ", page).split())
    assert Rule().statement() in text
    assert "This is not a controlled evaluation." in text
    assert "may come from how the families were chosen, and not from the work with them" in text
    assert ("The families worked with are those taken on by the end of the year whose work had not ended before it "
            "began.") in text
    assert ("the families identified by the end of the year who met the programme's rules for taking a family on, "
            "but who were never taken on: for example because there was no capacity to work with them, or because "
            "the family declined") in text
    assert "The national evaluation of the programme's first phase (published in 2016)" in text
    assert "including those verified" in text


def _synthetic(start, end):
    """Eight families attached (five meeting significant progress, three none), twelve comparison families
    (six meeting it), ten claimed for: three for fees, all ten for results."""
    labels = {"significant_progress": "Significant and sustained progress",
              "employment": "An adult into continuous employment"}
    sets = {frozenset(labels)}
    programme = figures.Cohort(8, end, dict(labels), Counter({frozenset({"significant_progress"}): 5}), sets)
    comparison = figures.Cohort(12, end, dict(labels), Counter({frozenset({"significant_progress"}): 6}), sets)
    claims = figures.Claims(claimed=set(range(10)), verified=set(range(6)), withdrawn={20},
                            attachment={0, 1, 2}, results=set(range(10)),
                            money_attachment=Decimal("3000.00"), money_results=Decimal("7200.00"))
    return figures.ProgrammeFigures(start, end, end, 0, 8, 0, programme, comparison, claims)


def test_a_small_count_reads_fewer_than_5_and_what_would_give_it_away_is_withheld(one_claim, manager, partnership,
                                                                                  fast_client_for, monkeypatch):
    actions.approve_claim(by=manager, claim=one_claim)
    monkeypatch.setattr(figures, "programme_figures", lambda partnership, start, end: _synthetic(start, end))
    page = page_of(fast_client_for(None), partnership).content.decode()
    outcomes = table(page, "outcomes")
    # 3 of 8 met no outcome: shown "fewer than 5". With 8 and the 5 who met one both shown, 8 - 5 gives the
    # 3 away, so the total is withheld too.
    assert outcomes["Not meeting any outcome (yet)"][0] == "fewer than 5"
    assert outcomes["Families"][0] == "not published"
    assert outcomes["Meeting at least one outcome"][0] == "5"
    assert outcomes["Meeting the outcome: Significant and sustained progress"] == ["5", "6"]
    assert outcomes["Meeting the outcome: An adult into continuous employment"] == ["0", "0"]
    # The comparison families' counts are all 5 or more: shown as they are.
    assert [cells[1] for cells in outcomes.values()] == ["12", "6", "0", "6", "6"]
    claims, money = table(page, "claims"), table(page, "money")
    assert [cells[0] for cells in claims.values()] == ["10", "6", "fewer than 5"]
    # Three families claimed for fees: their £3,000 would say how many, so it is withheld, and with it the
    # total, which would give it away from the results' £7,200.
    assert money == {"Attachment fees": ["fewer than 5", "not published"], "Results": ["10", "£7,200.00"],
                     "Total": ["10", "not published"]}
    assert "8" not in [cell for cells in outcomes.values() for cell in cells]
    assert "£3,000.00" not in page and "£10,200.00" not in page


def test_a_partnerships_own_rule_is_applied_and_stated(one_claim, manager, partnership, fast_client_for,
                                                       monkeypatch):
    actions.approve_claim(by=manager, claim=one_claim)
    figure_actions.set_disclosure_rule(by=manager, partnership=partnership, threshold=10, secondary=False)
    monkeypatch.setattr(figures, "programme_figures", lambda partnership, start, end: _synthetic(start, end))
    page = page_of(fast_client_for(None), partnership).content.decode()
    outcomes = table(page, "outcomes")
    # Under 10, without secondary suppression: every count from 1 to 9 is "fewer than 10", nothing withheld.
    assert outcomes["Families"] == ["fewer than 10", "12"]
    assert outcomes["Not meeting any outcome (yet)"] == ["fewer than 10", "fewer than 10"]
    assert "not published" not in [cell for cells in outcomes.values() for cell in cells]
    assert Rule(threshold=10, secondary=False).statement() in html.unescape(page)


def test_a_count_worked_out_from_outcomes_met_together_is_protected():
    """Seven met one outcome, seven the other, ten at least one: a reader works out that four met both
    and three only each. With the rule, that cannot be done."""
    labels = {"a": "A", "b": "B"}
    cohort = figures.Cohort(10, None, labels, Counter({frozenset("a"): 3, frozenset("b"): 3, frozenset("ab"): 4}),
                            {frozenset("ab")})
    empty = figures.Cohort(0, None, labels, Counter(), {frozenset("ab")})
    found = figures.ProgrammeFigures(None, None, None, 0, 10, 0, cohort, empty, figures.Claims())
    shown = figures.published(found, Rule(), str)
    assert (cohort.met("a"), cohort.met("b"), cohort.met("any"), cohort.met_none) == (7, 7, 10, 0)
    texts = [shown.text["programme", key] for key in ("a", "b", "any")]
    assert "not published" in texts, texts
    # With five only in each and five in both, nothing to be worked out is small: all are shown.
    large = figures.Cohort(15, None, labels, Counter({frozenset("a"): 5, frozenset("b"): 5, frozenset("ab"): 5}),
                           {frozenset("ab")})
    found = figures.ProgrammeFigures(None, None, None, 0, 15, 0, large, empty, figures.Claims())
    shown = figures.published(found, Rule(), str)
    assert [shown.text["programme", key] for key in ("a", "b", "any")] == ["10", "10", "15"]


def test_no_small_count_can_be_worked_out_from_what_is_published():
    """By brute force, as tests/figures/test_disclosure.py checks the rule itself: for cohorts of families
    meeting two outcomes, every cohort a reader could believe in from what is published is listed (a count
    shown as it is, is that; "fewer than 5" is 1 to 4; "not published" is anything), and each count shown as
    "fewer than 5", and each count from 1 to 4 of families meeting exactly one set of outcomes (which a reader
    might work out from the rest), must take two values or more among them."""
    rule, labels, sets = Rule(), {"a": "A", "b": "B"}, {frozenset("ab")}
    keys = [("programme", key) for key in ("families", "a", "b", "any", "none")]
    empty = figures.Cohort(0, None, labels, Counter(), sets)

    def cohort(only_a, only_b, both, none):
        regions = Counter({frozenset("a"): only_a, frozenset("b"): only_b, frozenset("ab"): both})
        return figures.Cohort(only_a + only_b + both + none, None, labels, +regions, sets)

    def fits(value, text):
        return (text == rule.withheld or text == rule.fewer_than and rule.hides(value)
                or text == str(value))

    def believable(texts):
        """Every (only a, only b, both, none, and the five counts) fitting `texts`, each part up to 14: far
        enough above the cohorts tried (6 at most) that the listing's own limit tells the reader nothing."""
        families, a, b, any_, none = texts
        for only_a, only_b, both in itertools.product(range(15), repeat=3):
            met = (only_a + both, only_b + both, only_a + only_b + both)
            if fits(met[0], a) and fits(met[1], b) and fits(met[2], any_):
                for left in range(15):
                    if fits(left, none) and fits(met[2] + left, families):
                        yield (only_a, only_b, both, left), (met[2] + left, *met, left)

    small = list(itertools.product(range(7), repeat=4))
    picked = random.Random(16).sample(small, 40) + [(3, 3, 4, 0), (5, 0, 0, 3), (0, 0, 0, 2), (4, 1, 1, 0)]
    for truth in picked:
        published = figures.published(figures.ProgrammeFigures(None, None, None, 0, 0, 0, cohort(*truth), empty,
                                                               figures.Claims()), rule, str)
        texts = [published.text[key] for key in keys]
        found = list(believable(texts))
        assert truth in [parts for parts, _counts in found]
        for index, text in enumerate(texts):
            if text == rule.fewer_than:
                assert len({counts[index] for _parts, counts in found}) > 1, (truth, keys[index])
        for index, number in enumerate(truth[:3]):
            if rule.hides(number):
                assert len({parts[index] for parts, _counts in found}) > 1, (truth, "exactly", index)
