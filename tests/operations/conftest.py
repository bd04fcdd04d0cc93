"""The operations tests run on one fixed day (ADR 35): 15 June 2026, in the plan year 2026/27."""

import datetime
import zoneinfo

import pytest

from eunomia.operations import actions
from eunomia.partners import actions as partner_actions

TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)
NOON = datetime.datetime(2026, 6, 15, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def fixed_day(time_machine):
    time_machine.move_to(NOON)


@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


@pytest.fixture
def stranger(other_partnership, system_user):
    """An organisation in the directory that is a member of another partnership only."""
    return partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Faraway Trust",
                                            joined_on=datetime.date(2010, 1, 1))


@pytest.fixture
def shop(csu, partnership, council):
    return actions.add_premises(by=csu, partnership=partnership, owner_organisation=council, name="Corner Shop",
                                kind="shop", address="1 High Street\nTestvale", postcode="tv1 2ab")


@pytest.fixture
def pub(csu, partnership, council):
    return actions.add_premises(by=csu, partnership=partnership, owner_organisation=council, name="The Plough",
                                kind="pub", address="2 Mill Lane\nTestvale", postcode="TV2 4PL")
