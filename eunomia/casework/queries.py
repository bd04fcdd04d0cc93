"""Reads of casework. Every query starts from what the reader may see: the records their own
organisation owns, and cases shared with it under an agreement (with the reports and people in
them). A record outside that is not found, in pages, search, counts and exports alike."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from eunomia.accounts.permissions import has_permission, organisations_of
from eunomia.accounts.roles import Permission
from eunomia.casework.models import Case, Person, Report, ReportPerson, RepeatRule, Role


def may_work_cases(user, partnership):
    return user.is_authenticated and has_permission(user, Permission.CASE_VIEW, partnership=partnership)


def cases_visible_to(user, partnership):
    if not may_work_cases(user, partnership):
        return Case.objects.none()
    orgs = organisations_of(user, partnership)
    return Case.objects.filter(
        Q(owner_organisation_id__in=orgs) | Q(shares__organisation_id__in=orgs), partnership=partnership,
    ).distinct()


def reports_visible_to(user, partnership):
    if not may_work_cases(user, partnership):
        return Report.objects.none()
    orgs = organisations_of(user, partnership)
    shared_cases = cases_visible_to(user, partnership).values("id")
    return Report.objects.filter(
        Q(owner_organisation_id__in=orgs) | Q(cases__in=shared_cases), partnership=partnership,
    ).distinct()


def people_visible_to(user, partnership):
    if not may_work_cases(user, partnership):
        return Person.objects.none()
    orgs = organisations_of(user, partnership)
    reports = reports_visible_to(user, partnership).values("id")
    cases = cases_visible_to(user, partnership).values("id")
    return Person.objects.filter(
        Q(owner_organisation_id__in=orgs) | Q(report_links__report__in=reports) | Q(case_links__case__in=cases),
        partnership=partnership,
    ).distinct()


def search_reports(reports, text):
    """Reports whose reference, address, postcode or people's names contain `text`."""
    text = text.strip()
    if not text:
        return reports
    words = text.split()
    for word in words:
        reports = reports.filter(
            Q(reference__icontains=word) | Q(address__icontains=word) | Q(postcode__icontains=word)
            | Q(people_links__person__first_name__icontains=word) | Q(people_links__person__last_name__icontains=word)
        )
    return reports.distinct()


def related_reports(report, visible, *, days=14):
    """Reports the reader may see that may be the same matter: the same person, the same address,
    or the same postcode within `days` of it."""
    people = report.people_links.values("person_id")
    window = (report.occurred_at - datetime.timedelta(days=days), report.occurred_at + datetime.timedelta(days=days))
    same_place = Q(address__iexact=report.address) if report.address else Q(pk__in=[])
    near = (Q(postcode__iexact=report.postcode, occurred_at__range=window) if report.postcode else Q(pk__in=[]))
    return (visible.filter(Q(people_links__person__in=people) | same_place | near)
            .exclude(pk=report.pk).distinct().order_by("-occurred_at")[:20])


def repeat_rule(partnership):
    return RepeatRule.objects.filter(partnership=partnership).first() or RepeatRule(partnership=partnership)


VICTIM_ROLES = (Role.VICTIM, Role.COMPLAINANT)


def _window(on, rule):
    """From the start of the first day to the end of `on`, local time: `rule.days` whole days."""
    first = on - datetime.timedelta(days=rule.days - 1)
    after = on + datetime.timedelta(days=1)
    return (timezone.make_aware(datetime.datetime.combine(first, datetime.time.min)),
            timezone.make_aware(datetime.datetime.combine(after, datetime.time.min)))


def repeat_victims(people, *, on, rule):
    """Of `people`, those reporting or reported as victims in at least `rule.reports` reports that
    happened in the `rule.days` days up to and including `on`: {person id: number of reports}."""
    start, end = _window(on, rule)
    rows = (ReportPerson.objects.filter(person__in=people.values("id"), role__in=VICTIM_ROLES,
                                        report__occurred_at__gte=start, report__occurred_at__lt=end)
            .values("person_id").annotate(n=Count("report_id", distinct=True)).filter(n__gte=rule.reports))
    return {row["person_id"]: row["n"] for row in rows}


def repeat_addresses(reports, *, on, rule):
    """Addresses (by postcode and address) with at least `rule.reports` reports in the window."""
    start, end = _window(on, rule)
    rows = (Report.objects.filter(pk__in=reports.values("id"), occurred_at__gte=start, occurred_at__lt=end)
            .exclude(address="").values("address", "postcode").annotate(n=Count("id")).filter(n__gte=rule.reports)
            .order_by("-n", "address"))
    return list(rows)


def search_cases(cases, text):
    """Cases whose reference, title or parties' names contain every word of `text`."""
    for word in (text or "").split():
        cases = cases.filter(
            Q(reference__icontains=word) | Q(title__icontains=word)
            | Q(parties__person__first_name__icontains=word) | Q(parties__person__last_name__icontains=word)
        )
    return cases.distinct()


def owns_case(user, partnership, case):
    """Changes to a case are its owning organisation's: partners it is shared with read it."""
    return case.owner_organisation_id in organisations_of(user, partnership)


def agreements_of(partnership):
    return partnership.agreements.prefetch_related("parties")
