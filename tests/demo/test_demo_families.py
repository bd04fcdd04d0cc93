"""The demo's Family Focus cohort (issue 16): made through the families' actions from the demo's own
casework people, a year of work that shows in the outcomes, and a claim approved, sampled and checked,
on whatever day the demo is loaded."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.models import User
from eunomia.casework.models import Case, Person, ReportPerson
from eunomia.core.dates import add_months
from eunomia.demo.families import Calendar, school_terms
from eunomia.families import assess, queries
from eunomia.families import rules as rule_documents
from eunomia.families.models import Claim, ClaimLine, Family, PlanAction, RuleSet, Support
from tests.signin import force_sign_in

REPORT_DAYS_BEFORE_START = 175  # the oldest report of the year's cohort (data/families.toml), before its start
REPORT_DAYS_BEFORE_CLAIM_END = 140  # the oldest report since


def test_school_terms_are_the_latest_that_have_ended_oldest_first():
    terms = school_terms(datetime.date(2026, 12, 19), 3)
    assert [(t.name, t.first, t.last) for t in terms] == [
        ("Spring term 2026", datetime.date(2026, 1, 5), datetime.date(2026, 3, 27)),
        ("Summer term 2026", datetime.date(2026, 4, 13), datetime.date(2026, 7, 22)),
        ("Autumn term 2026", datetime.date(2026, 9, 1), datetime.date(2026, 12, 19))]
    # The day before a term ends, it is not one of them.
    assert [t.name for t in school_terms(datetime.date(2026, 12, 18), 2)] == ["Spring term 2026", "Summer term 2026"]


@pytest.mark.parametrize("year", [2026, 2027, 2028])  # 2028: a leap year
def test_the_demo_calendar_measures_the_cohort_on_any_day(year):
    """On every day of the year: each family of the year's cohort starts within the phase and before
    the three terms the claim measures; the claim's windows lie after the start; every report the
    data places falls in the window it is meant for, on the claim's last day and today."""
    day = datetime.date(year, 1, 1)
    while day.year == year:
        calendar = Calendar(day)
        first, last = calendar.phase
        claim_start, claim_end = calendar.claim_period
        assert claim_end < day and claim_start.day == 1 and claim_end.month == claim_start.month
        assert first <= day <= last and last.year - first.year == 2
        terms = calendar.claim_terms
        assert len(terms) == 3 and terms[-1].last <= claim_end
        for weeks in (0, 6):
            start = calendar.start(weeks)
            assert first <= calendar.identified(start) <= start <= terms[0].first
            # Both six-month windows: the oldest report before the start is inside the one before it...
            assert start - datetime.timedelta(days=REPORT_DAYS_BEFORE_START) >= add_months(start, -6)
            # ...and the latest window lies after the start, holding the reports since, today too.
            assert add_months(claim_end, -6) + datetime.timedelta(days=1) >= start
            oldest_since = claim_end - datetime.timedelta(days=REPORT_DAYS_BEFORE_CLAIM_END)
            assert oldest_since >= add_months(day, -6) + datetime.timedelta(days=1)
        day += datetime.timedelta(days=1)


@pytest.mark.django_db
def test_the_demo_cohort_a_year_of_work_and_a_checked_claim(client, demo_built):
    harrowdale = demo_built
    today = timezone.localdate()
    calendar = Calendar(today)
    worker = User.objects.get(email="families@harrowdale.example")
    manager = User.objects.get(email="manager@harrowdale.example")
    auditor = User.objects.get(email="auditor@harrowdale.example")

    # Two national phases kept as presets, and the local rules the cohort is worked under.
    rule_sets = RuleSet.objects.filter(partnership=harrowdale)
    local = rule_sets.get(programme="Family Focus")
    first, last = calendar.phase
    assert local.phase == f"{first.year} to {last.year} (local rules on the Phase 2 model)"
    assert (local.starts_on, local.ends_on) == calendar.phase and local.starts_on <= today <= local.ends_on
    assert local.rules == rule_documents.presets()["phase-2-2015-20"][4]
    assert rule_sets.count() == 3

    families = {f.members.filter(relationship="child").first().person.last_name: f
                for f in Family.objects.filter(partnership=harrowdale)}
    assert len(families) == 12
    status = {name: f.status for name, f in families.items()}
    assert [name for name, s in sorted(status.items()) if s == "identified"] == ["Baxter", "Quinn", "Yates"]
    assert status["Nolan"] == "closed" and sum(s == "attached" for s in status.values()) == 8
    assert {f.owner_organisation.name for f in families.values()} == {"Harrowdale District Council"}
    assert {f.lead_professional for f in families.values()} == {worker}

    # Linked, never retyped: Kyle Benson of the Kingsmead Close case is the Bensons' son.
    kyle = Person.objects.get(partnership=harrowdale, first_name="Kyle", last_name="Benson")
    assert families["Benson"].members.filter(person=kyle).exists()
    assert Case.objects.get(partnership=harrowdale, title__startswith="Kingsmead Close").parties.filter(
        person=kyle, role="perpetrator").exists()
    # Every household has a young person named as alleged perpetrator in the police's reports.
    for family in families.values():
        named = ReportPerson.objects.filter(person__family_links__family=family, role="perpetrator")
        assert named.filter(report__owner_organisation__name="Northshire Police").exists(), family

    rules = queries.rules_of(local)
    records = assess.load(families.values())
    eligible = {name: assess.eligibility(records[f.pk], rules).eligible for name, f in families.items()}
    assert not eligible["Yates"] and not eligible["Fenwick"]
    assert all(eligible[name] for name in families if name not in ("Yates", "Fenwick"))
    fenwick = families["Fenwick"]
    assert fenwick.status == "attached" and fenwick.override_by == manager and "Task Group" in fenwick.override_reason
    assert all(not f.override_reason for name, f in families.items() if name != "Fenwick")

    # A year of work: plans, one action overdue, reviews, support linked.
    attached = [f for f in families.values() if f.attached_on]
    assert all(f.plan_agreed_on and f.goals.exists() and f.actions.exists() for f in attached)
    overdue = PlanAction.objects.filter(family__partnership=harrowdale, done_on=None, due_on__lt=today)
    assert [a.family for a in overdue] == [families["Hughes"]]
    assert PlanAction.objects.filter(family__partnership=harrowdale, done_on__isnull=False).count() >= 10
    assert Support.objects.filter(family__partnership=harrowdale, intervention__isnull=False).count() == 1
    assert Support.objects.filter(family__partnership=harrowdale, referral__isnull=False).count() == 4

    # What the year shows today: the claimed outcomes met, the others not yet, the Bensons too new.
    def met(name):
        return {r.key for r in assess.outcomes(records[families[name].pk], rules, today) if r.met}

    for name in ("Ashworth", "Lister", "Doyle", "Fenwick", "Nolan"):
        assert "significant_progress" in met(name), name
    assert met("Pryce") == {"significant_progress", "employment"}
    assert met("Hughes") == met("Clarke") == met("Benson") == set()
    clarke = next(r for r in assess.outcomes(records[families["Clarke"].pk], rules, today)
                  if r.key == "significant_progress")
    assert "2 of 3 terms" in clarke.reason or "2 of 3 terms" in " ".join(c.reason for c in clarke.conditions)

    # The comparison cohort (identified, never attached) fell less than the families worked with.
    def asb(group):
        before = latest = 0
        for family in group:
            result = next(r for r in assess.outcomes(records[family.pk], rules, today)
                          if r.key == "significant_progress")
            fall = next(c for c in result.conditions if c.kind == "asb_fall")
            before, latest = before + fall.comparison["before"], latest + fall.comparison["latest"]
        return before, latest

    worked = [f for name, f in families.items() if f.attached_on and name != "Benson"]
    comparison = [f for f in families.values() if not f.attached_on]
    (wb, wl), (cb, cl) = asb(worked), asb(comparison)
    assert (wb, wl) == (36, 8) and (cb, cl) == (9, 8)

    # Last month's claim: made by the key worker, approved, sampled with its seed, checked.
    claim = Claim.objects.get(partnership=harrowdale)
    assert (claim.period_start, claim.period_end) == calendar.claim_period
    assert claim.status == "approved" and claim.created_by == worker and claim.approved_by == manager
    lines = ClaimLine.objects.filter(claim=claim)
    assert {(line.family.reference, line.outcome) for line in lines} == {
        (families[name].reference, outcome) for name, key in [("Ashworth", "significant_progress"),
                                                               ("Pryce", "employment"),
                                                               ("Lister", "significant_progress"),
                                                               ("Doyle", "significant_progress"),
                                                               ("Fenwick", "significant_progress")]
        for outcome in (key, "attachment")}
    check = claim.spot_check
    assert (check.size, check.seed, check.drawn_by) == (3, 2025, auditor)
    assert set(check.sample) == {families[name].pk for name in ("Fenwick", "Ashworth", "Lister")}
    withdrawn = lines.get(status="withdrawn")
    assert (withdrawn.family, withdrawn.outcome, withdrawn.checked_by) == (fenwick, "attachment", auditor)
    assert "override" in withdrawn.withdrawn_reason
    assert lines.filter(status="verified", checked_by=auditor).count() == 5
    assert set(lines.filter(status="claimed").values_list("family_id", flat=True)) == {
        families["Pryce"].pk, families["Doyle"].pk}
    assert all(line.digest == assess.digest(line.evidence) for line in lines)

    # The key worker opens a family's page; the auditor, who works no families, may not.
    url = reverse("families:detail", args=["harrowdale", families["Ashworth"].pk])
    force_sign_in(client, worker)
    page = client.get(url)
    assert page.status_code == 200 and families["Ashworth"].reference in page.content.decode()
    force_sign_in(client, auditor)
    assert client.get(url).status_code in (403, 404)
