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
    """`field__any_of=values`: the field's value is one of `values` (any iterable): integers, or
    strings for a text column."""

    lookup_name = "any_of"
    prepare_rhs = False

    @property
    def _text(self):
        return self.lhs.output_field.get_internal_type() in ("CharField", "TextField")

    def get_prep_lookup(self):
        return sorted({str(value) for value in self.rhs} if self._text else {int(pk) for pk in self.rhs})

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} IN (SELECT unnest(%s::{'text' if self._text else 'bigint'}[]))", (*lhs_params, self.rhs)
        return f"{lhs} IN (SELECT value FROM json_each(%s))", (*lhs_params, json.dumps(self.rhs))
