"""The plan's domestic abuse figures against counts made by hand, for October 2026, with records on
the period's edges and another partnership's records that must not count."""

import datetime
from decimal import Decimal

import pytest

from eunomia.domesticabuse import actions
from eunomia.domesticabuse.models import Referral
from eunomia.figures.registry import get_measure
from tests.domesticabuse.helpers import answers_with

OCTOBER = dict(period_start=datetime.date(2026, 10, 1), period_end=datetime.date(2026, 10, 31))


def day(month, d):
    return datetime.date(2026, month, d)


def evaluate(key, partnership, **params):
    return get_measure(key).evaluate(partnership=partnership, **OCTOBER, params=params)


@pytest.fixture
def records(partnership, council, make_member, other_partnership, system_user):
    from eunomia.partners import actions as partner_actions

    def world(on, organisation):
        idva = make_member("da_specialist", on, organisation)
        area = actions.default_marac_area(on)

        def person(first, sex):
            return actions.save_person(by=idva, partnership=on, first_name=first, last_name="Example", sex=sex,
                                       date_of_birth=datetime.date(1985, 1, 1), address="2 High Street")

        def support(victim, kind, level, started, ended=None):
            episode = actions.start_support(by=idva, victim=victim, kind=kind, started_on=started,
                                            risk_level_at_start=level)
            if ended:
                actions.end_support(by=idva, episode=episode, ended_on=ended, outcome="risk_reduced")

        def refer(victim, perpetrator, grounds, on_day):
            checklist = actions.complete_checklist(by=idva, victim=victim, answers=answers_with(14),
                                                   marac_area=area, assessed_on=on_day)
            referral = Referral.objects.create(partnership=on, checklist=checklist, victim=victim,
                                               perpetrator=perpetrator, marac_area=area, grounds=grounds, score=14,
                                               level="high", reasons="Reasons given")
            return actions.send_referral(by=idva, referral=referral, on=on_day)

        def programme(perpetrator, on_day, self_referral):
            actions.refer_to_programme(by=idva, perpetrator=perpetrator, programme="Change", referred_on=on_day,
                                       self_referral=self_referral, referred_by="" if self_referral else "Police")

        return person, support, refer, programme

    person, support, refer, programme = world(partnership, council)
    a, b, c, d = person("Ann", "female"), person("Bea", "female"), person("Cal", "male"), person("Dev", "male")
    abuser = person("Pat", "male")
    support(a, "idva", "high", day(9, 1), ended=day(10, 1))          # open on the first day: counts
    support(b, "volunteer", "medium", day(10, 15))                     # counts
    support(c, "volunteer", "standard", day(11, 1))                    # starts after October
    support(c, "idva", "high", day(8, 1), ended=day(9, 30))            # ended the day before October
    support(d, "idva", "high", day(10, 31))                            # starts on the last day: counts
    support(d, "volunteer", "medium", day(10, 5), ended=day(10, 20))   # D again: still one victim
    refer(a, abuser, "actuarial", day(10, 2))    # A's IDVA support ended on 1 October: not supported after
    refer(d, abuser, "judgement", day(10, 10))   # D's IDVA support started 31 October: supported
    refer(b, abuser, "actuarial", day(10, 20))   # B has volunteer support only
    refer(b, abuser, "escalation", day(10, 25))  # B again, a repeat; B counts once in the share
    refer(c, abuser, "actuarial", day(9, 15))    # sent in September
    programme(abuser, day(10, 1), True)
    programme(abuser, day(10, 31), False)
    programme(abuser, day(9, 30), True)

    elsewhere = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Refuge")
    person, support, refer, programme = world(other_partnership, elsewhere)
    x, y = person("Xan", "male"), person("Yul", "male")
    support(x, "idva", "high", day(10, 3))
    refer(x, y, "actuarial", day(10, 4))
    refer(x, y, "actuarial", day(10, 6))
    programme(y, day(10, 7), True)


@pytest.mark.parametrize("level, sex, expected", [
    ("all", "all", 3), ("high", "all", 2), ("standard_or_medium", "all", 2), ("medium", "male", 1),
    ("all", "male", 1), ("all", "female", 2), ("standard", "all", 0),
])
def test_victims_supported_by_risk_level_and_sex(records, partnership, level, sex, expected):
    assert evaluate("domesticabuse.victims_supported", partnership, level=level, sex=sex) == expected


def test_share_of_marac_cases_with_idva_support(records, partnership, other_partnership):
    assert evaluate("domesticabuse.marac_idva_share", partnership) == Decimal("33.3")  # D of A, B and D
    assert evaluate("domesticabuse.marac_idva_share", other_partnership) == Decimal(100)


@pytest.mark.parametrize("grounds, expected", [("all", 4), ("actuarial", 2), ("judgement", 1), ("escalation", 1)])
def test_marac_referrals_by_grounds(records, partnership, grounds, expected):
    assert evaluate("domesticabuse.marac_referrals", partnership, grounds=grounds) == expected


def test_repeat_marac_referrals(records, partnership, other_partnership):
    assert evaluate("domesticabuse.repeat_marac_referrals", partnership) == 1
    assert evaluate("domesticabuse.repeat_marac_referrals", other_partnership) == 1


@pytest.mark.parametrize("route, expected", [("all", 2), ("self", 1), ("agency", 1)])
def test_perpetrator_programme_referrals(records, partnership, route, expected):
    assert evaluate("domesticabuse.programme_referrals", partnership, route=route) == expected


def test_no_referrals_give_no_share(partnership):
    assert evaluate("domesticabuse.marac_idva_share", partnership) is None
