"""Overdue reminders: one email per overdue task per day, to the members of the tasked
organisation in the task's partnership and to the organisation's own address, if it has one."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.queries import current_memberships
from eunomia.audit import actions as audit
from eunomia.tasking.models import TaskReminder
from eunomia.tasking.queries import overdue_tasks


def recipients_for(task):
    emails = set(current_memberships().filter(partnership=task.partnership, organisation=task.organisation,
                                              user__is_active=True).values_list("user__email", flat=True))
    if task.organisation.email:
        emails.add(task.organisation.email)
    return sorted(e for e in emails if e)


def _message(task, today):
    """The reminder: who was tasked, when, how late, and a link. Never the task's own words, which
    may name people (emails hold no personal data: issue 12); the link opens them to its readers."""
    days = (today - task.due_on).days
    link = settings.SITE_URL.rstrip("/") + reverse("tasking:task", args=[task.partnership.slug, task.pk])
    return (f"{task.partnership} gave {task.organisation} a task at the tasking meeting of "
            f"{task.set_on:%-d %B %Y}. It was due on {task.due_on:%-d %B %Y} and is {days} "
            f"day{'s' if days != 1 else ''} overdue.\n\n"
            f"Please record progress or complete it in Eunomia: {link}\n")


def send_task_reminders(*, today=None):
    """Send today's reminders; returns how many were sent. A task reminded today already is skipped,
    so running this twice in a day sends nothing the second time."""
    today = today or timezone.localdate()
    sent = 0
    for task in overdue_tasks(today=today).exclude(reminders__sent_on=today):
        recipients = recipients_for(task)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                # Recorded first, sent inside the same transaction: if sending fails the record goes,
                # and the unique (task, day) constraint stops a second run sending twice.
                TaskReminder.objects.create(task=task, sent_on=today, recipients=recipients)
                audit.record(by=None, action="tasking.reminder_sent", obj=task, partnership=task.partnership,
                             data={"recipients": len(recipients), "sent_on": today})
                send_mail(subject=f"An overdue task for {task.organisation}", message=_message(task, today),
                          from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=recipients)
        except IntegrityError:
            continue  # another run sent it a moment ago
        sent += 1
    return sent


def said(sent):
    """How many reminders went, in the sentence `send_task_reminders` prints and the scheduled work records."""
    return f"Sent {sent} overdue task reminder{'s' if sent != 1 else ''}."
