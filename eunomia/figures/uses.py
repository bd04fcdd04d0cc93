"""What the apps above figures do with a figure.

Plans name figures in their text and keep a target's actual as a figure, but figures sit below
plans (docs/adr/0001), so a figure's page cannot ask plans directly. Instead an app registers, in
its `figure_uses` module (found at start-up, like `measures`):

    @figure_use
    def named_in_sections(figure):
        return [Use("Named in", [Link("Introduction (2025/26)", "/p/.../text/introduction/")])]

    @figure_keeper
    def target_actual(figure):
        # None unless this app keeps the figure's value
        return Keeper(obj=target, permission=Permission.TARGET_RECORD_ACTUAL, page_url="...", record=...)

A figure whose value another record keeps (a target's actual, with its milestone judgement) is
recorded through that record, from the figure's page and API alike.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Use:
    label: str
    links: list


@dataclass(frozen=True)
class Keeper:
    obj: object
    permission: str
    page_url: str
    # record(*, by, via, milestone_met=None, **value): records the value through the keeping record.
    record: Callable


_uses = []
_keepers = []


def figure_use(function):
    _uses.append(function)
    return function


def figure_keeper(function):
    _keepers.append(function)
    return function


def uses_of(figure):
    return [use for function in _uses for use in function(figure)]


def keeper_of(figure):
    """The record that keeps this figure's value, or None when the figure keeps its own."""
    for function in _keepers:
        keeper = function(figure)
        if keeper is not None:
            return keeper
    return None
