"""The CSU briefing: the repeat and vulnerable victims of a day or a week that the reader may see,
each with their latest reports, risk and open actions, and the repeat locations (places, ADR 70)
among those days' reports. Shown as a page and printed as a sheet (PDF) for the briefing meeting.

The days bound it: a briefing of everyone ever flagged could not be read (ADR 24). Who is listed is
worked out in the database in a few grouped queries, and only the people listed are read in full
(ADR 32)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from eunomia.casework.models import CaseParty, Person, RepeatRule, Report, ReportPerson
from eunomia.casework.queries import (VICTIM_ROLES, cases_visible_to, days_to, people_visible_to,
                                      stored_repeat_victims, stored_victim_report_counts, visible_report_ids)
from eunomia.core.dates import add_days
from eunomia.places.models import Place
from eunomia.risk.models import RiskAssessment
from eunomia.risk.queries import stored_latest_risk
from eunomia.taskgroup.models import MeetingAction
from eunomia.taskgroup.queries import meetings_visible_to

LATEST_REPORTS = 3
PER_PAGE = 50
PLACES_SHOWN = 20  # repeat locations on the page; the printed sheet has them all
PLACES_READ = 100  # places whose reports are read at once


@dataclass
class OpenAction:
    text: str
    due_on: datetime.date
    overdue: bool
    url: str = ""


@dataclass
class Row:
    person: Person
    reports: int  # reports in the rule's window naming them as victim or complainant
    repeat: bool  # a repeat victim under the rule
    latest: list  # their latest reports in the window the reader may see, newest first
    risk: object  # their highest latest risk assessment if medium or high, else None
    flags: list
    actions: list = field(default_factory=list)  # OpenAction, soonest due first


@dataclass
class Briefing:
    day: datetime.date
    days: int
    rule: RepeatRule
    rows: list  # of the page asked for (all of them when no page was)
    places: list  # {"pk" (the place), "address", "postcode", "n"}
    listed: int = 0  # people on the whole briefing
    page: Page | None = None  # the page shown, when one was asked for
    more_places: bool = False  # on a page, only the busiest PLACES_SHOWN places are listed and there may be more

    @property
    def first_day(self):
        return add_days(self.day, -(self.days - 1))

    @property
    def label(self):
        if self.days == 1:
            return f"{self.day:%-d %B %Y}"
        return f"{self.first_day:%-d %B} to {self.day:%-d %B %Y}"


def briefing(user, partnership, *, on, rule, days=1, page=None, per_page=PER_PAGE):
    """The briefing for the `days` days ending on `on` (1: that day; 7: the week to it): the people
    the reader may see who are named as victim or complainant in a report of those days, or were
    risk assessed in them, and who are repeat victims under `rule`, have a vulnerability recorded,
    or whose latest risk assessment is medium or high; most reports first. With `page`, only that
    page's people are read in full (a page past the last is the last, anything not a page number
    the first), and only the PLACES_SHOWN busiest repeat locations are listed."""
    day_start, day_end = days_to(on, RepeatRule(days=days))
    in_days = list(Report.objects.filter(partnership=partnership, occurred_at__gte=day_start, occurred_at__lt=day_end)
                   .order_by().values_list("id", "owner_organisation_id", "place_id"))
    seen = visible_report_ids(user, partnership, [(pk, owner) for pk, owner, _ in in_days])
    # Named in a report the reader may see: the reader may see them (a person is seen through the
    # reports they are in), so only those risk assessed and not named need the visibility check.
    named = set(ReportPerson.objects.filter(report_id__any_of=seen, role__in=VICTIM_ROLES)
                .values_list("person_id", flat=True))
    assessed = set(RiskAssessment.objects.filter(assessed_on__range=(add_days(on, -(days - 1)), on),
                                                 person__partnership=partnership)
                   .values_list("person_id", flat=True)) - named
    if assessed:
        assessed = set(people_visible_to(user, partnership).filter(pk__any_of=assessed).values_list("pk", flat=True))
    candidates = sorted(named | assessed)

    # Each test is left to the database, which sends back only the people who meet it: thousands of
    # candidates in a week, a few hundred listed (ADR 58).
    repeats = stored_repeat_victims(candidates, on=on, rule=rule)
    risks = stored_latest_risk(candidates, raised_only=True)
    order = list(Person.objects.filter(pk__any_of=candidates, merged_into__isnull=True)
                 .filter(~Q(flags=[]) | Q(pk__any_of=repeats.keys() | risks.keys())).order_by()
                 .values_list("pk", "last_name"))
    repeats |= stored_victim_report_counts([pk for pk, _ in order if pk not in repeats], on=on, rule=rule)
    order.sort(key=lambda p: (-repeats.get(p[0], 0), p[1], p[0]))
    listed = len(order)
    if page is not None:
        page = Paginator(order, per_page).get_page(page)
        order = page.object_list
    shown = [pk for pk, _ in order]

    people = Person.objects.in_bulk(shown)
    latest = _latest_reports(user, partnership, shown, on=on, rule=rule)
    actions = open_actions(user, partnership, shown, on=on)
    rows = [Row(person=people[pk], reports=repeats.get(pk, 0), repeat=rule.met_by(repeats.get(pk, 0)),
                latest=latest.get(pk, []), risk=risks.get(pk),
                flags=[Person.Flag(f).label for f in people[pk].flags if f in Person.Flag.values],
                actions=actions.get(pk, []))
            for pk in shown]
    places, more_places = _repeat_places(user, partnership, {place for pk, _, place in in_days if pk in seen and place},
                                         on=on, rule=rule, limit=PLACES_SHOWN if page is not None else None)
    return Briefing(day=on, days=days, rule=rule, rows=rows, places=places, more_places=more_places,
                    listed=listed, page=page)


def _repeat_places(user, partnership, places, *, on, rule, limit=None):
    """Of `places` (place ids), the repeat locations on `on`: those with at least `rule.place_reports`
    reports the reader may see in the `rule.place_days` days up to it, most first (then by address).
    With `limit`, only the first `limit` of them. Returns (places, more): more when there may be others."""
    start, end = days_to(on, RepeatRule(days=rule.place_days))
    in_window = Report.objects.filter(partnership=partnership, occurred_at__gte=start, occurred_at__lt=end)
    # Every report counted in the database first: a place with fewer than the rule asks for cannot
    # have them among those the reader may see, and none can have more seen than it has. So the
    # places are read and checked busiest first, and with a limit the reading stops once the places
    # found outnumber what any place left could reach (ADR 58). Counted from the (partnership,
    # place, occurred at) index alone: COUNT of the place, never null here, reads no report row.
    counted = (in_window.filter(place_id__any_of=places).values("place_id").order_by()
               .annotate(n=Count("place_id")).filter(n__gte=rule.place_reports).values_list("place_id", "n"))
    totals = sorted(((n, place) for place, n in counted), key=lambda t: (-t[0], t[1]))
    counts = Counter()
    read = 0
    while read < len(totals):
        met = sorted((n for n in counts.values() if rule.place_met_by(n)), reverse=True)
        if limit and len(met) >= limit and met[limit - 1] > totals[read][0]:
            break
        batch = [place for _, place in totals[read:read + PLACES_READ]]
        read += PLACES_READ
        rows = list(in_window.filter(place_id__any_of=batch).order_by()
                    .values_list("id", "owner_organisation_id", "place_id"))
        seen = visible_report_ids(user, partnership, [(pk, owner) for pk, owner, _ in rows])
        counts.update(place for pk, _, place in rows if pk in seen)
    met = {place: n for place, n in counts.items() if rule.place_met_by(n)}
    known = Place.objects.in_bulk(met)
    found = sorted(({"pk": pk, "address": known[pk].address, "postcode": known[pk].postcode, "n": n}
                    for pk, n in met.items()), key=lambda p: (-p["n"], p["address"], p["postcode"], p["pk"]))
    if limit:
        return found[:limit], len(found) > limit or read < len(totals)
    return found, False


def _latest_reports(user, partnership, person_ids, *, on, rule):
    """{person id: their latest reports in the rule's window that the reader may see}."""
    start, end = days_to(on, rule)
    # Two lookups by key, the people's links then those reports in the window: as one join, SQLite
    # may read the window's every report and probe the links for each (ADR 58).
    links = list(ReportPerson.objects.filter(person_id__any_of=person_ids).values_list("person_id", "report_id"))
    in_window = {pk: (owner, occurred) for pk, owner, occurred in Report.objects.filter(
        pk__any_of={report for _, report in links}, partnership=partnership,
        occurred_at__gte=start, occurred_at__lt=end).order_by()
        .values_list("id", "owner_organisation_id", "occurred_at")}
    links = [(person, report, *in_window[report]) for person, report in links if report in in_window]
    seen = visible_report_ids(user, partnership, {(report, owner) for _, report, owner, _ in links})
    chosen = {}
    for person_id, report_id, _, _ in sorted(links, key=lambda link: (link[3], link[1]), reverse=True):
        shown = chosen.setdefault(person_id, [])
        if report_id in seen and len(shown) < LATEST_REPORTS and report_id not in shown:
            shown.append(report_id)
    reports = Report.objects.in_bulk([pk for shown in chosen.values() for pk in shown])
    return {person_id: [reports[pk] for pk in shown] for person_id, shown in chosen.items()}


def open_actions(user, partnership, person_ids, *, on):
    """{person id: [OpenAction]}: actions given at ASB Task Group meetings on cases the person is a
    party to and not done (of meetings and cases the reader may see), and risk reviews due by `on`."""
    found = {}
    links = list(CaseParty.objects.filter(person_id__in=person_ids).values_list("person_id", "case_id"))
    visible = set(cases_visible_to(user, partnership).filter(pk__any_of={case_id for _, case_id in links})
                  .order_by().values_list("pk", flat=True))
    people_of_case = {}
    for person_id, case_id in links:
        if case_id in visible:
            people_of_case.setdefault(case_id, set()).add(person_id)
    if people_of_case:
        given = (MeetingAction.objects.filter(case_id__in=people_of_case, done_on__isnull=True,
                                              meeting__in=meetings_visible_to(user, partnership).values("id"))
                 .select_related("organisation", "case", "meeting"))
        for action in given:
            item = OpenAction(
                text=f"{action.description} ({action.organisation}, case {action.case.reference})",
                due_on=action.due_on, overdue=action.due_on < on,
                url=reverse("taskgroup:meeting", args=[partnership.slug, action.meeting_id]))
            for person_id in people_of_case[action.case_id]:
                found.setdefault(person_id, []).append(item)
    # The latest of each kind, as marked by the actions (ADR 52).
    marked = RiskAssessment.objects.filter(person_id__in=person_ids, is_latest=True).select_related("question_set")
    for assessment in marked:
        if assessment.review_on <= on:
            found.setdefault(assessment.person_id, []).append(OpenAction(
                text=f"Review the {assessment.question_set.get_kind_display().lower()} risk assessment "
                     f"({assessment.get_band_display().lower()} risk, assessed {assessment.assessed_on:%-d %B %Y})",
                due_on=assessment.review_on, overdue=assessment.review_on < on,
                url=reverse("risk:person", args=[partnership.slug, assessment.person_id])))
    for items in found.values():
        items.sort(key=lambda item: (item.due_on, item.text))
    return found


# The printed sheet -----------------------------------------------------------------------------------

MARKING = "OFFICIAL-SENSITIVE"


def _runs(text):
    return [{"text": str(text)}]


def sheet_document(partnership, b):
    """The briefing as the plain data eunomia.documents renders: one landscape sheet to print for the
    meeting, marked as holding personal data."""
    rows = []
    for row in b.rows:
        tags = (["Repeat victim"] if row.repeat else []) + (
            [f"{row.risk.get_band_display()} risk"] if row.risk else [])
        person = f"{row.person}" + (f" ({', '.join(tags)})" if tags else "")
        latest = "; ".join(f"{r.reference} {timezone.localtime(r.occurred_at):%-d %b}" for r in row.latest)
        actions = "; ".join(f"{'OVERDUE: ' if a.overdue else ''}{a.text}, due {a.due_on:%-d %b %Y}"
                            for a in row.actions)
        rows.append([_runs(person), _runs(row.reports), _runs(", ".join(row.flags) or "None recorded"),
                     _runs(latest or "None you may see"), _runs(actions or "None")])
    people = {"type": "table", "caption": "Repeat and vulnerable victims",
              "columns": ["Person", f"Reports in {b.rule.days} days", "Vulnerability", "Latest reports", "Open actions"],
              "widths": [20, 9, 17, 18, 36], "numeric": [1], "rows": rows or [[_runs("No one to brief on")] + [_runs("")] * 4]}
    places = {"type": "table", "caption": "Repeat locations among the period's reports",
              "columns": ["Address", f"Reports in {b.rule.place_days} days"], "widths": [80, 20], "numeric": [1],
              "rows": [[_runs(f"{p['address']} {p['postcode']}".strip()), _runs(p["n"])] for p in b.places]
              or [[_runs("None"), _runs("")]]}
    explained = {"type": "paragraph", "runs": _runs(
        f"People named as victim or complainant in a report of {b.label}, or risk assessed then, who are repeat "
        f"victims (named in {b.rule.reports} or more reports in the {b.rule.days} days to {b.day:%-d %B %Y}), have "
        f"a vulnerability recorded, or whose latest risk assessment is medium or high. Open actions are ASB Task "
        f"Group actions on their cases not yet done and risk reviews due. Then the places of the period's "
        f"reports with {b.rule.place_reports} or more reports in the {b.rule.place_days} days to {b.day:%-d %B %Y}.")}
    return {
        "format": 1,
        "layout": "sheet",
        "marking": MARKING,
        "partnership": {"name": partnership.name, "slug": partnership.slug, "is_demo": partnership.is_demo},
        "title": f"CSU briefing, {b.label}",
        "accessibility": (f"{MARKING}: personal data shared under the partnership's information sharing agreement. "
                          f"Printed on {timezone.localtime():%-d %B %Y at %H:%M}. Do not copy; keep it secure and "
                          f"destroy it securely after the briefing."),
        "demo_notice": "Demonstration document: the people in it are invented." if partnership.is_demo else "",
        "sections": [{"id": "briefing", "title": "Who and where to brief on", "blocks": [explained, people, places]}],
    }
