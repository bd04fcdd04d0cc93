from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from eunomia.partners.models import Partnership


def partnership_named(slug):
    try:
        return Partnership.objects.get(slug=slug)
    except Partnership.DoesNotExist:
        raise CommandError(f"There is no partnership with the slug '{slug}'") from None


def read_file(path):
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"{path} is not a file")
    return path.read_bytes()


def refused(path, error: ValidationError):
    lines = [f"{Path(path).name}: {message}" for message in error.messages]
    return CommandError("The file was refused and nothing was stored:\n" + "\n".join(lines))
