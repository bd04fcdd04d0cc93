"""Render a plan document (the plain data of `eunomia.plans.report.plan_document`) as HTML, PDF or DOCX.

The PDF is WeasyPrint's reading of `to_html`; the DOCX is built with python-docx. Both walk the same
prepared sections, so contact lines, figure-note lines and numeric columns are decided once, in
`_prepare`. All text in the document is user text: the template autoescapes it and python-docx adds
it as plain text.

A `figure` block (`eunomia.assessment.charts.figure_block`) holds an SVG chart, its caption, its alt
text and its data table as a table block. The PDF shows the chart and then the table; large print and
DOCX, where the chart cannot go or would not be large print, say "Chart: <caption>. The figures are
in the table below." and give the table.
"""

import base64
import re
from datetime import datetime, timezone
from io import BytesIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from weasyprint import HTML, URLFetcher

FONT = "Arial"
BLACK = RGBColor(0x0B, 0x0C, 0x0C)
RED = RGBColor(0xD4, 0x35, 0x1C)
MARGIN = Mm(20)
TEXT_WIDTH = Mm(210) - 2 * MARGIN

# Characters XML 1.0 forbids; lxml refuses them, and pasted text sometimes carries them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# The HTML never needs anything from outside: refusing every URL keeps user text from reaching
# files or the network through WeasyPrint even if escaping were ever bypassed. Only data: URIs pass,
# which carry their content with them (the figures' SVG charts).
_NO_FETCHING = URLFetcher(allowed_protocols=("data",))


def version_line(document):
    version = document.get("version")
    if not version:
        return ""
    return f"Version {version['number']}, published {version['published_on']}"


def _site_url(path):
    """A path on the public site as the address a reader of a printed document can type."""
    return settings.SITE_URL.rstrip("/") + path if path else ""


def _lines(*pairs):
    return [(label, text) for label, text in pairs if text and str(text).strip()]


def _prepare(block):
    kind = block["type"]
    if kind in ("paragraph", "list", "heading"):
        return block
    if kind == "table":
        numeric = set(block.get("numeric", ()))
        columns = [{"text": text, "numeric": i in numeric, "width": width}
                   for i, (text, width) in enumerate(zip(block["columns"], _widths(block)))]
        rows = [[{"runs": cell, "numeric": col["numeric"], "label": col["text"]} for cell, col in zip(row, columns)]
                for row in block["rows"]]
        return {**block, "columns": columns, "rows": rows}
    if kind == "figure":
        # The SVG goes in as an <img> with a data: URI rather than inline: it cannot then touch the
        # page around it, and WeasyPrint's PDF/UA tagging takes the figure's alt text from the <img>.
        svg = base64.b64encode(block["svg"].encode()).decode("ascii")
        return {**block, "svg_uri": f"data:image/svg+xml;base64,{svg}",
                "note": f"Chart: {block['caption']}. The figures are in the table below.",
                "table": _prepare({**block["table"], "type": "table"})}
    if kind == "contacts":
        entries = [
            {"name": entry["name"],
             "lines": _lines(*(("", line) for line in entry.get("lines", ())), ("Tel", entry.get("phone")),
                             ("Email", entry.get("email")), ("Web", entry.get("website")))}
            for entry in block["entries"]
        ]
        return {**block, "entries": entries}
    if kind == "figure_notes":
        entries = [
            {"note": entry["note"], "title": entry["title"],
             "lines": _lines(("Value", entry.get("value")), ("Period", entry.get("period")),
                             ("Definition", entry.get("definition")), (_("Counts"), entry.get("counts")),
                             ("Source", entry.get("source")), ("", entry.get("recorded"))),
             "how_counted": _site_url(entry.get("how_counted", ""))}
            for entry in block["entries"]
        ]
        return {**block, "entries": entries}
    raise ValueError(f"Unknown block type {kind!r}")


def _widths(block):
    """Column widths in per cent: the block's own, or a third for the first column and the rest shared."""
    count = len(block["columns"])
    if block.get("widths") and len(block["widths"]) == count:
        return list(block["widths"])
    rest = 66 / (count - 1) if count > 1 else 0
    return [34 if count > 1 else 100] + [rest] * (count - 1)


def _sections(document):
    return [{**section, "blocks": [_prepare(b) for b in section["blocks"]]} for section in document["sections"]]


# HTML and PDF ---------------------------------------------------------------------------------------

def to_html(document, *, large_print=False):
    return render_to_string("documents/document.html", {
        "document": document,
        "partnership": document["partnership"]["name"],
        "version_line": version_line(document),
        "sections": _sections(document),
        "large_print": large_print,
    })


def to_pdf(document, *, large_print=False):
    html = HTML(string=to_html(document, large_print=large_print), url_fetcher=_NO_FETCHING)
    # PDF/UA-1 makes WeasyPrint tag the structure (headings, lists, tables with header cells) and
    # record the title and language, so screen readers can follow the document.
    return html.write_pdf(pdf_variant="pdf/ua-1")


# DOCX -----------------------------------------------------------------------------------------------

def to_docx(document):
    doc = Document()
    _docx_page_and_styles(doc)
    partnership = document["partnership"]["name"]
    version = document.get("version")
    props = doc.core_properties
    props.title = _clean(document["title"])
    props.author = _clean(partnership)
    props.language = "en-GB"
    props.comments = ""
    # python-docx writes these as UTC whatever the zone, so convert rather than drop the offset.
    made = datetime.fromisoformat(version["published_at"]) if version else datetime.now(timezone.utc)
    props.created = props.modified = made.astimezone(timezone.utc)

    _docx_text(doc, partnership, size=16, bold=True)
    doc.add_paragraph(_clean(document["title"]), style="Title")
    for text in (version_line(document), document.get("demo_notice"), document.get("accessibility")):
        if text:
            _docx_text(doc, text)

    sections = _sections(document)
    doc.add_heading("Contents", 1)
    for section in sections:
        doc.add_paragraph(_clean(section["title"]))
    for section in sections:
        doc.add_heading(_clean(section["title"]), 1)
        for block in section["blocks"]:
            _DOCX_BLOCKS[block["type"]](doc, block)

    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _clean(text):
    return _NOT_XML.sub("", str(text))


def _docx_page_and_styles(doc):
    """A4 with the PDF's margins; Arial throughout, in black; British English for spelling and screen readers.

    The stock template names theme fonts, which Word prefers over an explicit font, so those are
    removed rather than overridden."""
    page = doc.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    page.left_margin = page.right_margin = MARGIN
    page.top_margin = page.bottom_margin = MARGIN
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    defaults.find(qn("w:lang")).set(qn("w:val"), "en-GB")
    doc.styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        theme_fonts = style.element.rPr.find(qn("w:rFonts"))
        if theme_fonts is not None:
            style.element.rPr.remove(theme_fonts)
        style.font.color.rgb = BLACK
    doc.styles["Title"].font.size = Pt(26)
    doc.styles["Heading 1"].font.size = Pt(20)
    doc.styles["Heading 1"].paragraph_format.space_after = Pt(12)
    doc.styles["Heading 2"].font.size = Pt(14)
    doc.styles["Heading 2"].paragraph_format.space_before = Pt(18)
    doc.styles["Heading 2"].paragraph_format.space_after = Pt(6)
    # The contents and every section start on a new page, as in the PDF.
    doc.styles["Heading 1"].paragraph_format.page_break_before = True


def _docx_text(doc, text, *, size=None, bold=False):
    run = doc.add_paragraph().add_run(_clean(text))
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def _docx_runs(paragraph, runs):
    for run in runs:
        text = paragraph.add_run(_clean(run["text"]))
        if run.get("missing"):
            text.bold = True
            text.font.color.rgb = RED
        if run.get("note"):
            # In brackets, so the note number never reads as more digits of the value ("12[1]", not "121").
            paragraph.add_run(f"[{run['note']}]").font.superscript = True


def _docx_paragraph(doc, block):
    _docx_runs(doc.add_paragraph(), block["runs"])


def _docx_list(doc, block):
    for item in block["items"]:
        _docx_runs(doc.add_paragraph(style="List Bullet"), item)


def _docx_heading(doc, block):
    doc.add_heading(_clean(block["text"]), 2)


def _docx_table(doc, block):
    # Always a paragraph before the table: Word joins two tables that touch into one.
    caption = doc.add_paragraph()
    caption.add_run(_clean(block.get("caption", ""))).bold = True
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(12)
    columns = block["columns"]
    table = doc.add_table(rows=1 + len(block["rows"]), cols=len(columns))
    table.style = "Table Grid"
    table.autofit = False
    widths = [int(TEXT_WIDTH * column["width"] / 100) for column in columns]
    for column, width in zip(table.columns, widths):
        column.width = width
    header = [[{"runs": [{"text": c["text"]}], "numeric": c["numeric"]} for c in columns]]
    for index, (row, cells) in enumerate(zip(table.rows, header + block["rows"])):
        row_properties = row._tr.get_or_add_trPr()
        row_properties.append(OxmlElement("w:cantSplit"))
        if index == 0:
            row_properties.append(OxmlElement("w:tblHeader"))
        for cell, data, width in zip(row.cells, cells, widths):
            cell.width = width
            paragraph = cell.paragraphs[0]
            _docx_runs(paragraph, data["runs"])
            if data["numeric"]:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if index == 0:
                for run in paragraph.runs:
                    run.bold = True


def _docx_lines_block(doc, heading, lines):
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_together = True
    paragraph.add_run(_clean(heading)).bold = True
    for label, text in lines:
        paragraph.add_run().add_break(WD_BREAK.LINE)
        paragraph.add_run(_clean(f"{label}: {text}" if label else text))


def _docx_figure(doc, block):
    """Word cannot hold the SVG, so the caption says where the figures are and the table follows."""
    _docx_text(doc, block["note"])
    _docx_table(doc, block["table"])


def _docx_contacts(doc, block):
    for entry in block["entries"]:
        _docx_lines_block(doc, entry["name"], entry["lines"])


def _docx_figure_notes(doc, block):
    for entry in block["entries"]:
        lines = entry["lines"] + ([("How this was counted", entry["how_counted"])] if entry["how_counted"] else [])
        _docx_lines_block(doc, f"Note {entry['note']}: {entry['title']}", lines)


_DOCX_BLOCKS = {
    "paragraph": _docx_paragraph,
    "list": _docx_list,
    "heading": _docx_heading,
    "table": _docx_table,
    "figure": _docx_figure,
    "contacts": _docx_contacts,
    "figure_notes": _docx_figure_notes,
}
