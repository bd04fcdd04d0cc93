"""The partnership's grants as 360Giving open data (ADR 61): one grant for each allocation from a fund
to a project, as a JSON package that our rendering of the 360Giving schemas accepts
(`schemas/360giving-package.json`), and as a spreadsheet and a CSV file with 360Giving's column titles.

Who made the grant: the partnership. It decides every allocation from the funds it holds, so it is
each grant's Funding Org and the file's publisher; the body that gave it the fund (the PCC, the
council) is named in the grant's programme, which is where a 360Giving reader looks for the money's
origin without counting it twice against the original funder.

Amounts stay Decimal pounds and pence from the database to the file: `package_json` writes each one
digit for digit, never through a float."""

import io
import json
import re
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path

import jsonschema
from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from eunomia.audit.models import AuditEvent
from eunomia.core.formatting import Unit, format_value
from eunomia.core.periods import year_label
from eunomia.core.spreadsheet import to_csv
from eunomia.partners.actions import tidy_registered_number
from eunomia.projects.queries import allocations_in

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "360giving-package.json"
# The 360Giving version the file declares: the newest grant schema checked field by field (ADR 61).
VERSION = "1.3"
CURRENCY = "GBP"


# Identifiers --------------------------------------------------------------------------------------

def publisher_prefix(partnership):
    """The partnership's 360Giving publisher prefix without its "360G-": EUNOMIA_360G_PREFIX, where
    {slug} stands for the partnership's slug ("eunomia-{slug}" unless set)."""
    prefix = settings.EUNOMIA_360G_PREFIX.replace("{slug}", partnership.slug).strip()
    return prefix[5:] if prefix.upper().startswith("360G-") else prefix


def local_identifier(partnership, *parts):
    """An identifier of the publisher's own: 360G-, its prefix and `parts`, joined by hyphens."""
    return "-".join(["360G", publisher_prefix(partnership), *(str(part) for part in parts)])


def grant_identifier(partnership, allocation):
    return local_identifier(partnership, allocation.pk)


def partnership_identifier(partnership):
    """A partnership is seldom a registered body of its own: its publisher prefix names it."""
    return local_identifier(partnership)


def organisation_identifier(partnership, organisation):
    """The org-id 360Giving readers join on: the charity number where the directory holds one
    (GB-CHC in England and Wales, by the main charity's number; GB-SC in Scotland; GB-NIC in Northern
    Ireland), else the company number (GB-COH), else the publisher's own 360G-<prefix>-org-<pk>."""
    charity = tidy_registered_number(organisation.charity_number)
    company = tidy_registered_number(organisation.company_number)
    if charity.startswith("SC"):
        return f"GB-SC-{charity}"
    if charity.startswith("NIC"):
        return f"GB-NIC-{charity[3:]}"
    if charity:
        # A linked charity (1123456-1) is registered under its main charity, and known by its number.
        return f"GB-CHC-{charity.split('-')[0]}"
    if company:
        return f"GB-COH-{company}"
    return local_identifier(partnership, "org", organisation.pk)


# The package --------------------------------------------------------------------------------------

def allocations_for(partnership, start_year=None):
    allocations = allocations_in(partnership).select_related(
        "fund__funder", "project__owner_organisation").order_by("made_on", "pk")
    if start_year is not None:
        allocations = allocations.filter(fund__start_year=start_year)
    return allocations


def grant_years(partnership):
    """The financial years (by their first year) of the funds any grant was made from, newest first."""
    years = allocations_in(partnership).values_list("fund__start_year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def _moment(value):
    return timezone.localtime(value).isoformat(timespec="seconds")


def _last_changes(allocations):
    """When each allocation's grant last changed, from the audit log: the latest event about the
    allocation, its project, its fund or its recipient. {allocation pk: datetime or None}"""
    keys = {a.pk: [("projects.allocation", a.pk), ("projects.project", a.project_id), ("projects.fund", a.fund_id),
                   ("partners.organisation", a.project.owner_organisation_id)] for a in allocations}
    wanted = defaultdict(set)
    for pairs in keys.values():
        for object_type, pk in pairs:
            wanted[object_type].add(str(pk))
    latest = {}
    for object_type, ids in wanted.items():
        rows = (AuditEvent.objects.filter(object_type=object_type, object_id__in=ids)
                .values("object_id").annotate(last=Max("at")))
        latest.update({(object_type, row["object_id"]): row["last"] for row in rows})
    return {pk: max((latest[t, str(i)] for t, i in pairs if (t, str(i)) in latest), default=None)
            for pk, pairs in keys.items()}


def _organisation(partnership, organisation):
    entry = {"id": organisation_identifier(partnership, organisation), "name": organisation.name}
    if organisation.charity_number:
        entry["charityNumber"] = tidy_registered_number(organisation.charity_number)
    if organisation.company_number:
        entry["companyNumber"] = tidy_registered_number(organisation.company_number)
    return entry


def _grant(partnership, allocation, *, modified, source):
    """One allocation as a 360Giving grant; `modified` is when it last changed."""
    project, fund = allocation.project, allocation.fund
    provider = project.owner_organisation
    return {
        "id": grant_identifier(partnership, allocation),
        "title": project.title,
        "description": project.description.strip() or (
            f"{project.title}: a project of {partnership.name}, run by {provider.name}."),
        "currency": CURRENCY,
        "amountAwarded": allocation.amount,
        "awardDate": allocation.made_on.isoformat(),
        "plannedDates": [{"startDate": project.start_on.isoformat(), "endDate": project.end_on.isoformat()}],
        "recipientOrganization": [_organisation(partnership, provider)],
        "fundingOrganization": [{"id": partnership_identifier(partnership), "name": partnership.name}],
        "grantProgramme": [{
            "code": local_identifier(partnership, "fund", fund.pk),
            "title": f"{fund.name} {fund.year_label}",
            "description": f"Money given to {partnership.name} by {fund.funder.name} for {fund.year_label}",
        }],
        "dateModified": _moment(modified),
        "dataSource": source,
    }


def grants_package(partnership, *, start_year=None, today=None):
    """Every grant of the partnership (of the funds of one financial year, if `start_year` is given)
    as a 360Giving package: plain data, amounts as Decimal, dates as ISO text."""
    today = today or timezone.localdate()
    allocations = list(allocations_for(partnership, start_year))
    # A grant changed last when the audit log last saw it or what it is made of; one from before the
    # log kept such events, when its project was created.
    logged = _last_changes(allocations)
    changed = {a.pk: logged[a.pk] or a.project.created_at for a in allocations}
    source = settings.SITE_URL.rstrip("/") + reverse("projects:open_data", args=[partnership.slug])
    grants = [_grant(partnership, a, modified=changed[a.pk], source=source) for a in allocations]
    which = f" from its funds for {year_label(start_year)}" if start_year is not None else ""
    package = {
        "version": VERSION,
        "title": f"{partnership.name}: grants to projects{which}",
        "description": (f"The grants {partnership.name} made to projects and commissioned services{which}: one "
                        "for each allocation of money from a fund the partnership holds to a project."),
        "identifier": local_identifier(partnership, "grants", *([start_year] if start_year is not None else [])),
        "issued": today.isoformat(),
        "modified": _moment(max(changed.values(), default=timezone.now())),
        "publisher": {"identifier": partnership_identifier(partnership), "name": partnership.name},
        "grants": grants,
    }
    website = partnership.website.strip()
    if website and not re.search(r"\s", website):
        package["publisher"]["website"] = website if re.match(r"https?://", website) else f"https://{website}"
    if settings.EUNOMIA_360G_LICENSE:
        package["license"] = settings.EUNOMIA_360G_LICENSE
    return package


def total_awarded(package):
    """The sum of the package's amounts, in words for a page: £12,345.67."""
    return format_value(Unit.MONEY, sum((g["amountAwarded"] for g in package["grants"]), Decimal("0.00")))


def file_name(partnership, start_year=None):
    which = f"-{start_year}" if start_year is not None else ""
    return f"{partnership.slug}-grants-360giving{which}"


# JSON ---------------------------------------------------------------------------------------------

def package_json(package):
    """The package as JSON text. An amount is written from its Decimal, digit for digit (1234.56,
    never 1234.5599999999999): the standard library would pass it through a float."""
    return _json(package, "") + "\n"


def _json(value, indent):
    inner = indent + "  "
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a number JSON can hold")
        return format(value, "f")
    if isinstance(value, float):
        raise TypeError("Money is never a float: pass a Decimal")
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(key), ensure_ascii=False)}: {_json(item, inner)}"
                 for key, item in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{inner}{_json(item, inner)}" for item in value) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False)


# Checking against the schema ----------------------------------------------------------------------

@cache
def schema():
    with open(SCHEMA_PATH, encoding="utf-8") as file:
        return json.load(file)


@cache
def _validator():
    jsonschema.Draft202012Validator.check_schema(schema())
    return jsonschema.Draft202012Validator(schema())


def export(partnership, *, start_year=None, today=None):
    """(package, problems): the problems, in words, are why it must not be published yet."""
    package = grants_package(partnership, start_year=start_year, today=today)
    return package, validate_package(package)


def validate_package(data):
    """What is wrong with `data` as a 360Giving package, in plain words: [] when nothing is.
    The schema's rules first, then one JSON Schema cannot say: no two grants share an identifier."""
    problems = []
    for error in sorted(_validator().iter_errors(data), key=_path_order):
        problem = _in_words(error, data)
        if problem not in problems:
            problems.append(problem)
    grants = data.get("grants") if isinstance(data, dict) else None
    if isinstance(grants, list):
        seen = set()
        for grant in grants:
            identifier = grant.get("id") if isinstance(grant, dict) else None
            if isinstance(identifier, str) and identifier in seen:
                problems.append(f"Two grants have the identifier {identifier}: each grant needs its own")
            seen.add(identifier)
    return problems


def _path_order(error):
    """Errors in the order of the file: grant 2 before grant 10."""
    return [(0, step, "") if isinstance(step, int) else (1, 0, str(step)) for step in error.absolute_path]


TYPE_WORDS = {"string": "text", "number": "a number", "array": "a list", "object": "a group of fields",
              "integer": "a whole number", "null": "empty", "boolean": "yes or no"}


def _resolve(node):
    """`node`, and what its $ref points at (which may point on), outermost first."""
    chain = [node]
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
        node = schema()["$defs"][node["$ref"].removeprefix("#/$defs/")]
        chain.append(node)
    return chain


def _schemas_along(path):
    """For each step of an instance path, the schemas that apply there (outermost first): [[schema]]."""
    steps, chain = [], _resolve(schema())
    for key in path:
        node = next((n for n in chain if isinstance(n, dict) and ("items" in n or "properties" in n)), {})
        if isinstance(key, int):
            chain = _resolve(node.get("items", {}))
        else:
            chain = _resolve(node.get("properties", {}).get(key, {}))
        steps.append(chain)
    return steps


def _at(data, path):
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _in_words(error, data):
    path = list(error.absolute_path)
    steps = _schemas_along(path)
    titles = [next((n["title"] for n in chain if isinstance(n, dict) and "title" in n), str(key))
              for key, chain in zip(path, steps) if not isinstance(key, int)]
    where = ""
    if len(path) >= 2 and path[0] == "grants" and isinstance(path[1], int):
        grant = _at(data, path[:2])
        name = grant.get("id") if isinstance(grant, dict) and isinstance(grant.get("id"), str) else None
        title = grant.get("title") if isinstance(grant, dict) and isinstance(grant.get("title"), str) else None
        where = f"Grant {name or path[1] + 1}{f' ({title})' if title else ''}: "
        titles = titles[1:]
    chain = steps[-1] if steps else _resolve(schema())
    if error.validator == "required":
        missing = [f for f in error.validator_value if isinstance(error.instance, dict) and f not in error.instance]
        properties = next((n["properties"] for n in chain if isinstance(n, dict) and "properties" in n), {})
        names = [":".join([*titles, properties.get(f, {}).get("title", f)]) for f in missing]
        return f"{where}{', '.join(names)} {'is' if len(names) == 1 else 'are'} missing"
    label = ":".join(titles)
    if not label:  # the grant or the file as a whole
        label, where = (where.removesuffix(": ") or "The file"), ""
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        extra = sorted(str(f) for f in error.instance if f not in known)
        return f"{where}{label} has fields 360Giving does not define there: {', '.join(extra)}"
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"{where}{label} must be {' or '.join(TYPE_WORDS.get(w, w) for w in wanted)}"
    explained = next((n["x-problem"] for n in chain if isinstance(n, dict) and "x-problem" in n),
                     error.schema.get("x-problem") if isinstance(error.schema, dict) else None)
    if isinstance(explained, dict):  # words for each rule the value may break
        explained = explained.get(error.validator)
    if not explained:
        return f"{where}{label}: {error.message}"
    parent = _at(data, path[:-1])
    name = parent.get("name") if isinstance(parent, dict) and isinstance(parent.get("name"), str) else "it"
    explained = explained.replace("{value}", str(error.instance)).replace("{name}", name)
    return f"{where}{label} {explained}" if explained[0].islower() else f"{where}{explained}"


# Spreadsheet and CSV ------------------------------------------------------------------------------

def _first(grant, field):
    items = grant.get(field) or [{}]
    return items[0]


# (360Giving's column title, the value of a grant)
COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: _first(g, "plannedDates").get("startDate")),
    ("Planned Dates:End Date", lambda g: _first(g, "plannedDates").get("endDate")),
    ("Recipient Org:Identifier", lambda g: _first(g, "recipientOrganization").get("id")),
    ("Recipient Org:Name", lambda g: _first(g, "recipientOrganization").get("name")),
    ("Recipient Org:Charity Number", lambda g: _first(g, "recipientOrganization").get("charityNumber")),
    ("Recipient Org:Company Number", lambda g: _first(g, "recipientOrganization").get("companyNumber")),
    ("Funding Org:Identifier", lambda g: _first(g, "fundingOrganization").get("id")),
    ("Funding Org:Name", lambda g: _first(g, "fundingOrganization").get("name")),
    ("Grant Programme:Code", lambda g: _first(g, "grantProgramme").get("code")),
    ("Grant Programme:Title", lambda g: _first(g, "grantProgramme").get("title")),
    ("Grant Programme:Description", lambda g: _first(g, "grantProgramme").get("description")),
    ("Last Modified", lambda g: g.get("dateModified")),
    ("Data Source", lambda g: g.get("dataSource")),
]
# The package's own fields, as the Meta sheet of 360Giving's spreadsheet template names them.
META = [
    ("Version", lambda p: p.get("version")),
    ("Title", lambda p: p.get("title")),
    ("Description", lambda p: p.get("description")),
    ("Issued", lambda p: p.get("issued")),
    ("Modified", lambda p: p.get("modified")),
    ("Identifier", lambda p: p.get("identifier")),
    ("Publisher:Identifier", lambda p: p.get("publisher", {}).get("identifier")),
    ("Publisher:Name", lambda p: p.get("publisher", {}).get("name")),
    ("Publisher:Website", lambda p: p.get("publisher", {}).get("website")),
    ("License", lambda p: p.get("license")),
]
# openpyxl refuses control characters in cell text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def grant_rows(package):
    """(header, rows): one row for each grant, in 360Giving's column titles."""
    return [title for title, _ in COLUMNS], [[value(g) for _, value in COLUMNS] for g in package["grants"]]


def _put(sheet, row, column, value):
    """A cell: text is stored as text, so a description starting "=" is never a formula."""
    cell = sheet.cell(row=row, column=column, value=_NOT_XML.sub("", value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif isinstance(value, Decimal):
        cell.number_format = "0.00"
    return cell


def workbook_of(package):
    """The package as 360Giving's spreadsheet template lays it out: a "grants" sheet, one row a
    grant, and a "Meta" sheet of field names and values. Dates stay ISO text, as the standard writes them."""
    book = Workbook()
    grants = book.active
    grants.title = "grants"
    header, rows = grant_rows(package)
    for column, title in enumerate(header, start=1):
        _put(grants, 1, column, title).font = Font(bold=True)
        grants.column_dimensions[get_column_letter(column)].width = 24
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(grants, number, column, value)
    grants.freeze_panes = "A2"
    meta = book.create_sheet("Meta")
    for number, (field, value) in enumerate(META, start=1):
        _put(meta, number, 1, field).font = Font(bold=True)
        _put(meta, number, 2, value(package))
    meta.column_dimensions["A"].width = 24
    meta.column_dimensions["B"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_of(package):
    """The grants sheet as CSV text (360Giving's CSV files carry no Meta sheet)."""
    header, rows = grant_rows(package)
    return to_csv(header, rows)


def grants_workbook(partnership, *, start_year=None):
    return workbook_of(grants_package(partnership, start_year=start_year))


def grants_csv(partnership, *, start_year=None):
    return csv_of(grants_package(partnership, start_year=start_year))
