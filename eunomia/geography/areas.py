"""What the geography's importers share: refusals in words, reading ONS codes, and writing many
areas at once (the bulk writer for new rows, UPDATE ... FROM VALUES for changed ones)."""

import re

from django.core.exceptions import ValidationError
from django.db import connection

from eunomia.core.bulk import BulkWriter
from eunomia.geography.models import Area, area_code_validator

MAX_ERRORS = 20
_CODE = re.compile(area_code_validator.regex.pattern)
# How messages speak of each kind of area.
KIND = {
    Area.Type.LAD: ("a local authority district", "local authority district"),
    Area.Type.WARD: ("a ward", "ward"),
    Area.Type.MSOA: ("an MSOA", "MSOA"),
    Area.Type.LSOA: ("an LSOA", "LSOA"),
}


def refuse(messages, code=None):
    if isinstance(messages, str):
        messages = [messages]
    raise ValidationError({"path": [ValidationError(message, code=code) for message in messages]})


def is_code(code, area_type=None):
    if not isinstance(code, str) or not _CODE.match(code):
        return False
    return area_type is None or code.startswith(Area.CODE_PREFIXES[area_type])


def prefixes(area_type):
    return " or ".join(Area.CODE_PREFIXES[area_type])


# Imports of every LSOA in England write tens of thousands of rows. Through model instances
# (bulk_create, bulk_update) the population file took over 6 seconds on SQLite, and one statement
# per row (executemany) 8 seconds on PostgreSQL; a statement per few hundred rows, or COPY on
# PostgreSQL, takes about a second. Rows whose values would not change are not written at all.
_BATCH = 500


def _batches(rows):
    for start in range(0, len(rows), _BATCH):
        yield rows[start:start + _BATCH]


def insert_rows(columns, rows):
    """New areas, `rows` of values in the `columns`' order, through the one bulk writer."""
    quote = connection.ops.quote_name
    with BulkWriter(quote(Area._meta.db_table), [quote(column) for column in columns]) as writer:
        writer.write(rows)


def update_rows(columns, rows):
    """Set `columns` on many areas: `rows` are (value, ..., id) tuples, none of the values null.
    UPDATE ... FROM (VALUES ...) reads the same on both databases, whose VALUES lists both name
    their columns column1, column2 and so on (SQLite from 3.33)."""
    quote = connection.ops.quote_name
    table = quote(Area._meta.db_table)
    assignments = ", ".join(f"{quote(column)} = v.column{n}" for n, column in enumerate(columns, start=1))
    placeholders = f"({', '.join(['%s'] * (len(columns) + 1))})"
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([placeholders] * len(batch))}) AS v "
                f"WHERE {table}.id = v.column{len(columns) + 1}",
                [value for row in batch for value in row],
            )


def areas_with_codes(codes, chunk=5000):
    """The areas with these codes, asked for a chunk at a time: SQLite allows at most 32,766
    parameters in a statement, and a national LSOA file has more codes than that."""
    for start in range(0, len(codes), chunk):
        yield from Area.objects.filter(code__in=codes[start:start + chunk])


def ensure_lads(codes):
    """The LAD areas for these codes, created with the code as a stand-in name when missing:
    the population file names them later."""
    lads = {lad.code: lad for lad in Area.objects.filter(type=Area.Type.LAD, code__in=codes)}
    missing = [Area(code=code, name=code, type=Area.Type.LAD) for code in sorted(set(codes) - set(lads))]
    for lad in Area.objects.bulk_create(missing):
        lads[lad.code] = lad
    return lads


