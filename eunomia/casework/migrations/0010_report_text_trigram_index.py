"""One trigram index over a report's whole searchable text on PostgreSQL (ADR 51 addendum).

0007 gave each of reference, address and postcode its own trigram index and the text a tsvector
index, so a search of several words asked for each word in each column and combined them: "Green
Lane" made PostgreSQL gather every report with "Lane" anywhere (100,000 of the benchmark's million)
before keeping the 20,000 with "Green" too, about 170 ms. One index on the four columns joined
answers all the words in one scan, whichever column each is in, and the text is then matched by part
of a word as SQLite's FTS5 trigram table matches it, so both databases find the same reports.

The address keeps its own trigram index (an exact address, `iexact`, is looked up through it); the
reference and postcode ones and the tsvector one are no longer read, so they go. SQLite is left as
it is. The expression is search.REPORT_TEXT's; a test checks that the search's plan uses this index."""

import importlib

from django.db import migrations

names = importlib.import_module("eunomia.casework.migrations.0004_name_search_trigram_indexes")

TEXT = ("(coalesce(reference, '') || ' ' || coalesce(address, '') || ' ' || coalesce(postcode, '') || ' ' "
        "|| coalesce(description, ''))")
NEW = {"casework_report_search_trgm": ("casework_report", TEXT)}
OLD = {"casework_report_reference_trgm": ("casework_report", "reference"),
       "casework_report_postcode_trgm": ("casework_report", "postcode")}
OLD_TEXT = "casework_report_text_fts"


def create(apps, schema_editor):
    names.create_trigram_indexes(schema_editor, NEW, searches="searches of reports")
    names.drop_indexes(schema_editor, [*OLD, OLD_TEXT])


def drop(apps, schema_editor):
    names.create_trigram_indexes(schema_editor, OLD, searches="searches of reports")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {OLD_TEXT} ON casework_report "
                              "USING gin (to_tsvector('simple', description))")
    names.drop_indexes(schema_editor, NEW)


class Migration(migrations.Migration):
    dependencies = [("casework", "0009_case_search_trigram_indexes")]

    operations = [migrations.RunPython(create, drop)]
