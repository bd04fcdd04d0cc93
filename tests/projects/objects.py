"""Projects test data: a fund, a project with two measures, and the dates to work them at."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from eunomia.partners import actions as partner_actions
from eunomia.projects import actions

# The tests work in the partnership's 2025/26 financial year, seen from 20 January 2026.
TODAY = datetime.datetime(2026, 1, 20, 12, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def in_january_2026():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def pcc(partnership, system_user):
    return partner_actions.add_organisation(by=system_user, partnership=partnership,
                                            name="Office of the Police and Crime Commissioner", kind="other")


@pytest.fixture
def fund(manager, partnership, pcc):
    return actions.create_fund(by=manager, partnership=partnership, funder=pcc, name="Crime Reduction Grant",
                               start_year=2025, amount=Decimal("10000.00"))


@pytest.fixture
def project(manager, partnership, council, housing):
    """A project run by Testvale Homes for the whole of 2025/26, counting sessions and people."""
    project = actions.create_project(by=manager, partnership=partnership, title="Youth diversion sessions",
                                     owner_organisation=housing, lead_organisation=council,
                                     start_on=datetime.date(2025, 4, 1), end_on=datetime.date(2026, 3, 31),
                                     status="running")
    actions.add_measure(by=manager, project=project, kind="output", name="Sessions held", annual_target=40)
    actions.add_measure(by=manager, project=project, kind="outcome", name="Young people not reoffending",
                        annual_target=20)
    return project


def measures(project):
    sessions, people = sorted(project.measures.all(), key=lambda m: m.kind == "outcome")
    return sessions, people
