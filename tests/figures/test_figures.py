"""Figures: created by hand or calculated by a registered measure, values checked against the
unit, and every value kept with who recorded it, when and on what evidence."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.figures import actions
from eunomia.figures.models import Figure, FigureRevision
from eunomia.figures.registry import all_measures
from eunomia.partners import actions as partner_actions
from eunomia.plans import actions as plan_actions
from tests.equality.test_measures import KEYS as EQUALITY_KEYS
from tests.families.test_measures import KEYS as FAMILY_KEYS
from tests.operations.test_measures import KEYS as OPERATIONS_KEYS

YEAR_START = datetime.date(2025, 4, 1)
YEAR_END = datetime.date(2026, 3, 31)


def manual(by, partnership, *, unit="count", title="Referrals to mediation", **extra):
    return actions.create_figure(
        by=by, partnership=partnership, title=title, unit=unit, period_start=YEAR_START, period_end=YEAR_END,
        definition="Neighbour disputes referred to the mediation service", source="Mediation service returns",
        **extra,
    )


def computed(by, partnership, measure, params=None, *, start=YEAR_START, end=YEAR_END):
    return actions.create_figure(
        by=by, partnership=partnership, title=f"{measure} {params or ''}", unit="", period_start=start,
        period_end=end, kind=Figure.Kind.COMPUTED, measure=measure, measure_params=params or {},
    )


def events_for(figure, action):
    return AuditEvent.objects.filter(action=action, object_type="figures.figure",
                                     object_id=str(figure.pk)).order_by("id")


def snapshot(figure):
    """Everything a refused value must leave as it was."""
    figure = Figure.objects.get(pk=figure.pk)
    return (figure.value, figure.text_value, figure.evidence, figure.recorded_at,
            figure.revisions.count(), AuditEvent.objects.count())


# Figures entered by hand -------------------------------------------------------------------------------

def test_manual_figure_is_created_with_its_definition_source_and_owner(manager, partnership, housing):
    figure = manual(manager, partnership, owner_organisation=housing, name="mediation-referrals-2025-26")

    figure.refresh_from_db()
    assert figure.kind == Figure.Kind.MANUAL
    assert figure.name == "mediation-referrals-2025-26"
    assert figure.owner_organisation == housing
    assert (figure.period_start, figure.period_end) == (YEAR_START, YEAR_END)
    assert not figure.has_value
    assert figure.revisions.count() == 0
    [event] = events_for(figure, "figure.created")
    assert event.actor == manager.email
    assert event.partnership_id == partnership.pk


def test_a_name_is_made_from_the_title_and_kept_unique(manager, partnership, other_partnership):
    first = manual(manager, partnership, title="Referrals to mediation")
    second = manual(manager, partnership, title="Referrals to mediation")
    elsewhere = manual(manager, other_partnership, title="Referrals to mediation")

    assert first.name == "referrals-to-mediation"
    assert second.name == "referrals-to-mediation-2"
    assert elsewhere.name == "referrals-to-mediation"


def test_a_name_already_used_is_refused(manager, partnership):
    manual(manager, partnership, name="mediation-referrals")

    with pytest.raises(ValidationError) as refusal:
        manual(manager, partnership, name="mediation-referrals")

    assert refusal.value.message_dict["name"] == ["There is already a figure called mediation-referrals"]
    assert Figure.objects.filter(partnership=partnership).count() == 1


@pytest.mark.parametrize("name", ["new", "recalculate"])
def test_names_used_in_web_addresses_are_refused(manager, partnership, name):
    with pytest.raises(ValidationError) as refusal:
        manual(manager, partnership, name=name)

    assert "web addresses" in refusal.value.message_dict["name"][0]
    assert not Figure.objects.exists()


def test_a_title_that_makes_a_reserved_name_gets_another(manager, partnership):
    assert manual(manager, partnership, title="New").name == "new-2"


@pytest.mark.parametrize("field, message", [("definition", "Say exactly what the figure counts"),
                                            ("source", "Say where the figure comes from")])
@pytest.mark.parametrize("blank", ["", "   "])
def test_a_figure_needs_a_definition_and_a_source(manager, partnership, field, message, blank):
    with pytest.raises(ValidationError) as refusal:
        actions.create_figure(by=manager, partnership=partnership, title="Referrals", unit="count",
                              period_start=YEAR_START, period_end=YEAR_END,
                              **{"definition": "Referrals made", "source": "Returns", field: blank})

    assert refusal.value.message_dict[field] == [message]
    assert not Figure.objects.exists()


@pytest.mark.parametrize("field, message", [("definition", "Say exactly what the figure counts"),
                                            ("source", "Say where the figure comes from")])
@pytest.mark.parametrize("blank", ["", "  \n "])
def test_update_figure_refuses_an_empty_definition_or_source(manager, partnership, field, message, blank):
    figure = manual(manager, partnership)
    before = Figure.objects.values("definition", "source").get(pk=figure.pk)

    with pytest.raises(ValidationError) as refusal:
        actions.update_figure(by=manager, figure=figure, **{field: blank})

    assert refusal.value.message_dict[field] == [message]
    assert Figure.objects.values("definition", "source").get(pk=figure.pk) == before
    assert not events_for(figure, "figure.updated").exists()


def test_update_figure_records_what_changed(manager, partnership):
    figure = manual(manager, partnership)

    actions.update_figure(by=manager, figure=figure, source="Mediation service quarterly report")

    figure.refresh_from_db()
    assert figure.source == "Mediation service quarterly report"
    [event] = events_for(figure, "figure.updated")
    assert event.data == {"source": ["Mediation service returns", "Mediation service quarterly report"]}


# Values: refused unless they fit the unit, with evidence ----------------------------------------------------

@pytest.mark.parametrize("unit, value, text_value, field, message", [
    ("count", -1, "", "value", "A count must be a whole number, 0 or more"),
    ("count", Decimal("2.5"), "", "value", "A count must be a whole number, 0 or more"),
    ("count", None, "", "value", "Enter the value"),
    ("percentage", Decimal("-0.1"), "", "value", "A percentage must be between 0 and 100"),
    ("percentage", Decimal("100.1"), "", "value", "A percentage must be between 0 and 100"),
    ("yes_no", 2, "", "value", "Choose yes or no"),
    ("yes_no", Decimal("0.5"), "", "value", "Choose yes or no"),
    ("yes_no", None, "", "value", "Enter the value"),
    ("text", None, "", "text_value", "Enter the value in words"),
    ("text", None, "  \n ", "text_value", "Enter the value in words"),
    ("number", Decimal("1e14"), "", "value", "That number is too large"),
])
def test_a_value_that_does_not_fit_the_unit_is_refused_and_nothing_is_saved(
        manager, partnership, unit, value, text_value, field, message):
    figure = manual(manager, partnership, unit=unit)
    actions.record_value(by=manager, figure=figure, value=None if unit == "text" else 1,
                         text_value="Adopted" if unit == "text" else "", evidence="First report")
    before = snapshot(figure)

    with pytest.raises(ValidationError) as refusal:
        actions.record_value(by=manager, figure=figure, value=value, text_value=text_value, evidence="Second report")

    assert refusal.value.message_dict[field] == [message]
    assert snapshot(figure) == before


@pytest.mark.parametrize("unit, value, text_value", [
    ("count", 0, ""), ("count", 38, ""), ("count", Decimal("38.0"), ""),
    ("percentage", 0, ""), ("percentage", 100, ""), ("percentage", Decimal("82.5"), ""),
    ("yes_no", 0, ""), ("yes_no", 1, ""),
    ("text", None, "Policy adopted by all partners"),
])
def test_a_value_that_fits_the_unit_is_kept(manager, partnership, unit, value, text_value):
    figure = manual(manager, partnership, unit=unit)

    actions.record_value(by=manager, figure=figure, value=value, text_value=text_value, evidence="Annual report")

    figure.refresh_from_db()
    assert figure.has_value
    assert figure.text_value == text_value
    assert figure.value == (None if value is None else Decimal(value))


@pytest.mark.parametrize("evidence", ["", "   ", None])
def test_a_value_needs_its_evidence(manager, partnership, evidence):
    figure = manual(manager, partnership)
    before = snapshot(figure)

    with pytest.raises(ValidationError) as refusal:
        actions.record_value(by=manager, figure=figure, value=12, evidence=evidence)

    assert "Say where the value comes from" in refusal.value.message_dict["evidence"][0]
    assert snapshot(figure) == before


def test_a_calculated_figure_cannot_be_entered_by_hand(manager, partnership, council):
    figure = computed(manager, partnership, "partners.member_organisations")
    before = snapshot(figure)

    with pytest.raises(ValidationError, match="calculated from records"):
        actions.record_value(by=manager, figure=figure, value=99, evidence="My count")

    assert snapshot(figure) == before


# History -----------------------------------------------------------------------------------------

def test_every_value_is_kept_newest_first_with_who_when_and_evidence(manager, analyst, partnership):
    figure = manual(manager, partnership)

    actions.record_value(by=analyst, figure=figure, value=33, evidence="Quarter 1 return")
    actions.record_value(by=manager, figure=figure, value=38, evidence="  Year-end return  ")

    revisions = list(figure.revisions.all())
    assert [(r.value, r.recorded_by, r.evidence, r.via) for r in revisions] == [
        (Decimal(38), manager, "Year-end return", FigureRevision.Via.MANUAL),
        (Decimal(33), analyst, "Quarter 1 return", FigureRevision.Via.MANUAL),
    ]
    assert revisions[0].recorded_at >= revisions[1].recorded_at
    figure.refresh_from_db()
    assert (figure.value, figure.recorded_by, figure.recorded_at) == (38, manager, revisions[0].recorded_at)


def test_every_value_recorded_writes_an_audit_event_with_before_and_after(manager, analyst, partnership):
    figure = manual(manager, partnership)

    actions.record_value(by=analyst, figure=figure, value=33, evidence="Quarter 1 return")
    actions.record_value(by=manager, figure=figure, value=38, evidence="Year-end return")

    first, second = events_for(figure, "figure.value_recorded")
    assert (first.actor, second.actor) == (analyst.email, manager.email)
    assert first.data["before"] == {"value": None, "text_value": ""}
    assert Decimal(first.data["after"]["value"]) == 33
    assert Decimal(second.data["before"]["value"]) == 33
    assert Decimal(second.data["after"]["value"]) == 38
    assert second.data["via"] == "manual"


def test_text_values_are_kept_in_the_history_too(manager, partnership):
    figure = manual(manager, partnership, unit="text", title="Policy status")

    actions.record_value(by=manager, figure=figure, text_value="Draft agreed", evidence="Board minutes")
    actions.record_value(by=manager, figure=figure, text_value="Adopted by all partners", evidence="Board minutes")

    assert [r.text_value for r in figure.revisions.all()] == ["Adopted by all partners", "Draft agreed"]
    last = events_for(figure, "figure.value_recorded").last()
    assert last.data["before"]["text_value"] == "Draft agreed"
    assert last.data["after"]["text_value"] == "Adopted by all partners"


# Calculated figures: every registered measure, against counts made by hand ----------------------------------------

@pytest.fixture
def year_plans(system_user, partnership, council, housing):
    """2025/26: four actions (two on track, one at risk, one complete) and six targets, four of
    them met. 2024/25 behind it: three actions not started and one met target, none of which may
    count towards 2025/26."""
    earlier = plan_actions.create_plan(by=system_user, partnership=partnership, start_year=2024)
    old_priority = plan_actions.add_item(by=system_user, plan=earlier, kind="priority", title="Anti-social behaviour")
    for n in range(3):
        old = plan_actions.add_action(by=system_user, plan=earlier, priority=old_priority,
                                      owner_organisation=council, title=f"Old action {n}")
    old_target = plan_actions.add_target(by=system_user, action=old, measure="Old count", unit="count",
                                         baseline_value=0, target_value=1)
    plan_actions.record_actual(by=system_user, target=old_target, value=1, evidence="Old report")

    plan = plan_actions.create_plan(by=system_user, partnership=partnership, start_year=2025)
    priority = plan_actions.add_item(by=system_user, plan=plan, kind="priority", title="Anti-social behaviour")

    def action(title, status):
        return plan_actions.add_action(by=system_user, plan=plan, priority=priority, owner_organisation=housing,
                                       title=title, status=status)

    mediation = action("Refer neighbour disputes to mediation", "on_track")
    patrols = action("Patrol the town centre at night", "on_track")
    policy = action("Adopt a shared ASB policy", "at_risk")
    action("Open a youth club", "complete")

    def target(on, value, **fields):
        made = plan_actions.add_target(by=system_user, action=on, **fields)
        if value is not None:
            plan_actions.record_actual(by=system_user, target=made, evidence="Year-end report", **value)
        return made

    target(mediation, {"value": 45}, measure="Referrals", unit="count", direction="increase",
           baseline_value=33, target_value=40)                                                    # met
    target(patrols, {"value": 12}, measure="Calls about street drinking", unit="count", direction="decrease",
           baseline_value=20, target_value=10)                                                    # not met
    target(mediation, {"value": 80}, measure="Cases improved", unit="percentage", direction="reach",
           baseline_value=70, target_value=80)                                                    # met
    target(policy, {"value": 1}, measure="Policy drafted", unit="yes_no", target_value=1)         # met
    target(policy, {"text_value": "Adopted in May", "milestone_met": True}, measure="Policy adopted",
           unit="text", target_text="Adopted by all partners")                                    # met
    target(patrols, None, measure="Patrols run", unit="count", baseline_note="New service",
           target_value=5)                                                                        # no actual
    return plan


@pytest.fixture
def seats(system_user, partnership, council, housing, other_partnership):
    """Members of Testvale during 2025/26: Council and Homes (since 2010), Police (left on the first
    day of the year) and Fire (joined on its last day): 4. Probation left the day before the year
    began and Youth Service joined the day after it ended; Elsewhere's member is not Testvale's."""
    def organisation(name, joined_on, left_on=None, on=partnership):
        org = partner_actions.add_organisation(by=system_user, partnership=on, name=name, joined_on=joined_on)
        if left_on:
            partner_actions.leave_partnership(by=system_user, partnership=on, organisation=org, left_on=left_on)

    organisation("Testvale Police", datetime.date(2012, 5, 1), left_on=YEAR_START)
    organisation("Testvale Fire", YEAR_END)
    organisation("Testvale Probation", datetime.date(2011, 1, 1), left_on=YEAR_START - datetime.timedelta(days=1))
    organisation("Testvale Youth Service", YEAR_END + datetime.timedelta(days=1))
    organisation("Elsewhere Council", datetime.date(2010, 1, 1), on=other_partnership)


MEASURE_CASES = {
    "plans.actions_by_status": [
        ({"status": "on_track"}, Decimal(2)),
        ({"status": "at_risk"}, Decimal(1)),
        ({"status": "complete"}, Decimal(1)),
        ({"status": "not_started"}, Decimal(0)),
        ({"status": "carried_over"}, Decimal(0)),
    ],
    "plans.actions_total": [({}, Decimal(4))],
    "plans.targets_met": [({}, Decimal(4))],
    "plans.targets_met_share": [({}, Decimal("66.7"))],
    "partners.member_organisations": [({}, Decimal(4))],
}


# Measures over police.uk data need crime records; tests/assessment/test_pages.py checks them.
CHECKED_WITH_CRIME_DATA = {"assessment.crime_count", "assessment.crime_change", "assessment.area_crime_count",
                           "assessment.area_crime_change"}
# Casework measures need reports and cases; tests/casework/test_casework.py checks them.
CHECKED_WITH_CASEWORK = {"casework.reports", "casework.cases_improved_share", "casereview.applications", "taskgroup.people_dealt_with",
                         "referrals.by_service", "referrals.accepted",
                         # tests/figures/test_casework_measures.py checks these against counts made by hand.
                         "interventions.by_type", "casework.cases_opened", "casework.cases_closed",
                         # tests/places/ checks repeat locations at the rule's edges (ADR 70).
                         "casework.repeat_locations",
                         "casework.repeat_victims", "casework.vulnerable_victims", "referrals.by_outcome",
                         # tests/domesticabuse/test_measures.py checks these against counts made by hand.
                         "domesticabuse.victims_supported", "domesticabuse.marac_idva_share",
                         "domesticabuse.marac_referrals", "domesticabuse.repeat_marac_referrals",
                         "domesticabuse.programme_referrals"}


# Tasking measures need meetings, issues and tasks; tests/tasking/test_tasking.py checks them by hand.
CHECKED_WITH_TASKING = {"tasking.tasks_set", "tasking.tasks_completed", "tasking.tasks_on_time_share",
                        "tasking.tasks_overdue_at_end", "tasking.issues_raised"}


# Projects and operations measures need funds, returns and logged operations; tests/projects/test_measures.py
# and tests/operations/test_measures.py check them by hand.
CHECKED_WITH_PROJECTS = {"projects.fund_amount", "projects.fund_allocated", "projects.allocated", "projects.budget",
                         "projects.spend", "projects.measure_total", "projects.cost_per", "projects.total_spend",
                         "projects.total_funds", "projects.projects_running"}
CHECKED_WITH_OPERATIONS = OPERATIONS_KEYS
# Equality figures need casework and DA people with their answers; tests/equality/test_measures.py checks them by hand.
CHECKED_WITH_EQUALITY = EQUALITY_KEYS
# Hate reports received need reports sent online and by reporting centres; tests/hatereports/
# test_measures_and_records.py checks them by hand.
CHECKED_WITH_HATE_REPORTS = {"hatereports.received"}
# Family Focus figures need families, their records and claims; tests/families/test_measures.py checks them by hand.
CHECKED_WITH_FAMILIES = FAMILY_KEYS
# Partner data figures need a partner's dataset; tests/evidence/test_partner_measures.py checks them by hand.
CHECKED_WITH_PARTNER_DATA = {"evidence.partner_measure"}


def test_every_registered_measure_is_checked_here():
    assert {m.key for m in all_measures()} == (set(MEASURE_CASES) | CHECKED_WITH_CRIME_DATA | CHECKED_WITH_CASEWORK
                                               | CHECKED_WITH_TASKING | CHECKED_WITH_PROJECTS
                                               | CHECKED_WITH_OPERATIONS | CHECKED_WITH_EQUALITY
                                               | CHECKED_WITH_HATE_REPORTS | CHECKED_WITH_FAMILIES
                                               | CHECKED_WITH_PARTNER_DATA)


def test_calculated_figures_match_the_counts_made_by_hand(manager, partnership, year_plans, seats):
    expected = {(measure, str(params)): value for measure, cases in MEASURE_CASES.items() for params, value in cases}

    figures = {(measure, str(params)): computed(manager, partnership, measure, params)
               for measure, cases in MEASURE_CASES.items() for params, _ in cases}

    assert {key: Figure.objects.get(pk=f.pk).value for key, f in figures.items()} == expected
    for key, figure in figures.items():
        [revision] = figure.revisions.all()
        assert (revision.value, revision.via, revision.recorded_by) == (
            expected[key], FigureRevision.Via.COMPUTED, manager)
        assert revision.evidence.startswith("Calculated by Eunomia")


def test_a_calculated_figure_takes_its_unit_definition_and_source_from_the_measure(manager, partnership, year_plans):
    figure = actions.create_figure(
        by=manager, partnership=partnership, title="Actions on track", unit="text", period_start=YEAR_START,
        period_end=YEAR_END, kind=Figure.Kind.COMPUTED, measure="plans.actions_by_status",
        measure_params={"status": "on_track"},
    )

    assert figure.unit == "count"
    assert figure.definition == ("Number of actions in the partnership plan for the year whose status is now "
                                 "'On track'.")
    assert figure.source == "Eunomia: the partnership plan's actions and their status"


def test_a_year_without_a_plan_counts_nothing(manager, partnership, year_plans):
    later = dict(start=datetime.date(2027, 4, 1), end=datetime.date(2028, 3, 31))

    assert computed(manager, partnership, "plans.actions_total", **later).value == 0
    share = computed(manager, partnership, "plans.targets_met_share", **later)
    assert share.value is None and not share.has_value


@pytest.mark.parametrize("measure, params, message", [
    ("plans.no_such_measure", {}, "There is no measure called plans.no_such_measure"),
    ("plans.actions_by_status", {}, "Choose the status"),
    ("plans.actions_by_status", {"status": "lost"}, "Choose the status"),
    ("plans.actions_total", {"status": "complete"}, "takes no parameter named status"),
])
def test_an_unknown_measure_or_wrong_parameters_are_refused(manager, partnership, measure, params, message):
    with pytest.raises(ValidationError) as refusal:
        computed(manager, partnership, measure, params)

    assert message in refusal.value.message_dict["measure"][0]
    assert not Figure.objects.exists()


def test_recalculating_keeps_a_revision_only_when_the_value_changed(manager, partnership, housing, year_plans):
    figure = computed(manager, partnership, "plans.actions_total")
    first = figure.recorded_at

    unchanged = actions.recalculate_figure(by=manager, figure=figure)

    assert unchanged.recorded_at == first
    assert figure.revisions.count() == 1
    assert events_for(figure, "figure.value_recorded").count() == 1

    plan_actions.add_action(by=manager, plan=year_plans, priority=year_plans.priorities.get(),
                            owner_organisation=housing, title="Run a knife amnesty")
    changed = actions.recalculate_figure(by=manager, figure=figure)

    assert changed.value == 5
    assert [r.value for r in figure.revisions.all()] == [5, 4]
    last = events_for(figure, "figure.value_recorded").last()
    assert (Decimal(last.data["before"]["value"]), Decimal(last.data["after"]["value"])) == (4, 5)
    assert last.data["via"] == "computed"


def test_recalculate_all_counts_the_figures_that_changed(manager, partnership, housing, year_plans):
    total = computed(manager, partnership, "plans.actions_total")
    complete = computed(manager, partnership, "plans.actions_by_status", {"status": "complete"})
    plan_actions.add_action(by=manager, plan=year_plans, priority=year_plans.priorities.get(),
                            owner_organisation=housing, title="Run a knife amnesty", status="on_track")

    assert actions.recalculate_all(by=manager, partnership=partnership) == 1
    assert [r.value for r in total.revisions.all()] == [5, 4]
    assert complete.revisions.count() == 1
