"""Eligibility and outcomes (ADR 68), each rule at both its edges: falls in ASB and offending by whole
percent, the windows before the start and the latest ones by whole local day, school terms, weeks in
work and progress to work; then a family under each phase's rules from evidence to outcome."""

import datetime
import json
import types

import pytest

from eunomia.casework import actions as casework
from eunomia.casework.models import Role
from eunomia.core.dates import add_months
from eunomia.families import actions, assess, rules
from eunomia.families.models import Fact
from tests.families import helpers as h

ONE_DAY = datetime.timedelta(days=1)
# The families here start (are attached) on the 15th, 16 months ago: a day every month has, so the
# windows' edges fall on days that exist whatever today is.
START = add_months(h.TODAY, -16).replace(day=15)
BEFORE_FROM = add_months(START, -6)  # the first day of the 6 months before the start
LATEST_FROM = add_months(h.TODAY, -6) + ONE_DAY  # the first day of the latest 6 months, assessed today
FIRST_MEASURABLE = add_months(START, 6) - ONE_DAY  # the first day the latest 6 months lie after the start

# A fact each problem may be shown by, about whom: facts dated two years before identification, in no
# window an outcome measures.
SHOWN_BY = {"crime_asb": ("Kyle", Fact.Kind.YOUTH_OFFENCE, 1),
            "education": ("Kyle", Fact.Kind.PERMANENT_EXCLUSION, None),
            "work": ("Dana", Fact.Kind.OUT_OF_WORK_BENEFITS, None),
            "local_discretion": ("Dana", Fact.Kind.LOCAL_DISCRETION, None),
            "children_need_help": ("Mia", Fact.Kind.CHILD_NEEDS_HELP, None),
            "worklessness": ("Dana", Fact.Kind.OUT_OF_WORK_BENEFITS, None), "health": ("Dana", Fact.Kind.HEALTH, None)}


@pytest.fixture
def phase_2(manager, partnership):
    return h.rule_set(manager, partnership)


@pytest.fixture
def phase_1(manager, partnership):
    return h.rule_set(manager, partnership, preset="phase-1-2012-15", phase="Local rules on Phase 1")


@pytest.fixture
def da_worker(make_member, partnership, council):
    return make_member("da_specialist", partnership, council)


def family_holding(by, partnership, organisation, rule_set, *problems, attach_on=START):
    """The household, holding `problems` (each shown by a fact, SHOWN_BY), attached on `attach_on`
    unless it is None."""
    family = h.household(by, partnership, organisation, rule_set, identified_on=START - datetime.timedelta(days=60))
    for problem in problems:
        first_name, kind, value = SHOWN_BY[problem]
        h.hold(by, family, problem, first_name, kind, value=value)
    if attach_on is not None:
        h.attach(by, family, attach_on)
    return family


def assessed(family, as_of=h.TODAY):
    family.refresh_from_db()
    parsed = rules.parse(family.rule_set.rules)
    return {r.key: r for r in assess.outcomes(assess.load([family])[family.pk], parsed, as_of)}


def condition(result, kind):
    return next(c for c in result.conditions if c.kind == kind)


def eligibility(family):
    return assess.eligibility(assess.load([family])[family.pk], rules.parse(family.rule_set.rules))


def reports_on(by, family, *days, first_name="Kyle"):
    return [h.asb(by, family, first_name, day) for day in days]


def windows_of(result):
    return sorted((e["window"], e["on"]) for e in result.evidence)


# Eligibility ---------------------------------------------------------------------------------------------

def test_one_problem_short_is_not_eligible_and_names_what_is_missing(manager, partnership, council, phase_1):
    family = family_holding(manager, partnership, council, phase_1, "crime_asb", "local_discretion", attach_on=None)
    found = eligibility(family)
    assert not found.eligible
    assert found.held == {"crime_asb": 1, "local_discretion": 1}
    assert found.reasons == ("Holds 2 of the problems; the rule set needs 3, so 1 more is missing, from: Children "
                             "not in school (exclusions or truancy); An adult on out-of-work benefits.")
    h.hold(manager, family, "work", "Dana", Fact.Kind.OUT_OF_WORK_BENEFITS)
    assert eligibility(family).eligible
    assert eligibility(family).reasons == "Holds 3 of the problems; the rule set needs 3."


def test_evidence_from_a_source_the_rules_no_longer_accept_does_not_count(manager, partnership, council, phase_2):
    family = family_holding(manager, partnership, council, phase_2, "health", "worklessness", attach_on=None)
    assert eligibility(family).eligible
    # Before anyone is attached, the CSP manager narrows health to a GP's letter (a local fact kind).
    document = {**phase_2.rules, "problems": [
        {**p, "evidence": ["fact:local_discretion"]} if p["key"] == "health" else p for p in phase_2.rules["problems"]]}
    actions.save_rule_set(by=manager, partnership=partnership, rule_set=phase_2, programme=phase_2.programme,
                          phase=phase_2.phase, starts_on=phase_2.starts_on, ends_on=phase_2.ends_on, rules=document)
    family.refresh_from_db()
    found = eligibility(family)
    assert not found.eligible
    assert found.held == {"worklessness": 1}
    assert "Health problems" in found.reasons


def test_a_da_incident_shows_domestic_abuse_under_phase_2(manager, da_worker, partnership, council, phase_2):
    family = family_holding(manager, partnership, council, phase_2, "health", attach_on=None)
    assert not eligibility(family).eligible
    incident = h.da_incident(da_worker, partnership, START - datetime.timedelta(days=90))
    actions.add_evidence(by=da_worker, family=family, problem="domestic_abuse", da_incident=incident)
    found = eligibility(family)
    assert found.eligible
    assert found.held == {"domestic_abuse": 1, "health": 1}


# A fall in ASB -----------------------------------------------------------------------------------------------

def test_a_fall_of_exactly_60_percent_is_met(manager, partnership, council, phase_2):
    family = h.turned_around(manager, partnership, council, phase_2)
    fall = condition(assessed(family)["significant_progress"], "asb_fall")
    assert (fall.relevant, fall.met) == (True, True)
    assert (fall.comparison["before"], fall.comparison["latest"]) == (5, 2)
    assert "a fall of 60.0%, against 60% needed" in fall.reason
    assert assessed(family)["significant_progress"].met


def test_a_fall_just_under_60_percent_is_not_met(manager, partnership, council, phase_2):
    """22 reports before, 9 in the latest months: 59.09%."""
    family = family_holding(manager, partnership, council, phase_2, "crime_asb", "health")
    reports_on(manager, family, *(START - datetime.timedelta(days=n) for n in range(1, 23)))
    reports_on(manager, family, *(h.TODAY - datetime.timedelta(days=n) for n in range(9)))
    result = assessed(family)["significant_progress"]
    fall = condition(result, "asb_fall")
    assert (fall.comparison["before"], fall.comparison["latest"]) == (22, 9)
    assert (fall.relevant, fall.met) == (True, False)
    assert "a fall of 59.1%, against 60% needed" in fall.reason
    assert not result.met
    assert result.reason == "Not met: fall in anti-social behaviour"


def test_nothing_before_the_start_leaves_the_fall_out(manager, partnership, council, phase_2):
    family = family_holding(manager, partnership, council, phase_2, "crime_asb", "health")
    reports_on(manager, family, h.days_ago(3))
    result = assessed(family)["significant_progress"]
    fall = condition(result, "asb_fall")
    assert (fall.relevant, fall.met) == (False, False)
    assert fall.reason.startswith("Not relevant: no ASB reports naming a member as alleged perpetrator")
    assert (fall.comparison["before"], fall.comparison["latest"]) == (0, 1)
    # No offences before either, and no school problem: nothing applies, so nothing is met.
    assert not result.met
    assert result.reason == "Not met: none of its conditions applies to this family"


def test_a_fall_not_held_as_a_problem_does_not_apply(manager, partnership, council, phase_2):
    family = family_holding(manager, partnership, council, phase_2, "health", "worklessness")
    reports_on(manager, family, START - ONE_DAY, h.days_ago(1))
    fall = condition(assessed(family)["significant_progress"], "asb_fall")
    assert (fall.relevant, fall.reason) == (False, "Not relevant: the family does not hold the problem it measures")


def test_the_windows_edges_by_whole_day(manager, partnership, council, phase_2):
    family = family_holding(manager, partnership, council, phase_2, "crime_asb", "health")
    kyle = reports_on(manager, family, BEFORE_FROM - ONE_DAY, BEFORE_FROM, START - ONE_DAY, START,
                      LATEST_FROM - ONE_DAY, LATEST_FROM, h.TODAY)
    # The family's ASB is any member's, each report once however many members it names.
    reports_on(manager, family, START - ONE_DAY, h.TODAY, first_name="Mia")
    casework.link_person(by=manager, report=kyle[1], person=h.member(family, "Mia").person, role=Role.PERPETRATOR)
    # Named as a victim, not as alleged perpetrator: not the family's ASB.
    h.asb(manager, family, "Dana", START - ONE_DAY, role=Role.VICTIM)
    fall = condition(assessed(family)["significant_progress"], "asb_fall")
    assert fall.comparison == {
        "before_from": BEFORE_FROM.isoformat(), "before_to": (START - ONE_DAY).isoformat(), "before": 3,
        "latest_from": LATEST_FROM.isoformat(), "latest_to": h.TODAY.isoformat(), "latest": 3,
        "fall_needed_percent": 60}
    assert windows_of(fall) == [
        ("before", BEFORE_FROM.isoformat()), ("before", (START - ONE_DAY).isoformat()),
        ("before", (START - ONE_DAY).isoformat()),
        ("latest", LATEST_FROM.isoformat()), ("latest", h.TODAY.isoformat()), ("latest", h.TODAY.isoformat())]


def test_the_start_day_counts_only_once_the_latest_window_begins_on_it(manager, partnership, council, phase_2):
    family = family_holding(manager, partnership, council, phase_2, "crime_asb", "health")
    reports_on(manager, family, START - ONE_DAY, START, FIRST_MEASURABLE)
    early = condition(assessed(family, FIRST_MEASURABLE - ONE_DAY)["significant_progress"], "asb_fall")
    assert (early.relevant, early.met) == (True, False)
    assert early.reason == f"Not yet measurable: the 6 months after the start end on {FIRST_MEASURABLE:%-d %B %Y}"
    assert not assessed(family, FIRST_MEASURABLE - ONE_DAY)["significant_progress"].met
    first = condition(assessed(family, FIRST_MEASURABLE)["significant_progress"], "asb_fall")
    assert first.comparison["latest_from"] == START.isoformat()
    assert windows_of(first) == [("before", (START - ONE_DAY).isoformat()), ("latest", START.isoformat()),
                                 ("latest", FIRST_MEASURABLE.isoformat())]


@pytest.mark.parametrize("start, as_of, measurable_from", [
    # Month ends: the same day six months on is not always the first day the window fits after the start.
    (datetime.date(2025, 8, 31), datetime.date(2026, 2, 28), datetime.date(2026, 3, 1)),
    (datetime.date(2025, 3, 1), datetime.date(2025, 8, 27), datetime.date(2025, 8, 28)),
    (datetime.date(2025, 7, 15), datetime.date(2026, 1, 13), datetime.date(2026, 1, 14)),
])
def test_not_yet_measurable_names_the_first_day_it_is(start, as_of, measurable_from):
    parsed = rules.parse(rules.presets()["phase-2-2015-20"][4])
    records = assess.FamilyRecords(types.SimpleNamespace(attached_on=start, identified_on=start),
                                   evidence=[("crime_asb", "report")], asb=[(1, "ASB-1", start - ONE_DAY)])

    def fall(day):
        return condition(next(r for r in assess.outcomes(records, parsed, day) if r.key == "significant_progress"),
                         "asb_fall")

    assert fall(as_of).reason == f"Not yet measurable: the 6 months after the start end on {measurable_from:%-d %B %Y}"
    assert fall(measurable_from).comparison["latest"] == 0
    assert fall(measurable_from).met


def test_a_family_never_attached_is_measured_from_identification(manager, partnership, council, phase_2):
    family = family_holding(manager, partnership, council, phase_2, "crime_asb", "health", attach_on=None)
    reports_on(manager, family, family.identified_on - ONE_DAY, family.identified_on)
    fall = condition(assessed(family)["significant_progress"], "asb_fall")
    assert fall.comparison["before_to"] == (family.identified_on - ONE_DAY).isoformat()
    assert (fall.comparison["before"], fall.comparison["latest"], fall.met) == (1, 0, True)


# A fall in offending, by the offences' numbers -------------------------------------------------------------

@pytest.mark.parametrize("latest, met", [(67, True), (68, False)])
def test_offending_must_fall_by_a_third(manager, partnership, council, phase_2, latest, met):
    family = family_holding(manager, partnership, council, phase_2, "crime_asb", "health")

    def offences(day, value):
        h.fact(manager, family, "Kyle", Fact.Kind.YOUTH_OFFENCE, day, min(day + datetime.timedelta(days=20), h.TODAY),
               value=value, source="Youth offending team")

    offences(BEFORE_FROM - ONE_DAY, 50)  # before the window
    offences(BEFORE_FROM, 60)
    offences(START - ONE_DAY, 40)
    offences(START, 50)  # on the start day: in neither window
    offences(LATEST_FROM - ONE_DAY, 50)
    offences(LATEST_FROM, latest - 1)
    offences(h.TODAY, 1)
    result = assessed(family)["significant_progress"]
    fall = condition(result, "offending_fall")
    assert (fall.comparison["before"], fall.comparison["latest"]) == (100, latest)
    assert (fall.relevant, fall.met) == (True, met)
    assert fall.reason.startswith(f"100 proven offences by young people from {BEFORE_FROM:%-d %B %Y}")
    assert [e["value"] for e in fall.evidence] == ["60.00", "40.00", f"{latest - 1}.00", "1.00"]
    assert result.met is met  # ASB: none before, so only offending applies


# School ------------------------------------------------------------------------------------------------------

def term(n, days=60):
    """The nth term since the start: 60 days each, the first starting on the start day."""
    first = START + datetime.timedelta(days=days * (n - 1))
    return first, first + datetime.timedelta(days=days - 1)


@pytest.mark.parametrize("absences, exclusions, mean, met", [
    (("15", "15", "15"), 0, "15.00", False),  # exactly 15%: not under it
    (("15", "15", "14.97"), 0, "14.99", True),
    (("15", "15", "14.99"), 0, "14.99", True),  # 14.9966...%, under 15% however it is shown
    (("0", "0", "44.96"), 2, "14.98", True),  # with 2 exclusions
    (("0", "0", "0"), 3, "0.00", False),  # 3 exclusions
])
def test_school_under_15_percent_absence_and_fewer_than_3_exclusions(manager, partnership, council, phase_1,
                                                                     absences, exclusions, mean, met):
    family = family_holding(manager, partnership, council, phase_1, "education", "work", "local_discretion")
    for n, absence in enumerate(absences, start=1):
        h.fact(manager, family, "Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, *term(n), value=absence)
    if exclusions:
        first, last = term(3)
        h.fact(manager, family, "Kyle", Fact.Kind.FIXED_TERM_EXCLUSIONS, first, last, value=exclusions)
    # Exclusions before the terms measured do not count.
    h.fact(manager, family, "Kyle", Fact.Kind.FIXED_TERM_EXCLUSIONS, START - ONE_DAY, START - ONE_DAY, value=5)
    result = assessed(family)["crime_asb_education"]
    school = condition(result, "school")
    assert (school.relevant, school.met) == (True, met)
    assert school.comparison["children"] == [{"member": 2, "absence_percent": mean, "exclusions": str(exclusions),
                                              "met": met}]
    assert school.reason == (f"member 2: {mean}% unauthorised absence over 3 terms (under 15% needed), {exclusions} "
                             f"fixed-term exclusions (fewer than 3 needed)")
    assert result.met is met  # the other conditions are about crime, which the family does not hold


def test_every_child_recorded_must_meet_the_school_condition(manager, partnership, council, phase_1):
    family = family_holding(manager, partnership, council, phase_1, "education", "work", "local_discretion")
    for n in (1, 2, 3):
        h.fact(manager, family, "Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, *term(n), value=2)
        h.fact(manager, family, "Mia", Fact.Kind.UNAUTHORISED_ABSENCE, *term(n), value=30)
    school = condition(assessed(family)["crime_asb_education"], "school")
    assert not school.met
    assert [child["met"] for child in school.comparison["children"]] == [True, False]


def test_fewer_terms_than_the_rule_since_the_start_is_not_met(manager, partnership, council, phase_1):
    family = family_holding(manager, partnership, council, phase_1, "education", "work", "local_discretion")
    # A term that began the day before the start is not since the start.
    h.fact(manager, family, "Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, START - ONE_DAY, START + datetime.timedelta(59),
           value=1)
    for n in (2, 3):
        h.fact(manager, family, "Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, *term(n), value=1)
    school = condition(assessed(family)["crime_asb_education"], "school")
    assert (school.relevant, school.met) == (True, False)
    assert school.reason == "member 2: 2 of 3 terms' attendance recorded since the start"
    h.fact(manager, family, "Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, *term(4), value=1)
    assert condition(assessed(family)["crime_asb_education"], "school").met


def test_terms_ending_after_the_day_assessed_do_not_count(manager, partnership, council, phase_1):
    family = family_holding(manager, partnership, council, phase_1, "education", "work", "local_discretion")
    for n in (1, 2, 3):
        h.fact(manager, family, "Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, *term(n), value=1)
    last_day = term(3)[1]
    assert condition(assessed(family, last_day)["crime_asb_education"], "school").met
    assert not condition(assessed(family, last_day - ONE_DAY)["crime_asb_education"], "school").met


# Work ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("first, last, met", [
    (LATEST_FROM - datetime.timedelta(days=100), LATEST_FROM + datetime.timedelta(days=81), True),  # 182 days
    (LATEST_FROM - datetime.timedelta(days=100), LATEST_FROM + datetime.timedelta(days=80), False),  # 181 days
    (LATEST_FROM - datetime.timedelta(days=181), LATEST_FROM, True),  # ends on the latest window's first day
    (LATEST_FROM - datetime.timedelta(days=182), LATEST_FROM - ONE_DAY, False),  # ends the day before it
    (START, h.TODAY, True),  # starts on the start day
    (START - ONE_DAY, h.TODAY, False),  # starts the day before: not work found since attachment
])
def test_continuous_employment_of_26_weeks_ending_in_the_latest_6_months(manager, partnership, council, phase_2,
                                                                        first, last, met):
    family = family_holding(manager, partnership, council, phase_2, "health", "worklessness")
    h.fact(manager, family, "Dana", Fact.Kind.CONTINUOUS_EMPLOYMENT, first, last, source="DWP data share")
    employment = condition(assessed(family)["employment"], "employment")
    assert (employment.relevant, employment.met) == (True, met)
    assert employment.comparison == {"from": LATEST_FROM.isoformat(), "to": h.TODAY.isoformat()}
    assert len(employment.evidence) == (1 if met else 0)
    assert assessed(family)["employment"].met is met


@pytest.mark.parametrize("first, met", [(LATEST_FROM - ONE_DAY, False), (LATEST_FROM, True), (h.TODAY, True)])
def test_progress_to_work_starting_in_the_latest_6_months(manager, partnership, council, phase_1, first, met):
    family = family_holding(manager, partnership, council, phase_1, "education", "work", "local_discretion")
    h.fact(manager, family, "Dana", Fact.Kind.PROGRESS_TO_WORK, first, h.TODAY, source="Work programme provider")
    progress = assessed(family)["progress_to_work"]
    assert progress.met is met
    assert condition(progress, "progress_to_work").reason.startswith("Met: 1 record" if met else "Not met: no record")


# Each phase, end to end -----------------------------------------------------------------------------------------

def test_a_phase_1_family_from_evidence_to_its_outcomes(manager, partnership, council, phase_1):
    family = family_holding(manager, partnership, council, phase_1, "work", "local_discretion", attach_on=None)
    early = reports_on(manager, family, *(START - datetime.timedelta(days=n) for n in (40, 30, 20, 10, 1)))
    actions.add_evidence(by=manager, family=family, problem="crime_asb", report=early[0])
    assert eligibility(family).held == {"crime_asb": 1, "local_discretion": 1, "work": 1}
    h.attach(manager, family, START)
    reports_on(manager, family, h.days_ago(30), h.days_ago(2))
    h.fact(manager, family, "Dana", Fact.Kind.PROGRESS_TO_WORK, h.days_ago(100), h.days_ago(50), source="Provider")
    h.fact(manager, family, "Dana", Fact.Kind.CONTINUOUS_EMPLOYMENT, h.days_ago(300), h.days_ago(100),
           source="DWP data share")
    found = assessed(family)
    result = found["crime_asb_education"]
    assert result.met, result.reason
    assert [(c.kind, c.relevant, c.met) for c in result.conditions] == [
        ("asb_fall", True, True), ("offending_fall", False, False), ("school", False, False)]
    assert found["employment"].met
    assert found["progress_to_work"].met
    assert (result.start, result.as_of) == (START, h.TODAY)


def test_a_phase_2_family_from_evidence_to_its_outcomes(manager, da_worker, partnership, council, phase_2):
    family = h.household(manager, partnership, council, phase_2, identified_on=START - datetime.timedelta(days=60))
    incident = h.da_incident(da_worker, partnership, START - datetime.timedelta(days=30))
    actions.add_evidence(by=da_worker, family=family, problem="domestic_abuse", da_incident=incident)
    h.hold(manager, family, "education", "Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, start=START - datetime.timedelta(90),
           end=START - ONE_DAY, value=25)
    h.attach(manager, family, START)
    for n in (1, 2, 3):
        h.fact(manager, family, "Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, *term(n), value="9.99")
    h.fact(manager, family, "Kyle", Fact.Kind.FIXED_TERM_EXCLUSIONS, *term(2), value=2)
    found = assessed(family)
    progress = found["significant_progress"]
    assert progress.met, progress.reason
    assert [(c.kind, c.relevant, c.met) for c in progress.conditions] == [
        ("asb_fall", False, False), ("offending_fall", False, False), ("school", True, True)]
    assert condition(progress, "school").reason == ("member 2: 9.99% unauthorised absence over 3 terms (under 10% "
                                                     "needed), 2 fixed-term exclusions (fewer than 3 needed)")
    assert not found["employment"].met
    assert found["employment"].reason == "Not met: continuous employment"


# Frozen evidence ------------------------------------------------------------------------------------------------

def test_a_snapshot_names_no_one_and_its_digest_is_of_canonical_json(manager, partnership, council, phase_2):
    family = h.turned_around(manager, partnership, council, phase_2)
    h.fact(manager, family, "Kyle", Fact.Kind.YOUTH_OFFENCE, family.attached_on - datetime.timedelta(days=9),
           family.attached_on - ONE_DAY, value=3, source="Youth offending team")
    records = assess.load([family])[family.pk]
    parsed = rules.parse(phase_2.rules)
    result = next(r for r in assess.outcomes(records, parsed, h.TODAY) if r.key == "significant_progress")
    evidence = assess.snapshot(records, parsed, result, rule_set=phase_2)
    text = json.dumps(evidence)  # JSON-ready as it stands, numbers of offences and all
    assert json.loads(text) == evidence
    assert "Fletcher" not in text and "Kyle" not in text and "Dana" not in text
    assert evidence["members"] == [{"member": 1, "relationship": "parent"}, {"member": 2, "relationship": "child"},
                                   {"member": 3, "relationship": "child"}]
    offending = next(c for c in evidence["conditions"] if c["kind"] == "offending_fall")
    assert offending["comparison"]["before"] == 3 and offending["reason"].startswith("3 proven offences")
    reordered = json.loads(json.dumps(evidence, sort_keys=True))
    assert assess.digest(reordered) == assess.digest(evidence)
    assert len(assess.digest(evidence)) == 64
    changed = json.loads(text)
    changed["conditions"][0]["comparison"]["latest"] = 1
    assert assess.digest(changed) != assess.digest(evidence)


def test_load_reads_many_families_in_a_few_queries(manager, partnership, council, phase_2,
                                                   django_assert_max_num_queries):
    families = [h.turned_around(manager, partnership, council, phase_2) for _ in range(3)]
    with django_assert_max_num_queries(4):
        found = assess.load(families)
    assert [len(found[f.pk].asb) for f in families] == [7, 7, 7]
    assert [len(found[f.pk].members) for f in families] == [3, 3, 3]
