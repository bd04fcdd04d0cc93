"""The records behind the Family Focus figures (ADR 69), on the families A to G of
tests/families/test_measures.py: each figure's families (or, for the money claimed, its claim lines)
add up to it for every choice; a reader sees the families they may see and the claim lines their claims'
pages show them, and the rest are counted, with their amounts, for each family's lead organisation."""

from decimal import Decimal

from eunomia.families.models import ClaimLine
from tests.families import helpers as h
from tests.families.test_measures import END, KEYS, START, world  # noqa: F401 (the fixture)
from tests.figures.records_check import assert_records_add_up, counted, drilled, held, shown


def test_the_records_add_up_to_every_choice(world, partnership):  # noqa: F811
    for key in sorted(KEYS):
        assert_records_add_up(key, partnership, START, END)
        assert_records_add_up(key, partnership, h.days_ago(29), h.TODAY)  # D, attached and claimed since


def test_each_figure_lists_the_families_it_counted(world, partnership):  # noqa: F811
    def families(key, **params):
        return sorted(family.pk for family in counted(key, partnership, START, END, **params).rows)

    w = world
    assert families("families.identified") == sorted(w[x].pk for x in "BEFG")
    assert families("families.outcome_met", outcome="significant_progress") == sorted(w[x].pk for x in "AC")
    assert families("families.comparison_eligible") == sorted(w[x].pk for x in "EG")
    assert families("families.comparison_outcome_met", outcome="any") == [w["E"].pk]
    assert families("families.claimed", part="results") == [w["A"].pk]  # B's employment was withdrawn
    assert families("families.withdrawn") == [w["B"].pk]


def test_money_claimed_lists_the_lines_not_withdrawn_with_their_amounts(world, partnership, housing,  # noqa: F811
                                                                        make_member):
    w = world
    found = counted("families.money_claimed", partnership, START, END, part="all")
    assert sorted((line.family_id, line.outcome) for line in found.rows) == sorted(
        [(w["A"].pk, "attachment"), (w["A"].pk, "significant_progress"), (w["B"].pk, "attachment")])
    assert ClaimLine.Status.WITHDRAWN not in {line.status for line in found.rows}
    assert found.value() == Decimal("2800")
    # An auditor sees the lines of the families drawn for the spot check (A and B); a housing practitioner
    # sees no council family, so every line is counted for the council, with its amount.
    audited = drilled("families.money_claimed", partnership, START, END, user=w["auditor"], part="all")
    assert (audited.visible.count(), audited.held) == (3, [])
    assert sorted(line[-1] for line in shown(audited)) == [Decimal("800"), Decimal("1000"), Decimal("1000")]
    practitioner = make_member("partner_practitioner", partnership, housing)
    hidden = drilled("families.money_claimed", partnership, START, END, user=practitioner, part="attachment")
    assert hidden.visible.count() == 0
    assert held(hidden) == [("Testvale Council", 2, Decimal("2000"))]
    families = drilled("families.identified", partnership, START, END, user=practitioner)
    assert (families.visible.count(), held(families)) == (0, [("Testvale Council", 4, Decimal(0))])
