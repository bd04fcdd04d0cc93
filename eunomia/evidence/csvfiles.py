"""Reading the small CSV files people upload here: UTF-8 with or without a byte-order mark,
columns found by header name whatever their case, every problem collected with its line number
so a file can be put right in one go rather than one error at a time."""

import csv
import io
import re

from django.utils import timezone

MAX_PROBLEMS = 20
MAX_BYTES = 20 * 1024 * 1024
# Spreadsheets write thousands separators as commas, and some locales as (narrow) spaces.
_SEPARATORS = str.maketrans("", "", ", \u00a0\u202f")


class Problems:
    """The problems found in one file. Keeps counting past the limit so the message can say how
    many more there are."""

    def __init__(self):
        self.messages, self.total = [], 0

    def add(self, message):
        self.total += 1
        if len(self.messages) < MAX_PROBLEMS:
            self.messages.append(message)

    def __bool__(self):
        return self.total > 0

    def all(self, *extra):
        more = self.total - len(self.messages)
        tail = [f"... and {more} more problem{'s' if more != 1 else ''} not listed"] if more else []
        return self.messages + tail + list(extra)


def _first_bad_line(data):
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return None


def _normalise(header):
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def read_rows(data, *, required, optional=()):
    """The data lines of a CSV file as (line number, {column: text}) pairs, every column named in
    `required` and `optional` present (optional ones as "" when the file has no such column).
    Returns (rows, problems): problems is a list of messages when the file cannot be read at all."""
    if len(data) > MAX_BYTES:
        return [], [f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it into smaller files."]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [f"The file is not UTF-8 text: line {_first_bad_line(data)} has characters that cannot be read. "
                    "Save it from the spreadsheet as 'CSV UTF-8' and try again."]
    if not text.strip():
        return [], ["The file is empty."]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as error:
        return [], [f"Line 1 cannot be read as CSV: {error}."]
    names = [_normalise(h) for h in header]
    layout = ",".join(required + tuple(optional))
    missing = [c for c in required if c not in names]
    if missing:
        columns = ", ".join(f"'{c}'" for c in missing)
        return [], [f"The file has no {columns} column{'s' if len(missing) > 1 else ''}. Its first line must name "
                    f"the columns: {layout}. It names: {','.join(h.strip() for h in header)}."]
    repeated = sorted({n for n in names if n in required + tuple(optional) and names.count(n) > 1})
    if repeated:
        return [], [f"The first line names the column '{repeated[0]}' more than once."]
    position = {name: i for i, name in enumerate(names)}
    rows = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            rows.append((reader.line_num, {
                c: (cells[position[c]].strip() if c in position and position[c] < len(cells) else "")
                for c in required + tuple(optional)}))
    except csv.Error as error:
        return [], [f"Line {reader.line_num} cannot be read as CSV: {error}."]
    if not rows:
        return [], ["The file has a header line but no data lines."]
    return rows, []


def this_month():
    return timezone.localdate().replace(day=1)


def parse_whole_number(text):
    """An int from text that may have thousands separators, or None if it is not a whole number."""
    cleaned = text.translate(_SEPARATORS)
    return int(cleaned) if re.fullmatch(r"[+-]?\d+", cleaned) else None
