"""Retention: when casework records have been kept long enough, and erasing them while keeping
what the partnership's statistics need (a report's month, category, source and LSOA stay; who,
where exactly and what was said go).

Periods, from the Home Office's ASB guidance and common council retention schedules:
- a report: 6 years after it happened, unless it is in a case still open or closed less than
  6 years ago;
- a case: 6 years after it was closed;
- a person: 6 years after they were recorded, once no report or case they are in is still kept."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from eunomia.audit import actions as audit
from eunomia.casework import derived
from eunomia.casework.models import Case, CaseParty, Consent, Person, Report, ReportPerson
from eunomia.core.dates import add_years

YEARS = 6
ERASED = "(erased under the retention schedule)"


# Personal data apps above casework keep about casework people (equality answers, say), erased with
# them: functions people -> None, registered from their `personal_data` modules with `also_erase`,
# run inside erase's transaction.
_more_erasers = []


def also_erase(function):
    _more_erasers.append(function)
    return function


@dataclass
class Due:
    cases: list
    reports: list
    people: list


def due(partnership, *, today):
    cutoff = add_years(today, -YEARS)
    cases = list(Case.objects.filter(partnership=partnership, status=Case.Status.CLOSED, closed_on__lt=cutoff)
                 .exclude(title=ERASED))
    kept_cases = Case.objects.filter(partnership=partnership).exclude(pk__in=[c.pk for c in cases])
    reports = list(Report.objects.filter(partnership=partnership, occurred_at__date__lt=cutoff)
                   .exclude(cases__in=kept_cases).exclude(description=ERASED).distinct())
    kept_reports = Report.objects.filter(partnership=partnership).exclude(pk__in=[r.pk for r in reports])
    people = list(Person.objects.filter(partnership=partnership, created_at__date__lt=cutoff).exclude(first_name=ERASED)
                  .exclude(Q(report_links__report__in=kept_reports) | Q(case_links__case__in=kept_cases)).distinct())
    return Due(cases=cases, reports=reports, people=people)


def erase(partnership, *, today, by=None):
    """Depersonalise everything due; returns the Due that was erased. One transaction."""
    found = due(partnership, today=today)
    with transaction.atomic():
        for case in found.cases:
            CaseParty.objects.filter(case=case).delete()
            Case.objects.filter(pk=case.pk).update(title=ERASED, lead_officer=None, place=None)
        named = set(ReportPerson.objects.filter(report__in=found.reports).values_list("person_id", flat=True))
        for report in found.reports:
            ReportPerson.objects.filter(report=report).delete()
            # The place goes with the address: its link would still say where (ADR 70).
            Report.objects.filter(pk=report.pk).update(description=ERASED, address="", postcode="", longitude=None,
                                                       latitude=None, place=None)
        for person in found.people:
            Person.objects.filter(pk=person.pk).update(first_name=ERASED, last_name="", date_of_birth=None, phone="",
                                                       email="", address="", postcode="", flags=[])
            # The consent history's dates and states stay (they name no one); its free text goes.
            Consent.objects.filter(person=person).update(note="")
        for more in _more_erasers:
            more(found.people)
        derived.refresh_people(named)
        audit.record(by=by, action="records.retention_applied", partnership=partnership,
                     data={"cases": [c.pk for c in found.cases], "reports": [r.pk for r in found.reports],
                           "people": [p.pk for p in found.people], "on": today.isoformat()})
    return found

