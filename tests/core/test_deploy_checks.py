"""`manage.py check --deploy` in production mode (ADR 42): HSTS with subdomains and preload and the
redirect to HTTPS are on by default, so none of W005, W008 or W021 is raised; each can be turned off."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
WARNINGS = ("security.W005", "security.W008", "security.W021")
# A subprocess with its own settings and SQLite file: the same on either pass (tests/conftest.py).
pytestmark = pytest.mark.one_pass


def check_deploy(tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("EUNOMIA_", "DJANGO_"))}
    env.update(EUNOMIA_ENV="production", SECRET_KEY="x" * 60 + "-a-long-random-production-secret",
               DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}", ALLOWED_HOSTS="eunomia.example",
               EUNOMIA_SITE_URL="https://eunomia.example", EUNOMIA_VAR_DIR=str(tmp_path))
    env.update(extra)
    env = {key: value for key, value in env.items() if value is not None}  # None: left unset
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    return result.stdout + result.stderr


def test_production_mode_passes_the_deploy_checks_for_https(tmp_path):
    output = check_deploy(tmp_path)

    assert "System check identified" in output or "no issues" in output, output
    for warning in WARNINGS:
        assert warning not in output


@pytest.mark.parametrize(("variable", "warning"), [
    ("EUNOMIA_HSTS_INCLUDE_SUBDOMAINS", "security.W005"),
    ("EUNOMIA_SSL_REDIRECT", "security.W008"),
    ("EUNOMIA_HSTS_PRELOAD", "security.W021"),
])
def test_each_can_be_turned_off_and_the_check_then_says_so(tmp_path, variable, warning):
    assert warning in check_deploy(tmp_path, **{variable: "0"})


def test_production_mode_refuses_to_start_without_the_sites_address(tmp_path):
    # Emails link to it (notifications, tasking reminders): without it they would point at 127.0.0.1.
    output = check_deploy(tmp_path, EUNOMIA_SITE_URL=None)
    assert "ImproperlyConfigured: EUNOMIA_SITE_URL must be set when EUNOMIA_ENV=production" in output, output
