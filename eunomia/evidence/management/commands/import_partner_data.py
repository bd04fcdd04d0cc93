from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eunomia.evidence import actions
from eunomia.evidence.management.commands._common import partnership_named, read_file, refused
from eunomia.partners.queries import organisations_in


class Command(BaseCommand):
    help = ("Import a partner's monthly counts from a CSV with the columns period,area_code,category,count. "
            "Importing a dataset of the same name for the same organisation again replaces it.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--partnership", required=True, metavar="SLUG")
        parser.add_argument("--organisation", required=True, metavar="NAME", help="A member organisation's name")
        parser.add_argument("--name", required=True, help="The dataset's name, like 'Deliberate fires'")
        parser.add_argument("--source", default="", help="The system or report the counts come from")

    def handle(self, *args, path, partnership, organisation, name, source, **options):
        partnership = partnership_named(partnership)
        found = organisations_in(partnership).filter(name__iexact=organisation.strip()).first()
        if found is None:
            members = ", ".join(o.name for o in organisations_in(partnership))
            raise CommandError(f"'{organisation}' is not a member organisation of {partnership.name}. "
                               f"The members are: {members or 'none'}")
        try:
            result = actions.import_partner_dataset(by=None, partnership=partnership, organisation=found, name=name,
                                                    source=source, data=read_file(path), file_name=Path(path).name)
        except ValidationError as error:
            raise refused(path, error) from None
        self.stdout.write(f"{result.dataset}: {result.rows:,} counts, {result.first_month:%Y-%m} to "
                          f"{result.last_month:%Y-%m}, categories {', '.join(result.categories)}"
                          f"{' (replaced the earlier import)' if result.replaced else ''}")
