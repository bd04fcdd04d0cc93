"""The plan's casework figures against counts made by hand: interventions by type, cases opened and
closed, repeat and vulnerable victims (each at its edges), referrals by outcome, and the young
people, adults and families the ASB Task Group dealt with. Every organisation's records count; another
partnership's never do."""

import datetime

import pytest

from eunomia.casework import actions as casework
from eunomia.casework.models import CaseParty, RepeatRule
from eunomia.figures.registry import get_measure
from eunomia.interventions import actions as interventions
from eunomia.referrals import actions as referrals
from eunomia.risk import actions as risk
from eunomia.risk.models import RiskAssessment
from eunomia.taskgroup import actions as taskgroup
from tests.clock import at

OCTOBER = dict(period_start=datetime.date(2026, 10, 1), period_end=datetime.date(2026, 10, 31))


def day(month, d, year=2026):
    return datetime.date(year, month, d)




def evaluate(key, partnership, period=OCTOBER, **params):
    return get_measure(key).evaluate(partnership=partnership, **period, params=params)


@pytest.fixture
def w(partnership, council, housing, make_member, other_partnership, system_user):
    """A council officer, a housing officer and one of another partnership, each with a way to
    record people, reports and cases for their own organisation."""
    from eunomia.partners import actions as partner_actions

    csu = make_member("csu_officer", partnership, council)
    tenancy = make_member("partner_practitioner", partnership, housing)
    elsewhere_org = partner_actions.add_organisation(by=system_user, partnership=other_partnership,
                                                     name="Elsewhere Council", kind="council",
                                                     joined_on=datetime.date(2010, 1, 1))
    stranger = make_member("csu_officer", other_partnership, elsewhere_org)
    owners = {csu: (partnership, council), tenancy: (partnership, housing),
              stranger: (other_partnership, elsewhere_org)}

    def person(first, last="Ellis", by=csu, **extra):
        where, org = owners[by]
        return casework.add_person(by=by, partnership=where, organisation=org, first_name=first, last_name=last,
                                   **extra)

    def report(on, *people, by=csu, category="noise"):
        where, org = owners[by]
        return casework.record_report(by=by, partnership=where, organisation=org, occurred_at=at(on),
                                      reported_at=at(on, 13), category=category, source="phone",
                                      description="Shouting", people=list(people))

    def case(opened_on, *reports, by=csu):
        where, org = owners[by]
        return casework.open_case(by=by, partnership=where, organisation=org, title="Case", reports=list(reports),
                                  opened_on=opened_on)

    return dict(csu=csu, tenancy=tenancy, stranger=stranger, person=person, report=report, case=case)


def test_interventions_by_type_and_group(w, partnership):
    council_case, housing_case = w["case"](day(9, 1)), w["case"](day(9, 1), by=w["tenancy"])
    other_case = w["case"](day(9, 1), by=w["stranger"])
    jordan, sam = w["person"]("Jordan", date_of_birth=day(1, 1, 2000)), w["person"]("Sam", by=w["tenancy"],
                                                                                  date_of_birth=day(1, 1, 1990))
    stranger = w["person"]("Alex", by=w["stranger"])
    for case, person in ((council_case, jordan), (housing_case, sam), (other_case, stranger)):
        CaseParty.objects.create(case=case, person=person, role="perpetrator")

    def give(case, person, kind, on, by=w["csu"]):
        interventions.record_intervention(by=by, case=case, person=person, kind=kind, issued_on=on)

    give(council_case, jordan, "restorative_justice", day(9, 30))  # the day before the period
    give(council_case, jordan, "verbal_warning", day(10, 1))
    give(council_case, jordan, "mediation", day(10, 5))
    give(council_case, jordan, "warning_letter_1", day(10, 15))
    give(council_case, jordan, "aba", day(10, 20))
    give(council_case, jordan, "warning_letter_2", day(10, 31))
    give(council_case, jordan, "warning_letter_3", day(11, 1))  # the day after
    give(housing_case, sam, "cpw", day(10, 10), by=w["tenancy"])  # another organisation's case counts
    give(other_case, stranger, "verbal_warning", day(10, 2), by=w["stranger"])  # another partnership's never

    expected = {"all": 6, "warnings": 4, "warning_letters": 2, "restorative": 1, "verbal_warning": 1,
                "warning_letter_1": 1, "warning_letter_3": 0, "aba": 1, "cpw": 1, "mediation": 1,
                "restorative_justice": 0, "cbo": 0}
    assert {kind: evaluate("interventions.by_type", partnership, kind=kind) for kind in expected} == expected
    september = dict(period_start=day(9, 1), period_end=day(9, 30))
    assert evaluate("interventions.by_type", partnership, september, kind="restorative") == 1


def test_cases_opened_by_the_category_of_their_first_report(w, partnership):
    noise = w["report"](day(9, 28), category="noise")
    nuisance = w["report"](day(10, 2), category="nuisance")
    hate = w["report"](day(10, 30), category="hate", by=w["tenancy"])
    w["case"](day(10, 1), nuisance, noise)  # first report: the noise, which happened earlier
    w["case"](day(10, 31), hate, by=w["tenancy"])
    w["case"](day(10, 15))  # no report linked: counted under all categories only
    w["case"](day(9, 30), w["report"](day(9, 29)))  # opened the day before the period
    w["case"](day(10, 10), w["report"](day(10, 9), by=w["stranger"]), by=w["stranger"])  # another partnership

    assert evaluate("casework.cases_opened", partnership, category="all") == 3
    assert evaluate("casework.cases_opened", partnership, category="noise") == 1
    assert evaluate("casework.cases_opened", partnership, category="hate") == 1
    assert evaluate("casework.cases_opened", partnership, category="nuisance") == 0


def test_cases_closed_by_outcome(w, partnership):
    def closed(outcome, on, by=w["csu"]):
        case = w["case"](day(9, 1), by=by)
        casework.close_case(by=by, case=case, outcome=outcome, closed_on=on)

    closed("improved", day(10, 1))
    closed("ceased", day(10, 31), by=w["tenancy"])
    closed("nfa", day(10, 12))
    closed("improved", day(11, 1))  # the day after the period
    closed("improved", day(10, 3), by=w["stranger"])
    w["case"](day(10, 1))  # still open

    expected = {"all": 3, "improved_or_ceased": 2, "improved": 1, "ceased": 1, "nfa": 1, "moved": 0}
    assert {o: evaluate("casework.cases_closed", partnership, outcome=o) for o in expected} == expected


def test_repeat_victims_meet_the_rule_on_a_day_of_the_period(w, partnership):
    person, report = w["person"], w["report"]
    # Three reports from 3 July: on 1 October all three are within the 91 days up to it.
    a = person("Ann")
    report(day(7, 3), (a, "victim")), report(day(8, 1), (a, "complainant"), by=w["tenancy"])
    report(day(9, 1), (a, "victim"))
    # From 2 July: on 1 October the first is 92 days back, so never three in 91 days in October.
    b = person("Ben")
    for on in (day(7, 2), day(8, 1), day(9, 1)):
        report(on, (b, "victim"))
    # The third report is on 1 November, after the period.
    c = person("Cat")
    for on in (day(10, 1), day(10, 31), day(11, 1)):
        report(on, (c, "victim"))
    # Three reports on the last day of the period, in either role.
    d = person("Dev")
    report(day(10, 31), (d, "victim")), report(day(10, 31), (d, "complainant")), report(day(10, 31), (d, "victim"))
    # Flagged by hand and named in a report in the period; another flagged by hand with none.
    e, f = person("Eve", flags=["repeat"]), person("Fay", flags=["repeat"])
    report(day(10, 12), (e, "victim")), report(day(9, 12), (f, "victim"))
    # Named twice in one report (victim and complainant) is one report.
    g = person("Gus")
    report(day(10, 5), (g, "victim"), (g, "complainant")), report(day(10, 6), (g, "victim"))
    # A witness three times is not a victim.
    h = person("Hal")
    for on in (day(10, 2), day(10, 3), day(10, 4)):
        report(on, (h, "witness"))
    # Another partnership's.
    z = person("Zed", by=w["stranger"])
    for on in (day(10, 2), day(10, 3), day(10, 4)):
        report(on, (z, "victim"), by=w["stranger"])

    assert evaluate("casework.repeat_victims", partnership) == 3  # Ann, Dev, Eve
    # Two in 30 days: Ann's are too far apart in the 30 days before October, Cat's are 30 days
    # apart (1 and 31 October); Gus's two reports on 5 and 6 October now meet it.
    RepeatRule.objects.create(partnership=partnership, reports=2, days=30)
    assert evaluate("casework.repeat_victims", partnership) == 3  # Dev, Eve, Gus


def test_vulnerable_victims_by_flag_or_victim_risk_in_the_period(w, partnership, housing):
    person, report = w["person"], w["report"]
    victims = risk.question_set(partnership, "victim")
    offenders = risk.question_set(partnership, "perpetrator")

    def assessed(who, band, on, question_set=victims):
        RiskAssessment.objects.create(person=who, question_set=question_set, score=0, band=band, assessed_on=on,
                                      review_on=on + datetime.timedelta(days=7))

    older = person("Ola", flags=["older"])
    repeat_only = person("Rae", flags=["repeat"])  # a repeat victim, not by that alone vulnerable
    high_before = person("Hugh")
    assessed(high_before, "high", day(9, 1))
    lowered = person("Lou")
    assessed(lowered, "high", day(8, 1)), assessed(lowered, "standard", day(9, 1))
    raised = person("Rob")
    assessed(raised, "standard", day(9, 1)), assessed(raised, "medium", day(10, 20))
    too_late = person("Tim")
    assessed(too_late, "medium", day(11, 1))
    as_offender = person("Ora")
    assessed(as_offender, "high", day(10, 2), question_set=offenders)
    housing_victim = person("Hana", by=w["tenancy"], flags=["disability"])
    for who in (older, repeat_only, high_before, lowered, raised, too_late, as_offender):
        report(day(10, 10), (who, "victim"))
    report(day(10, 11), (housing_victim, "complainant"), by=w["tenancy"])
    report(day(10, 12), (person("Pat", flags=["older"]), "perpetrator"))  # not a victim
    report(day(9, 30), (person("Sep", flags=["disability"]), "victim"))  # the day before the period
    report(day(10, 12), (person("Zed", by=w["stranger"], flags=["older"]), "victim"), by=w["stranger"])

    assert evaluate("casework.vulnerable_victims", partnership) == 4  # Ola, Hugh, Rob, Hana


def test_referrals_by_outcome(w, partnership):
    someone = w["person"]("Kim")

    def refer(on, *steps):
        referral = referrals.refer(by=w["csu"], person=someone, organisation=w["csu"].memberships.first().organisation,
                                   service="mediation", referred_on=on)
        for status, when in steps:
            referrals.update_status(by=w["csu"], referral=referral, status=status, on=when)

    refer(day(10, 1), ("accepted", day(10, 3)), ("completed", day(10, 9)))
    refer(day(10, 5), ("declined", day(10, 6)))
    refer(day(10, 20), ("accepted", day(11, 1)))  # made in October, accepted since
    refer(day(10, 31))
    refer(day(9, 30), ("accepted", day(10, 2)))  # made before the period

    expected = {"accepted": 2, "completed": 1, "declined": 1, "awaiting": 1}
    assert {o: evaluate("referrals.by_outcome", partnership, outcome=o) for o in expected} == expected


def test_task_group_counts_young_people_adults_and_families(w, partnership, council):
    person = w["person"]
    parent = person("Pam", "Hart", date_of_birth=day(1, 1, 1980), address="4 Mill Lane", postcode="TV1 2AB")
    child = person("Kit", "Hart", date_of_birth=day(1, 1, 2012), address="4  mill lane", postcode="tv12ab")
    neighbour = person("Ned", "Lowe", date_of_birth=day(1, 1, 1985), address="4 Mill Lane", postcode="TV1 2AC")
    young = person("Jo", "Young", date_of_birth=day(1, 1, 2010), address="9 Park Road")
    unknown_age = person("Lee", "Stone")
    not_discussed = person("Max", "Hart", date_of_birth=day(1, 1, 1982), address="4 Mill Lane", postcode="TV1 2AB")
    discussed, other = w["case"](day(9, 1)), w["case"](day(9, 1))
    for who in (parent, child, neighbour):
        CaseParty.objects.create(case=discussed, person=who, role="perpetrator")
    CaseParty.objects.create(case=other, person=young, role="perpetrator")
    CaseParty.objects.create(case=other, person=unknown_age, role="perpetrator")
    CaseParty.objects.create(case=other, person=person("Vic", "Tim"), role="victim")
    CaseParty.objects.create(case=w["case"](day(9, 1)), person=not_discussed, role="perpetrator")
    taskgroup.create_meeting(by=w["csu"], partnership=partnership, organisation=council, held_on=day(10, 8),
                             title="ASB Task Group", attendees=[], cases=[discussed, other])

    expected = {"family": 1, "young": 1, "adult": 1, "unknown": 1}  # the Harts; Jo; Ned; Lee
    assert {g: evaluate("taskgroup.people_dealt_with", partnership, group=g) for g in expected} == expected


@pytest.mark.parametrize("key", ["interventions.by_type", "casework.cases_opened", "casework.cases_closed",
                                 "casework.repeat_victims", "casework.vulnerable_victims", "referrals.by_outcome",
                                 "taskgroup.people_dealt_with"])
def test_every_choice_reads_as_a_definition(key):
    measure = get_measure(key)
    for name in measure.params:
        for value, label in measure.choices(name):
            assert label in measure.describe({name: value})
    assert "{" not in measure.describe({name: value for name in measure.params
                                        for value, _ in measure.choices(name)[:1]})
