"""The rule document (ADR 68): the two national presets parse with their numbers, a bad document is
refused with every fault named where it is, and payments follow the date a family was attached."""

import copy
import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eunomia.families import assess, rules
from eunomia.families.rules import Payment

PHASE_1, PHASE_2 = "phase-1-2012-15", "phase-2-2015-20"


def document(preset=PHASE_2):
    return copy.deepcopy(rules.presets()[preset][4])


def faults(raw):
    with pytest.raises(ValidationError) as refused:
        rules.parse(raw)
    return refused.value.messages


def holding(*problems):
    """Records of a family holding `problems`, each shown by a source every preset accepts for it."""
    source = {"crime_asb": "report", "education": "fact:unauthorised_absence", "work": "fact:out_of_work_benefits",
              "local_discretion": "fact:local_discretion", "children_need_help": "fact:child_needs_help",
              "worklessness": "fact:financial_exclusion", "domestic_abuse": "da_incident", "health": "fact:health"}
    return assess.FamilyRecords(family=None, evidence=[(problem, source[problem]) for problem in problems])


# The presets ----------------------------------------------------------------------------------------

def test_both_presets_parse_with_their_phase_dates():
    found = rules.presets()
    assert sorted(found) == [PHASE_1, PHASE_2]
    assert found[PHASE_1][2:4] == (datetime.date(2012, 4, 1), datetime.date(2015, 3, 31))
    assert found[PHASE_2][2:4] == (datetime.date(2015, 4, 1), datetime.date(2020, 3, 31))
    for _programme, _phase, _start, _end, raw in found.values():
        assert isinstance(rules.parse(raw), rules.Rules)


def test_phase_1_needs_3_of_its_4_problems_local_discretion_among_them():
    parsed = rules.parse(document(PHASE_1))
    assert parsed.problems_needed == 3
    assert [p.key for p in parsed.problems] == ["crime_asb", "education", "work", "local_discretion"]
    assert assess.eligibility(holding("crime_asb", "education", "work"), parsed).eligible
    assert assess.eligibility(holding("crime_asb", "work", "local_discretion"), parsed).eligible
    two = assess.eligibility(holding("crime_asb", "local_discretion"), parsed)
    assert not two.eligible
    assert [p.key for p in two.missing] == ["education", "work"]


def test_phase_2_needs_2_of_its_6_problems():
    parsed = rules.parse(document(PHASE_2))
    assert parsed.problems_needed == 2
    assert len(parsed.problems) == 6
    assert assess.eligibility(holding("domestic_abuse", "health"), parsed).eligible
    assert not assess.eligibility(holding("health"), parsed).eligible
    assert not assess.eligibility(holding(), parsed).eligible


def test_phase_2s_outcomes_exclude_each_other_and_phase_1s_do_not():
    phase_1, phase_2 = rules.parse(document(PHASE_1)), rules.parse(document(PHASE_2))
    assert phase_2.outcome_by_key["significant_progress"].excludes == ("employment",)
    assert phase_2.outcome_by_key["employment"].excludes == ("significant_progress",)
    assert all(not o.excludes for o in phase_1.outcomes)
    school = phase_1.outcome_by_key["crime_asb_education"].conditions[2]
    assert (school.kind, school.problem, school.absence_below_percent, school.terms) == ("school", "education", 15, 3)
    assert phase_2.outcome_by_key["significant_progress"].conditions[2].absence_below_percent == 10


def test_json_text_and_a_dict_read_the_same():
    assert rules.parse(json.dumps(document())) == rules.parse(document())


# Faults, each named where it is ---------------------------------------------------------------------

def _set(path, value):
    """A change to the Phase 2 document: `value` at `path` (keys and indexes)."""
    def change(raw):
        *parents, last = path
        for step in parents:
            raw = raw[step]
        raw[last] = value
    return change


def _drop(path):
    def change(raw):
        *parents, last = path
        for step in parents:
            raw = raw[step]
        del raw[last]
    return change


CONDITION = ("outcomes", 0, "conditions", 0)
PAYMENTS = ("outcomes", 0, "payments")
FALL = "outcomes[0].conditions[0].fall_percent: give a whole number from 1 to 100"


@pytest.mark.parametrize("change, expected", [
    (_set((*CONDITION, "kind"), "arrests_fall"),
     "outcomes[0].conditions[0].kind: say which kind of condition: asb_fall, offending_fall, school, employment, "
     "progress_to_work"),
    (_set((*CONDITION, "fall_percent"), 0), FALL),
    (_set((*CONDITION, "fall_percent"), 101), FALL),
    (_set((*CONDITION, "fall_percent"), 60.0), FALL),
    (_set((*CONDITION, "fall_percent"), "60"), FALL),
    (_set((*CONDITION, "fall_percent"), True), FALL),
    (_drop((*CONDITION, "fall_percent")), FALL),
    (_set((*CONDITION, "months"), 0), "outcomes[0].conditions[0].months: give a whole number from 1 to 24"),
    (_set((*CONDITION, "months"), 25), "outcomes[0].conditions[0].months: give a whole number from 1 to 24"),
    (_set(("outcomes", 0, "conditions", 2, "absence_below_percent"), 101),
     "outcomes[0].conditions[2].absence_below_percent: give a whole number from 1 to 100"),
    (_set((*CONDITION, "weeks"), 26), "outcomes[0].conditions[0]: a asb_fall condition takes no weeks"),
    (_set((*CONDITION, "problem"), "truancy"),
     "outcomes[0].conditions[0].problem: \"truancy\" is not one of the rule set's problems"),
    (_set((*CONDITION, "problem"), None),
     "outcomes[0].conditions[0].problem: give the key of one of the rule set's problems, or leave it out"),
    (_set(PAYMENTS, [{"from": "2016-04-01", "amount": "800.00"}, {"from": "2015-04-01", "amount": "700.00"}]),
     "outcomes[0].payments: list the payments in date order, each from a different date"),
    (_set(PAYMENTS, [{"from": "2015-04-01", "amount": "800.00"}, {"from": "2015-04-01", "amount": "700.00"}]),
     "outcomes[0].payments: list the payments in date order, each from a different date"),
    (_set(PAYMENTS, []), "outcomes[0].payments: give a list of at least one payment"),
    (_set((*PAYMENTS, 0, "amount"), "12.345"),
     "outcomes[0].payments[0].amount: give pounds and pence as text, like \"800.00\", from 0 to 99999.99"),
    (_set((*PAYMENTS, 0, "amount"), 800), "outcomes[0].payments[0].amount: give pounds and pence as text"),
    (_set((*PAYMENTS, 0, "amount"), "-0.01"), "outcomes[0].payments[0].amount: give pounds and pence as text"),
    (_set((*PAYMENTS, 0, "amount"), "100000.00"), "outcomes[0].payments[0].amount: give pounds and pence as text"),
    (_set((*PAYMENTS, 0, "amount"), "NaN"), "outcomes[0].payments[0].amount: give pounds and pence as text"),
    (_set((*PAYMENTS, 0, "amount"), "eight hundred"), "outcomes[0].payments[0].amount: give pounds and pence"),
    (_set((*PAYMENTS, 0, "from"), "2015-13-01"), "outcomes[0].payments[0].from: give a date as YYYY-MM-DD"),
    (_set((*PAYMENTS, 0, "when"), "2015-04-01"), "outcomes[0].payments[0]: give exactly \"from\" (a date) and"),
    (_set(("attachment_fees",), [{"from": "2015-04-01", "amount": "1000.001"}]),
     "attachment_fees[0].amount: give pounds and pence as text"),
    (_set(("outcomes", 0, "excludes"), ["employment", "family_stability"]),
     "outcomes[0].excludes: \"family_stability\" is not another of the rule set's outcomes"),
    (_set(("outcomes", 0, "excludes"), ["significant_progress"]),
     "outcomes[0].excludes: \"significant_progress\" is not another of the rule set's outcomes"),
    (_set(("outcomes", 0, "excludes"), "employment"), "outcomes[0].excludes: list the keys of outcomes"),
    (_set(("outcomes", 1, "key"), "significant_progress"), "outcomes: each outcome needs a key of its own"),
    (_set(("outcomes", 1, "key"), "attachment"), "outcomes[1].key: give a key of lower-case letters, digits and _ "
                                                 "(not \"attachment\")"),
    (_set(("outcomes", 1, "key"), "Employment"), "outcomes[1].key: give a key of lower-case letters, digits and _"),
    (_set(("outcomes", 1, "key"), "emploi_trouvé"), "outcomes[1].key: give a key of lower-case letters, digits and _"),
    (_set(("outcomes", 1, "conditions"), []), "outcomes[1].conditions: give a list of at least one condition"),
    (_set(("outcomes",), []), "outcomes: give a list of at least one outcome"),
    (_set(("problems", 1, "key"), "crime_asb"), "problems: each problem needs a key of its own"),
    (_set(("problems", 0, "evidence"), ["report", "fact:rumour"]),
     "problems[0].evidence: list where its evidence may come from: report, case, da_incident, fact:"),
    (_set(("problems", 0, "label"), " "), "problems[0].label: give the problem's name"),
    (_set(("problems_needed",), 0), "problems_needed: give a whole number from 1 to the number of problems (6)"),
    (_set(("problems_needed",), 7), "problems_needed: give a whole number from 1 to the number of problems (6)"),
    (_set(("payments",), []), "rules: unknown part payments"),
    (_set(("outcomes", 0, "pays"), "800.00"), "outcomes[0]: unknown part pays"),
], ids=lambda value: value if isinstance(value, str) else None)
def test_a_bad_document_is_refused_naming_where(change, expected):
    raw = document()
    change(raw)
    found = faults(raw)
    assert any(message.startswith(expected) for message in found), found


@pytest.mark.parametrize("text, expected", [
    ("{\"problems_needed\": 2,", "The rules are not valid JSON"),
    ("[1, 2]", "The rules must be a JSON object"),
    ("", "The rules are not valid JSON"),
])
def test_text_that_is_not_a_json_object_is_refused(text, expected):
    assert faults(text)[0].startswith(expected)


def test_every_fault_is_listed_at_once():
    raw = document()
    raw["outcomes"][0]["conditions"][0]["fall_percent"] = 0
    raw["outcomes"][1]["payments"][0]["amount"] = "12.345"
    raw["attachment_fees"] = [{"from": "2016-04-01", "amount": "1.00"}, {"from": "2015-04-01", "amount": "2.00"}]
    assert faults(raw) == [
        FALL,
        "outcomes[1].payments[0].amount: give pounds and pence as text, like \"800.00\", from 0 to 99999.99",
        "attachment_fees: list the payments in date order, each from a different date",
    ]


def test_a_fault_is_named_once_where_it_is_not_where_another_part_names_its_key():
    raw = document()
    raw["problems"][0]["label"] = ""  # crime_asb, which outcome 0's conditions name
    raw["outcomes"][0]["payments"][0]["amount"] = "12.345"  # significant_progress, which outcome 1 excludes
    raw["outcomes"][1]["excludes"] = ["significant_progress", "stability"]
    assert faults(raw) == [
        "problems[0].label: give the problem's name",
        "outcomes[0].payments[0].amount: give pounds and pence as text, like \"800.00\", from 0 to 99999.99",
        "outcomes[1].excludes: \"stability\" is not another of the rule set's outcomes",
    ]


@pytest.mark.parametrize("setting, value", [("fall_percent", 1), ("fall_percent", 100), ("months", 1),
                                            ("months", 24)])
def test_settings_at_their_limits_are_taken(setting, value):
    raw = document()
    raw["outcomes"][0]["conditions"][0][setting] = value
    assert getattr(rules.parse(raw).outcomes[0].conditions[0], setting) == value


def test_amounts_are_exact_pence():
    raw = document()
    raw["outcomes"][0]["payments"] = [{"from": "2015-04-01", "amount": "99999.99"},
                                      {"from": "2016-04-01", "amount": "0"}, {"from": "2017-04-01", "amount": "800"}]
    payments = rules.parse(raw).outcomes[0].payments
    assert [str(p.amount) for p in payments] == ["99999.99", "0.00", "800.00"]


# Payments by the day a family was attached -------------------------------------------------------------

def test_amount_on_changes_on_the_from_day_not_the_day_before():
    payments = (Payment(datetime.date(2024, 4, 1), Decimal("3200.00")),
                Payment(datetime.date(2025, 4, 1), Decimal("2400.00")))
    assert rules.amount_on(payments, datetime.date(2024, 3, 31)) == Decimal("0.00")
    assert rules.amount_on(payments, datetime.date(2024, 4, 1)) == Decimal("3200.00")
    assert rules.amount_on(payments, datetime.date(2025, 3, 31)) == Decimal("3200.00")
    assert rules.amount_on(payments, datetime.date(2025, 4, 1)) == Decimal("2400.00")
    assert rules.amount_on(payments, datetime.date(2099, 1, 1)) == Decimal("2400.00")


@pytest.mark.parametrize("attached_on, fee, result, progress", [
    ("2012-04-01", "3200.00", "700.00", "100.00"),
    ("2013-03-31", "3200.00", "700.00", "100.00"),
    ("2013-04-01", "2400.00", "1400.00", "200.00"),
    ("2014-03-31", "2400.00", "1400.00", "200.00"),
    ("2014-04-01", "1600.00", "2100.00", "300.00"),
    ("2015-03-31", "1600.00", "2100.00", "300.00"),
])
def test_phase_1_pays_by_the_year_of_attachment(attached_on, fee, result, progress):
    parsed = rules.parse(document(PHASE_1))
    day = datetime.date.fromisoformat(attached_on)
    assert parsed.attachment_fee(day) == Decimal(fee)
    assert parsed.outcome_by_key["crime_asb_education"].amount_for(day) == Decimal(result)
    assert parsed.outcome_by_key["progress_to_work"].amount_for(day) == Decimal(progress)
    assert parsed.outcome_by_key["employment"].amount_for(day) == Decimal("800.00")


def test_phase_2_pays_1000_to_attach_and_800_for_either_outcome():
    parsed = rules.parse(document(PHASE_2))
    day = datetime.date(2019, 6, 1)
    assert parsed.attachment_fee(day) == Decimal("1000.00")
    assert {o.key: o.amount_for(day) for o in parsed.outcomes} == {"significant_progress": Decimal("800.00"),
                                                                   "employment": Decimal("800.00")}


def test_labels_name_outcomes_problems_and_the_attachment_fee():
    parsed = rules.parse(document(PHASE_2))
    assert parsed.label_of(rules.ATTACHMENT) == "Attachment fee"
    assert parsed.label_of("employment") == "An adult into continuous employment"
    assert parsed.label_of("domestic_abuse") == "Domestic violence and abuse"
