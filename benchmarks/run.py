#!/usr/bin/env python
"""Run the benchmarks: `python benchmarks/run.py [name]`.

Each benchmark is a module `bench_<name>.py` here with `main(database)`, printing lines
`BENCH name value unit`. It runs in its own process against a fresh database: SQLite in a
temporary folder, then PostgreSQL if one is reachable (BENCH_POSTGRES_URL, default the local
cluster), so numbers from the two databases sit side by side in one run.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")


def postgres_reachable():
    try:
        import psycopg

        psycopg.connect(f"{POSTGRES_SERVER}/postgres", connect_timeout=3).close()
        return True
    except Exception:
        return False


def run(name, database):
    with tempfile.TemporaryDirectory(prefix="eunomia-bench-") as var_dir:
        env = {**os.environ, "EUNOMIA_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "eunomia.settings",
               "PYTHONPATH": str(ROOT)}
        env.pop("DATABASE_URL", None)
        if database == "postgres":
            env["DATABASE_URL"] = f"{POSTGRES_SERVER}/eunomia_bench"
        result = subprocess.run([sys.executable, str(HERE / f"bench_{name}.py"), database], cwd=ROOT, env=env)
        return result.returncode


def main():
    names = sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))
    wanted = sys.argv[1:]
    unknown = set(wanted) - set(names)
    if unknown:
        sys.exit(f"No benchmark called {', '.join(sorted(unknown))}; there are: {', '.join(names)}")
    databases = ["sqlite"] + (["postgres"] if postgres_reachable() else [])
    if "postgres" not in databases:
        print(f"# PostgreSQL not reachable at {POSTGRES_SERVER}: SQLite only", file=sys.stderr)
    failed = 0
    for name in wanted or names:
        for database in databases:
            failed += run(name, database) != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
