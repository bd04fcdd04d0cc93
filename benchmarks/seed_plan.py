"""The seed plan as two workbooks in the layout of `eunomia/plans/workbook.py`, built when they are
needed from the text of the Tonbridge and Malling CSP's Partnership Plan 2014-15 (extracted from its
PDF, kept outside the repository in ../shared/seed/), never copied into the repository.

- 2013/14: the plan the seed's "Review of actions 2013/14" reviews: its three priorities and 35
  actions, each with one target (baseline and target as the seed prints them) and an actual.
- 2014/15: the plan itself: priorities, cross-cutting themes, key objectives, areas of focus and its
  five sections of text. Its actions are kept in the working groups' action plans, not in the plan.

The seed prints XX for the actuals and for most numbers in its text. Each XX in the text becomes a
[[figure-name]] token with a row on the Figures sheet, and each 2013/14 target an actual: all these
values are illustrative, and their figures' source says so (ILLUSTRATIVE, ILLUSTRATIVE_ACTUAL).

Which organisations are members (the seed's membership list) and which only deliver actions
(PROVIDERS), and who leads each 2013/14 action (LEADS), are judgements read from the seed's words,
written down below. Everything else is parsed from the text.

The review table's rows are one per line except in the anti-social behaviour block, whose cells the
PDF extraction wrapped over several lines (see `_unwrap`, which repairs it and returns what it
drops); the membership block is three columns run together (see `_organisations`).
"""

import datetime
import re
from pathlib import Path

from eunomia.core.spreadsheet import to_xlsx
from eunomia.plans import workbook

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "partnership-plan-2014-15.txt"
ILLUSTRATIVE = "Illustrative value for the entry benchmark: the seed prints XX"
ILLUSTRATIVE_ACTUAL = "Illustrative value for the entry benchmark: the seed prints no actual for this target"
JOINED = datetime.date(2009, 4, 1)
REVIEWED_YEAR = 2013
PLAN_YEAR = 2014

# Organisations the seed names as delivering actions, not in its membership list.
PROVIDERS = ["Kenward Trust", "Maidstone Mediation", "DAVSS", "CDAP", "CRI", "KCA"]
COUNCIL = "Tonbridge & Malling Borough Council"
# Who leads each 2013/14 action: the first rule whose words the action contains, else the council
# (whose Community Safety Unit runs the partnership): (words, lead, other leads, delivery partners).
LEADS = [
    ("Registered Social Landlords", COUNCIL, ["Russet Homes", "Moat Housing"], []),
    ("Mediation", COUNCIL, [], ["Maidstone Mediation"]),
    ("Family Focus", "KCC Families and Social Care", [], []),
    ("Community Payback", "National Probation Service", [], []),
    ("YISP", "KCC Integrated Youth Services", [], []),
    ("low/medium risk victims", COUNCIL, [], ["DAVSS"]),
    ("male victims", COUNCIL, [], ["DAVSS"]),
    ("Community Domestic Abuse Programme", COUNCIL, [], ["CDAP"]),
    ("MARAC process", "Kent Police", [], []),
    ("run by Russet", "Russet Homes", [], []),
    ("Kenward Trust", COUNCIL, [], ["Kenward Trust"]),
    ("Test Purchasing", "KCC Trading Standards", [], []),
    ("CRI", "Kent Drug and Alcohol Action Team", [], ["CRI", "KCA"]),
    ("KCAP", "KCC Trading Standards", [], []),
    ("supply of illegal drugs", "Kent Police", [], []),
    ("substance misuse services", "Kent Drug and Alcohol Action Team", [], []),
    ("IBAs", "Kent Drug and Alcohol Action Team", [], []),
    ("new tenants", "Russet Homes", [], []),
    ("Snodland drugs initiative", "Kent Police", [], []),
    ("work in schools", "KCC Integrated Youth Services", [], []),
]
# Words an organisation's name ends with in the membership block, before its address starts.
NAME_ENDS = r"Council|Police|Services|Service|Group|Care|Standards|Homes|Support|Team|Watch|Wardens|Housing"
KINDS = [("Youth", "youth"), ("Fire", "fire"), ("Police", "police"), ("Probation", "probation"),
         ("Commissioning", "health"), ("Homes", "housing"), ("Housing", "housing"), ("Council", "council"),
         ("KCC", "council"), ("Support", "voluntary"), ("Watch", "voluntary")]
# Words that end a line without ending the sentence (the next line continues the same cell).
OPEN_ENDS = {"the", "a", "an", "to", "of", "for", "with", "and", "as"}
# Words left out of a figure's name.
STOP = {"a", "an", "the", "of", "on", "in", "to", "and", "or", "with", "for", "by", "from", "at", "was", "were",
        "this", "is", "there", "also", "been", "their", "which", "we", "they", "be", "able", "that", "as",
        "within", "during", "over", "have", "through", "including"}
TOKEN = re.compile(r"\bX{1,3}\b")


def _paragraphs(lines):
    paragraphs, current = [], []
    for line in lines + [""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return paragraphs


def _parts(text):
    """{heading: lines} for each heading the seed's Contents lists, in order."""
    lines = text.split("\n")
    start = lines.index("Contents")
    headings, end = [], start
    for number, line in enumerate(lines[start + 1:], start=start + 1):
        if "\tPage " in line:
            headings.append(line.split("\t")[0].strip())
            end = number
        elif headings and line.strip():
            break
    found, at = [], end
    for heading in headings:
        at = next(i for i in range(at + 1, len(lines)) if lines[i].startswith(heading))
        found.append(at)
    return {heading: lines[begin + 1:finish] for heading, begin, finish
            in zip(headings, found, found[1:] + [len(lines)])}


# The review table --------------------------------------------------------------------------------

def _cells(line):
    cells = [c.strip() for c in line.split("\t")] + [""] * 5
    return cells[0], cells[1], cells[2]


def _unwrap(lines, verbs):
    """Rows [text, baseline, target] from table lines whose cells wrapped over several lines, and the
    cell values dropped as debris of the extraction.

    A line starts a new row when it begins with a capital letter, the row above already has its
    baseline, and the line above does not end in an open word ("the", "to", ...). A line that runs
    the end of one cell into the start of the next ("Community Payback Work with ...") is split
    before a verb that starts a row elsewhere in the table (`verbs`). A row's baseline and target
    are those on its first line with a baseline; later target cells starting in lower case continue
    the target ("Themis / up and / running"). Any other value (before the baseline, or a second
    one) is dropped and returned."""
    split = []
    for line in lines:
        text, baseline, target = _cells(line)
        words = text.split()
        cut = next((i for i, w in enumerate(words) if i and w in verbs and i < len(words) - 1), None)
        if cut:
            split.append((" ".join(words[:cut]), "", ""))
            text = " ".join(words[cut:])
        split.append((text, baseline, target))
    rows, dropped, previous = [], [], ""
    for text, baseline, target in split:
        row = rows[-1] if rows else None
        open_end = previous.split()[-1].lower() in OPEN_ENDS if previous.split() else False
        new = text[:1].isupper() and (row is None or row[1]) and not open_end
        if new:
            row = [text, "", ""]
            rows.append(row)
        elif text:
            row[0] = f"{row[0]} {text}"
        if baseline and not row[1]:
            row[1], row[2] = baseline, target
        elif row[1] and not baseline and target[:1].islower():
            row[2] = f"{row[2]} {target}"
        elif baseline or target:
            dropped.append(f"{baseline or '(blank)'} / {target or '(blank)'} beside '{text}'")
        previous = text or previous
    return rows, dropped


def _review(lines, priority_titles):
    """{priority: [[action, baseline, target]]} of the reviewed year, and what was dropped. A line
    holding only the start of one of the priorities the plan lists ("Anti-social behaviour" of
    "Anti-Social Behaviour (including ...)") heads that priority's rows; the verbs that start rows
    are the first words of the lines that carry a baseline."""
    blocks, current = {}, None
    for line in (line for line in lines if "\t" in line and not line.startswith("Action/target")):
        text, baseline, target = _cells(line)
        heading = text and not baseline and not target and any(t.casefold().startswith(text.casefold())
                                                                for t in priority_titles)
        if heading:
            current = text
            blocks.setdefault(current, [])
        else:
            blocks[current].append(line)
    clean = [line for block in blocks.values() for line in block if _cells(line)[1]]
    verbs = {_cells(line)[0].split()[0] for line in clean if _cells(line)[0][:1].isupper()}
    review, dropped = {}, []
    for priority, block in blocks.items():
        rows, lost = _unwrap(block, verbs)
        review[priority] = rows
        dropped += [f"{priority}: {what}" for what in lost]
    return review, dropped


# Organisations ------------------------------------------------------------------------------------

def _kind(name):
    return next((kind for word, kind in KINDS if word in name.split()), "other")


def _organisations(lines):
    """The member organisations with their contact details, from the membership block: lines of
    three tab-separated columns, each cell holding the end of one entry (its address, phone and web
    address) and the start of the next (its name), whose address continues in the next line's cell."""
    members, waiting = [], {}
    for line in lines:
        for column, cell in enumerate(line.split("\t")):
            cell = re.sub(r"-\s+", "-", re.sub(r"</?u>", "", cell)).strip()
            web = re.search(r"(?:Web:\s*)?(www\.\S+)", cell)
            head, tail = (cell[:web.start()], cell[web.end():].strip()) if web else (cell, "")
            phone = re.search(r"Tel:\s*([\d ]*\d)", head)
            head = head[:phone.start()] if phone else head
            if column in waiting:
                name, address = waiting.pop(column), head
            else:
                match = re.match(rf"(.+?\b(?:{NAME_ENDS}))\b\s*(.*)", head.strip())
                name, address = match.group(1), match.group(2)
            members.append({"name": name.strip(), "kind": _kind(name),
                            "address": "\n".join(p.strip() for p in address.split(",") if p.strip()),
                            "phone": phone.group(1) if phone else "", "website": web.group(1) if web else ""})
            if tail:
                waiting[column] = tail
    return members


def _providers(text):
    """The delivery partners, named as the seed spells them out where it does ("DAVSS (Domestic
    Abuse Volunteer Support Service)" becomes "Domestic Abuse Volunteer Support Service (DAVSS)")."""
    providers = []
    for short in PROVIDERS:
        long = re.search(rf"\b{re.escape(short)} \(([A-Z][^)]+)\)", text)
        providers.append({"short": short, "name": f"{long.group(1)} ({short})" if long else short,
                          "kind": "voluntary", "address": "", "phone": "", "website": ""})
    return providers


# The text and its figures --------------------------------------------------------------------------

def _slug(words):
    return "-".join(part for part in (re.sub(r"[^a-z0-9]+", "", w.lower()) for w in words) if part)


class _Figures:
    """Each XX in the text as a figure with an illustrative value, named from the words around it
    (the words after it, "XX young people"; or, when a preposition follows, those before and after,
    "an increase of XX on the previous year"), titled by its clause and defined by its sentence."""

    def __init__(self, period):
        self.rows, self.period, self.names = [], period, set()

    def replace(self, paragraph):
        return TOKEN.sub(lambda match: f"[[{self.add(paragraph, match)}]]", paragraph)

    def add(self, paragraph, match):
        # This XX marked \0 and every other one \1, so that splitting at punctuation sees words only.
        marked = re.sub(r"\s+", " ", TOKEN.sub("\1", paragraph[:match.start()]) + "\0"
                        + TOKEN.sub("\1", paragraph[match.end():]))
        sentence = next(s for s in re.split(r"(?<=[.!?])\s", marked) if "\0" in s)
        clause = next(c for c in re.split(r"[.,;:]", marked) if "\0" in c)
        before, after = ([w for w in part.split() if w != "\1"] for part in clause.split("\0"))
        if after and after[0].lower() not in STOP:
            words = []
            for word in after[:3]:
                if word.lower() in STOP:
                    break
                words.append(word)
        else:
            words = [w for w in before if w.lower() not in STOP][-2:] + [w for w in after if w.lower() not in STOP][:2]
        year = f"{self.period[0].year}-{self.period[1].year % 100:02d}"
        base = f"{_slug(words) or 'figure'}-{year}"
        name = _unique(base, self.names)
        self.names.add(name)
        place = sentence.split("\0")[0].count("\1")  # how many figures come before it in its sentence
        unit, value, in_words = self._value(paragraph[match.end():match.end() + 1], before, after,
                                            len(match.group()), len(self.rows), place, "increase" in sentence)

        def shown(text):
            return text.replace("\0", "(this figure)").replace("\1", "...").strip()

        start, end = (part.split() for part in clause.split("\0"))
        title = shown(" ".join(["..."] * (len(start) > 5) + start[-5:] + ["\0"] + end[:6] + ["..."] * (len(end) > 6)))
        self.rows.append({"Name": name, "Title": title[:1].upper() + title[1:], "Unit": unit, "From": self.period[0],
                          "To": self.period[1], "Value": value, "Value in words": in_words,
                          "Definition": f"What the seed's text leaves out in: \"{shown(sentence)}\"",
                          "Source": ILLUSTRATIVE, "How it is kept": "Entered by hand"})
        return name

    @staticmethod
    def _value(next_char, before, after, width, index, place, rising):
        """(unit, value, value in words), illustrative: a percentage after "by" or before
        "reduction"; words at the end of a sentence after "in" or "and" ("which resulted in XXX.");
        otherwise a count with as many digits as the seed has X's, smaller for each later figure
        in a sentence ("Of the 80 ... 71 had improved") unless the sentence speaks of an increase."""
        last = before[-1].lower() if before else ""
        if last == "by" or after[:1] == ["reduction"]:
            return "Percentage", 4 + index % 9, ""
        if next_char in (".", "") and last in ("in", "and"):
            return "Text", None, ("an illustrative month" if before[-2:] == ["began", "in"]
                                  else "an illustrative outcome")
        two_digits = 30 + 9 * place if rising else 80 - 9 * place - index % 7
        return "Count", [3 + index % 6, two_digits, 110 + index * 13][width - 1], ""


# The plan --------------------------------------------------------------------------------------------

def _review_paragraphs(lines):
    return [p for p in _paragraphs(lines) if "\t" not in p]


def _projects_text(paragraphs):
    """Sub-headings (short, with no full stop) marked "## ", and a paragraph cut by a page break
    (long, with no full stop) joined to the next."""
    out = []
    for paragraph in paragraphs:
        if out and out[-1][-1] not in ".:!?)" and not out[-1].startswith("## "):
            out[-1] = f"{out[-1]} {paragraph}"
        elif paragraph[-1] not in ".:!?)" and len(paragraph.split()) <= 10:
            out.append(f"## {paragraph}")
        else:
            out.append(paragraph)
    return out


def _bullets(paragraph):
    return [line[2:].strip() for line in paragraph.split("\n") if line.startswith("- ")]


def _item(text):
    """"Anti-Social Behaviour (including environmental crime)" -> title and description."""
    match = re.match(r"(.*?)\s*\((.*)\)$", text)
    if match:
        return [match.group(1), match.group(2)[:1].upper() + match.group(2)[1:]]
    return [text, ""]


def _themes(paragraph):
    """"These would be a, b and c, d and e." -> [A, B and c, D and e]: the list's last item is
    joined by its last " and "."""
    listed = re.search(r"These would be (.*?)\.", paragraph.replace("\n", " ")).group(1).split(", ")
    last = listed.pop()
    cut = last.rfind(" and ")
    items = listed + [last[:cut], last[cut + 5:]]
    return [[i[:1].upper() + i[1:], ""] for i in items]


def read_seed(path=SEED):
    """Everything the two workbooks and the directory need, parsed from the seed's text."""
    text = path.read_text(encoding="utf-8").replace("\u2013", "-")
    parts = dict(_parts(text))
    heading = {key: next(h for h in parts if h.startswith(key)) for key in (
        "Introduction", "Review of actions", "Review of projects", "Priority Issues", "Partnership Plan",
        "Membership")}
    plan_start = datetime.date(PLAN_YEAR, 4, 1)
    figures = _Figures((datetime.date(REVIEWED_YEAR, 4, 1), plan_start - datetime.timedelta(days=1)))
    sections = {}

    sections["Introduction"] = _paragraphs(parts[heading["Introduction"]])
    review_lines = parts[heading["Review of actions"]]
    sections["Review of actions"] = _review_paragraphs(review_lines)
    sections["Review of projects and initiatives"] = _projects_text(_paragraphs(parts[heading["Review of projects"]]))

    priority_paragraphs, priorities, themes = [], [], []
    for paragraph in _paragraphs(parts[heading["Priority Issues"]]):
        if _bullets(paragraph):
            priorities = [_item(b) for b in _bullets(paragraph)]
            priority_paragraphs[-1] = "[[block:priorities]]"  # the list, with its lead-in ("... are:")
        else:
            priority_paragraphs.append(paragraph)
            if "cross cutting themes underlying the priorities" in paragraph:
                themes = _themes(paragraph)
                priority_paragraphs.append("[[block:themes]]")
    sections["Priority issues"] = priority_paragraphs

    plan_paragraphs, objectives, focus_areas = [], [], []
    for paragraph in _paragraphs(parts[heading["Partnership Plan"]]):
        area = re.match(r"Area of focus \d+: (.*)", paragraph)
        if area:
            focus_areas.append([area.group(1), ""])
            if len(focus_areas) == 1:
                plan_paragraphs.append("[[block:focus-areas]]")
        elif focus_areas:
            focus_areas[-1][1] = f"{focus_areas[-1][1]}\n\n{paragraph}".strip()
        elif _bullets(paragraph):
            objectives = [[b, ""] for b in _bullets(paragraph)]
            plan_paragraphs[-1] = "[[block:objectives]]"
        else:
            plan_paragraphs.append(paragraph)
    sections["The plan"] = plan_paragraphs
    texts = {label: "\n\n".join(figures.replace(p) for p in paragraphs) for label, paragraphs in sections.items()}

    review, dropped = _review(review_lines, [p[0] for p in priorities])
    membership = parts[heading["Membership"]]
    member_lines = [line for line in membership if "\t" in line]
    after = "\n".join(membership[membership.index(member_lines[-1]) + 1:])
    partnership = {"name": next(line for line in after.split("\n") if line.strip()).strip(),
                   "phone": re.search(r"Tel:\s*([\d ]*\d)", after).group(1),
                   "email": re.search(r"Email:\s*(\S+)", after).group(1),
                   "website": re.search(r"Web:\s*(\S+)", after).group(1)}
    return {"partnership": partnership, "members": _organisations(member_lines), "providers": _providers(text),
            "review": review, "dropped": dropped, "priorities": priorities, "themes": themes,
            "objectives": objectives, "focus_areas": focus_areas, "texts": texts, "figures": figures.rows}


# The workbooks -------------------------------------------------------------------------------------

def _number_or_words(cell):
    """A cell as a person types it: 33 is a number, "74 families" and "N/A" stay words."""
    return int(cell) if cell.isdigit() else cell


def target_of(baseline, target):
    """(kind of target, target cell, milestone in words) for the seed's baseline and target cells:
    a percentage ("80%", "50% of cases"), a count ("40", "74 families", "2 schools"), a yes/no
    milestone where the seed gives no target ("N/A": done or not), else a milestone in words
    ("Themis up and running", "Adoption of policy", "1 held": held says it happens, not how many)."""
    if re.match(r"^\d+%", target):
        return "Percentage", target, ""
    if re.match(r"^\d+\b", target) and not re.search(r"\b(held|set up)$", target):
        return "Count", _number_or_words(target), ""
    if target.upper() == "N/A":
        return "Milestone: yes or no", 1, ""
    return "Milestone: described in words", None, target


def _lead(action):
    return next(((lead, others, partners) for words, lead, others, partners in LEADS if words in action),
                (COUNCIL, [], []))


def reviewed_year_rows(seed):
    """The 2013/14 plan's rows, each {column: value}: {sheet: rows}, and each target's actual by
    its measure: {measure: (kind of target, value, value in words)}."""
    providers = {p["short"]: p["name"] for p in seed["providers"]}
    period = (datetime.date(REVIEWED_YEAR, 4, 1), datetime.date(REVIEWED_YEAR + 1, 3, 31))
    label = f"{REVIEWED_YEAR}/{(REVIEWED_YEAR + 1) % 100:02d}"
    actions, targets, figures, actuals, names = [], [], [], {}, set()
    for priority, rows in seed["review"].items():
        for title, baseline, target in rows:
            ref = f"A{len(actions) + 1}"
            lead, others, partners = _lead(title)
            actions.append({"Ref": ref, "Priority": priority, "Action": title, "Lead organisation": lead,
                            "Other leads": "\n".join(others), "Status": "Complete",
                            "Delivery partners": "\n".join(providers[p] for p in partners)})
            kind, target_cell, milestone = target_of(baseline, target)
            name = _unique(f"{_slug(title.split()[:5])}-{label.replace('/', '-')}", names)
            names.add(name)
            row = {"Action ref": ref, "Measure": title, "Kind of target": kind, "Baseline": _number_or_words(baseline),
                   "Target": target_cell, "Milestone to reach": milestone, "Figure name": name}
            figure = {"Name": name, "Title": title[:200], "From": period[0], "To": period[1],
                      "Definition": f"{title}, {label}: the actual for the target of this action.",
                      "Source": ILLUSTRATIVE_ACTUAL, "Provided by": lead, "How it is kept": "Entered by hand"}
            if kind in ("Count", "Percentage"):
                value = int(re.match(r"\d+", str(target_cell)).group())
                row.update({"Direction": "Reach at least the target", "Actual": value})
                figure.update({"Unit": kind, "Value": value})
                actuals[title] = (kind, value, "")
            elif kind == "Milestone: yes or no":
                row["Actual"] = "Yes"
                figure.update({"Unit": "Yes or no", "Value": 1})
                actuals[title] = (kind, 1, "")
            else:
                row.update({"Actual in words": milestone, "Milestone met": "Yes"})
                figure.update({"Unit": "Text", "Value in words": milestone})
                actuals[title] = (kind, None, milestone)
            targets.append(row)
            figures.append(figure)
    priorities = [{"Title": p} for p in seed["review"]]
    return {"priorities": priorities, "actions": actions, "targets": targets, "figures": figures}, actuals


def _unique(base, taken):
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def _book(priorities=(), themes=(), objectives=(), focus_areas=(), actions=(), targets=(), figures=(), texts=None,
          organisations=()):
    """The workbook's bytes; each row is {column: value}, put in the order the layout names."""
    sheets = [(workbook.PRIORITIES, priorities), (workbook.THEMES, themes), (workbook.OBJECTIVES, objectives),
              (workbook.FOCUS_AREAS, focus_areas), (workbook.ACTIONS, actions), (workbook.TARGETS, targets),
              (workbook.FIGURES, figures), (workbook.ORGANISATIONS, organisations)]
    if texts is not None:
        sheets.append((workbook.TEXT, [{"Section": label, "Text": body} for label, body in texts.items()]))
    return to_xlsx([(name, columns, [[row.get(c) for c in columns] for row in rows], [])
                    for (name, columns), rows in sheets])


def organisation_rows(seed):
    """The Organisations sheet: the members since JOINED (the council, made by create_partnership,
    gets its blank contact details filled in) and the providers, not members."""
    rows = []
    for organisation, member in [(m, True) for m in seed["members"]] + [(p, False) for p in seed["providers"]]:
        rows.append({"Name": organisation["name"], "Kind": organisation["kind"],
                     "Member from": JOINED if member else None, "Address": organisation["address"],
                     "Phone": organisation["phone"], "Website": organisation["website"]})
    return rows


def build_workbooks(seed):
    """{start year: workbook bytes} for 2013/14 and 2014/15, and the 2013/14 actuals by measure."""
    rows, actuals = reviewed_year_rows(seed)
    reviewed = _book(priorities=rows["priorities"], actions=rows["actions"], targets=rows["targets"],
                     figures=rows["figures"], organisations=organisation_rows(seed))

    def items(pairs):
        return [{"Title": title, "Description": description} for title, description in pairs]

    plan = _book(priorities=items(seed["priorities"]), themes=items(seed["themes"]),
                 objectives=items(seed["objectives"]), focus_areas=items(seed["focus_areas"]),
                 figures=seed["figures"], texts=seed["texts"])
    return {REVIEWED_YEAR: reviewed, PLAN_YEAR: plan}, actuals
