"""A long list of ids in one query parameter: `Report.objects.filter(pk__in=id_list(ids))`.

Django writes `pk__in=[...]` as one parameter per id, preparing each in Python: for the thousands of
ids a briefing narrows down that costs more than the query (ADR 58). Here the whole list is one JSON
text (SQLite's json_each) or one array (PostgreSQL's unnest), and the database still looks each id up
through the column's index."""

import json

from django.db import connection
from django.db.models.expressions import RawSQL


def id_list(ids):
    """A subquery of the integer ids `ids`, for `field__in`."""
    ids = sorted({int(pk) for pk in ids})
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
