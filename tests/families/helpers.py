"""Families for tests, built through the real actions: a rule set on Phase 2's rules whose dates
cover any day the suite runs, casework people and reports, facts and evidence."""

import datetime
from decimal import Decimal

from django.utils import timezone

from eunomia.casework import actions as casework
from eunomia.casework.models import Report, Role
from eunomia.domesticabuse import actions as da
from eunomia.families import actions, rules
from eunomia.families.models import Fact
from tests.clock import at

TODAY = timezone.localdate()


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


def rule_set(by, partnership, preset="phase-2-2015-20", phase="Local rules", **changes):
    """The rules of `preset` under a phase running from five years before today to five after."""
    programme, _phase, _start, _end, document = rules.presets()[preset]
    document = {**document, **changes}
    return actions.save_rule_set(by=by, partnership=partnership, programme=programme, phase=phase,
                                 starts_on=TODAY.replace(year=TODAY.year - 5, day=1),
                                 ends_on=TODAY.replace(year=TODAY.year + 5, day=1), rules=document)


def person(by, partnership, organisation, first, last, born):
    return casework.add_person(by=by, partnership=partnership, organisation=organisation, first_name=first,
                               last_name=last, date_of_birth=born)


def family(by, partnership, organisation, rule_set, *, identified_on=None, members=()):
    """A family identified `identified_on` (a year and a half ago unless given) with `members`:
    (first name, last name, date of birth, relationship) each, added to casework first."""
    found = actions.identify(by=by, partnership=partnership, organisation=organisation, rule_set=rule_set,
                             identified_on=identified_on or days_ago(540))
    for first, last, born, relationship in members:
        actions.add_member(by=by, family=found, person=person(by, partnership, organisation, first, last, born),
                           relationship=relationship)
    return found


def household(by, partnership, organisation, rule_set, **kwargs):
    """A mother, her son of 14 and her daughter of 9."""
    return family(by, partnership, organisation, rule_set, members=[
        ("Dana", "Fletcher", TODAY.replace(year=TODAY.year - 38, day=1), "parent"),
        ("Kyle", "Fletcher", TODAY.replace(year=TODAY.year - 14, day=1), "child"),
        ("Mia", "Fletcher", TODAY.replace(year=TODAY.year - 9, day=1), "child"),
    ], **kwargs)


def member(family, first_name):
    return family.members.get(person__first_name=first_name)


def asb(by, family, first_name, day, *, role=Role.PERPETRATOR):
    """A report of ASB on `day` naming the member called `first_name`."""
    who = member(family, first_name).person
    return casework.record_report(by=by, partnership=family.partnership, organisation=family.owner_organisation,
                                  occurred_at=at(day), reported_at=at(day, 13), category=Report.Category.NUISANCE,
                                  source=Report.Source.POLICE, description="Youths shouting in the street",
                                  people=[(who, role)])


def fact(by, family, first_name, kind, start, end, value=None, source="Testvale Academy termly return"):
    return actions.record_fact(by=by, family=family, member=member(family, first_name), kind=kind,
                               value=None if value is None else Decimal(str(value)), period_start=start,
                               period_end=end, source=source)


def hold(by, family, problem, first_name, kind, *, start=None, end=None, value=None):
    """Evidence that `family` holds `problem`: a fact of `kind` about the member called `first_name`,
    recorded and added as evidence. Unless dates are given the fact covers a month two years before
    the family was identified, so it falls in no window an outcome measures."""
    start = start or family.identified_on - datetime.timedelta(days=730)
    end = end or start + datetime.timedelta(days=30)
    found = fact(by, family, first_name, kind, start, end, value=value, source="Partner's return")
    actions.add_evidence(by=by, family=family, problem=problem, fact=found)
    return found


def attach(by, family, on, **kwargs):
    return actions.attach(by=by, family=family, on=on, **kwargs)


def da_incident(by, partnership, day):
    """A domestic abuse incident on `day` (`by` holds DA_EDIT): its people are DA records, not casework's."""
    victim = da.save_person(by=by, partnership=partnership, first_name="Dana", last_name="Fletcher")
    abuser = da.save_person(by=by, partnership=partnership, first_name="Lee", last_name="Fletcher")
    return da.record_incident(by=by, victim=victim, perpetrator=abuser, occurred_on=day,
                              description="Shouting and threats at home")


def turned_around(by, partnership, organisation, rule_set, *, attached_on=None):
    """A household attached under Phase 2's rules (`attached_on`, 400 days ago unless given), holding
    crime and ASB (a report naming the son) and worklessness (the mother's benefits), with 5 ASB reports
    naming the son in the 30 days before attachment and 2 in the last 30 days: a 60% fall, so
    significant and sustained progress is met on any day from today until those 2 leave the window."""
    attached_on = attached_on or days_ago(400)
    found = household(by, partnership, organisation, rule_set, identified_on=attached_on - datetime.timedelta(days=60))
    reports = [asb(by, found, "Kyle", attached_on - datetime.timedelta(days=days)) for days in (30, 20, 10, 5, 1)]
    asb(by, found, "Kyle", days_ago(20))
    asb(by, found, "Kyle", days_ago(10))
    actions.add_evidence(by=by, family=found, problem="crime_asb", report=reports[0])
    hold(by, found, "worklessness", "Dana", Fact.Kind.OUT_OF_WORK_BENEFITS)
    actions.attach(by=by, family=found, on=attached_on)
    return found
