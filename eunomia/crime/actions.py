"""Writes of the crime app that start from a person: an upload of police.uk files to import."""

import re
import secrets

from eunomia.crime.jobs import remove_upload, uploads_root
from eunomia.jobs import actions as job_actions

IMPORT_KIND = "crime.import_police_data"


def _safe_name(name):
    """The uploaded file's own name, cut down to characters safe in a path (it is shown on the job
    page and in the import's source, so it is kept recognisable)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(".-")
    return stem[-120:] or "upload"


def start_police_import(*, by, partnership, upload):
    """Save an uploaded police.uk file under MEDIA_ROOT/imports/<random>/ and queue the job that
    imports it (and then deletes it). Returns the job."""
    folder = uploads_root() / secrets.token_hex(16)
    folder.mkdir(parents=True)
    path = folder / _safe_name(upload.name)
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        return job_actions.enqueue(by=by, kind=IMPORT_KIND, params={"paths": [str(path)], "upload": True},
                                   partnership=partnership)
    except BaseException:
        # Nothing queued, so nothing would ever delete the file.
        remove_upload([path])
        raise
