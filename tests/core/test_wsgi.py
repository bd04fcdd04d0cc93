"""The WSGI module freezes what it has loaded, so full collections skip it (ADR 59)."""

import subprocess
import sys

from django.conf import settings


def test_the_wsgi_application_starts_with_its_modules_frozen():
    script = "import gc, eunomia.wsgi; print(gc.get_freeze_count())"
    result = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, capture_output=True, text=True,
                            timeout=120, check=True)
    assert int(result.stdout.strip()) > 10_000
