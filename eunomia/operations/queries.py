"""Reads of the operations log, events and campaigns. None of it is personal data (ADR 60), so every
member who may read the plan reads all of it; what a member may record and change is decided here
from accounts.permissions (a partner practitioner: their own organisation's records only)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, Sum

from eunomia.accounts.permissions import has_permission, organisations_granted
from eunomia.accounts.roles import Permission
from eunomia.operations.models import (
    Campaign, EnforcementOperation, Event, PaybackProject, Premises, PremisesVisit, Scheme, SchemeExclusion,
    SchemeMember, TestPurchase, TrainingAttendance, TrainingSession,
)
from eunomia.partners.queries import directory_of, organisations_in
from eunomia.plans.models import Priority

# Scoped queries: one per model, every page and the API starting from them -----------------------------

def premises_in(partnership):
    return Premises.objects.filter(partnership=partnership).select_related("owner_organisation")


def test_purchases_in(partnership):
    return TestPurchase.objects.filter(partnership=partnership).select_related("premises", "owner_organisation")


def visits_in(partnership):
    return PremisesVisit.objects.filter(partnership=partnership).select_related("premises", "owner_organisation")


def training_in(partnership):
    attendance = Prefetch("attendance", TrainingAttendance.objects.select_related("organisation"))
    return (TrainingSession.objects.filter(partnership=partnership).select_related("owner_organisation")
            .prefetch_related(attendance))


def payback_in(partnership):
    return PaybackProject.objects.filter(partnership=partnership).select_related("nominated_by", "owner_organisation")


def schemes_in(partnership):
    return Scheme.objects.filter(partnership=partnership).select_related("owner_organisation")


def scheme_members_in(partnership):
    return SchemeMember.objects.filter(scheme__partnership=partnership).select_related(
        "scheme__owner_organisation", "scheme__partnership", "premises")


def exclusions_in(partnership):
    return SchemeExclusion.objects.filter(scheme__partnership=partnership).select_related(
        "scheme__owner_organisation", "scheme__partnership")


def enforcement_in(partnership):
    return (EnforcementOperation.objects.filter(partnership=partnership).select_related("owner_organisation")
            .prefetch_related("partners"))


def campaigns_in(partnership):
    return Campaign.objects.filter(partnership=partnership).select_related("owner_organisation", "priority__plan")


def events_in(partnership):
    return (Event.objects.filter(partnership=partnership)
            .select_related("owner_organisation", "campaign", "priority__plan").prefetch_related("partners"))


def read_by_members(query):
    """One of the scoped queries here, `query(partnership)`, as a reader's `(user, partnership)`: all of
    it for a member who may read the plan, as the log's pages show it (ADR 60); nothing for anyone else."""
    def visible_to(user, partnership):
        found = query(partnership)
        return found if has_permission(user, Permission.PLAN_VIEW, partnership=partnership) else found.none()
    return visible_to


def training_attendance_in(partnership):
    return TrainingAttendance.objects.filter(session__partnership=partnership).select_related(
        "session__owner_organisation", "organisation")


def priorities_of(partnership):
    """The priorities of every one of the partnership's plans, the latest plan's first."""
    return (Priority.objects.filter(plan__partnership=partnership).select_related("plan")
            .order_by("-plan__start_year", "position", "id"))


def organisations_named_by(partnership):
    """The organisations a record may name as a partner, a nominator or an attender: the directory."""
    return directory_of(partnership)


# Who may record and change ------------------------------------------------------------------------------

def recording_organisations(user, partnership):
    """The member organisations `user` may record for: every one, for those who hold OPERATIONS_EDIT
    across the partnership; their own, for those who hold it over their organisation's records."""
    members = organisations_in(partnership)
    if has_permission(user, Permission.OPERATIONS_EDIT, partnership=partnership):
        return members
    return members.filter(pk__in=organisations_granted(user, Permission.OPERATIONS_EDIT, partnership))


def may_record(user, partnership):
    return recording_organisations(user, partnership).exists()


def may_change(user, partnership, record):
    """Partnership-wide editors change any record; a partner practitioner only their organisation's."""
    return has_permission(user, Permission.OPERATIONS_EDIT, partnership=partnership, obj=record)


# The log ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """One type of record in the log: its key in addresses and filters, its names, where it is read
    and dated, and its pages."""

    key: str
    label: str
    plural: str
    add_label: str
    query: object
    date_field: str
    detail_url: str
    new_url: str


KINDS = [
    Kind("test-purchases", "Test purchase", "Test purchases", "Record a test purchase", test_purchases_in,
         "made_on", "operations:test_purchase", "operations:test_purchase_new"),
    Kind("visits", "Licensed-premises visit", "Licensed-premises visits", "Record a licensed-premises visit",
         visits_in, "visited_on", "operations:visit", "operations:visit_new"),
    Kind("training", "Training session", "Training sessions", "Record a training session", training_in, "held_on",
         "operations:training", "operations:training_new"),
    Kind("payback", "Community Payback project", "Community Payback projects",
         "Record a Community Payback project", payback_in, "nominated_on", "operations:payback",
         "operations:payback_new"),
    Kind("schemes", "Scheme", "Schemes", "Set up a scheme", schemes_in, "started_on", "operations:scheme",
         "operations:scheme_new"),
    Kind("enforcement", "Enforcement operation", "Enforcement operations", "Record an enforcement operation",
         enforcement_in, "starts_on", "operations:enforcement", "operations:enforcement_new"),
    Kind("campaigns", "Campaign", "Campaigns", "Start a campaign", campaigns_in, "starts_on", "operations:campaign",
         "operations:campaign_new"),
    Kind("events", "Event", "Events", "Record an event", events_in, "held_on", "operations:event",
         "operations:event_new"),
]
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Entry:
    kind: Kind
    record: object

    @property
    def day(self):
        return getattr(self.record, self.kind.date_field)


def records_of(partnership, kind):
    """One type's records, the latest first: the whole list, for paging."""
    date = kind.date_field
    return kind.query(partnership).order_by(f"-{date}", "-id")


def recent_records(partnership, *, limit=25):
    """The latest `limit` records of every type together, the latest first."""
    entries = []
    for kind in KINDS:
        entries += [Entry(kind, record) for record in records_of(partnership, kind)[:limit]]
    entries.sort(key=lambda entry: (entry.day, entry.record.pk), reverse=True)
    return entries[:limit]


# What the pages show beside a record ----------------------------------------------------------------------

def members_on(scheme, day):
    """The scheme's member spells current on `day`: joined on or before it, not left before it."""
    return scheme.members.filter(joined_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))


def exclusions_active_on(scheme, day):
    """Exclusions active on `day`: from their first day to their last, both included."""
    return scheme.exclusions.filter(starts_on__lte=day, ends_on__gte=day)


def campaign_reach(campaign):
    """The campaign's events counted and their reach added up."""
    totals = campaign.events.aggregate(people=Sum("people_attended"), leaflets=Sum("leaflets"),
                                       views=Sum("online_views"))
    return {"events": campaign.events.count(), **{name: total or 0 for name, total in totals.items()}}


def records_at(premises):
    """What the log holds about one premises: test purchases, visits and scheme memberships."""
    return {
        "test_purchases": premises.test_purchases.select_related("owner_organisation"),
        "visits": premises.visits.select_related("owner_organisation"),
        "memberships": premises.scheme_memberships.select_related("scheme"),
    }
