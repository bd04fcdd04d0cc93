from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eunomia.partners import actions
from eunomia.partners.models import Partnership


class Command(BaseCommand):
    help = "Create a partnership (idempotent: an existing one with the same slug is left as it is)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", required=True, help="Used in web addresses: /p/SLUG/")
        parser.add_argument("--lad", action="append", required=True, metavar="CODE",
                            help="ONS code of a local authority the partnership covers; repeat for several")
        parser.add_argument("--year-start-month", type=int, default=4, choices=range(1, 13), metavar="MONTH",
                            help="Month in which the plan year starts (default 4, April)")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")

    def handle(self, *args, **options):
        if Partnership.objects.filter(slug=options["slug"]).exists():
            self.stdout.write(f"Partnership {options['slug']} already exists")
            return
        try:
            partnership = actions.create_partnership(
                by=None, name=options["name"], slug=options["slug"], local_authority_codes=options["lad"],
                email=options["email"], phone=options["phone"], year_start_month=options["year_start_month"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"Created {partnership} at /p/{partnership.slug}/")
