"""Fill the casework search index again from the tables (ADR 51): `python manage.py rebuild_search_index`.
Run it after loading people or reports in bulk by a path that goes round the database's triggers
(a restored table, a COPY into SQLite by another tool). Safe to run at any time: one transaction,
so a search during it sees the index as before until it is done."""

from django.core.management.base import BaseCommand
from django.db import transaction

from eunomia.casework import search


class Command(BaseCommand):
    help = "Fill the casework search index (names, addresses, postcodes, report text) again from the tables."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = search.rebuild()
        for table, rows in counts.items():
            self.stdout.write(f"{table}: {rows} rows indexed")
