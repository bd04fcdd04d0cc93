from eunomia.families import assess, rules
from eunomia.families.models import Fact
from tests.families import helpers as h


def test_a_family_from_identification_to_outcome(manager, partnership, council):
    rule_set = h.rule_set(manager, partnership)
    family = h.household(manager, partnership, council, rule_set)
    attached = h.days_ago(400)
    for day in (430, 420, 410, 405, 401):
        report = h.asb(manager, family, "Kyle", h.days_ago(day))
    h.asb(manager, family, "Kyle", h.days_ago(20))
    benefits = h.fact(manager, family, "Dana", Fact.Kind.OUT_OF_WORK_BENEFITS, h.days_ago(500), h.days_ago(450))
    from eunomia.families import actions
    actions.add_evidence(by=manager, family=family, problem="crime_asb", report=report)
    actions.add_evidence(by=manager, family=family, problem="worklessness", fact=benefits)
    actions.attach(by=manager, family=family, on=attached)
    parsed = rules.parse(rule_set.rules)
    records = assess.load([family])[family.pk]
    found = {r.key: r for r in assess.outcomes(records, parsed, h.TODAY)}
    assert found["significant_progress"].met, found["significant_progress"]
    assert not found["employment"].met
