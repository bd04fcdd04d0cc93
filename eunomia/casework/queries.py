"""Reads of casework. Every query starts from what the reader may see: the records their own
organisation owns, and cases shared with it under an agreement (with the reports and people in
them). A record outside that is not found, in pages, search, counts and exports alike."""


from django.db.models import Case as Ranked
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from eunomia.accounts.models import User
from eunomia.accounts.permissions import has_permission, organisations_of
from eunomia.accounts.queries import current_memberships
from eunomia.accounts.roles import ROLES, Permission
from eunomia.casework import search
from eunomia.casework.models import (Case, CaseParty, CaseShare, Person, RepeatRule, Report, ReportPerson, Role,
                                     VictimDay)
from eunomia.core.dates import add_days, local_day_range
from eunomia.places.models import Place


def may_work_cases(user, partnership):
    return user.is_authenticated and has_permission(user, Permission.CASE_VIEW, partnership=partnership)


# Visibility is written with EXISTS, not joins: an OR over a join repeats rows and needs DISTINCT,
# which makes the database read, sort and de-duplicate every visible row before the first page of a
# list (seconds at 100,000 cases). EXISTS leaves one row per record, so a sorted, limited list reads
# only as far as its page (docs/adr/0024-casework-at-scale.md).

def _case_visible(orgs, *, case="pk", owner="owner_organisation_id"):
    """A case (or a row pointing at one through `case`, with its owner at `owner`) that `orgs` own
    or have been shared."""
    shared = CaseShare.objects.filter(case_id=OuterRef(case), organisation_id__in=orgs)
    return Q(**{f"{owner}__in": orgs}) | Q(Exists(shared))


def _report_visible(orgs, *, report="pk", owner="owner_organisation_id"):
    """A report (or a row pointing at one through `report`) that `orgs` own or that is in a case they see."""
    in_visible_case = Case.reports.through.objects.filter(report_id=OuterRef(report)).filter(
        _case_visible(orgs, case="case_id", owner="case__owner_organisation_id"))
    return Q(**{f"{owner}__in": orgs}) | Q(Exists(in_visible_case))


def visible_report_ids(user, partnership, rows):
    """Of `rows`, (report id, owning organisation id) pairs already narrowed down (a window of days,
    one address), the ids the reader may see: their organisation's, and those in a case they see.
    Checking a few thousand rows this way costs a few milliseconds; the same test written into a
    query over the narrowed rows may make PostgreSQL first list every report in every case the
    reader sees (ADR 32)."""
    if not may_work_cases(user, partnership):
        return set()
    orgs = organisations_of(user, partnership)
    ids = {pk for pk, owner in rows if owner in orgs}
    others = [pk for pk, owner in rows if owner not in orgs]
    if others:
        # Their cases, then which of those cases the reader sees: two look-ups by key, where one join
        # let PostgreSQL read every case of the partnership.
        links = list(Case.reports.through.objects.filter(report_id__any_of=others).values_list("report_id", "case_id"))
        seen_cases = set(Case.objects.filter(_case_visible(orgs), partnership=partnership,
                                             pk__any_of={case for _, case in links}).values_list("pk", flat=True))
        ids |= {report for report, case in links if case in seen_cases}
    return ids


def cases_visible_to(user, partnership):
    if not may_work_cases(user, partnership):
        return Case.objects.none()
    return Case.objects.filter(_case_visible(organisations_of(user, partnership)), partnership=partnership)


def reports_visible_to(user, partnership):
    if not may_work_cases(user, partnership):
        return Report.objects.none()
    return Report.objects.filter(_report_visible(organisations_of(user, partnership)), partnership=partnership)


def people_visible_to(user, partnership):
    if not may_work_cases(user, partnership):
        return Person.objects.none()
    orgs = organisations_of(user, partnership)
    in_visible_report = ReportPerson.objects.filter(person_id=OuterRef("pk")).filter(
        _report_visible(orgs, report="report_id", owner="report__owner_organisation_id"))
    in_visible_case = CaseParty.objects.filter(person_id=OuterRef("pk")).filter(
        _case_visible(orgs, case="case_id", owner="case__owner_organisation_id"))
    return Person.objects.filter(
        Q(owner_organisation_id__in=orgs) | Q(Exists(in_visible_report)) | Q(Exists(in_visible_case)),
        partnership=partnership, merged_into__isnull=True,  # a merged duplicate is found only as its merge
    )


# Search: which rows match comes from the index (search.py, ADR 51); who may see them is the
# queryset the caller passes in, in the same query. Results are ranked: a word that is a whole
# name, reference or postcode before one only inside it, then in the list's own order.

def _rank(*tiers):
    """0 for rows meeting the first Q of `tiers`, 1 for the next, ...; len(tiers) for the rest."""
    return Ranked(*(When(q, then=Value(n)) for n, q in enumerate(tiers)), default=Value(len(tiers)),
                  output_field=IntegerField())


def _ranked(rows, rank, ordering):
    return rows.annotate(search_rank=rank).order_by("search_rank", *ordering)


def in_order(rows, ids):
    """Those of `rows` with the ids `ids`, in that order: a ranked search's results as a form's choices."""
    if not ids:
        return rows.none()
    return rows.filter(pk__in=ids).order_by(_rank(*(Q(pk=pk) for pk in ids)))


# A search lists at most the newest SEARCH_LIMIT records that match each way (by their own text, by a
# person's name), and says so when it reached that: ranking every one of ten thousand reports of a
# common street or surname is what made a search cost a third of a second (ADR 58).
SEARCH_LIMIT = 1000


def _newest_links(links, people, column):
    """The newest SEARCH_LIMIT ids in `column` of `links` (ReportPerson or CaseParty rows) naming one
    of `people` (ids), all their links read through the person index and the newest picked here:
    asked for in order, PostgreSQL walks the whole table backwards instead."""
    ids = set(links.filter(person_id__any_of=people).order_by().values_list(column, flat=True))
    return sorted(ids, reverse=True)[:SEARCH_LIMIT]


def _found_by_name(model, links, column, fields, words, found):
    """Records of `model` found through a person's name (the newest SEARCH_LIMIT for each word, by
    `links`, their `column` naming the record) that `found` by their own text does not hold, with
    every other word in their `fields` (any case, as the index finds it) or naming one of their
    people. Returns (ids, capped)."""
    people = {word: list(_people_named(word).order_by().values_list("id", flat=True)) for word in words}
    named = {word: set(_newest_links(links, people[word], column)) for word in words}
    capped = any(len(ids) == SEARCH_LIMIT for ids in named.values())
    by_name = set().union(*named.values()) - found
    if len(words) == 1 or not by_name:
        return by_name, capped
    for word in words:
        named[word] |= set(links.filter(**{f"{column}__any_of": by_name}, person_id__any_of=people[word])
                           .values_list(column, flat=True))

    def holds_every_word(pk, values):
        text = " ".join(value or "" for value in values).casefold()
        return all(word.casefold() in text or pk in named[word] for word in words)

    return {pk for pk, *values in model.objects.filter(pk__any_of=by_name).values_list("id", *fields)
            if holds_every_word(pk, values)}, capped


def search_reports(reports, text):
    """Reports whose reference, address, postcode, text or people's names contain every word of
    `text`, ranked: those where a word is a whole name, reference or postcode (or the text is the
    whole address) first, newest first within each. Returns (reports, capped): capped when more
    matched than SEARCH_LIMIT one way or another, and only the newest were ranked."""
    words = search.words(text)
    if not words:
        return reports, False
    text = " ".join(words)
    found = set(search.newest_reports_with_every_word(words, SEARCH_LIMIT))
    by_name, capped = _found_by_name(Report, ReportPerson.objects, "report_id", search.REPORT_COLUMNS, words, found)
    capped |= len(found) == SEARCH_LIMIT
    rank = _rank(Q(address__iexact=text) | Q(postcode__iexact=text) | Q(reference__iexact=text))
    for word in words:
        called = _with_someone_called(ReportPerson.objects, "report_id", found | by_name, word)
        rank = rank + _rank(Q(pk__any_of=called) | Q(reference__iexact=word) | Q(postcode__iexact=word))
    return _ranked(reports.filter(pk__any_of=found | by_name), rank, Report._meta.ordering), capped


def _with_someone_called(links, column, ids, word):
    """Of `ids` (records named in `column` of `links`, ReportPerson or CaseParty rows), those naming
    a person whose first or last name is `word`. The people, then their links among `ids`, each
    looked up by key: as a subquery in the rank, PostgreSQL joined every link of everyone so called
    to the ids (ADR 58)."""
    people = list(_people_called(word).order_by().values_list("id", flat=True))
    if not people or not ids:
        return set()
    return set(links.filter(**{f"{column}__any_of": ids}, person_id__any_of=people).values_list(column, flat=True))


def _people_named(word):
    """People whose first or last name contains `word`: a set the search looks reports and cases
    up in, rather than a join that repeats them."""
    return Person.objects.filter(search.people_named(word)).values("id")


def _people_called(word):
    """People whose first or last name is `word`, found through the index first."""
    return (Person.objects.filter(search.people_named(word))
            .filter(Q(first_name__iexact=word) | Q(last_name__iexact=word)).values("id"))


def related_reports(report, visible, *, days=14):
    """Reports the reader may see that may be the same matter: the same person, the same address,
    or the same postcode within `days` of it."""
    people = report.people_links.values("person_id")
    window = (add_days(report.occurred_at, -days), add_days(report.occurred_at, days))
    same_place = Q(address__iexact=report.address) if report.address else Q(pk__in=[])
    near = (Q(postcode__iexact=report.postcode, occurred_at__range=window) if report.postcode else Q(pk__in=[]))
    return (visible.filter(Q(people_links__person__in=people) | same_place | near)
            .exclude(pk=report.pk).distinct().order_by("-occurred_at")[:20])


def repeat_rule(partnership):
    return RepeatRule.objects.filter(partnership=partnership).first() or RepeatRule(partnership=partnership)


VICTIM_ROLES = (Role.VICTIM, Role.COMPLAINANT)


def days_to(on, rule):
    """From the start of the first day to the end of `on`, local time: `rule.days` whole days."""
    return local_day_range(add_days(on, -(rule.days - 1)), on)


def victim_report_counts(person_ids, *, on, rule):
    """{person id: number of reports naming them as victim or complainant that happened in the
    `rule.days` days up to and including `on`} for those of `person_ids` named in any."""
    start, end = days_to(on, rule)
    rows = (ReportPerson.objects.filter(person_id__in=person_ids, role__in=VICTIM_ROLES,
                                        report__occurred_at__gte=start, report__occurred_at__lt=end)
            .values("person_id").annotate(n=Count("report_id", distinct=True)))
    return {row["person_id"]: row["n"] for row in rows}


def _stored_window(person_ids, *, on, rule):
    """The victim days (ADR 52) of `person_ids` in the rule's window, summed per person as `n`: one
    range of the (person, day) index per person, no reports joined."""
    return (VictimDay.objects.filter(person_id__any_of=person_ids, day__range=(add_days(on, -(rule.days - 1)), on))
            .values("person_id").annotate(n=Sum("reports")).order_by())


def stored_victim_report_counts(person_ids, *, on, rule):
    """victim_report_counts read from the counts per day the actions keep (VictimDay)."""
    return dict(_stored_window(person_ids, on=on, rule=rule).values_list("person_id", "n"))


def stored_repeat_victims(person_ids, *, on, rule):
    """Of `person_ids`, the repeat victims on `on` under `rule`, {person id: number of reports},
    from the stored counts and kept to them in the database, so only those come back."""
    repeats = _stored_window(person_ids, on=on, rule=rule).filter(n__gte=rule.reports)
    return dict(repeats.values_list("person_id", "n"))


def repeat_victims(people, *, on, rule):
    """Of `people`, the repeat victims on `on` under `rule` (named in at least `rule.reports`
    reports in its window): {person id: number of reports}."""
    counts = victim_report_counts(people.values("id"), on=on, rule=rule)
    return {pk: n for pk, n in counts.items() if rule.met_by(n)}


def search_cases(cases, text):
    """Cases whose reference, title or parties' names contain every word of `text`, ranked: those
    where a word is a party's whole name or the reference first, newest first within each. Returns
    (cases, capped), as search_reports."""
    words = search.words(text)
    if not words:
        return cases, False
    text = " ".join(words)
    every = Q()
    for word in words:
        every &= Q(reference__icontains=word) | Q(title__icontains=word)
    # All of them, newest picked here: asked for in order, PostgreSQL walks every case backwards
    # rather than use the trigram indexes (migration 0009).
    found = sorted(Case.objects.filter(every).order_by().values_list("id", flat=True), reverse=True)
    capped = len(found) > SEARCH_LIMIT
    found = set(found[:SEARCH_LIMIT])
    by_name, by_name_capped = _found_by_name(Case, CaseParty.objects, "case_id", ("reference", "title"), words, found)
    capped |= by_name_capped
    rank = _rank(Q(reference__iexact=text) | Q(title__iexact=text))
    for word in words:
        rank = rank + _rank(Q(pk__any_of=_with_someone_called(CaseParty.objects, "case_id", found | by_name, word))
                            | Q(reference__iexact=word))
    return _ranked(cases.filter(pk__any_of=found | by_name), rank, Case._meta.ordering), capped


def owns_case(user, partnership, case):
    """Changes to a case are its owning organisation's: partners it is shared with read it."""
    return case.owner_organisation_id in organisations_of(user, partnership)


# Roles that open and change cases: a lead officer must be able to do both.
_CASEWORK_ROLES = [key for key, role in ROLES.items() if {Permission.CASE_VIEW, Permission.CASE_EDIT} <= set(role.grants)]


def possible_leads(case, on=None):
    """Who may lead `case`: the active people with a current membership of its owning organisation
    in a role that works cases. Only the owner's members change a case (`owns_case`), so a lead from
    an organisation it is shared with could read it but not work it."""
    members = current_memberships(on).filter(partnership_id=case.partnership_id, role__in=_CASEWORK_ROLES,
                                             organisation_id=case.owner_organisation_id)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("full_name", "email")


def may_hand_on(user, partnership, case):
    """May `user` choose another lead officer for `case`: they change cases and belong to its owner."""
    return has_permission(user, Permission.CASE_EDIT, partnership=partnership) and owns_case(user, partnership, case)


def agreements_of(partnership):
    return partnership.agreements.prefetch_related("parties")


# People: finding, offering and merging ------------------------------------------------------------

PICKER_LIMIT = 20


def search_people(people, text, *, limit=PICKER_LIMIT):
    """Of `people`, those whose first or last name contains every word of `text`, at most `limit`,
    ranked: a word that is a whole name first, then one a name starts with, then one inside a name.
    No words, no one: a picker never lists everyone."""
    words = search.words(text)
    if not words:
        return people.none()
    rank = Value(0)
    for word in words:
        people = people.filter(search.people_named(word))
        rank = rank + _rank(Q(first_name__iexact=word) | Q(last_name__iexact=word),
                            Q(first_name__istartswith=word) | Q(last_name__istartswith=word))
    return _ranked(people, rank, ("last_name", "first_name", "id"))[:limit]


def possible_duplicates(people, *, first_name, last_name, date_of_birth=None, address="", postcode="", phone="",
                        email="", limit=PICKER_LIMIT):
    """Of `people`, those who may be the person being entered: the same name with the same date of
    birth, or where either date of birth is unknown, or at the same address or postcode; or the same
    phone number or email address whatever the name. The name is looked up in the search index
    first. The same name and date of birth come first, then the same name, then the rest."""
    first_name, last_name = first_name.strip(), last_name.strip()
    same_name = search.people_named(last_name) & Q(first_name__iexact=first_name, last_name__iexact=last_name)
    match = same_name
    if date_of_birth:
        same_born_or_place = Q(date_of_birth=date_of_birth) | Q(date_of_birth__isnull=True)
        if address.strip():
            same_born_or_place |= Q(address__iexact=address.strip())
        if postcode.strip():
            same_born_or_place |= Q(postcode__iexact=postcode.strip())
        match &= same_born_or_place
    if phone.strip():
        match |= Q(phone=phone.strip())
    if email.strip():
        match |= Q(email__iexact=email.strip())
    rank = _rank(same_name & Q(date_of_birth=date_of_birth) if date_of_birth else Q(pk__in=[]), same_name)
    return _ranked(people.filter(match), rank, ("last_name", "first_name", "id"))[:limit]


def reports_near(reports, *, address="", postcode="", occurred_at, days=14, limit=PICKER_LIMIT):
    """Of `reports`, those at the same address, or in the same postcode within `days` of
    `occurred_at`: for a report not yet saved (related_reports is for a saved one). The address is
    looked up in the search index."""
    window = (add_days(occurred_at, -days), add_days(occurred_at, days))
    near = Q(pk__in=[])
    if address.strip():
        near |= search.reports_matching(address.strip()) & Q(address__iexact=address.strip())
    if postcode.strip():
        near |= Q(postcode__iexact=postcode.strip(), occurred_at__range=window)
    return reports.filter(near).order_by("-occurred_at")[:limit]


def merged_person(user, partnership, pk):
    """For the address of a person merged into another: the person they became (following later
    merges), if the reader may see them; otherwise None."""
    person = Person.objects.filter(partnership=partnership, pk=pk).exclude(merged_into=None).first()
    seen = set()
    while person is not None and person.merged_into_id and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return people_visible_to(user, partnership).filter(pk=person.pk).first() if person else None


# Places (ADR 70): the gazetteer is the partnership's; what happened at a place is read here -----------

def places_visible_to(user, partnership):
    """Places where a report the reader may see happened."""
    if not may_work_cases(user, partnership):
        return Place.objects.none()
    seen_there = Report.objects.filter(_report_visible(organisations_of(user, partnership)), place_id=OuterRef("pk"))
    return Place.objects.filter(Exists(seen_there), partnership=partnership)


def cases_at(place, cases):
    """Of `cases`, those about `place` or holding a report at it."""
    holding = Case.reports.through.objects.filter(case_id=OuterRef("pk"), report__place=place)
    return cases.filter(Q(place=place) | Q(Exists(holding)))


def report_counts_by_lsoa(reports, *, first, last):
    """{LSOA code: number of `reports` that happened from `first` to `last` (local days)}, by the LSOA
    of each report's place; reports at no place, or at a place with no LSOA known, under ""."""
    start, end = local_day_range(first, last)
    rows = (reports.filter(occurred_at__gte=start, occurred_at__lt=end).order_by()
            .values_list("place__lsoa_code").annotate(n=Count("id")))
    counts = {}
    for code, n in rows:
        counts[code or ""] = counts.get(code or "", 0) + n
    return counts


def history_at(place, *, reports, cases):
    """What happened at `place` among `reports` and `cases` (the reader's), newest first, as one list
    to page through: rows of (day, kind, id), a report by the day it happened, a case by the day it
    opened. Their records are read for the page shown only (`records_of_history`)."""
    at_place = (reports.filter(place=place).order_by()
                .annotate(day=TruncDate("occurred_at"), kind=Value("report")).values_list("day", "kind", "id"))
    opened = (cases_at(place, cases).order_by()
              .annotate(day=F("opened_on"), kind=Value("case")).values_list("day", "kind", "id"))
    return at_place.union(opened, all=True).order_by("-day", "-kind", "-id")


def records_of_history(rows):
    """The reports and cases of `rows` of `history_at`, in their order."""
    reports = Report.objects.in_bulk([pk for _, kind, pk in rows if kind == "report"])
    cases = Case.objects.select_related("owner_organisation").in_bulk([pk for _, kind, pk in rows if kind == "case"])
    return [(kind, (reports if kind == "report" else cases)[pk]) for _, kind, pk in rows]


def repeat_location_ids(partnership, period_start, period_end, *, rule=None):
    """The places of `partnership` that were repeat locations on at least one day from `period_start`
    to `period_end`: on that day, at least `rule.place_reports` reports at the place (of any
    organisation) had happened in the `rule.place_days` days up to and including it."""
    rule = rule or repeat_rule(partnership)
    start, end = local_day_range(add_days(period_start, -(rule.place_days - 1)), period_end)
    days = {}  # place -> [local day of each report]
    for place, occurred_at in (Report.objects.filter(partnership=partnership, place__isnull=False,
                                                     occurred_at__gte=start, occurred_at__lt=end)
                               .order_by().values_list("place_id", "occurred_at")):
        days.setdefault(place, []).append(timezone.localdate(occurred_at))
    met, n = set(), rule.place_reports
    for place, dates in days.items():
        dates.sort()
        # From the first day of the look-back on, any `n` reports within `place_days` days meet the
        # rule on the last of their days, or (when that is before the period) on its first day.
        if any((dates[i + n - 1] - dates[i]).days < rule.place_days for i in range(len(dates) - n + 1)):
            met.add(place)
    return met
