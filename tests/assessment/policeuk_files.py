"""police.uk street-level files written for a test, in the layout of the real downloads
(data.police.uk, "YYYY-MM/YYYY-MM-<force>-street.csv"; see ../shared/data/PROVENANCE.md): the twelve
columns in police.uk's order, a 64-character hex Crime ID except for anti-social behaviour (blank),
"On or near ..." locations, the LSOA's code and name ("Carlisle 001A"), and rows police.uk publishes
with no location at all ("No Location", no LSOA, no coordinates)."""

import csv
import hashlib

from eunomia.core.dates import add_months

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]
ASB = "Anti-social behaviour"


def write_street_files(directory, *, force, slug, first, months, lsoas, counts, skip=()):
    """One file per month from `first` for `months` months (none for a month in `skip`). `lsoas` are
    (code, name, longitude, latitude); `counts(month_index, lsoa_index)` gives {crime type: number}.
    Returns the folder the month folders are in."""
    for index in range(months):
        month = add_months(first, index)
        if month in skip:
            continue
        folder = directory / f"{month:%Y-%m}"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / f"{month:%Y-%m}-{slug}-street.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            serial = 0
            for lsoa_index, (code, name, longitude, latitude) in enumerate(lsoas):
                for crime_type, n in counts(index, lsoa_index).items():
                    for _ in range(n):
                        serial += 1
                        crime_id = "" if crime_type == ASB else hashlib.sha256(
                            f"{slug}{month}{serial}".encode()).hexdigest()
                        writer.writerow([crime_id, f"{month:%Y-%m}", force, force, f"{longitude:.6f}",
                                         f"{latitude:.6f}", f"On or near Street {lsoa_index % 2}", code, name,
                                         crime_type, "" if crime_type == ASB else "Under investigation", ""])
            writer.writerow([hashlib.sha256(f"{slug}{month}none".encode()).hexdigest(), f"{month:%Y-%m}", force,
                             force, "", "", "No Location", "", "", "Burglary",
                             "Investigation complete; no suspect identified", ""])
    return directory
