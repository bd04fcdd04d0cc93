"""What a publication keeps of each figure it prints, and counting it again later (ADR 69).

At publication `keep` freezes a figure: its definition, period and value as printed, and for a
figure calculated from records, which records it counted (their ids, packed, and a digest). For
open data the rows themselves are kept, so anyone can count them again from the public page.

`recount` works the figure out again from today's records and says what changed: records added
since (with when and by which organisation), records no longer counted (changed, or gone), naming
only what the reader may see and counting the rest for the organisation that holds it.
"""

import zlib
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from eunomia.core.formatting import format_value
from eunomia.core.spreadsheet import to_csv
from eunomia.figures import drilldown
from eunomia.figures.models import Figure, PublishedFigure
from eunomia.figures.registry import MeasureError


def pack_ids(ids):
    """Sorted ids as the gaps between them, compressed: a million ids take a few hundred kilobytes."""
    ids = sorted(ids)
    gaps = [ids[0]] + [b - a for a, b in zip(ids, ids[1:])] if ids else []
    return zlib.compress(",".join(map(str, gaps)).encode(), 9)


def unpack_ids(blob):
    text = zlib.decompress(bytes(blob)).decode() if blob else ""
    ids, total = [], 0
    for gap in text.split(",") if text else []:
        total += int(gap)
        ids.append(total)
    return ids


def open_records_csv(counted):
    """The open-data rows a figure counted, as CSV text (header first), oldest first."""
    rows = counted.rows.select_related(*counted.record_kind.select_related).order_by(counted.record_kind.when, "pk")
    header, cells = drilldown.rows_for_csv(counted, rows.iterator(chunk_size=5000))
    return to_csv(header, cells)


def keep(*, figure, shown, withheld, recorded, publication, publication_url, published_at):
    """A PublishedFigure (not yet saved) freezing `figure` as the publication printed it."""
    kept = PublishedFigure(
        partnership=figure.partnership, publication=publication, publication_url=publication_url,
        published_at=published_at, name=figure.name, title=figure.title, definition=figure.definition,
        source=figure.source, unit=figure.unit, counts=figure.counts, period_start=figure.period_start,
        period_end=figure.period_end, kind=figure.kind, measure=figure.measure,
        measure_params=figure.measure_params, value=figure.value, text_value=figure.text_value, shown=shown,
        withheld=withheld, recorded=recorded)
    if figure.kind == Figure.Kind.COMPUTED and drilldown.lists_records(figure.measure):
        counted = drilldown.counted(figure.measure, partnership=figure.partnership, period_start=figure.period_start,
                                    period_end=figure.period_end, params=figure.measure_params)
        ids = drilldown.record_ids(counted)
        kept.record_kind = counted.kind
        kept.record_count = len(ids)
        kept.digest = drilldown.digest(counted.kind, ids)
        kept.record_ids = pack_ids(ids)
        if counted.record_kind.open_data:
            kept.open_records = zlib.compress(open_records_csv(counted).encode(), 9)
    return kept


def open_records_text(kept):
    return zlib.decompress(bytes(kept.open_records)).decode() if kept.open_records else ""


def kept_ids_hold(kept):
    """Do the packed ids still match the digest kept beside them?"""
    return drilldown.digest(kept.record_kind, unpack_ids(kept.record_ids)) == kept.digest


# Counting again -----------------------------------------------------------------------------------

@dataclass
class Change:
    """One record that came in or went out, which the reader may see."""

    record: object
    url: str
    label: str
    # "added on 3 March 2027 by Harrowdale Homes", "recorded before publication and changed since", ...
    how: str


@dataclass
class Recount:
    kept: PublishedFigure
    possible: bool
    # Why not, when it is not possible (a figure entered by hand, a measure that lists no records).
    why_not: str = ""
    value: object = None
    shown_now: str = ""
    same: bool = False
    intact: bool = True
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    # [(organisation, n)] of what came in or went out that the reader may not see.
    added_held: list = field(default_factory=list)
    removed_held: list = field(default_factory=list)
    # Records counted at publication that no longer exist at all (deleted, or a police.uk month
    # imported again).
    gone: int = 0
    count_now: int = 0

    @property
    def added_count(self):
        return len(self.added) + sum(n for _, n in self.added_held)

    @property
    def removed_count(self):
        return len(self.removed) + sum(n for _, n in self.removed_held) + self.gone


def recount(kept, *, user):
    """Work `kept` out again from today's records, for `user` (what changed is named only where the
    reader may see it)."""
    if kept.kind == Figure.Kind.MANUAL:
        return Recount(kept=kept, possible=False, why_not="It was entered by hand, so there are no records to count "
                                                         "again. Its evidence is on the figure's page.")
    if kept.kind == Figure.Kind.DERIVED:
        return Recount(kept=kept, possible=False, why_not="It was worked out from other figures: count those again.")
    if not kept.digest:
        return Recount(kept=kept, possible=False, why_not=drilldown.why_not_listed(kept.measure)
                       or "Its measure did not list its records when it was published.")
    try:
        counted = drilldown.counted(kept.measure, partnership=kept.partnership, period_start=kept.period_start,
                                    period_end=kept.period_end, params=kept.measure_params)
    except MeasureError as problem:
        return Recount(kept=kept, possible=False, why_not=f"It cannot be worked out today: {problem}")
    kind = counted.record_kind
    now_ids = set(drilldown.record_ids(counted))
    old_ids = set(unpack_ids(kept.record_ids))
    value = counted.value()
    found = Recount(kept=kept, possible=True, value=value, shown_now=format_value(kept.unit, value, ""),
                    same=drilldown.digest(counted.kind, now_ids) == kept.digest, intact=kept_ids_hold(kept),
                    count_now=len(now_ids))
    if found.same:
        return found
    came, went = now_ids - old_ids, old_ids - now_ids
    seen = _seen(kind, user, kept.partnership, came | went)
    model = kind.model
    for record in model.objects.filter(pk__in=came & seen).select_related(*kind.select_related).order_by("pk"):
        found.added.append(_change(kind, record, kept, came=True))
    still_there = set(model.objects.filter(pk__in=went).values_list("pk", flat=True))
    for record in model.objects.filter(pk__in=went & seen).select_related(*kind.select_related).order_by("pk"):
        found.removed.append(_change(kind, record, kept, came=False))
    found.added_held = _held_by(kind, came - seen)
    found.removed_held = _held_by(kind, (went & still_there) - seen)
    found.gone = len(went - still_there)
    return found


def _seen(kind, user, partnership, ids):
    if kind.open_data:
        return set(ids)
    return set(kind.visible(user, partnership).filter(pk__in=ids).values_list("pk", flat=True))


def _held_by(kind, ids):
    if not ids or not kind.owner:
        return [("open data", len(ids))] if ids else []
    owner_name = f"{kind.owner.removesuffix('_id')}__name"
    rows = (kind.model.objects.filter(pk__in=ids).values(owner_name).annotate(n=Count("pk")).order_by(owner_name))
    return [(row[owner_name] or "another organisation", row["n"]) for row in rows]


def _change(kind, record, kept, *, came):
    added_on = kind.added_on(record)
    by = drilldown.follow(record, f"{kind.owner.removesuffix('_id')}__name") if kind.owner else ""
    if came and added_on is not None and added_on > kept.published_at:
        how = f"added on {timezone.localtime(added_on):%-d %B %Y}" + (f" by {by}" if by else "")
    elif came:
        how = "recorded before publication and changed since, so it is counted now"
    else:
        how = "counted at publication and changed since, so it is no longer counted"
    url = kind.url(record) if kind.url else ""
    label = " · ".join(str(function(record)) for _, function in kind.columns[:2])
    return Change(record=record, url=url, label=label, how=how)

