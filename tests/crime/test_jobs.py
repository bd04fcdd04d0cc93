"""The background job that imports an uploaded police.uk file: what it stores, what it says, and
that the upload is deleted however the job ends."""

import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from eunomia.crime.actions import start_police_import
from eunomia.crime.jobs import remove_upload, uploads_root
from eunomia.crime.models import CrimeRecord, DataMonth
from eunomia.geography.models import Area
from eunomia.jobs import actions as job_actions
from eunomia.jobs.models import Job
from tests.crime.test_importer import row, write_csv


def upload_of(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def run_next():
    job = job_actions.claim_next(worker="test")
    assert job is not None
    return job_actions.run_job(job)


def kent(crime_type="Burglary", *, month="2025-01", lsoa="E01024701", name="Tonbridge and Malling 001A", **options):
    return row(crime_type, month=month, force="Kent Police", lsoa=lsoa, lsoa_name=name, **options)


def test_an_uploaded_csv_is_imported_and_then_deleted(media, tonbridge, analyst, partnership, tmp_path):
    path = write_csv(tmp_path / "2025-01-kent-street.csv",
                     [kent(), kent("Anti-social behaviour", crime_id="", outcome=""), kent(lon="", lat="", lsoa="",
                                                                                             name="")])
    job = start_police_import(by=analyst, partnership=partnership, upload=upload_of(path))
    saved = job.params["paths"][0]
    assert job.params["upload"] is True and saved.startswith(str(uploads_root()))
    assert open(saved, "rb").read() == path.read_bytes()

    job = run_next()

    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["Rows imported"] == 3
    assert job.result["Force-months imported"] == ["Kent Police 2025-01: 3 rows"]
    assert job.result["Rows without a location"] == 1
    assert job.result["Problems"] == []
    month = DataMonth.objects.get()
    assert (month.force.name, month.rows, month.imported_by, month.source) == (
        "Kent Police", 3, analyst, "2025-01-kent-street.csv")
    assert CrimeRecord.objects.count() == 3
    # The LSOA met in the file now belongs to the partnership's district.
    assert Area.objects.get(code="E01024701").lad == tonbridge
    assert not list(uploads_root().iterdir())


def test_a_second_upload_of_the_same_month_says_it_replaced_it(media, tonbridge, analyst, partnership, tmp_path):
    path = write_csv(tmp_path / "street.csv", [kent()])
    start_police_import(by=analyst, partnership=partnership, upload=upload_of(path))
    run_next()
    start_police_import(by=analyst, partnership=partnership, upload=upload_of(write_csv(path, [kent(), kent()])))
    job = run_next()
    assert job.result["Force-months replaced (imported before, now replaced)"] == ["Kent Police 2025-01"]
    assert DataMonth.objects.get().rows == 2 and CrimeRecord.objects.count() == 2


def test_a_zip_as_police_uk_serves_it(media, tonbridge, analyst, partnership, tmp_path):
    january = write_csv(tmp_path / "a.csv", [kent()])
    march = write_csv(tmp_path / "b.csv", [kent(month="2025-03"), kent(month="2025-03")])
    archive = tmp_path / "police.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(january, "2025-01/2025-01-kent-street.csv")
        bundle.write(march, "2025-03/2025-03-kent-street.csv")
    start_police_import(by=analyst, partnership=partnership, upload=upload_of(archive))
    job = run_next()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["Rows imported"] == 3
    assert sorted(DataMonth.objects.values_list("month__month", "rows")) == [(1, 1), (3, 2)]


def test_a_bad_row_fails_the_job_naming_the_line_and_keeps_nothing(media, tonbridge, analyst, partnership,
                                                                    tmp_path):
    path = write_csv(tmp_path / "street.csv", [kent(), kent("Shouting"), kent()])
    start_police_import(by=analyst, partnership=partnership, upload=upload_of(path))

    job = run_next()

    assert job.status == Job.Status.FAILED
    assert "1 file(s) could not be imported" in job.error
    assert "street.csv line 3: the crime type 'Shouting' is not a police.uk crime type" in job.error
    assert job.result["Problems"] == ["street.csv line 3: the crime type 'Shouting' is not a police.uk crime type"]
    assert job.result["Rows imported"] == 0
    assert not DataMonth.objects.exists() and not CrimeRecord.objects.exists()
    assert not list(uploads_root().iterdir())


def test_a_zip_without_street_level_files_fails_the_job(media, analyst, partnership, tmp_path):
    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("README.txt", "nothing here")
    start_police_import(by=analyst, partnership=partnership, upload=upload_of(archive))
    job = run_next()
    assert job.status == Job.Status.FAILED
    assert "held no police.uk street-level crime file" in job.error
    assert not list(uploads_root().iterdir())


def test_removing_an_upload_never_touches_anything_outside_the_uploads_folder(media, tmp_path):
    outside = tmp_path / "keep" / "data.csv"
    outside.parent.mkdir()
    outside.write_text("x")
    inside = uploads_root() / "abc" / "data.csv"
    inside.parent.mkdir(parents=True)
    inside.write_text("x")
    remove_upload([str(outside), str(inside), str(uploads_root() / "data.csv")])
    assert outside.exists() and not inside.parent.exists() and uploads_root().exists()


def test_a_job_on_files_already_on_the_server_leaves_them_there(media, tonbridge, system_user, tmp_path):
    path = write_csv(tmp_path / "street.csv", [kent()])
    job_actions.enqueue(by=system_user, kind="crime.import_police_data", params={"paths": [str(path)]})
    job = run_next()
    assert job.status == Job.Status.SUCCEEDED and path.exists()
