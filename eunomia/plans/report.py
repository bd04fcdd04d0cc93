"""The plan as a document: plain data that the page, the PDF and the DOCX all render.

`plan_document` returns the document and the list of gaps that stop it being published. Each
figure shown (in the text or as a target's actual) gets a note number pointing at the closing
"Figures used in this plan" section, which gives its definition, source and who recorded it.
"""

import re
from dataclasses import dataclass

from django.utils import timezone

from eunomia.core.formatting import format_value, plain_number
from eunomia.figures.queries import figures_named
from eunomia.partners.queries import seats_in, working_groups_in
from eunomia.plans import queries
from eunomia.plans.models import Section
from eunomia.plans.narrative import blocks_placed_in, figure_names_in, parse_blocks
from eunomia.plans.targets import MISSING, outcome_of, relative_target

DOCUMENT_FORMAT = 1


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

    def ref(self, figure):
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


def describe_target(target):
    if target.unit == "text":
        return target.target_text
    if target.unit == "yes_no":
        return "Yes" if target.target_value == 1 else "No"
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
        return blocks

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
        return [_text(label), _text(describe_baseline(target)), _text(describe_target(target)), actual,
                _text(outcome.change), _text(outcome.status_label)]

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
            columns = ["Action and target", "Lead organisations", "Year", "Target", "Baseline"]
            widths = [40, 22, 10, 16, 12]
            if not several:
                columns, widths = columns[:2] + columns[3:], [46, 24, 18, 12]
            blocks.append({"type": "table", "caption": f"Actions: {priority.title}", "columns": columns,
                           "numeric": [], "widths": widths, "rows": rows})
        return blocks


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


def plan_document(plan, *, today=None):
    """The plan as plain data, with current figure values, and the gaps that block publishing."""
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
    notes = sorted(builder.notes.entries.values(), key=lambda n: n["note"])
    if notes:
        sections_out.append({"id": "figures", "title": "Figures used in this plan: definitions and sources",
                             "blocks": [{"type": "figure_notes", "entries": notes}]})

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
    }
    return document, builder.gaps
