"""Importing police.uk street-level files: the real Kent files against an independent count, and
every kind of bad input refused whole, with the file and line, keeping what was there before."""

import csv
import io
import threading
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from eunomia.audit.models import AuditEvent
from eunomia.crime.importer import import_police_files
from eunomia.crime.models import CrimeRecord, DataMonth

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
KENT_2014 = SHARED / "gpscrime" / "data"
KENT_2025 = SHARED / "ml-foundations-portfolio" / "data"
HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]


def row(crime_type="Burglary", *, month="2025-03", force="Testshire Police", lsoa="E01024717",
        lsoa_name="Tonbridge and Malling 005A", lon="0.351", lat="51.29", crime_id="ab12", outcome="Under investigation"):
    return [crime_id, month, force, force, lon, lat, "On or near High Street", lsoa, lsoa_name, crime_type, outcome, ""]


def write_csv(path, rows, header=HEADER, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def counts_in_database():
    return Counter({(r["data_month__month"].strftime("%Y-%m"), r["crime_type__name"]): r["n"]
                    for r in CrimeRecord.objects.values("data_month__month", "crime_type__name").annotate(n=Count("id"))})


# The real files -------------------------------------------------------------------------------------------

@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the checkout")
def test_real_kent_files_give_the_same_counts_as_reading_them_directly(db, system_user):
    files = sorted(KENT_2014.glob("*/*.csv")) + sorted(KENT_2025.glob("*/*.csv"))
    expected = Counter()
    expected_tm = Counter()
    for path in files:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for record in csv.DictReader(handle):
                expected[(record["Month"], record["Crime type"])] += 1
                if record["LSOA name"].startswith("Tonbridge and Malling "):
                    expected_tm[(record["Month"], record["Crime type"], record["LSOA code"])] += 1

    report = import_police_files(by=system_user, paths=[KENT_2014, KENT_2025])

    assert not report.refused
    assert len(report.imported) == 23 and report.rows == sum(expected.values())
    assert counts_in_database() == expected
    tonbridge_codes = {code for (_, _, code) in expected_tm}
    in_db = Counter({(r["data_month__month"].strftime("%Y-%m"), r["crime_type__name"], r["lsoa_code"]): r["n"]
                     for r in CrimeRecord.objects.filter(lsoa_code__in=tonbridge_codes)
                     .values("data_month__month", "crime_type__name", "lsoa_code").annotate(n=Count("id"))})
    assert in_db == expected_tm
    january = DataMonth.objects.get(month__year=2014, month__month=1)
    assert (january.force.name, january.rows, january.rows_without_location) == ("Kent Police", 12025, 64)

    # Importing the same month again replaces it: no duplicates.
    again = import_police_files(by=system_user, paths=[KENT_2014 / "2014-01"])
    assert again.imported[0].replaced
    assert counts_in_database() == expected


# Layouts and containers -----------------------------------------------------------------------------------

def test_a_zip_as_police_uk_serves_it_with_other_files_skipped(tmp_path, db, system_user):
    street = write_csv(tmp_path / "s.csv", [row(), row("Anti-social behaviour", crime_id="", outcome="")])
    outcomes = write_csv(tmp_path / "o.csv", [["ab12", "2025-03", "Testshire Police", "Testshire Police", "0.3", "51.2",
                                               "On or near", "E01024717", "x", "Unable to prosecute"]],
                         header=["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude",
                                 "Location", "LSOA code", "LSOA name", "Outcome type"])
    archive = tmp_path / "police.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(street, "2025-03/2025-03-testshire-street.csv")
        z.write(outcomes, "2025-03/2025-03-testshire-outcomes.csv")

    report = import_police_files(by=system_user, paths=[archive])

    assert [(r.force, r.month, r.rows) for r in report.imported] == [("Testshire Police", "2025-03", 2)]
    assert report.skipped == ["police.zip:2025-03/2025-03-testshire-outcomes.csv: an outcomes file, "
                              "not street-level crime; not imported"]
    asb = CrimeRecord.objects.get(crime_type__name="Anti-social behaviour")
    assert (asb.crime_id, asb.outcome) == ("", None)


def test_the_first_layout_with_eastings_and_northings(tmp_path, db, system_user):
    header = ["Month", "Reported by", "Falls within", "Easting", "Northing", "Location", "Crime type", "Context"]
    path = write_csv(tmp_path / "2010-12-kent-street.csv",
                     [["2010-12", "Kent Police", "Kent Police", "651409.903", "313177.270", "On or near Station Road",
                       "Violent crime", ""],
                      ["2010-12", "Kent Police", "Kent Police", "", "", "No location", "Anti-social behaviour", ""]],
                     header=header)

    report = import_police_files(by=system_user, paths=[path])

    assert report.rows == 2 and report.imported[0].rows_without_location == 1
    located = CrimeRecord.objects.get(crime_type__name="Violent crime")
    # The Ordnance Survey's worked example, moved from OSGB36 to WGS84 (about 100 m west here).
    assert located.longitude == pytest.approx(1.71605, abs=0.0001)
    assert located.latitude == pytest.approx(52.65798, abs=0.0001)
    assert located.lsoa_code == ""


def test_the_national_grid_projection_matches_the_ordnance_surveys_worked_example():
    import math

    from eunomia.crime.osgb import _osgb36_latlon

    lat, lon = _osgb36_latlon(651409.903, 313177.270)
    # "A guide to coordinate systems in Great Britain", worked example: 52°39'27.2531"N 1°43'4.5177"E.
    assert math.degrees(lat) == pytest.approx(52 + 39 / 60 + 27.2531 / 3600, abs=1e-7)
    assert math.degrees(lon) == pytest.approx(1 + 43 / 60 + 4.5177 / 3600, abs=1e-7)


def test_a_byte_order_mark_and_rows_without_a_location_are_fine(tmp_path, db, system_user):
    path = write_csv(tmp_path / "bom.csv", [row(), row(lsoa="", lsoa_name="", lon="", lat="")], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    report = import_police_files(by=system_user, paths=[path])

    assert not report.refused
    assert (report.rows, report.imported[0].rows_without_location) == (2, 1)


# Bad input ---------------------------------------------------------------------------------------------

def refused(tmp_path, system_user, name, rows=None, *, header=HEADER, encoding="utf-8", raw=None):
    path = tmp_path / name
    if raw is not None:
        path.write_bytes(raw)
    else:
        write_csv(path, rows, header=header, encoding=encoding)
    events = AuditEvent.objects.count()
    report = import_police_files(by=system_user, paths=[path])
    assert not report.imported and CrimeRecord.objects.count() == 0 and DataMonth.objects.count() == 0
    assert AuditEvent.objects.count() == events + 1, "only the summary of the attempt is audited"
    return "\n".join(report.refused)


def test_an_unknown_crime_type_refuses_the_file_naming_the_line(tmp_path, db, system_user):
    message = refused(tmp_path, system_user, "types.csv", [row(), row(), row("Jaywalking")])
    assert message == "types.csv line 4: the crime type 'Jaywalking' is not a police.uk crime type"


def test_a_truncated_file_is_refused(tmp_path, db, system_user):
    whole = b"\n".join(",".join(r).encode() for r in [HEADER, row(), row()])
    message = refused(tmp_path, system_user, "cut.csv", raw=whole[:-40])
    assert message.startswith("cut.csv line 3: has ") and "the file may have been cut short" in message


def test_text_that_is_not_utf8_is_refused(tmp_path, db, system_user):
    message = refused(tmp_path, system_user, "latin.csv", [row(), row()] + [row(lsoa_name="Tonbridge and Malling 005A é")],
                      encoding="latin-1")
    assert message.startswith("latin.csv line 4: is not UTF-8 text (byte 0xe9)")


def test_a_wrong_header_says_what_was_expected(tmp_path, db, system_user):
    message = refused(tmp_path, system_user, "header.csv", [["1", "2"]], header=["Date", "Crime"])
    assert message.startswith("header.csv: the first line is not a police.uk street-level header.")
    assert "missing Month, Falls within, Crime type" in message and "not expected: Date, Crime" in message


@pytest.mark.parametrize("bad, message", [
    (row(lsoa="X123"), "'X123' is not an LSOA code"),
    (row(lon="east", lat="51"), "the longitude and latitude 'east', '51' are not numbers"),
    (row(lon="12.5", lat="51"), "the point 12.5, 51.0 is not in England or Wales"),
    (row(month="2025-04"), "is for Testshire Police 2025-04, but the file is for Testshire Police 2025-03; "
                           "a file must hold one force's month"),
])
def test_bad_rows_refuse_the_file(tmp_path, db, system_user, bad, message):
    assert refused(tmp_path, system_user, "bad.csv", [row(), bad]) == f"bad.csv line 3: {message}"


def test_the_same_force_month_twice_in_one_import_is_refused(tmp_path, db, system_user):
    first = write_csv(tmp_path / "a.csv", [row()])
    second = write_csv(tmp_path / "b.csv", [row(), row()])
    report = import_police_files(by=system_user, paths=[first, second])
    assert [r.source for r in report.imported] == ["a.csv"]
    assert report.refused == ["b.csv: Testshire Police 2025-03 is also in a.csv; import one of the two"]
    assert CrimeRecord.objects.count() == 1


def test_a_refused_reimport_keeps_the_month_already_there(tmp_path, db, system_user):
    good = write_csv(tmp_path / "good.csv", [row(), row()])
    import_police_files(by=system_user, paths=[good])
    bad = write_csv(tmp_path / "bad.csv", [row(), row("Jaywalking")])

    report = import_police_files(by=system_user, paths=[bad])

    assert report.refused and not report.imported
    assert DataMonth.objects.get().rows == 2 and CrimeRecord.objects.count() == 2


def test_paths_that_are_not_files_are_reported(tmp_path, db, system_user):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    (tmp_path / "empty.csv").write_bytes(b"")
    report = import_police_files(by=system_user, paths=[tmp_path / "missing.csv", tmp_path / "notes.txt",
                                                         tmp_path / "broken.zip", tmp_path / "empty.csv"])
    assert report.refused == [f"{tmp_path / 'missing.csv'}: there is no such file or folder",
                              "notes.txt: not a CSV file, a folder or a zip",
                              "broken.zip is not a zip file that can be opened",
                              "empty.csv: the file is empty"]


# Speed: blocks, the columns checked at once, and COPY's CSV ------------------------------------------------

def stored_rows():
    return sorted(CrimeRecord.objects.values_list("crime_type__name", "lsoa_code", "longitude", "latitude", "location",
                                                  "crime_id", "outcome__name", "context"))


def awkward_rows():
    """Rows whose text needs escaping in COPY's text format, outcomes never seen before (one first
    met in a later chunk), and rows without a location or an outcome."""
    rows = [row(outcome="A phrase never seen before"), row("Anti-social behaviour", crime_id="", outcome="")]
    rows += [row(lon="", lat="", lsoa="", lsoa_name="", crime_id=f"id{n}") for n in range(3)]
    rows.append(row(crime_id="back\\slash", outcome="Another new phrase"))
    rows.append(row(outcome="A phrase never seen before", lsoa="W01000001", lsoa_name="Cardiff 001A"))
    awkward = row(crime_id="tab\there", outcome="Another new phrase")
    awkward[6] = "On or near\nHigh Street\r\\N"
    awkward[11] = "context with \\N, a tab\tand a \\ backslash"
    return rows + [awkward, row("Shoplifting", lon="-1.5", lat="52.0")]


# A block of 500 bytes holds two or three rows: blocks end inside the file, and a new outcome is met in a later one.
@pytest.mark.parametrize("block_bytes", [500, 4 << 20])
def test_blocks_store_every_value_as_written(tmp_path, db, system_user, monkeypatch, block_bytes):
    from eunomia.crime import importer

    monkeypatch.setattr(importer, "BLOCK_BYTES", block_bytes)
    rows = awkward_rows()
    path = write_csv(tmp_path / "awkward.csv", rows)

    report = import_police_files(by=system_user, paths=[path])

    assert not report.refused
    assert (report.rows, report.imported[0].rows_without_location) == (len(rows), 3)
    expected = sorted((r[9], r[7], float(r[4]) if r[4] else None, float(r[5]) if r[5] else None, r[6], r[0],
                       r[10] or None, r[11]) for r in rows)
    assert stored_rows() == expected
    assert "W01000001" in {code for code, in CrimeRecord.objects.values_list("lsoa_code")}


@pytest.mark.parametrize("block_bytes", [300, 4 << 20])
def test_a_bad_row_in_a_later_block_refuses_the_file_and_keeps_what_was_there(tmp_path, db, system_user, monkeypatch,
                                                                              block_bytes):
    from eunomia.crime import importer

    monkeypatch.setattr(importer, "BLOCK_BYTES", block_bytes)
    import_police_files(by=system_user, paths=[write_csv(tmp_path / "good.csv", [row(), row()])])
    rows = [row() for _ in range(7)] + [row("Jaywalking")] + [row(lat="nowhere")] + [row() for _ in range(3)]

    report = import_police_files(by=system_user, paths=[write_csv(tmp_path / "bad.csv", rows)])

    assert report.refused == ["bad.csv line 9: the crime type 'Jaywalking' is not a police.uk crime type\n"
                              "bad.csv line 10: the longitude and latitude '0.351', 'nowhere' are not numbers"]
    assert DataMonth.objects.get().rows == 2 and CrimeRecord.objects.count() == 2
    assert not CrimeRecord.objects.filter(crime_id="").exists()


@pytest.mark.parametrize("raw, message", [
    (b"\n".join(",".join(r).encode() for r in [HEADER] + [row()] * 5) + b"\n" + ",".join(row()).encode("latin-1")
     .replace(b"High", b"H\xe9gh"), "pipe.csv line 7: is not UTF-8 text (byte 0xe9)"),
    (b"\n".join(",".join(r).encode() for r in [HEADER] + [row()] * 5) + b"\n" + b"x" * 200_000,
     "pipe.csv line 7: cannot be read as CSV (field larger than field limit"),
])
def test_unreadable_text_in_a_later_block_names_the_line(tmp_path, db, system_user, monkeypatch, raw, message):
    from eunomia.crime import importer

    monkeypatch.setattr(importer, "BLOCK_BYTES", 300_000)
    assert refused(tmp_path, system_user, "pipe.csv", raw=raw).startswith(message)


def test_problems_in_several_blocks_and_rows_left_out_are_named_by_their_lines(tmp_path, db, system_user,
                                                                               monkeypatch):
    from eunomia.crime import importer

    monkeypatch.setattr(importer, "BLOCK_BYTES", 300)
    short = ",".join(row()[:5]).encode()
    lines = [",".join(r).encode() for r in [HEADER] + [row()] * 4]
    lines += [short, ",".join(row(lsoa="X1")).encode(), short] + [",".join(row()).encode()] * 3
    lines.append(",".join(row("Jaywalking")).encode())
    message = refused(tmp_path, system_user, "many.csv", raw=b"\n".join(lines) + b"\n")
    assert message.split("\n") == [
        "many.csv line 6: has 5 fields, not 12; the file may have been cut short",
        "many.csv line 7: 'X1' is not an LSOA code",
        "many.csv line 8: has 5 fields, not 12; the file may have been cut short",
        "many.csv line 12: the crime type 'Jaywalking' is not a police.uk crime type"]


def test_ten_problems_stop_the_reading(tmp_path, db, system_user):
    message = refused(tmp_path, system_user, "tens.csv", [row("Jaywalking")] * 25)
    assert message.split("\n")[-2:] == ["tens.csv line 11: the crime type 'Jaywalking' is not a police.uk crime type",
                                         "tens.csv: stopped after 10 problems"]


def test_an_import_starts_no_other_process(tmp_path, db, system_user):
    """Killing an import (kill -9) leaves nothing behind: the file is read in the importing process
    itself (ADR 53), where a forked reading child once outlived its parent (ADR 16)."""
    children = Path(f"/proc/self/task/{threading.get_native_id()}/children")
    if not children.exists():
        pytest.skip("needs Linux's /proc")
    seen = []
    path = write_csv(tmp_path / "large.csv", [row() for _ in range(3000)])

    report = import_police_files(by=system_user, paths=[path], progress=lambda *args: seen.append(children.read_text()))

    assert report.rows == 3000 and seen and set(seen) == {""}


def test_a_field_longer_than_the_limit_is_refused(tmp_path, db, system_user):
    # The limit counts characters, as Python's csv did: 70,000 two-byte characters are within it.
    message = refused(tmp_path, system_user, "long.csv", [row(crime_id="é" * 70_000), row(crime_id="x" * 140_000)])
    assert message == "long.csv line 3: cannot be read as CSV (field larger than field limit (131072))"


def test_sqlites_page_cache_is_put_back_after_an_import(tmp_path, db, system_user):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's page cache")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        import_police_files(by=system_user, paths=[write_csv(tmp_path / "good.csv", [row()])])
        bad = write_csv(tmp_path / "bad.csv", [row(force="Other Police"), row("Jaywalking", force="Other Police")])
        assert import_police_files(by=system_user, paths=[bad]).refused
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before


# Reading in a second thread (ADR 53) --------------------------------------------------------------------

def reading_threads():
    return [t for t in threading.enumerate() if t.name == "police-import-reader" and t.is_alive()]


def test_files_are_read_ahead_in_a_thread_and_reported_in_their_order(tmp_path, db, system_user, monkeypatch):
    """The next blocks and files are read and checked in a second thread while this one writes;
    imported, refused, repeated and skipped files still come out as they did one at a time, and the
    thread ends with the import."""
    from eunomia.crime import importer

    monkeypatch.setattr(importer, "BLOCK_BYTES", 4096)
    paths = [write_csv(tmp_path / "1-good.csv", [row() for _ in range(200)]),
             write_csv(tmp_path / "2-bad.csv", [row(month="2025-04")] * 150 + [row("Jaywalking", month="2025-04")]
                       + [row(month="2025-04")] * 50),
             write_csv(tmp_path / "3-twice.csv", [row()] * 100),
             write_csv(tmp_path / "4-outcomes.csv", [["ab12", "2025-03"]], header=["Crime ID", "Outcome type"]),
             write_csv(tmp_path / "5-later.csv", [row(month="2025-05")] * 300)]
    threads_while_writing = []

    report = import_police_files(by=system_user, paths=paths,
                                 progress=lambda *args: threads_while_writing.append(len(reading_threads())))

    assert [(r.source, r.rows) for r in report.imported] == [("1-good.csv", 200), ("5-later.csv", 300)]
    assert report.refused == [
        "2-bad.csv line 152: the crime type 'Jaywalking' is not a police.uk crime type",
        "3-twice.csv: Testshire Police 2025-03 is also in 1-good.csv; import one of the two"]
    assert report.skipped == ["4-outcomes.csv: an outcomes file, not street-level crime; not imported"]
    assert sorted(DataMonth.objects.values_list("month", "rows")) == [
        (date(2025, 3, 1), 200), (date(2025, 5, 1), 300)]
    assert CrimeRecord.objects.count() == 500
    # The first block is written while the reader, held back by its queue, still has most to read.
    assert threads_while_writing[0] == 1
    assert not reading_threads()


def test_a_failure_while_writing_stops_the_reading_thread_and_keeps_nothing(tmp_path, db, system_user, monkeypatch):
    from eunomia.crime import importer

    monkeypatch.setattr(importer, "BLOCK_BYTES", 4096)
    path = write_csv(tmp_path / "large.csv", [row() for _ in range(2000)])

    def progress(done, total, text):
        raise RuntimeError("the job's progress could not be saved")

    with pytest.raises(RuntimeError, match="could not be saved"):
        import_police_files(by=system_user, paths=[path], progress=progress)

    assert not reading_threads()
    assert not DataMonth.objects.exists() and not CrimeRecord.objects.exists()
