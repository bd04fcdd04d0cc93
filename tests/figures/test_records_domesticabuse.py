"""The records behind the domestic abuse figures (ADR 69), on the October 2026 records of
tests/domesticabuse/test_measures.py (the demo has no repeat MARAC referral): they add up to each
figure for every choice, a DA holder sees each row, and anyone else sees none, every one counted as held
by the partnership's DA service. Another partnership's records are never listed."""

from decimal import Decimal

import pytest

from eunomia.domesticabuse.models import ProgrammeReferral, Referral
from tests.domesticabuse.test_measures import OCTOBER, records  # noqa: F401 (the fixture)
from tests.figures.records_check import assert_records_add_up, counted, drilled, held, shown

PARTNERSHIP = "Testvale Community Safety Partnership"
KEYS = ["domesticabuse.victims_supported", "domesticabuse.marac_idva_share", "domesticabuse.marac_referrals",
        "domesticabuse.repeat_marac_referrals", "domesticabuse.programme_referrals", "equality.da_supported",
        "equality.da_supported_per_1000"]


@pytest.fixture
def readers(partnership, council, make_member):
    return (make_member("da_specialist", partnership, council, email="idva.reader@eunomia.test"),
            make_member("csu_officer", partnership, council, email="csu.reader@eunomia.test"))


@pytest.mark.parametrize("key", KEYS)
def test_the_records_add_up_to_every_choice(records, partnership, other_partnership, key):  # noqa: F811
    assert_records_add_up(key, partnership, **OCTOBER)
    assert_records_add_up(key, other_partnership, **OCTOBER)


def _names(drill):
    return sorted(str(person) for person in drill.visible)


def test_only_a_da_holder_sees_the_rows(records, partnership, readers):  # noqa: F811
    idva, csu = readers
    supported = drilled("domesticabuse.victims_supported", partnership, **OCTOBER, user=idva, level="all", sex="all")
    assert _names(supported) == ["Ann Example", "Bea Example", "Dev Example"] and supported.held == []
    assert sorted(line[2] for line in shown(supported)) == ["Ann Example", "Bea Example", "Dev Example"]
    hidden = drilled("domesticabuse.victims_supported", partnership, **OCTOBER, user=csu, level="all", sex="all")
    assert hidden.visible.count() == 0
    assert held(hidden) == [(PARTNERSHIP, 3, Decimal(0))]


def test_a_repeat_referral_is_listed_as_the_referral_that_repeated(records, partnership, readers):  # noqa: F811
    idva, csu = readers
    repeats = drilled("domesticabuse.repeat_marac_referrals", partnership, **OCTOBER, user=idva)
    assert [(r.victim.first_name, r.grounds, r.referred_on.day) for r in repeats.visible] == [
        ("Bea", Referral.Grounds.ESCALATION, 25)]
    assert [line[2] for line in shown(repeats)] == ["Bea Example"]
    assert held(drilled("domesticabuse.repeat_marac_referrals", partnership, **OCTOBER, user=csu)) == [
        (PARTNERSHIP, 1, Decimal(0))]


def test_the_idva_share_lists_the_victims_referred_with_those_supported_above_the_line(records, partnership,  # noqa: F811
                                                                                      readers):
    idva, csu = readers
    found = counted("domesticabuse.marac_idva_share", partnership, **OCTOBER)
    totals = found.totals()
    assert (totals.count, totals.numerator, found.value(totals)) == (3, 1, Decimal("33.3000"))
    assert sorted(p.first_name for p in found.rows) == ["Ann", "Bea", "Dev"]
    assert [p.first_name for p in found.rows.filter(found.numerator)] == ["Dev"]
    assert found.in_words(totals) == "1 of 3 victims referred to MARAC had IDVA support"
    assert held(drilled("domesticabuse.marac_idva_share", partnership, **OCTOBER, user=csu)) == [
        (PARTNERSHIP, 3, Decimal(0))]


def test_programme_referrals_of_another_partnership_are_not_listed(records, partnership, readers):  # noqa: F811
    idva, _csu = readers
    found = drilled("domesticabuse.programme_referrals", partnership, **OCTOBER, user=idva, route="all")
    assert found.visible.count() == 2 and len(shown(found)) == 2
    assert set(found.visible.values_list("partnership", flat=True)) == {partnership.pk}
    assert ProgrammeReferral.objects.exclude(partnership=partnership).exists()
