from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eunomia.core.dates import parse_month
from eunomia.evidence import actions
from eunomia.evidence.management.commands._common import partnership_named, read_file, refused


def month(text):
    value = parse_month(text)
    if value is None:
        raise CommandError(f"'{text}' is not a month: write it as YYYY-MM, like 2025-03")
    return value


class Command(BaseCommand):
    help = ("Import a residents' survey from a CSV with the columns respondent,area_code,concern_1,concern_2,"
            "concern_3. Importing a survey of the same name again replaces it.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--partnership", required=True, metavar="SLUG")
        parser.add_argument("--name", required=True)
        parser.add_argument("--fieldwork-start", metavar="YYYY-MM")
        parser.add_argument("--fieldwork-end", metavar="YYYY-MM")

    def handle(self, *args, path, partnership, name, fieldwork_start=None, fieldwork_end=None, **options):
        partnership = partnership_named(partnership)
        try:
            result = actions.import_survey(
                by=None, partnership=partnership, name=name, data=read_file(path), file_name=Path(path).name,
                fieldwork_start=month(fieldwork_start) if fieldwork_start else None,
                fieldwork_end=month(fieldwork_end) if fieldwork_end else None)
        except ValidationError as error:
            raise refused(path, error) from None
        self.stdout.write(f"{result.survey}: {result.respondents:,} respondents, {result.concerns:,} concerns"
                          f"{' (replaced the earlier import)' if result.replaced else ''}")
