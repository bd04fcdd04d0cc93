"""The plan's text: paragraphs, bullet lists and sub-headings, with figures named as [[name]].

Kept deliberately small so that one parse feeds the page, the PDF and the DOCX alike:
- a blank line separates blocks; lines of one paragraph are joined;
- lines starting "- " or "* " make a bullet list;
- a line starting "## " is a sub-heading;
- [[figure-name]] inside any of them is replaced by the figure's value.
No HTML is ever taken from the text: everything is escaped by the renderers.
"""

import re

FIGURE_TOKEN = re.compile(r"\[\[\s*([^\]\s]*)\s*\]\]")


def figure_names_in(text):
    return {match.group(1) for match in FIGURE_TOKEN.finditer(text or "")}


def split_runs(text):
    """'Up [[x]] cases' -> [{'text': 'Up '}, {'figure': 'x'}, {'text': ' cases'}]."""
    runs, position = [], 0
    for match in FIGURE_TOKEN.finditer(text):
        if match.start() > position:
            runs.append({"text": text[position:match.start()]})
        runs.append({"figure": match.group(1)})
        position = match.end()
    if position < len(text):
        runs.append({"text": text[position:]})
    return runs


def parse_blocks(text):
    blocks, paragraph, items = [], [], []

    def flush():
        if paragraph:
            blocks.append({"type": "paragraph", "runs": split_runs(" ".join(paragraph))})
            paragraph.clear()
        if items:
            blocks.append({"type": "list", "items": [split_runs(item) for item in items]})
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(("- ", "* ")):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        elif line.startswith("## "):
            flush()
            blocks.append({"type": "heading", "text": line[3:].strip()})
        elif items:
            # A line after a bullet without a marker continues that bullet.
            items[-1] = f"{items[-1]} {line}"
        else:
            paragraph.append(line)
    flush()
    return blocks
