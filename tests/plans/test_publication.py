"""Publishing a plan: refused while anything is missing, then frozen for good.

Rendering the PDFs is the slow part, so the whole life of a published plan (version 1, later
edits, version 2) is one test, and the immutability tests store versions directly."""

import copy
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from eunomia.audit.models import AuditEvent
from eunomia.documents import render
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure
from eunomia.jobs import actions as job_actions
from eunomia.jobs.models import Job
from eunomia.partners import actions as partner_actions
from eunomia.plans import actions
from eunomia.plans.actions import PublicationRefused
from eunomia.plans.models import PlanYear, PublishedVersion
from eunomia.plans.queries import published_file
from eunomia.plans.report import plan_document


def crime_figure(by, partnership, council, *, name="recorded-crime-2025-26", value=None):
    figure = figure_actions.create_figure(
        by=by, partnership=partnership, name=name, title="Recorded crime", unit="count",
        period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2026, 3, 31),
        definition="Crimes recorded by police in the district", source="Police recorded crime",
        owner_organisation=council)
    if value is not None:
        figure_actions.record_value(by=by, figure=figure, value=value, evidence="Police data")
    return figure


def section(plan, kind):
    return plan.sections.get(kind=kind)


def texts(runs):
    return "".join(run["text"] for run in runs)


def blocks_of(document, section_id):
    return next(s for s in document["sections"] if s["id"] == section_id)["blocks"]


def notes_of(document):
    return next(b for b in blocks_of(document, "figures") if b["type"] == "figure_notes")["entries"]


def strings(value):
    """Every piece of text in a document, wherever it sits."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def pdf_text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def files_of(version):
    """The version's PDF, large-print PDF and DOCX, as its readers download them."""
    return tuple(published_file(version, kind) for kind in ("pdf", "large_print_pdf", "docx"))


def docx_text(data):
    doc = Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in doc.paragraphs] + cells)


# Gaps ----------------------------------------------------------------------------------------------

@pytest.fixture
def plan_with_gaps(manager, partnership, council, plans):
    """This year's draft with one of each gap: last year's referrals have no actual, the text names a
    figure without a value and a figure that has since gone, no introduction, no priorities, and
    nobody has approved it."""
    current = plans["current"]
    crime_figure(manager, partnership, council)
    gone = crime_figure(manager, partnership, council, name="old-survey", value=10)
    actions.save_section(by=manager, section=section(current, "introduction"), body="")
    actions.delete_item(by=manager, item=current.priorities.get(), kind="priority")
    actions.save_section(by=manager, section=section(current, "priorities"),
                         body="Crime stood at [[recorded-crime-2025-26]]; [[old-survey]] said so.")
    # No action removes a figure the text names; remove it underneath, as a restore from backup might.
    Figure.objects.filter(pk=gone.pk).delete()
    return current


def test_publication_gaps_lists_every_gap_with_who_must_put_it_right(plan_with_gaps, plans):
    _, gaps = actions.publication_gaps(plan_with_gaps)

    assert [(gap.what, gap.owner) for gap in gaps] == [
        ("The plan has not been approved since it was last changed", "Partnership board"),
        ("The introduction has no text", ""),
        ("Target Referrals to mediation (2024/25, action: Refer neighbour disputes to mediation): actual not "
         "recorded", "Testvale Homes"),
        ("The plan has no priorities", ""),
        ("Figure Recorded crime has no value (Priority issues names it)", "Testvale Council"),
        ("Priority issues (2025/26) names a figure [[old-survey]] that does not exist", ""),
    ]
    assert gaps[2].target_id == plans["referrals"].pk
    assert gaps[4].figure_name == "recorded-crime-2025-26"
    assert (gaps[1].section_kind, gaps[5].section_kind) == ("introduction", "priorities")


def test_publishing_is_refused_with_every_gap(manager, plan_with_gaps):
    _, expected = actions.publication_gaps(plan_with_gaps)

    with pytest.raises(PublicationRefused) as refusal:
        actions.publish_plan(by=manager, plan=plan_with_gaps)

    assert refusal.value.gaps == expected
    assert not PublishedVersion.objects.exists()
    assert not AuditEvent.objects.filter(action="plan.published").exists()
    assert not Job.objects.exists()


def test_a_ready_plan_has_no_gaps_but_its_approval(manager, plans):
    actions.record_actual(by=manager, target=plans["referrals"], value=38, evidence="Mediation returns")

    _, gaps = actions.publication_gaps(plans["current"])

    assert [gap.what for gap in gaps] == ["The plan has not been approved since it was last changed"]


# The life of a published plan ---------------------------------------------------------------------------

def test_a_published_version_is_frozen_while_the_draft_lives_on(manager, board_member, partnership, council, plans,
                                                                  client):
    current = plans["current"]
    actions.record_actual(by=manager, target=plans["referrals"], value=38, evidence="Mediation returns")
    crime = crime_figure(manager, partnership, council, value=1234)
    actions.save_section(by=manager, section=section(current, "introduction"),
                         body="Recorded crime fell to [[recorded-crime-2025-26]] offences.")
    actions.approve_plan(by=board_member, plan=current)

    version = actions.publish_plan(by=manager, plan=current)

    assert (version.number, version.plan, version.published_by) == (1, current, manager)
    # The page is public at once; its files follow from the background job (ADR 54).
    assert "being prepared" in client.get("/published/testvale/2025/v1/").content.decode()
    assert job_actions.run_job(job_actions.claim_next(worker="test")).status == Job.Status.SUCCEEDED
    stored = PublishedVersion.objects.get(pk=version.pk)
    frozen = (copy.deepcopy(stored.document), *files_of(stored))
    document, pdf, large_print, docx = frozen
    assert pdf.startswith(b"%PDF") and large_print.startswith(b"%PDF") and docx.startswith(b"PK")
    assert large_print != pdf
    assert not [text for text in strings(document) if "[[" in text]
    [intro] = blocks_of(document, "introduction")
    assert intro["runs"][1]["text"] == "1,234"
    notes = notes_of(document)
    assert [n["name"] for n in notes] == ["recorded-crime-2025-26", plans["referrals"].actual.name,
                                          plans["improved"].actual.name]
    assert all(n["definition"].strip() and n["source"].strip() for n in notes)
    for text in (pdf_text(pdf), docx_text(docx)):
        assert "Recorded crime fell to 1,234" in " ".join(text.split())
        assert "Police recorded crime" in text
        assert "[[" not in text
    assert AuditEvent.objects.filter(action="plan.published", object_id=str(version.pk)).exists()

    # Later edits change the draft, never what was published.
    actions.record_actual(by=manager, target=plans["referrals"], value=41, evidence="Corrected return")
    figure_actions.record_value(by=manager, figure=crime, value=1300, evidence="Police data, revised")
    actions.save_section(by=manager, section=section(current, "introduction"),
                         body="Crime was [[recorded-crime-2025-26]] offences, after revision.")

    draft, _ = plan_document(PlanYear.objects.get(pk=current.pk))
    assert texts(blocks_of(draft, "introduction")[0]["runs"]) == "Crime was 1,300 offences, after revision."
    stored = PublishedVersion.objects.get(pk=version.pk)
    assert (stored.document, *files_of(stored)) == frozen
    page = client.get("/published/testvale/2025/v1/").content.decode()
    assert "Recorded crime fell to" in page and "1,234" in page and "1,300" not in page

    # The edits cleared the approval; once approved again, the plan publishes as version 2.
    with pytest.raises(PublicationRefused) as refusal:
        actions.publish_plan(by=manager, plan=current)
    assert [gap.what for gap in refusal.value.gaps] == ["The plan has not been approved since it was last changed"]

    actions.approve_plan(by=board_member, plan=current)
    second = actions.publish_plan(by=manager, plan=current)

    assert second.number == 2
    assert texts(blocks_of(second.document, "introduction")[0]["runs"]) == "Crime was 1,300 offences, after revision."
    assert "41" in strings(second.document) and "41" not in strings(frozen[0])
    assert PublishedVersion.objects.get(pk=version.pk).document == frozen[0]
    assert "after revision" in client.get("/published/testvale/2025/").content.decode()


def test_an_edit_while_the_document_is_assembled_stops_the_publication(manager, board_member, plans, monkeypatch):
    current = plans["current"]
    actions.record_actual(by=manager, target=plans["referrals"], value=38, evidence="Mediation returns")
    actions.approve_plan(by=board_member, plan=current)
    real_gaps = actions.publication_gaps

    def gaps_while_someone_edits(plan, **kwargs):
        # Another person saves a change to the plan while the document is being put together.
        PlanYear.objects.filter(pk=current.pk).update(edited_at=timezone.now())
        return real_gaps(plan, **kwargs)

    monkeypatch.setattr(actions, "publication_gaps", gaps_while_someone_edits)

    with pytest.raises(ValidationError) as refusal:
        actions.publish_plan(by=manager, plan=current)

    assert "The plan changed while it was being published" in str(refusal.value)
    assert not PublishedVersion.objects.exists()
    assert not AuditEvent.objects.filter(action="plan.published").exists()
    assert not Job.objects.exists()


# Published versions cannot be changed ------------------------------------------------------------------

@pytest.fixture
def stored_version(plans, manager):
    document, _ = plan_document(plans["current"])
    return PublishedVersion.objects.create(
        plan=plans["current"], number=1, published_at=timezone.now(), published_by=manager, document=document,
        pdf=b"%PDF-1.7 stored", large_print_pdf=b"%PDF-1.7 large", docx=b"PK stored")


def test_a_published_version_cannot_be_saved_with_changes(stored_version):
    before = PublishedVersion.objects.values().get(pk=stored_version.pk)
    stored_version.document = {**stored_version.document, "title": "Rewritten"}
    stored_version.pdf = b"%PDF-1.7 rewritten"

    with pytest.raises(DatabaseError), transaction.atomic():
        stored_version.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        PublishedVersion.objects.filter(pk=stored_version.pk).update(number=7)

    after = PublishedVersion.objects.values().get(pk=stored_version.pk)
    assert {k: bytes(v) if isinstance(v, memoryview) else v for k, v in after.items()} == \
        {k: bytes(v) if isinstance(v, memoryview) else v for k, v in before.items()}


def test_a_published_version_cannot_be_deleted_on_postgresql(stored_version):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps DELETE open for the test runner (core/triggers.py); the audit chain covers it")

    with pytest.raises(DatabaseError), transaction.atomic():
        stored_version.delete()

    assert PublishedVersion.objects.filter(pk=stored_version.pk).exists()


def test_a_plan_with_published_versions_cannot_be_deleted(stored_version):
    with pytest.raises(ProtectedError), transaction.atomic():
        stored_version.plan.delete()

    assert PlanYear.objects.filter(pk=stored_version.plan_id).exists()


# The report ---------------------------------------------------------------------------------------

def test_review_tables_give_baseline_target_actual_change_and_status(manager, plans):
    actions.record_actual(by=manager, target=plans["referrals"], value=38, evidence="Mediation returns")

    document, _ = plan_document(plans["current"])

    [table] = [b for b in blocks_of(document, "review-of-actions") if b["type"] == "table"]
    assert table["caption"] == "Anti-social behaviour"
    assert table["columns"] == ["Action and target", "Baseline", "2024/25 target", "2024/25 actual",
                                "Change achieved", "Result"]
    assert [[texts(cell) for cell in row] for row in table["rows"]] == [
        ["Refer neighbour disputes to mediation: Referrals to mediation", "33", "At least 40", "38", "Up 5, +15%",
         "Not met"],
        ["Refer neighbour disputes to mediation: Cases with behaviour improved", "82%", "At least 80%", "85%",
         "Up 3 percentage points", "Met"],
    ]


def test_a_target_without_an_actual_shows_as_not_recorded(plans):
    document, _ = plan_document(plans["current"])

    [table] = [b for b in blocks_of(document, "review-of-actions") if b["type"] == "table"]
    actual = table["rows"][0][3]
    assert actual == [{"text": "Not recorded", "missing": True}]
    assert texts(table["rows"][0][5]) == "No actual recorded"


def test_the_review_table_reads_as_the_seed_needs(manager, plans, housing):
    """No repeated labels, "no target set" once for an action without targets, a text actual laid
    out as text, and an "N/A" baseline told apart from a new measure (issue 11)."""
    previous = plans["previous"]
    asb = previous.priorities.get()
    payback = actions.add_action(by=manager, plan=previous, priority=asb, owner_organisation=housing,
                                 title="Nominate at least 20 projects to Community Payback", status="complete")
    nominated = actions.add_target(by=manager, action=payback, measure="Projects nominated to Community Payback",
                                   unit="count", direction="increase", baseline_value=None, baseline_note="N/A",
                                   target_value=20)
    actions.record_actual(by=manager, target=nominated, value=23, evidence="Probation returns")
    actions.add_action(by=manager, plan=previous, priority=asb, owner_organisation=housing,
                       title="Hold a community safety week", status="complete")
    strategy = actions.add_action(by=manager, plan=previous, priority=asb, owner_organisation=housing,
                                  title="Agree a night-time economy strategy", status="complete")
    agreed = actions.add_target(by=manager, action=strategy, measure="Strategy", unit="text",
                                target_text="Agreed by the board")
    actions.record_actual(by=manager, target=agreed, text_value="Agreed by the board on 3 March, published in April",
                          milestone_met=True, evidence="Board minutes")

    document, _ = plan_document(plans["current"])

    [table] = [b for b in blocks_of(document, "review-of-actions") if b["type"] == "table"]
    rows = {texts(row[0]): [texts(cell) for cell in row[1:]] for row in table["rows"]}
    assert rows["Nominate at least 20 projects to Community Payback"] == [
        "N/A", "At least 20", "23", "No baseline recorded", "Met"]
    assert rows["Hold a community safety week"] == ["", "No target set", "", "", "Complete"]
    assert rows["Agree a night-time economy strategy"][2].startswith("Agreed by the board on 3 March")
    assert 3 not in table["numeric"]  # the actuals column holds words: laid out as text


def test_figure_notes_are_numbered_in_order_of_first_appearance(manager, partnership, council, plans):
    current = plans["current"]
    actions.record_actual(by=manager, target=plans["referrals"], value=38, evidence="Mediation returns")
    crime_figure(manager, partnership, council, value=1234)
    crime_figure(manager, partnership, council, name="asb-incidents", value=870)
    actions.save_section(by=manager, section=section(current, "introduction"),
                         body="Crime: [[recorded-crime-2025-26]].")
    actions.save_section(by=manager, section=section(current, "priorities"),
                         body="ASB: [[asb-incidents]]. Crime again: [[recorded-crime-2025-26]].")

    document, gaps = plan_document(current)

    assert gaps == []
    notes = notes_of(document)
    assert [(n["note"], n["name"]) for n in notes] == [
        (1, "recorded-crime-2025-26"), (2, plans["referrals"].actual.name), (3, plans["improved"].actual.name),
        (4, "asb-incidents")]
    intro_runs = blocks_of(document, "introduction")[0]["runs"]
    priority_runs = blocks_of(document, "priorities")[0]["runs"]
    assert [r.get("note") for r in intro_runs if "note" in r] == [1]
    assert [(r["text"], r["note"]) for r in priority_runs if "note" in r] == [("870", 4), ("1,234", 1)]
    [table] = [b for b in blocks_of(document, "review-of-actions") if b["type"] == "table"]
    assert [row[3][0].get("note") for row in table["rows"]] == [2, 3]
    assert notes[0]["definition"] == "Crimes recorded by police in the district"
    assert notes[0]["source"] == "Police recorded crime"


def test_working_groups_are_published_with_their_chair_remit_members_and_what_they_lead(
        manager, partnership, council, housing, plans):
    contact = partner_actions.add_contact(by=manager, partnership=partnership, organisation=housing,
                                          name="Sam Patel", job_title="Tenancy manager")
    group = partner_actions.save_working_group(by=manager, partnership=partnership, name="ASB Task Group",
                                               lead_organisation=housing, lead_contact=contact,
                                               member_organisations=[council, housing],
                                               purpose="Keeps the anti-social behaviour plan.")
    current = plans["current"]
    actions.update_item(by=manager, item=current.priorities.get(), kind="priority", working_group=group)

    document, _ = plan_document(current)

    blocks = blocks_of(document, "working-groups")
    assert blocks[0] == {"type": "heading", "text": "ASB Task Group"}
    assert [texts(item) for item in blocks[1]["items"]] == [
        "Chaired by: Tenancy manager, Testvale Homes", "Remit: Keeps the anti-social behaviour plan.",
        "Members: Testvale Council, Testvale Homes", "Leads in 2025/26: the priority Anti-social behaviour"]
    assert "Sam Patel" not in list(strings(document))  # a person's name is not published


def test_the_text_places_generated_blocks_where_it_needs_them(manager, plans):
    current = plans["current"]
    actions.save_section(by=manager, section=section(current, "introduction"),
                         body="Our plan.\n\n[[block:priorities]]\n\nOur members:\n\n[[ block:members ]]")

    document, _ = plan_document(current)

    intro = blocks_of(document, "introduction")
    assert [b["type"] for b in intro] == ["paragraph", "paragraph", "list", "paragraph", "contacts"]
    assert texts(intro[2]["items"][0]) == "Anti-social behaviour"
    assert not any(b["type"] == "list" for b in blocks_of(document, "priorities"))  # not printed twice
    assert not any(b["type"] == "contacts" for b in blocks_of(document, "membership"))
    html = render.to_html(document)
    assert html.index("Our plan.") < html.index("Anti-social behaviour") < html.index("Our members:")


def test_the_plan_page_shows_where_a_block_is_placed(manager, plans, client_for):
    actions.save_section(by=manager, section=section(plans["current"], "introduction"),
                         body="Our plan.\n\n[[block:priorities]]")
    page = client_for(manager).get("/p/testvale/plans/2025/").content.decode()
    assert "Here the plan shows the list of priorities" in page and "no such figure" not in page


@pytest.mark.parametrize("body, message", [
    ("Intro.\n\n[[block:priority-list]]", "Line 3: there is no block called [[block:priority-list]]. The blocks are "
                                          "[[block:priorities]] (the list of priorities)"),
    ("Our priorities are [[block:priorities]].", "Line 1: [[block:priorities]] places a whole block, so it must be "
                                                 "on a line of its own"),
    ("[[block:members]]\n\n[[block:members]]", "Line 3: [[block:members]] is placed twice in this text"),
])
def test_a_misplaced_or_unknown_block_is_refused_naming_its_line(manager, plans, body, message):
    intro = section(plans["current"], "introduction")
    before = intro.body
    with pytest.raises(ValidationError) as refusal:
        actions.save_section(by=manager, section=intro, body=body)
    assert any(m.startswith(message) for m in refusal.value.messages), refusal.value.messages
    intro.refresh_from_db()
    assert intro.body == before


def test_square_brackets_in_an_area_of_focus_description_are_only_text(manager, plans):
    current = plans["current"]
    actions.add_item(by=manager, plan=current, kind="focus_area", title="Town centre",
                     description="[[block:members]]\n\nSee [[a-figure]].")
    document, _ = plan_document(current)
    paragraphs = [texts(b["runs"]) for b in blocks_of(document, "the-plan") if b["type"] == "paragraph"]
    assert paragraphs[-2:] == ["[[block:members]]", "See [[a-figure]]."]
    render.to_pdf(document)  # renders: no run without text
