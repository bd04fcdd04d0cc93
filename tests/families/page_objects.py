"""The Family Focus records the shared tests that visit every URL need (tests/test_url_sweep.py,
tests/test_forms.py, tests/test_access_matrix.py), the parameters of each families URL, and the
bad forms every page must refuse with a 400 and nothing saved."""

import datetime

from eunomia.families import actions
from eunomia.families.models import (Fact, Family, FamilyMember, FamilyShare, Goal, PlanAction, ProblemEvidence, Review,
                                     Support)
from tests.families import helpers as h

# The families URLs that take the family's number; the others are listed in family_url_kwargs.
BY_FAMILY = ("detail", "member_add", "evidence_add", "fact_add", "fact_import", "share", "attach", "close",
             "plan_agree", "goal_add", "action_add", "review_add", "support_link")


def family_objects(by, partnership, organisation):
    """Families led by `organisation`, by name: `family`, attached (eligible on two facts) with a plan
    action; `family_identified`, only identified; their rule set, a member and the lead organisation."""
    rule_set = h.rule_set(by, partnership, phase="Pages of families")
    family = h.household(by, partnership, organisation, rule_set)
    for kind, problem in ((Fact.Kind.OUT_OF_WORK_BENEFITS, "worklessness"), (Fact.Kind.HEALTH, "health")):
        fact = h.fact(by, family, "Dana", kind, h.days_ago(500), h.days_ago(450), source="DWP data share")
        actions.add_evidence(by=by, family=family, problem=problem, fact=fact)
    actions.attach(by=by, family=family, on=h.days_ago(400))
    plan_action = actions.add_action(by=by, family=family, text="Weekly home visits", owner=organisation,
                                     due_on=h.days_ago(300))
    identified = h.household(by, partnership, organisation, rule_set)
    return {"family": family.pk, "family_identified": identified.pk, "family_rule_set": rule_set.pk,
            "family_plan_action": plan_action.pk, "family_member": h.member(family, "Dana").pk,
            "family_owner": organisation.pk}


def family_url_kwargs(objects):
    """{URL name: its parameters but the slug} for every families URL taking one."""
    return {**{f"families:{name}": {"pk": objects["family"]} for name in BY_FAMILY},
            "families:action_done": {"pk": objects["family_plan_action"]}}


def state():
    """Everything a families form could change."""
    return ([list(Family.objects.values_list("pk", "status", "attached_on", "closed_on", "plan_agreed_on",
                                             "override_reason").order_by("pk"))]
            + [model.objects.count() for model in (FamilyMember, Fact, ProblemEvidence, Goal, Review, Support,
                                                   FamilyShare)]
            + [list(PlanAction.objects.values_list("pk", "done_on").order_by("pk"))])


def _tomorrow():
    return (h.TODAY + datetime.timedelta(days=1)).isoformat()


FACT = {"member": "{family_member}", "kind": "unauthorised_absence", "value": "12.5", "period_start": "{a_year_ago}",
        "period_end": "{a_month_ago}", "source": "Testvale Academy termly return"}

# (address under /p/testvale/families/, what is posted, the field refused, the words).
BAD_FORMS = [
    ("identify/", {"rule_set": "{family_rule_set}", "identified_on": "{tomorrow}"}, "id_identified_on",
     "The date the family was identified must be today or in the past"),
    ("identify/", {"rule_set": "999999", "identified_on": "{a_month_ago}"}, "id_rule_set",
     "Choose a rule set from the list"),
    ("{family}/facts/add/", {**FACT, "value": ""}, "id_value",
     "Enter the number: exclusions, offences, or the percentage of sessions missed"),
    ("{family}/facts/add/", {**FACT, "value": "123456"}, "id_value",
     "Enter the number with at most 2 decimal places and no more than 99999.99"),
    ("{family}/facts/add/", {**FACT, "period_end": "{tomorrow}"}, "id_period_end",
     "The last day must be today or in the past"),
    ("{family}/evidence/add/", {"problem": "crime_asb"}, "id_report",
     "Choose one piece of evidence: a report, a case or a fact"),
    ("{family}/plan/reviews/add/", {"reviewed_on": "{a_month_ago}", "summary": " "}, "id_summary",
     "Say what the review found"),
    ("{family}/plan/actions/add/", {"text": "Visit", "owner": "{family_owner}", "due_on": "2026-13-01"}, "id_due_on",
     "Enter the date it is due as a real date, like 2026-11-24"),
    ("{family}/plan/agree/", {"on": "{two_years_ago}"}, "id_on",
     "The plan is agreed on or after attachment ({attached})"),
    ("{family}/close/", {"on": "{tomorrow}"}, "id_on", "The date the work ended must be today or in the past"),
]


def bad_form(row, objects):
    """The address, body, field and words of a BAD_FORMS row, for the records of family_objects."""
    path, posted, field_id, message = row
    values = {**objects, "tomorrow": _tomorrow(), "a_month_ago": h.days_ago(30).isoformat(),
              "a_year_ago": h.days_ago(365).isoformat(), "two_years_ago": h.days_ago(730).isoformat(),
              "attached": f"{h.days_ago(400):%-d %B %Y}"}
    return (path.format(**values), {name: value.format(**values) for name, value in posted.items()}, field_id,
            message.format(**values))
