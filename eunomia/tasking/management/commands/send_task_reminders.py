from django.core.management.base import BaseCommand

from eunomia.tasking.reminders import said, send_task_reminders


class Command(BaseCommand):
    help = "Email the tasked organisations about overdue tasks, at most once per task per day."

    def handle(self, *args, **options):
        self.stdout.write(said(send_task_reminders()))
