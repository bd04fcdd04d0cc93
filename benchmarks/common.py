"""Shared by the benchmark scripts: a fresh database and a way to time things."""

import os
import statistics
import sys
import time


def setup_django(database):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eunomia.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if database == "postgres":
        _recreate_postgres_database(settings.DATABASES["default"])
        connection.close()
    call_command("migrate", verbosity=0)


def _recreate_postgres_database(db):
    import psycopg

    params = dict(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None,
                  dbname="postgres", autocommit=True)
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def timed(function, *, repeat=1, warmup=0):
    """Median wall time of `function()` in seconds, and its last result."""
    result = None
    for _ in range(warmup):
        result = function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def percentile_time(function, *, percentile=95, repeat=40, warmup=3):
    """The given percentile of `function()`'s wall time over `repeat` runs, in seconds (nearest rank)."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    samples.sort()
    return samples[max(0, -(-percentile * len(samples) // 100) - 1)]


def report(name, value, unit, database):
    suffix = "" if database == "sqlite" else f"_{database}"
    print(f"BENCH {name}{suffix} {value:.4g} {unit}", flush=True)


def database_arg():
    return sys.argv[1] if len(sys.argv) > 1 else "sqlite"
