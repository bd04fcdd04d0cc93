"""What Eunomia holds on a person, app by app, for subject access requests.

An app holding personal data declares, in its `personal_data` module:

    @holds("Reports", order=10)
    def reports(person):
        return [("ASB-2026-00001", {"Happened": "...", "Category": "...", ...}), ...]

Each function returns the records about the person as (heading, {label: text}) pairs; the export
puts every app's records in one document, in `order`."""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Holder:
    title: str
    function: Callable
    order: int


_holders = {}


def holds(title, *, order=100):
    def register(function):
        _holders[f"{function.__module__}.{function.__qualname__}"] = Holder(title, function, order)
        return function

    return register


def holders():
    return sorted(_holders.values(), key=lambda h: (h.order, h.title))
