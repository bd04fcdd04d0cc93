"""The demo's plans and the figures their texts name: Harrowdale's three years (two years ago
closed, last year published, this year a draft two steps from publishable) and Fenmarsh's draft."""

from eunomia.core.periods import plan_period, year_label
from eunomia.demo.data import DEMO, TEXTS
from eunomia.demo.governance import approve_at_board_meeting
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure
from eunomia.plans import actions as plan_actions


def year_slug(start_year):
    """A plan year as figure names write it: 2026 -> "2026-27"."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _text(name, year, reviewed=None):
    """A plan text from data/texts.toml, for the plan of `year` reviewing the year `reviewed`."""
    years = {"year": year, "reviewed": reviewed, "before": None if reviewed is None else reviewed - 1}
    holes = {}
    for key, start_year in years.items():
        if start_year is not None:
            holes[key], holes[f"{key}_slug"] = year_label(start_year), year_slug(start_year)
    return TEXTS[name].format(**holes)


def _target(data):
    """A target's fields from the data: `about` names a definition and source several years share."""
    fields = {key: value for key, value in data.items() if key != "about"}
    if "about" in data:
        fields.update(DEMO["target_definitions"][data["about"]])
    return fields


def _add_actions(demo, plan, specs):
    priorities = {p["key"]: item for p, item in zip(DEMO["harrowdale"]["priorities"], plan.priorities.all())}
    made = {}
    for spec in specs:
        action = plan_actions.add_action(by=demo.manager, plan=plan, priority=priorities[spec["priority"]],
                                         title=spec["title"], owner_organisation=demo.orgs[spec["owner"]],
                                         status=spec["status"])
        target = None
        if "target" in spec:
            target = plan_actions.add_target(by=demo.manager, action=action, **_target(spec["target"]))
        made[spec["key"]] = (action, target)
    return made


def _record_actuals(demo, made, specs):
    for spec in specs:
        actual = spec.get("actual")
        if actual is None:
            continue
        _, target = made[spec["key"]]
        by = demo.users[actual.get("by", "analyst")]
        if "first" in actual:  # a value recorded and then corrected
            plan_actions.record_actual(by=by, target=target, value=actual["first"]["value"],
                                       evidence=actual["first"]["evidence"])
        plan_actions.record_actual(by=by, target=target, value=actual.get("value"), text_value=actual.get("text", ""),
                                   milestone_met=actual.get("met"), evidence=actual["evidence"])


def _text_figures(demo, partnership, start_year, which):
    """Figures for `start_year` that the next year's plan quotes; `which` ("two_years_ago" or
    "last_year") picks the year's value from the data. A figure without one is the demo's gap."""
    period_start, period_end = plan_period(start_year, partnership.year_start_month)
    for data in DEMO["text_figures"]:
        figure = figure_actions.create_figure(
            by=demo.analyst, partnership=partnership, name=f"{data['stem']}-{year_slug(start_year)}",
            title=f"{data['title']}, {year_label(start_year)}", unit=data["unit"], period_start=period_start,
            period_end=period_end, definition=data["definition"], source=data["source"],
            owner_organisation=demo.orgs[data["owner"]], counts=data.get("counts", ""))
        value = data.get(which)
        if value is None:
            continue
        if isinstance(value, dict):  # recorded, then corrected: the figure's history shows both
            figure_actions.record_value(by=demo.analyst, figure=figure, value=value["first"],
                                        evidence=data["evidence"])
            figure_actions.record_value(by=demo.analyst, figure=figure, value=value["corrected"],
                                        evidence=f"{data['evidence']}. {DEMO['correction']}")
        else:
            figure_actions.record_value(by=demo.analyst, figure=figure, value=value, evidence=data["evidence"])


def _computed_figures(demo, partnership, plan_year, *, draft=False):
    """The calculated figures a plan names. A draft (this year's) leaves out those of a year not over
    yet (police.uk's count of the year: its months are still to come)."""
    for data in DEMO["computed_figures"]:
        if draft and data.get("year_over"):
            continue
        start_year = plan_year + data["year_offset"]
        period_start, period_end = plan_period(start_year, partnership.year_start_month)
        figure_actions.create_figure(
            by=demo.analyst, partnership=partnership, name=f"{data['stem']}-{year_slug(start_year)}",
            title=f"{data['title']}, {year_label(start_year)}", unit="count", period_start=period_start,
            period_end=period_end, kind=Figure.Kind.COMPUTED, measure=data["measure"], measure_params=data["params"])


def _sections(demo, plan, bodies):
    sections = {s.kind: s for s in plan.sections.all()}
    for kind, body in bodies.items():
        plan_actions.save_section(by=demo.manager, section=sections[kind], body=body)


def build_harrowdale_plans(demo, partnership):
    c = demo.current
    manager = demo.manager
    harrowdale = DEMO["harrowdale"]

    # Two years ago: closed, every actual recorded.
    oldest = plan_actions.create_plan(by=manager, partnership=partnership, start_year=c - 2)
    for priority, group in zip(harrowdale["priorities"], demo.groups):
        plan_actions.add_item(by=manager, plan=oldest, kind="priority", title=priority["title"],
                              description=priority["description"], working_group=group)
    for theme in harrowdale["themes"]:
        plan_actions.add_item(by=manager, plan=oldest, kind="theme", title=theme["title"],
                              description=theme["description"])
    for title in harrowdale["objectives"]:
        plan_actions.add_item(by=manager, plan=oldest, kind="objective", title=title)
    for focus in harrowdale["focus_areas"]:
        plan_actions.add_item(by=manager, plan=oldest, kind="focus_area", title=focus["title"],
                              description=focus["description"])
    specs = DEMO["actions"]["two_years_ago"]
    made = _add_actions(demo, oldest, specs)
    _sections(demo, oldest, {
        "introduction": _text("first_introduction", c - 2),
        "priorities": _text("priorities", c - 2),
        "the_plan": TEXTS["the_plan"],
    })
    _record_actuals(demo, made, specs)

    # Last year: its plan, approved by the board and published; then its year's actuals, all but one.
    last = plan_actions.create_plan(by=manager, partnership=partnership, start_year=c - 1, copy_from=oldest)
    last_specs = DEMO["actions"]["last_year"]
    last_made = _add_actions(demo, last, last_specs)
    _text_figures(demo, partnership, c - 2, which="two_years_ago")
    _computed_figures(demo, partnership, c - 1)
    _sections(demo, last, {
        "introduction": _text("introduction_last_year", c - 1, c - 2),
        "review_of_actions": _text("review_of_actions", c - 1, c - 2),
        "review_of_projects": _text("review_of_projects", c - 1, c - 2),
        "priorities": _text("priorities", c - 1),
        "the_plan": TEXTS["the_plan"],
    })
    # Approved at the board's March meeting (demo/governance.py), so the published plan links to it.
    approve_at_board_meeting(demo, partnership, last)
    plan_actions.publish_plan(by=manager, plan=last, in_background=False)
    _record_actuals(demo, last_made, last_specs)

    # This year: a draft with two unfinished actions carried over.
    this = plan_actions.create_plan(by=manager, partnership=partnership, start_year=c, copy_from=last)
    plan_actions.add_item(by=manager, plan=this, kind="focus_area", title=harrowdale["new_focus_area"]["title"],
                          description=harrowdale["new_focus_area"]["description"])
    for key in harrowdale["carried_over"]:
        plan_actions.carry_over_action(by=manager, action=last_made[key][0], to_plan=this)
    _add_actions(demo, this, DEMO["actions"]["this_year"])
    _text_figures(demo, partnership, c - 1, which="last_year")
    _computed_figures(demo, partnership, c, draft=True)
    _sections(demo, this, {
        "introduction": _text("introduction_this_year", c, c - 1),
        "review_of_actions": _text("review_of_actions", c, c - 1),
        "review_of_projects": _text("review_of_projects", c, c - 1),
        "priorities": _text("priorities", c),
        "the_plan": TEXTS["the_plan"],
    })


def build_fenmarsh_plan(demo, partnership):
    manager = demo.users["fenmarsh_manager"]
    data = DEMO["fenmarsh_plan"]
    plan = plan_actions.create_plan(by=manager, partnership=partnership, start_year=demo.current)
    priorities = [plan_actions.add_item(by=manager, plan=plan, kind="priority", title=p["title"],
                                        description=p["description"]) for p in data["priorities"]]
    plan_actions.add_item(by=manager, plan=plan, kind="objective", title=data["objective"])
    for spec in data["actions"]:
        extra = {"status": spec["status"]} if "status" in spec else {}
        action = plan_actions.add_action(by=manager, plan=plan, priority=priorities[spec["priority"]],
                                         owner_organisation=demo.orgs[spec["owner"]], title=spec["title"], **extra)
        if "target" in spec:
            plan_actions.add_target(by=manager, action=action, **spec["target"])
    plan_actions.save_section(by=manager, section=plan.sections.get(kind="introduction"),
                              body=_text("fenmarsh_introduction", demo.current))
