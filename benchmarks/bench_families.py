"""Family Focus at a county's scale (issue 16): 5,000 families with 20,000 members, in a casework store
of 100,000 people, 300,000 reports and 100,000 cases.

The store: one partnership, its council leading every family under one rule set (Phase 2's rules,
running from three years before today to two after). Each family has four members (a parent, a
second adult, a young person named as alleged perpetrator in reports, a younger child); 90% are
attached, between 4 and 23 months ago, the rest only identified (the comparison cohort). The young
person is named in 2 to 8 reports in the six months before the start and, in three families of five,
at most one since (the rest 2 to 6); the reports of each family are gathered in a case. Every family
holds ASB and one or two more problems, with evidence (three reports and the case, school returns,
benefits, a GP's letter); half have a child's termly absence since the start (most under 10%), and a
quarter of those on benefits an adult in work for 26 weeks or more. The other 95,000 cases gather 1 to
5 of the other reports each. Written in bulk (COPY on PostgreSQL, executemany on SQLite) from a seeded
generator, as the casework benchmark writes its store: through the actions it would take hours, and
what is measured reads the rows, however they were written. Dates count from today, as the claim
action will not take a period that ends after it.

Measured:
- families_outcomes_load_5000: the families (one query) and `assess.load` for all 5,000;
- families_outcomes_assess_5000: `assess.outcomes` for each on today;
- families_claim_1000: `actions.add_lines`, the real action, claiming 1,000 families an outcome each
  meets (each assessed again, its evidence frozen and digested, the lines written and audited);
- families_outcomes_and_claim_total: the three together. Aim: under 10 s.
- families_page_p95 (`families:detail`, a different attached family each request, as its key worker)
  against health_page_p95 in the same run, and their ratio, as the other page benchmarks do.
"""

import datetime
import gc
import itertools
import random
import sys
import time
from decimal import Decimal

from bench_casework import Writer
from common import database_arg, percentile_time, report, setup_django

SEED = 16
SLUG = "bench-families"
FAMILIES = 5_000
MEMBERS_PER_FAMILY = 4
PEOPLE = 100_000
REPORTS = 300_000
CASES = 100_000
CLAIMED = 1_000
BASE = 10_000_000  # ids clear of anything made through the ORM
CATEGORIES = ["personal", "nuisance", "environmental", "noise", "criminal_damage", "drugs", "vehicles"]
FIRST_NAMES = "Alex Sam Jo Chris Pat Jamie Robin Dana Lee Kim Ali Mo Ash Charlie Frankie Jesse Kai Morgan Sky".split()
LAST_NAMES = ("Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright Robinson Thompson Evans Walker "
              "White Roberts Green Hall Thomas Clarke Jackson Wood Harris Edwards Turner Martin Cooper Hill").split()


def say(text):
    print(f"# {text}", file=sys.stderr, flush=True)


def _at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.timezone.utc)


def build(today):
    """The store; returns (key worker, partnership, rule set)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from eunomia.accounts.models import Membership
    from eunomia.casework.models import Case, CaseParty, Person, Report, ReportPerson
    from eunomia.families import actions, rules
    from eunomia.families.models import Fact, Family, FamilyMember, ProblemEvidence
    from eunomia.partners import actions as partners

    rng = random.Random(SEED)
    User = get_user_model()
    manager = User.objects.create_user("manager@bench-families.test", "bench-password", full_name="Bench manager")
    worker = User.objects.create_user("worker@bench-families.test", "bench-password", full_name="Key worker")
    partnership = partners.create_partnership(by=manager, name="Bench Families CSP", slug=SLUG,
                                              local_authority_codes=["E07999961"], phone="01234 567890")
    council, police = (partners.add_organisation(by=manager, partnership=partnership, name=name,
                                                 joined_on=datetime.date(2000, 1, 1))
                       for name in ("Bench Families Council", "Bench Families Police"))
    Membership.objects.create(user=manager, partnership=partnership, organisation=council, role="csp_manager")
    Membership.objects.create(user=worker, partnership=partnership, organisation=council, role="partner_practitioner")
    programme, _phase, _start, _end, document = rules.presets()["phase-2-2015-20"]
    rule_set = actions.save_rule_set(by=manager, partnership=partnership, programme=programme, phase="Bench phase",
                                     starts_on=today.replace(year=today.year - 3, day=1),
                                     ends_on=today.replace(year=today.year + 2, day=1), rules=document)

    w = Writer(connection)
    now = w.moment(datetime.datetime.now(datetime.timezone.utc))
    people, reports, links, cases, case_reports, parties = [], [], [], [], [], []
    report_people = []  # (person index, role) pairs of each report, for the cases that gather it
    families, members, facts, evidence = [], [], [], []

    def person(i, owner, born):
        people.append((BASE + i, partnership.pk, owner.pk, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), born,
                       "", "", f"{i % 300 + 1} Bench Street", "BF1 1AA", "[]", now))

    def add_report(day, named):
        r = len(reports)
        reports.append((BASE + r, partnership.pk, police.pk, f"ASB-{day.year}-{r:07d}", w.moment(_at(day, 20)),
                        w.moment(_at(day, 21)), "1 Bench Street", "BF1 1AA", "", rng.choice(CATEGORIES), "police",
                        "Generated report for the benchmark", False, now))
        named = list(dict.fromkeys(named))
        for p, role in named:
            links.append((BASE + len(links), BASE + r, BASE + p, role))
        report_people.append(named)
        return r

    def add_case(report_ids, opened, owner, named):
        c = len(cases)
        cases.append((BASE + c, partnership.pk, owner.pk, f"CASE-{opened.year}-{c:06d}", f"Case {c}", "open", opened,
                      None, "", now))
        for r in report_ids:
            case_reports.append((BASE + len(case_reports), BASE + c, BASE + r))
        for p, role in dict.fromkeys(named):
            parties.append((BASE + len(parties), BASE + c, BASE + p, role))
        return c

    def fact(f, m, kind, first, last, value=None, source="Bench return"):
        facts.append((BASE + len(facts), BASE + f, BASE + m, kind, value, first, last, source, None, "", "", now,
                      None))
        return len(facts) - 1

    def evidence_of(f, problem, report=None, case=None, fact_index=None):
        evidence.append((BASE + len(evidence), BASE + f, problem, None if report is None else BASE + report,
                         None if case is None else BASE + case, None,
                         None if fact_index is None else BASE + fact_index, now, None))

    say("families, their people, reports, cases, facts and evidence")
    for f in range(FAMILIES):
        attached = rng.random() < 0.9
        start = today - datetime.timedelta(days=rng.randint(120, 700))
        identified = start - datetime.timedelta(days=rng.randint(7, 60)) if attached else start
        parent, adult, young, child = (f * MEMBERS_PER_FAMILY + n for n in range(MEMBERS_PER_FAMILY))
        for i, age in ((parent, 38), (adult, 41), (young, 14), (child, 9)):
            person(i, council if i != young else police,
                   today.replace(year=today.year - age, day=1) - datetime.timedelta(days=rng.randrange(300)))
        families.append((BASE + f, partnership.pk, council.pk, f"FF-{f + 1:05d}", rule_set.pk, worker.pk,
                         "attached" if attached else "identified", identified, start if attached else None, None,
                         "", None, None, start + datetime.timedelta(days=14) if attached else None, now, worker.pk))
        for n, (i, relationship) in enumerate(((parent, "parent"), (adult, "partner"), (young, "child"),
                                               (child, "child"))):
            members.append((BASE + f * MEMBERS_PER_FAMILY + n, BASE + f, BASE + i, relationship, now))
        member = {i: f * MEMBERS_PER_FAMILY + n for n, i in enumerate((parent, adult, young, child))}
        improving = rng.random() < 0.6
        before = [start - datetime.timedelta(days=rng.randint(1, 175)) for _ in range(rng.randint(2, 8))]
        since = [today - datetime.timedelta(days=rng.randint(0, 170))
                 for _ in range(rng.randint(0, 1) if improving else rng.randint(2, 6))]
        own = [add_report(day, [(young, "perpetrator")] + ([(child, "perpetrator")] if rng.random() < 0.2 else []))
               for day in sorted(before + since)]
        case = add_case(own, min(before), police, [(young, "perpetrator")])
        for r in own[:3]:
            evidence_of(f, "crime_asb", report=r)
        evidence_of(f, "crime_asb", case=case)
        problems = rng.sample(["education", "worklessness", "health"], rng.randint(1, 2))
        if "education" in problems:
            for t in (2, 1):  # two terms before identification, then the terms since the start
                last = identified - datetime.timedelta(days=1 + (t - 1) * 91)
                absence = fact(f, member[child], "unauthorised_absence", last - datetime.timedelta(days=84), last,
                               Decimal(rng.randint(15, 35)))
                evidence_of(f, "education", fact_index=absence)
            term = start + datetime.timedelta(days=7)
            while attached and term + datetime.timedelta(days=84) <= today:
                fact(f, member[child], "unauthorised_absence", term, term + datetime.timedelta(days=84),
                     Decimal(rng.randint(2, 9) if improving else rng.randint(8, 25)))
                if rng.random() < 0.2:
                    fact(f, member[child], "fixed_term_exclusions", term, term + datetime.timedelta(days=84),
                         Decimal(rng.randint(1, 2)))
                term += datetime.timedelta(days=91)
        if "worklessness" in problems:
            benefits = fact(f, member[parent], "out_of_work_benefits", identified - datetime.timedelta(days=200),
                            identified - datetime.timedelta(days=1))
            evidence_of(f, "worklessness", fact_index=benefits)
            worked_from = start + datetime.timedelta(days=30)
            if attached and rng.random() < 0.25 and (today - worked_from).days > 200:
                fact(f, member[parent], "continuous_employment", worked_from,
                     today - datetime.timedelta(days=rng.randint(1, 20)))
        if "health" in problems:
            evidence_of(f, "health", fact_index=fact(f, member[adult], "health", identified - datetime.timedelta(
                days=365), identified - datetime.timedelta(days=1)))

    say("the rest of the casework store")
    family_reports = len(reports)
    for i in range(FAMILIES * MEMBERS_PER_FAMILY, PEOPLE):
        person(i, council if i % 2 else police, datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randrange(
            70 * 365)))
    while len(reports) < REPORTS:
        victim = rng.randrange(PEOPLE)
        named = [(victim, "victim")]
        if rng.random() < 0.35:
            named.append((rng.randrange(PEOPLE), "perpetrator"))
        add_report(today - datetime.timedelta(days=rng.randrange(3 * 365)), named)
    while len(cases) < CASES:
        first = rng.randrange(family_reports, REPORTS - 5)
        own = list(range(first, first + rng.randint(1, 5)))
        add_case(own, today - datetime.timedelta(days=rng.randrange(3 * 365)), rng.choice((council, police)),
                 [pair for r in own for pair in report_people[r]])

    with transaction.atomic():
        say("writing")
        w.write(Person, ["id", "partnership_id", "owner_organisation_id", "first_name", "last_name", "date_of_birth",
                         "phone", "email", "address", "postcode", "flags", "created_at"], people)
        w.write(Report, ["id", "partnership_id", "owner_organisation_id", "reference", "occurred_at", "reported_at",
                         "address", "postcode", "lsoa_code", "category", "source", "description", "anonymous",
                         "created_at"], reports)
        w.write(ReportPerson, ["id", "report_id", "person_id", "role"], links)
        w.write(Case, ["id", "partnership_id", "owner_organisation_id", "reference", "title", "status", "opened_on",
                       "closed_on", "outcome", "created_at"], cases)
        w.write(Case.reports.through, ["id", "case_id", "report_id"], case_reports)
        w.write(CaseParty, ["id", "case_id", "person_id", "role"], parties)
        w.write(Family, ["id", "partnership_id", "owner_organisation_id", "reference", "rule_set_id",
                         "lead_professional_id", "status", "identified_on", "attached_on", "closed_on",
                         "override_reason", "override_by_id", "override_at", "plan_agreed_on", "created_at",
                         "created_by_id"], families)
        w.write(FamilyMember, ["id", "family_id", "person_id", "relationship", "added_at"], members)
        w.write(Fact, ["id", "family_id", "member_id", "kind", "value", "period_start", "period_end", "source",
                       "source_organisation_id", "note", "import_batch", "entered_at", "entered_by_id"], facts)
        w.write(ProblemEvidence, ["id", "family_id", "problem", "report_id", "case_id", "da_incident_id", "fact_id",
                                  "recorded_at", "recorded_by_id"], evidence)
        w.reset_sequences(Person, Report, ReportPerson, Case, Case.reports.through, CaseParty, Family, FamilyMember,
                          Fact, ProblemEvidence)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM (ANALYZE)")
    return worker, partnership, rule_set


def measure(worker, partnership, rule_set, today, database):
    """(a) every family's outcomes, (b) a claim of 1,000 families, each timed, and their total."""
    from eunomia.families import actions, assess, queries
    from eunomia.families.models import Family

    rules = queries.rules_of(rule_set)
    began = time.perf_counter()
    families = list(Family.objects.filter(partnership=partnership).order_by("id"))
    records = assess.load(families)
    loaded = time.perf_counter()
    results = {family.pk: assess.outcomes(records[family.pk], rules, today) for family in families}
    assessed = time.perf_counter()
    report("families_outcomes_load_5000", loaded - began, "s", database)
    report("families_outcomes_assess_5000", assessed - loaded, "s", database)

    met = {key: sum(any(r.key == key and r.met for r in found) for found in results.values())
           for key in ("significant_progress", "employment")}
    for key, count in met.items():
        report(f"families_meeting_{key}", count, "families", database)
    entries = []
    for family in families:
        keys = [r.key for r in results[family.pk] if r.met]
        if keys and family.attached_on:
            entries.append((family, keys[0]))
    if len(entries) < CLAIMED:
        sys.exit(f"Only {len(entries)} families meet an outcome: the store does not hold the {CLAIMED} to claim")
    claim = actions.create_claim(by=worker, partnership=partnership, rule_set=rule_set, title="Bench claim",
                                 period_start=today.replace(day=1), period_end=today)
    began_claim = time.perf_counter()
    lines = actions.add_lines(by=worker, claim=claim, entries=entries[:CLAIMED])
    claimed = time.perf_counter()
    assert len(lines) == CLAIMED
    report("families_claim_1000", claimed - began_claim, "s", database)
    report("families_outcomes_and_claim_total", (assessed - began) + (claimed - began_claim), "s", database)
    return [family.pk for family in families if family.attached_on]


def page_timing(worker, partnership, family_ids, database):
    """(c) the family page's p95 beside the health page's, when the page is there to time."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from eunomia.accounts.second_factor import SATISFIED

    try:
        urls = [reverse("families:detail", args=[partnership.slug, pk]) for pk in family_ids[:200]]
    except NoReverseMatch:
        say("families:detail does not resolve yet: the family page is not timed")
        return
    client = Client()
    client.force_login(worker)
    session = client.session  # the key worker's second factor given, as after signing in (ADR 46)
    session[SATISFIED] = "authenticator"
    session.save()

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    # As eunomia/wsgi.py does when a server starts (see bench_pages): the build's leftovers frozen.
    gc.collect()
    gc.freeze()
    health = percentile_time(lambda: get("/health/"))
    report("health_page_p95", health * 1000, "ms", database)
    pages = itertools.cycle(urls)
    family = percentile_time(lambda: get(next(pages)))
    report("families_page_p95", family * 1000, "ms", database)
    report("families_page_vs_health_page_p95", family / health, "ratio", database)


def main(database):
    setup_django(database)
    from django.utils import timezone

    today = timezone.localdate()
    began = time.perf_counter()
    worker, partnership, rule_set = build(today)
    report("families_store_build", time.perf_counter() - began, "s", database)
    family_ids = measure(worker, partnership, rule_set, today, database)
    page_timing(worker, partnership, family_ids, database)


if __name__ == "__main__":
    main(database_arg())
