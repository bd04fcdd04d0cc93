"""A plan year as a workbook (.xlsx): one sheet each for its priorities, themes, objectives, areas of
focus, actions, targets, figures, text and organisations, in the layout a partnership keeps its plan in, so the plan
can be taken away, worked on in a spreadsheet and (issue 11) brought back.

Numbers stay numbers; an action's targets point at it by its reference (A1, A2, ...) on the
Actions sheet; lists of organisations or objectives are written one per line in a cell.
"""

from eunomia.core.formatting import Unit
from eunomia.core.spreadsheet import to_xlsx
from eunomia.figures.queries import figures_named
from eunomia.partners.queries import directory_of, spells_in
from eunomia.plans import queries
from eunomia.plans.narrative import figure_names_in

PRIORITIES = ("Priorities", ["Title", "Description", "Working group"])
THEMES = ("Themes", ["Title", "Description", "Working group"])
OBJECTIVES = ("Objectives", ["Title", "Description"])
FOCUS_AREAS = ("Areas of focus", ["Title", "Description"])
ACTIONS = ("Actions", ["Ref", "Priority", "Action", "Lead organisation", "Other leads", "Delivery partners",
                       "Status", "Objectives served", "Themes served", "Areas of focus served"])
TARGETS = ("Targets", ["Action ref", "Measure", "Kind of target", "Direction", "Baseline", "Why no baseline",
                       "Target", "Change on baseline (%)", "Milestone to reach", "Due", "Actual", "Actual in words",
                       "Milestone met", "Figure name", "Evidence"])
# The narrative: one row per section, its text with [[figure-name]] and [[block:...]] markup as
# written in the browser. Optional on upload (a workbook without it leaves the text as it is).
TEXT = ("Text", ["Section", "Text"])
FIGURES = ("Figures", ["Name", "Title", "Unit", "From", "To", "Value", "Value in words", "Definition", "Source",
                       "Provided by", "How it is kept", "Evidence"])
# The organisations the plan names and its members in its years, one row per spell on the partnership
# ("Member from" blank: in the directory, not a member). Optional on upload.
ORGANISATIONS = ("Organisations", ["Name", "Kind", "Member from", "Member until", "Address", "Phone", "Email",
                                   "Website"])
# Columns a workbook may leave out (an older layout): Evidence then reads "Loaded from the workbook".
OPTIONAL_COLUMNS = {"Evidence"}


def _lines(items):
    return "\n".join(str(item) for item in items)


def _number(value):
    return None if value is None else float(value) if value != value.to_integral_value() else int(value)


def _items(items, with_group=False):
    rows = []
    for item in items:
        row = [item.title, item.description]
        if with_group:
            row.append(item.working_group.name if item.working_group else "")
        rows.append(row)
    return rows


def _organisation_row(organisation, joined_on, left_on):
    return [organisation.name, organisation.get_kind_display(), joined_on, left_on, organisation.address,
            organisation.phone, organisation.email, organisation.website]


def plan_workbook(plan):
    """The plan year as the bytes of an .xlsx workbook."""
    refs, action_rows = {}, []
    for number, (action, _) in enumerate(queries.actions_with_targets(plan), start=1):
        refs[action.pk] = f"A{number}"
        action_rows.append([
            refs[action.pk], action.priority.title, action.title, action.owner_organisation.name,
            _lines(o.name for o in sorted(action.other_leads.all(), key=lambda o: o.name)),
            _lines(o.name for o in sorted(action.delivery_partners.all(), key=lambda o: o.name)),
            action.get_status_display(), _lines(o.title for o in action.objectives.all()),
            _lines(t.title for t in action.themes.all()), _lines(f.title for f in action.focus_areas.all())])
    target_rows, figures = [], {}
    for action, targets in queries.actions_with_targets(plan):
        for target in targets:
            actual = target.actual
            figures[actual.pk] = actual
            target_rows.append([
                refs[action.pk], target.measure, target.get_unit_display(),
                target.get_direction_display() if target.unit not in (Unit.YES_NO, Unit.TEXT) else "",
                _number(target.baseline_value), target.baseline_note, _number(target.target_value),
                _number(target.change_percent), target.target_text, target.due_on,
                _number(actual.value), actual.text_value,
                {True: "Yes", False: "No", None: ""}[target.milestone_met], actual.name, actual.evidence])
    names = set().union(*(figure_names_in(s.body) for s in plan.sections.all()))
    for figure in figures_named(plan.partnership, names).values():
        figures[figure.pk] = figure
    figure_rows = [[f.name, f.title, f.get_unit_display(), f.period_start, f.period_end, _number(f.value),
                    f.text_value, f.definition, f.source, f.owner_organisation.name if f.owner_organisation else "",
                    f.get_kind_display(), f.evidence]
                   for f in sorted(figures.values(), key=lambda f: f.name)]
    text_rows = [[section.get_kind_display(), section.body] for section in plan.sections.all()]
    named = {o.pk for action, _ in queries.actions_with_targets(plan)
             for o in [*action.leads, *action.delivery_partners.all()]}
    named |= {f.owner_organisation_id for f in figures.values() if f.owner_organisation_id}
    organisation_rows = []
    seats = list(spells_in(plan.partnership).filter(joined_on__lte=plan.period_end).exclude(
        left_on__lt=plan.period_start).order_by("organisation__name", "joined_on"))
    for seat in seats:
        organisation_rows.append(_organisation_row(seat.organisation, seat.joined_on, seat.left_on))
    members = {seat.organisation_id for seat in seats}
    for organisation in directory_of(plan.partnership).filter(pk__in=named - members):
        organisation_rows.append(_organisation_row(organisation, None, None))
    notes = [f"{plan.title} ({plan.label}), as held in Eunomia."]
    return to_xlsx([
        (*PRIORITIES, _items(plan.priorities.select_related("working_group"), with_group=True), notes),
        (*THEMES, _items(plan.themes.select_related("working_group"), with_group=True), []),
        (*OBJECTIVES, _items(plan.objectives.all()), []),
        (*FOCUS_AREAS, _items(plan.focus_areas.all()), []),
        (*ACTIONS, action_rows, ["Targets point at their action by its Ref."]),
        (*TARGETS, target_rows, []),
        (*FIGURES, figure_rows, ["The figures the plan's text names and the actuals of its targets."]),
        (*TEXT, text_rows, ["Each section's text; [[figure-name]] puts a figure's value in its place."]),
        (*ORGANISATIONS, organisation_rows, [
            "Members in the plan's years (one row per spell) and the other organisations it names. On upload, an "
            "organisation not in the directory is added, and a spell not held is added; organisations already "
            "in the directory keep their details (blank ones are filled in)."]),
    ])
