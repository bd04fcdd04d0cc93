"""What casework keeps derived from its own records so reads need not work it out again: how many
reports of each day name each person as victim or complainant (VictimDay). The actions that change
the links call `refresh_people` inside their own transaction; a whole partnership's rows are rebuilt
by `rebuild` (the `recompute_casework_flags` command, and the job a repeat rule change starts, run
it), for records written in bulk rather than through the actions (docs/adr/0052).

An app built on casework that keeps something derived from records naming a person (risk keeps
which assessment is each person's latest) says how to count it again in its `casework_uses` module
with `also_kept`: merging people moves those records, and the command rebuilds them too."""

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate

from eunomia.casework.models import ReportPerson, VictimDay
from eunomia.casework.queries import VICTIM_ROLES


_kept_elsewhere = {}


def also_kept(name, *, refresh, rebuild):
    """Register `refresh(person_ids)` (count again for these people, inside the caller's
    transaction) and `rebuild(partnership)` under `name`."""
    _kept_elsewhere[name] = (refresh, rebuild)


def _counted(links):
    """(partnership id, person id, day, reports) for `links` (ReportPerson rows), one per person
    and day (London time), each report counted once however many victim roles it gives them."""
    return (links.filter(role__in=VICTIM_ROLES).annotate(day=TruncDate("report__occurred_at"))
            .values("report__partnership_id", "person_id", "day")
            .annotate(n=Count("report_id", distinct=True)).order_by()
            .values_list("report__partnership_id", "person_id", "day", "n"))


def refresh_people(person_ids):
    """Count again the days of `person_ids` from their links: call inside the transaction of the
    change to those links. A person has at most a few hundred links, so counting all of them again
    is cheap and never drifts, where adding and subtracting one could."""
    person_ids = {pk for pk in person_ids if pk is not None}
    if not person_ids:
        return
    VictimDay.objects.filter(person_id__in=person_ids).delete()
    VictimDay.objects.bulk_create(
        VictimDay(partnership_id=partnership, person_id=person, day=day, reports=n)
        for partnership, person, day, n in _counted(ReportPerson.objects.filter(person_id__in=person_ids)))


def people_merged(person_ids):
    """After a merge moved every record naming the duplicate to the kept person: count both again,
    here and in every app that keeps something about them."""
    refresh_people(person_ids)
    for refresh, _ in _kept_elsewhere.values():
        refresh(person_ids)


def rebuild(partnership):
    """Count every day of every person of `partnership` again, in one transaction, in the database
    (INSERT ... SELECT: a million links are not brought into Python). Returns how many rows it made."""
    # A join, not `person IN (the partnership's people)`: SQLite would probe that list once per report.
    links = ReportPerson.objects.filter(report__partnership=partnership, person__partnership=partnership)
    sql, params = _counted(links).query.sql_with_params()
    table = VictimDay._meta.db_table
    with transaction.atomic():
        VictimDay.objects.filter(partnership=partnership).delete()
        with connection.cursor() as cursor:
            cursor.execute(f'INSERT INTO "{table}" (partnership_id, person_id, day, reports) {sql}', params)
        for _, rebuild_theirs in _kept_elsewhere.values():
            rebuild_theirs(partnership)
        return VictimDay.objects.filter(partnership=partnership).count()
