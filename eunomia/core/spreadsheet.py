"""A spreadsheet (.xlsx) or CSV of figures, for people to take away: the assessment's and the plan's.

Numbers stay numbers (Excel can sum them); words such as "no data" stay words. Each sheet's notes
(definitions and sources) go below its table after a blank row, so they travel with the figures
when a sheet is copied elsewhere.
"""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

# Characters Excel refuses in a sheet name, and the limit on its length.
_BAD_SHEET_CHARS = re.compile(r"[\\/*?:\[\]]")
MAX_SHEET_NAME = 31
# openpyxl refuses control characters in cell text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# In a CSV, a cell starting with one of these is read as a formula by spreadsheet programs: text
# that came from users or imported files must never run as one ("CSV injection"), so it gets a
# leading apostrophe. In the .xlsx, text cells are typed as text instead.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sheet_names(names):
    """Names Excel accepts: no \\ / * ? : [ ], at most 31 characters, unique ignoring case."""
    taken, out = set(), []
    for name in names:
        base = _BAD_SHEET_CHARS.sub(" ", str(name)).strip().strip("'") or "Sheet"
        candidate, n = base[:MAX_SHEET_NAME], 1
        while candidate.lower() in taken:
            n += 1
            suffix = f" ({n})"
            candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(candidate.lower())
        out.append(candidate)
    return out


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, Decimal, date, datetime)):
        return value
    return _NOT_XML.sub("", str(value))


def _csv_cell(value):
    value = _plain(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _append(sheet, values):
    """A row of cells; text is always stored as text, so "=..." from a user is never a formula."""
    sheet.append([_plain(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _width(value):
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).split("\n")), default=0)


def to_xlsx(sheets):
    """`sheets` is `[(sheet_name, header, rows, notes)]`; returns the workbook's bytes.

    The header row is bold and frozen, so it stays in view while scrolling; columns are as wide as
    their longest value, within limits; notes follow the table, one a row.
    """
    if not sheets:
        raise ValueError("A spreadsheet needs at least one sheet")
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    names = sheet_names(name for name, *_ in sheets)
    for name, (_, header, rows, notes) in zip(names, sheets):
        sheet = book.create_sheet(title=name)
        _append(sheet, header)
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            _append(sheet, row)
        sheet.freeze_panes = "A2"

        widths = [_width(h) for h in header]
        for row in rows:
            for i, value in enumerate(row):
                if i < len(widths) and value is not None:
                    widths[i] = max(widths[i], _width(value))
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)

        if notes:
            start = sheet.max_row + 2
            sheet.cell(row=start, column=1, value="Notes").font = bold
            for offset, note in enumerate(notes, start=1):
                sheet.cell(row=start + offset, column=1, value=_plain(note)).data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(header, rows):
    """The header and rows as CSV text, to be sent as UTF-8 (`.encode("utf-8-sig")` if Excel users
    need the accents right); None is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else _csv_cell(v) for v in row])
    return out.getvalue()
