"""Derived figures (issue 11): worked out from other figures, with the working shown, following their
inputs, refused when they cannot stand, and holding publication while an input has no value. The
seed's own cases: "60 = 23 + 31 + 6" and first-time entrants "93 to 73"."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eunomia.figures import actions
from eunomia.figures.models import Figure
from eunomia.plans import actions as plan_actions
from eunomia.plans.report import plan_document

YEAR = {"period_start": datetime.date(2025, 4, 1), "period_end": datetime.date(2026, 3, 31)}


@pytest.fixture
def figure(manager, partnership, council):
    def make(name, value=None, unit="count", **period):
        made = actions.create_figure(by=manager, partnership=partnership, name=name, title=name.replace("-", " "),
                                     unit=unit, definition=f"Counted: {name}", source="Partner returns",
                                     owner_organisation=council, **(period or YEAR))
        if value is not None:
            made = actions.record_value(by=manager, figure=made, value=value, evidence="Returns")
        return made
    return make


def derive(manager, partnership, name, operation, inputs):
    return actions.create_derived_figure(by=manager, partnership=partnership, name=name, title=name,
                                         operation=operation, inputs=inputs, definition="Worked out", **YEAR)


def test_a_sum_shows_its_working_and_follows_its_inputs(manager, partnership, figure):
    for name, value in (("police", 23), ("council", 31), ("self", 6)):
        figure(f"referrals-{name}", value)
    total = derive(manager, partnership, "referrals-total", "sum",
                   ["referrals-police", "referrals-council", "referrals-self"])
    assert (total.value, total.evidence, total.unit) == (60, "60 = 23 + 31 + 6", "count")

    actions.record_value(by=manager, figure=Figure.objects.get(name="referrals-self"), value=9, evidence="Late")
    total.refresh_from_db()
    assert (total.value, total.evidence) == (63, "63 = 23 + 31 + 9")
    assert total.revisions.count() == 2


def test_a_change_between_two_periods_and_a_chain_of_derived_figures(manager, partnership, figure):
    figure("fte-2012", 93, period_start=datetime.date(2012, 4, 1), period_end=datetime.date(2013, 3, 31))
    figure("fte-2013", 73, period_start=datetime.date(2013, 4, 1), period_end=datetime.date(2014, 3, 31))
    change = derive(manager, partnership, "fte-change", "change", ["fte-2012", "fte-2013"])
    assert (change.unit, change.value, change.evidence) == ("percentage", Decimal("-21.5054"),
                                                           "-21.5% = (73 - 93) / 93 × 100")
    fall = derive(manager, partnership, "fte-fall", "difference", ["fte-2012", "fte-2013"])
    assert (fall.value, fall.evidence) == (20, "20 = 93 - 73")
    actions.record_value(by=manager, figure=Figure.objects.get(name="fte-2013"), value=63, evidence="Revised")
    fall.refresh_from_db()
    assert fall.value == 30


@pytest.mark.parametrize("operation, inputs, message", [
    ("sum", ["a", "nowhere"], "There is no figure called [[nowhere]]"),
    ("sum", ["a"], "A sum needs two or more figures"),
    ("difference", ["a", "b", "c"], "A difference needs exactly 2 figures, in order"),
    ("sum", ["a", "share"], "A sum needs figures of one unit; these are count and percentage"),
    ("sum", ["a", "words"], "[[words]] is not a number, so cannot be worked with"),
    ("sum", ["a", "a"], "Name each figure once"),
])
def test_a_derivation_that_cannot_stand_is_refused_in_words(manager, partnership, figure, operation, inputs,
                                                            message):
    for name in ("a", "b", "c"):
        figure(name, 1)
    figure("share", 50, unit="percentage")
    figure("words", unit="text")
    with pytest.raises(ValidationError) as refusal:
        derive(manager, partnership, "derived", operation, inputs)
    assert refusal.value.messages == [message]
    assert not Figure.objects.filter(name="derived").exists()


def test_a_figure_that_would_depend_on_itself_is_refused(manager, partnership, figure):
    figure("a", 1)
    figure("b", 2)
    derive(manager, partnership, "total", "sum", ["a", "b"])
    Figure.objects.filter(name="a").delete()  # gone, but "total" still names it
    with pytest.raises(ValidationError, match=r"depend on itself: \[\[a\]\] uses \[\[total\]\] uses \[\[a\]\]"):
        derive(manager, partnership, "a", "sum", ["total", "b"])


def test_a_missing_input_holds_publication_and_the_working_is_the_figure_note(manager, partnership, figure, plans):
    figure("police", 23)
    figure("council")
    total = derive(manager, partnership, "total", "sum", ["police", "council"])
    assert total.value is None and total.evidence == "Not yet worked out: [[council]] has no value"
    current = plans["current"]
    plan_actions.save_section(by=manager, section=current.sections.get(kind="introduction"),
                              body="Referrals came to [[total]].")
    _, gaps = plan_document(current)
    assert any("Figure total has no value" in g.what and "[[council]] has no value" in g.what for g in gaps)

    actions.record_value(by=manager, figure=Figure.objects.get(name="council"), value=31, evidence="Returns")
    document, gaps = plan_document(current)
    assert not any("total" in g.what for g in gaps)
    blocks = next(s for s in document["sections"] if s["id"] == "figures")["blocks"]
    notes = next(b for b in blocks if b["type"] == "figure_notes")["entries"]
    note = next(n for n in notes if n["name"] == "total")
    assert note["value"] == "54" and note["recorded"].endswith(": 54 = 23 + 31")


def test_a_derived_figure_is_added_through_the_page_and_not_recorded_by_hand(manager, partnership, figure,
                                                                            client_for):
    figure("police", 23)
    figure("council", 31)
    client = client_for(manager)
    response = client.post("/p/testvale/figures/new/derived/", {
        "title": "Referrals in all", "name": "referrals-all", "year": "2025", "operation": "sum",
        "inputs": "[[police]],\ncouncil", "definition": "Referrals from every source"})
    assert response.status_code == 302, response.content.decode()[:3000]
    made = Figure.objects.get(name="referrals-all")
    assert made.value == 54
    page = client.get("/p/testvale/figures/referrals-all/").content.decode()
    assert "54 = 23 + 31" in page and "Record the value" not in page
    with pytest.raises(ValidationError, match="worked out from"):
        actions.record_value(by=manager, figure=made, value=1, evidence="By hand")
