"""The plan's text: paragraphs, bullet lists and sub-headings, with figures named as [[name]].

Kept deliberately small so that one parse feeds the page, the PDF and the DOCX alike:
- a blank line separates blocks; lines of one paragraph are joined;
- lines starting "- " or "* " make a bullet list;
- a line starting "## " is a sub-heading;
- [[figure-name]] inside any of them is replaced by the figure's value;
- a line holding only [[block:name]] places a block the plan generates (the list of priorities,
  the members, ...) there instead of where it would otherwise go (BLOCKS).
No HTML is ever taken from the text: everything is escaped by the renderers.
"""

import re

FIGURE_TOKEN = re.compile(r"\[\[\s*([^\]\s]*)\s*\]\]")
BLOCK_PREFIX = "block:"
BLOCK_LINE = re.compile(r"^\[\[\s*block:([^\]\s]*)\s*\]\]$")

# The blocks a plan generates from its records, which the text may place: name -> what it is.
BLOCKS = {
    "priorities": "the list of priorities",
    "themes": "the list of cross-cutting themes",
    "objectives": "the key objectives",
    "focus-areas": "the areas of focus, each with its description",
    "working-groups": "the working groups, with their chairs and remits",
    "members": "the member organisations with their contact details",
    "projects-review": "the review of each project and initiative of the year reviewed, from its accepted returns",
    "funding": "the funding table: the year's funds, what each gave to which project, and each project's spend",
}


def figure_names_in(text):
    return {match.group(1) for match in FIGURE_TOKEN.finditer(text or "")
            if not match.group(1).startswith(BLOCK_PREFIX)}


def blocks_placed_in(text):
    """[(line number, block name)] for every [[block:...]] line of the text."""
    return [(number, match.group(1)) for number, line in enumerate((text or "").splitlines(), start=1)
            if (match := BLOCK_LINE.match(line.strip()))]


def block_problems(text):
    """Plain words for each misplaced or unknown [[block:...]], naming its line."""
    problems, seen = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        for match in FIGURE_TOKEN.finditer(line):
            if not match.group(1).startswith(BLOCK_PREFIX):
                continue
            name = match.group(1)[len(BLOCK_PREFIX):]
            token = f"[[{match.group(1)}]]"
            if name not in BLOCKS:
                problems.append(f"Line {number}: there is no block called {token}. The blocks are "
                                + ", ".join(f"[[block:{b}]] ({what})" for b, what in BLOCKS.items()))
            elif not BLOCK_LINE.match(line.strip()):
                problems.append(f"Line {number}: {token} places a whole block, so it must be on a line of its own")
            elif name in seen:
                problems.append(f"Line {number}: {token} is placed twice in this text")
            seen.add(name)
    return problems


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


def parse_blocks(text, *, places=False, figures=True):
    """The text's blocks; with `places`, a [[block:name]] line becomes {'type': 'placed', 'name': name};
    without `figures`, [[...]] is text like any other (descriptions of plan items name no figures)."""
    runs_of = split_runs if figures else (lambda text: [{"text": text}])
    blocks, paragraph, items = [], [], []

    def flush():
        if paragraph:
            blocks.append({"type": "paragraph", "runs": runs_of(" ".join(paragraph))})
            paragraph.clear()
        if items:
            blocks.append({"type": "list", "items": [runs_of(item) for item in items]})
            items.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        placed = BLOCK_LINE.match(line) if places else None
        if not line:
            flush()
        elif placed:
            flush()
            blocks.append({"type": "placed", "name": placed.group(1)})
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
