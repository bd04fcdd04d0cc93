"""The partnership's dashboard names late returns: late the day after the due date, not on it."""

import datetime

import pytest
import time_machine

from tests.projects.objects import project  # noqa: F401
from tests.signin import force_sign_in

pytestmark = pytest.mark.django_db


def _at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.timezone.utc),
                               tick=False)


def test_a_return_is_late_on_the_dashboard_the_day_after_it_is_due(client, manager, partnership, project):
    force_sign_in(client, manager)
    # The first quarter (April to June 2025) is due 30 days after 30 June: on 30 July 2025.
    with _at(datetime.date(2025, 7, 30)):
        page = client.get(f"/p/{partnership.slug}/").content.decode()
    assert "Youth diversion sessions: Q1 2025/26" not in page
    assert "every return that is due has been submitted" in page
    with _at(datetime.date(2025, 7, 31)):
        page = client.get(f"/p/{partnership.slug}/").content.decode()
    assert "Youth diversion sessions: Q1 2025/26</a>, due 30 July 2025 (Testvale Homes; late: not started)" in page
