"""Writing a plan: every change goes through plans.actions, is checked there, clears the approval,
and leaves nothing behind when it is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure
from eunomia.partners.actions import save_working_group
from eunomia.plans import actions
from eunomia.plans.models import Action, PlanYear, Priority, Target


def events(action):
    return AuditEvent.objects.filter(action=action)


def reload(obj):
    return type(obj).objects.get(pk=obj.pk)


# Plan years ----------------------------------------------------------------------------------------

def test_a_second_plan_for_the_same_year_is_refused_naming_the_year(manager, partnership, plans):
    created = events("plan.created").count()

    with pytest.raises(ValidationError) as refusal:
        actions.create_plan(by=manager, partnership=partnership, start_year=2025)

    assert refusal.value.message_dict["start_year"] == ["There is already a plan for 2025/26"]
    assert PlanYear.objects.filter(partnership=partnership, start_year=2025).count() == 1
    assert events("plan.created").count() == created


def test_another_partnership_may_have_a_plan_for_the_same_year(manager, plans, other_partnership):
    plan = actions.create_plan(by=manager, partnership=other_partnership, start_year=2025)

    assert plan.title == "Partnership Plan 2025 - 2026"


def test_a_new_plan_copies_the_lists_and_the_text_of_the_one_it_is_made_from(manager, partnership, council):
    group = save_working_group(by=manager, partnership=partnership, name="ASB Task Group", lead_organisation=council)
    source = actions.create_plan(by=manager, partnership=partnership, start_year=2024)
    asb = actions.add_item(by=manager, plan=source, kind="priority", title="Anti-social behaviour",
                           description="Repeat victims first", working_group=group)
    actions.add_item(by=manager, plan=source, kind="priority", title="Domestic abuse")
    actions.move_item(by=manager, item=asb, kind="priority", direction=1)
    actions.add_item(by=manager, plan=source, kind="theme", title="Reducing reoffending", working_group=group)
    actions.add_item(by=manager, plan=source, kind="objective", title="Cut repeat calls about ASB")
    actions.add_item(by=manager, plan=source, kind="focus_area", title="Town centre", description="Night-time economy")
    actions.add_action(by=manager, plan=source, priority=asb, owner_organisation=council, title="Patrol the park")
    actions.save_section(by=manager, section=source.sections.get(kind="introduction"), body="Our partnership.")
    actions.save_section(by=manager, section=source.sections.get(kind="the_plan"), body="## How we work\n\n- Together")

    plan = actions.create_plan(by=manager, partnership=partnership, start_year=2025, copy_from=source)

    def shape(items, *fields):
        return [tuple(getattr(item, f) for f in ("title", "description", *fields)) for item in items]

    assert shape(plan.priorities.all(), "working_group") == [("Domestic abuse", "", None),
                                                             ("Anti-social behaviour", "Repeat victims first", group)]
    assert shape(plan.themes.all(), "working_group") == [("Reducing reoffending", "", group)]
    assert shape(plan.objectives.all()) == [("Cut repeat calls about ASB", "")]
    assert shape(plan.focus_areas.all()) == [("Town centre", "Night-time economy")]
    assert {s.kind: s.body for s in plan.sections.all()} == {
        "introduction": "Our partnership.", "review_of_actions": "", "review_of_projects": "", "priorities": "",
        "the_plan": "## How we work\n\n- Together",
    }
    # The copies are new records, and actions stay with their year (unfinished ones are carried over).
    assert not set(plan.priorities.values_list("pk", flat=True)) & set(source.priorities.values_list("pk", flat=True))
    assert not plan.actions.exists()


# Every edit clears the approval ----------------------------------------------------------------------

def _second_priority(by, p):
    actions.add_action(by=by, plan=p["previous"], priority=p["mediation"].priority, title="Bare",
                       owner_organisation=p["mediation"].owner_organisation)  # an action without targets
    return actions.add_item(by=by, plan=p["previous"], kind="priority", title="Domestic abuse")


EDITS = {
    "title": lambda by, p: actions.update_plan(by=by, plan=p["previous"], title="Our plan"),
    "add item": lambda by, p: actions.add_item(by=by, plan=p["previous"], kind="theme", title="Reoffending"),
    "update item": lambda by, p: actions.update_item(by=by, item=p["previous"].priorities.first(), kind="priority",
                                                     title="ASB"),
    "move item": lambda by, p: actions.move_item(by=by, item=p["previous"].priorities.first(), kind="priority",
                                                 direction=1),
    "delete item": lambda by, p: actions.delete_item(by=by, item=p["previous"].priorities.last(), kind="priority"),
    "add action": lambda by, p: actions.add_action(by=by, plan=p["previous"], priority=p["mediation"].priority,
                                                   owner_organisation=p["mediation"].owner_organisation, title="More"),
    "update action": lambda by, p: actions.update_action(by=by, action=p["mediation"], status="at_risk"),
    "delete action": lambda by, p: actions.delete_action(by=by, action=p["previous"].actions.get(title="Bare")),
    "add target": lambda by, p: actions.add_target(by=by, action=p["mediation"], measure="Cases closed",
                                                   unit="count", baseline_value=5, target_value=10),
    "update target": lambda by, p: actions.update_target(by=by, target=p["referrals"], target_value=45),
    "delete target": lambda by, p: actions.delete_target(by=by, target=p["referrals"]),
    "save text": lambda by, p: actions.save_section(by=by, section=p["previous"].sections.get(kind="introduction"),
                                                    body="A new introduction."),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_every_edit_clears_the_approval(manager, board_member, plans, edit):
    _second_priority(manager, plans)
    previous = actions.approve_plan(by=board_member, plan=plans["previous"])
    assert previous.approved_at is not None

    edit(manager, plans)

    previous = reload(previous)
    assert (previous.approved_at, previous.approved_by) == (None, None)


def test_carrying_an_action_over_clears_the_approval_of_both_plans(manager, board_member, plans, housing):
    previous, current = plans["previous"], plans["current"]
    unfinished = actions.add_action(by=manager, plan=previous, priority=previous.priorities.get(),
                                    owner_organisation=housing, title="Patrol the park", status="on_track")
    for plan in (previous, current):
        actions.approve_plan(by=board_member, plan=plan)

    actions.carry_over_action(by=manager, action=unfinished, to_plan=current)

    assert reload(previous).approved_at is None
    assert reload(current).approved_at is None


def test_an_approved_plan_cannot_be_approved_twice(board_member, plans):
    actions.approve_plan(by=board_member, plan=plans["current"])

    with pytest.raises(ValidationError, match="already approved"):
        actions.approve_plan(by=board_member, plan=plans["current"])


# Targets ---------------------------------------------------------------------------------------

def add(by, action, **fields):
    return actions.add_target(by=by, action=action, **{"measure": "Referrals", "unit": "count", **fields})


@pytest.mark.parametrize("fields, field, message", [
    ({"unit": "count", "target_value": 40}, "baseline_value", "Enter a baseline, usually last year's actual"),
    ({"unit": "percentage", "target_value": 80, "baseline_note": "  "}, "baseline_value", "Enter a baseline"),
    ({"unit": "count", "baseline_value": 33}, "target_value", "Enter the target"),
    ({"unit": "count", "baseline_value": -1, "target_value": 40}, "baseline_value", "A count must be a whole number"),
    ({"unit": "count", "baseline_value": 33, "target_value": Decimal("40.5")}, "target_value",
     "A count must be a whole number"),
    ({"unit": "percentage", "baseline_value": 82, "target_value": 120}, "target_value",
     "A percentage must be between 0 and 100"),
    ({"unit": "yes_no"}, "target_value", "Enter the target"),
    ({"unit": "yes_no", "target_value": 2}, "target_value", "Choose yes or no"),
    ({"unit": "text"}, "target_text", "Describe the milestone to be reached"),
    ({"unit": "text", "target_text": "   "}, "target_text", "Describe the milestone to be reached"),
])
def test_a_target_that_is_not_complete_is_refused(manager, plans, fields, field, message):
    before = (Target.objects.count(), Figure.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as refusal:
        add(manager, plans["mediation"], **fields)

    assert refusal.value.message_dict[field][0].startswith(message)
    assert (Target.objects.count(), Figure.objects.count(), AuditEvent.objects.count()) == before


def test_a_target_without_a_baseline_says_why(manager, plans):
    target = add(manager, plans["mediation"], baseline_note=" New service ", target_value=12)

    assert (target.baseline_value, target.baseline_note) == (None, "New service")


def test_milestones_have_no_baseline_or_direction(manager, plans):
    yes_no = add(manager, plans["mediation"], measure="Protocol signed", unit="yes_no", target_value=1,
                 direction="decrease")
    text = add(manager, plans["mediation"], measure="Policy", unit="text", target_text="Adopted by all partners",
               baseline_value=3, direction="increase")

    assert (yes_no.direction, yes_no.target_value) == ("reach", 1)
    assert (text.direction, text.baseline_value, text.target_text) == ("reach", None, "Adopted by all partners")


def test_a_new_target_gets_its_own_figure_owned_by_the_action_owner(manager, plans, housing):
    previous = plans["previous"]

    target = add(manager, plans["mediation"], measure="Cases closed", baseline_value=5, target_value=10)

    figure = target.actual
    assert figure.kind == Figure.Kind.MANUAL
    assert figure.name == "cases-closed-2024-25"
    assert figure.owner_organisation == housing
    assert (figure.period_start, figure.period_end) == (datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
    assert (previous.period_start, previous.period_end) == (figure.period_start, figure.period_end)
    assert "Cases closed" in figure.definition and "Refer neighbour disputes to mediation" in figure.definition
    assert figure.source == "Reported by Testvale Homes"
    assert target.due_on == previous.period_end
    [event] = events("plan.target_added").filter(object_id=str(target.pk))
    assert event.data["figure"] == figure.pk


def test_a_new_target_keeps_the_definition_and_source_it_is_given(manager, plans):
    target = add(manager, plans["mediation"], measure="Cases closed", baseline_value=5, target_value=10,
                 definition=" Cases closed in the year ", source=" Mediation service returns ")

    assert (target.actual.definition, target.actual.source) == ("Cases closed in the year", "Mediation service returns")


@pytest.fixture
def figure_for(manager, partnership):
    def make(unit="count", on=partnership, title="Members of the partnership"):
        return figure_actions.create_figure(
            by=manager, partnership=on, title=title, unit=unit, period_start=datetime.date(2024, 4, 1),
            period_end=datetime.date(2025, 3, 31), definition="Counted by hand", source="Directory")

    return make


def test_a_target_may_use_an_existing_figure(manager, plans, figure_for):
    figure = figure_for()

    target = add(manager, plans["mediation"], baseline_value=5, target_value=10, figure=figure)

    assert target.actual == figure


@pytest.mark.parametrize("case, message", [
    ("wrong unit", "Members of the partnership is a percentage, not a count"),
    ("other partnership", "Choose one of this partnership's figures"),
    ("already used", "Members of the partnership is already the actual of another target"),
])
def test_an_existing_figure_that_does_not_fit_is_refused(manager, plans, figure_for, other_partnership, case, message):
    if case == "wrong unit":
        figure = figure_for(unit="percentage")
    elif case == "other partnership":
        figure = figure_for(on=other_partnership)
    else:
        figure = figure_for()
        add(manager, plans["mediation"], baseline_value=1, target_value=2, figure=figure)
    before = (Target.objects.count(), Figure.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as refusal:
        add(manager, plans["mediation"], baseline_value=5, target_value=10, figure=figure)

    assert refusal.value.message_dict["figure"] == [message]
    assert (Target.objects.count(), Figure.objects.count(), AuditEvent.objects.count()) == before


# Actuals ---------------------------------------------------------------------------------------

def test_recording_an_actual_keeps_its_evidence_and_history(manager, plans):
    target = actions.record_actual(by=manager, target=plans["referrals"], value=38, evidence="Mediation returns")

    assert target.actual.value == 38
    assert target.actual.evidence == "Mediation returns"
    assert [r.value for r in target.actual.revisions.all()] == [38]
    [event] = events("plan.actual_recorded").filter(object_id=str(target.pk))
    assert event.data["figure"] == target.actual.pk


def test_a_milestone_in_words_needs_the_judgement_whether_it_was_met(manager, plans):
    target = add(manager, plans["mediation"], measure="Policy", unit="text", target_text="Adopted by all partners")
    before = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refusal:
        actions.record_actual(by=manager, target=target, text_value="Adopted by four of five", evidence="Minutes")

    assert refusal.value.message_dict["milestone_met"] == ["Say whether the milestone was met"]
    target = reload(target)
    assert (target.actual.text_value, target.milestone_met, target.actual.revisions.count()) == ("", None, 0)
    assert AuditEvent.objects.count() == before

    actions.record_actual(by=manager, target=target, text_value="Adopted by four of five", milestone_met=False,
                          evidence="Minutes")

    target = reload(target)
    assert (target.actual.text_value, target.milestone_met) == ("Adopted by four of five", False)


def test_a_refused_actual_leaves_the_target_as_it_was(manager, plans):
    improved = plans["improved"]

    with pytest.raises(ValidationError):
        actions.record_actual(by=manager, target=improved, value=150, evidence="Survey")

    assert reload(improved).actual.value == 85
    assert improved.actual.revisions.count() == 1


def test_the_actual_of_a_calculated_figure_is_not_typed_in(manager, plans):
    figure = figure_actions.create_figure(
        by=manager, partnership=plans["previous"].partnership, title="Actions", unit="count",
        period_start=datetime.date(2024, 4, 1), period_end=datetime.date(2025, 3, 31), kind="computed",
        measure="plans.actions_total")
    target = add(manager, plans["mediation"], baseline_value=0, target_value=1, figure=figure)

    with pytest.raises(ValidationError, match="recalculate it instead"):
        actions.record_actual(by=manager, target=target, value=3, evidence="Counted")


def test_deleting_a_target_deletes_its_figure(manager, plans):
    target = plans["referrals"]
    target_pk, figure_pk = target.pk, target.actual.pk

    actions.delete_target(by=manager, target=target)

    assert not Target.objects.filter(pk=target_pk).exists()
    assert not Figure.objects.filter(pk=figure_pk).exists()
    assert events("figure.deleted").filter(object_id=str(figure_pk)).exists()


def test_deleting_a_target_keeps_a_figure_the_text_names(manager, plans):
    target = plans["improved"]
    target_pk, figure = target.pk, target.actual
    actions.save_section(by=manager, section=plans["current"].sections.get(kind="review_of_actions"),
                         body=f"Behaviour improved in [[{figure.name}]] of cases.")

    actions.delete_target(by=manager, target=target)

    assert not Target.objects.filter(pk=target_pk).exists()
    assert reload(figure).value == 85
    assert not events("figure.deleted").exists()


# Narrative ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, expected", [
    ("We made [[no-such-figure]] referrals.",
     "The text names [[no-such-figure]], but there is no figure with that name"),
    ("[[first-missing]] and [[second-missing]].",
     "The text names [[first-missing]], [[second-missing]], but there is no figure with those names"),
    ("We made [[referrals-to-mediation-2024-25 referrals.", "A figure name is not written in full"),
    ("Two [[ok]] and one [[ unclosed", "A figure name is not written in full"),
])
def test_text_naming_a_figure_that_is_not_there_is_refused_and_not_saved(manager, plans, body, expected):
    section = plans["current"].sections.get(kind="introduction")
    before = (reload(section).body, reload(plans["current"]).edited_at, AuditEvent.objects.count())

    with pytest.raises(ValidationError) as refusal:
        actions.save_section(by=manager, section=section, body=body)

    assert refusal.value.message_dict["body"][0].startswith(expected)
    assert (reload(section).body, reload(plans["current"]).edited_at, AuditEvent.objects.count()) == before


def test_text_naming_existing_figures_is_saved(manager, plans):
    name = plans["improved"].actual.name
    section = plans["current"].sections.get(kind="introduction")

    actions.save_section(by=manager, section=section, body=f"Improved in [[{name}]] of cases.\r\n")

    assert reload(section).body == f"Improved in [[{name}]] of cases."
    [event] = events("plan.section_saved").filter(object_id=str(section.pk), data__figures=[name])
    assert event.actor == manager.email


# Lists -------------------------------------------------------------------------------------------

def titles(plan):
    return list(plan.priorities.values_list("title", flat=True))


def test_items_move_up_and_down_among_their_siblings(manager, partnership):
    plan = actions.create_plan(by=manager, partnership=partnership, start_year=2025)
    a, b, c = (actions.add_item(by=manager, plan=plan, kind="priority", title=t) for t in "ABC")

    actions.move_item(by=manager, item=c, kind="priority", direction=-1)
    assert titles(plan) == ["A", "C", "B"]

    actions.move_item(by=manager, item=a, kind="priority", direction=1)
    assert titles(plan) == ["C", "A", "B"]

    actions.move_item(by=manager, item=reload(c), kind="priority", direction=-1)
    actions.move_item(by=manager, item=reload(b), kind="priority", direction=1)
    assert titles(plan) == ["C", "A", "B"]
    assert list(plan.priorities.values_list("position", flat=True)) == [1, 2, 3]


def test_a_priority_with_actions_cannot_be_deleted(manager, plans):
    priority = plans["mediation"].priority

    with pytest.raises(ValidationError) as refusal:
        actions.delete_item(by=manager, item=priority, kind="priority")

    assert refusal.value.messages == [
        "Anti-social behaviour holds 1 action: Refer neighbour disputes to mediation. Move or delete it before "
        "deleting the priority."]
    assert Priority.objects.filter(pk=priority.pk).exists()
    assert not events("plan.priority_deleted").exists()


def test_an_action_with_targets_cannot_be_deleted_and_its_targets_are_named(manager, plans):
    with pytest.raises(ValidationError, match="Refer neighbour disputes to mediation holds 2 targets: Referrals "
                                              "to mediation; Cases with behaviour improved. Delete them before"):
        actions.delete_action(by=manager, action=plans["mediation"])
    assert Action.objects.filter(pk=plans["mediation"].pk).exists()
    assert Target.objects.filter(action=plans["mediation"]).count() == 2


def test_deleting_on_the_pages_asks_first_and_lists_what_is_in_the_way(manager, plans, client_for):
    client = client_for(manager)
    priority, action = plans["mediation"].priority, plans["mediation"]
    base = "/p/testvale/plans/2024"
    asked = client.post(f"{base}/priorities/{priority.pk}/", {"delete": "1"}).content.decode()
    assert "cannot be deleted yet" in asked and "Refer neighbour disputes to mediation" in asked
    assert "Yes, delete" not in asked
    # even a forged confirmation is refused while it holds actions
    client.post(f"{base}/priorities/{priority.pk}/", {"delete": "1", "confirmed": "1"})
    assert Priority.objects.filter(pk=priority.pk).exists()

    asked = client.post(f"{base}/actions/{action.pk}/", {"delete": "1"}).content.decode()
    assert "Referrals to mediation" in asked and "Cases with behaviour improved" in asked

    target = plans["referrals"]
    asked = client.post(f"{base}/targets/{target.pk}/", {"delete": "1"}).content.decode()
    assert "Delete the target ‘Referrals to mediation’?" in asked and "Yes, delete the target" in asked
    assert Target.objects.filter(pk=target.pk).exists()  # asking deleted nothing
    done = client.post(f"{base}/targets/{target.pk}/", {"delete": "1", "confirmed": "1"})
    assert done.status_code == 302 and not Target.objects.filter(pk=target.pk).exists()

    bare = plans["current"].priorities.get()
    asked = client.post(f"/p/testvale/plans/2025/priorities/{bare.pk}/", {"delete": "1"}).content.decode()
    assert "Delete the priority ‘Anti-social behaviour’?" in asked
    client.post(f"/p/testvale/plans/2025/priorities/{bare.pk}/", {"delete": "1", "confirmed": "1"})
    assert not Priority.objects.filter(pk=bare.pk).exists()


def test_a_priority_without_actions_can_be_deleted(manager, plans):
    priority = plans["current"].priorities.get()
    pk = priority.pk

    actions.delete_item(by=manager, item=priority, kind="priority")

    assert not plans["current"].priorities.exists()
    assert events("plan.priority_deleted").filter(object_id=str(pk)).exists()


# Carrying unfinished actions over -------------------------------------------------------------------------

@pytest.fixture
def patrols(manager, plans, council):
    """An unfinished 2024/25 action with one target of each kind, some with actuals recorded."""
    previous = plans["previous"]
    action = actions.add_action(by=manager, plan=previous, priority=previous.priorities.get(),
                                owner_organisation=council, title="Patrol the town centre", status="on_track")
    recorded = add(manager, action, measure="Calls about street drinking", direction="decrease",
                   baseline_value=120, target_value=100, source="Police incident log")
    actions.record_actual(by=manager, target=recorded, value=104, evidence="Police incident log")
    add(manager, action, measure="Patrols run", direction="increase", baseline_value=40, target_value=52)
    add(manager, action, measure="Residents feeling safe", unit="percentage", baseline_note="New survey",
        target_value=60)
    add(manager, action, measure="Night-time plan", unit="text", target_text="Agreed with licensees")
    return action


def test_an_unfinished_action_is_carried_into_the_next_plan(manager, plans, patrols, council):
    current = plans["current"]

    new = actions.carry_over_action(by=manager, action=patrols, to_plan=current)

    assert reload(patrols).status == Action.Status.CARRIED_OVER
    assert (new.plan, new.carried_from, new.status, new.title, new.owner_organisation) == (
        current, patrols, Action.Status.NOT_STARTED, "Patrol the town centre", council)
    assert new.priority == current.priorities.get(title="Anti-social behaviour")
    assert current.priorities.count() == 1
    carried = [(t.measure, t.unit, t.direction, t.baseline_value, t.baseline_note, t.target_value, t.target_text)
               for t in new.targets.all()]
    assert carried == [
        ("Calls about street drinking", "count", "decrease", 104, "", 100, ""),
        ("Patrols run", "count", "increase", 40, "", 52, ""),
        ("Residents feeling safe", "percentage", "reach", None, "New survey", 60, ""),
        ("Night-time plan", "text", "reach", None, "", None, "Agreed with licensees"),
    ]
    for old, target in zip(patrols.targets.all(), new.targets.all(), strict=True):
        assert target.actual != old.actual
        assert not target.actual.has_value
        assert (target.actual.period_start, target.actual.owner_organisation) == (current.period_start, council)
        assert target.actual.source == old.actual.source
    assert events("plan.action_carried_over").get().data == {"to": new.pk, "to_plan": current.pk}


def test_a_carried_action_gets_a_priority_of_the_same_title_made_when_missing(manager, plans, patrols):
    previous, current = plans["previous"], plans["current"]
    drugs = actions.add_item(by=manager, plan=previous, kind="priority", title="Drugs and alcohol",
                             description="Treatment first")
    actions.update_action(by=manager, action=patrols, priority=drugs)

    new = actions.carry_over_action(by=manager, action=patrols, to_plan=current)

    assert new.priority.plan == current
    assert (new.priority.title, new.priority.description) == ("Drugs and alcohol", "Treatment first")
    assert titles(current) == ["Anti-social behaviour", "Drugs and alcohol"]


def test_a_complete_action_is_not_carried_over(manager, plans):
    with pytest.raises(ValidationError, match="is complete; there is nothing to carry over"):
        actions.carry_over_action(by=manager, action=plans["mediation"], to_plan=plans["current"])

    assert not plans["current"].actions.exists()


def test_an_action_is_carried_over_only_once(manager, plans, patrols):
    actions.carry_over_action(by=manager, action=patrols, to_plan=plans["current"])

    with pytest.raises(ValidationError, match="has already been carried over"):
        actions.carry_over_action(by=manager, action=reload(patrols), to_plan=plans["current"])

    assert plans["current"].actions.count() == 1


def test_an_action_is_carried_only_into_the_next_year(manager, partnership, plans, patrols):
    later = actions.create_plan(by=manager, partnership=partnership, start_year=2026)

    with pytest.raises(ValidationError, match="only be carried over into the next year's plan"):
        actions.carry_over_action(by=manager, action=patrols, to_plan=later)

    assert reload(patrols).status == Action.Status.ON_TRACK


def test_carry_over_unfinished_takes_every_unfinished_action_once(manager, plans, patrols, housing):
    previous, current = plans["previous"], plans["current"]
    at_risk = actions.add_action(by=manager, plan=previous, priority=previous.priorities.get(),
                                 owner_organisation=housing, title="Open a youth club", status="at_risk")

    carried = actions.carry_over_unfinished(by=manager, plan=current)

    assert sorted(a.carried_from_id for a in carried) == sorted([patrols.pk, at_risk.pk])
    assert reload(plans["mediation"]).status == Action.Status.COMPLETE
    assert actions.carry_over_unfinished(by=manager, plan=current) == []
    assert current.actions.count() == 2


def test_carry_over_unfinished_needs_last_years_plan(manager, plans):
    with pytest.raises(ValidationError, match="There is no 2023/24 plan"):
        actions.carry_over_unfinished(by=manager, plan=plans["previous"])


def test_an_action_marked_carried_over_by_hand_is_still_offered_and_carried(manager, plans, patrols):
    actions.update_action(by=manager, action=patrols, status="carried_over")
    carried = actions.carry_over_unfinished(by=manager, plan=plans["current"])
    assert [a.carried_from_id for a in carried] == [patrols.pk]


def test_a_priority_titled_with_other_spacing_or_case_is_the_same_priority(manager, plans, patrols):
    current = plans["current"]
    actions.update_item(by=manager, item=current.priorities.get(), kind="priority", title="anti-social  Behaviour ")
    new = actions.carry_over_action(by=manager, action=patrols, to_plan=current)
    assert current.priorities.count() == 1 and new.priority == current.priorities.get()


def test_the_carry_over_page_asks_where_each_action_goes_and_says_what_it_did(manager, plans, patrols, housing,
                                                                              client_for):
    previous, current = plans["previous"], plans["current"]
    drugs = actions.add_item(by=manager, plan=previous, kind="priority", title="Drugs")
    clinic = actions.add_action(by=manager, plan=previous, priority=drugs, owner_organisation=housing,
                                title="Open a needle exchange", status="at_risk")
    club = actions.add_action(by=manager, plan=previous, priority=drugs, owner_organisation=housing,
                              title="Open a youth club", status="not_started")
    safety = actions.add_item(by=manager, plan=current, kind="priority", title="Community safety")
    client = client_for(manager)
    url = "/p/testvale/plans/2025/carry-over/"

    page = client.get(url).content.decode()
    assert "Not offered" in page and "Refer neighbour disputes to mediation: complete" in page
    assert "A new priority: Drugs" in page  # no priority of that title this year
    asb = current.priorities.get(title="Anti-social behaviour")

    response = client.post(url, {f"action_{patrols.pk}": str(asb.pk), f"action_{clinic.pk}": str(safety.pk),
                                 f"action_{club.pk}": ""})
    assert response.status_code == 302
    done = [str(m) for m in response.wsgi_request._messages]
    assert done == ["Carried over 2 actions from 2024/25: Patrol the town centre (under Anti-social behaviour); "
                    "Open a needle exchange (under Community safety). 1 left in 2024/25 as you chose."]
    assert current.actions.get(carried_from=clinic).priority == safety
    assert not current.actions.filter(carried_from=club).exists()
    assert not current.priorities.filter(title="Drugs").exists()  # nobody asked for it

    page = client.get(url).content.decode()
    assert "Patrol the town centre: already carried over into 2025/26, under Anti-social behaviour" in page


def test_carrying_one_action_from_its_page_shows_only_that_action(manager, plans, patrols, client_for):
    client = client_for(manager)
    response = client.post(f"/p/testvale/plans/2024/actions/{patrols.pk}/carry-over/")
    assert response.status_code == 302 and response.url.endswith(f"/plans/2025/carry-over/?action={patrols.pk}")
    page = client.get(response.url).content.decode()
    assert "Patrol the town centre" in page and "Refer neighbour disputes" not in page
    asb = plans["current"].priorities.get()
    assert f'<option value="{asb.pk}" selected>Anti-social behaviour</option>' in page  # matched by title
    assert "A new priority" not in page
    assert client.post(response.url, {f"action_{patrols.pk}": str(asb.pk)}).status_code == 302
    assert plans["current"].actions.get(carried_from=patrols).priority.title == "Anti-social behaviour"
    assert plans["current"].priorities.count() == 1  # matched, not made again


def test_a_priority_of_another_plan_is_refused_in_words(manager, plans, patrols, client_for):
    other = plans["previous"].priorities.get()
    response = client_for(manager).post("/p/testvale/plans/2025/carry-over/", {f"action_{patrols.pk}": str(other.pk)})
    assert response.status_code == 400
    assert "Choose a priority from the list" in response.content.decode()
    assert not plans["current"].actions.exists()
