"""A plan year loaded from a workbook in the layout `plans/workbook.py` writes: checked whole before
anything is saved, every problem named by sheet, row and column in plain words; then created or
updated in one transaction through the same actions (and audit) as the pages.

Rows are matched to what the plan already holds by title (ignoring case and spacing): priorities,
themes, objectives and areas of focus by their title, actions by their priority and title, targets
by their action and measure, figures by name. What the workbook leaves out is left as it is:
nothing is deleted by an upload.
"""

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from eunomia.core.dates import DateError, check_range, parse_day
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure, Unit, figure_name_validator
from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Organisation, PartnershipMember
from eunomia.partners.queries import directory_of, organisations_during, working_groups_in
from eunomia.plans import actions
from eunomia.plans.queries import title_key
from eunomia.plans.models import ITEM_LISTS, Action, PlanYear, Section, Target
from eunomia.plans.workbook import (ACTIONS, FIGURES, FOCUS_AREAS, OBJECTIVES, OPTIONAL_COLUMNS, ORGANISATIONS,
                                    PRIORITIES, TARGETS, TEXT, THEMES)

ITEM_SHEETS = {"priority": PRIORITIES, "theme": THEMES, "objective": OBJECTIVES, "focus_area": FOCUS_AREAS}
SHEETS = [ORGANISATIONS, PRIORITIES, THEMES, OBJECTIVES, FOCUS_AREAS, ACTIONS, TARGETS, FIGURES, TEXT]
# Sheets a workbook may leave out: what they hold is then left as it is.
OPTIONAL_SHEETS = {TEXT[0], ORGANISATIONS[0]}
NUMBER = re.compile(r"^£?\s*(-?[\d,]*\.?\d+)\s*(%|[^\d\s].*)?$")
YES_NO_WORDS = {"yes": True, "y": True, "1": True, "met": True, "no": False, "n": False, "0": False,
                "not met": False}
DIRECTION_WORDS = {"reduce": "decrease", "reduction": "decrease", "decrease": "decrease", "increase": "increase",
                   "maintain": "maintain", "reach": "reach", "reach at least the target": "reach"}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        where = f"{self.sheet}, row {self.row}" if self.row else self.sheet
        return f"{where}{', column ' + self.column if self.column else ''}: {self.message}"


class WorkbookRefused(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems in the workbook")
        self.problems = problems


@dataclass
class Loaded:
    plan: PlanYear
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)

    NOUNS = {"priority": ("priority", "priorities"), "theme": ("theme", "themes"),
             "objective": ("objective", "objectives"), "focus_area": ("area of focus", "areas of focus"),
             "figure": ("figure", "figures"), "action": ("action", "actions"), "target": ("target", "targets"),
             "section": ("section of text", "sections of text"),
             "organisation": ("organisation", "organisations"), "spell": ("membership spell", "membership spells")}

    def count(self, what, created):
        target = self.created if created else self.updated
        target[what] = target.get(what, 0) + 1

    def in_words(self, *, created):
        """"3 priorities, 1 area of focus"."""
        counts = self.created if created else self.updated
        return ", ".join(f"{n} {self.NOUNS[what][n != 1]}" for what, n in counts.items())


def _plain(value):
    return "" if value is None else str(value).strip()


def read_rows(data):
    """{sheet name: [(row number, {column: value})]}, each sheet's table down to its first blank row."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise WorkbookRefused([Problem("The file", 0, "", "It is not an .xlsx workbook. Download the plan as a "
                                                          "workbook to see the layout, and save yours as .xlsx")])
    problems, tables = [], {}
    for name, columns in SHEETS:
        if name not in book.sheetnames:
            if name in OPTIONAL_SHEETS:
                tables[name] = []
                continue
            problems.append(Problem(name, 0, "", f"The workbook has no sheet called {name}"))
            continue
        rows = book[name].iter_rows(values_only=True)
        header = [_plain(h) for h in next(rows, ())]
        missing = [c for c in columns if c not in header and c not in OPTIONAL_COLUMNS]
        if missing:
            problems.append(Problem(name, 1, "", "The first row must name the columns; missing: " + ", ".join(missing)))
            continue
        table = []
        for number, values in enumerate(rows, start=2):
            if all(_plain(v) == "" for v in values):
                break  # the table ends at the first blank row; notes may follow
            table.append((number, {c: values[header.index(c)] if c in header and header.index(c) < len(values)
                                   else None for c in columns}))
        tables[name] = table
    if problems:
        raise WorkbookRefused(problems)
    return tables


class _Checker:
    """Reads every row into the values the actions take, collecting every problem on the way."""

    def __init__(self, partnership, start_year, years):
        self.partnership = partnership
        self.start_year = start_year
        self.problems = []
        # The plan being loaded, as it will be (not saved): its label and period are the plan's own.
        plan = PlanYear(partnership=partnership, start_year=start_year, years=years)
        self.label, self.start, self.end = plan.label, plan.period_start, plan.period_end
        # Organisations by title_key: the directory's and the members' in the plan's years, to which
        # the Organisations sheet adds its own.
        self.members = {title_key(o.name) for o in organisations_during(partnership, self.start, self.end)}
        self.directory = {title_key(o.name) for o in directory_of(partnership)}
        self.groups = {title_key(g.name): g for g in working_groups_in(partnership)}

    def problem(self, sheet, row, column, message):
        self.problems.append(Problem(sheet, row, column, message))

    def text(self, sheet, row, values, column, required=False, what="it"):
        text = _plain(values[column])
        if required and not text:
            self.problem(sheet, row, column, f"Enter {what}")
        return text

    def number(self, sheet, row, values, column, *, notes_allowed=False):
        """(number or None, words) for a cell: 74, "74 families" and "50% of cases" are numbers; with
        `notes_allowed`, other words ("N/A", "New project") come back as words."""
        value = values[column]
        if value is None or _plain(value) == "":
            return None, ""
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return Decimal(str(value)), ""
        match = NUMBER.match(_plain(value))
        if match:
            try:
                return Decimal(match.group(1).replace(",", "")), ""
            except InvalidOperation:
                pass
        if notes_allowed:
            return None, _plain(value)
        self.problem(sheet, row, column, f"Write a number, like 40, not {_plain(value)!r}")
        return None, ""

    def yes_no(self, sheet, row, values, column):
        """True, False or None (blank) for a cell holding yes or no (or 1 or 0)."""
        text = title_key(_plain(values[column]))
        if not text:
            return None
        if text in YES_NO_WORDS:
            return YES_NO_WORDS[text]
        self.problem(sheet, row, column, f"Write Yes or No, not {_plain(values[column])!r}")
        return None

    def day(self, sheet, row, values, column):
        value = values[column]
        if value is None or _plain(value) == "":
            return None
        if isinstance(value, datetime.datetime):
            value = value.date()
        try:
            if isinstance(value, datetime.date):
                return check_range(value, what="The date")
            return parse_day(_plain(value), what="The date")
        except DateError as error:
            self.problem(sheet, row, column, str(error))
            return None

    def choice(self, sheet, row, values, column, choices, what):
        text = title_key(_plain(values[column]))
        if not text:
            return None
        for value, label in choices:
            if text in (title_key(value), title_key(label)):
                return value
        self.problem(sheet, row, column, f"{_plain(values[column])!r} is not {what}: write one of "
                                         + ", ".join(label for _, label in choices))
        return None

    def organisation(self, sheet, row, column, name, *, member):
        """The organisation's key (title_key of its name), or None with the problem noted."""
        key = title_key(name)
        found = key in (self.members if member else self.directory)
        if not found:
            if member and key in self.directory:
                self.problem(sheet, row, column, f"{name} was not a member of the partnership in {self.label}: a lead "
                                                 "must be one (list it as a delivery partner instead, or correct when "
                                                 "it joined in the directory)")
            else:
                self.problem(sheet, row, column, f"There is no organisation called {name} in the directory: add "
                                                 "it there first, or on the Organisations sheet")
        return key if found else None


def _lines(text):
    return [line.strip() for line in re.split(r"[\n;]", text or "") if line.strip()]


def _actual(c, sheet, row, values, unit):
    """A target's actual as the row gives it: a number, yes or no, or words with whether the milestone
    was met (which words need)."""
    met = c.yes_no(sheet, row, values, "Milestone met")
    words = _plain(values["Actual in words"])
    if unit == Unit.YES_NO:
        achieved = c.yes_no(sheet, row, values, "Actual")
        return {"actual": None if achieved is None else Decimal(int(achieved)), "actual_text": "", "met": None}
    if unit == Unit.TEXT:
        if words and met is None:
            c.problem(sheet, row, "Milestone met", "Say whether the milestone was met: Yes or No")
        return {"actual": None, "actual_text": words, "met": met}
    return {"actual": c.number(sheet, row, values, "Actual")[0], "actual_text": "", "met": None}


def check_and_read(partnership, start_year, tables, years=1):
    """Every row read into plain values, or WorkbookRefused with every problem."""
    c = _Checker(partnership, start_year, years)
    read = {"items": {}, "actions": [], "targets": [], "figures": [], "sections": [], "organisations": []}
    sheet, spells = ORGANISATIONS[0], set()
    for row, values in tables[sheet]:
        name = c.text(sheet, row, values, "Name", required=True, what="the organisation's name")
        joined_on, left_on = c.day(sheet, row, values, "Member from"), c.day(sheet, row, values, "Member until")
        if left_on and not joined_on:
            c.problem(sheet, row, "Member from", "Give the date it joined as well as the date it left")
        if joined_on and left_on and left_on < joined_on:
            c.problem(sheet, row, "Member until", "The date it left must be on or after the date it joined")
        if (title_key(name), joined_on) in spells:
            c.problem(sheet, row, "Name", f"{name} is listed twice{' from the same date' if joined_on else ''}")
        spells.add((title_key(name), joined_on))
        email = _plain(values["Email"])
        if email:
            try:
                validate_email(email)
            except ValidationError:
                c.problem(sheet, row, "Email", f"{email} is not an email address")
        kind = c.choice(sheet, row, values, "Kind", Organisation.Kind.choices, "a kind of organisation")
        if name:
            c.directory.add(title_key(name))
            if joined_on and joined_on <= c.end and (left_on is None or left_on >= c.start):
                c.members.add(title_key(name))
        read["organisations"].append({
            "row": row, "name": name, "joined_on": joined_on, "left_on": left_on,
            "details": {"kind": kind or Organisation.Kind.OTHER, "address": _plain(values["Address"]),
                        "phone": _plain(values["Phone"])[:40], "email": email,
                        "website": _plain(values["Website"])[:200]}})
    for kind, (sheet, _) in ITEM_SHEETS.items():
        seen, rows = set(), []
        for row, values in tables[sheet]:
            title = c.text(sheet, row, values, "Title", required=True, what="a title")
            if title_key(title) in seen:
                c.problem(sheet, row, "Title", f"{title} is listed twice")
            seen.add(title_key(title))
            group = None
            if "Working group" in values and _plain(values["Working group"]):
                group = c.groups.get(title_key(_plain(values["Working group"])))
                if group is None:
                    c.problem(sheet, row, "Working group", f"There is no working group called "
                                                           f"{_plain(values['Working group'])}: add it in the directory")
            rows.append({"row": row, "title": title, "description": _plain(values["Description"]),
                         "working_group": group})
        read["items"][kind] = rows
    titles = {kind: {title_key(r["title"]) for r in rows} for kind, rows in read["items"].items()}

    sheet = ACTIONS[0]
    refs = set()
    for row, values in tables[sheet]:
        ref = c.text(sheet, row, values, "Ref", required=True, what="a reference, like A1")
        if ref and ref in refs:
            c.problem(sheet, row, "Ref", f"{ref} is used twice")
        refs.add(ref)
        priority = c.text(sheet, row, values, "Priority", required=True, what="the priority it serves")
        if priority and title_key(priority) not in titles["priority"]:
            c.problem(sheet, row, "Priority", f"{priority} is not on the Priorities sheet")
        lead_name = c.text(sheet, row, values, "Lead organisation", required=True, what="the lead organisation")
        lead = c.organisation(sheet, row, "Lead organisation", lead_name, member=True) if lead_name else None
        serves = {}
        for kind, column in (("objective", "Objectives served"), ("theme", "Themes served"),
                             ("focus_area", "Areas of focus served")):
            serves[kind] = _lines(_plain(values[column]))
            for title in serves[kind]:
                if title_key(title) not in titles[kind]:
                    c.problem(sheet, row, column, f"{title} is not on the {ITEM_SHEETS[kind][0]} sheet")
        read["actions"].append({
            "row": row, "ref": ref, "priority": priority,
            "title": c.text(sheet, row, values, "Action", required=True, what="the action"), "lead": lead,
            "other_leads": [o for n in _lines(_plain(values["Other leads"]))
                            if (o := c.organisation(sheet, row, "Other leads", n, member=True))],
            "delivery_partners": [o for n in _lines(_plain(values["Delivery partners"]))
                                  if (o := c.organisation(sheet, row, "Delivery partners", n, member=False))],
            "status": c.choice(sheet, row, values, "Status", Action.Status.choices, "a status")
            or Action.Status.NOT_STARTED,
            "serves": serves})

    sheet = TARGETS[0]
    for row, values in tables[sheet]:
        ref = c.text(sheet, row, values, "Action ref", required=True, what="the Ref of its action")
        if ref and ref not in refs:
            c.problem(sheet, row, "Action ref", f"There is no action {ref} on the Actions sheet")
        unit = c.choice(sheet, row, values, "Kind of target", Target.TargetUnit.choices, "a kind of target")
        direction_text = title_key(_plain(values["Direction"]))
        direction = DIRECTION_WORDS.get(direction_text) or c.choice(
            sheet, row, values, "Direction", Target.Direction.choices, "a direction") or "reach"
        baseline, baseline_words = c.number(sheet, row, values, "Baseline", notes_allowed=True)
        if unit == Unit.YES_NO and _plain(values["Target"]):
            achieved = c.yes_no(sheet, row, values, "Target")
            target, target_words = (None if achieved is None else Decimal(int(achieved))), ""
        else:
            target, target_words = c.number(sheet, row, values, "Target", notes_allowed=True)
        milestone = c.text(sheet, row, values, "Milestone to reach") or (target_words if unit == Unit.TEXT else "")
        if target_words and unit != Unit.TEXT:
            c.problem(sheet, row, "Target", f"Write the target as a number, like 40, not {target_words!r} (for a "
                                            "milestone in words, make the kind of target a milestone)")
        read["targets"].append({
            "row": row, "ref": ref, "unit": unit, "direction": direction,
            "measure": c.text(sheet, row, values, "Measure", required=True, what="what the target measures"),
            "baseline_value": baseline, "baseline_note": c.text(sheet, row, values, "Why no baseline") or baseline_words,
            "target_value": target, "change_percent": c.number(sheet, row, values, "Change on baseline (%)")[0],
            "target_text": milestone, "due_on": c.day(sheet, row, values, "Due"),
            **_actual(c, sheet, row, values, unit), "figure_name": _plain(values["Figure name"]),
            "evidence": _plain(values["Evidence"])})

    sheet = FIGURES[0]
    for row, values in tables[sheet]:
        name = c.text(sheet, row, values, "Name", required=True, what="the figure's name")
        try:
            figure_name_validator(name)
        except ValidationError:
            c.problem(sheet, row, "Name", f"{name} is not a figure name: use lower-case letters, numbers and hyphens")
        provider = _plain(values["Provided by"])
        read["figures"].append({
            "row": row, "name": name, "title": c.text(sheet, row, values, "Title", required=True, what="a title"),
            "unit": c.choice(sheet, row, values, "Unit", Unit.choices, "a unit"),
            "period_start": c.day(sheet, row, values, "From"), "period_end": c.day(sheet, row, values, "To"),
            "value": c.number(sheet, row, values, "Value")[0], "text_value": _plain(values["Value in words"]),
            "definition": c.text(sheet, row, values, "Definition", required=True, what="the definition"),
            "source": c.text(sheet, row, values, "Source", required=True, what="the source"),
            "owner": c.organisation(sheet, row, "Provided by", provider, member=False) if provider else None,
            "evidence": _plain(values["Evidence"])})

    sheet, seen = TEXT[0], set()
    for row, values in tables[sheet]:
        kind = c.choice(sheet, row, values, "Section", Section.Kind.choices, "a section of the plan")
        if kind in seen:
            c.problem(sheet, row, "Section", f"{_plain(values['Section'])} is listed twice")
        seen.add(kind)
        if kind:
            read["sections"].append({"row": row, "kind": kind, "body": _plain(values["Text"])})
    if c.problems:
        raise WorkbookRefused(c.problems)
    return read


def load_plan(*, by, partnership, start_year, data, file_name, years=1):
    """Create or update the draft plan of `start_year` (covering `years` years) from the workbook
    `data`: all or nothing."""
    existing = PlanYear.objects.filter(partnership=partnership, start_year=start_year).first()
    years = existing.years if existing is not None else years
    read = check_and_read(partnership, start_year, read_rows(data), years)
    evidence = f"Loaded from the workbook {file_name}"
    problems = []
    with transaction.atomic():
        plan = PlanYear.objects.filter(partnership=partnership, start_year=start_year).first()
        loaded = Loaded(plan)
        try:
            if plan is None:
                plan = loaded.plan = actions.create_plan(by=by, partnership=partnership, start_year=start_year,
                                                         years=years)
            _apply(by, plan, read, evidence, loaded, problems)
        except ValidationError as error:  # a refusal outside any one row (the year)
            problems.append(Problem("The plan", 0, "", " ".join(error.messages)))
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise WorkbookRefused(problems)
    return loaded


# The column of each sheet that holds a field the actions name in their refusals.
FIELD_COLUMNS = {
    "title": {ACTIONS[0]: "Action"}, "owner_organisation": "Lead organisation", "priority": "Priority",
    "baseline_value": "Baseline", "baseline_note": "Why no baseline", "target_value": "Target",
    "change_percent": "Change on baseline (%)", "target_text": "Milestone to reach", "due_on": "Due",
    "direction": "Direction", "unit": {TARGETS[0]: "Kind of target", FIGURES[0]: "Unit"},
    "value": {TARGETS[0]: "Actual", FIGURES[0]: "Value"}, "text_value": {TARGETS[0]: "Actual in words",
                                                                          FIGURES[0]: "Value in words"},
    "milestone_met": "Milestone met", "body": "Text", "name": "Name", "period_start": "From", "period_end": "To",
    "joined_on": "Member from", "left_on": "Member until", "organisation": "Name",
}


def _column(sheet, field):
    column = FIELD_COLUMNS.get(field, field.replace("_", " ").capitalize() if field != "__all__" else "")
    return column.get(sheet, field.replace("_", " ").capitalize()) if isinstance(column, dict) else column


def _row(problems, sheet, row, run):
    try:
        return run()
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        for field, words in messages.items():
            problems.append(Problem(sheet, row, _column(sheet, field) if field else "", " ".join(words)))
        return None


def _apply_organisations(by, partnership, rows, loaded, problems):
    """Add the organisations the directory lacks and the spells on the partnership it does not hold.
    Organisations already in the directory keep their details; only blank ones are filled in."""
    if not rows:
        return
    sheet = ORGANISATIONS[0]
    known = {title_key(o.name): o for o in Organisation.objects.all()}
    adds = [r for r in rows if title_key(r["name"]) not in known]
    if adds and not has_permission(by, Permission.DIRECTORY_EDIT, partnership=partnership):
        for r in adds:
            problems.append(Problem(sheet, r["row"], "Name", f"{r['name']} is not in the directory, and only "
                                                             "someone who may change the directory can add it"))
        return
    for r in rows:
        organisation = known.get(title_key(r["name"]))
        if organisation is None:
            organisation = _row(problems, sheet, r["row"], lambda: partner_actions.add_organisation(
                by=by, partnership=partnership, name=r["name"], member=False, **r["details"]))
            if organisation is None:
                continue
            known[title_key(r["name"])] = organisation
            loaded.count("organisation", created=True)
        else:
            blanks = {f: v for f, v in r["details"].items() if f != "kind" and v and not getattr(organisation, f)}
            if blanks and has_permission(by, Permission.DIRECTORY_EDIT, partnership=partnership):
                _row(problems, sheet, r["row"], lambda: partner_actions.update_organisation(
                    by=by, partnership=partnership, organisation=organisation, **blanks))
                loaded.count("organisation", created=False)
        if r["joined_on"] is None:
            continue
        seat = PartnershipMember.objects.filter(partnership=partnership, organisation=organisation,
                                                joined_on=r["joined_on"]).first()
        if seat is None:
            seat = _row(problems, sheet, r["row"], lambda: partner_actions.join_partnership(
                by=by, partnership=partnership, organisation=organisation, joined_on=r["joined_on"]))
            if seat is not None and r["left_on"]:
                _row(problems, sheet, r["row"], lambda: partner_actions.leave_partnership(
                    by=by, partnership=partnership, organisation=organisation, left_on=r["left_on"]))
            loaded.count("spell", created=True)
        elif seat.left_on != r["left_on"]:
            _row(problems, sheet, r["row"], lambda: partner_actions.change_seat_dates(
                by=by, seat=seat, joined_on=r["joined_on"], left_on=r["left_on"]))
            loaded.count("spell", created=False)


def _apply(by, plan, read, evidence, loaded, problems):
    _apply_organisations(by, plan.partnership, read["organisations"], loaded, problems)
    organisations = {title_key(o.name): o for o in directory_of(plan.partnership)}

    def named(key):
        return organisations.get(key) if key else None

    items = {}
    for kind, rows in read["items"].items():
        model_items = {title_key(i.title): i for i in getattr(plan, ITEM_LISTS[kind]).all()}
        for r in rows:
            fields = {"description": r["description"]}
            if kind in ("priority", "theme"):
                fields["working_group"] = r["working_group"]
            existing = model_items.get(title_key(r["title"]))
            if existing is None:
                existing = _row(problems, ITEM_SHEETS[kind][0], r["row"], lambda: actions.add_item(
                    by=by, plan=plan, kind=kind, title=r["title"], **fields))
                loaded.count(kind, created=True)
            elif any(getattr(existing, f) != v for f, v in fields.items()):
                actions.update_item(by=by, item=existing, kind=kind, **fields)
                loaded.count(kind, created=False)
            items[(kind, title_key(r["title"]))] = existing

    figures = {f.name: f for f in Figure.objects.filter(partnership=plan.partnership)}
    for r in read["figures"]:
        figure = figures.get(r["name"])
        if figure is None:
            figure = _row(problems, FIGURES[0], r["row"], lambda: figure_actions.create_figure(
                by=by, partnership=plan.partnership, name=r["name"], title=r["title"], unit=r["unit"],
                period_start=r["period_start"] or plan.period_start, period_end=r["period_end"] or plan.period_end,
                definition=r["definition"], source=r["source"], owner_organisation=named(r["owner"])))
            loaded.count("figure", created=True)
            figures[r["name"]] = figure
        if figure is not None and figure.kind == Figure.Kind.MANUAL and (
                (r["value"] is not None and figure.value != r["value"])
                or (r["text_value"] and figure.text_value != r["text_value"])):
            _row(problems, FIGURES[0], r["row"], lambda: figure_actions.record_value(
                by=by, figure=figure, value=r["value"], text_value=r["text_value"],
                evidence=r["evidence"] or evidence))

    by_ref = {}
    existing_actions = list(plan.actions.select_related("priority"))
    for r in read["actions"]:
        priority = items.get(("priority", title_key(r["priority"])))
        serves = {ITEM_LISTS[kind]: [items[(kind, title_key(t))] for t in titles if items.get((kind, title_key(t)))]
                  for kind, titles in r["serves"].items()}
        fields = {"title": r["title"], "owner_organisation": named(r["lead"]), "status": r["status"],
                  "other_leads": [named(k) for k in r["other_leads"]],
                  "delivery_partners": [named(k) for k in r["delivery_partners"]], **serves}
        match = next((a for a in existing_actions if a.priority_id == getattr(priority, "pk", None)
                      and title_key(a.title) == title_key(r["title"])), None)
        if match is None:
            action = _row(problems, ACTIONS[0], r["row"], lambda: actions.add_action(
                by=by, plan=plan, priority=priority, **fields))
            loaded.count("action", created=True)
        else:
            action = _row(problems, ACTIONS[0], r["row"], lambda: actions.update_action(by=by, action=match, **fields))
            loaded.count("action", created=False)
        by_ref[r["ref"]] = action

    sections = {s.kind: s for s in plan.sections.all()}
    for r in read["sections"]:
        section = sections[r["kind"]]
        if section.body != r["body"].replace("\r\n", "\n").strip():
            _row(problems, TEXT[0], r["row"], lambda: actions.save_section(by=by, section=section, body=r["body"]))
            loaded.count("section", created=False)

    for r in read["targets"]:
        action = by_ref.get(r["ref"])
        if action is None:
            continue  # its action was refused: that problem is listed already
        values = {k: r[k] for k in ("direction", "baseline_value", "baseline_note", "target_value", "change_percent",
                                    "target_text", "due_on")}
        values["due_on"] = values["due_on"] or plan.year_period(plan.start_year)[1]
        year = plan.year_of(values["due_on"])
        target = next((t for t in action.targets.all() if title_key(t.measure) == title_key(r["measure"])
                       and plan.year_of(t.due_on) == year), None)
        if target is None:
            figure = figures.get(r["figure_name"])
            usable = figure is not None and figure.unit == r["unit"] and not Target.objects.filter(actual=figure).exists()
            target = _row(problems, TARGETS[0], r["row"], lambda: actions.add_target(
                by=by, action=action, measure=r["measure"], unit=r["unit"], figure=figure if usable else None,
                **values))
            loaded.count("target", created=True)
        else:
            target = _row(problems, TARGETS[0], r["row"], lambda: actions.update_target(
                by=by, target=target, **values))
            loaded.count("target", created=False)
        if target is None or target.actual.kind != Figure.Kind.MANUAL:
            continue
        if target.unit == Unit.TEXT:
            if r["actual_text"] and (target.actual.text_value, target.milestone_met) != (r["actual_text"], r["met"]):
                _row(problems, TARGETS[0], r["row"], lambda: actions.record_actual(
                    by=by, target=target, text_value=r["actual_text"], milestone_met=r["met"],
                    evidence=r["evidence"] or evidence))
        elif r["actual"] is not None and target.actual.value != r["actual"]:
            _row(problems, TARGETS[0], r["row"], lambda: actions.record_actual(
                by=by, target=target, value=r["actual"], evidence=r["evidence"] or evidence))
