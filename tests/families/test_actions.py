"""The writes of Family Focus (ADR 68) at their edges: rule sets checked before saving and fixed once a
family is attached; evidence only from sources the rules accept and records naming the family; and
attachment refused when the family misses the rule, unless the CSP manager overrides it with a
reason kept on the family and in the audit trail. A refusal changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.casework.models import Role
from eunomia.families import actions, queries
from eunomia.families.models import Fact, Family, ProblemEvidence, RuleSet
from tests.families import helpers as h

ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def phase_2(manager, partnership):
    return h.rule_set(manager, partnership)


@pytest.fixture
def da_worker(make_member, partnership, council):
    return make_member("da_specialist", partnership, council)


def refused(action, **kwargs):
    with pytest.raises(ValidationError) as error:
        action(**kwargs)
    return error.value.message_dict


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def holding_one(by, partnership, organisation, rule_set, **kwargs):
    """The household holding worklessness only: one short of Phase 2's two."""
    family = h.household(by, partnership, organisation, rule_set, **kwargs)
    h.hold(by, family, "worklessness", "Dana", Fact.Kind.OUT_OF_WORK_BENEFITS)
    return family


def eligible(by, partnership, organisation, rule_set, **kwargs):
    family = holding_one(by, partnership, organisation, rule_set, **kwargs)
    h.hold(by, family, "health", "Dana", Fact.Kind.HEALTH)
    return family


# Rule sets -------------------------------------------------------------------------------------------------

def test_both_presets_are_added_in_one_step_and_audited(manager, partnership):
    first = actions.add_preset(by=manager, partnership=partnership, preset="phase-1-2012-15")
    second = actions.add_preset(by=manager, partnership=partnership, preset="phase-2-2015-20")
    assert (first.phase, first.starts_on, first.rules["problems_needed"]) == (
        "Phase 1, 2012 to 2015", datetime.date(2012, 4, 1), 3)
    assert (second.phase, second.ends_on, second.rules["problems_needed"]) == (
        "Phase 2, 2015 to 2020", datetime.date(2020, 3, 31), 2)
    assert len(events("families.rule_set_saved")) == 2
    assert refused(actions.add_preset, by=manager, partnership=partnership, preset="phase-2-2015-20") == {
        "phase": ["Family Focus (Troubled Families) already has a rule set for Phase 2, 2015 to 2020"]}
    assert refused(actions.add_preset, by=manager, partnership=partnership, preset="phase-3") == {
        "preset": ["Choose one of the rule sets listed"]}


def test_a_bad_document_is_refused_naming_each_fault_and_nothing_is_saved(manager, partnership, phase_2):
    document = {**phase_2.rules, "problems_needed": 7}
    document["outcomes"] = [{**phase_2.rules["outcomes"][0], "payments": [{"from": "2015-04-01", "amount": "12.345"}]},
                            phase_2.rules["outcomes"][1]]
    before = events("families.rule_set_saved")
    errors = refused(actions.save_rule_set, by=manager, partnership=partnership, programme="Family Focus",
                     phase="Phase 3", starts_on=h.TODAY, ends_on=h.TODAY - ONE_DAY, rules=document)
    assert errors == {
        "ends_on": ["The phase must end on or after the day it starts"],
        "rules": ["problems_needed: give a whole number from 1 to the number of problems (6)",
                  "outcomes[0].payments[0].amount: give pounds and pence as text, like \"800.00\", from 0 to 99999.99"],
    }
    assert refused(actions.save_rule_set, by=manager, partnership=partnership, programme="Family Focus",
                   phase="Phase 3", starts_on=h.TODAY, ends_on=h.TODAY, rules="{not json") == {
        "rules": ["The rules are not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 "
                  "(char 1)"]}
    assert list(RuleSet.objects.values_list("phase", flat=True)) == ["Local rules"]
    assert events("families.rule_set_saved") == before


def test_rules_are_fixed_once_a_family_is_attached(manager, partnership, council, phase_2):
    family = eligible(manager, partnership, council, phase_2)
    changed = {**phase_2.rules, "problems_needed": 1}

    def save():
        return actions.save_rule_set(by=manager, partnership=partnership, rule_set=phase_2, programme=phase_2.programme,
                                     phase=phase_2.phase, starts_on=phase_2.starts_on, ends_on=phase_2.ends_on,
                                     rules=changed)

    save()  # identified, not attached: the rules may still change
    h.attach(manager, family, h.days_ago(10))
    changed = {**phase_2.rules, "problems_needed": 2}
    with pytest.raises(ValidationError) as error:
        save()
    assert error.value.message_dict == {"rules": ["Families are attached under this rule set, so its rules can no "
                                                  "longer change: add a rule set for the next phase instead"]}
    phase_2.refresh_from_db()
    assert phase_2.rules["problems_needed"] == 1


# Evidence --------------------------------------------------------------------------------------------------

def test_evidence_from_a_source_the_rules_do_not_accept_is_refused_in_words(manager, da_worker, partnership, council,
                                                                           phase_2):
    family = holding_one(manager, partnership, council, phase_2)
    report = h.asb(manager, family, "Kyle", h.days_ago(30))
    health = h.fact(manager, family, "Dana", Fact.Kind.HEALTH, h.days_ago(60), h.days_ago(30))
    assert refused(actions.add_evidence, by=manager, family=family, problem="domestic_abuse", report=report) == {
        "report": ["Domestic violence and abuse is shown by: Domestic abuse incident"]}
    assert refused(actions.add_evidence, by=manager, family=family, problem="worklessness", fact=health) == {
        "fact": ["Worklessness or financial exclusion is shown by: Out-of-work benefits, Financial exclusion or "
                 "serious debt"]}
    incident = h.da_incident(da_worker, partnership, h.days_ago(20))
    assert refused(actions.add_evidence, by=da_worker, family=family, problem="crime_asb", da_incident=incident) == {
        "da_incident": ["Crime or anti-social behaviour is shown by: ASB report, ASB case, Proven offences by a young "
                        "person (number in the period)"]}
    assert refused(actions.add_evidence, by=manager, family=family, problem="truancy", fact=health) == {
        "problem": ["Choose one of the rule set's problems"]}
    assert refused(actions.add_evidence, by=manager, family=family, problem="crime_asb", report=report,
                   fact=health) == {"problem": ["Give one piece of evidence: a report, a case, an incident or a fact"]}
    assert list(ProblemEvidence.objects.values_list("problem", flat=True)) == ["worklessness"]


def test_a_report_or_case_must_name_a_member(manager, partnership, council, phase_2):
    family = holding_one(manager, partnership, council, phase_2)
    stranger = h.person(manager, partnership, council, "Sam", "Other", h.days_ago(9000))
    theirs = casework.record_report(by=manager, partnership=partnership, organisation=council,
                                    occurred_at=h.at(h.days_ago(5)), reported_at=h.at(h.days_ago(5), 13),
                                    category="noise", source="phone", description="Loud music",
                                    people=[(stranger, Role.PERPETRATOR)])
    assert refused(actions.add_evidence, by=manager, family=family, problem="crime_asb", report=theirs) == {
        "report": [f"{theirs} names no member of {family}"]}
    case = casework.open_case(by=manager, partnership=partnership, organisation=council, title="Loud music")
    casework.add_party(by=manager, case=case, person=stranger, role=Role.PERPETRATOR)
    assert refused(actions.add_evidence, by=manager, family=family, problem="crime_asb", case=case) == {
        "case": [f"{case.reference} has no member of {family} as a party"]}
    assert not ProblemEvidence.objects.filter(problem="crime_asb").exists()
    # Naming a member in any role is enough: the practitioner judges what the report shows.
    casework.link_person(by=manager, report=theirs, person=h.member(family, "Kyle").person, role=Role.WITNESS)
    casework.add_party(by=manager, case=case, person=h.member(family, "Dana").person, role=Role.VICTIM)
    actions.add_evidence(by=manager, family=family, problem="crime_asb", report=theirs)
    actions.add_evidence(by=manager, family=family, problem="crime_asb", case=case)
    assert ProblemEvidence.objects.filter(problem="crime_asb").count() == 2
    assert len(events("families.evidence_added")) == 3


def test_a_fact_of_another_family_is_refused(manager, partnership, council, phase_2):
    family = holding_one(manager, partnership, council, phase_2)
    other = holding_one(manager, partnership, council, phase_2)
    theirs = h.fact(manager, other, "Dana", Fact.Kind.HEALTH, h.days_ago(60), h.days_ago(30))
    assert refused(actions.add_evidence, by=manager, family=family, problem="health", fact=theirs) == {
        "fact": ["Choose a fact of this family"]}


@pytest.mark.parametrize("first_name, kind, value, start, end, expected", [
    ("Kyle", Fact.Kind.CONTINUOUS_EMPLOYMENT, None, 200, 10,
     {"member": ["Continuous employment is recorded for an adult of the family"]}),
    ("Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, "100.01", 200, 10,
     {"value": ["A percentage of sessions is from 0 to 100"]}),
    ("Kyle", Fact.Kind.UNAUTHORISED_ABSENCE, None, 200, 10,
     {"value": ["Enter the number: exclusions, offences, or the percentage of sessions missed"]}),
    ("Kyle", Fact.Kind.YOUTH_OFFENCE, "-1", 200, 10, {"value": ["The number cannot be below 0"]}),
    ("Dana", Fact.Kind.HEALTH, None, 200, -1, {"period_end": ["The last day must be today or in the past"]}),
    ("Dana", Fact.Kind.HEALTH, None, 10, 11, {"period_end": ["The last day must be on or after the first"]}),
])
def test_a_fact_that_cannot_be_true_is_refused(manager, partnership, council, phase_2, first_name, kind, value, start,
                                               end, expected):
    family = holding_one(manager, partnership, council, phase_2)
    with pytest.raises(ValidationError) as error:
        h.fact(manager, family, first_name, kind, h.days_ago(start), h.days_ago(end), value=value)
    assert error.value.message_dict == expected
    assert Fact.objects.count() == 1  # the benefits the family holds worklessness by


# Attachment ------------------------------------------------------------------------------------------------

def test_a_family_short_of_the_rule_is_refused_naming_what_is_missing(manager, partnership, council, phase_2):
    family = holding_one(manager, partnership, council, phase_2)
    errors = refused(actions.attach, by=manager, family=family, on=h.TODAY, may_override=True)
    assert errors == {"override_reason": [
        f"{family} does not meet Family Focus (Troubled Families): Local rules's eligibility. Holds 1 of the "
        "problems; the rule set needs 2, so 1 more is missing, from: Crime or anti-social behaviour; Children not "
        "attending school regularly; Children who need help; Domestic violence and abuse; Health problems. The CSP "
        "manager may attach it with a reason."]}
    family.refresh_from_db()
    assert (family.status, family.attached_on) == (Family.Status.IDENTIFIED, None)
    assert not events("families.attached") and not events("families.attached_by_override")


def test_a_practitioner_may_not_override_the_rule(manager, practitioner, partnership, council, housing, phase_2):
    family = holding_one(practitioner, partnership, housing, phase_2)
    may_override = queries.may_manage(practitioner, partnership)
    assert not may_override
    errors = refused(actions.attach, by=practitioner, family=family, on=h.TODAY, may_override=may_override)
    assert errors["override_reason"][0].endswith("from: Crime or anti-social behaviour; Children not attending school "
                                                 "regularly; Children who need help; Domestic violence and abuse; "
                                                 "Health problems.")
    for flag in (False, True):  # a caller that wrongly lets them try is refused all the same
        assert refused(actions.attach, by=practitioner, family=family, on=h.TODAY, may_override=flag,
                       override_reason="Known to every agency in town") == {
            "override_reason": ["Only the CSP manager may attach a family that does not meet the rule"]}
    family.refresh_from_db()
    assert (family.status, family.override_reason) == (Family.Status.IDENTIFIED, "")


def test_the_csp_manager_overrides_with_a_reason_kept_and_audited(manager, partnership, council, phase_2):
    family = holding_one(manager, partnership, council, phase_2)
    reason = "  Known to five agencies; the family asked for help.  "
    actions.attach(by=manager, family=family, on=h.days_ago(3), override_reason=reason,
                   may_override=queries.may_manage(manager, partnership))
    family.refresh_from_db()
    assert (family.status, family.attached_on) == (Family.Status.ATTACHED, h.days_ago(3))
    assert (family.override_reason, family.override_by) == (reason.strip(), manager)
    assert family.override_at is not None
    [event] = events("families.attached_by_override")
    assert (event.actor_id, event.object_id, event.reason) == (manager.pk, str(family.pk), reason.strip())
    assert event.data == {"on": h.days_ago(3).isoformat(), "held": ["worklessness"], "eligible": False}
    assert not events("families.attached")


def test_an_eligible_family_is_attached_without_an_override(manager, partnership, council, phase_2):
    family = eligible(manager, partnership, council, phase_2)
    assert refused(actions.attach, by=manager, family=family, on=h.TODAY, override_reason="Just in case",
                   may_override=True) == {
        "override_reason": [f"{family} meets the rule: attach it without an override"]}
    actions.attach(by=manager, family=family, on=h.TODAY, override_reason="  ", may_override=True)
    family.refresh_from_db()
    assert (family.status, family.override_reason, family.override_by) == (Family.Status.ATTACHED, "", None)
    [event] = events("families.attached")
    assert event.data == {"on": h.TODAY.isoformat(), "held": ["health", "worklessness"], "eligible": True}
    assert refused(actions.attach, by=manager, family=family, on=h.TODAY) == {"on": [f"{family} is already attached"]}


def test_attachment_on_or_after_identification_never_in_the_future(manager, partnership, council, phase_2):
    family = eligible(manager, partnership, council, phase_2, identified_on=h.days_ago(30))
    assert refused(actions.attach, by=manager, family=family, on=h.days_ago(31)) == {
        "on": [f"A family is attached on or after the day it was identified ({h.days_ago(30):%-d %B %Y})"]}
    assert refused(actions.attach, by=manager, family=family, on=h.TODAY + ONE_DAY) == {
        "on": ["The date of attachment must be today or in the past"]}
    assert refused(actions.attach, by=manager, family=family, on=None) == {"on": ["Enter the date of attachment"]}
    actions.attach(by=manager, family=family, on=h.days_ago(30))
    family.refresh_from_db()
    assert family.attached_on == h.days_ago(30)


def test_attachment_today_is_allowed(manager, partnership, council, phase_2):
    family = eligible(manager, partnership, council, phase_2, identified_on=h.TODAY)
    actions.attach(by=manager, family=family, on=h.TODAY)
    assert Family.objects.get(pk=family.pk).attached_on == h.TODAY


@pytest.mark.parametrize("on, allowed", [(100, False), (99, True), (11, True), (10, False)])
def test_attachment_within_the_rule_sets_dates(manager, partnership, council, on, allowed):
    """A rule set running from 99 days ago to 11 days ago."""
    rule_set = h.rule_set(manager, partnership)
    rule_set.starts_on, rule_set.ends_on = h.days_ago(99), h.days_ago(11)
    rule_set.save()
    family = eligible(manager, partnership, council, rule_set, identified_on=h.days_ago(200))
    if allowed:
        actions.attach(by=manager, family=family, on=h.days_ago(on))
        assert Family.objects.get(pk=family.pk).status == Family.Status.ATTACHED
    else:
        assert refused(actions.attach, by=manager, family=family, on=h.days_ago(on)) == {
            "on": [f"{rule_set} runs from {h.days_ago(99):%-d %B %Y} to {h.days_ago(11):%-d %B %Y}"]}


def test_a_family_without_members_is_not_attached(manager, partnership, council, phase_2):
    family = actions.identify(by=manager, partnership=partnership, organisation=council, rule_set=phase_2,
                              identified_on=h.days_ago(10))
    assert refused(actions.attach, by=manager, family=family, on=h.TODAY, override_reason="No one yet",
                   may_override=True) == {"on": ["Add the family's members before attaching it"]}
