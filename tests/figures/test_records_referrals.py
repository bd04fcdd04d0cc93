"""The records behind the referrals figures (ADR 69): the referrals counted, for every service and
outcome (the demo has none declined or awaiting a decision); a reader sees the referrals of the people
they may see, and the rest are counted for the organisation that made each."""

from decimal import Decimal

from eunomia.referrals import actions as referrals
from tests.figures.records_check import assert_records_add_up, drilled, held, shown
from tests.figures.test_casework_measures import OCTOBER, day, w  # noqa: F401 (the fixture)

KEYS = ["referrals.by_service", "referrals.accepted", "referrals.by_outcome"]


def test_referrals_are_listed_through_the_people_the_reader_may_see(w, partnership, council, housing,  # noqa: F811
                                                                     other_partnership):
    kim, sam = w["person"]("Kim"), w["person"]("Sam", by=w["tenancy"])

    def refer(person, on, *steps, by=w["csu"], organisation=council, service="mediation"):
        referral = referrals.refer(by=by, person=person, organisation=organisation, service=service, referred_on=on)
        for status, when in steps:
            referrals.update_status(by=by, referral=referral, status=status, on=when)

    refer(kim, day(10, 1), ("accepted", day(10, 3)), ("completed", day(10, 9)))
    refer(kim, day(10, 5), ("declined", day(10, 6)))
    refer(kim, day(10, 31))
    refer(kim, day(9, 30), ("accepted", day(10, 2)))  # made before the period, accepted in it
    refer(sam, day(10, 20), by=w["tenancy"], organisation=housing, service="youth_inclusion")
    refer(w["person"]("Alex", by=w["stranger"]), day(10, 2), by=w["stranger"],
          organisation=w["stranger"].memberships.get().organisation)  # another partnership's

    for key in KEYS:
        assert_records_add_up(key, partnership, **OCTOBER)
        assert_records_add_up(key, other_partnership, **OCTOBER)
    awaiting = drilled("referrals.by_outcome", partnership, **OCTOBER, user=w["tenancy"], outcome="awaiting")
    assert [r.person.first_name for r in awaiting.visible] == ["Sam"]
    assert [line[2:4] for line in shown(awaiting)] == [["Youth inclusion", "Made"]]
    assert held(awaiting) == [("Testvale Council", 1, Decimal(0))]  # Kim's, made on 31 October
    declined = drilled("referrals.by_outcome", partnership, **OCTOBER, user=w["tenancy"], outcome="declined")
    assert (declined.visible.count(), held(declined)) == (0, [("Testvale Council", 1, Decimal(0))])
    accepted = drilled("referrals.accepted", partnership, **OCTOBER, user=w["csu"])
    assert sorted(r.referred_on for r in accepted.visible) == [day(9, 30), day(10, 1)]
    assert accepted.held == []
