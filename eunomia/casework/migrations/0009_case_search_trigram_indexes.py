"""Trigram indexes for searching cases by part of their reference or title on PostgreSQL (ADR 58),
as 0004 made for people's names: the case search read all 100,000 cases of the benchmark for each
word (about 90 ms). Where pg_trgm cannot be created the search still works, by scanning, and the
migration says so. SQLite has no such index and reads the cases' short titles."""

import importlib

from django.db import migrations

names = importlib.import_module("eunomia.casework.migrations.0004_name_search_trigram_indexes")

INDEXES = {"casework_case_reference_trgm": ("casework_case", "reference"),
           "casework_case_title_trgm": ("casework_case", "title")}


def create(apps, schema_editor):
    names.create_trigram_indexes(schema_editor, INDEXES, searches="searches by part of a case title")


def drop(apps, schema_editor):
    names.drop_indexes(schema_editor, INDEXES)


class Migration(migrations.Migration):
    dependencies = [("casework", "0008_report_address_time")]

    operations = [migrations.RunPython(create, drop)]
