from django import forms
from django.conf import settings

from eunomia.core.forms import GovukForm

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def max_upload_bytes():
    return settings.CRIME_UPLOAD_MAX_BYTES


def _megabytes(size):
    return f"{size / (1024 * 1024):,.0f} MB"


class PoliceUploadForm(GovukForm):
    submit_label = "Upload and import"

    file = forms.FileField(
        label="Police.uk file",
        help_text="A street-level crime CSV file, or the zip police.uk gives you to download.",
        error_messages={"required": "Select a police.uk CSV or zip file",
                        "empty": "The selected file is empty",
                        "invalid": "Select a police.uk CSV or zip file"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
        if suffix not in ("csv", "zip"):
            raise forms.ValidationError(f"The selected file, {name}, must be a CSV or a zip file")
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(f"The selected file must be smaller than {_megabytes(limit)}")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        start = upload.read(4)
        upload.seek(0)
        if suffix == "zip" and start not in ZIP_SIGNATURES:
            raise forms.ValidationError(f"The selected file, {name}, is not a zip file that can be opened")
        if suffix == "csv" and start in ZIP_SIGNATURES:
            raise forms.ValidationError(f"The selected file, {name}, is a zip file: give it a name ending .zip")
        return upload
