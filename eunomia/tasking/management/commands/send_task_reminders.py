from django.core.management.base import BaseCommand

from eunomia.tasking.reminders import send_task_reminders


class Command(BaseCommand):
    help = "Email the tasked organisations about overdue tasks, at most once per task per day."

    def handle(self, *args, **options):
        sent = send_task_reminders()
        self.stdout.write(f"Sent {sent} overdue task reminder{'s' if sent != 1 else ''}.")
