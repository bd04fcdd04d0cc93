"""Plans of several years (issue 11): the regulations allow a three-year plan revised yearly. Each
target falls in the year it is due; a revision in a later year reviews the plan's own targets of
the year before; no year is in two plans."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from eunomia.figures.models import Figure
from eunomia.plans import actions, queries
from eunomia.plans.measures import targets_met
from eunomia.plans.models import PlanYear
from eunomia.plans.report import plan_document

API = "/api/v1/partnerships"


def day(y, m, d):
    return datetime.date(y, m, d)


@pytest.fixture
def three_years(manager, partnership, council):
    """A 2014/15 to 2016/17 plan: one action with a yearly target for each of its years."""
    plan = actions.create_plan(by=manager, partnership=partnership, start_year=2014, years=3)
    asb = actions.add_item(by=manager, plan=plan, kind="priority", title="Anti-social behaviour")
    action = actions.add_action(by=manager, plan=plan, priority=asb, owner_organisation=council,
                                title="Refer neighbour disputes to mediation")
    targets = [actions.add_target(by=manager, action=action, measure="Referrals to mediation", unit="count",
                                  direction="increase", baseline_value=33, target_value=value,
                                  due_on=day(year + 1, 3, 31))
               for year, value in ((2014, 40), (2015, 45), (2016, 50))]
    return plan, action, targets


def test_a_three_year_plan_is_started_through_the_page(manager, client_for):
    response = client_for(manager).post("/p/testvale/plans/new/", {"start_year": "2014", "years": "3"})
    assert response.status_code == 302
    plan = PlanYear.objects.get()
    assert (plan.label, plan.title) == ("2014/15 to 2016/17", "Partnership Plan 2014 - 2017")
    assert (plan.period_start, plan.period_end) == (day(2014, 4, 1), day(2017, 3, 31))
    assert plan.year_starts == [2014, 2015, 2016]


def test_each_yearly_target_has_its_actual_for_its_own_year(three_years):
    _, _, targets = three_years
    periods = [(t.actual.period_start, t.actual.period_end) for t in targets]
    assert periods == [(day(2014, 4, 1), day(2015, 3, 31)), (day(2015, 4, 1), day(2016, 3, 31)),
                       (day(2016, 4, 1), day(2017, 3, 31))]
    assert [t.year_label for t in targets] == ["2014/15", "2015/16", "2016/17"]
    assert targets[1].actual.name.endswith("2015-16")


@pytest.mark.parametrize("start_year, years, field", [(2015, 1, "start_year"), (2016, 2, "start_year"),
                                                      (2012, 3, "years"), (2013, 2, "years")])
def test_no_year_is_in_two_plans(manager, partnership, three_years, start_year, years, field):
    with pytest.raises(ValidationError) as refused:
        actions.create_plan(by=manager, partnership=partnership, start_year=start_year, years=years)
    assert refused.value.message_dict == {field: ["There is already a plan for 2014/15 to 2016/17"]}


def test_the_plans_either_side_are_its_neighbours(manager, partnership, three_years):
    plan = three_years[0]
    before = actions.create_plan(by=manager, partnership=partnership, start_year=2013)
    after = actions.create_plan(by=manager, partnership=partnership, start_year=2017)
    assert (queries.previous_plan(plan), queries.next_plan(plan)) == (before, after)
    assert queries.previous_plan(after) == plan
    assert queries.plan_covering(partnership.pk, 2016) == plan and queries.plan_covering(partnership.pk, 2018) is None


def test_the_page_refuses_an_overlap_in_words(manager, client_for, three_years):
    page = client_for(manager).post("/p/testvale/plans/new/", {"start_year": "2013", "years": "2"}).content.decode()
    assert "There is already a plan for 2014/15 to 2016/17" in page
    assert PlanYear.objects.count() == 1


def test_revised_in_its_second_year_the_plan_reviews_its_own_first_year(manager, three_years):
    plan, _, targets = three_years
    actions.record_actual(by=manager, target=targets[0], value=42, evidence="Mediation service returns")
    document, gaps = plan_document(plan, today=day(2015, 10, 1))
    review = next(s for s in document["sections"] if s["id"] == "review-of-actions")
    assert review["title"] == "Review of actions 2014/15"
    table = next(b for b in review["blocks"] if b["type"] == "table")
    assert table["columns"][2:4] == ["2014/15 target", "2014/15 actual"]
    assert [row[2][0]["text"] for row in table["rows"]] == ["At least 40"]  # the 2014/15 target only
    assert table["rows"][0][3][0]["text"] == "42"
    assert not [g for g in gaps if "actual not recorded" in g.what]  # later years are not due yet

    the_plan = next(s for s in document["sections"] if s["id"] == "the-plan")
    actions_table = next(b for b in the_plan["blocks"] if b["type"] == "table")
    assert actions_table["columns"][2] == "Year"
    assert [row[2][0]["text"] for row in actions_table["rows"]] == ["2014/15", "2015/16", "2016/17"]


def test_in_its_third_year_it_reviews_the_second_and_asks_for_its_actual(three_years):
    plan, _, _ = three_years
    document, gaps = plan_document(plan, today=day(2016, 6, 1))
    review = next(s for s in document["sections"] if s["id"] == "review-of-actions")
    assert review["title"] == "Review of actions 2015/16"
    assert any("Referrals to mediation (2015/16" in g.what and "actual not recorded" in g.what for g in gaps)


def test_published_before_it_starts_it_reviews_the_plan_before(manager, partnership, three_years):
    plan = three_years[0]
    document, _ = plan_document(plan, today=day(2014, 3, 20))
    review = next(s for s in document["sections"] if s["id"] == "review-of-actions")
    assert review["title"] == "Review of actions 2013/14"
    assert "plan for 2013/14 is not held in Eunomia" in str(review["blocks"])


def test_the_plan_cannot_shrink_past_a_target_and_a_moved_target_takes_its_actual_along(manager, three_years):
    plan, _, targets = three_years
    with pytest.raises(ValidationError, match="Referrals to mediation is due on 31 March 2017"):
        actions.update_plan(by=manager, plan=plan, title=plan.title, years=2)
    actions.update_target(by=manager, target=targets[2], due_on=day(2016, 3, 31))
    figure = Figure.objects.get(pk=targets[2].actual_id)
    assert (figure.period_start, figure.period_end) == (day(2015, 4, 1), day(2016, 3, 31))
    actions.delete_target(by=manager, target=targets[2])
    assert actions.update_plan(by=manager, plan=plan, title=plan.title, years=2).label == "2014/15 to 2015/16"


def test_targets_met_counts_the_year_asked_for(manager, partnership, three_years):
    _, _, targets = three_years
    actions.record_actual(by=manager, target=targets[0], value=41, evidence="returns")
    actions.record_actual(by=manager, target=targets[1], value=41, evidence="returns")  # short of 45
    assert targets_met(partnership=partnership, period_start=day(2014, 4, 1), period_end=day(2015, 3, 31)) == 1
    assert targets_met(partnership=partnership, period_start=day(2015, 4, 1), period_end=day(2016, 3, 31)) == 0


def test_the_api_starts_a_plan_of_several_years(fast_client_for, manager):
    api = fast_client_for(manager)
    response = api.post(f"{API}/testvale/plans/", {"start_year": 2020, "years": 3}, content_type="application/json")
    assert response.status_code == 201
    assert (response.json()["label"], response.json()["years"]) == ("2020/21 to 2022/23", 3)
    refused = api.post(f"{API}/testvale/plans/", {"start_year": 2021}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"start_year": ["There is already a plan for 2020/21 to 2022/23"]}
