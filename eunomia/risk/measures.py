"""Figures that count casework victims by their risk assessments as well as their records.

The key keeps its casework name: figures already calculated name it."""

from eunomia.casework.measures import SOURCE, victim_links
from eunomia.casework.models import Person
from eunomia.core.dates import local_day_range
from eunomia.figures.drilldown import Counted, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_PEOPLE, measure
from eunomia.risk.models import Band, QuestionSet, RiskAssessment

VULNERABILITY_FLAGS = set(Person.Flag.values) - {Person.Flag.REPEAT}


@measure("casework.vulnerable_victims", title="Vulnerable victims of anti-social behaviour", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of different people named as victim or complainant in a report that happened in the "
                    "figure's period (recorded by any organisation) who have a vulnerability flag (under 18, older "
                    "person, disability, mental health, learning disability, socially isolated) as their record "
                    "stands when the figure is calculated, or whose risk as a victim was medium or high at some "
                    "time in the period: their latest victim risk assessment made before the period began, or any "
                    "made during it, was medium or high.", counts=COUNTS_PEOPLE)
def vulnerable_victims(*, partnership, period_start, period_end):
    return len(vulnerable_victim_ids(partnership, period_start, period_end))


@records_of("casework.vulnerable_victims")
def vulnerable_victims_counted(*, partnership, period_start, period_end):
    return Counted("casework.person", Person.objects.filter(
        pk__in=vulnerable_victim_ids(partnership, period_start, period_end)))


def vulnerable_victim_ids(partnership, period_start, period_end):
    victims = {who for who, _, _ in victim_links(partnership, *local_day_range(period_start, period_end))}
    flagged = {p.pk for p in Person.objects.filter(pk__in=victims) if VULNERABILITY_FLAGS & set(p.flags)}
    at_risk = set()
    assessments = (RiskAssessment.objects.filter(person__in=victims - flagged, assessed_on__lte=period_end,
                                                 question_set__kind=QuestionSet.Kind.VICTIM)
                   .order_by("person_id", "-assessed_on", "-id").values_list("person_id", "assessed_on", "band"))
    held_before = set()
    for person_id, assessed_on, band in assessments:
        if assessed_on < period_start:
            if person_id in held_before:
                continue  # only the latest before the period was in force in it
            held_before.add(person_id)
        if band in (Band.MEDIUM, Band.HIGH):
            at_risk.add(person_id)
    return flagged | at_risk
