#!/usr/bin/env python
"""Where a casework page's time goes: `python benchmarks/profile_casework.py sqlite|postgres [page]`.

Not a benchmark (run.py does not run it): a tool for the next person making a page faster. It uses
bench_casework's store (built by `make bench ONLY=casework`), requests each page in this process
through Django's test client as the bench's CSU officer (signed in, second factor given), and prints
per page: the time, the number of SQL queries and their total time, and the slowest queries; with a
page named, also cProfile's top functions by cumulative time.
"""

import cProfile
import os
import pstats
import sys
import time

import bench_casework as bench


def main(database, only=None):
    os.environ["DATABASE_URL"] = bench.point_to_database(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eunomia.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from eunomia.accounts.second_factor import SATISFIED

    if not bench.store_is_complete():
        sys.exit("No complete store: run `make bench ONLY=casework` first")
    client = Client()
    client.force_login(get_user_model().objects.get(email=bench.MEMBERS[0][0]))
    session = client.session
    session[SATISFIED] = "authenticator"
    session.save()
    pages = dict(bench.pages_for(0))
    for page, path in pages.items():
        if only and page != only:
            continue
        client.get(path)  # warm: templates, code
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(path)
            took = time.perf_counter() - began
        sql_seconds = sum(float(q["time"]) for q in queries.captured_queries)
        print(f"{page:15} {response.status_code} {took * 1000:7.1f} ms  {len(queries)} queries "
              f"{sql_seconds * 1000:7.1f} ms  {path}")
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:4]:
            print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
        if only:
            profile = cProfile.Profile()
            profile.enable()
            client.get(path)
            profile.disable()
            pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("LINES", "45")))


if __name__ == "__main__":
    main(*sys.argv[1:3])
