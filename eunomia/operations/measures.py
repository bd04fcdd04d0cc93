"""Figures the plan can quote from the operations log, events and campaigns. Each counts the
partnership's own records by the date named in its definition, the period's first and last days
included."""

from django.db.models import Q, Sum

from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, COUNTS_PEOPLE, measure
from eunomia.operations.models import (
    EnforcementOperation, Event, PaybackProject, PremisesVisit, SchemeExclusion, SchemeMember, TestPurchase,
    TrainingAttendance, TrainingSession,
)

SOURCE = "Eunomia: the operations log, recorded by the partner organisations that carried the work out"
EVENTS_SOURCE = "Eunomia: events and campaigns, recorded by the partner organisations that ran them"


def _in_period(queryset, field, start, end):
    return queryset.filter(**{f"{field}__gte": start, f"{field}__lte": end})


def _total(queryset, field):
    return queryset.aggregate(total=Sum(field))["total"] or 0


@measure("operations.test_purchases", title="Test purchases", unit=Unit.COUNT, source=SOURCE,
         definition="Number of test purchases of age-restricted products (an underage volunteer trying to buy "
                    "alcohol, tobacco, vapes, knives or the like) made in the figure's period, by the date of the "
                    "purchase, {result}.",
         params={"result": [(TestPurchase.Result.PASS.value, "that passed (the sale was refused)"),
                            (TestPurchase.Result.FAIL.value, "that failed (the product was sold)")]},
                            counts=COUNTS_EVENTS)
def test_purchases(*, partnership, period_start, period_end, result):
    purchases = TestPurchase.objects.filter(partnership=partnership, result=result)
    return _in_period(purchases, "made_on", period_start, period_end).count()


@measure("operations.premises_visited", title="Licensed premises visited", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different premises with at least one licensed-premises visit dated in the figure's "
                    "period: premises visited twice count once.", counts=COUNTS_EVENTS)
def premises_visited(*, partnership, period_start, period_end):
    visits = _in_period(PremisesVisit.objects.filter(partnership=partnership), "visited_on", period_start, period_end)
    return visits.values("premises").distinct().count()


@measure("operations.premises_visits", title="Licensed-premises visits", unit=Unit.COUNT, source=SOURCE,
         definition="Number of licensed-premises visits dated in the figure's period: each visit counts, two to "
                    "the same premises count twice.", counts=COUNTS_EVENTS)
def premises_visits(*, partnership, period_start, period_end):
    return _in_period(PremisesVisit.objects.filter(partnership=partnership), "visited_on", period_start,
                      period_end).count()


@measure("operations.training_sessions", title="Training sessions held", unit=Unit.COUNT, source=SOURCE,
         definition="Number of training sessions held in the figure's period, by the date of the session.",
         counts=COUNTS_EVENTS)
def training_sessions(*, partnership, period_start, period_end):
    return _in_period(TrainingSession.objects.filter(partnership=partnership), "held_on", period_start,
                      period_end).count()


@measure("operations.training_attendees", title="People trained", unit=Unit.COUNT, source=SOURCE,
         definition="Number of attendances at training sessions held in the figure's period: the people each "
                    "organisation sent to each session, added up (someone at two sessions counts twice).",
                    counts=COUNTS_PEOPLE)
def training_attendees(*, partnership, period_start, period_end):
    rows = _in_period(TrainingAttendance.objects.filter(session__partnership=partnership), "session__held_on",
                      period_start, period_end)
    return _total(rows, "people")


@measure("operations.payback_projects_nominated", title="Community Payback projects nominated", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of Community Payback projects nominated in the figure's period, by the date of the "
                    "nomination, completed or not.", counts=COUNTS_EVENTS)
def payback_projects_nominated(*, partnership, period_start, period_end):
    return _in_period(PaybackProject.objects.filter(partnership=partnership), "nominated_on", period_start,
                      period_end).count()


@measure("operations.payback_projects_completed", title="Community Payback projects completed", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of Community Payback projects completed in the figure's period, by the date of "
                    "completion, whenever they were nominated.", counts=COUNTS_EVENTS)
def payback_projects_completed(*, partnership, period_start, period_end):
    return _in_period(PaybackProject.objects.filter(partnership=partnership), "completed_on", period_start,
                      period_end).count()


@measure("operations.payback_hours", title="Hours of Community Payback work", unit=Unit.NUMBER, source=SOURCE,
         definition="Hours of unpaid work on the Community Payback projects completed in the figure's period, by "
                    "the date of completion: each project's total hours, added up. Projects not yet completed "
                    "are not counted.")
def payback_hours(*, partnership, period_start, period_end):
    completed = _in_period(PaybackProject.objects.filter(partnership=partnership), "completed_on", period_start,
                           period_end)
    return _total(completed, "hours")


@measure("operations.scheme_members_at_end", title="Scheme members at the end of the period", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of premises that were members of the partnership's schemes (such as Safer Towns) on "
                    "the last day of the figure's period: joined on or before that day and not left before it (a "
                    "premises counts on the day it leaves). A premises in two schemes counts twice.",
                    counts=COUNTS_EVENTS)
def scheme_members_at_end(*, partnership, period_start, period_end):
    return SchemeMember.objects.filter(scheme__partnership=partnership, joined_on__lte=period_end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=period_end)).count()


@measure("operations.exclusions_started", title="Scheme exclusions starting", unit=Unit.COUNT, source=SOURCE,
         definition="Number of exclusions from the premises of the partnership's schemes whose first day is in the "
                    "figure's period, counted by the scheme's reference (no person is named).", counts=COUNTS_EVENTS)
def exclusions_started(*, partnership, period_start, period_end):
    return _in_period(SchemeExclusion.objects.filter(scheme__partnership=partnership), "starts_on", period_start,
                      period_end).count()


@measure("operations.exclusions_active_at_end", title="Scheme exclusions in force at the end of the period",
         unit=Unit.COUNT, source=SOURCE,
         definition="Number of exclusions from the premises of the partnership's schemes in force on the last day "
                    "of the figure's period: begun on or before that day and ending on or after it (an exclusion "
                    "is in force on its last day).", counts=COUNTS_EVENTS)
def exclusions_active_at_end(*, partnership, period_start, period_end):
    return SchemeExclusion.objects.filter(scheme__partnership=partnership, starts_on__lte=period_end,
                                          ends_on__gte=period_end).count()


@measure("operations.enforcement_operations", title="Enforcement operations", unit=Unit.COUNT, source=SOURCE,
         definition="Number of enforcement operations whose first day is in the figure's period.", counts=COUNTS_EVENTS)
def enforcement_operations(*, partnership, period_start, period_end):
    return _in_period(EnforcementOperation.objects.filter(partnership=partnership), "starts_on", period_start,
                      period_end).count()


def _events(partnership, period_start, period_end):
    return _in_period(Event.objects.filter(partnership=partnership), "held_on", period_start, period_end)


@measure("operations.events_held", title="Events held", unit=Unit.COUNT, source=EVENTS_SOURCE,
         definition="Number of events (stalls, talks, assemblies, online pushes) held in the figure's period, by "
                    "the date of the event, in a campaign or not.", counts=COUNTS_EVENTS)
def events_held(*, partnership, period_start, period_end):
    return _events(partnership, period_start, period_end).count()


@measure("operations.people_reached", title="People reached at events", unit=Unit.COUNT, source=EVENTS_SOURCE,
         definition="Number of people who attended the events held in the figure's period, as each event's "
                    "organiser counted them, added up (someone at two events counts twice).", counts=COUNTS_PEOPLE)
def people_reached(*, partnership, period_start, period_end):
    return _total(_events(partnership, period_start, period_end), "people_attended")


@measure("operations.leaflets", title="Leaflets given out at events", unit=Unit.COUNT, source=EVENTS_SOURCE,
         definition="Number of leaflets given out at the events held in the figure's period, added up.",
         counts=COUNTS_EVENTS)
def leaflets(*, partnership, period_start, period_end):
    return _total(_events(partnership, period_start, period_end), "leaflets")


@measure("operations.online_views", title="Online views of events", unit=Unit.COUNT, source=EVENTS_SOURCE,
         definition="Number of online views (of posts, videos or pages) recorded for the events held in the "
                    "figure's period, added up.", counts=COUNTS_EVENTS)
def online_views(*, partnership, period_start, period_end):
    return _total(_events(partnership, period_start, period_end), "online_views")
