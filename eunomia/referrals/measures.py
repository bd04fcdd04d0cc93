"""Figures from referrals for the plan: counts only, across every organisation of the partnership
(a count names no one)."""

from django.urls import reverse

from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.referrals.models import Referral
from eunomia.referrals.queries import referrals_visible_to

SOURCE = "Eunomia referral records of the partnership's organisations"
SERVICE_CHOICES = [("all", "All services")] + Referral.Service.choices

# What a referrals figure counted (ADR 69), through the referrals' own scoped query; held by the
# organisation that made the referral.
record_kind("referrals.referral", model=Referral, noun="referral", plural="referrals", visible=referrals_visible_to,
            owner="made_by_id", when="referred_on", created="created_at", select_related=("made_by", "partnership"),
            columns=[("Service", lambda r: r.get_service_display()), ("Status", lambda r: r.get_status_display()),
                     ("Decided on", lambda r: r.decided_on or ""), ("Made by", lambda r: r.made_by.name)],
            url=lambda r: reverse("referrals:detail", args=[r.partnership.slug, r.pk]))


def _made_in(partnership, period_start, period_end):
    return Referral.objects.filter(partnership=partnership, referred_on__gte=period_start, referred_on__lte=period_end)


@measure("referrals.by_service", title="Referrals to services", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals to a service ({service}) made in the figure's period by any organisation "
                    "of the partnership, whatever became of them.",
         params={"service": SERVICE_CHOICES}, counts=COUNTS_EVENTS)
def by_service(*, partnership, period_start, period_end, service):
    return by_service_in(partnership, period_start, period_end, service).count()


def by_service_in(partnership, period_start, period_end, service):
    made = _made_in(partnership, period_start, period_end)
    return made if service == "all" else made.filter(service=service)


@records_of("referrals.by_service")
def by_service_counted(*, partnership, period_start, period_end, service):
    return Counted("referrals.referral", by_service_in(partnership, period_start, period_end, service))


@measure("referrals.accepted", title="Referrals accepted by services", unit=Unit.COUNT, source=SOURCE,
         definition="Number of referrals accepted by the service in the figure's period (by the date accepted), "
                    "including those since completed.", counts=COUNTS_EVENTS)
def accepted(*, partnership, period_start, period_end):
    return accepted_in(partnership, period_start, period_end).count()


def accepted_in(partnership, period_start, period_end):
    return Referral.objects.filter(
        partnership=partnership, status__in=[Referral.Status.ACCEPTED, Referral.Status.COMPLETED],
        decided_on__gte=period_start, decided_on__lte=period_end)


@records_of("referrals.accepted")
def accepted_counted(*, partnership, period_start, period_end):
    return Counted("referrals.referral", accepted_in(partnership, period_start, period_end))


# Where a referral stands: accepted includes those since completed, as a service that completed
# the work first accepted it.
OUTCOMES = {
    "accepted": ("were accepted (including those since completed)",
                 [Referral.Status.ACCEPTED, Referral.Status.COMPLETED]),
    "completed": ("were completed", [Referral.Status.COMPLETED]),
    "declined": ("were declined", [Referral.Status.DECLINED]),
    "awaiting": ("are still awaiting the service's decision", [Referral.Status.MADE]),
}


@measure("referrals.by_outcome", title="Referrals by outcome", unit=Unit.COUNT, source=SOURCE,
         definition="Of the referrals to any service made in the figure's period by any organisation of the "
                    "partnership, the number that {outcome}, as they stand when the figure is calculated.",
         params={"outcome": [(key, label) for key, (label, _) in OUTCOMES.items()]}, counts=COUNTS_EVENTS)
def by_outcome(*, partnership, period_start, period_end, outcome):
    return by_outcome_in(partnership, period_start, period_end, outcome).count()


def by_outcome_in(partnership, period_start, period_end, outcome):
    return _made_in(partnership, period_start, period_end).filter(status__in=OUTCOMES[outcome][1])


@records_of("referrals.by_outcome")
def by_outcome_counted(*, partnership, period_start, period_end, outcome):
    return Counted("referrals.referral", by_outcome_in(partnership, period_start, period_end, outcome))
