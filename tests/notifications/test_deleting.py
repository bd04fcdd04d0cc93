"""Old notifications are deleted by send_notifications (ADR 41): read ones 90 days after they were
made, unread ones after 365, to the minute; never one a rule still gives (it would be made again)."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from eunomia.audit.models import AuditEvent
from eunomia.notifications.models import Notification
from tests.notifications import records
from tests.notifications.conftest import london

D = datetime.date(2027, 6, 15)
MADE = london(D - datetime.timedelta(days=1), 10)
MINUTE = datetime.timedelta(minutes=1)


def send_notifications():
    call_command("send_notifications", stdout=(out := io.StringIO()))
    return out.getvalue().strip()


@pytest.fixture
def made(partnership, housing, practitioner):
    """A notice of an overdue task, made at MADE, and the task then completed: no rule gives it now."""
    task = records.tasking_task(partnership, housing, due_on=D - datetime.timedelta(days=2))
    with time_machine.travel(MADE, tick=False):
        assert send_notifications().startswith("Made 1 notification")
    task.completed_on = D - datetime.timedelta(days=1)
    task.save()
    return task


@pytest.mark.parametrize("read, days", [(True, 90), (False, 365)])
def test_an_old_notification_goes_at_the_end_of_its_days(made, read, days):
    if read:
        Notification.objects.update(read_at=MADE + MINUTE)
    with time_machine.travel(MADE + datetime.timedelta(days=90) - MINUTE, tick=False) as traveller:
        assert send_notifications() == "Made 0 notifications; sent 0 emails."
        traveller.move_to(MADE + datetime.timedelta(days=days) - MINUTE)
        send_notifications()
        assert Notification.objects.count() == 1
        traveller.move_to(MADE + datetime.timedelta(days=days) + MINUTE)
        assert send_notifications() == "Made 0 notifications; sent 0 emails; deleted 1 old notification."
    assert not Notification.objects.exists()
    event = AuditEvent.objects.get(action="notifications.deleted")
    assert event.data == {"count": 1}


def test_a_notification_a_rule_still_gives_is_kept_and_not_made_again(partnership, housing, practitioner):
    records.tasking_task(partnership, housing, due_on=D - datetime.timedelta(days=2))  # overdue, and stays open
    with time_machine.travel(MADE, tick=False) as traveller:
        send_notifications()
        Notification.objects.update(read_at=MADE + MINUTE)
        traveller.move_to(MADE + datetime.timedelta(days=400))
        assert send_notifications() == "Made 0 notifications; sent 0 emails."
    assert Notification.objects.count() == 1
