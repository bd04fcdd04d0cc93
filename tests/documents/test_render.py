"""The plan document renderer: the PDF, the large-print PDF, the DOCX and the HTML behind the PDF."""

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from eunomia.documents import render


def _text(text):
    return [{"text": text}]


def _review_rows():
    rows = []
    for i in range(10):
        rows.append([
            _text(f"Reduce repeat calls about anti-social behaviour in ward {i + 1}: repeat callers"),
            _text(f"{120 + i * 7}"),
            _text(f"Down to {100 + i * 5}"),
            [{"text": f"{95 + i * 4}", "note": 2 + i % 2}],
            _text(f"{-(i + 3)}%"),
            _text("Achieved" if i % 3 else "Not achieved"),
        ])
    return rows


def _plan_rows():
    organisations = ["Harrowdale Borough Council", "Harrowdale Police", "Probation Service",
                     "Harrowdale Fire and Rescue Service", "Integrated Care Board"]
    return [
        [_text(f"Deliver {i + 2} youth diversion sessions in each school term"),
         _text(organisations[i % len(organisations)]), _text(f"At least {20 + i}"), _text("N/A" if i % 4 else "12")]
        for i in range(10)
    ]


def sample_document(*, published=True):
    document = {
        "format": 1,
        "partnership": {"name": "Harrowdale Community Safety Partnership (demo)", "slug": "harrowdale",
                        "is_demo": True},
        "plan": {"start_year": 2026, "label": "2026/27", "long_label": "2026 - 2027"},
        "title": "Partnership Plan 2026 - 2027",
        "accessibility": (
            "If you have difficulty reading this document and would like the information in another format, "
            "such as Braille, audio or large print, please call 01234 567890 or email csp@example.org."
        ),
        "demo_notice": "Demonstration document: the partnership, organisations and figures in it are invented.",
        "sections": [
            {"id": "introduction", "title": "Introduction", "blocks": [
                {"type": "paragraph", "runs": _text(
                    "Welcome to the Harrowdale Community Safety Partnership plan. Community Safety Partnerships "
                    "bring together the council, police, fire and rescue service, probation and health to tackle "
                    "crime and disorder in the borough.")},
                {"type": "paragraph", "runs": [
                    {"text": "Last year "}, {"text": "38", "note": 1},
                    {"text": " residents were referred to mediation services, and a note about "
                             "<script>alert(1)</script> tags."},
                ]},
                {"type": "list", "items": [_text("Listening to residents"), _text("Sharing information safely"),
                                           [{"text": "Working with "}, {"text": "12", "note": 4},
                                            {"text": " local schools"}]]},
            ]},
            {"id": "review-of-actions", "title": "Review of actions 2025/26", "blocks": [
                {"type": "paragraph", "runs": _text("This section reviews the actions of last year's plan.")},
                {"type": "table", "caption": "Anti-social behaviour",
                 "columns": ["Action and target", "Baseline", "2025/26 target", "2025/26 actual", "Change achieved",
                             "Result"],
                 "numeric": [1, 2, 3], "rows": _review_rows()},
            ]},
            {"id": "priorities", "title": "Priority issues for 2026 - 2027", "blocks": [
                {"type": "paragraph", "runs": _text("The priorities for 2026/27 are:")},
                {"type": "list", "items": [_text("Anti-social behaviour"), _text("Serious violence"),
                                           _text("Domestic abuse")]},
            ]},
            {"id": "the-plan", "title": "Partnership Plan 2026 - 2027", "blocks": [
                {"type": "heading", "text": "Area of focus 1: Reducing reoffending"},
                {"type": "paragraph", "runs": _text("We will work with probation to reduce reoffending.")},
                {"type": "table", "caption": "Actions: Serious violence",
                 "columns": ["Action and target", "Lead organisation", "Target", "Baseline"],
                 "numeric": [], "rows": _plan_rows()},
            ]},
            {"id": "membership", "title": "Membership of the Community Safety Partnership and contact details",
             "blocks": [
                 {"type": "contacts", "entries": [
                     {"name": "Harrowdale Borough Council",
                      "lines": ["Civic Centre", "High Street", "Harrowdale HD1 1AA"],
                      "phone": "01234 567890", "email": "csp@example.org", "website": "www.example.org"},
                     {"name": "Harrowdale Police", "lines": ["Police Station", "Station Road", "Harrowdale HD2 2BB"],
                      "phone": "101", "email": "", "website": "www.police.example.org"},
                     {"name": "Probation Service", "lines": [], "phone": "", "email": "probation@example.org",
                      "website": ""},
                 ]},
                 {"type": "heading", "text": "Harrowdale Community Safety Partnership (demo)"},
                 {"type": "list", "items": [_text("Civic Centre, High Street, Harrowdale HD1 1AA"),
                                            _text("Phone: 01234 567890")]},
             ]},
            {"id": "figures", "title": "Figures used in this plan: definitions and sources", "blocks": [
                {"type": "figure_notes", "entries": [
                    {"note": n, "name": f"figure-{n}", "title": title, "value": value,
                     "period": "1 April 2025 to 31 March 2026", "definition": f"The number of {title.lower()}.",
                     "source": "Harrowdale Borough Council case management system",
                     "recorded": "Recorded on 2 April 2026"}
                    for n, title, value in [(1, "Referrals to mediation services", "38"),
                                            (2, "Repeat anti-social behaviour callers", "95"),
                                            (3, "Repeat callers in priority wards", "99"),
                                            (4, "Schools taking part", "12")]
                ]},
            ]},
        ],
    }
    if published:
        document["version"] = {"number": 2, "published_at": "2026-04-03T10:00:00+01:00", "published_on": "3 April 2026"}
    return document


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture(scope="module")
def document():
    return sample_document()


@pytest.fixture(scope="module")
def pdf(document):
    return render.to_pdf(document)


def test_pdf_has_cover_contents_sections_and_page_numbers(pdf):
    reader, text = _pdf_text(pdf)
    assert "Version 2, published 3 April 2026" in text
    assert "Demonstration document" in text
    assert "Contents" in text
    for title in ("Introduction", "Review of actions 2025/26", "Priority issues for 2026 - 2027",
                  "Membership of the Community Safety Partnership and contact details"):
        assert title in text
    assert re.search(r"Page 2 of \d+", text)
    assert "[[" not in text
    assert reader.metadata.title == "Partnership Plan 2026 - 2027"
    assert reader.metadata.author == "Harrowdale Community Safety Partnership (demo)"


def test_pdf_shows_table_cells_figures_and_their_notes(pdf):
    _, text = _pdf_text(pdf)
    assert "Deliver 2 youth diversion sessions" in text
    assert "Down to 100" in text
    assert "Note 1: Referrals to mediation services" in text
    assert "Recorded on 2 April 2026" in text
    assert re.search(r"Last year 38 ?\[1\] residents", text), "the figure value followed by its note number"


def test_pdf_contents_gives_section_page_numbers(pdf):
    reader, _ = _pdf_text(pdf)
    contents = reader.pages[1].extract_text()
    assert re.search(r"Introduction\s*3", contents)


def test_pdf_links_figure_values_to_their_notes(pdf):
    reader, _ = _pdf_text(pdf)
    assert {"figure-note-1", "figure-note-4", "introduction"} <= set(reader.named_destinations)
    introduction = reader.pages[2]
    links = [a.get_object().get("/Dest") for a in introduction.get("/Annots", [])]
    assert links == ["figure-note-1", "figure-note-4"]


def test_large_print_pdf_is_bigger_type_on_more_pages(document, pdf):
    large = render.to_pdf(document, large_print=True)
    normal_reader, _ = _pdf_text(pdf)
    large_reader, large_text = _pdf_text(large)
    assert len(large_reader.pages) > len(normal_reader.pages)
    assert "Action and target:" in large_text, "large print stacks table rows as label: value lines"

    def body_sizes(reader):
        sizes = []
        reader.pages[2].extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.append(size * tm[0]))
        return max(set(sizes), key=sizes.count)

    assert body_sizes(large_reader) / body_sizes(normal_reader) == pytest.approx(18 / 11, rel=0.01)


def test_draft_missing_figures_are_highlighted():
    document = sample_document(published=False)
    document["sections"][0]["blocks"].append(
        {"type": "paragraph", "runs": [{"text": "Missing: "}, {"text": "[[no-such-figure]]", "missing": True}]})
    html = render.to_html(document)
    assert '<strong class="missing">[[no-such-figure]]</strong>' in html
    assert "cover-version" not in html.split("</style>")[1]

    doc = Document(io.BytesIO(render.to_docx(document)))
    missing = next(r for p in doc.paragraphs for r in p.runs if r.text == "[[no-such-figure]]")
    assert missing.bold and missing.font.color.rgb == render.RED


def test_html_escapes_user_text(document):
    html = render.to_html(document)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<html lang="en-GB">' in html


def test_html_marks_numeric_columns_and_repeats_table_headers(document):
    html = render.to_html(document)
    assert "<caption>Anti-social behaviour</caption>" in html
    assert '<th scope="col" class="num">Baseline</th>' in html
    assert '<th scope="col">Action and target</th>' in html
    assert "thead { display: table-header-group; }" in html


def test_unknown_block_type_is_refused(document):
    broken = {**document, "sections": [{"id": "x", "title": "X", "blocks": [{"type": "video"}]}]}
    with pytest.raises(ValueError):
        render.to_html(broken)


def test_docx_has_headings_tables_and_figure_notes(document):
    doc = Document(io.BytesIO(render.to_docx(document)))
    assert doc.core_properties.title == "Partnership Plan 2026 - 2027"
    assert doc.core_properties.author == "Harrowdale Community Safety Partnership (demo)"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Contents", "Introduction", "Review of actions 2025/26", "Priority issues for 2026 - 2027",
                        "Partnership Plan 2026 - 2027",
                        "Membership of the Community Safety Partnership and contact details",
                        "Figures used in this plan: definitions and sources"]
    assert "Area of focus 1: Reducing reoffending" in [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert any(p.style.name == "List Bullet" and p.text == "Working with 12[4] local schools"
               for p in doc.paragraphs)

    review = doc.tables[0]
    header = review.rows[0]
    assert [c.text for c in header.cells][:2] == ["Action and target", "Baseline"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for run in header.cells[0].paragraphs[0].runs)
    assert len(review.rows) == 11
    actual = review.rows[1].cells[3].paragraphs[0]
    assert [r.text for r in actual.runs] == ["95", "[2]"] and actual.runs[1].font.superscript

    texts = "\n".join(p.text for p in doc.paragraphs)
    assert "Version 2, published 3 April 2026" in texts
    assert "Note 1: Referrals to mediation services\nValue: 38\nPeriod: 1 April 2025 to 31 March 2026" in texts
    assert "Harrowdale Borough Council\nCivic Centre" in texts and "Tel: 01234 567890" in texts
    assert "<script>alert(1)</script>" in texts, "DOCX holds user text as plain text"
