import time

from django.core.management.base import BaseCommand, CommandError

from eunomia.demo import build as demo


class Command(BaseCommand):
    help = ("Build the demo: two invented partnerships with three years of plans and a user in every role. "
            "Does nothing if the demo is already there.")

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="Delete the demo first and build it again (refused once a demo plan is published: "
                                 "published versions are permanent)")

    def handle(self, *args, reset=False, **options):
        if reset:
            try:
                demo.remove_demo()
            except demo.DemoError as error:
                raise CommandError(str(error)) from None
        started = time.monotonic()
        if demo.build_demo() is None:
            self.stdout.write("The demo is already here; nothing to do.")
        else:
            self.stdout.write(f"Built the demo in {time.monotonic() - started:.1f} seconds.")
        self.stdout.write(f"\nSign in at /accounts/sign-in/ with any of these, password {demo.DEMO_PASSWORD}:")
        for email, what in demo.sign_in_details():
            self.stdout.write(f"  {email:<36} {what}")
