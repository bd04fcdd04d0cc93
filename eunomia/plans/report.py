"""The plan as a document: plain data that the page, the PDF and the DOCX all render.

`plan_document` returns the document and the list of gaps that stop it being published. Each
figure shown (in the text or as a target's actual) gets a note number pointing at the closing
"Figures used in this plan" section, which gives its definition, source and who recorded it.

Counts of people go through the partnership's disclosure rule (ADR 65) once the whole document is
built, since whether a count gives another away depends on everything shown beside it. The
document for publication (`public=True`) holds only what may be published: "fewer than 5" or "not
published" in place of the value, nowhere the number. The draft's document keeps every value and
marks each that would not be published (`not_for_publication` on the run or note).

A block source may put a count that is not a figure in a table cell as a run {"count": n,
"counts": "people"}, and mark the table's totals ("totals": "rows", "columns" or "both": the last
column, the last row, or both, are totals), so its counts of people are protected with the rest.
"""

import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from eunomia.core.formatting import Unit, format_value, plain_number
from eunomia.figures import protection as disclosure_control
from eunomia.figures.disclosure import PRIMARY, SHOWN, Cell, Group
from eunomia.figures.models import Counts
from eunomia.figures.queries import disclosure_rule, figures_named
from eunomia.partners.queries import seats_in, working_groups_in
from eunomia.plans import queries
from eunomia.plans.models import Section
from eunomia.plans.narrative import blocks_placed_in, figure_names_in, parse_blocks
from eunomia.plans.targets import MISSING, outcome_of, relative_target, target_status

# 2: counts of people are published under the partnership's disclosure rule, which the document
# states (`disclosure`); a draft's document marks what would not be published (ADR 65).
DOCUMENT_FORMAT = 2


@dataclass(frozen=True)
class Gap:
    """Something that must be put right before the plan can be published."""

    what: str
    owner: str = ""
    figure_name: str = ""
    target_id: int | None = None
    section_kind: str = ""


def _runs_of(block):
    """Every list of runs in a block: a paragraph's, each list item's, each table cell's."""
    if block["type"] == "paragraph":
        return [block.get("runs", [])]
    if block["type"] == "list":
        return block["items"]
    if block["type"] == "table":
        return [cell for row in block["rows"] for cell in row]
    return []


def figure_names_in_blocks(blocks):
    return {run["figure"] for block in blocks for runs in _runs_of(block) for run in runs if "figure" in run}


@dataclass
class Generated:
    """What an app above plans adds to the plan's document: blocks by name (each one of
    narrative.BLOCKS, placeable with [[block:name]]; a run {"figure": name} is filled with the
    figure's value and note like a [[name]] in the text), and the gaps that block publication."""

    blocks: dict
    gaps: list


_block_sources = []


def block_source(function):
    """Register function(*, plan, reviewed, today) -> Generated, from an app's `plan_uses` module."""
    _block_sources.append(function)
    return function


class _Notes:
    """Numbers figures in order of first appearance and remembers what to say about each."""

    def __init__(self):
        self.entries = {}
        self.figures = {}

    def ref(self, figure):
        self.figures[figure.pk] = figure
        if figure.pk not in self.entries:
            self.entries[figure.pk] = {
                "note": len(self.entries) + 1,
                "name": figure.name,
                "title": figure.title,
                "value": format_value(figure.unit, figure.value, figure.text_value),
                "period": f"{figure.period_start:%-d %B %Y} to {figure.period_end:%-d %B %Y}",
                "definition": figure.definition,
                "source": figure.source,
                "recorded": _recorded(figure),
            }
        return self.entries[figure.pk]["note"]


def _recorded(figure):
    if figure.recorded_at is None:
        return ""
    when = timezone.localtime(figure.recorded_at).strftime("%-d %B %Y")
    if figure.kind == "derived":
        return f"Worked out by Eunomia on {when}: {figure.evidence}"
    if figure.kind == "computed":
        return f"Calculated by Eunomia from its records on {when}"
    return f"Recorded on {when}"


def _text(text):
    return [{"text": text}]


def describe_baseline(target):
    if target.baseline_value is None:
        return target.baseline_note.strip() or "Not recorded"
    return format_value(target.unit, target.baseline_value)


def describe_target(target, *, baseline_withheld=False):
    """The target in words. With `baseline_withheld` (a small count of people) it never gives the
    baseline away, not even as a change on it."""
    if target.unit == "text":
        return target.target_text
    if target.unit == "yes_no":
        return "Yes" if target.target_value == 1 else "No"
    if target.target_value is None and baseline_withheld:
        if target.change_percent is not None:
            return _("%(change)s%% %(way)s on the baseline") % {
                "change": plain_number(target.change_percent),
                "way": _("down") if target.direction == "decrease" else _("up")}
        return {"decrease": _("Less than the baseline"), "maintain": _("About the baseline (within 5%)")}.get(
            target.direction, _("More than the baseline"))
    if target.target_value is None:
        baseline = format_value(target.unit, target.baseline_value)
        if target.change_percent is not None:
            value = format_value(target.unit, relative_target(direction=target.direction, baseline=target.baseline_value,
                                                              change_percent=target.change_percent))
            change = f"{plain_number(target.change_percent)}% {'down' if target.direction == 'decrease' else 'up'}"
            return f"{'At most' if target.direction == 'decrease' else 'At least'} {value} ({change} on {baseline})"
        return {"decrease": f"Less than {baseline}", "maintain": f"About {baseline} (within 5%)"}.get(
            target.direction, f"More than {baseline}")
    value = format_value(target.unit, target.target_value)
    # An increase target is met at the value or above it: "at least", never "up to", which reads as a ceiling.
    return {"decrease": f"Down to {value}"}.get(target.direction, f"At least {value}")


def _stems(text):
    words = re.findall(r"[a-z0-9]+", text.casefold())
    return {re.sub(r"(ies|ied|es|ed|e|s|y)$", "", word) or word for word in words}


def target_label(action, target):
    """The action's title, then the target's measure if it adds anything: "Nominate at least 20
    projects to Community Payback" needs no ": Projects nominated to Community Payback"."""
    if _stems(target.measure) <= _stems(action.title):
        return action.title
    return f"{action.title}: {target.measure}"


def _numeric_columns(rows, candidates):
    """The columns, of `candidates`, whose every filled cell is a number, so right-aligned; a column
    holding an actual written in words is laid out as text."""
    def is_number(cell):
        text = "".join(run["text"] for run in cell).strip()
        return not text or re.fullmatch(r"((At least|At most|Down to|More than|Less than) )?[£-]?[\d,]+(\.\d+)?%?",
                                        text) is not None
    return [i for i in candidates if all(is_number(row[i]) for row in rows)]


class _Builder:
    def __init__(self, plan, today):
        self.plan = plan
        self.partnership = plan.partnership
        self.today = today
        self.notes = _Notes()
        self.gaps = []
        # What disclosure control looks at once the document is built: every run showing a figure's
        # value, every count that is not a figure, the tables with totals, and the targets' cells.
        self.figure_runs = []  # (run, figure)
        self.count_runs = {}  # key -> (run, Cell)
        self.tables = []
        self.target_cells = []  # (target, {"baseline": runs, "target": runs, "change": runs, "result": runs})

    # Narrative -----------------------------------------------------------------------------
    def section_blocks(self, section, figures, generated):
        """The section's text as blocks, its figures filled in and the generated blocks it places
        put where it places them."""
        blocks = []
        where = {"where": f"{section} ({section.plan.label})", "named_by": str(section)}
        for block in parse_blocks(section.body, places=True):
            if block["type"] == "placed":
                blocks += self.filled(generated.get(block["name"], []), figures, **where)
                continue
            blocks += self.filled([block], figures, **where, section_kind=section.kind)
        return blocks

    def filled(self, blocks, figures, *, where, named_by, section_kind=""):
        """`blocks` with every run naming a figure ({"figure": name}) given the figure's value and note:
        in paragraphs, list items and table cells alike."""
        for block in blocks:
            for runs in _runs_of(block):
                for run in runs:
                    if "figure" in run:
                        self.fill_figure_run(run, figures, where, named_by, section_kind)
                    elif "count" in run:
                        self.fill_count_run(run)
            if block["type"] == "table" and block.get("totals"):
                self.tables.append(block)
        return blocks

    def fill_count_run(self, run):
        """A count that is not a figure, put in a table by a block source."""
        value = run.pop("count")
        key = ("count", len(self.count_runs))
        run["text"] = plain_number(value, 0)
        run["_key"] = key
        self.count_runs[key] = (run, Cell(value, people=run.pop("counts", Counts.PEOPLE) == Counts.PEOPLE))

    def fill_figure_run(self, run, figures, where, named_by, section_kind=""):
        name = run.pop("figure")
        figure = figures.get(name)
        if figure is None:
            run.update(text=f"[[{name}]]", missing=True)
            self.gaps.append(Gap(f"{where} names a figure [[{name}]] that does not exist", section_kind=section_kind))
            return
        if not figure.has_value:
            run.update(text=f"[[{name}]]", missing=True)
            why = f": {figure.evidence}" if figure.kind == "derived" and figure.evidence else ""
            self.gaps.append(Gap(f"Figure {figure.title} has no value ({named_by} names it){why}",
                                 owner=str(figure.owner_organisation or "Eunomia records"), figure_name=name))
            return
        self.check_definition(figure)
        run.update(text=format_value(figure.unit, figure.value, figure.text_value), note=self.notes.ref(figure))
        self.figure_runs.append((run, figure))

    def check_definition(self, figure):
        if not figure.definition.strip() or not figure.source.strip():
            self.gaps.append(Gap(f"Figure {figure.title} has no definition or no source",
                                 owner=str(figure.owner_organisation or "Eunomia records"), figure_name=figure.name))

    # Review of last year's actions ---------------------------------------------------------------
    def review_tables(self, reviewed):
        """The reviewed year's actions and targets: a plan of several years reviews only the targets
        falling in that year, and its actions with none that year are left out."""
        blocks = []
        by_priority = {}
        several = reviewed.plan.years > 1
        for action, targets in queries.actions_with_targets(reviewed.plan):
            in_year = [t for t in targets if reviewed.holds(t)]
            if several and targets and not in_year:
                continue
            by_priority.setdefault(action.priority, []).append((action, in_year))
        columns = ["Action and target", "Baseline", f"{reviewed.label} target", f"{reviewed.label} actual",
                   "Change achieved", "Result"]
        for priority, actions in by_priority.items():
            rows = []
            for action, targets in actions:
                if not targets:
                    rows.append([_text(action.title), _text(""), _text("No target set"), _text(""), _text(""),
                                 _text(action.get_status_display())])
                for target in targets:
                    rows.append(self.review_row(action, target))
            blocks.append({"type": "table", "caption": priority.title, "columns": columns,
                           "numeric": _numeric_columns(rows, [1, 2, 3]), "widths": [28, 12, 13, 13, 20, 14],
                           "rows": rows})
        return blocks

    def review_row(self, action, target):
        figure = target.actual
        outcome = outcome_of(target, today=self.today)
        label = target_label(action, target)
        if action.other_leads.all():
            label += f" (led by {action.leads_in_words})"
        if figure.has_value:
            self.check_definition(figure)
            actual = [{"text": format_value(figure.unit, figure.value, figure.text_value),
                       "note": self.notes.ref(figure)}]
            self.figure_runs.append((actual[0], figure))
        else:
            actual = [{"text": "Not recorded", "missing": True}]
        if outcome.status == MISSING or not figure.has_value:
            what = f"Target {target.measure} ({target.year_label}, action: {action.title})"
            if target.unit == "text" and figure.has_value:
                self.gaps.append(Gap(f"{what}: say whether the milestone was met",
                                     owner=str(action.owner_organisation), target_id=target.pk))
            else:
                self.gaps.append(Gap(f"{what}: actual not recorded", owner=str(action.owner_organisation),
                                     target_id=target.pk))
        row = [_text(label), _text(describe_baseline(target)), _text(describe_target(target)), actual,
               _text(outcome.change), _text(outcome.status_label)]
        self.target_cells.append((target, {"baseline": row[1], "target": row[2], "change": row[4],
                                           "result": row[5]}))
        return row

    # This year's plan ---------------------------------------------------------------------------
    def plan_tables(self):
        """This plan's actions and targets; in a plan of several years each target says its year."""
        several = self.plan.years > 1
        blocks = []
        by_priority = {}
        for action, targets in queries.actions_with_targets(self.plan):
            by_priority.setdefault(action.priority, []).append((action, targets))
        for priority, actions in by_priority.items():
            rows = []
            for action, targets in actions:
                leads = action.leads_in_words
                if action.delivery_partners_in_words:
                    leads += f", with {action.delivery_partners_in_words}"
                year = [_text("")] if several else []
                if not targets:
                    rows.append([_text(action.title), _text(leads), *year, _text("No numeric target"), _text("")])
                for target in sorted(targets, key=lambda t: t.due_on) if several else targets:
                    label = target_label(action, target)
                    year = [_text(target.year_label)] if several else []
                    aim = describe_target(target)
                    steps = [f"{m.target_text or format_value(target.unit, m.target_value, '')} by {m.due_on:%-d %B %Y}"
                             for m in getattr(target, "milestone_list", [])]
                    if steps:
                        aim += f" (milestones: {'; '.join(steps)})"
                    rows.append([_text(label), _text(leads), *year, _text(aim), _text(describe_baseline(target))])
                    self.target_cells.append((target, {"target": rows[-1][-2], "baseline": rows[-1][-1],
                                                       "after_target": aim[len(describe_target(target)):]}))
            columns = ["Action and target", "Lead organisations", "Year", "Target", "Baseline"]
            widths = [40, 22, 10, 16, 12]
            if not several:
                columns, widths = columns[:2] + columns[3:], [46, 24, 18, 12]
            blocks.append({"type": "table", "caption": f"Actions: {priority.title}", "columns": columns,
                           "numeric": [], "widths": widths, "rows": rows})
        return blocks

    # Disclosure control (ADR 65) ------------------------------------------------------------------------
    def protect(self, *, public):
        """Apply the partnership's disclosure rule to everything built: for publication, put what may be
        published in place of each value that may not; for a draft, mark it "not for publication"."""
        rule = disclosure_rule(self.partnership)
        cells, groups = self.table_groups()
        protection = disclosure_control.protect(self.notes.figures.values(), rule=rule, cells=cells, groups=groups)
        shown = protection.text
        for run, figure in self.figure_runs:
            if protection.of(figure) != SHOWN:
                _withhold_run(run, shown(figure), public)
        for key, (run, cell) in self.count_runs.items():
            run.pop("_key")
            status = protection.status.get(key, SHOWN)
            if status != SHOWN:
                _withhold_run(run, rule.text(cell.value, status), public)
        for pk, entry in self.notes.entries.items():
            figure = self.notes.figures[pk]
            if protection.of(figure) != SHOWN:
                if public:
                    entry.update(value=shown(figure), withheld=True)
                else:
                    entry["not_for_publication"] = shown(figure)
            if figure.unit == Unit.COUNT:
                entry["counts"] = disclosure_control.counts_in_words(figure, rule)
            if public and figure.kind == "derived" and figure.recorded_at and self.worked_from_people(figure):
                entry["recorded"] = self.working_without_numbers(figure)
        for target, cells in self.target_cells:
            self.protect_target(target, cells, protection, public)
        return {"threshold": rule.threshold, "secondary": rule.secondary, "statement": rule.statement()}

    def table_groups(self):
        """The cells and groups of the tables whose last column or row holds totals."""
        keys = {id(run): disclosure_control.figure_key(figure) for run, figure in self.figure_runs}
        cells = {key: cell for key, (_run, cell) in self.count_runs.items()}

        def key_of(cell_runs):
            counting = [keys.get(id(run)) or run.get("_key") for run in cell_runs]
            counting = [key for key in counting if key is not None]
            return counting[0] if len(counting) == 1 else None

        groups = []
        for block in self.tables:
            grid = [[key_of(cell) for cell in row] for row in block["rows"]]
            # The first column names the row; a part that is not a count (a cell "Not recorded") leaves
            # the group short of its total.
            if block["totals"] in ("rows", "both"):
                for row in (grid[:-1] if block["totals"] == "both" else grid):
                    parts = [k for k in row[1:-1] if k is not None]
                    groups.append(Group(row[-1], parts, complete=len(parts) == len(row) - 2))
            if block["totals"] in ("columns", "both"):
                for column in list(zip(*grid))[1:]:
                    parts = [k for k in column[:-1] if k is not None]
                    groups.append(Group(column[-1], parts, complete=len(parts) == len(column) - 1))
        return cells, [g for g in groups if g.total is not None and g.parts]

    def worked_from_people(self, figure):
        inputs = figures_named(self.partnership, figure.inputs).values()
        return figure.counts_people or any(f.counts_people for f in inputs)

    def working_without_numbers(self, figure):
        """A worked-out figure's note for publication: what it is worked out from, not the numbers,
        which would publish every count it is made of, small ones included."""
        named = figures_named(self.partnership, figure.inputs)
        titles = [named[name].title for name in figure.inputs if name in named]
        when = timezone.localtime(figure.recorded_at).strftime("%-d %B %Y")
        return _("Worked out by Eunomia on %(when)s from: %(inputs)s") % {"when": when, "inputs": "; ".join(titles)}

    def protect_target(self, target, cells, protection, public):
        """A target whose actual counts people: its baseline is such a count too, and the change and the
        result may give a withheld actual or baseline away."""
        figure = target.actual
        if target.unit != Unit.COUNT or not figure.counts_people:
            return
        rule = protection.rule
        actual_status = protection.of(figure) if figure.pk in self.notes.figures else SHOWN
        baseline_withheld = rule.hides(target.baseline_value)
        if baseline_withheld:
            _withhold_cell(cells["baseline"], rule.fewer_than, public)
            _withhold_cell(cells["target"], describe_target(target, baseline_withheld=True)
                           + cells.get("after_target", ""), public)
        if "change" in cells and (baseline_withheld or actual_status != SHOWN):
            _withhold_cell(cells["change"], rule.withheld, public)
        if "result" in cells and _result_gives_away(target, actual_status, baseline_withheld, rule, self.today):
            _withhold_cell(cells["result"], rule.withheld, public)


def _withhold_run(run, text, public):
    if public:
        run.update(text=text, withheld=True)
    else:
        run["not_for_publication"] = text


def _withhold_cell(runs, text, public):
    """A table cell's runs: for publication, `text` in their place (the note kept); for a draft, marked."""
    if public:
        note = next((run["note"] for run in runs if run.get("note")), None)
        runs[:] = [{"text": text, "withheld": True, **({"note": note} if note else {})}]
    elif runs:
        runs[-1]["not_for_publication"] = text


def _result_gives_away(target, actual_status, baseline_withheld, rule, today):
    """Would "met" or "not met" pin a withheld actual or baseline to one number? Tried with every
    value each could have (1 to threshold - 1; one shown is itself)."""
    if actual_status not in (SHOWN, PRIMARY) or not (actual_status == PRIMARY or baseline_withheld):
        return False
    small = range(1, rule.threshold)
    actuals = small if actual_status == PRIMARY else [target.actual.value]
    baselines = small if baseline_withheld else [target.baseline_value]

    def status(actual, baseline):
        return target_status(unit=target.unit, direction=target.direction, target=target.target_value, actual=actual,
                             due_on=target.due_on, today=today, baseline=baseline, change_percent=target.change_percent)

    real = status(target.actual.value, target.baseline_value)
    fitting = [(a, b) for a in actuals for b in baselines if status(a, b) == real]
    return ((actual_status == PRIMARY and len({a for a, _b in fitting}) == 1)
            or (baseline_withheld and len({b for _a, b in fitting}) == 1))


def _working_group_blocks(plan):
    """Each of the partnership's working groups: who chairs it (by role and organisation: the
    person's name is not published), its remit, its members, and what of this plan it leads."""
    blocks = []
    for group in working_groups_in(plan.partnership):
        chair = group.lead_organisation.name
        if group.lead_contact is not None and group.lead_contact.job_title.strip():
            chair = f"{group.lead_contact.job_title.strip()}, {chair}"
        leads = ([f"the priority {p.title}" for p in plan.priorities.filter(working_group=group)]
                 + [f"the theme {t.title}" for t in plan.themes.filter(working_group=group)])
        members = [org.name for org in group.member_organisations.all()]
        lines = [f"Chaired by: {chair}",
                 f"Remit: {group.purpose.strip()}" if group.purpose.strip() else "",
                 f"Members: {', '.join(members)}" if members else "",
                 f"Leads in {plan.label}: {'; '.join(leads)}" if leads else ""]
        blocks += [{"type": "heading", "text": group.name},
                   {"type": "list", "items": [_text(line) for line in lines if line]}]
    return blocks


def _address_lines(address):
    """An address as typed (lines ended by \r\n from a form, stray spaces and commas) as clean lines."""
    return [line.strip(" ,\t") for line in address.splitlines() if line.strip(" ,\t")]


def plan_document(plan, *, today=None, public=False):
    """The plan as plain data, with current figure values, and the gaps that block publishing.
    `public`: the document to publish, holding only what the disclosure rule lets out (ADR 65);
    otherwise every value, marked where it would not be published."""
    today = today or timezone.localdate()
    builder = _Builder(plan, today)
    partnership = plan.partnership
    reviewed = queries.under_review(plan, today)
    sections = {s.kind: s for s in plan.sections.all()}
    contributed = [source(plan=plan, reviewed=reviewed, today=today) for source in _block_sources]
    names = set().union(*(figure_names_in(s.body) for s in sections.values()),
                        *(figure_names_in_blocks(blocks) for c in contributed for blocks in c.blocks.values()))
    figures = figures_named(partnership, names)
    for contribution in contributed:
        builder.gaps += contribution.gaps

    priorities = list(plan.priorities.all())
    themes = list(plan.themes.prefetch_related("actions"))
    objectives = list(plan.objectives.prefetch_related("actions"))

    def served(item):
        """An objective, theme or area of focus, with the actions that serve it."""
        titles = [a.title for a in sorted(item.actions.all(), key=lambda a: (a.position, a.pk))]
        return [{"text": item.title}] + ([{"text": f" (served by: {'; '.join(titles)})"}] if titles else [])

    focus_blocks = []
    for number, area in enumerate(plan.focus_areas.prefetch_related("actions"), start=1):
        focus_blocks.append({"type": "heading", "text": f"Area of focus {number}: {area.title}"})
        focus_blocks += parse_blocks(area.description, figures=False)
        titles = [a.title for a in sorted(area.actions.all(), key=lambda a: (a.position, a.pk))]
        if titles:
            focus_blocks.append({"type": "paragraph", "runs": _text(f"Actions serving this area: {'; '.join(titles)}.")})
    contacts = []
    for seat in seats_in(partnership, on=min(today, plan.period_end)):
        org = seat.organisation
        contacts.append({"name": org.name, "lines": _address_lines(org.address),
                         "phone": org.phone, "email": org.email, "website": org.website})
    # What the plan generates from its records; the text may place each ([[block:name]]), and
    # whatever it does not place goes where it always has.
    generated = {
        "priorities": [{"type": "paragraph", "runs": _text(f"The priorities for {plan.label} are:")},
                       {"type": "list", "items": [_text(p.title) for p in priorities]}] if priorities else [],
        "themes": [{"type": "paragraph", "runs": _text("Cross-cutting themes underlie every priority:")},
                   {"type": "list", "items": [served(t) for t in themes]}] if themes else [],
        "objectives": [{"type": "heading", "text": f"Key objectives for {plan.label}"},
                       {"type": "list", "items": [served(o) for o in objectives]}] if objectives else [],
        "focus-areas": focus_blocks,
        "working-groups": _working_group_blocks(plan),
        "members": [{"type": "contacts", "entries": contacts}],
        "projects-review": [],
        "funding": [],
    }
    for contribution in contributed:
        for name, blocks in contribution.blocks.items():
            generated[name] = generated.get(name, []) + blocks
    placed = {name for section in sections.values() for _, name in blocks_placed_in(section.body)}

    def unplaced(name):
        if name in placed:
            return []
        named_by = "The review of projects and initiatives"
        return builder.filled(generated[name], figures, where=named_by, named_by=named_by)

    def narrative(kind):
        section = sections.get(kind)
        return builder.section_blocks(section, figures, generated) if section else []

    intro = narrative(Section.Kind.INTRODUCTION)
    if not intro:
        builder.gaps.append(Gap("The introduction has no text", section_kind=Section.Kind.INTRODUCTION))

    review = narrative(Section.Kind.REVIEW_OF_ACTIONS)
    review_label = reviewed.label
    if reviewed.plan is not None:
        review += builder.review_tables(reviewed)
    else:
        review.append({"type": "paragraph",
                       "runs": _text(f"The partnership's plan for {review_label} is not held in Eunomia, "
                                     "so its actions are not reviewed here.")})

    if not priorities:
        builder.gaps.append(Gap("The plan has no priorities"))
    priority_blocks = narrative(Section.Kind.PRIORITIES) + unplaced("priorities") + unplaced("themes")
    plan_blocks = (narrative(Section.Kind.THE_PLAN) + unplaced("objectives") + unplaced("focus-areas")
                   + builder.plan_tables())
    membership = unplaced("members") + [
        {"type": "heading", "text": partnership.name},
        {"type": "list", "items": [_text(x) for x in (
            ", ".join(_address_lines(partnership.address)),
            f"Phone: {partnership.phone}" if partnership.phone else "",
            f"Email: {partnership.email}" if partnership.email else "",
            f"Web: {partnership.website}" if partnership.website else "") if x]}]

    sections_out = [
        {"id": "introduction", "title": "Introduction", "blocks": intro},
        {"id": "review-of-actions", "title": f"Review of actions {review_label}", "blocks": review},
    ]
    projects = narrative(Section.Kind.REVIEW_OF_PROJECTS) + unplaced("projects-review") + unplaced("funding")
    if projects:
        sections_out.append({"id": "review-of-projects", "title": f"Review of projects and initiatives {review_label}",
                             "blocks": projects})
    sections_out += [
        {"id": "priorities", "title": f"Priority issues for {plan.long_label}", "blocks": priority_blocks},
        {"id": "the-plan", "title": f"Partnership Plan {plan.long_label}", "blocks": plan_blocks},
    ]
    groups = unplaced("working-groups")
    if groups:
        sections_out.append({"id": "working-groups", "title": "Working groups", "blocks": groups})
    sections_out += [
        {"id": "membership", "title": "Membership of the Community Safety Partnership and contact details",
         "blocks": membership},
    ]
    rule = builder.protect(public=public)
    notes = sorted(builder.notes.entries.values(), key=lambda n: n["note"])
    if notes:
        sections_out.append({"id": "figures", "title": "Figures used in this plan: definitions and sources",
                             "blocks": [{"type": "paragraph", "runs": _text(rule["statement"])},
                                        {"type": "figure_notes", "entries": notes}]})

    ways = " or ".join(x for x in (f"call {partnership.phone}" if partnership.phone else "",
                                   f"email {partnership.email}" if partnership.email else "") if x)
    document = {
        "format": DOCUMENT_FORMAT,
        "partnership": {"name": partnership.name, "slug": partnership.slug, "is_demo": partnership.is_demo},
        "plan": {"start_year": plan.start_year, "label": plan.label, "long_label": plan.long_label},
        "title": plan.title,
        "accessibility": (
            "If you have difficulty reading this document and would like the information in another format, "
            f"such as Braille, audio or large print, please {ways}." if ways else
            "A large-print version of this document can be downloaded where you found it."
        ),
        "demo_notice": (
            "Demonstration document: the partnership, organisations and figures in it are invented."
            if partnership.is_demo else ""
        ),
        "sections": sections_out,
        "disclosure": rule,
    }
    return document, builder.gaps
