"""Keeps an installation busy while a test backs it up (tests/upkeep/test_backup_restore.py).

    DATABASE_URL=... python tests/upkeep/busy.py FOLDER MONTHS ROWS

Makes a partnership and a signed-in CSP manager, prints "ready", then until the file FOLDER/stop exists (or
MONTHS months are in): imports one police.uk month of ROWS rows (the real importer, each month its own
transaction), and between months requests pages as the manager (sessions and audited reads written as a
person's visit writes them). Prints each month as it is committed and "done N" at the end."""

import csv
import datetime
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eunomia.settings")
django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from eunomia.accounts.models import Membership, User  # noqa: E402
from eunomia.crime.importer import import_police_files  # noqa: E402
from eunomia.crime.models import CrimeType  # noqa: E402
from eunomia.partners import actions as partner_actions  # noqa: E402
from tests.signin import force_sign_in  # noqa: E402

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]
PAGES = ["/", "/p/busyvale/", "/p/busyvale/crime/", "/p/busyvale/casework/", "/p/busyvale/jobs/"]


def month_file(folder, month, rows):
    path = folder / f"{month}-busyshire-street.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for n in range(rows):
            writer.writerow([f"{month}-{n:06d}", month, "Busyshire Police", "Busyshire Police", "0.351", "51.29",
                             "On or near High Street", "E01024717", "Tonbridge and Malling 005A",
                             "Burglary" if n % 2 else "Anti-social behaviour", "Under investigation", ""])
    return path


def main(folder, months, rows):
    folder = Path(folder)
    setup_test_environment()  # the test client's host, and email kept in memory
    system = User.objects.create_user("busy-system@eunomia.test", "busy-password-1", full_name="Set-up")
    partnership = partner_actions.create_partnership(by=system, name="Busyvale CSP", slug="busyvale",
                                                     local_authority_codes=["E07000115"])
    council = partner_actions.add_organisation(by=system, partnership=partnership, name="Busyvale Council",
                                               kind="council", joined_on=datetime.date(2010, 1, 1))
    manager = User.objects.create_user("busy-manager@eunomia.test", "busy-password-1", full_name="Manager")
    Membership.objects.create(user=manager, partnership=partnership, organisation=council, role="csp_manager")
    # A transactional test's database has been emptied, crime types (written by a migration) too.
    CrimeType.objects.get_or_create(name="Burglary", defaults={"slug": "burglary"})
    CrimeType.objects.get_or_create(name="Anti-social behaviour", defaults={"slug": "anti-social-behaviour",
                                                                            "is_asb": True})
    client = force_sign_in(Client(), manager)
    print("ready", flush=True)
    done = 0
    first = datetime.date(2020, 1, 1)
    while done < months and not (folder / "stop").exists():
        month = f"{first.year + (first.month - 1 + done) // 12}-{(first.month - 1 + done) % 12 + 1:02d}"
        report = import_police_files(by=system, paths=[month_file(folder, month, rows)])
        if report.refused:
            print("refused", report.refused, flush=True)
            sys.exit(1)
        done += 1
        print("month", month, flush=True)
        for page in PAGES:
            status = client.get(page).status_code
            if status >= 500:
                print("page failed", page, status, flush=True)
                sys.exit(1)
    print("done", done, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
