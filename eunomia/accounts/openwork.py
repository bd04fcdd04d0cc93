"""What a person leaves open when their membership ends, listed for the manager to hand on.

The domains holding work (cases, ...) are above accounts, so each says how to find its own in an
`open_work` module with `@leaves_open` (discovered when accounts starts); accounts knows none of them.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

_FINDERS = []


class Item(NamedTuple):
    label: str
    url: str               # its page, which the viewer may open
    hand_on_url: str = ""  # where the viewer may hand it to someone else, if they may


@dataclass
class OpenWork:
    what: str                                 # "Open cases they lead"
    items: list = field(default_factory=list)  # Items the viewer may open
    hidden: int = 0                           # more, which the viewer may not see


def leaves_open(finder):
    """Register `finder(person, partnership, viewer)` -> OpenWork or None."""
    _FINDERS.append(finder)
    return finder


def open_work_of(person, partnership, viewer):
    found = [finder(person, partnership, viewer) for finder in _FINDERS]
    return [work for work in found if work is not None and (work.items or work.hidden)]
