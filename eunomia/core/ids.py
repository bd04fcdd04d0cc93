"""A long list of ids as one query parameter: `Report.objects.filter(pk__any_of=ids)`.

Django writes `pk__in=[...]` as one parameter per id, preparing each in Python: for the thousands of
ids a briefing narrows down that costs more than the query (ADR 58). `any_of` sends the whole list
as one array (PostgreSQL's unnest) or one JSON text (SQLite's json_each), and the database still looks
each id up through the column's index. On PostgreSQL `IN (SELECT unnest(...))` rather than `= ANY(...)`:
told the list is long, the planner turned a search's correlated visibility test into a list of every
report in every case the reader sees (ADR 32); told nothing, it probes the candidates one by one."""

import json

from django.db.models import Lookup


class AnyOf(Lookup):
    """`field__any_of=ids`: the field's value is one of the integers `ids` (any iterable)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return sorted({int(pk) for pk in self.rhs})

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} IN (SELECT unnest(%s::bigint[]))", (*lhs_params, self.rhs)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*lhs_params, json.dumps(self.rhs))
