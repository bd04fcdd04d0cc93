"""The demo's invented data, kept in data files beside the code that builds it (ADR 37):
`data/harrowdale.toml` (directory, people, plans, targets, figures, evidence, casework) and
`data/texts.toml` (the plans' texts, with {placeholders} the builder fills in)."""

import tomllib
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "data"


def _load(name):
    with open(FOLDER / name, "rb") as file:
        return tomllib.load(file)


DEMO = _load("harrowdale.toml")
TEXTS = _load("texts.toml")
