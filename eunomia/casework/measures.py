"""Figures from casework for the plan: counts only, never a person. They count every
organisation's records in the partnership, since a count shows no one's personal data."""

from collections import defaultdict

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from eunomia.casework.models import Case, Person, Report, ReportPerson
from eunomia.casework.queries import (VICTIM_ROLES, cases_visible_to, people_visible_to, places_visible_to,
                                      repeat_location_ids, reports_visible_to, repeat_rule)
from eunomia.core.dates import add_days, local_day_range
from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, COUNTS_PEOPLE, measure
from eunomia.places.models import Place

SOURCE = "Eunomia casework records of the partnership's organisations"
CATEGORY_CHOICES = [("all", "All categories")] + Report.Category.choices

# What a casework figure counted, listed through casework's own scoped queries (ADR 69).
record_kind("casework.report", model=Report, noun="report", plural="reports", visible=reports_visible_to,
            when="occurred_at", created="created_at", select_related=("owner_organisation",),
            columns=[("Reference", lambda r: r.reference), ("Category", lambda r: r.get_category_display()),
                     ("LSOA", lambda r: r.lsoa_code), ("Recorded by", lambda r: r.owner_organisation.name)],
            url=lambda r: reverse("casework:report", args=[r.partnership.slug, r.pk]))
record_kind("casework.case", model=Case, noun="case", plural="cases", visible=cases_visible_to,
            when="opened_on", created="created_at", select_related=("owner_organisation",),
            columns=[("Reference", lambda c: c.reference), ("Status", lambda c: c.get_status_display()),
                     ("Outcome", lambda c: c.get_outcome_display()), ("Closed on", lambda c: c.closed_on or ""),
                     ("Held by", lambda c: c.owner_organisation.name)],
            url=lambda c: reverse("casework:case", args=[c.partnership.slug, c.pk]))
record_kind("casework.person", model=Person, noun="person", plural="people", visible=people_visible_to,
            when="created_at", created="created_at", select_related=("owner_organisation",),
            columns=[("Name", str), ("Recorded first by", lambda p: p.owner_organisation.name)],
            url=lambda p: reverse("casework:person", args=[p.partnership.slug, p.pk]))


@measure("casework.reports", title="Reports of anti-social behaviour", unit=Unit.COUNT, source=SOURCE,
         definition="Number of reports of anti-social behaviour ({category}) that happened in the figure's period, "
                    "recorded by any organisation of the partnership.",
         params={"category": CATEGORY_CHOICES}, counts=COUNTS_EVENTS)
def reports(*, partnership, period_start, period_end, category):
    return reports_in(partnership, period_start, period_end, category).count()


def reports_in(partnership, period_start, period_end, category):
    start, end = local_day_range(period_start, period_end)
    found = Report.objects.filter(partnership=partnership, occurred_at__gte=start, occurred_at__lt=end)
    return found if category == "all" else found.filter(category=category)


@records_of("casework.reports")
def reports_counted(*, partnership, period_start, period_end, category):
    return Counted("casework.report", reports_in(partnership, period_start, period_end, category))


@measure("casework.cases_improved_share", title="ASB cases closed with behaviour improved or ceased",
         unit=Unit.PERCENTAGE, source=SOURCE,
         definition="Of the ASB cases closed in the figure's period, the percentage closed because the behaviour "
                    "improved or ceased. No value when no case was closed.")
def cases_improved_share(*, partnership, period_start, period_end):
    return improved_share(cases_improved_counted(partnership=partnership, period_start=period_start,
                                                 period_end=period_end).totals())


IMPROVED = Q(outcome=Case.Outcome.IMPROVED) | Q(outcome=Case.Outcome.CEASED)


def improved_share(totals):
    return round(totals.numerator * 100 / totals.count, 1) if totals.count else None


@records_of("casework.cases_improved_share")
def cases_improved_counted(*, partnership, period_start, period_end):
    closed = Case.objects.filter(partnership=partnership, status=Case.Status.CLOSED,
                                 closed_on__gte=period_start, closed_on__lte=period_end)
    return Counted("casework.case", closed, numerator=IMPROVED, formula=improved_share,
                   working=lambda t: f"{t.numerator:,} of {t.count:,} cases closed with behaviour improved or ceased")


@measure("casework.cases_opened", title="ASB cases opened", unit=Unit.COUNT, source=SOURCE,
         definition="Number of ASB cases opened in the figure's period by any organisation of the partnership "
                    "({category}). A case's category is that of its first report (the one that happened earliest); "
                    "a case with no report linked counts only under all categories.",
         params={"category": CATEGORY_CHOICES}, counts=COUNTS_EVENTS)
def cases_opened(*, partnership, period_start, period_end, category):
    return cases_opened_in(partnership, period_start, period_end, category).count()


def cases_opened_in(partnership, period_start, period_end, category):
    opened = Case.objects.filter(partnership=partnership, opened_on__gte=period_start, opened_on__lte=period_end)
    if category == "all":
        return opened
    first = Report.objects.filter(cases=OuterRef("pk")).order_by("occurred_at", "id").values("category")[:1]
    return opened.annotate(first_category=Subquery(first)).filter(first_category=category)


@records_of("casework.cases_opened")
def cases_opened_counted(*, partnership, period_start, period_end, category):
    return Counted("casework.case", cases_opened_in(partnership, period_start, period_end, category))


OUTCOME_CHOICES = ([("all", "any outcome"), ("improved_or_ceased", "behaviour improved or ceased")]
                   + [(value, label.lower()) for value, label in Case.Outcome.choices])


@measure("casework.cases_closed", title="ASB cases closed", unit=Unit.COUNT, source=SOURCE,
         definition="Number of ASB cases of any organisation of the partnership closed in the figure's period (by the "
                    "date closed) with {outcome}.",
         params={"outcome": OUTCOME_CHOICES}, counts=COUNTS_EVENTS)
def cases_closed(*, partnership, period_start, period_end, outcome):
    return cases_closed_in(partnership, period_start, period_end, outcome).count()


def cases_closed_in(partnership, period_start, period_end, outcome):
    closed = Case.objects.filter(partnership=partnership, status=Case.Status.CLOSED,
                                 closed_on__gte=period_start, closed_on__lte=period_end)
    if outcome == "improved_or_ceased":
        return closed.filter(IMPROVED)
    return closed if outcome == "all" else closed.filter(outcome=outcome)


@records_of("casework.cases_closed")
def cases_closed_counted(*, partnership, period_start, period_end, outcome):
    return Counted("casework.case", cases_closed_in(partnership, period_start, period_end, outcome))


def victim_links(partnership, start, end):
    """(person, report, when it happened) for everyone named as victim or complainant in a report
    that happened from `start` up to (not including) `end`. A duplicate merged into another person
    counts as that person."""
    return (ReportPerson.objects.filter(report__partnership=partnership, role__in=VICTIM_ROLES,
                                        report__occurred_at__gte=start, report__occurred_at__lt=end)
            .annotate(who=Coalesce("person__merged_into", "person"))
            .values_list("who", "report_id", "report__occurred_at").distinct())


@measure("casework.repeat_victims", title="Repeat victims of anti-social behaviour", unit=Unit.COUNT, source=SOURCE,
         definition="Number of different people who met the partnership's repeat rule on at least one day of the "
                    "figure's period: on that day, they had been named as victim or complainant in at least the "
                    "rule's number of reports (3 unless changed) that happened within the rule's number of days up "
                    "to and including it (91 unless changed), whichever organisation recorded the reports. People "
                    "an officer has flagged as a repeat victim by hand also count if they were named as victim or "
                    "complainant in a report that happened in the period.", counts=COUNTS_PEOPLE)
def repeat_victims(*, partnership, period_start, period_end):
    return len(repeat_victim_ids(partnership, period_start, period_end))


@records_of("casework.repeat_victims")
def repeat_victims_counted(*, partnership, period_start, period_end):
    return Counted("casework.person", Person.objects.filter(
        pk__in=repeat_victim_ids(partnership, period_start, period_end)))


def repeat_victim_ids(partnership, period_start, period_end):
    rule = repeat_rule(partnership)
    look_back = add_days(period_start, -(rule.days - 1))
    start, end = local_day_range(look_back, period_end)
    period_from = local_day_range(period_start, period_end)[0]
    days = defaultdict(set)  # person -> {(local day, report)}
    in_period = set()
    for who, report_id, occurred_at in victim_links(partnership, start, end):
        days[who].add((timezone.localdate(occurred_at), report_id))
        if occurred_at >= period_from:
            in_period.add(who)
    met = set()
    for who, seen in days.items():
        dates = sorted(day for day, _ in seen)
        # Reports from the first day of the look-back on: any `rule.reports` of them within
        # `rule.days` days meet the rule on the last of their days, or on the period's first day.
        if any((dates[i + rule.reports - 1] - dates[i]).days < rule.days
               for i in range(len(dates) - rule.reports + 1)):
            met.add(who)
    flagged = {p.pk for p in Person.objects.filter(pk__in=in_period - met) if Person.Flag.REPEAT in p.flags}
    return met | flagged


# Repeat locations (ADR 70).

record_kind("places.place", model=Place, noun="place", plural="places", visible=places_visible_to,
            # A place belongs to no organisation: the places a reader sees no report at are the partnership's.
            owner="partnership", when="created_at", created="created_at", select_related=("partnership",),
            columns=[("Address", lambda p: p.address), ("Postcode", lambda p: p.postcode),
                     ("UPRN", lambda p: p.uprn or ""), ("LSOA", lambda p: p.lsoa_code)],
            url=lambda p: reverse("places:place", args=[p.partnership.slug, p.pk]))


@measure("casework.repeat_locations", title="Repeat locations of anti-social behaviour", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of different places that met the partnership's repeat location rule on at least one "
                    "day of the figure's period: on that day, at least the rule's number of reports of anti-social "
                    "behaviour at the place (3 unless changed), whichever organisation recorded them, had happened "
                    "within the rule's number of days up to and including it (91 unless changed). A place is an "
                    "address in the partnership's list of places, so reports at one address count together however "
                    "the address was typed.", counts=COUNTS_EVENTS)
def repeat_locations(*, partnership, period_start, period_end):
    return len(repeat_location_ids(partnership, period_start, period_end))


@records_of("casework.repeat_locations")
def repeat_locations_counted(*, partnership, period_start, period_end):
    return Counted("places.place", Place.objects.filter(pk__in=repeat_location_ids(partnership, period_start,
                                                                                    period_end)))
