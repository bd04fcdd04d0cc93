#!/usr/bin/env bash
# The demo as a release built it, kept as its backup for the upgrade test (tests/upkeep/test_upgrade.py, ADR 74):
#   scripts/release_fixture.sh v0.18.0
# builds the demo with that tag's code at a fixed instant (a git worktree, this checkout's virtualenv and
# assets), backs it up with this checkout's `backup`, and writes tests/upkeep/releases/<version>-demo.tar.gz.
set -euo pipefail
tag="${1:?the release tag, like v0.18.0}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'git -C "$here" worktree remove --force "$work/code" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$here" worktree add --detach "$work/code" "$tag" >/dev/null
ln -s "$here/node_modules" "$work/code/node_modules"
mkdir -p "$work/code/build" && cp -r "$here/build/static" "$work/code/build/static"
cd "$work/code"
PYTHONPATH="$work/code" DATABASE_URL="sqlite:///$work/demo.sqlite3" EUNOMIA_VAR_DIR="$work/var" \
  "$here/.venv/bin/python" - <<'PY'
import datetime, os
import django, time_machine
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eunomia.settings")
with time_machine.travel(datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC), tick=True):
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
PY
cd "$here"
DATABASE_URL="sqlite:///$work/demo.sqlite3" EUNOMIA_MEDIA_ROOT="$work/var/uploads" EUNOMIA_AUDIT_CHECKPOINT_FILE="" \
  .venv/bin/python manage.py backup "tests/upkeep/releases/${tag#v}-demo.tar.gz"
