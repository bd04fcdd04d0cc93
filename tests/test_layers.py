"""The apps' layers hold (docs/adr/0038): import-linter keeps the contract in pyproject.toml (`make
test` runs it), and these tests show that a new import against it fails naming both modules, that
every app has its place, and that no app imports another inside a function."""

import importlib.util
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
# The source read as text: the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_pass


def _graph():
    spec = importlib.util.spec_from_file_location("app_graph", ROOT / "scripts" / "app_graph.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lint(folder):
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True, text=True)


def test_the_contract_is_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_import_against_the_layers_fails_naming_both_modules(tmp_path):
    shutil.copytree(ROOT / "eunomia", tmp_path / "eunomia", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with open(tmp_path / "eunomia" / "core" / "formatting.py", "a") as module:
        module.write("\nfrom eunomia.casework.models import Case  # noqa: E402,F401\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "eunomia.core.formatting -> eunomia.casework.models" in result.stdout


def test_every_app_has_its_place_in_the_layers():
    contract = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
    placed = {app.strip() for layer in contract["layers"] for app in layer.split("|")}
    assert placed == set(_graph().apps())


def test_no_two_apps_import_each_other_and_no_import_hides_in_a_function():
    graph = _graph()
    assert graph.mutual_pairs() == []
    assert graph.function_level_imports() == []
