from django.core.management.base import BaseCommand

from eunomia.notifications.actions import run, said


class Command(BaseCommand):
    help = ("Make the notifications due now, send the emails owed (immediate, or the daily digest) and delete "
            "old ones. Safe to run every few minutes: nothing is made or sent twice.")

    def handle(self, *args, **options):
        self.stdout.write(said(*run()))
