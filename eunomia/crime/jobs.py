"""Background jobs of the crime app: importing police.uk files uploaded through the browser."""

import shutil
from pathlib import Path

from django.conf import settings

from eunomia.crime.importer import import_police_files
from eunomia.jobs.registry import JobFailed, handler

UPLOADS_FOLDER = "imports"


def uploads_root():
    return Path(settings.MEDIA_ROOT) / UPLOADS_FOLDER


def remove_upload(paths):
    """Delete the folders an upload was saved in. Only folders directly under the uploads root are
    touched, whatever the job's parameters say, so a job can never delete anything else."""
    root = uploads_root().resolve()
    for raw in paths:
        folder = Path(raw).resolve().parent
        if folder.parent == root:
            shutil.rmtree(folder, ignore_errors=True)


def _result(report):
    """The importer's report in the words the job page shows."""
    problems = [line for refusal in report.refused for line in refusal.splitlines()]
    return {
        "Rows imported": report.rows,
        "Force-months imported": [f"{r.force} {r.month}: {r.rows:,} rows" for r in report.imported],
        "Force-months replaced (imported before, now replaced)": [
            f"{r.force} {r.month}" for r in report.imported if r.replaced],
        "Rows without a location": sum(r.rows_without_location for r in report.imported),
        "Files skipped (not street-level crime)": report.skipped,
        "LSOAs not in any known local authority": report.unplaced_lsoas,
        "Problems": problems,
    }


@handler("crime.import_police_data", title="Import police.uk data", unit="files")
def import_police_data(job, progress):
    paths = list(job.params.get("paths", []))
    try:
        progress(0, None, "Reading the files")
        report = import_police_files(by=job.created_by, paths=paths, progress=progress)
    finally:
        if job.params.get("upload"):
            remove_upload(paths)
    result = _result(report)
    if report.refused:
        kept = (f" The other {len(report.imported)} file(s) were imported." if report.imported else "")
        raise JobFailed(
            f"{len(report.refused)} file(s) could not be imported, and nothing of them was kept.{kept} "
            f"Correct the file and upload it again.\n" + "\n".join(report.refused),
            result=result)
    if not report.imported:
        raise JobFailed("The upload held no police.uk street-level crime file, so nothing was imported. Upload "
                        "the street-level CSV file or the zip police.uk serves.", result=result)
    return result
