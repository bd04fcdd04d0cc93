"""The search index of casework: people by name, reports by reference, address, postcode and text
(ADR 51). The lists and pickers in queries.py ask this module which rows match a word; the reader's
visibility is then applied to those ids in the same query, so the index never decides who sees what.

SQLite: two FTS5 tables with the trigram tokenizer (any three letters of a name find it), filled by
triggers in the same transaction as every write to the rows they index (migration 0006), so an
edit, a merge, an erasure or a bulk INSERT cannot leave them behind. People merged into another or
erased under the retention schedule are not in the index at all.
PostgreSQL: no copy of the text. pg_trgm GIN indexes on the name expressions `icontains` writes
(migration 0004), and one on a report's reference, address, postcode and text joined (REPORT_TEXT,
migration 0010), so every word of a search is looked up in one scan whichever column it is in; the
database keeps them in step itself."""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from eunomia.casework.models import Person, Report

PEOPLE_TABLE = "casework_person_search"
REPORTS_TABLE = "casework_report_search"
PERSON_COLUMNS = ("first_name", "last_name")
REPORT_COLUMNS = ("reference", "address", "postcode", "description")
# retention.ERASED (retention reads queries, which read this module); a test holds them equal.
ERASED = "(erased under the retention schedule)"
# Who is in the people index: not merged into someone else, not erased. The triggers of migration
# 0006 say the same in SQL.
INDEXED_PEOPLE = f"merged_into_id IS NULL AND first_name <> '{ERASED}'"
# A report's searchable text on PostgreSQL, as migration 0010 indexes it (the same expression, or
# the planner cannot use the index: a test checks the plan).
REPORT_TEXT = ("(coalesce(reference, '') || ' ' || coalesce(address, '') || ' ' || coalesce(postcode, '') || ' ' "
               "|| coalesce(description, ''))")
TRIGRAM = 3  # a word shorter than a trigram cannot be looked up in the index: it is read through


def _fts():
    return connection.vendor == "sqlite"


def _phrase(word):
    """`word` as an FTS5 string: in double quotes, a quote inside doubled, so nothing typed is
    read as query syntax."""
    return '"' + word.replace('"', '""') + '"'


def _like(word):
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _rows_matching(table, columns, word):
    """SQL and params for the rowids of FTS table `table` with `word` in any of `columns`."""
    if len(word) >= TRIGRAM:
        return (f"SELECT rowid FROM {table} WHERE {table} MATCH %s",
                [f"{{{' '.join(columns)}}} : {_phrase(word)}"])
    where = " OR ".join(f"{column} LIKE %s ESCAPE '\\'" for column in columns)
    return f"SELECT rowid FROM {table} WHERE {where}", [_like(word)] * len(columns)


def words(text):
    """The words of a search, NULs dropped: FTS5 and PostgreSQL refuse one in a query, and no name
    or address holds one."""
    return (text or "").replace("\x00", "").split()


def people_named(word):
    """Q: people whose first or last name contains `word` (any case)."""
    word = word.replace("\x00", "")  # as in words(): callers may pass a name typed at intake
    if _fts():
        return Q(pk__in=RawSQL(*_rows_matching(PEOPLE_TABLE, PERSON_COLUMNS, word)))
    # The trigram indexes of 0004; an erased person's placeholder is no one's name.
    return (Q(first_name__icontains=word) | Q(last_name__icontains=word)) & ~Q(first_name=ERASED)


def reports_matching(word):
    """Q: reports whose reference, address, postcode or text contain `word` (any case)."""
    word = word.replace("\x00", "")
    if _fts():
        return Q(pk__in=RawSQL(*_rows_matching(REPORTS_TABLE, REPORT_COLUMNS, word)))
    return Q(pk__in=RawSQL(*_reports_with_postgres([word])))


def _reports_with_postgres(words):
    """SQL and params for the ids of reports whose joined text holds every one of `words`: one scan
    of migration 0010's trigram index, every word's trigrams combined in it."""
    every = " AND ".join([f"upper({REPORT_TEXT}::text) LIKE upper(%s)"] * len(words))
    return f"SELECT id FROM casework_report WHERE {every}", [_like(word) for word in words]


def newest_reports_with_every_word(words, limit):
    """The ids of the newest `limit` reports (by id: the order they were recorded) whose reference,
    address, postcode or text holds every one of `words`, newest first, in any partnership: one
    look-up of the index (on SQLite stopping at `limit`) (ADR 58)."""
    if not words:
        return []
    if _fts() and all(len(word) >= TRIGRAM for word in words):
        query = f"{{{' '.join(REPORT_COLUMNS)}}} : ({' AND '.join(_phrase(word) for word in words)})"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {REPORTS_TABLE} WHERE {REPORTS_TABLE} MATCH %s "
                           "ORDER BY rowid DESC LIMIT %s", [query, limit])
            return [row[0] for row in cursor.fetchall()]
    if _fts():  # a word shorter than a trigram: FTS5 reads the words it can and scans for the rest
        every = Q()
        for word in words:
            every &= reports_matching(word)
        found = Report.objects.filter(every).order_by().values_list("id", flat=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute(*_reports_with_postgres(words))
            found = [row[0] for row in cursor.fetchall()]
    # All of them, newest picked here: asked for in order, PostgreSQL walks every report backwards
    # rather than use the index.
    return sorted(found, reverse=True)[:limit]


def rebuild():
    """Fill the index again from the tables: after a bulk load that went round the triggers, or to
    mend it. Returns {table: rows indexed}. On PostgreSQL the indexes are the database's own: it
    refreshes the planner's statistics only."""
    with connection.cursor() as cursor:
        if not _fts():
            cursor.execute("ANALYZE casework_person")
            cursor.execute("ANALYZE casework_report")
            return {"casework_person": Person.objects.count(), "casework_report": Report.objects.count()}
        cursor.execute(f"DELETE FROM {PEOPLE_TABLE}")
        cursor.execute(f"INSERT INTO {PEOPLE_TABLE} (rowid, {', '.join(PERSON_COLUMNS)}) "
                       f"SELECT id, {', '.join(PERSON_COLUMNS)} FROM casework_person WHERE {INDEXED_PEOPLE}")
        cursor.execute(f"DELETE FROM {REPORTS_TABLE}")
        cursor.execute(f"INSERT INTO {REPORTS_TABLE} (rowid, {', '.join(REPORT_COLUMNS)}) "
                       f"SELECT id, {', '.join(REPORT_COLUMNS)} FROM casework_report")
        counts = {}
        for table in (PEOPLE_TABLE, REPORTS_TABLE):
            cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
        return counts
