"""What the apps built on casework add to a case in the API.

Interventions, for example, are recorded on a case but live above casework (docs/adr/0001), so the
casework API cannot ask for them. An app registers a section in its `casework_uses` module (found
at start-up), and the case's API answer carries it under `name`, audited with the rest:

    case_section("interventions", InterventionSerializer,
                 records=lambda case: interventions_of(case).order_by("issued_on", "id"))
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class CaseSection:
    name: str
    serializer: type
    # records(case): the section's records on a case the reader may see.
    records: Callable


_sections = {}


def case_section(name, serializer, *, records):
    _sections[name] = CaseSection(name, serializer, records)


def case_sections():
    return list(_sections.values())
