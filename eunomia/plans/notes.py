"""What apps above plans say about a plan beside its approval and publication: the board meeting that
approved it, its sending to the Police and Crime Commissioner (ADR 64). Plans shows the notes on the
plan's page and on each published version without knowing which app wrote them."""

from dataclasses import dataclass

_note_sources = []


@dataclass(frozen=True)
class PlanNote:
    """One row: what it is about (`label`), what to say, and a link to follow if there is one."""

    label: str
    text: str
    url: str = ""
    link_text: str = ""


def plan_note(function):
    """Register function(*, plan, version) -> list of PlanNote, from an app's `plan_uses` module.
    `version` is None for the plan's own page (members only) and the PublishedVersion shown on the
    public site otherwise: what is said there must be public."""
    _note_sources.append(function)
    return function


def notes_for(plan, *, version=None):
    return [note for source in _note_sources for note in source(plan=plan, version=version)]
