"""A generator of national-scale police.uk street-level data, for the import benchmark.

Shaped like the real thing: per month a folder `YYYY-MM` holding one `YYYY-MM-<force>-street.csv`
per force (43 forces, sized roughly as the real ones are), about 550,000 rows a month in all; rows
sorted by LSOA name within a force file, as police.uk sorts them; anti-social behaviour without a
Crime ID or outcome; a few rows without a location. LSOAs are invented (E01900000 upwards, named
"Place NNN 001A" in 331 districts), so nothing here is anyone's real data.

    python benchmarks/national_data.py OUT_DIR [--months 24] [--rows 550000]
"""

import argparse
import csv
import hashlib
import random
from pathlib import Path

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]
# Rough shares of all recorded crime and ASB in England and Wales (police.uk), for 43 forces.
FORCES = [("Metropolitan Police Service", 17.0), ("West Midlands Police", 6.0), ("Greater Manchester Police", 6.0),
          ("West Yorkshire Police", 5.0), ("Thames Valley Police", 3.3), ("Kent Police", 3.2),
          ("Hampshire Constabulary", 3.0), ("Lancashire Constabulary", 2.9), ("Merseyside Police", 2.8),
          ("South Yorkshire Police", 2.8), ("Essex Police", 2.7), ("Avon and Somerset Constabulary", 2.6),
          ("Northumbria Police", 2.6), ("Sussex Police", 2.3), ("Devon & Cornwall Police", 2.2),
          ("Nottinghamshire Police", 2.0), ("Leicestershire Police", 1.8), ("South Wales Police", 1.8)] + [
          (f"Force {n}", 1.1) for n in range(1, 26)]
TYPES = [("Anti-social behaviour", 26), ("Violence and sexual offences", 33), ("Criminal damage and arson", 8),
         ("Shoplifting", 7), ("Other theft", 5), ("Vehicle crime", 5), ("Public order", 6), ("Burglary", 4),
         ("Drugs", 2), ("Other crime", 1.5), ("Robbery", 1), ("Possession of weapons", 0.6), ("Bicycle theft", 0.6),
         ("Theft from the person", 0.6)]
OUTCOMES = ["Investigation complete; no suspect identified", "Unable to prosecute suspect", "Under investigation",
            "Awaiting court outcome", "Offender given a caution", "Court result unavailable", "Status update unavailable"]
DISTRICTS = 331
LSOAS_PER_DISTRICT = 102


def lsoas():
    """(code, name) of every invented LSOA, grouped into districts and forces."""
    areas = []
    for district in range(DISTRICTS):
        for n in range(LSOAS_PER_DISTRICT):
            code = f"E019{district * LSOAS_PER_DISTRICT + n:05d}"
            areas.append((code, f"Place {district:03d} {n // 4 + 1:03d}{'ABCD'[n % 4]}"))
    return areas


def write_month(out, month, rows, seed):
    rng = random.Random(seed)
    forces = FORCES
    total_share = sum(share for _, share in forces)
    areas = lsoas()
    per_force = len(areas) // len(forces)
    type_names, type_weights = zip(*TYPES)
    folder = Path(out) / month
    folder.mkdir(parents=True, exist_ok=True)
    for index, (force, share) in enumerate(forces):
        force_areas = areas[index * per_force:(index + 1) * per_force]
        count = round(rows * share / total_share)
        picks = sorted(rng.choices(force_areas, k=count), key=lambda a: a[1])
        kinds = rng.choices(type_names, weights=type_weights, k=count)
        path = folder / f"{month}-{force.lower().replace(' ', '-').replace('&', 'and')}-street.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for n, ((code, name), kind) in enumerate(zip(picks, kinds)):
                located = rng.random() > 0.01
                asb = kind == "Anti-social behaviour"
                crime_id = "" if asb else hashlib.sha256(f"{month}{force}{n}".encode()).hexdigest()
                writer.writerow([
                    crime_id, month, force, force,
                    f"{rng.uniform(-3.0, 1.2):.6f}" if located else "", f"{rng.uniform(50.5, 54.5):.6f}" if located else "",
                    f"On or near Street {rng.randint(1, 4000)}" if located else "No location",
                    code if located else "", name if located else "", kind,
                    "" if asb else rng.choice(OUTCOMES), "",
                ])
    return folder


def months(count, last="2025-12"):
    year, month = map(int, last.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return sorted(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--rows", type=int, default=550_000)
    args = parser.parse_args()
    for n, month in enumerate(months(args.months)):
        if not (Path(args.out) / month).exists():
            print(write_month(args.out, month, args.rows, seed=n))


if __name__ == "__main__":
    main()
