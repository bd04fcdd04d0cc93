"""The records behind a figure (ADR 69).

Every registered measure says which records it counted, beside how it counts them. In the app's
`measures.py`, next to the measure:

    @records_of("casework.reports")
    def reports_counted(*, partnership, period_start, period_end, category):
        return Counted("casework.report", reported(partnership, period_start, period_end, category))

`Counted` holds a queryset of one record kind, each counted record once (a count of people is a
queryset of the people, not of their reports), and how the value follows from the rows:

- a count: the number of rows (the default);
- a sum: `amount` names the field added up (hours, leaflets, pence);
- a share or any other working: `numerator` picks the rows counted above the line, and `formula`
  turns the totals (count, numerator, amount) into the value, exactly as the measure does.

An app declares each kind of record it counts, with its scoped query, once:

    record_kind("casework.report", model=Report, noun="report", plural="reports",
                visible=reports_visible_to, when="occurred_at", columns=[("Reference", attrgetter("reference")), ...],
                url=lambda report: reverse(...))

`visible(user, partnership)` is the app's own scoped query (a record the reader may not see is
never listed); `visible=None` marks open data (police.uk), which anyone may see and which a public
page may list. What the reader may not see is counted, not shown: grouped by the organisation that
holds it (`owner`).

`drill(...)` splits a figure's records for one reader; `record_ids` and `digest` are what a
publication keeps to recount later (figures.recount).
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from eunomia.figures.registry import MeasureError, get_measure

_KINDS = {}
_RECORDS = {}
# Measures that cannot list their records, with why (the closing note lists them too).
_NOT_LISTED = {}


@dataclass(frozen=True)
class RecordKind:
    key: str
    model: type
    noun: str
    plural: str
    # (user, partnership) -> queryset of `model` the reader may see; None for open data.
    visible: Callable | None
    # The field holding the organisation that holds a record ("" for open data).
    owner: str
    # The date or datetime a row is listed by, newest first.
    when: str
    # [(heading, function(record) -> text)]: what a row shows staff (and the CSV holds).
    columns: list
    # record -> the record's page, or "" when it has none.
    url: Callable | None = None
    # When the record was added, to say on a recount what came in since ("" when not kept).
    created: str = ""
    select_related: tuple = ()
    # False only for open data: reading or exporting personal data is audited.
    personal: bool = True
    # Only holders of this permission may see rows of this kind (DA records: DA_VIEW).
    description: str = ""

    def date_of(self, record, *, iso=False):
        when = follow(record, self.when)
        if when is None:
            return ""
        day = timezone.localtime(when).date() if isinstance(when, datetime.datetime) else when
        return day.isoformat() if iso else f"{day:%-d %B %Y}"

    def added_on(self, record):
        return follow(record, self.created) if self.created else None

    @property
    def open_data(self):
        return self.visible is None

    def label(self, n):
        return f"{n:,} {self.noun if n == 1 else self.plural}"


def record_kind(key, *, model, noun, plural, visible, when, columns, owner="owner_organisation_id", url=None,
                created="", select_related=(), description=""):
    if key in _KINDS:
        raise ValueError(f"record kind {key} is registered twice")
    _KINDS[key] = RecordKind(key=key, model=model, noun=noun, plural=plural, visible=visible,
                             owner="" if visible is None else owner, when=when, columns=list(columns), url=url,
                             created=created, select_related=tuple(select_related), personal=visible is not None,
                             description=description)
    return _KINDS[key]


def get_kind(key):
    return _KINDS[key]


@dataclass(frozen=True)
class Totals:
    count: int
    numerator: int
    amount: Decimal


@dataclass
class Counted:
    """What a measure counted: `rows` of the kind `kind`, each record once."""

    kind: str
    rows: object
    amount: str = ""
    numerator: Q | None = None
    # Totals -> value (a number or None), as the measure works it out. The default: the count, or
    # the amount when there is one.
    formula: Callable | None = None
    # Totals -> the working in words, for the drill-down page ("12 of 20 cases closed: 60.0%").
    working: Callable | None = None
    # What the column marking the rows picked by `numerator` says of them.
    numerator_heading: str = "Counted in the share"

    @property
    def record_kind(self):
        return get_kind(self.kind)

    def totals(self, rows=None):
        rows = self.rows if rows is None else rows
        aggregates = {"count": Count("pk")}
        if self.amount:
            aggregates["amount"] = Sum(self.amount)
        if self.numerator is not None:
            aggregates["numerator"] = Count("pk", filter=self.numerator)
        found = rows.order_by().aggregate(**aggregates)
        return Totals(count=found["count"], numerator=found.get("numerator") or 0,
                      amount=Decimal(str(found.get("amount") or 0)))

    def value(self, totals=None):
        totals = totals or self.totals()
        if self.formula is not None:
            result = self.formula(totals)
        else:
            result = totals.amount if self.amount else totals.count
        return None if result is None else Decimal(str(result)).quantize(Decimal("0.0001"))

    def in_words(self, totals):
        if self.working is not None:
            return self.working(totals)
        kind = self.record_kind
        if self.amount:
            return f"{kind.label(totals.count)}, adding up to {totals.amount.normalize():,f}"
        return kind.label(totals.count)


def records_of(key):
    """Register the function listing what the measure `key` counted."""
    def register(function):
        if key in _RECORDS:
            raise ValueError(f"records of {key} are registered twice")
        _RECORDS[key] = function
        return function
    return register


def not_listed(key, why):
    """Say that the measure `key` cannot list its records, and why (a ratio of two figures, each of
    which lists its own)."""
    _NOT_LISTED[key] = why


def why_not_listed(key):
    return _NOT_LISTED.get(key, "")


def lists_records(key):
    return key in _RECORDS


def counted(measure_key, *, partnership, period_start, period_end, params):
    """The Counted of a measure for a period: raises MeasureError when it has none or the parameters
    are wrong."""
    measure = get_measure(measure_key)
    if measure_key not in _RECORDS:
        raise MeasureError(why_not_listed(measure_key) or f"{measure.title} does not list its records")
    measure.check_params(params)
    return _RECORDS[measure_key](partnership=partnership, period_start=period_start, period_end=period_end,
                                 **params)


@dataclass
class Held:
    """Records a reader may not see, counted for the organisation holding them."""

    organisation: str
    count: int
    amount: Decimal = Decimal(0)


@dataclass
class Drilldown:
    counted: Counted
    kind: RecordKind
    totals: Totals
    value: object
    # The rows the reader may see (a queryset, newest first), and what they add up to.
    visible: object
    visible_totals: Totals
    held: list = field(default_factory=list)

    @property
    def held_count(self):
        return sum(h.count for h in self.held)

    @property
    def everything_visible(self):
        return not self.held


def _visible_rows(counted, kind, user, partnership):
    """The counted rows the reader may see, to list a page of them: each row is checked against the
    scoped query by its key as the list is read, so a page near the start stops early. (With
    `pk IN (scoped query)` SQLite first lists every record the reader may see, for a page of 50 of a
    year's 250,000 reports: seconds.)"""
    if kind.open_data:
        return counted.rows
    seen = kind.visible(user, partnership)
    return counted.rows.filter(Exists(seen.order_by().filter(pk=OuterRef("pk"))))


def _single_valued(query):
    """Does `query` join only along relations that give each row one match (a foreign key followed
    forwards, or one-to-one)?"""
    for alias, join in query.alias_map.items():
        if alias == query.base_table or not query.alias_refcount.get(alias):
            continue
        field = getattr(join, "join_field", None)
        if not (getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False)):
            return False
    return True


def _within(rows, seen):
    """`rows` that are also in `seen` (the reader's scoped query of the same model), as ONE query whose
    conditions are both: the scoped query's conditions are then tested on the counted rows only. With
    `pk IN (scoped query)` the database first works out every record the reader may see (at 1,000,000
    reports, PostgreSQL did so for the whole partnership to count a year of 250,000: three times the
    work). None when the two cannot be put together safely (a distinct query, joins that could repeat
    a row, annotations): the caller then counts with `IN`."""
    rows_query, seen_query = rows.query, seen.query
    if (rows.model is not seen.model or rows_query.distinct or seen_query.distinct or rows_query.is_sliced
            or seen_query.is_sliced or seen_query.annotations or seen_query.extra or rows_query.combinator
            or seen_query.combinator or not _single_valued(seen_query)):
        return None
    try:
        return rows.order_by() & seen.order_by()
    except TypeError:
        return None


def _by_holder(counted, rows, owner):
    """{holder's id: Totals} of `rows`. Grouped by the holder's key, not its name: a join to the
    holders' table for each of 250,000 rows cost PostgreSQL more than the grouping itself."""
    aggregates = {"count": Count("pk")}
    if counted.amount:
        aggregates["amount"] = Sum(counted.amount)
    if counted.numerator is not None:
        aggregates["numerator"] = Count("pk", filter=counted.numerator)
    found = rows.order_by().values(owner).annotate(**aggregates).order_by()
    return {row[owner]: Totals(count=row["count"], numerator=row.get("numerator") or 0,
                               amount=Decimal(str(row.get("amount") or 0))) for row in found}


def _holder_names(kind, ids):
    """{id: name} of the organisations (or partnerships) holding records of `kind`."""
    model = kind.model
    for part in kind.owner.removesuffix("_id").split("__"):
        model = model._meta.get_field(part).related_model
    return dict(model.objects.filter(pk__in=[pk for pk in ids if pk is not None]).values_list("pk", "name"))


_NONE = Totals(count=0, numerator=0, amount=Decimal(0))


def _sum(totals):
    return Totals(count=sum(t.count for t in totals), numerator=sum(t.numerator for t in totals),
                  amount=sum((t.amount for t in totals), Decimal(0)))


def drill(counted, *, user, partnership):
    """Split what `counted` counted into what the reader may see and what is held by others."""
    kind = counted.record_kind
    visible = _visible_rows(counted, kind, user, partnership)
    owner_name = f"{kind.owner.removesuffix('_id')}__name" if kind.owner else ""
    seen_rows = None if kind.open_data or not owner_name else _within(counted.rows, kind.visible(user, partnership))
    held = []
    if seen_rows is not None:
        # Two grouped counts, of everything counted and of what the reader may see, each by holder:
        # the totals are their sums and what is held by others their differences.
        owner = kind.owner.removesuffix("_id")
        everything = _by_holder(counted, counted.rows, owner)
        seen = _by_holder(counted, seen_rows, owner)
        totals, visible_totals = _sum(everything.values()), _sum(seen.values())
        names = _holder_names(kind, [holder for holder, found in everything.items()
                                     if found.count > seen.get(holder, _NONE).count])
        for holder, all_of_it in everything.items():
            part = seen.get(holder, _NONE)
            if all_of_it.count > part.count:
                held.append(Held(organisation=names.get(holder) or "another organisation",
                                 count=all_of_it.count - part.count, amount=all_of_it.amount - part.amount))
        held.sort(key=lambda h: h.organisation)
    else:
        totals = counted.totals()
        visible_totals = counted.totals(visible) if not kind.open_data else totals
        if visible_totals.count < totals.count:
            hidden = counted.rows.exclude(pk__in=visible.order_by().values("pk")).order_by()
            aggregates = {"n": Count("pk")}
            if counted.amount:
                aggregates["amount"] = Sum(counted.amount)
            for row in hidden.values(owner_name).annotate(**aggregates).order_by(owner_name):
                held.append(Held(organisation=row[owner_name] or "another organisation", count=row["n"],
                                 amount=Decimal(str(row.get("amount") or 0))))
    ordered = visible.select_related(*kind.select_related).order_by(f"-{kind.when}", "-pk")
    return Drilldown(counted=counted, kind=kind, totals=totals, value=counted.value(totals), visible=ordered,
                     visible_totals=visible_totals, held=held)


def record_ids(counted):
    return sorted(counted.rows.order_by().values_list("pk", flat=True).distinct())


def digest(kind_key, ids):
    """A SHA-256 fingerprint of a set of records: the kind and the sorted ids, one line."""
    text = kind_key + ":" + ",".join(str(pk) for pk in sorted(ids))
    return hashlib.sha256(text.encode()).hexdigest()


def rows_for_csv(counted, rows):
    """The header and cells of `rows` (records of the counted kind) as a CSV holds them."""
    kind = counted.record_kind
    header = ["Record", "Date"] + [heading for heading, _ in kind.columns]
    if counted.amount:
        header.append("Amount")
    cells = []
    for record in rows:
        line = [f"{kind.noun} {record.pk}", kind.date_of(record, iso=True)]
        line += [function(record) for _, function in kind.columns]
        if counted.amount:
            line.append(follow(record, counted.amount))
        cells.append(line)
    return header, cells


def follow(record, path):
    """The value at a Django lookup path ("data_month__month") of a record."""
    value = record
    for part in path.split("__"):
        value = getattr(value, part)
        if value is None:
            return None
    return value
