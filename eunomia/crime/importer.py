"""Importing police.uk street-level crime files: one CSV, a folder of them, or the zip police.uk serves.

Each file holds one force's month. A file imports whole or not at all: any row that cannot be
read (wrong number of fields, another month or force, an unknown crime type, a malformed LSOA
code or coordinate, text that is not UTF-8) refuses the file, naming the file and the lines, and
nothing of it is kept. Rows police.uk publishes without a location (no LSOA, no coordinates) are
valid and counted as such. Re-importing a force's month replaces it.

Speed matters (a national month is about 550,000 rows; see benchmarks/bench_import.py and ADR
0016), so rows go to the database in bulk outside the ORM: multi-row INSERTs on SQLite, COPY of
pre-formatted text on PostgreSQL. The loop in `_check_rows` is written for speed: local names, one
pass, no per-row function calls that can be avoided. Large files are read and checked in a forked
child process while this one writes (`_read_rows`).
"""

import codecs
import csv
import fcntl
import gc
import io
import multiprocessing
import pickle
import zipfile
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.core.bulk import BulkWriter, escape
from eunomia.core.dates import parse_month
from eunomia.crime.models import CrimeRecord, CrimeType, DataMonth, Force, Outcome
from eunomia.crime.osgb import easting_northing_to_lonlat
from eunomia.geography.actions import register_lsoas

# Columns of the street-level files, by the names police.uk uses. Files are read by header name,
# so the current layout (with longitude/latitude and LSOA) and the first one (easting/northing,
# no LSOA, no crime ID) both work.
REQUIRED = ("Month", "Falls within", "Crime type")
KNOWN = {"Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Easting", "Northing",
         "Location", "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"}
# Headers of the other files in a police.uk download, which are skipped with a note.
OTHER_FILES = {"Outcome type": "an outcomes file", "Object of search": "a stop and search file"}

MAX_PROBLEMS = 10
CHUNK_ROWS = 20000
# Files at least this big are read in a child process while this one writes (see _read_rows); for
# smaller ones starting the child costs more than it saves.
PIPELINE_BYTES = 2 << 20
# The pipe between the two is made 1 MiB, and the child sends chunks small enough (about 0.5 MiB
# pickled) to fit whole: otherwise the processes take turns for every part of a chunk, and on a busy
# machine each turn waits for the scheduler (measured: the pipeline was slower than one process).
PIPE_BYTES = 1 << 20
PIPE_CHUNK_ROWS = 4000  # also the chunk streamed into PostgreSQL's COPY: the server works on one as this reads the next
# Only where it pays. PostgreSQL's server process is the slower half of an import there (its foreign
# key checks above all), and a third busy process on two cores slowed the whole (ADR 0016).
PIPELINE_DATABASES = {"sqlite"}
# Generous bounds around England, Wales and their islands: a point outside is a broken coordinate.
LONGITUDE_RANGE = (-11.0, 3.0)
LATITUDE_RANGE = (49.0, 61.0)
RECORD_COLUMNS = ("data_month_id", "crime_type_id", "lsoa_code", "longitude", "latitude", "location", "crime_id",
                  "outcome_id", "context")


class ImportProblem(Exception):
    """A file (or a path) that cannot be imported; the message says which and why."""


@dataclass
class Source:
    name: str
    open: object
    size: int


@dataclass
class FileResult:
    source: str
    force: str
    month: str
    rows: int
    rows_without_location: int
    replaced: bool


@dataclass
class ImportReport:
    imported: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    unplaced_lsoas: list = field(default_factory=list)

    @property
    def rows(self):
        return sum(r.rows for r in self.imported)

    def as_dict(self):
        return {
            "rows imported": self.rows,
            "files imported": [f"{r.source}: {r.force} {r.month}, {r.rows:,} rows"
                               f"{f' ({r.rows_without_location:,} without a location)' if r.rows_without_location else ''}"
                               f"{', replacing the earlier import' if r.replaced else ''}" for r in self.imported],
            "files refused": self.refused,
            "files skipped": self.skipped,
            "LSOAs not in any known local authority": self.unplaced_lsoas,
        }


# Finding the files ------------------------------------------------------------------------------------

def _zip_sources(path):
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ImportProblem(f"{path.name} is not a zip file that can be opened") from None
    return [Source(f"{path.name}:{info.filename}", lambda info=info: archive.open(info), info.file_size)
            for info in sorted(archive.infolist(), key=lambda i: i.filename)
            if info.filename.lower().endswith(".csv") and not info.is_dir()]


def find_sources(paths):
    """The CSV files to read from the paths given (files, folders, zips), and problems with paths."""
    sources, problems = [], []
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.suffix.lower() == ".csv":
                        sources.append(Source(str(child.relative_to(path.parent)), lambda child=child: child.open("rb"),
                                              child.stat().st_size))
                    elif child.suffix.lower() == ".zip":
                        sources.extend(_zip_sources(child))
            elif not path.exists():
                problems.append(f"{raw}: there is no such file or folder")
            elif path.suffix.lower() == ".zip":
                sources.extend(_zip_sources(path))
            elif path.suffix.lower() == ".csv":
                sources.append(Source(path.name, lambda path=path: path.open("rb"), path.stat().st_size))
            else:
                problems.append(f"{path.name}: not a CSV file, a folder or a zip")
        except ImportProblem as problem:
            problems.append(str(problem))
    return sources, problems


# Reading one file ---------------------------------------------------------------------------------------

@dataclass
class Layout:
    index: dict

    @classmethod
    def from_header(cls, header, name):
        names = [h.strip() for h in header]
        for marker, what in OTHER_FILES.items():
            if marker in names:
                return what
        missing = [c for c in REQUIRED if c not in names]
        has_position = {"Longitude", "Latitude"} <= set(names) or {"Easting", "Northing"} <= set(names)
        unknown = [c for c in names if c not in KNOWN and c]
        if missing or unknown or not has_position or len(set(names)) != len(names):
            raise ImportProblem(
                f"{name}: the first line is not a police.uk street-level header. Expected columns such as "
                f"{', '.join(sorted(KNOWN - {'Easting', 'Northing'}))}; "
                + (f"missing {', '.join(missing)}; " if missing else "")
                + (f"not expected: {', '.join(unknown)}; " if unknown else "")
                + ("no Longitude/Latitude (or Easting/Northing) columns" if not has_position else "").rstrip("; ")
            )
        return cls({n: i for i, n in enumerate(names)})

    def get(self, column):
        return self.index.get(column)


class _CountingReader(io.RawIOBase):
    """Counts the bytes read, for progress through a file."""

    def __init__(self, raw):
        self.raw, self.count = raw, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


def _problem(problems, name, line, message):
    problems.append(f"{name} line {line}: {message}")
    if len(problems) >= MAX_PROBLEMS:
        raise ImportProblem("\n".join(problems + [f"{name}: stopped after {MAX_PROBLEMS} problems"]))


def _first_bad_utf8(source):
    """Where a file stops being UTF-8: (line number, the offending byte). Only called once decoding
    has failed, so reading the file again costs nothing in the usual case."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with source.open() as raw:
        while chunk := raw.read(1 << 16):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                return line + chunk.count(b"\n", 0, error.start), chunk[error.start]
            line += chunk.count(b"\n")
    return line, 0


def _check_lsoa(code):
    return len(code) == 9 and code[0] in "EW" and code[1:3] == "01" and code[3:].isdigit()


# Writing rows -----------------------------------------------------------------------------------------

def _copy_text(rows):
    """PostgreSQL: the chunk as COPY text for the bulk writer, formatted here in one go for this
    table's nine columns (a value-by-value formatter cost 1-2 s of a national month)."""
    lines = []
    append = lines.append
    null = "\\N"
    for data_month, crime_type, lsoa, lon, lat, location, crime_id, outcome, context in rows:
        text = location + crime_id + context
        if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
            location, crime_id, context = escape(location), escape(crime_id), escape(context)
        append(f"{data_month}\t{crime_type}\t{lsoa}\t{null if lon is None else lon}\t{null if lat is None else lat}\t"
               f"{location}\t{crime_id}\t{null if outcome is None else outcome}\t{context}\n")
    return "".join(lines).encode()


def _outcome_ids():
    return dict(Outcome.objects.values_list("name", "id"))


# The import ---------------------------------------------------------------------------------------------

def import_police_files(*, by, paths, progress=None):
    """Import every street-level file found under `paths`. Returns an ImportReport; each file is
    its own transaction, so one refused file does not undo the others."""
    sources, problems = find_sources(paths)
    report = ImportReport(refused=problems)
    seen = {}
    lsoa_names = {}
    types = {t.name: t for t in CrimeType.objects.all()}
    for number, source in enumerate(sources, start=1):
        try:
            result = _import_source(by=by, source=source, seen=seen, types=types, lsoa_names=lsoa_names,
                                    progress=progress, number=number, total=len(sources))
        except ImportProblem as problem:
            report.refused.append(str(problem))
            continue
        if isinstance(result, str):
            report.skipped.append(result)
        else:
            report.imported.append(result)
    if lsoa_names:
        report.unplaced_lsoas = _register_lsoas(by, lsoa_names)
    audit.record(by=by, action="crime.police_data_imported", data={
        "imported": [(r.source, r.force, r.month, r.rows, r.replaced) for r in report.imported],
        "refused": len(report.refused), "skipped": len(report.skipped)})
    return report


def _register_lsoas(by, names):
    """Tell the geography app about the LSOAs the files named, so areas police.uk uses that the
    boundary files lack (2021 LSOAs) still belong to their local authority."""
    return sorted(register_lsoas(by=by, names=names))


def _import_source(*, by, source, seen, types, lsoa_names, progress, number, total):
    name = source.name
    try:
        raw = source.open()
    except OSError as error:
        raise ImportProblem(f"{name}: cannot be opened ({error.strerror or error})") from None
    counting = _CountingReader(raw)
    text = io.TextIOWrapper(io.BufferedReader(counting, 1 << 20), encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        try:
            header = next(reader)
        except StopIteration:
            raise ImportProblem(f"{name}: the file is empty") from None
        layout = Layout.from_header(header, name)
        if isinstance(layout, str):
            return f"{name}: {layout}, not street-level crime; not imported"
        try:
            first = next(reader)
        except StopIteration:
            raise ImportProblem(f"{name}: has a header but no rows") from None
        month_text = first[layout.get("Month")].strip() if len(first) > layout.get("Month") else ""
        force_name = first[layout.get("Falls within")].strip() if len(first) > layout.get("Falls within") else ""
        month = parse_month(month_text)
        if month is None:
            raise ImportProblem(f"{name} line 2: the month '{month_text}' is not a month in the form YYYY-MM")
        if not force_name:
            raise ImportProblem(f"{name} line 2: 'Falls within' is empty, so the force is not known")
        key = (force_name, month_text)
        if key in seen:
            raise ImportProblem(f"{name}: {force_name} {month_text} is also in {seen[key]}; import one of the two")

        def report_progress(rows):
            if progress:
                progress(number - 1 + min(counting.count / max(source.size, 1), 1), total,
                         f"{name}: {rows:,} rows")

        file_lsoa_names = {}
        with transaction.atomic():
            force, _ = Force.objects.get_or_create(name=force_name)
            existing = DataMonth.objects.filter(force=force, month=month).first()
            if existing is not None:
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {CrimeRecord._meta.db_table} WHERE data_month_id = %s", [existing.pk])
                existing.delete()
            data_month = DataMonth.objects.create(force=force, month=month, rows=0, source=name[:300],
                                                  imported_at=timezone.now(), imported_by=by)
            rows, without_location = _read_rows(
                reader=chain([first], reader), csv_reader=reader, counting=counting,
                pipelined=source.size >= PIPELINE_BYTES, layout=layout, name=name, month_text=month_text,
                force_name=force_name,
                data_month_id=data_month.pk, types=types, lsoa_names=file_lsoa_names, report_progress=report_progress)
            data_month.rows, data_month.rows_without_location = rows, without_location
            data_month.save(update_fields=["rows", "rows_without_location"])
            audit.record(by=by, action="crime.month_imported", obj=data_month,
                         data={"source": name, "rows": rows, "replaced": existing is not None})
    except UnicodeDecodeError:
        line, byte = _first_bad_utf8(source)
        raise ImportProblem(f"{name} line {line}: is not UTF-8 text (byte 0x{byte:02x}); "
                            "save the file as UTF-8 and import it again") from None
    except csv.Error as error:
        raise ImportProblem(f"{name} line {reader.line_num}: cannot be read as CSV ({error})") from None
    finally:
        text.close()
    seen[key] = name
    lsoa_names.update(file_lsoa_names)
    report_progress(rows)
    return FileResult(name, force_name, month_text, rows, without_location, existing is not None)


def _read_rows(*, reader, csv_reader, counting, pipelined, layout, name, month_text, force_name, data_month_id,
               types, lsoa_names, report_progress):
    """Validate and write every row; return (rows, rows without a location). Raises ImportProblem
    (and so rolls the file back) once it has found problems.

    With `pipelined`, a forked child process reads and checks the rows and sends them here in
    chunks, while this process writes the chunk before: on two cores that overlaps the two halves
    of the work (see ADR 0016). The child never uses the database; everything it finds comes back
    here, so errors, refusals and the transaction work as when reading in this process."""
    outcome_ids = _outcome_ids()
    postgres = connection.vendor == "postgresql"
    pipelined = (pipelined and connection.vendor in PIPELINE_DATABASES
                 and "fork" in multiprocessing.get_all_start_methods())
    checked = _check_rows(reader=reader, layout=layout, name=name, month_text=month_text, force_name=force_name,
                          data_month_id=data_month_id, type_ids={n: t.pk for n, t in types.items()},
                          outcome_ids=dict(outcome_ids), lsoa_names=lsoa_names,
                          chunk_rows=min(CHUNK_ROWS, PIPE_CHUNK_ROWS) if pipelined or postgres else CHUNK_ROWS)
    chunks = _from_child(checked, csv_reader, counting, name, lsoa_names) if pipelined else _in_process(checked)
    try:
        return _store(chunks, outcome_ids, report_progress)
    finally:
        chunks.close()  # stops the child at once if writing failed


def _store(chunks, outcome_ids, report_progress):
    """Write the chunks given by _in_process or _from_child; return (rows, rows without a location).
    On PostgreSQL one COPY stays open across chunks (eunomia.core.bulk), so the server stores rows
    while this process reads the next ones; it is paused only to add an outcome not seen before
    (rare)."""
    named = False
    with BulkWriter(CrimeRecord._meta.db_table, RECORD_COLUMNS, copy_text=_copy_text) as writer:
        for kind, chunk, new_outcomes in chunks:
            if kind == "done":
                writer.close()  # ends the COPY, so the server has every row
                return writer.rows, chunk
            if new_outcomes:
                writer.pause()
                # Outcomes seen for the first time were left as their names; give them ids now.
                for outcome in new_outcomes:
                    outcome_ids[outcome] = Outcome.objects.get_or_create(name=outcome)[0].pk
                named = True
            if named:
                chunk = [row if type(row[7]) is not str else row[:7] + (outcome_ids[row[7]],) + row[8:]
                         for row in chunk]
            writer.write(chunk)
            report_progress(writer.rows)
    raise RuntimeError("the rows ended without their summary")


def _in_process(checked):
    while True:
        try:
            chunk, new_outcomes = next(checked)
        except StopIteration as end:
            yield "done", end.value, None
            return
        yield "rows", chunk, new_outcomes


def _from_child(checked, csv_reader, counting, name, lsoa_names):
    """Run `checked` in a forked child; yield what _in_process would. The child's messages are
    pickled tuples: ("rows", chunk, new outcomes, bytes read), ("done", rows without a location,
    the LSOAs named), ("refused", message) or ("error", exception)."""
    receiver, sender = multiprocessing.Pipe(duplex=False)
    try:
        fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (AttributeError, OSError):  # not Linux, or a lower limit: slower, still right
        pass
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(checked, csv_reader, counting, name, lsoa_names, sender), daemon=True)
    child.start()
    sender.close()
    try:
        while True:
            try:
                message = pickle.loads(receiver.recv_bytes())
            except EOFError:
                raise RuntimeError(f"{name}: the process reading the file stopped "
                                   f"(exit code {child.exitcode})") from None
            kind = message[0]
            if kind == "rows":
                counting.count = message[3]
                yield "rows", message[1], message[2]
            elif kind == "done":
                lsoa_names.update(message[2])
                yield "done", message[1], None
                return
            elif kind == "refused":
                raise ImportProblem(message[1])
            else:
                raise message[1]
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


def _child(checked, csv_reader, counting, name, lsoa_names, sender):
    """The forked child: check the rows, send them on. Leaves by os._exit (multiprocessing's fork),
    so nothing of the parent's, such as its database connection, is closed or flushed here."""
    # The cycle collector would walk every object inherited from the parent, copying the pages it
    # touches (twice the time of reading, measured); the rows made here hold no cycles.
    gc.disable()
    send = sender.send_bytes
    try:
        while True:
            try:
                chunk, new_outcomes = next(checked)
            except StopIteration as end:
                send(pickle.dumps(("done", end.value, lsoa_names), pickle.HIGHEST_PROTOCOL))
                return
            send(pickle.dumps(("rows", chunk, new_outcomes, counting.count), pickle.HIGHEST_PROTOCOL))
    except ImportProblem as problem:
        send(pickle.dumps(("refused", str(problem))))
    except csv.Error as error:
        send(pickle.dumps(("refused", f"{name} line {csv_reader.line_num}: cannot be read as CSV ({error})")))
    except Exception as error:  # noqa: BLE001 - re-raised in the parent
        try:
            message = pickle.dumps(("error", error))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled: keep its text
            message = pickle.dumps(("error", RuntimeError(f"{name}: {error!r}")))
        send(message)
    finally:
        sender.close()


def _check_rows(*, reader, layout, name, month_text, force_name, data_month_id, type_ids, outcome_ids, lsoa_names,
                chunk_rows):
    """Check every row; yield (chunk of rows in RECORD_COLUMNS order, outcomes first seen in it)
    and return the number of rows without a location. An outcome not yet in the database is left
    as its name, for the writing side to resolve. Raises ImportProblem for problems."""
    get = layout.get
    width = len(layout.index)
    i_month, i_force, i_type = get("Month"), get("Falls within"), get("Crime type")
    i_id, i_location, i_lsoa, i_lsoa_name = get("Crime ID"), get("Location"), get("LSOA code"), get("LSOA name")
    i_outcome, i_context = get("Last outcome category"), get("Context")
    i_lon, i_lat, i_east, i_north = get("Longitude"), get("Latitude"), get("Easting"), get("Northing")
    grid = i_lon is None
    # Columns a layout lacks read as "", from a field added to each row, so no test per column.
    i_id, i_location, i_lsoa, i_lsoa_name, i_outcome, i_context = (
        width if i is None else i for i in (i_id, i_location, i_lsoa, i_lsoa_name, i_outcome, i_context))
    outcome_ids[""] = None
    new_outcomes = []
    problems = []
    chunk = []
    append = chunk.append
    without_location = 0
    line = 1
    lon_min, lon_max = LONGITUDE_RANGE
    lat_min, lat_max = LATITUDE_RANGE
    for row in reader:
        line += 1
        if len(row) != width:
            _problem(problems, name, line, f"has {len(row)} fields, not {width}"
                     + ("; the file may have been cut short" if len(row) < width else ""))
            continue
        if row[i_month] != month_text or row[i_force] != force_name:
            _problem(problems, name, line, f"is for {row[i_force]} {row[i_month]}, but the file is for "
                                           f"{force_name} {month_text}; a file must hold one force's month")
            continue
        type_id = type_ids.get(row[i_type])
        if type_id is None:
            _problem(problems, name, line, f"the crime type '{row[i_type]}' is not a police.uk crime type")
            continue
        row.append("")
        lsoa = row[i_lsoa]
        if lsoa and lsoa not in lsoa_names:
            if not _check_lsoa(lsoa):
                _problem(problems, name, line, f"'{lsoa}' is not an LSOA code")
                continue
            lsoa_names[lsoa] = row[i_lsoa_name]
        if grid:
            east, north = row[i_east], row[i_north]
            lon = lat = None
            if east or north:
                try:
                    lon, lat = easting_northing_to_lonlat(float(east), float(north))
                except ValueError:
                    _problem(problems, name, line, f"the easting and northing '{east}', '{north}' are not numbers")
                    continue
        else:
            lon_text, lat_text = row[i_lon], row[i_lat]
            if lon_text or lat_text:
                try:
                    lon, lat = float(lon_text), float(lat_text)
                except ValueError:
                    _problem(problems, name, line, f"the longitude and latitude '{lon_text}', '{lat_text}' are not numbers")
                    continue
            else:
                lon = lat = None
        if lon is None:
            without_location += 1
        elif not (lon_min <= lon <= lon_max and lat_min <= lat <= lat_max):
            _problem(problems, name, line, f"the point {lon}, {lat} is not in England or Wales")
            continue
        outcome = row[i_outcome]
        try:
            outcome_id = outcome_ids[outcome]
        except KeyError:
            outcome_id = outcome_ids[outcome] = outcome
            new_outcomes.append(outcome)
        append((data_month_id, type_id, lsoa, lon, lat, row[i_location][:300], row[i_id][:64], outcome_id,
                row[i_context]))
        if len(chunk) >= chunk_rows:
            if problems:
                raise ImportProblem("\n".join(problems))
            yield chunk, new_outcomes
            chunk, new_outcomes = [], []
            append = chunk.append
    if problems:
        raise ImportProblem("\n".join(problems))
    if chunk:
        yield chunk, new_outcomes
    return without_location
