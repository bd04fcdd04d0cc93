"""Harrowdale's Family Focus cohort (issue 16, ADR 68), made through eunomia.families.actions alone.

The partnership keeps the two national phases (presets) and works under its own rule set on the
Phase 2 model, running from April last plan year to March next. Harrowdale District Council's
Family Focus team (the key worker, families@harrowdale.example) leads twelve households: the young
people are in the police's ASB reports and cases (recorded by the CSU officer, shared with the
council under the ASB Task Group's agreement); their parents and siblings the council adds to
casework. Kyle Benson of the Kingsmead Close reports (casework.py) is linked, not typed again.

A year of work: eight families attached about a year ago (one by the CSP manager's override, with
her reason; one closed since), with plans, actions (one overdue), reviews and the support given;
one family refused attachment as it holds one problem, and two eligible but never attached, which
with it form the comparison cohort; the Bensons, referred by last week's Task Group, attached two
days ago. Five families are claimed for (an outcome each and the attachment fee) in a claim for
last month that the CSP manager approved; the programme auditor drew its spot check (with a fixed
seed, so the demo is the same every time) and checked it: the override family's attachment fee
withdrawn, the rest of the lines drawn verified.

Dates are counted from today, so the demo works whatever day it is loaded (`Calendar`): a family
"attached about a year ago" is attached a few weeks before the first of the three school terms that
last month's claim measures, so every outcome can be measured on the claim's last day. Who and what
is in `data/families.toml`."""

import datetime
import tomllib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.casework import actions as casework
from eunomia.casework.models import Case, Person, SharingAgreement
from eunomia.core.periods import year_containing
from eunomia.demo.data import FOLDER
from eunomia.families import actions, queries
from eunomia.families import rules as rule_documents
from eunomia.families.models import Fact
from eunomia.interventions import actions as interventions
from eunomia.referrals import actions as referrals

with open(FOLDER / "families.toml", "rb") as data:
    FAMILIES = tomllib.load(data)

PRESETS = ("phase-1-2012-15", "phase-2-2015-20")
LOCAL_MODEL = "phase-2-2015-20"
# Identified this long before attachment (never before the phase starts).
IDENTIFIED_BEFORE_ATTACHMENT = datetime.timedelta(days=21)
KINGSMEAD_CASE = "Kingsmead Close: youths targeting an older resident"


# Dates -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    name: str
    first: datetime.date
    last: datetime.date


def school_terms(until, count=6):
    """The latest `count` school terms ending on or before `until`, oldest first. The demo's schools
    keep the same dates every year: autumn 1 September to 19 December, spring 5 January to 27 March,
    summer 13 April to 22 July."""
    terms = []
    for year in range(until.year - 3, until.year + 1):
        terms += [Term(f"Spring term {year}", datetime.date(year, 1, 5), datetime.date(year, 3, 27)),
                  Term(f"Summer term {year}", datetime.date(year, 4, 13), datetime.date(year, 7, 22)),
                  Term(f"Autumn term {year}", datetime.date(year, 9, 1), datetime.date(year, 12, 19))]
    return [term for term in terms if term.last <= until][-count:]


@dataclass(frozen=True)
class Calendar:
    """The demo's Family Focus dates, counted from `today`."""

    today: datetime.date

    @property
    def phase(self):
        """The local rule set runs from April of last plan year to March of next."""
        current = year_containing(self.today, 4)
        return datetime.date(current - 1, 4, 1), datetime.date(current + 1, 3, 31)

    @property
    def claim_period(self):
        """Last month: the claim's period, its outcomes assessed on the last day."""
        last = self.today.replace(day=1) - datetime.timedelta(days=1)
        return last.replace(day=1), last

    @property
    def claim_terms(self):
        """The three terms a school outcome is measured over on the claim's last day."""
        return school_terms(self.claim_period[1])[-3:]

    def start(self, weeks_before_terms):
        """The day a family of the year's cohort starts (is attached, or for one never attached, is
        identified): `weeks_before_terms` weeks before the claim's first term, within the phase."""
        return max(self.phase[0], self.claim_terms[0].first - datetime.timedelta(weeks=weeks_before_terms))

    def identified(self, start):
        return max(self.phase[0], start - IDENTIFIED_BEFORE_ATTACHMENT)


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# Building --------------------------------------------------------------------------------------------

@dataclass
class _Context:
    partnership: object
    calendar: Calendar
    rule_set: object
    agreement: object
    manager: object
    csu: object
    worker: object
    orgs: dict


def build_families_demo(demo, partnership):
    """The rule sets, the twelve families and the claim; returns {last name: Family}."""
    calendar = Calendar(timezone.localdate())
    manager = demo.manager
    for preset in PRESETS:
        actions.add_preset(by=manager, partnership=partnership, preset=preset)
    _programme, _phase, _start, _end, document = rule_documents.presets()[LOCAL_MODEL]
    first, last = calendar.phase
    rule_set = actions.save_rule_set(by=manager, partnership=partnership, programme=FAMILIES["programme"],
                                     phase=FAMILIES["phase"].format(first=first.year, last=last.year),
                                     starts_on=first, ends_on=last, rules=document)
    context = _Context(partnership, calendar, rule_set,
                       SharingAgreement.objects.get(partnership=partnership, parties=demo.orgs["council"],
                                                    title__contains="ASB Task Group"),
                       manager, demo.users["csu"], demo.users["families"], demo.orgs)
    families = {entry["last_name"]: _household(context, entry) for entry in FAMILIES["families"]}
    _claim(context, families, demo.users["auditor"])
    return families


def _person(context, entry, member, n):
    """A member as a casework person: the young person named in the police's reports is the
    police's record; the council adds the rest of the household."""
    partnership, today = context.partnership, context.calendar.today
    if member.get("existing"):
        return Person.objects.get(partnership=partnership, first_name=member["first_name"],
                                  last_name=entry["last_name"])
    by, organisation = ((context.csu, context.orgs["police"]) if member.get("perpetrator")
                        else (context.worker, context.orgs["council"]))
    born = datetime.date(member["born"], n * 5 % 12 + 1, 9 + n * 4)
    child = member["relationship"] == "child" and born > today.replace(year=today.year - 18)
    return casework.add_person(by=by, partnership=partnership, organisation=organisation,
                               first_name=member["first_name"], last_name=member.get("last_name", entry["last_name"]),
                               date_of_birth=born, address=entry["address"], postcode=entry["postcode"],
                               flags=["child"] if child else [])


def _reports_and_case(context, entry, start, young_person):
    """The police's reports naming the young person, gathered in a case shared with the council."""
    asb, claim_end = entry.get("asb", {}), context.calendar.claim_period[1]
    days = ([start - datetime.timedelta(days=d) for d in asb.get("before", [])]
            + [claim_end - datetime.timedelta(days=d) for d in asb.get("latest", [])])
    reports = []
    for n, day in enumerate(sorted(days)):
        category, description = entry["incidents"][n % len(entry["incidents"])]
        reports.append(casework.record_report(
            by=context.csu, partnership=context.partnership, organisation=context.orgs["police"],
            occurred_at=_at(day, 20), reported_at=_at(day, 21), category=category, source="police",
            description=description, address=entry["address"], postcode=entry["postcode"],
            people=[(young_person, "perpetrator")]))
    case = casework.open_case(by=context.csu, partnership=context.partnership, organisation=context.orgs["police"],
                              title=f"{entry['address']}: ASB by a young person", reports=reports,
                              opened_on=min(days))
    casework.add_party(by=context.csu, case=case, person=young_person, role="perpetrator")
    return reports, case


def _fact(context, family, member, kind, first, last, value=None, source=""):
    return actions.record_fact(by=context.worker, family=family, member=member, kind=kind,
                               value=None if value is None else Decimal(str(value)), period_start=first,
                               period_end=last, source=source)


def _school(context, family, member, school, terms, values, *, problem=None):
    """A school's termly return for `terms`: absence, and exclusions where there were any."""
    for term, (absence, exclusions) in zip(terms, values):
        source = f"{school} termly return, {term.name.lower()}"
        facts = [_fact(context, family, member, Fact.Kind.UNAUTHORISED_ABSENCE, term.first, term.last, absence,
                       source)]
        if exclusions:
            facts.append(_fact(context, family, member, Fact.Kind.FIXED_TERM_EXCLUSIONS, term.first, term.last,
                               exclusions, source))
        for fact in facts if problem else ():
            actions.add_evidence(by=context.worker, family=family, problem=problem, fact=fact)


def _household(context, entry):
    calendar, worker = context.calendar, context.worker
    today, story = calendar.today, entry["story"]
    if story == "new":
        identified_on = today - datetime.timedelta(days=entry["identified_days_ago"])
        start = today - datetime.timedelta(days=entry["attached_days_ago"])
    else:
        start = calendar.start(entry["weeks_before_terms"])
        identified_on = start if story in ("identified", "refused") else calendar.identified(start)
    people = [(member, _person(context, entry, member, n)) for n, member in enumerate(entry["members"])]
    young_person = next(person for member, person in people if member.get("perpetrator") or member.get("existing"))
    if story == "new":
        case = Case.objects.get(partnership=context.partnership, title=KINGSMEAD_CASE)
        reports = list(case.reports.filter(people_links__person=young_person, people_links__role="perpetrator"))
    else:
        reports, case = _reports_and_case(context, entry, start, young_person)
    casework.share_case(by=context.csu, case=case, organisation=context.orgs["council"], agreement=context.agreement,
                        on=identified_on)

    family = actions.identify(by=worker, partnership=context.partnership, organisation=context.orgs["council"],
                              rule_set=context.rule_set, identified_on=identified_on, lead_professional=worker)
    members = {}
    for member, person in people:
        members[member["first_name"]] = actions.add_member(by=worker, family=family, person=person,
                                                           relationship=member["relationship"])
    _evidence(context, entry, family, members, reports, case, identified_on)

    if story in ("claimed", "attached", "closed", "new"):
        actions.attach(by=worker, family=family, on=start)
    elif story == "override":
        actions.attach(by=context.manager, family=family, on=start, override_reason=FAMILIES["override_reason"],
                       may_override=True)
    elif story == "refused":
        try:
            actions.attach(by=worker, family=family, on=start)
        except ValidationError:
            pass  # one problem of the two the rules need: it stays identified, in the comparison cohort
    if family.attached_on is None:
        return family
    _progress(context, entry, family, members, start)
    _plan(context, entry, family, members, start)
    _support(context, entry, family, members, start, case)
    if story == "new":
        # Harrowdale Homes, doing the Task Group's home visit, reads the family.
        actions.share(by=worker, family=family, organisation=context.orgs["harrowdale_homes"],
                      agreement=context.agreement)
    if "closed_days_ago" in entry:
        actions.close(by=worker, family=family, on=today - datetime.timedelta(days=entry["closed_days_ago"]))
    return family


def _evidence(context, entry, family, members, reports, case, identified_on):
    """What the family was identified on: the reports and case, the school's returns for the two terms
    before, the DWP's benefits data and a GP's letter."""
    worker = context.worker
    for report in reports:
        if report.occurred_at < _at(identified_on, 0):
            actions.add_evidence(by=worker, family=family, problem="crime_asb", report=report)
    actions.add_evidence(by=worker, family=family, problem="crime_asb", case=case)
    if "school" in entry:
        school = entry["school"]
        _school(context, family, members[school["child"]], school["school"],
                school_terms(identified_on - datetime.timedelta(days=1), 2), school["before"], problem="education")
    before = (identified_on - datetime.timedelta(days=240), identified_on - datetime.timedelta(days=1))
    for member in entry["members"]:
        if member.get("benefits"):
            fact = _fact(context, family, members[member["first_name"]], Fact.Kind.OUT_OF_WORK_BENEFITS, *before,
                         source="DWP data share: out-of-work benefits")
            actions.add_evidence(by=worker, family=family, problem="worklessness", fact=fact)
        if member.get("health"):
            fact = _fact(context, family, members[member["first_name"]], Fact.Kind.HEALTH, *before,
                         source="GP's letter: depression, on the waiting list for talking therapies")
            actions.add_evidence(by=worker, family=family, problem="health", fact=fact)


def _progress(context, entry, family, members, start):
    """The school's returns for the terms since attachment, and an adult's work."""
    claim_end = context.calendar.claim_period[1]
    if entry.get("school", {}).get("terms"):
        school = entry["school"]
        _school(context, family, members[school["child"]], school["school"], context.calendar.claim_terms,
                school["terms"])
    for member in entry["members"]:
        if member.get("work"):
            _fact(context, family, members[member["first_name"]], Fact.Kind.CONTINUOUS_EMPLOYMENT,
                  start + datetime.timedelta(days=28), claim_end - datetime.timedelta(days=3),
                  source="DWP data share: HMRC real-time earnings, one employer throughout")


def _plan(context, entry, family, members, start):
    worker, today = context.worker, context.calendar.today

    def after(days):
        return start + datetime.timedelta(days=days)

    actions.agree_plan(by=worker, family=family, on=min(after(10), today))
    goals = [actions.add_goal(by=worker, family=family, text=goal["text"], problem=goal["problem"])
             for goal in entry.get("goals", [])]
    for planned in entry.get("actions", []):
        due = today + datetime.timedelta(days=planned["due_in"]) if "due_in" in planned else after(planned["due"])
        action = actions.add_action(by=worker, family=family, text=planned["text"],
                                    owner=context.orgs[planned["owner"]], due_on=due, goal=goals[planned["goal"]])
        if "done" in planned:
            actions.complete_action(by=worker, action=action, on=after(planned["done"]))
    for review in entry.get("reviews", []):
        actions.add_review(by=worker, family=family, reviewed_on=after(review["after"]), summary=review["summary"])


def _support(context, entry, family, members, start, case):
    """An intervention in the young person's case and a referral to a service, linked to the plan."""
    worker = context.worker

    def after(days):
        return start + datetime.timedelta(days=days)

    if "intervention" in entry:
        given = entry["intervention"]
        young_person = case.parties.get(role="perpetrator").person
        intervention = interventions.record_intervention(by=context.csu, case=case, person=young_person,
                                                         kind=given["kind"], issued_on=after(given["after"]),
                                                         notes=given["notes"])
        actions.link_support(by=worker, family=family, intervention=intervention)
    if "referral" in entry:
        given = entry["referral"]
        referral = referrals.refer(by=worker, person=members[given["member"]].person,
                                   organisation=context.orgs["council"], service=given["service"],
                                   referred_on=after(given["after"]))
        referrals.update_status(by=worker, referral=referral, status="accepted", on=after(given["after"] + 7))
        if given["outcome"]:
            referrals.update_status(by=worker, referral=referral, status="completed",
                                    on=after(given["after"] + 90), outcome=given["outcome"])
        actions.link_support(by=worker, family=family, referral=referral)


def _claim(context, families, auditor):
    """Last month's claim: the key worker claims the five families' outcomes and attachment fees, the
    CSP manager approves it, the programme auditor draws the spot check and checks the lines drawn."""
    first, last = context.calendar.claim_period
    claim = actions.create_claim(by=context.worker, partnership=context.partnership, rule_set=context.rule_set,
                                 title=FAMILIES["claim_title"].format(month=f"{first:%B %Y}"),
                                 period_start=first, period_end=last)
    claimed = [(families[entry["last_name"]], entry["claim"]) for entry in FAMILIES["families"] if "claim" in entry]
    actions.add_lines(by=context.worker, claim=claim,
                      entries=[entry for family, outcome in claimed
                               for entry in ((family, outcome), (family, rule_documents.ATTACHMENT))])
    actions.approve_claim(by=context.manager, claim=claim)
    # The auditor draws the sample: whoever made or approved a claim may not choose its seed.
    spot_check = FAMILIES["spot_check"]
    actions.draw_spot_check(by=auditor, claim=claim, size=spot_check["size"], seed=spot_check["seed"])
    for line in queries.sampled_lines(claim):
        fails = line.outcome == rule_documents.ATTACHMENT and bool(line.family.override_reason)
        actions.record_check(by=auditor, line=line, passed=not fails,
                             reason=FAMILIES["withdrawn_reason"] if fails else "")
    return claim

