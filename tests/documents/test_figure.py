"""The figure block: a chart in the PDF with its alt text, and its data table in every output."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from eunomia.assessment.charts import bar_chart, figure_block
from eunomia.documents import render
from tests.documents.test_render import sample_document

CAPTION = "Crimes by type, this year and last"
NOTE = f"Chart: {CAPTION}. The figures are in the table below."


@pytest.fixture(scope="module")
def document():
    chart = bar_chart(title="Crimes by type", rows=[("Violence and sexual offences", 340, 361),
                                                    ("Shoplifting <b>", 80, None)],
                      value_label="Crimes", label_heading="Crime type", id_prefix="types")
    document = sample_document()
    document["sections"][0]["blocks"].append(figure_block(chart, caption=CAPTION))
    return document


def _text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _figures(node, found):
    node = node.get_object()
    if node.get("/S") == "/Figure":
        found.append(node)
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        if hasattr(kid.get_object(), "get"):
            _figures(kid, found)
    return found


def test_pdf_draws_the_chart_with_its_alt_text_then_the_table(document):
    reader, text = _text(render.to_pdf(document))
    assert CAPTION in text
    assert "Violence and sexual offences 340 361" in text, "the data table follows the chart"
    assert "Shoplifting <b> 80 no data" in text
    figures = _figures(reader.trailer["/Root"]["/StructTreeRoot"], [])
    assert len(figures) == 1
    assert figures[0]["/Alt"].startswith("Bar chart of Crimes, 2 rows. Violence and sexual offences: 340")
    assert NOTE not in text


def test_html_embeds_the_svg_as_an_image_with_alt_text(document):
    html = render.to_html(document)
    assert '<img src="data:image/svg+xml;base64,' in html
    assert 'alt="Bar chart of Crimes, 2 rows. Violence and sexual offences: 340 (Previous period)' in html
    assert f"<figcaption>{CAPTION}</figcaption>" in html
    assert "<svg" not in html, "the SVG is never inlined into the document"
    assert "Shoplifting &lt;b&gt;" in html


def test_large_print_gives_the_caption_and_the_table_only(document):
    html = render.to_html(document, large_print=True)
    assert "<img" not in html
    _, text = _text(render.to_pdf(document, large_print=True))
    assert NOTE in text
    assert "Crime type: Violence and sexual offences" in text and "This period: 361" in text


def test_docx_gives_the_caption_and_the_table(document):
    doc = Document(io.BytesIO(render.to_docx(document)))
    assert NOTE in [p.text for p in doc.paragraphs]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Crime type")
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Crime type", "Previous period", "This period"],
        ["Violence and sexual offences", "340", "361"],
        ["Shoplifting <b>", "80", "no data"]]
    assert not doc.inline_shapes
