"""The Family Focus claim records the shared tests that visit every URL need (tests/test_url_sweep.py,
tests/test_forms.py, tests/test_access_matrix.py), and the parameters of each programme URL."""

from eunomia.families import actions, rules
from eunomia.families.models import Fact
from tests.families import helpers as h

# The programme's URLs that take a line's number (`line_pk`) with its claim's.
BY_LINE = ("line_remove", "line_check")


def claim_objects(by, partnership, organisation):
    """`claim_rule_set`; `claim_draft`, a claim with no line; `claim_approved`, approved with one line
    (`claim_line`, a family's attachment fee) and its spot check drawn."""
    rule_set = h.rule_set(by, partnership, phase="Pages of claims")
    family = h.household(by, partnership, organisation, rule_set)
    for kind, problem in ((Fact.Kind.OUT_OF_WORK_BENEFITS, "worklessness"), (Fact.Kind.HEALTH, "health")):
        fact = h.fact(by, family, "Dana", kind, h.days_ago(500), h.days_ago(450), source="DWP data share")
        actions.add_evidence(by=by, family=family, problem=problem, fact=fact)
    actions.attach(by=by, family=family, on=h.days_ago(400))
    period = {"period_start": h.days_ago(90), "period_end": h.TODAY}
    draft = actions.create_claim(by=by, partnership=partnership, rule_set=rule_set, title="Claim in draft", **period)
    approved = actions.create_claim(by=by, partnership=partnership, rule_set=rule_set, title="Claim approved",
                                    **period)
    [line] = actions.add_lines(by=by, claim=approved, entries=[(family, rules.ATTACHMENT)])
    actions.approve_claim(by=by, claim=approved)
    actions.draw_spot_check(by=by, claim=approved, size=1)  # its one family, whatever the seed
    return {"claim_rule_set": rule_set.pk, "claim_draft": draft.pk, "claim_approved": approved.pk,
            "claim_line": line.pk}


def claim_url_kwargs(objects):
    """{URL name: its parameters but the slug} for every programme URL taking one: the draft claim for
    the pages of a draft, the approved one for the rest."""
    approved = {"pk": objects["claim_approved"]}
    line = {**approved, "line_pk": objects["claim_line"]}
    return {
        **{f"family_claims:{name}": {"pk": objects["claim_rule_set"]} for name in ("rule_set", "rule_set_edit")},
        **{f"family_claims:{name}": {"pk": objects["claim_draft"]} for name in ("claim_add", "claim_approve",
                                                                                 "spot_check_draw")},
        **{f"family_claims:{name}": approved for name in ("claim", "spot_check")},
        **{f"family_claims:{name}": line for name in BY_LINE},
        "family_claims:claim_schedule": {**approved, "fmt": "csv"},
    }


# (address under /p/testvale/family-claims/, what is posted, the field refused, the words), the ids
# those of claim_objects.
BAD_FORMS = [
    ("rule-sets/national/", {"preset": "phase-9"}, "id_preset_1", "Choose one of the rule sets listed"),
    ("rule-sets/new/", {"programme": "Family Focus", "phase": "Local", "starts_on": "2026-04-01",
                        "ends_on": "2026-03-31", "rules": "[]"}, "id_ends_on",
     "The phase must end on or after the day it starts"),
    ("rule-sets/new/", {"programme": "Family Focus", "phase": "Local", "starts_on": "2026-04-01",
                        "ends_on": "2027-03-31", "rules": "problems: 2"}, "id_rules",
     "The rules are not valid JSON: Expecting value: line 1 column 1 (char 0)"),
    ("claims/new/", {"rule_set": "{claim_rule_set}", "title": "Claim", "period_start": "2026-04-01",
                     "period_end": "2026-03-31"}, "id_period_end", "The period must end on or after its first day"),
    ("claims/{claim_draft}/spot-check/draw/", {"size": "two"}, "id_size",
     "Enter the number of families as a whole number"),
]


def bad_form(row, objects):
    path, posted, field_id, message = row
    return path.format(**objects), {name: value.format(**objects) for name, value in posted.items()}, field_id, message
