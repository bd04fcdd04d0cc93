"""send_notifications: made once, emailed once (straight away or in the day's digest), nothing
personal in any email, and the GOV.UK Notify backend checked without reaching GOV.UK."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command

from eunomia.accounts.models import User
from eunomia.audit.models import AuditEvent
from eunomia.notifications import actions
from eunomia.notifications.models import Notification, Preference
from eunomia.notifications.notify import NotifyEmailBackend
from tests.notifications import records
from tests.notifications.conftest import london

D = datetime.date(2027, 6, 15)
DAY = datetime.timedelta(days=1)


def run_at(day, hour=12, minute=0):
    with time_machine.travel(london(day, hour, minute), tick=False):
        call_command("send_notifications", stdout=(out := io.StringIO()))
    return out.getvalue().strip()


@pytest.fixture
def overdue_task(partnership, housing):
    return records.tasking_task(partnership, housing, due_on=D - DAY)


def test_an_immediate_email_goes_once_however_often_the_command_runs(overdue_task, practitioner):
    actions.set_preference(by=practitioner, email="immediate")
    assert run_at(D, 3) == "Made 1 notification; sent 1 email."
    assert run_at(D, 3, 5) == "Made 0 notifications; sent 0 emails."
    assert run_at(D + DAY, 3) == "Made 0 notifications; sent 0 emails."
    [email] = mail.outbox
    assert email.to == [practitioner.email]
    assert email.subject == "You have 1 new notification in Eunomia"
    assert "http://127.0.0.1:8000/notifications/" in email.body
    notification = Notification.objects.get()
    assert notification.emailed_at == london(D, 3)
    assert AuditEvent.objects.get(action="notifications.emailed").data == {"emails": [[practitioner.pk, 1, False]]}


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionError("The mail server is down")


def test_an_email_that_fails_goes_on_the_next_run(overdue_task, practitioner, settings):
    actions.set_preference(by=practitioner, email="daily")
    settings.EMAIL_BACKEND = "tests.notifications.test_sending.FailingBackend"
    assert run_at(D, 8) == "Made 1 notification; sent 0 emails."
    assert Notification.objects.get().emailed_at is None
    assert Preference.objects.get(user=practitioner).last_digest_on is None
    assert AuditEvent.objects.filter(action="notifications.email_failed").count() == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_at(D, 8, 5) == "Made 0 notifications; sent 1 email."
    assert run_at(D, 8, 10) == "Made 0 notifications; sent 0 emails."


def test_the_daily_digest_goes_once_a_day_from_seven(overdue_task, partnership, housing, practitioner):
    assert run_at(D, 6, 59) == "Made 1 notification; sent 0 emails."  # daily is the default
    assert run_at(D, 7, 0) == "Made 0 notifications; sent 1 email."
    records.tasking_task(partnership, housing, due_on=D - DAY)
    assert run_at(D, 15) == "Made 1 notification; sent 0 emails."  # today's digest has gone
    assert run_at(D, 23, 59) == "Made 0 notifications; sent 0 emails."
    assert run_at(D + DAY, 6, 59) == "Made 0 notifications; sent 0 emails."
    assert run_at(D + DAY, 7, 1) == "Made 0 notifications; sent 1 email."
    assert run_at(D + DAY, 7, 6) == "Made 0 notifications; sent 0 emails."
    assert [m.subject for m in mail.outbox] == ["Your daily notifications from Eunomia"] * 2
    assert Preference.objects.get(user=practitioner).last_digest_on == D + DAY


def test_no_email_for_those_who_chose_none_or_read_them_already(overdue_task, partnership, council, practitioner,
                                                                 make_member):
    actions.set_preference(by=practitioner, email="none")
    assert run_at(D, 9) == "Made 1 notification; sent 0 emails."
    assert Notification.objects.get().emailed_at is None
    colleague = make_member("partner_practitioner", partnership, overdue_task.organisation, email="c@eunomia.test")
    actions.set_preference(by=colleague, email="immediate")
    records.tasking_task(partnership, overdue_task.organisation, due_on=D - DAY)
    with time_machine.travel(london(D, 10), tick=False):
        made = actions.create_notifications(notices=actions.rules.notices(), now=london(D, 10))
        assert made == 3  # the new task for both, the first task for the colleague
        actions.mark_all_read(by=colleague, notifications=Notification.objects.filter(user=colleague))
    assert run_at(D, 11) == "Made 0 notifications; sent 0 emails."
    assert not mail.outbox


def test_no_email_carries_anything_personal(partnership, council, housing, csu, idva, manager, practitioner,
                                            analyst, board_member, plans):
    with time_machine.travel(london(D, 10), tick=False):
        records.task_group_action(partnership, council, due_on=D)
        records.tasking_task(partnership, housing, due_on=D - DAY)
        records.marac_action(partnership, council, due_on=D - DAY)
        records.risk_assessment(csu, partnership, council, review_on=D, assessed_by=csu)
        records.shared_case(csu, partnership, council, housing)
        records.handed_case(csu, partnership, council, idva)
        records.job(partnership, analyst, finished_at=london(D, 9), status="failed")
        records.case_review(partnership, council, csu, received_on=D - 20 * DAY)
        records.figure(partnership, housing, period_end=D)
    for user in User.objects.all():
        actions.set_preference(by=user, email="immediate")
    run_at(D, 12)
    assert {m.to[0] for m in mail.outbox} == {u.email for u in (csu, idva, manager, practitioner, analyst)}
    words = [records.PERSON_FIRST, records.PERSON_LAST, records.APPLICANT, "Quenby", "Hate crimes", "MARAC",
             "domestic", "Domestic", "risk", "case", "Task Group", *records.DESCRIPTIONS,
             *User.objects.values_list("full_name", flat=True)]
    for email in mail.outbox:
        for word in words:
            assert word not in email.subject and word not in email.body, (word, email.subject, email.body)
    # The titles in the app say what kind of thing is waiting, never whose or what it is.
    for title in Notification.objects.values_list("title", flat=True):
        assert not any(word in title for word in [records.PERSON_LAST, records.APPLICANT, *records.DESCRIPTIONS])


def test_domestic_abuse_notices_are_audited_as_domestic_abuse_events(partnership, council, idva):
    records.marac_action(partnership, council, due_on=D - DAY)
    run_at(D, 3)
    # Not as notifications: the audit log shows domesticabuse events only to DA holders (issue 12, item 5).
    assert not AuditEvent.objects.filter(partnership_id=partnership.pk, action__startswith="notifications.").exists()
    event = AuditEvent.objects.get(action="domesticabuse.notifications_created")
    assert (event.partnership_id, event.data) == (partnership.pk, {"count": 1})


class FakeNotifyClient:
    def __init__(self):
        self.sent = []

    def send_email_notification(self, **kwargs):
        self.sent.append(kwargs)
        return {"id": "fake"}


def test_the_notify_backend_sends_each_recipient_the_subject_and_body_through_the_template(settings):
    settings.NOTIFY_TEMPLATE_ID = "template-0001"
    client = FakeNotifyClient()
    backend = NotifyEmailBackend(client=client)
    message = EmailMessage(subject="You have 2 new notifications in Eunomia", body="Sign in: http://x/notifications/",
                           to=["a@eunomia.test", "b@eunomia.test"])
    assert backend.send_messages([message]) == 2
    assert client.sent == [
        {"email_address": address, "template_id": "template-0001",
         "personalisation": {"subject": message.subject, "body": message.body}}
        for address in ("a@eunomia.test", "b@eunomia.test")]


def test_the_settings_choose_notify_when_its_key_and_template_are_set(monkeypatch):
    import importlib

    import eunomia.settings as project_settings
    monkeypatch.setenv("NOTIFY_API_KEY", "test-key")
    monkeypatch.setenv("NOTIFY_TEMPLATE_ID", "template-0001")
    try:
        assert importlib.reload(project_settings).EMAIL_BACKEND == "eunomia.notifications.notify.NotifyEmailBackend"
    finally:
        monkeypatch.delenv("NOTIFY_API_KEY")
        monkeypatch.delenv("NOTIFY_TEMPLATE_ID")
        importlib.reload(project_settings)
