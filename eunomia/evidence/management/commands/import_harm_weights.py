from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from eunomia.evidence import actions
from eunomia.evidence.management.commands._common import partnership_named, read_file, refused


class Command(BaseCommand):
    help = ("Import harm weights from a CSV laid out as cchi_weights_by_category.csv (crime_type,cchi_days: a "
            "police.uk crime type and its weight in days) and make them the partnership's active set. The "
            "source and licence default to the Cambridge Crime Harm Index file's.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--partnership", required=True, metavar="SLUG")
        parser.add_argument("--name", default=actions.CCHI_NAME)
        parser.add_argument("--source", default=actions.CCHI_SOURCE)
        parser.add_argument("--licence", default=actions.CCHI_LICENCE)
        parser.add_argument("--url", default=actions.CCHI_URL)

    def handle(self, *args, path, partnership, name, source, licence, url, **options):
        partnership = partnership_named(partnership)
        try:
            result = actions.import_harm_weights(by=None, partnership=partnership, data=read_file(path),
                                                 file_name=Path(path).name, name=name, source=source,
                                                 licence=licence, url=url)
        except ValidationError as error:
            raise refused(path, error) from None
        self.stdout.write(f"{result.weight_set}: {len(result.weighted)} crime types weighted, now the active set "
                          f"of {partnership.name}")
        if result.not_weighted:
            self.stdout.write(f"Not weighted (shown as 'not weighted', never 0): {', '.join(result.not_weighted)}")
