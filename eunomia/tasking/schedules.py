"""Tasking's scheduled work (eunomia/upkeep/schedule.py): overdue task reminders each morning, before
the working day, as the daily notification digest goes from 07:00. A second run the same day sends nothing."""

from eunomia.tasking import reminders
from eunomia.upkeep.schedule import Daily, scheduled


@scheduled("tasking.reminders", title="Email the tasked organisations about overdue tasks", every=Daily(at="07:00"))
def send_task_reminders():
    return reminders.said(reminders.send_task_reminders())
