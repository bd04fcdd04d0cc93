"""Figures the plan can quote from the operations log, events and campaigns. Each counts the
partnership's own records by the date named in its definition, the period's first and last days
included."""

from django.db.models import OuterRef, Q, Subquery, Sum
from django.urls import reverse

from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, COUNTS_PEOPLE, measure
from eunomia.operations.models import (
    EnforcementOperation, Event, PaybackProject, PremisesVisit, SchemeExclusion, SchemeMember, TestPurchase,
    TrainingAttendance, TrainingSession,
)
from eunomia.operations.queries import (
    enforcement_in, events_in, exclusions_in, payback_in, read_by_members, scheme_members_in, test_purchases_in,
    training_attendance_in, training_in, visits_in,
)

SOURCE = "Eunomia: the operations log, recorded by the partner organisations that carried the work out"
EVENTS_SOURCE = "Eunomia: events and campaigns, recorded by the partner organisations that ran them"


def _in_period(queryset, field, start, end):
    return queryset.filter(**{f"{field}__gte": start, f"{field}__lte": end})


def _total(queryset, field):
    return queryset.aggregate(total=Sum(field))["total"] or 0


# What an operations figure counted (ADR 69). None of it is personal data (ADR 60): a member who may
# read the plan reads every record of the log, as its pages show them.

def _url(name, partnership_of=lambda r: r.partnership):
    return lambda r: reverse(f"operations:{name}", args=[partnership_of(r).slug, r.pk])


def _scheme_url(r):
    return reverse("operations:scheme", args=[r.scheme.partnership.slug, r.scheme_id])


record_kind("operations.test_purchase", model=TestPurchase, noun="test purchase", plural="test purchases",
            visible=read_by_members(test_purchases_in), when="made_on",
            select_related=("premises", "owner_organisation", "partnership"),
            columns=[("Premises", lambda r: str(r.premises)), ("Product", lambda r: r.get_product_display()),
                     ("Result", lambda r: r.get_result_display()),
                     ("Recorded by", lambda r: r.owner_organisation.name)],
            url=_url("test_purchase"))
record_kind("operations.visit", model=PremisesVisit, noun="licensed-premises visit",
            plural="licensed-premises visits", visible=read_by_members(visits_in), when="visited_on",
            select_related=("premises", "owner_organisation", "partnership"),
            columns=[("Premises", lambda r: str(r.premises)), ("Purpose", lambda r: r.get_purpose_display()),
                     ("Recorded by", lambda r: r.owner_organisation.name)],
            url=_url("visit"))
record_kind("operations.training_session", model=TrainingSession, noun="training session",
            plural="training sessions", visible=read_by_members(training_in), when="held_on",
            select_related=("owner_organisation", "partnership"),
            columns=[("Topic", lambda r: r.topic), ("Recorded by", lambda r: r.owner_organisation.name)],
            url=_url("training"))
record_kind("operations.training_attendance", model=TrainingAttendance, noun="organisation's attendance",
            plural="organisations' attendances", visible=read_by_members(training_attendance_in),
            owner="session__owner_organisation_id", when="session__held_on",
            select_related=("session__owner_organisation", "session__partnership", "organisation"),
            columns=[("Session", lambda r: r.session.topic), ("Organisation attending", lambda r: r.organisation.name),
                     ("People", lambda r: r.people), ("Recorded by", lambda r: r.session.owner_organisation.name)],
            url=lambda r: reverse("operations:training", args=[r.session.partnership.slug, r.session_id]))
record_kind("operations.payback", model=PaybackProject, noun="Community Payback project",
            plural="Community Payback projects", visible=read_by_members(payback_in), when="nominated_on",
            select_related=("nominated_by", "owner_organisation", "partnership"),
            columns=[("Site", lambda r: r.site), ("Nominated by", lambda r: r.nominated_by.name),
                     ("Completed on", lambda r: r.completed_on or ""), ("Hours", lambda r: r.hours),
                     ("Recorded by", lambda r: r.owner_organisation.name)],
            url=_url("payback"))
record_kind("operations.scheme_member", model=SchemeMember, noun="scheme membership", plural="scheme memberships",
            visible=read_by_members(scheme_members_in), owner="scheme__owner_organisation_id", when="joined_on",
            select_related=("scheme__owner_organisation", "scheme__partnership", "premises"),
            columns=[("Premises", lambda r: str(r.premises)), ("Scheme", lambda r: r.scheme.name),
                     ("Left on", lambda r: r.left_on or ""),
                     ("Scheme run by", lambda r: r.scheme.owner_organisation.name)],
            url=_scheme_url)
record_kind("operations.exclusion", model=SchemeExclusion, noun="scheme exclusion", plural="scheme exclusions",
            visible=read_by_members(exclusions_in), owner="scheme__owner_organisation_id", when="starts_on",
            select_related=("scheme__owner_organisation", "scheme__partnership"),
            columns=[("Reference", lambda r: r.reference), ("Scheme", lambda r: r.scheme.name),
                     ("Ends on", lambda r: r.ends_on), ("Scheme run by", lambda r: r.scheme.owner_organisation.name)],
            url=_scheme_url)
record_kind("operations.enforcement", model=EnforcementOperation, noun="enforcement operation",
            plural="enforcement operations", visible=read_by_members(enforcement_in), when="starts_on",
            select_related=("owner_organisation", "partnership"),
            columns=[("Name", lambda r: r.name), ("Ends on", lambda r: r.ends_on or ""),
                     ("Recorded by", lambda r: r.owner_organisation.name)],
            url=_url("enforcement"))
record_kind("operations.event", model=Event, noun="event", plural="events", visible=read_by_members(events_in),
            when="held_on", select_related=("owner_organisation", "partnership", "campaign"),
            columns=[("Name", lambda r: r.name), ("Campaign", lambda r: r.campaign.name if r.campaign else ""),
                     ("People attending", lambda r: r.people_attended), ("Leaflets", lambda r: r.leaflets),
                     ("Online views", lambda r: r.online_views), ("Recorded by", lambda r: r.owner_organisation.name)],
            url=_url("event"))


@measure("operations.test_purchases", title="Test purchases", unit=Unit.COUNT, source=SOURCE,
         definition="Number of test purchases of age-restricted products (an underage volunteer trying to buy "
                    "alcohol, tobacco, vapes, knives or the like) made in the figure's period, by the date of the "
                    "purchase, {result}.",
         params={"result": [(TestPurchase.Result.PASS.value, "that passed (the sale was refused)"),
                            (TestPurchase.Result.FAIL.value, "that failed (the product was sold)")]},
                            counts=COUNTS_EVENTS)
def test_purchases(*, partnership, period_start, period_end, result):
    return test_purchases_made(partnership, period_start, period_end, result).count()


def test_purchases_made(partnership, period_start, period_end, result):
    purchases = TestPurchase.objects.filter(partnership=partnership, result=result)
    return _in_period(purchases, "made_on", period_start, period_end)


@records_of("operations.test_purchases")
def test_purchases_counted(*, partnership, period_start, period_end, result):
    return Counted("operations.test_purchase", test_purchases_made(partnership, period_start, period_end, result))


@measure("operations.premises_visited", title="Licensed premises visited", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different premises with at least one licensed-premises visit dated in the figure's "
                    "period: premises visited twice count once.", counts=COUNTS_EVENTS)
def premises_visited(*, partnership, period_start, period_end):
    return _visits(partnership, period_start, period_end).values("premises").distinct().count()


def _visits(partnership, period_start, period_end):
    return _in_period(PremisesVisit.objects.filter(partnership=partnership), "visited_on", period_start, period_end)


@records_of("operations.premises_visited")
def premises_visited_counted(*, partnership, period_start, period_end):
    """Each premises once: its latest visit in the period stands for it."""
    visits = _visits(partnership, period_start, period_end)
    latest = visits.filter(premises=OuterRef("premises")).order_by("-visited_on", "-id").values("pk")[:1]
    return Counted("operations.visit", visits.filter(pk=Subquery(latest)),
                   working=lambda t: f"{t.count:,} premises visited, each listed once by its latest visit in the "
                                     "period")


@measure("operations.premises_visits", title="Licensed-premises visits", unit=Unit.COUNT, source=SOURCE,
         definition="Number of licensed-premises visits dated in the figure's period: each visit counts, two to "
                    "the same premises count twice.", counts=COUNTS_EVENTS)
def premises_visits(*, partnership, period_start, period_end):
    return _visits(partnership, period_start, period_end).count()


@records_of("operations.premises_visits")
def premises_visits_counted(*, partnership, period_start, period_end):
    return Counted("operations.visit", _visits(partnership, period_start, period_end))


@measure("operations.training_sessions", title="Training sessions held", unit=Unit.COUNT, source=SOURCE,
         definition="Number of training sessions held in the figure's period, by the date of the session.",
         counts=COUNTS_EVENTS)
def training_sessions(*, partnership, period_start, period_end):
    return _sessions(partnership, period_start, period_end).count()


def _sessions(partnership, period_start, period_end):
    return _in_period(TrainingSession.objects.filter(partnership=partnership), "held_on", period_start, period_end)


@records_of("operations.training_sessions")
def training_sessions_counted(*, partnership, period_start, period_end):
    return Counted("operations.training_session", _sessions(partnership, period_start, period_end))


@measure("operations.training_attendees", title="People trained", unit=Unit.COUNT, source=SOURCE,
         definition="Number of attendances at training sessions held in the figure's period: the people each "
                    "organisation sent to each session, added up (someone at two sessions counts twice).",
                    counts=COUNTS_PEOPLE)
def training_attendees(*, partnership, period_start, period_end):
    return _total(_attendance(partnership, period_start, period_end), "people")


def _attendance(partnership, period_start, period_end):
    return _in_period(TrainingAttendance.objects.filter(session__partnership=partnership), "session__held_on",
                      period_start, period_end)


@records_of("operations.training_attendees")
def training_attendees_counted(*, partnership, period_start, period_end):
    return Counted("operations.training_attendance", _attendance(partnership, period_start, period_end),
                   amount="people",
                   working=lambda t: f"{t.amount:,f} people trained, as {t.count:,} organisations' attendances at "
                                     "sessions held in the period")


@measure("operations.payback_projects_nominated", title="Community Payback projects nominated", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of Community Payback projects nominated in the figure's period, by the date of the "
                    "nomination, completed or not.", counts=COUNTS_EVENTS)
def payback_projects_nominated(*, partnership, period_start, period_end):
    return _payback(partnership, "nominated_on", period_start, period_end).count()


def _payback(partnership, field, period_start, period_end):
    return _in_period(PaybackProject.objects.filter(partnership=partnership), field, period_start, period_end)


@records_of("operations.payback_projects_nominated")
def payback_projects_nominated_counted(*, partnership, period_start, period_end):
    return Counted("operations.payback", _payback(partnership, "nominated_on", period_start, period_end))


@measure("operations.payback_projects_completed", title="Community Payback projects completed", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of Community Payback projects completed in the figure's period, by the date of "
                    "completion, whenever they were nominated.", counts=COUNTS_EVENTS)
def payback_projects_completed(*, partnership, period_start, period_end):
    return _payback(partnership, "completed_on", period_start, period_end).count()


@records_of("operations.payback_projects_completed")
def payback_projects_completed_counted(*, partnership, period_start, period_end):
    return Counted("operations.payback", _payback(partnership, "completed_on", period_start, period_end))


@measure("operations.payback_hours", title="Hours of Community Payback work", unit=Unit.NUMBER, source=SOURCE,
         definition="Hours of unpaid work on the Community Payback projects completed in the figure's period, by "
                    "the date of completion: each project's total hours, added up. Projects not yet completed "
                    "are not counted.")
def payback_hours(*, partnership, period_start, period_end):
    return _total(_payback(partnership, "completed_on", period_start, period_end), "hours")


@records_of("operations.payback_hours")
def payback_hours_counted(*, partnership, period_start, period_end):
    return Counted("operations.payback", _payback(partnership, "completed_on", period_start, period_end),
                   amount="hours")


@measure("operations.scheme_members_at_end", title="Scheme members at the end of the period", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of premises that were members of the partnership's schemes (such as Safer Towns) on "
                    "the last day of the figure's period: joined on or before that day and not left before it (a "
                    "premises counts on the day it leaves). A premises in two schemes counts twice.",
                    counts=COUNTS_EVENTS)
def scheme_members_at_end(*, partnership, period_start, period_end):
    return _members_on(partnership, period_end).count()


def _members_on(partnership, day):
    return SchemeMember.objects.filter(scheme__partnership=partnership, joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=day))


@records_of("operations.scheme_members_at_end")
def scheme_members_at_end_counted(*, partnership, period_start, period_end):
    return Counted("operations.scheme_member", _members_on(partnership, period_end))


@measure("operations.exclusions_started", title="Scheme exclusions starting", unit=Unit.COUNT, source=SOURCE,
         definition="Number of exclusions from the premises of the partnership's schemes whose first day is in the "
                    "figure's period, counted by the scheme's reference (no person is named).", counts=COUNTS_EVENTS)
def exclusions_started(*, partnership, period_start, period_end):
    return _exclusions_starting(partnership, period_start, period_end).count()


def _exclusions_starting(partnership, period_start, period_end):
    return _in_period(SchemeExclusion.objects.filter(scheme__partnership=partnership), "starts_on", period_start,
                      period_end)


@records_of("operations.exclusions_started")
def exclusions_started_counted(*, partnership, period_start, period_end):
    return Counted("operations.exclusion", _exclusions_starting(partnership, period_start, period_end))


@measure("operations.exclusions_active_at_end", title="Scheme exclusions in force at the end of the period",
         unit=Unit.COUNT, source=SOURCE,
         definition="Number of exclusions from the premises of the partnership's schemes in force on the last day "
                    "of the figure's period: begun on or before that day and ending on or after it (an exclusion "
                    "is in force on its last day).", counts=COUNTS_EVENTS)
def exclusions_active_at_end(*, partnership, period_start, period_end):
    return _exclusions_active_on(partnership, period_end).count()


def _exclusions_active_on(partnership, day):
    return SchemeExclusion.objects.filter(scheme__partnership=partnership, starts_on__lte=day, ends_on__gte=day)


@records_of("operations.exclusions_active_at_end")
def exclusions_active_at_end_counted(*, partnership, period_start, period_end):
    return Counted("operations.exclusion", _exclusions_active_on(partnership, period_end))


@measure("operations.enforcement_operations", title="Enforcement operations", unit=Unit.COUNT, source=SOURCE,
         definition="Number of enforcement operations whose first day is in the figure's period.", counts=COUNTS_EVENTS)
def enforcement_operations(*, partnership, period_start, period_end):
    return _operations(partnership, period_start, period_end).count()


def _operations(partnership, period_start, period_end):
    return _in_period(EnforcementOperation.objects.filter(partnership=partnership), "starts_on", period_start,
                      period_end)


@records_of("operations.enforcement_operations")
def enforcement_operations_counted(*, partnership, period_start, period_end):
    return Counted("operations.enforcement", _operations(partnership, period_start, period_end))


def _events(partnership, period_start, period_end):
    return _in_period(Event.objects.filter(partnership=partnership), "held_on", period_start, period_end)


@measure("operations.events_held", title="Events held", unit=Unit.COUNT, source=EVENTS_SOURCE,
         definition="Number of events (stalls, talks, assemblies, online pushes) held in the figure's period, by "
                    "the date of the event, in a campaign or not.", counts=COUNTS_EVENTS)
def events_held(*, partnership, period_start, period_end):
    return _events(partnership, period_start, period_end).count()


@records_of("operations.events_held")
def events_held_counted(*, partnership, period_start, period_end):
    return Counted("operations.event", _events(partnership, period_start, period_end))


@measure("operations.people_reached", title="People reached at events", unit=Unit.COUNT, source=EVENTS_SOURCE,
         definition="Number of people who attended the events held in the figure's period, as each event's "
                    "organiser counted them, added up (someone at two events counts twice).", counts=COUNTS_PEOPLE)
def people_reached(*, partnership, period_start, period_end):
    return _total(_events(partnership, period_start, period_end), "people_attended")


@records_of("operations.people_reached")
def people_reached_counted(*, partnership, period_start, period_end):
    return Counted("operations.event", _events(partnership, period_start, period_end), amount="people_attended",
                   working=lambda t: f"{t.amount:,f} people at {t.count:,} events held in the period")


@measure("operations.leaflets", title="Leaflets given out at events", unit=Unit.COUNT, source=EVENTS_SOURCE,
         definition="Number of leaflets given out at the events held in the figure's period, added up.",
         counts=COUNTS_EVENTS)
def leaflets(*, partnership, period_start, period_end):
    return _total(_events(partnership, period_start, period_end), "leaflets")


@records_of("operations.leaflets")
def leaflets_counted(*, partnership, period_start, period_end):
    return Counted("operations.event", _events(partnership, period_start, period_end), amount="leaflets",
                   working=lambda t: f"{t.amount:,f} leaflets given out at {t.count:,} events held in the period")


@measure("operations.online_views", title="Online views of events", unit=Unit.COUNT, source=EVENTS_SOURCE,
         definition="Number of online views (of posts, videos or pages) recorded for the events held in the "
                    "figure's period, added up.", counts=COUNTS_EVENTS)
def online_views(*, partnership, period_start, period_end):
    return _total(_events(partnership, period_start, period_end), "online_views")


@records_of("operations.online_views")
def online_views_counted(*, partnership, period_start, period_end):
    return Counted("operations.event", _events(partnership, period_start, period_end), amount="online_views",
                   working=lambda t: f"{t.amount:,f} online views of {t.count:,} events held in the period")
