"""Scratch databases for the backup and restore tests: each a real, separate database of the kind the pass
runs on (a SQLite file, or a PostgreSQL database of its own on the same server), reachable as a Django
connection alias in this process and by DATABASE_URL from a subprocess."""

import itertools
import os
import sqlite3

import psycopg
from django.db import connections

from eunomia.upkeep.restore import close_connection, open_connection

_numbers = itertools.count(1)


class Scratch:
    def __init__(self, tmp_path):
        default = connections["default"].settings_dict
        self.vendor = connections["default"].vendor
        number = next(_numbers)
        self.alias = f"scratch_{number}"
        if self.vendor == "sqlite":
            self.path = tmp_path / f"scratch-{number}.sqlite3"
            self.settings_dict = {**default, "NAME": str(self.path), "TEST": {}}
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"eunomia_scratch_{os.getpid()}_{number}"
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', f'CREATE DATABASE "{self.name}"')
            self.settings_dict = {**default, "NAME": self.name, "TEST": {}}
            host, port, user = default.get("HOST") or "127.0.0.1", default.get("PORT") or 5432, default.get("USER")
            password = f":{default['PASSWORD']}" if default.get("PASSWORD") else ""
            self.url = f"postgres://{user}{password}@{host}:{port}/{self.name}"
        open_connection(self.alias, self.settings_dict)

    def _admin(self, *statements):
        default = connections["default"].settings_dict
        with psycopg.connect(host=default.get("HOST") or "127.0.0.1", port=default.get("PORT") or 5432,
                             user=default.get("USER") or None, password=default.get("PASSWORD") or None,
                             dbname="postgres", autocommit=True) as admin:
            for statement in statements:
                admin.execute(statement)

    @property
    def connection(self):
        return connections[self.alias]

    def clone_schema_of_test_database(self):
        """Give this database the test database's schema and rows (SQLite: its online backup; PostgreSQL: pg_dump
        piped into psql would do, but the copy is made the way a restore makes it, through pg_restore)."""
        if self.vendor == "sqlite":
            connections["default"].ensure_connection()
            target = sqlite3.connect(self.path)
            connections["default"].connection.backup(target)
            target.close()
        else:
            # A template must have no other session: the test's own connection opens again when next used.
            connections["default"].close()
            self._admin(f'DROP DATABASE "{self.name}" WITH (FORCE)',
                        f'CREATE DATABASE "{self.name}" TEMPLATE "{connections["default"].settings_dict["NAME"]}"')

    def drop(self):
        close_connection(self.alias)
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
