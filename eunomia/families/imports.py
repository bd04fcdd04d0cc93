"""Facts about a family's members imported from a partner's CSV file (a school's termly return, a
data share of benefits): every line is checked first, by the same rules as a fact typed in
(actions.check_fact), and every problem is named with its line and column, so a file is put right
in one go. Only a file with no problem is saved, all of it in one transaction."""

import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from eunomia.core.dates import DateError, parse_day
from eunomia.evidence.csvfiles import read_rows
from eunomia.families import actions
from eunomia.families.forms import LARGEST_VALUE
from eunomia.families.models import Fact

COLUMNS = ("member", "kind", "value", "from", "to", "source")
# Where check_fact names a field, the column it comes from.
COLUMN_OF = {"member": "member", "kind": "kind", "value": "value", "period_start": "from", "period_end": "to",
             "source": "source"}
# What the import page says of each column.
LAYOUT = [
    ("member", "The casework person number of a member of the family (shown beside each member)."),
    ("kind", "What the fact is: one of the codes listed below."),
    ("value", "The number, for exclusions and offences (in the period) and absence (the percentage of sessions "
              "missed); empty for the others."),
    ("from", "The first day the fact covers, like 2025-09-01."),
    ("to", "The last day it covers, like 2025-12-19: today or earlier."),
    ("source", "Where it comes from, like \"Testvale Academy termly return\"."),
]


def _value(text):
    """(the number or None, a message or None)."""
    if not text:
        return None, None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None, f"\"{text}\" is not a number: write it like 3 or 12.5"
    if not value.is_finite() or value.as_tuple().exponent < -2 or abs(value) > LARGEST_VALUE:
        return None, f"\"{text}\" is not a number with at most 2 decimal places up to 99999.99"
    return value, None


def _day(text, what):
    if not text:
        return None, None
    try:
        return parse_day(text, what=what), None
    except DateError as error:
        return None, str(error)


def check(*, family, data):
    """The facts of the CSV file `data` (bytes) for `family` as keyword arguments of record_fact,
    and the problems found, each "Line n, column 'c': ...". Saves nothing."""
    rows, unreadable = read_rows(data, required=COLUMNS)
    if unreadable:
        return [], unreadable
    members = {str(m.person_id): m for m in family.members.select_related("person")}
    facts, problems = [], []
    for line, cells in rows:
        found = {}
        member = members.get(cells["member"])
        if member is None:
            found["member"] = (f"\"{cells['member']}\" is not the casework person number of a member of {family}"
                               if cells["member"] else "Give the casework person number of a member")
        kind = cells["kind"].strip().lower()
        if kind not in Fact.Kind.values:
            found["kind"] = (f"\"{cells['kind']}\" is not a kind of fact: use one of the codes listed" if kind
                             else "Give the kind of fact: one of the codes listed")
        value, found["value"] = _value(cells["value"])
        period_start, found["from"] = _day(cells["from"], "The first day")
        period_end, found["to"] = _day(cells["to"], "The last day")
        if len(cells["source"]) > 200:
            found["source"] = "The source must be 200 characters or fewer"
        errors = actions.check_fact(member=member, kind=kind, value=value, period_start=period_start,
                                    period_end=period_end, source=cells["source"])
        for field, message in errors.items():
            column = COLUMN_OF[field]
            if not found.get(column):  # a column that could not be read says so, not that it is missing
                found[column] = message
        problems += [f"Line {line}, column '{column}': {found[column]}" for column in COLUMNS if found.get(column)]
        facts.append({"member": member, "kind": kind, "value": value, "period_start": period_start,
                      "period_end": period_end, "source": cells["source"]})
    return facts, problems


def import_facts(*, by, family, data):
    """Record every fact of the CSV file `data` for `family`, or none: a ValidationError on "file"
    lists every problem. Returns the facts recorded."""
    facts, problems = check(family=family, data=data)
    if problems:
        raise ValidationError({"file": problems})
    batch = uuid.uuid4().hex[:12]
    with transaction.atomic():
        return [actions.record_fact(by=by, family=family, import_batch=batch, **fact) for fact in facts]
