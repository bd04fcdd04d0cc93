from django.core.management.base import BaseCommand

from eunomia.notifications.actions import run


class Command(BaseCommand):
    help = ("Make the notifications due now, send the emails owed (immediate, or the daily digest) and delete "
            "old ones. Safe to run every few minutes: nothing is made or sent twice.")

    def handle(self, *args, **options):
        made, sent, deleted = run()
        gone = f"; deleted {deleted} old notification{'s' if deleted != 1 else ''}" if deleted else ""
        self.stdout.write(f"Made {made} notification{'s' if made != 1 else ''}; "
                          f"sent {sent} email{'s' if sent != 1 else ''}{gone}.")
