"""The demo district's invented source files: real formats, read by the real importers, the same
bytes every time, with the patterns and the gap the demo assessment is meant to show."""

import csv
import datetime
import io
import json
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from eunomia.core.dates import months_before
from eunomia.crime.importer import import_police_files
from eunomia.crime.models import CrimeRecord, DataMonth, Force
from eunomia.demo import area as demo_area
from eunomia.demo import build as demo
from eunomia.geography import actions as geography_actions
from eunomia.geography.models import Area
from eunomia.geography.queries import lsoa_codes_of
from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Partnership

TODAY = datetime.date(2026, 11, 26)
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return demo_area.write_demo_files(tmp_path_factory.mktemp("harrowdale"), today=TODAY)


def _rows(files):
    """Every police.uk row written, read back with the csv module: {month: [row dict, ...]}."""
    rows = {}
    for path in sorted(files.police.rglob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == demo_area.HEADER
            rows[path.parent.name] = list(reader)
    return rows


def _import(files, by=None):
    for path in files.boundaries:
        geography_actions.import_boundaries(by=by, path=path)
    geography_actions.import_population(by=by, path=files.population)
    return import_police_files(by=by, paths=[files.police])


def test_files_are_named_and_laid_out_like_the_real_ones(files):
    root = files.directory
    assert sorted(str(p.relative_to(root)) for p in (root / "boundaries").rglob("*.json")) == [
        "boundaries/lsoa_by_lad/E07999901.json", "boundaries/msoa_by_lad/E07999901.json",
        "boundaries/wards_by_lad/E07999901.json"]
    assert (root / "police" / "2026-10" / "2026-10-northshire-street.csv").exists()
    raw = files.population.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfLSOA code (2011),LSOA name (2011),")
    assert re.search(rb'^E01999\d{3},Harrowdale \d{3}[A-D],E07999901,Harrowdale,"1,\d{3}",', raw, re.MULTILINE)

    rows = [row for month in _rows(files).values() for row in month]
    assert {row["Falls within"] for row in rows} == {row["Reported by"] for row in rows} == {"Northshire Police"}
    asb = [row for row in rows if row["Crime type"] == "Anti-social behaviour"]
    crimes = [row for row in rows if row["Crime type"] != "Anti-social behaviour"]
    assert all(row["Crime ID"] == "" and row["Last outcome category"] == "" for row in asb)
    assert all(HEX64.match(row["Crime ID"]) for row in crimes)
    assert len({row["Crime ID"] for row in crimes}) == len(crimes)
    outcomes = Counter(row["Last outcome category"] for row in crimes)
    assert {"Investigation complete; no suspect identified", "Unable to prosecute suspect", "Under investigation",
            "Offender given a caution", "Court result unavailable"} <= set(outcomes)
    unplaced = [row for row in rows if not row["LSOA code"]]
    assert unplaced and all(row["Longitude"] == row["Latitude"] == "" and row["Location"] == "No Location"
                            and row["Crime type"] != "Anti-social behaviour" for row in unplaced)
    placed = [row for row in rows if row["LSOA code"]]
    assert all(re.fullmatch(r"Harrowdale \d{3}[A-D]", row["LSOA name"]) for row in placed)
    assert all(-1.21 < float(row["Longitude"]) < -0.99 and 52.49 < float(row["Latitude"]) < 52.61 for row in placed)


@pytest.mark.django_db
def test_the_real_importers_read_every_file_into_the_expected_areas_and_counts(files):
    report = _import(files)
    assert report.refused == [] and report.unplaced_lsoas == []
    assert len(report.imported) == 35

    lad = Area.objects.get(code="E07999901")
    assert (lad.type, lad.name) == ("lad", "Harrowdale")
    counts = dict(Area.objects.filter(lad=lad).values_list("type").annotate(n=Count("id")))
    assert counts == {"ward": 12, "msoa": 16, "lsoa": 64}
    lsoas = Area.objects.filter(type="lsoa", lad=lad)
    assert not lsoas.filter(ward__isnull=True).exists() and not lsoas.filter(parent__isnull=True).exists()
    assert all(lsoa.parent.name == lsoa.name[:-1] for lsoa in lsoas.select_related("parent"))
    assert lsoas.get(code="E01999901").name == "Harrowdale 001A"
    # Every ward has LSOAs; the town-centre ward has its four.
    assert Counter(lsoas.values_list("ward__name", flat=True))["Castle and Market"] == 4
    assert set(lsoas.values_list("ward__name", flat=True)) == set(demo_area.WARDS)

    with open(files.population, encoding="utf-8-sig", newline="") as handle:
        people = {row[0]: int(row[4].replace(",", "")) for row in list(csv.reader(handle))[1:]}
    assert dict(lsoas.values_list("code", "population")) == people
    assert lad.population == sum(people.values())
    assert 1200 * 64 < lad.population < 1900 * 64

    written = Counter((month, row["Crime type"]) for month, rows in _rows(files).items() for row in rows)
    stored = Counter({(f"{month:%Y-%m}", name): n for month, name, n in CrimeRecord.objects.values_list(
        "data_month__month", "crime_type__name").annotate(n=Count("id"))})
    assert stored == written
    assert sum(written.values()) == sum(files.rows.values()) == CrimeRecord.objects.count()
    without = sum(1 for rows in _rows(files).values() for row in rows if not row["LSOA code"])
    assert sum(DataMonth.objects.values_list("rows_without_location", flat=True)) == without
    placed = CrimeRecord.objects.exclude(lsoa_code="")
    assert set(placed.values_list("lsoa_code", flat=True)) <= set(lsoas.values_list("code", flat=True))


def test_the_same_seed_and_day_write_the_same_bytes(files, tmp_path):
    again = demo_area.write_demo_files(tmp_path / "again", today=TODAY)

    def contents(directory):
        return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}

    first = contents(files.directory)
    assert len(first) == 3 + 1 + 35
    assert contents(again.directory) == first

    other = contents(demo_area.write_demo_files(tmp_path / "seed", today=TODAY, seed=1).directory)
    assert other.keys() == first.keys() and other != first
    later = demo_area.write_demo_files(tmp_path / "later", today=datetime.date(2027, 2, 1))
    assert later.months[-1] == datetime.date(2027, 1, 1)


@pytest.mark.django_db
def test_one_older_month_is_missing_and_the_default_assessment_years_are_complete(files):
    months = months_before(TODAY, 36)
    assert months[0] == datetime.date(2026, 10, 1) and months[-1] == datetime.date(2023, 11, 1)
    assert files.missing_month == months[29] == datetime.date(2024, 5, 1)
    assert files.months == sorted(set(months) - {files.missing_month})
    assert not (files.police / "2024-05").exists()
    _import(files)
    held = set(DataMonth.objects.filter(force__name="Northshire Police").values_list("month", flat=True))
    assert held == set(months) - {datetime.date(2024, 5, 1)}
    # The last 12 full months and the 12 before are all there.
    assert set(months[:24]) <= held


def test_the_files_hold_the_patterns_an_analyst_should_find(files):
    rows = _rows(files)
    last = [m for m in rows if m >= "2025-11"]
    before = [m for m in rows if "2024-11" <= m < "2025-11"]
    assert len(last) == len(before) == 12

    def count(months, crime_type, lsoas=None):
        return sum(1 for m in months for row in rows[m]
                   if row["Crime type"] == crime_type and (lsoas is None or row["LSOA code"] in lsoas))

    town = _lsoas_of_ward(files, "Castle and Market")
    copley = _lsoas_of_ward(files, "Copley Ford")
    violence = "Violence and sexual offences"
    assert count(last, violence, town) > 1.1 * count(before, violence, town)
    assert count(last, "Burglary") < 0.85 * count(before, "Burglary")
    assert count(last, "Anti-social behaviour") < count(before, "Anti-social behaviour")
    assert count(last, "Anti-social behaviour", copley) > 1.15 * count(before, "Anti-social behaviour", copley)
    vehicle = count(last, "Vehicle crime") / count(before, "Vehicle crime")
    assert 0.85 < vehicle < 1.15

    shoplifting = Counter((row["LSOA code"], row["Location"]) for m in last for row in rows[m]
                          if row["Crime type"] == "Shoplifting")
    top = [where for where, _ in shoplifting.most_common(4)]
    assert sum(shoplifting[where] for where in top) > 0.6 * sum(shoplifting.values())
    assert {location for _, location in top} == {"On or near Market Street", "On or near Shopping Area",
                                                  "On or near Supermarket", "On or near Petrol Station"}

    per_month = {m: len(r) for m, r in rows.items()}
    assert all(650 < n < 1100 for n in per_month.values())
    asb_share = sum(count([m], "Anti-social behaviour") for m in rows) / sum(per_month.values())
    assert 0.22 < asb_share < 0.32
    summer = sum(count([m], "Anti-social behaviour") for m in rows if m[5:] in ("06", "07", "08"))
    winter = sum(count([m], "Anti-social behaviour") for m in rows if m[5:] in ("12", "01", "02"))
    assert summer > 1.3 * winter


def _lsoas_of_ward(files, ward):
    """The LSOA codes whose middle lies in the ward's block of the grid, read from the boundary file."""
    i0, j0, i1, j1 = demo_area.WARDS[ward]
    codes = set()
    for feature in json.loads(files.boundaries[2].read_text())["features"]:
        ring = feature["geometry"]["coordinates"][0][:-1]
        x = (sum(p[0] for p in ring) / len(ring) - demo_area.WEST) / demo_area.CELL_LON
        y = (sum(p[1] for p in ring) / len(ring) - demo_area.SOUTH) / demo_area.CELL_LAT
        if i0 <= x < i1 and j0 <= y < j1:
            codes.add(feature["properties"]["LSOA11CD"])
    assert codes
    return codes


@pytest.mark.django_db
def test_load_demo_imports_harrowdales_area_once(db):
    call_command("load_demo", stdout=io.StringIO())
    harrowdale = Partnership.objects.get(slug="harrowdale")
    assert len(lsoa_codes_of(harrowdale)) == 64
    months = DataMonth.objects.filter(force__name="Northshire Police")
    assert months.count() == 35
    latest = months_before(timezone.localdate(), 1)[0]
    assert months.filter(month=latest).exists()
    assert not months.filter(month=months_before(timezone.localdate(), 30)[-1]).exists()
    assert months.first().imported_by.email == "analyst@harrowdale.example"
    counts = [Area.objects.count(), DataMonth.objects.count(), CrimeRecord.objects.count(), Force.objects.count()]
    assert counts[2] > 20000

    call_command("load_demo", stdout=io.StringIO())
    assert [Area.objects.count(), DataMonth.objects.count(), CrimeRecord.objects.count(),
            Force.objects.count()] == counts


@pytest.mark.django_db
def test_remove_demo_removes_harrowdales_area_and_crime_but_nothing_else(files, system_user):
    partner_actions.create_partnership(by=system_user, name="Harrowdale (old demo)", slug="harrowdale",
                                       local_authority_codes=["E07999901"], is_demo=True)
    _import(files)
    other = Area.objects.create(code="E07000115", name="Tonbridge and Malling", type="lad")
    Area.objects.create(code="E01024717", name="Tonbridge and Malling 005A", type="lsoa", lad=other)
    kent = Force.objects.create(name="Kent Police")
    DataMonth.objects.create(force=kent, month=datetime.date(2025, 5, 1), rows=0, source="x.csv",
                             imported_at=timezone.now())

    demo.remove_demo()

    assert not Area.objects.filter(code__startswith="E07999").exists()
    assert not Area.objects.filter(lad__code="E07999901").exists()
    assert not Force.objects.filter(name="Northshire Police").exists()
    assert not CrimeRecord.objects.exists()
    assert Area.objects.filter(lad=other).count() == 1 and DataMonth.objects.filter(force=kent).count() == 1

    # And the files import again cleanly afterwards.
    assert _import(files).refused == []


def test_write_demo_data_command(tmp_path):
    out = io.StringIO()
    call_command("write_demo_data", str(tmp_path / "out"), "--today", "2026-11-26", stdout=out)
    assert "35 months of police.uk files, November 2023 to October 2026" in out.getvalue()
    assert "May 2024 left out" in out.getvalue()
    assert (tmp_path / "out" / "police" / "2023-11" / "2023-11-northshire-street.csv").exists()
    with pytest.raises(CommandError, match="not a date"):
        call_command("write_demo_data", str(tmp_path / "out"), "--today", "26/11/2026")
