"""Spreadsheet and CSV downloads, read back with openpyxl and the csv module."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from eunomia.core.spreadsheet import sheet_names, to_csv, to_xlsx

LONG = "Crimes recorded by month in Tonbridge and Malling wards"


@pytest.fixture
def book():
    data = to_xlsx([
        (LONG, ["Ward", "Month", "Crimes", "Rate per 1,000"],
         [["Borough Green", date(2025, 1, 1), 42, 7.25], ["Snodland West", date(2025, 1, 1), None, None],
          ["=HYPERLINK(\"http://example.org\")", date(2025, 2, 1), 3, 0.5]],
         ["Crimes: street-level crimes recorded by Kent Police.", "Source: data.police.uk, Open Government Licence."]),
        (LONG + " (again)", ["Area"], [["A very long area name that needs a wide column to be read in full"]], []),
        ("Notes", ["Term", "Definition"], [], []),
    ])
    return load_workbook(io.BytesIO(data))


def test_sheet_names_are_short_unique_and_legal(book):
    assert book.sheetnames == ["Crimes recorded by month in Ton", "Crimes recorded by month in (2)", "Notes"]
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert sheet_names(["a/b", "A?B", "", "x" * 40, "x" * 40]) == [
        "a b", "A B (2)", "Sheet", "x" * 31, "x" * 27 + " (2)"]


def test_numbers_are_numbers_and_gaps_are_empty(book):
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Ward", "Month", "Crimes", "Rate per 1,000"]
    assert sheet["C2"].value == 42 and sheet["C2"].data_type == "n"
    assert sheet["D2"].value == 7.25
    assert sheet["B2"].value.date() == date(2025, 1, 1)
    assert sheet["C3"].value is None


def test_text_that_looks_like_a_formula_stays_text(book):
    cell = book.worksheets[0]["A4"]
    assert cell.value == "=HYPERLINK(\"http://example.org\")"
    assert cell.data_type == "s"


def test_header_is_bold_and_frozen_and_columns_fit(book):
    sheet = book.worksheets[0]
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len("=HYPERLINK(\"http://example.org\")")
    assert 8 <= sheet.column_dimensions["C"].width < 20
    wide = book.worksheets[1]
    assert wide.column_dimensions["A"].width == 60, "long text is capped"


def test_notes_follow_the_table(book):
    sheet = book.worksheets[0]
    assert sheet["A5"].value is None
    assert sheet["A6"].value == "Notes" and sheet["A6"].font.bold
    assert sheet["A7"].value == "Crimes: street-level crimes recorded by Kent Police."
    assert sheet["A8"].value == "Source: data.police.uk, Open Government Licence."
    assert book.worksheets[1].max_row == 2


def test_no_sheets_is_refused():
    with pytest.raises(ValueError):
        to_xlsx([])


def test_csv_has_the_header_and_plain_values():
    text = to_csv(["Ward", "Crimes", "Note"], [["Borough Green", 42, "café"], ["Snodland, West", None, "=1+1"],
                                               ["Ryarsh", 3.5, "-2 on last year"]])
    assert text.startswith("Ward,Crimes,Note\r\n")
    assert list(csv.reader(io.StringIO(text))) == [
        ["Ward", "Crimes", "Note"], ["Borough Green", "42", "café"], ["Snodland, West", "", "'=1+1"],
        ["Ryarsh", "3.5", "'-2 on last year"]]
    assert "café".encode() in text.encode("utf-8")
