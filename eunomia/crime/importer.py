"""Importing police.uk street-level crime files: one CSV, a folder of them, or the zip police.uk serves.

Each file holds one force's month. A file imports whole or not at all: any row that cannot be
read (wrong number of fields, another month or force, an unknown crime type, a malformed LSOA
code or coordinate, text that is not UTF-8) refuses the file, naming the file and the lines, and
nothing of it is kept. Rows police.uk publishes without a location (no LSOA, no coordinates) are
valid and counted as such. Re-importing a force's month replaces it.

Speed matters (a national month is about 550,000 rows; see benchmarks/bench_import.py and ADRs
0016 and 0053), so a file is read by Arrow's compiled CSV reader (pyarrow) in blocks of
`BLOCK_BYTES`, every column of a block is checked at once (`_check_batch`), and rows go to the
database in bulk outside the ORM: `executemany` from the block's columns on SQLite, COPY of the
block written as CSV by Arrow on PostgreSQL. Rows are looked at one by one only to word the
problems of a block that has some. Reading and checking run in a second thread, a few blocks (and
files) ahead of the writing, so the two use the machine's two cores. Everything runs in this one
process: nothing outlives it.
"""

import codecs
import csv
import io
import queue
import threading
import zipfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import chain, islice, repeat
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.db import connection, transaction
from django.utils import timezone

from eunomia.audit import actions as audit
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
# Arrow reads a file this many bytes at a time (about 25,000 national rows): memory stays flat
# whatever the size of the file. A single row longer than this cannot be read.
BLOCK_BYTES = 4 << 20
# The longest field accepted, as Python's csv module had it before (ADR 0053): a field this long
# is not police.uk data.
FIELD_LIMIT = 131072
# Generous bounds around England, Wales and their islands: a point outside is a broken coordinate.
LONGITUDE_RANGE = (-11.0, 3.0)
LATITUDE_RANGE = (49.0, 61.0)
# SQLite's page cache while importing, in KiB.
SQLITE_CACHE_KIB = 128 << 10
# Rows in one SQLite INSERT statement (9 parameters each, well under SQLite's limit).
INSERT_ROWS = 100
LSOA_PATTERN = "^[EW]01[0-9]{6}$"
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
    """Note a problem (as (line, text), so they can be put in order); refuse at the tenth."""
    problems.append((line, f"{name} line {line}: {message}"))
    if len(problems) >= MAX_PROBLEMS:
        raise ImportProblem(_problems_text(problems) + f"\n{name}: stopped after {MAX_PROBLEMS} problems")


def _problems_text(problems):
    return "\n".join(text for _, text in sorted(problems))


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


# Reading and checking blocks ---------------------------------------------------------------------------

class _File:
    """What checking one file's rows needs and finds: its layout, month and force, the names it may
    use, its problems, and how many rows have been read (so which line a row is on)."""

    def __init__(self, *, name, layout, types, outcome_ids, lsoa_names):
        self.name, self.layout, self.lsoa_names = name, layout, lsoa_names
        self.month_text = self.force_name = ""
        self.type_names = pa.array(list(types), pa.string())
        self.type_ids = pa.array([t.pk for t in types.values()], pa.int64())
        self.set_outcomes(outcome_ids)
        self.problems = []
        self.skipped = []  # rows Arrow left out (the wrong number of fields), numbered from 1 after the header
        self.rows = 0  # rows of earlier blocks
        self.without_location = 0

    def set_outcomes(self, outcome_ids):
        self.outcome_ids = outcome_ids
        self.outcome_names_array = pa.array(list(outcome_ids), pa.string())
        self.outcome_ids_array = pa.array(list(outcome_ids.values()), pa.int64())

    def line_of(self, row):
        """The line of the file (as a record: the header is line 1) of the row-th row Arrow kept."""
        number = row + 1
        for skipped in self.skipped:
            if skipped > number:
                break
            number += 1
        return number + 1

    def invalid_row(self, row):
        """Arrow's handler for a row with the wrong number of fields: noted and left out, so reading
        goes on to find the file's other problems; reading stops at the tenth."""
        if len(self.problems) >= MAX_PROBLEMS:
            return "error"
        self.skipped.append(row.number)
        if len(row.text) > FIELD_LIMIT:
            message = f"cannot be read as CSV (field larger than field limit ({FIELD_LIMIT}))"
        else:
            message = (f"has {row.actual_columns} fields, not {row.expected_columns}"
                       + ("; the file may have been cut short" if row.actual_columns < row.expected_columns else ""))
        line = row.number + 1
        self.problems.append((line, f"{self.name} line {line}: {message}"))
        return "skip"


def _batches(stream, width, on_invalid):
    """The rows after the header as Arrow record batches of `width` text columns (c0, c1, ...),
    BLOCK_BYTES at a time. Read in this thread: Arrow numbers the rows it leaves out only then, and
    the database write is the other half of the work."""
    names = [f"c{i}" for i in range(width)]
    return pacsv.open_csv(
        stream,
        read_options=pacsv.ReadOptions(column_names=names, block_size=BLOCK_BYTES, use_threads=False),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_invalid),
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                             strings_can_be_null=False, quoted_strings_can_be_null=False))


def _points_one_by_one(first, second, convert=None):
    """Coordinates that Arrow's cast would not take (or eastings and northings): each row's pair as
    Python reads it, None where a row has no location. Returns (xs, ys, rows whose pair is not numbers)."""
    xs, ys, bad = [], [], []
    for a, b in zip(first.to_pylist(), second.to_pylist()):
        x = y = None
        wrong = False
        if a or b:
            try:
                x, y = float(a), float(b)
                if convert is not None:
                    x, y = convert(x, y)
            except ValueError:
                x = y = None
                wrong = True
        xs.append(x)
        ys.append(y)
        bad.append(wrong)
    return pa.array(xs, pa.float64()), pa.array(ys, pa.float64()), pa.array(bad, pa.bool_())


def _check_batch(batch, f):
    """Check every row of a block at once. Returns the block's columns in RECORD_COLUMNS order
    (without the month's id, and with outcomes as indexes into f's outcome names: see _outcomes),
    or None if the block has problems, which are added to f.problems with their lines (raising
    ImportProblem at the tenth)."""
    n = batch.num_rows
    get = f.layout.get

    def text(column):
        return batch.column(get(column)) if get(column) is not None else pa.repeat(pa.scalar("", pa.string()), n)

    month, force, crime_type = text("Month"), text("Falls within"), text("Crime type")
    lsoa = text("LSOA code")
    same_month = pc.and_(pc.equal(month, f.month_text), pc.equal(force, f.force_name))
    type_index = pc.index_in(crime_type, value_set=f.type_names)
    lsoa_ok = pc.or_(pc.equal(lsoa, ""), pc.match_substring_regex(lsoa, LSOA_PATTERN))
    if get("Longitude") is None:
        east, north = text("Easting"), text("Northing")
        located = pc.or_(pc.not_equal(east, ""), pc.not_equal(north, ""))
        lon, lat, not_numbers = _points_one_by_one(east, north, easting_northing_to_lonlat)
    else:
        lon_text, lat_text = text("Longitude"), text("Latitude")
        located = pc.or_(pc.not_equal(lon_text, ""), pc.not_equal(lat_text, ""))
        nothing = pa.scalar(None, pa.string())
        try:
            lon = pc.cast(pc.if_else(located, lon_text, nothing), pa.float64())
            lat = pc.cast(pc.if_else(located, lat_text, nothing), pa.float64())
            not_numbers = pa.repeat(pa.scalar(False), n)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            lon, lat, not_numbers = _points_one_by_one(lon_text, lat_text)
    (lon_min, lon_max), (lat_min, lat_max) = LONGITUDE_RANGE, LATITUDE_RANGE
    in_range = pc.fill_null(pc.and_(pc.and_(pc.greater_equal(lon, lon_min), pc.less_equal(lon, lon_max)),
                                    pc.and_(pc.greater_equal(lat, lat_min), pc.less_equal(lat, lat_max))), True)
    ok = pc.and_(pc.and_(same_month, pc.is_valid(type_index)),
                 pc.and_(lsoa_ok, pc.and_(pc.invert(not_numbers), in_range)))
    # Bytes bound characters from above, and are free to count: characters only if that bound trips.
    if any(pc.max(pc.binary_length(column)).as_py() > FIELD_LIMIT for column in batch.columns):
        for column in batch.columns:
            ok = pc.and_(ok, pc.less_equal(pc.utf8_length(column), FIELD_LIMIT))
    if not pc.all(ok).as_py():
        _note_problems(batch, f, ok, month, force, crime_type, lsoa, lon, lat, not_numbers)
        return None

    f.without_location += n - pc.sum(located).as_py()
    if get("LSOA code") is not None:
        codes = [c for c in pc.unique(lsoa).to_pylist() if c and c not in f.lsoa_names]
        if codes:
            first = pc.index_in(pa.array(codes, pa.string()), value_set=lsoa)
            f.lsoa_names.update(zip(codes, pc.take(text("LSOA name"), first).to_pylist()))
    columns = [pc.take(f.type_ids, type_index), lsoa, lon, lat, pc.utf8_slice_codeunits(text("Location"), 0, 300),
               pc.utf8_slice_codeunits(text("Crime ID"), 0, 64), text("Last outcome category"), text("Context")]
    # In the order of the table's index (LSOA, then type): the index's pages are then visited in
    # turn, not at random (1.5x faster on SQLite with a few months already stored; ADR 0053).
    order = pc.sort_indices(pa.record_batch(columns[:2], names=["type", "lsoa"]),
                            sort_keys=[("lsoa", "ascending"), ("type", "ascending")])
    return [pc.take(column, order) for column in columns]


def _note_problems(batch, f, ok, month, force, crime_type, lsoa, lon, lat, not_numbers):
    """Word the problems of a block's bad rows, one by one: the first problem of each row, in the
    order the rows were checked before ADR 0053."""
    for row in pc.indices_nonzero(pc.invert(ok)).to_pylist():
        line = f.line_of(f.rows + row)
        if any(len(column[row].as_py()) > FIELD_LIMIT for column in batch.columns):
            message = f"cannot be read as CSV (field larger than field limit ({FIELD_LIMIT}))"
        elif month[row].as_py() != f.month_text or force[row].as_py() != f.force_name:
            message = (f"is for {force[row].as_py()} {month[row].as_py()}, but the file is for "
                       f"{f.force_name} {f.month_text}; a file must hold one force's month")
        elif crime_type[row].as_py() not in f.type_names.to_pylist():
            message = f"the crime type '{crime_type[row].as_py()}' is not a police.uk crime type"
        elif lsoa[row].as_py() and not pc.match_substring_regex(lsoa[row:row + 1], LSOA_PATTERN)[0].as_py():
            message = f"'{lsoa[row].as_py()}' is not an LSOA code"
        elif not_numbers[row].as_py():
            layout = f.layout
            first, second = (("Longitude", "Latitude") if layout.get("Longitude") is not None
                             else ("Easting", "Northing"))
            values = [batch.column(layout.get(c))[row].as_py() for c in (first, second)]
            what = "longitude and latitude" if first == "Longitude" else "easting and northing"
            message = f"the {what} '{values[0]}', '{values[1]}' are not numbers"
        else:
            message = f"the point {lon[row].as_py()}, {lat[row].as_py()} is not in England or Wales"
        _problem(f.problems, f.name, line, message)


# Writing blocks -----------------------------------------------------------------------------------------

_WRITE_CSV = pacsv.WriteOptions(include_header=False)


class _Writer:
    """Writes checked blocks into crime_crimerecord, in the file's transaction. On PostgreSQL one
    COPY (CSV, which Arrow writes from the columns in C++: every text quoted, so an empty text stays
    empty and only a missing number is NULL) stays open across blocks, so the server stores a block
    while this process reads the next; it is closed only to add an outcome not seen before (rare).
    On SQLite, one executemany a block, its parameters zipped from the columns (most of them made
    Python lists already by the reading thread: _as_python)."""

    def __init__(self, data_month_id):
        self.data_month_id = data_month_id
        self.postgres = connection.vendor == "postgresql"
        self.table = CrimeRecord._meta.db_table
        self.rows = 0
        self._copying = ExitStack()
        self._copy = None

    def __enter__(self):
        if not self.postgres:
            # A page cache big enough for the parts of the table's index a month's rows go into
            # (the default 2 MiB is not, once a few months are stored): 1.3-1.6x faster inserts,
            # measured; the connection's own setting comes back afterwards (ADR 0053).
            connection.ensure_connection()
            raw = connection.connection
            self._cache_size = raw.execute("PRAGMA cache_size").fetchone()[0]
            raw.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
        return self

    def __exit__(self, *exc_info):
        # With an exception the COPY is abandoned, not ended, and the transaction keeps nothing.
        self._copying.__exit__(*exc_info)
        self._copy = None
        if not self.postgres:
            connection.connection.execute(f"PRAGMA cache_size = {int(self._cache_size)}")

    def pause(self):
        self._copying.close()
        self._copy = None

    def write(self, columns):
        n = len(columns[0])
        connection.ensure_connection()
        if self.postgres:
            if self._copy is None:
                cursor = self._copying.enter_context(connection.connection.cursor())
                self._copy = self._copying.enter_context(cursor.copy(
                    f"COPY {self.table} ({', '.join(RECORD_COLUMNS)}) FROM STDIN (FORMAT csv)"))
            table = pa.Table.from_arrays([pa.repeat(pa.scalar(self.data_month_id, pa.int64()), n)] + columns,
                                         names=list(RECORD_COLUMNS))
            sink = pa.BufferOutputStream()
            pacsv.write_csv(table, sink, _WRITE_CSV)
            self._copy.write(memoryview(sink.getvalue()))
        else:
            # Rows of INSERT_ROWS at a time, each statement's parameters cut from one flat iterator of
            # the block's values in row order, all in C: 1.3-1.8x faster than a statement a row.
            cursor = connection.connection.cursor()
            values = chain.from_iterable(zip(repeat(self.data_month_id, n), *(
                column if isinstance(column, list) else column.to_pylist() for column in columns)))
            whole = n - n % INSERT_ROWS
            if whole:
                statement_values = islice(values, whole * len(RECORD_COLUMNS))
                cursor.executemany(self._insert(INSERT_ROWS),
                                   zip(*[statement_values] * (INSERT_ROWS * len(RECORD_COLUMNS))))
            if whole < n:
                cursor.execute(self._insert(n - whole), list(values))
        self.rows += n

    def _insert(self, rows):
        one = f"({','.join('?' * len(RECORD_COLUMNS))})"
        return f"INSERT INTO {self.table} ({', '.join(RECORD_COLUMNS)}) VALUES {','.join([one] * rows)}"


def _as_python(columns):
    """A checked block's columns as Python lists, for sqlite3, but for the outcomes (column 6), whose
    ids only the writing thread can know: done in the reading thread, it takes that work (about a
    tenth of a month's) off the writing one."""
    return [column if n == 6 else column.to_pylist() for n, column in enumerate(columns)]


def _outcomes(columns, f, writer):
    """Turn the block's outcome names into ids, creating the outcomes not seen before (the writer's
    COPY is closed for that). An empty outcome is NULL."""
    names = columns[6]
    index = pc.index_in(names, value_set=f.outcome_names_array)
    unknown = pc.and_(pc.is_null(index), pc.not_equal(names, ""))
    if pc.any(unknown).as_py():
        writer.pause()
        ids = dict(f.outcome_ids)
        for name in pc.unique(pc.filter(names, unknown)).to_pylist():
            ids[name] = Outcome.objects.get_or_create(name=name)[0].pk
        f.set_outcomes(ids)
        index = pc.index_in(names, value_set=f.outcome_names_array)
    columns[6] = pc.take(f.outcome_ids_array, index)
    return columns


def _outcome_ids():
    return dict(Outcome.objects.values_list("name", "id"))


# Reading in a second thread -----------------------------------------------------------------------------

class _Ahead:
    """Runs an iterator in a thread of its own, up to `depth` items ahead of the one taking them, so
    Arrow reads and checks what comes next while this thread writes: both release the interpreter's
    lock for their C work (Arrow's reader and compute; SQLite's statements, PostgreSQL's COPY), so
    the two use two cores (ADR 0053). The iterator must not use the database (a Django connection
    belongs to one thread). Its exceptions are raised where its items are taken. close() stops the
    thread and waits for it; a thread is not a process, so nothing outlives a killed import."""

    _END = object()

    def __init__(self, iterator, depth=4):
        self._queue = queue.Queue(depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(iterator,), name="police-import-reader", daemon=True)
        self._thread.start()

    def _run(self, iterator):
        try:
            for item in iterator:
                if not self._put((item, None)):
                    return
            self._put((self._END, None))
        except BaseException as error:  # handed to the taking thread, which raises it
            self._put((self._END, error))
        finally:
            iterator.close()

    def _put(self, entry):
        while not self._stop.is_set():
            try:
                self._queue.put(entry, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self):
        while True:
            item, error = self._queue.get()
            if error is not None:
                raise error
            if item is self._END:
                return
            yield item

    def close(self):
        self._stop.set()
        self._thread.join()


@dataclass
class _Opened:
    """A file whose header and first row have been read: what writing it needs to know first."""
    source: Source
    f: _File
    month: object
    counting: _CountingReader


@dataclass
class _FileEnd:
    """The end of a file's blocks, with the problem that refused it while it was read, if any."""
    problem: ImportProblem = None


def _read_sources(sources, types, python_values):
    """Every source's reading, in turn: first an _Opened (or a note that the file was skipped, or the
    ImportProblem that refused it before its rows), then its checked blocks (None for a block with
    problems), then a _FileEnd. Runs in the reading thread, so it touches no database. With
    python_values, the blocks' columns come as Python lists, but for the outcomes (_as_python)."""
    for source in sources:
        yield from _read_source(source, types, python_values)


def _read_source(source, types, python_values):
    name = source.name
    try:
        raw = source.open()
    except OSError as error:
        yield ImportProblem(f"{name}: cannot be opened ({error.strerror or error})")
        return
    counting = _CountingReader(raw)
    stream = io.BufferedReader(counting, 1 << 20)
    f = None
    opened = False
    try:
        try:
            header_line = stream.readline()
            if not header_line:
                raise ImportProblem(f"{name}: the file is empty")
            header = next(csv.reader([header_line.decode("utf-8-sig")]), [])
            layout = Layout.from_header(header, name)
            if isinstance(layout, str):
                yield f"{name}: {layout}, not street-level crime; not imported"
                return
            f = _File(name=name, layout=layout, types=types, outcome_ids={}, lsoa_names={})
            batches = _batches(stream, len(layout.index), f.invalid_row)
            first = next((batch for batch in batches if batch.num_rows), None)
            if first is None:
                if f.problems:
                    raise ImportProblem(_problems_text(f.problems))
                raise ImportProblem(f"{name}: has a header but no rows")
            f.month_text = first.column(layout.get("Month"))[0].as_py().strip()
            f.force_name = first.column(layout.get("Falls within"))[0].as_py().strip()
            month = parse_month(f.month_text)
            if month is None:
                raise ImportProblem(f"{name} line {f.line_of(0)}: the month '{f.month_text}' is not a month "
                                    "in the form YYYY-MM")
            if not f.force_name:
                raise ImportProblem(f"{name} line {f.line_of(0)}: 'Falls within' is empty, so the force is not known")
            opened = True
            yield _Opened(source, f, month, counting)
            for batch in chain([first], batches):
                if batch.num_rows:
                    columns = _check_batch(batch, f)
                    f.rows += batch.num_rows
                    yield _as_python(columns) if python_values and columns is not None else columns
        except UnicodeDecodeError:
            raise _not_utf8(source) from None
        except pa.ArrowInvalid as error:
            raise _unreadable(error, source, f) from None
    except ImportProblem as problem:
        yield _FileEnd(problem) if opened else problem
        return
    finally:
        stream.close()
    yield _FileEnd()


def _unreadable(error, source, f):
    """The ImportProblem for what Arrow could not read."""
    name = source.name
    if "invalid UTF8" in str(error):
        return _not_utf8(source)
    if f is not None and len(f.problems) >= MAX_PROBLEMS:
        return ImportProblem(_problems_text(f.problems) + f"\n{name}: stopped after {MAX_PROBLEMS} problems")
    line = f.line_of(f.rows) if f is not None else 2
    if "straddl" in str(error):
        return ImportProblem(f"{name} line {line}: cannot be read as CSV (a row is longer than {BLOCK_BYTES:,} bytes)")
    return ImportProblem(f"{name} line {line}: cannot be read as CSV ({error})")


def _not_utf8(source):
    line, byte = _first_bad_utf8(source)
    return ImportProblem(f"{source.name} line {line}: is not UTF-8 text (byte 0x{byte:02x}); "
                         "save the file as UTF-8 and import it again")


class _Reading:
    """This thread's view of the reading thread's items: a file at a time, then its blocks."""

    def __init__(self, items):
        self._items = iter(items)
        self._in_file = False

    def next_file(self):
        item = next(self._items)
        self._in_file = isinstance(item, _Opened)
        return item

    def blocks(self):
        """The checked blocks of the file opened last; raises the problem its reading ended with."""
        while self._in_file:
            item = next(self._items)
            if isinstance(item, _FileEnd):
                self._in_file = False
                if item.problem is not None:
                    raise item.problem
                return
            yield item

    def skip_file(self):
        """Pass over what is left of the file opened last (it is not being written)."""
        try:
            for _ in self.blocks():
                pass
        except ImportProblem:
            pass


# The import ---------------------------------------------------------------------------------------------

def import_police_files(*, by, paths, progress=None):
    """Import every street-level file found under `paths`. Returns an ImportReport; each file is
    its own transaction, so one refused file does not undo the others. The files are read and
    checked in a second thread (_Ahead), a few blocks ahead of the writing in this one."""
    sources, problems = find_sources(paths)
    report = ImportReport(refused=problems)
    seen = {}
    lsoa_names = {}
    types = {t.name: t for t in CrimeType.objects.all()}
    ahead = _Ahead(_read_sources(sources, types, python_values=connection.vendor == "sqlite"))
    try:
        reading = _Reading(ahead)
        for number, source in enumerate(sources, start=1):
            try:
                result = _import_source(by=by, reading=reading, seen=seen, lsoa_names=lsoa_names,
                                        progress=progress, number=number, total=len(sources))
            except ImportProblem as problem:
                report.refused.append(str(problem))
                continue
            if isinstance(result, str):
                report.skipped.append(result)
            else:
                report.imported.append(result)
    finally:
        ahead.close()
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


def _import_source(*, by, reading, seen, lsoa_names, progress, number, total):
    """Write the next file the reading thread has opened, in a transaction of its own."""
    opened = reading.next_file()
    if isinstance(opened, ImportProblem):
        raise opened
    if isinstance(opened, str):
        return opened
    name, f, counting, size = opened.source.name, opened.f, opened.counting, opened.source.size
    key = (f.force_name, f.month_text)
    if key in seen:
        reading.skip_file()
        raise ImportProblem(f"{name}: {f.force_name} {f.month_text} is also in {seen[key]}; import one of the two")

    def report_progress(rows):
        if progress:
            progress(number - 1 + min(counting.count / max(size, 1), 1), total, f"{name}: {rows:,} rows")

    try:
        with transaction.atomic():
            force, _ = Force.objects.get_or_create(name=f.force_name)
            existing = DataMonth.objects.filter(force=force, month=opened.month).first()
            if existing is not None:
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {CrimeRecord._meta.db_table} WHERE data_month_id = %s", [existing.pk])
                existing.delete()
            data_month = DataMonth.objects.create(force=force, month=opened.month, rows=0, source=name[:300],
                                                  imported_at=timezone.now(), imported_by=by)
            f.set_outcomes(_outcome_ids())
            rows = _write_rows(reading.blocks(), f, data_month.pk, report_progress)
            data_month.rows, data_month.rows_without_location = rows, f.without_location
            data_month.save(update_fields=["rows", "rows_without_location"])
            audit.record(by=by, action="crime.month_imported", obj=data_month,
                         data={"source": name, "rows": rows, "replaced": existing is not None})
    finally:
        reading.skip_file()
    seen[key] = name
    lsoa_names.update(f.lsoa_names)
    report_progress(rows)
    return FileResult(name, f.force_name, f.month_text, rows, f.without_location, existing is not None)


def _write_rows(blocks, f, data_month_id, report_progress):
    """Write the blocks of a file with no problems so far; return the number of rows. Once a problem
    is found nothing more is written, while the reading thread goes on to name the file's other
    problems (up to MAX_PROBLEMS); then ImportProblem rolls the file back."""
    with _Writer(data_month_id) as writer:
        for columns in blocks:
            if columns is None or f.problems:
                continue
            writer.write(_outcomes(columns, f, writer))
            report_progress(writer.rows)
        if f.problems:
            raise ImportProblem(_problems_text(f.problems))
        return writer.rows
