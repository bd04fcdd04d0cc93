"""Targets as partnerships write them (issue 11): a direction only from the baseline ("reduce",
"increase", "maintain"), or a change in percent on it, entered through the page and published in
words; money to the penny; and what cannot be judged refused in words."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eunomia.plans import actions
from eunomia.plans.report import plan_document


@pytest.mark.parametrize("posted, shown", [
    ({"direction": "decrease", "baseline_value": "120"}, "Less than 120"),          # a "reduce" objective
    ({"direction": "increase", "baseline_value": "33"}, "More than 33"),
    ({"direction": "maintain", "baseline_value": "82"}, "About 82 (within 5%)"),
    ({"direction": "decrease", "baseline_value": "200", "change_percent": "5"}, "At most 190 (5% down on 200)"),
])
def test_targets_without_a_number_are_entered_and_published_in_words(manager, plans, client_for, posted, shown):
    action = plans["mediation"]
    current_action = actions.add_action(by=manager, plan=plans["current"], priority=plans["current"].priorities.get(),
                                        title="Reduce repeat calls", owner_organisation=action.owner_organisation)
    url = f"/p/testvale/plans/2025/actions/{current_action.pk}/targets/new/"
    response = client_for(manager).post(url, {"measure": "Repeat calls", "unit": "count", "counts": "events",
                                                **posted})
    assert response.status_code == 302, response.content.decode()[:3000]
    document, _ = plan_document(plans["current"])
    plan_table = next(b for s in document["sections"] if s["id"] == "the-plan" for b in s["blocks"]
                      if b["type"] == "table")
    assert shown in ["".join(r["text"] for r in row[2]) for row in plan_table["rows"]]


@pytest.mark.parametrize("posted, message", [
    ({"direction": "reach", "baseline_value": "33"},
     "Enter the target, give a change on the baseline, or choose increase, decrease or maintain"),
    ({"direction": "decrease", "baseline_note": "New service"},
     "A target without a number is measured from the baseline: enter the baseline as a number"),
    ({"direction": "decrease", "baseline_value": "33", "target_value": "30", "change_percent": "5"},
     "Give the target as a number or as a change on the baseline, not both"),
    ({"direction": "maintain", "baseline_value": "33", "change_percent": "5"},
     "A change on the baseline is an increase or a decrease"),
])
def test_a_target_that_cannot_be_judged_is_refused_in_words(manager, plans, client_for, posted, message):
    action = plans["mediation"]
    before = action.targets.count()
    response = client_for(manager).post(f"/p/testvale/plans/2024/actions/{action.pk}/targets/new/",
                                        {"measure": "Repeat calls", "unit": "count", "counts": "events", **posted})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert action.targets.count() == before


def test_a_money_target_is_kept_to_the_penny(manager, plans):
    action = plans["mediation"]
    target = actions.add_target(by=manager, action=action, measure="Funding raised", unit="money",
                                direction="increase", baseline_value=Decimal("1250.50"), target_value=2000)
    actions.record_actual(by=manager, target=target, value=Decimal("1875.25"), evidence="Accounts")
    target.actual.refresh_from_db()
    assert target.actual.value == Decimal("1875.25")
    document, _ = plan_document(plans["current"])
    review = next(b for s in document["sections"] if s["id"] == "review-of-actions" for b in s["blocks"]
                  if b["type"] == "table")
    row = next(r for r in review["rows"] if "Funding raised" in "".join(x["text"] for x in r[0]))
    assert ["".join(x["text"] for x in cell) for cell in row[1:5]] == [
        "£1,250.50", "At least £2,000.00", "£1,875.25", "Up £624.75, +50%"]
    with pytest.raises(ValidationError, match="pounds and pence"):
        actions.record_actual(by=manager, target=target, value=Decimal("1875.255"), evidence="Accounts")


def test_objectives_themes_and_areas_show_the_actions_that_serve_them(manager, plans, client_for):
    current = plans["current"]
    reduce = actions.add_item(by=manager, plan=current, kind="objective", title="Reduce anti-social behaviour")
    youth = actions.add_item(by=manager, plan=current, kind="theme", title="Young people")
    town = actions.add_item(by=manager, plan=current, kind="focus_area", title="The town centre")
    response = client_for(manager).post("/p/testvale/plans/2025/actions/new/", {
        "title": "Run diversionary activities", "priority": current.priorities.get().pk,
        "owner_organisation": plans["mediation"].owner_organisation_id, "status": "on_track",
        "objectives": [reduce.pk], "themes": [youth.pk], "focus_areas": [town.pk]})
    assert response.status_code == 302, response.content.decode()[:2000]

    document, _ = plan_document(current)
    words = [" ".join("".join(r["text"] for r in item) for item in b["items"]) if b["type"] == "list"
             else "".join(r["text"] for r in b.get("runs", [])) for s in document["sections"] for b in s["blocks"]]
    assert "Reduce anti-social behaviour (served by: Run diversionary activities)" in words
    assert "Young people (served by: Run diversionary activities)" in words
    assert "Actions serving this area: Run diversionary activities." in words

    asked = client_for(manager).post(f"/p/testvale/plans/2025/objectives/{reduce.pk}/", {"delete": "1"})
    assert "cannot be deleted yet" in asked.content.decode() and "Run diversionary activities" in asked.content.decode()
