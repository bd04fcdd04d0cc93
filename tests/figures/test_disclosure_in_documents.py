"""Disclosure control where figures are shown (ADR 65): the published plan, its PDF, large-print PDF and
DOCX, and the public API never hold a small count of people, nor a count it could be worked out
from; staff pages show the exact value marked "not for publication".

The plan here is demo-like: the IDVA service supported 43 victims, 40 women and 3 men; the text
quotes all three, so the 3 men are "fewer than 5" and the 40 women "not published"."""

import datetime
import html
import io
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from docx import Document
from pypdf import PdfReader

from eunomia.audit.models import AuditEvent
from eunomia.core.formatting import Unit
from eunomia.figures import actions as figure_actions
from eunomia.figures import registry
from eunomia.figures.disclosure import Rule
from eunomia.figures.models import Counts, Figure
from eunomia.figures.queries import disclosure_rule
from eunomia.figures.registry import COUNTS_EVENTS, COUNTS_PEOPLE, all_measures, measure
from eunomia.plans import actions as plan_actions
from eunomia.plans import report
from eunomia.plans.queries import published_file
from eunomia.plans.report import Generated, plan_document
from eunomia.projects import actions as project_actions
from tests.projects.objects import fund, measures, pcc, project  # noqa: F401

YEAR = (datetime.date(2024, 4, 1), datetime.date(2025, 3, 31))
SENTENCE = "We supported 43 victims: not published women and fewer than 5 men."
EXACT = "We supported 43 victims: 40 women and 3 men."
MARK = "Not for publication: the published plan shows \u201c{}\u201d"


def count(by, partnership, owner, name, value, counts=Counts.PEOPLE):
    figure = figure_actions.create_figure(
        by=by, partnership=partnership, name=name, title=name.replace("-", " ").capitalize(), unit="count",
        counts=counts, period_start=YEAR[0], period_end=YEAR[1], definition=f"{name}, counted once each",
        source="IDVA service records", owner_organisation=owner)
    return figure_actions.record_value(by=by, figure=figure, value=value, evidence="Year-end return")


@pytest.fixture
def victims(manager, partnership, council, plans):
    """Women 40, men 3 (people), their total worked out, the men's share of it, and 2 arsons (events),
    all quoted in this year's plan; last year's plan has a target counting people, its actual 4."""
    women = count(manager, partnership, council, "women", 40)
    men = count(manager, partnership, council, "men", 3)
    count(manager, partnership, council, "arsons", 2, counts=Counts.EVENTS)
    figure_actions.create_derived_figure(by=manager, partnership=partnership, name="victims", title="Victims",
                                         operation="sum", inputs=["women", "men"], period_start=YEAR[0],
                                         period_end=YEAR[1], definition="Women and men supported, added up")
    figure_actions.create_derived_figure(by=manager, partnership=partnership, name="men-share", title="Men's share",
                                         operation="percentage", inputs=["men", "victims"], period_start=YEAR[0],
                                         period_end=YEAR[1], definition="Men as a share of the victims supported")
    current = plans["current"]
    plan_actions.save_section(by=manager, section=current.sections.get(kind="introduction"), body=(
        "We supported [[victims]] victims: [[women]] women and [[men]] men.\n\n"
        "Men were [[men-share]] of them. There were [[arsons]] arsons."))
    plan_actions.record_actual(by=manager, target=plans["referrals"], value=41, evidence="Mediation returns")
    outreach = plan_actions.add_target(by=manager, action=plans["mediation"], measure="Victims reached by outreach",
                                       unit="count", counts=Counts.PEOPLE, direction="increase", baseline_value=2,
                                       target_value=4)
    plan_actions.record_actual(by=manager, target=outreach, value=4, evidence="Outreach log")
    return {"women": women, "men": men, "outreach": outreach}


def runs_of(document):
    for section in document["sections"]:
        for block in section["blocks"]:
            for runs in ([block.get("runs", [])] if block["type"] == "paragraph" else block.get("items", [])
                         if block["type"] == "list" else [c for row in block.get("rows", []) for c in row]):
                yield runs


def text_of(document):
    return "\n".join("".join(run["text"] for run in runs) for runs in runs_of(document))


def notes_of(document):
    blocks = next(s for s in document["sections"] if s["id"] == "figures")["blocks"]
    return {n["name"]: n for b in blocks if b["type"] == "figure_notes" for n in b["entries"]}


def review_row(document, label):
    review = next(s for s in document["sections"] if s["id"] == "review-of-actions")
    rows = [row for b in review["blocks"] if b["type"] == "table" for row in b["rows"]]
    row = next(r for r in rows if "".join(run["text"] for run in r[0]).endswith(label))
    return ["".join(run["text"] for run in cell) for cell in row[1:]]


def flat(text):
    return " ".join(text.split())


def page_text(html_page):
    """A page's words, without its figure-note references."""
    html_page = re.sub(r"<sup>\[\d+\]</sup>|<span class=\"govuk-visually-hidden\">[^<]*</span>", "", html_page)
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", html_page))).replace(" .", ".").replace(" :", ":")


def pdf_text(data):
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def docx_text(data):
    doc = Document(io.BytesIO(data))
    return flat(" ".join([p.text for p in doc.paragraphs]
                         + [cell.text for table in doc.tables for row in table.rows for cell in row.cells]))


# The document for publication ---------------------------------------------------------------------------

def test_the_document_for_publication_holds_no_small_count_of_people(victims, plans):
    document, gaps = plan_document(plans["current"], public=True)

    assert not [g for g in gaps if "approved" not in g.what]
    text = text_of(document)
    assert SENTENCE in text
    assert "Men were not published of them. There were 2 arsons." in text  # a share of 3 men gives them away
    notes = notes_of(document)
    assert (notes["men"]["value"], notes["men"]["withheld"]) == ("fewer than 5", True)
    assert (notes["women"]["value"], notes["women"]["withheld"]) == ("not published", True)
    assert notes["men-share"]["value"] == "not published"
    assert (notes["victims"]["value"], notes["arsons"]["value"]) == ("43", "2")
    assert notes["men"]["counts"] == "People: counts from 1 to 4 are published as \u201cfewer than 5\u201d"
    assert notes["arsons"]["counts"] == "Events or things, not people: published as counted"
    # The working of a sum would publish the numbers it adds up: only what it is worked out from is named.
    assert "40 + 3" not in json.dumps(document)
    assert notes["victims"]["recorded"].endswith("from: Women; Men")
    # The rule in force is stated beside the notes.
    assert document["disclosure"] == {"threshold": 5, "secondary": True, "statement": Rule().statement()}
    figures_section = next(s for s in document["sections"] if s["id"] == "figures")
    assert figures_section["blocks"][0]["runs"][0]["text"] == document["disclosure"]["statement"]


def test_a_target_counting_people_gives_away_neither_actual_nor_baseline(victims, plans):
    document, _ = plan_document(plans["current"], public=True)

    # Baseline 2, target at least 4, actual 4: "Met" would say the actual is 4, so it is withheld too.
    assert review_row(document, "Victims reached by outreach") == [
        "fewer than 5", "At least 4", "fewer than 5", "not published", "not published"]
    # A target of counted events, and one whose numbers are large, are as they were.
    assert review_row(document, "Referrals to mediation") == ["33", "At least 40", "41", "Up 8, +24%", "Met"]


def test_a_result_that_leaves_room_is_published(manager, victims, plans):
    plan_actions.update_target(by=manager, target=victims["outreach"], target_value=Decimal(10))
    document, _ = plan_document(plans["current"], public=True)
    # Not met against 10: the actual could be anything from 1 to 4.
    assert review_row(document, "Victims reached by outreach")[-1] == "Not met"


def test_a_baseline_withheld_is_not_given_away_by_the_target(manager, partnership, plans):
    plan_actions.add_target(by=manager, action=plans["mediation"], measure="Repeat victims", unit="count",
                            counts=Counts.PEOPLE, direction="decrease", baseline_value=3, change_percent=Decimal(50))
    plan_actions.add_target(by=manager, action=plans["mediation"], measure="Young victims", unit="count",
                            counts=Counts.PEOPLE, direction="decrease", baseline_value=4)
    plan_actions.add_target(by=manager, action=plans["mediation"], measure="Tyres dumped", unit="count",
                            counts=Counts.EVENTS, direction="decrease", baseline_value=4)
    document, _ = plan_document(plans["previous"], public=True)

    table = next(b for s in document["sections"] if s["id"] == "the-plan" for b in s["blocks"] if b["type"] == "table")
    cells = {"".join(r["text"] for r in row[0]): ["".join(r["text"] for r in c) for c in row[2:]]
             for row in table["rows"]}
    assert cells["Refer neighbour disputes to mediation: Repeat victims"] == ["50% down on the baseline",
                                                                             "fewer than 5"]
    assert cells["Refer neighbour disputes to mediation: Young victims"] == ["Less than the baseline", "fewer than 5"]
    assert cells["Refer neighbour disputes to mediation: Tyres dumped"] == ["Less than 4", "4"]


def test_the_draft_shows_every_value_marked_where_it_would_not_be_published(victims, plans):
    document, _ = plan_document(plans["current"])

    assert EXACT in text_of(document)
    runs = {run["text"]: run for runs in runs_of(document) for run in runs if run.get("note")}
    assert runs["3"]["not_for_publication"] == "fewer than 5"
    assert runs["40"]["not_for_publication"] == "not published"
    assert "not_for_publication" not in runs["43"]
    assert notes_of(document)["men"]["value"] == "3"
    assert notes_of(document)["men"]["not_for_publication"] == "fewer than 5"
    assert notes_of(document)["victims"]["recorded"].endswith("43 = 40 + 3")


# Publishing: the page, the files and the public API ----------------------------------------------------------

def test_the_published_page_pdfs_docx_and_public_api_show_no_small_count(
        victims, plans, manager, board_member, client_for):
    current = plans["current"]
    plan_actions.approve_plan(by=board_member, plan=current)
    version = plan_actions.publish_plan(by=manager, plan=current, in_background=False)

    # The frozen version holds only what may be published.
    stored = json.dumps(version.document)
    assert SENTENCE in text_of(version.document) and EXACT not in text_of(version.document)
    assert "not_for_publication" not in stored

    page = page_text(client_for(None).get("/published/testvale/2025/").content.decode())
    assert SENTENCE in page
    assert "Not for publication" not in page
    assert "40 women" not in page and "3 men" not in page
    assert "from 1 to 4 are shown as \u201cfewer than 5\u201d" in page

    for kind in ("pdf", "large_print_pdf"):
        text = pdf_text(published_file(version, kind))
        assert "fewer than 5" in text and "not published" in text, kind
        assert "40 women" not in text and "3 men" not in text, kind
        assert "from 1 to 4 are shown as" in text, kind
    text = docx_text(published_file(version, "docx"))
    assert "not published[" in text and "fewer than 5[" in text
    assert "40 women" not in text and "3 men" not in text
    assert "from 1 to 4 are shown as" in text

    api = client_for(None).get("/api/v1/published/testvale/2025/")
    assert api.status_code == 200
    body = api.json()
    figures = {f["name"]: f for f in body["figures"]}
    assert (figures["men"]["value"], figures["men"]["withheld"]) == ("fewer than 5", True)
    assert (figures["women"]["value"], figures["women"]["withheld"]) == ("not published", True)
    assert (figures["victims"]["value"], figures["victims"]["withheld"]) == ("43", False)
    assert body["disclosure"]["threshold"] == 5
    assert SENTENCE in text_of(body["document"])
    assert client_for(None).get("/api/v1/published/testvale/2025/v1/").json() == body
    listed = client_for(None).get("/api/v1/published/testvale/").json()
    assert [(p["start_year"], [v["number"] for v in p["versions"]]) for p in listed] == [(2025, [1])]
    assert client_for(None).get("/api/v1/published/testvale/2025/v2/").status_code == 404
    assert client_for(None).get("/api/v1/published/testvale/2030/").status_code == 404
    assert client_for(None).post("/api/v1/published/testvale/2025/", {}).status_code in (403, 405)


# Staff pages ---------------------------------------------------------------------------------------------------

def test_staff_pages_show_the_exact_value_marked_not_for_publication(victims, plans, manager, client_for):
    client = client_for(manager)
    preview = client.get("/p/testvale/plans/2025/preview/").content.decode()
    assert MARK.format("fewer than 5") in preview and MARK.format("not published") in preview

    detail = client.get("/p/testvale/figures/men/").content.decode()
    assert ">3 <" in detail or ">3<" in detail or "3 <strong" in detail
    assert MARK.format("fewer than 5") in detail
    assert "People: counts from 1 to 4 are published as \u201cfewer than 5\u201d" in detail
    assert MARK.format("fewer than 5") not in client.get("/p/testvale/figures/victims/").content.decode()
    assert MARK.format("fewer than 5") in client.get("/p/testvale/figures/").content.decode()

    plan_page = client.get("/p/testvale/plans/2024/").content.decode()
    assert MARK.format("fewer than 5") in plan_page  # the outreach target's actual, 4

    api = client.get("/api/v1/partnerships/testvale/figures/men/").json()
    assert (api["display_value"], api["not_for_publication"], api["counts"]) == ("3", "fewer than 5", "people")
    assert client.get("/api/v1/partnerships/testvale/figures/victims/").json()["not_for_publication"] == ""


# The partnership's rule ---------------------------------------------------------------------------------------

def test_the_csp_manager_sets_the_rule_and_the_change_is_audited(victims, plans, manager, client_for, partnership):
    client = client_for(manager)
    page = client.get("/p/testvale/figures/disclosure/").content.decode()
    assert "from 1 to 4 are shown as" in page

    response = client.post("/p/testvale/figures/disclosure/", {"threshold": "10", "secondary": "no"})

    assert response.status_code == 302
    assert disclosure_rule(partnership).threshold == 10
    event = AuditEvent.objects.get(action="figures.disclosure_rule_changed")
    assert event.data == {"from": None, "threshold": 10, "secondary": False}
    document, _ = plan_document(plans["current"], public=True)
    # Under 10 without secondary suppression: the men are "fewer than 10", the women shown.
    assert "We supported 43 victims: 40 women and fewer than 10 men." in text_of(document)
    assert "not published" not in document["disclosure"]["statement"]
    figure_actions.set_disclosure_rule(by=manager, partnership=partnership, threshold=5, secondary=True)
    assert AuditEvent.objects.filter(action="figures.disclosure_rule_changed").last().data["from"] == {
        "threshold": 10, "secondary": False}


@pytest.mark.parametrize("threshold", [2, 21, "5"])
def test_a_rule_out_of_range_is_refused(manager, partnership, threshold):
    with pytest.raises(ValidationError) as refusal:
        figure_actions.set_disclosure_rule(by=manager, partnership=partnership, threshold=threshold, secondary=True)
    assert refusal.value.message_dict == {"threshold": ["Choose a number from 3 to 20"]}


# What a figure counts -------------------------------------------------------------------------------------------

def test_every_registered_count_says_whether_it_counts_people_or_events():
    for each in all_measures():
        if each.unit == Unit.COUNT:
            assert each.counts in (COUNTS_PEOPLE, COUNTS_EVENTS), each.key
        if each.based_on:
            assert registry.get_measure(each.based_on).counts_people, each.key


def test_a_count_registered_without_saying_what_it_counts_is_refused():
    with pytest.raises(ValueError, match="say whether it counts people or events"):
        measure("tests.undeclared", title="Undeclared", unit=Unit.COUNT, source="s", definition="d")(lambda **k: 0)
    with pytest.raises(ValueError, match="not one of its parameters"):
        measure("tests.bad_partition", title="Bad", unit=Unit.COUNT, source="s", definition="d",
                counts=COUNTS_PEOPLE, partitions={"sex": [("all", ["male"], True)]})(lambda **k: 0)
    assert "tests.undeclared" not in {m.key for m in all_measures()}


def test_a_figure_takes_what_it_counts_from_its_measure_its_inputs_or_whoever_enters_it(manager, partnership):
    computed = figure_actions.create_figure(
        by=manager, partnership=partnership, title="Repeat victims", unit="", period_start=YEAR[0],
        period_end=YEAR[1], kind=Figure.Kind.COMPUTED, measure="casework.repeat_victims")
    reports = figure_actions.create_figure(
        by=manager, partnership=partnership, title="Reports", unit="", period_start=YEAR[0], period_end=YEAR[1],
        kind=Figure.Kind.COMPUTED, measure="casework.reports", measure_params={"category": "all"})
    share = figure_actions.create_figure(
        by=manager, partnership=partnership, title="Share", unit="", period_start=YEAR[0], period_end=YEAR[1],
        kind=Figure.Kind.COMPUTED, measure="casework.cases_improved_share")
    typed = figure_actions.create_figure(by=manager, partnership=partnership, title="Typed", unit="count",
                                         period_start=YEAR[0], period_end=YEAR[1], definition="d", source="s")
    assert (computed.counts, reports.counts, share.counts, typed.counts) == ("people", "events", "", "people")
    with pytest.raises(ValidationError):
        figure_actions.create_figure(by=manager, partnership=partnership, title="Odd", unit="count", counts="dogs",
                                     period_start=YEAR[0], period_end=YEAR[1], definition="d", source="s")


def test_saying_a_typed_count_counts_events_is_audited_and_its_sums_follow(manager, partnership, council):
    a = count(manager, partnership, council, "a", 3)
    b = count(manager, partnership, council, "b", 7, counts=Counts.EVENTS)
    total = figure_actions.create_derived_figure(by=manager, partnership=partnership, name="ab", title="A and B",
                                                 operation="sum", inputs=["a", "b"], period_start=YEAR[0],
                                                 period_end=YEAR[1], definition="Added up")
    assert total.counts == "people"

    figure_actions.update_figure(by=manager, figure=a, counts=Counts.EVENTS)

    assert Figure.objects.get(name="ab").counts == "events"
    changes = [e.data for e in AuditEvent.objects.filter(action="figure.updated").order_by("id")]
    assert {"counts": ["people", "events"]} in changes and len(changes) == 2
    with pytest.raises(ValidationError):
        figure_actions.update_figure(by=manager, figure=Figure.objects.get(name="ab"), counts=Counts.PEOPLE)


def test_the_figure_form_asks_what_a_count_counts(manager, client_for, council):
    client = client_for(manager)
    posted = {"title": "Men supported", "year": "2024", "unit": "count", "definition": "Men with support",
              "source": "IDVA records", "owner_organisation": council.pk}
    refused = client.post("/p/testvale/figures/new/", posted)
    assert refused.status_code == 400 and "Say whether the figure counts people or events" in refused.content.decode()
    assert client.post("/p/testvale/figures/new/", {**posted, "counts": "people"}).status_code == 302
    assert Figure.objects.get(title="Men supported").counts == "people"
    changed = client.post("/p/testvale/figures/men-supported/edit/", {
        "title": "Men supported", "definition": "Men with support", "source": "IDVA records", "counts": "events"})
    assert changed.status_code == 302 and Figure.objects.get(title="Men supported").counts == "events"
    percentage = client.post("/p/testvale/figures/new/", {**posted, "title": "Share", "unit": "percentage"})
    assert percentage.status_code == 302 and Figure.objects.get(title="Share").counts == ""


# Figures that split a total, rates of people and tables with totals -------------------------------------------------

@pytest.fixture
def by_group():
    """A count of people split by group ("all" is their total), and a cost worked out from it."""
    values = {"all": 20, "a": 17, "b": 3}
    measure("tests.by_group", title="People by group", unit=Unit.COUNT, source="Tests", definition="{group}",
            counts=COUNTS_PEOPLE, params={"group": [(k, k) for k in values]},
            partitions={"group": [("all", ["a", "b"], True)]})(lambda *, group, **kwargs: values[group])
    measure("tests.cost_per_person", title="Cost per person", unit=Unit.MONEY, source="Tests", definition="{group}",
            params={"group": [(k, k) for k in values]}, based_on="tests.by_group")(
        lambda *, group, **kwargs: Decimal(600) / values[group])
    yield values
    for key in ("tests.by_group", "tests.cost_per_person"):
        registry._MEASURES.pop(key)


def computed(by, partnership, name, key, **params):
    return figure_actions.create_figure(by=by, partnership=partnership, name=name, title=name, unit="",
                                        period_start=YEAR[0], period_end=YEAR[1], kind=Figure.Kind.COMPUTED,
                                        measure=key, measure_params=params)


def test_figures_of_one_measure_that_split_a_total_protect_each_other(by_group, manager, partnership, plans):
    for group in ("all", "a", "b"):
        computed(manager, partnership, f"group-{group}", "tests.by_group", group=group)
    computed(manager, partnership, "cost-b", "tests.cost_per_person", group="b")
    computed(manager, partnership, "cost-a", "tests.cost_per_person", group="a")
    plan_actions.save_section(by=manager, section=plans["current"].sections.get(kind="introduction"), body=(
        "Of [[group-all]] people, [[group-b]] were in group b, at [[cost-b]] each; [[cost-a]] each in group a."))

    document, _ = plan_document(plans["current"], public=True)
    assert ("Of 20 people, fewer than 5 were in group b, at not published each; £35.29 each in group a."
            in text_of(document))

    # Group a quoted too: the total and it would give group b away, so group a goes.
    plan_actions.save_section(by=manager, section=plans["current"].sections.get(kind="introduction"),
                              body="Of [[group-all]] people, [[group-a]] were in a and [[group-b]] in b.")
    document, _ = plan_document(plans["current"], public=True)
    assert "Of 20 people, not published were in a and fewer than 5 in b." in text_of(document)


def test_a_part_not_quoted_is_worked_out_to_know_whether_the_rest_give_it_away(by_group, manager, partnership,
                                                                                 plans):
    computed(manager, partnership, "group-all", "tests.by_group", group="all")
    computed(manager, partnership, "group-a", "tests.by_group", group="a")
    plan_actions.save_section(by=manager, section=plans["current"].sections.get(kind="introduction"),
                              body="Of [[group-all]] people, [[group-a]] were in group a.")
    document, _ = plan_document(plans["current"], public=True)
    # 20 and 17 would say group b (no figure, not quoted) is 3.
    assert "Of 20 people, not published were in group a." in text_of(document)


@pytest.fixture
def table_source():
    """A block source adding a table of counts of people with row and column totals."""
    def source(*, plan, reviewed, today):
        def row(label, *values):
            return [[{"text": label}]] + [[{"count": value, "counts": "people"}] for value in values]
        return Generated(blocks={"projects-review": [{
            "type": "table", "caption": "Victims by age and sex", "columns": ["Age", "Female", "Male", "All"],
            "numeric": [1, 2, 3], "totals": "both",
            "rows": [row("Under 25", 3, 10, 13), row("25 and over", 7, 8, 15), row("All", 10, 18, 28)]}]}, gaps=[])

    report._block_sources.append(source)
    yield
    report._block_sources.remove(source)


def test_a_generated_table_with_totals_is_protected_as_a_whole(table_source, plans):
    document, _ = plan_document(plans["current"], public=True)
    table = next(b for s in document["sections"] if s["id"] == "review-of-projects" for b in s["blocks"]
                 if b["type"] == "table")
    assert [["".join(r["text"] for r in cell) for cell in row] for row in table["rows"]] == [
        ["Under 25", "fewer than 5", "not published", "13"],
        ["25 and over", "not published", "not published", "15"],
        ["All", "10", "18", "28"]]
    assert "_key" not in json.dumps(document)

    draft, _ = plan_document(plans["current"])
    cells = next(b for s in draft["sections"] if s["id"] == "review-of-projects" for b in s["blocks"]
                 if b["type"] == "table")["rows"][0]
    assert [(c[0]["text"], c[0].get("not_for_publication")) for c in cells[1:]] == [
        ("3", "fewer than 5"), ("10", "not published"), ("13", None)]


def test_a_projects_outcome_counting_few_people_and_its_cost_are_withheld(manager, practitioner, project, fund):
    in_may_2026 = datetime.datetime(2026, 5, 12, 12, tzinfo=datetime.timezone.utc)
    with time_machine.travel(in_may_2026, tick=False):
        plan = plan_actions.create_plan(by=manager, partnership=project.partnership, start_year=2026)
        sessions, people = measures(project)
        for start in (datetime.date(2025, 4, 1), datetime.date(2025, 7, 1), datetime.date(2025, 10, 1),
                      datetime.date(2026, 1, 1)):
            record = project_actions.save_return(by=practitioner, project=project, period_start=start, spend="300.00",
                                                 values={sessions: 10, people: 1 if start.month == 4 else 0},
                                                 submit=True)
            project_actions.accept_return(by=manager, record=record)
        document, _ = plan_document(plan, public=True)
    table = next(b for s in document["sections"] if s["id"] == "review-of-projects" for b in s["blocks"]
                 if b["type"] == "table" and "outputs and outcomes" in b["caption"])
    rows = {row[0][0]["text"]: ["".join(r["text"] for r in cell) for cell in row[2:]] for row in table["rows"]}
    # £1,200 spent and "£1,200.00 per young person" would say there was one.
    assert rows["Young people not reoffending (outcome)"][0] == "fewer than 5"
    assert rows["Young people not reoffending (outcome)"][2] == "not published"
    assert rows["Sessions held (output)"][0] == "40"
