from django.core.management.base import BaseCommand

from eunomia.notifications.actions import run


class Command(BaseCommand):
    help = ("Make the notifications due now and send the emails owed (immediate, or the daily digest). "
            "Safe to run every few minutes: nothing is made or sent twice.")

    def handle(self, *args, **options):
        made, sent = run()
        self.stdout.write(f"Made {made} notification{'s' if made != 1 else ''}; "
                          f"sent {sent} email{'s' if sent != 1 else ''}.")
