from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from eunomia.geography import actions


class Command(BaseCommand):
    help = ("Import LSOA, MSOA, ward or district boundaries from GeoJSON files, or from every .json file "
            "in a folder. Running it again updates the areas; it never duplicates them.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A GeoJSON file or a folder of them")
        parser.add_argument("--lad", metavar="CODE",
                            help="ONS code of the district the areas lie in, when neither the file's name "
                                 "nor its properties say")

    def handle(self, *args, paths, lad=None, **options):
        files = []
        for path in map(Path, paths):
            if path.is_dir():
                files.extend((p, True) for p in sorted(path.glob("*.json")))
            elif path.exists():
                files.append((path, False))
            else:
                raise CommandError(f"{path} does not exist")
        refused = 0
        for path, in_folder in files:
            try:
                result = actions.import_boundaries(by=None, path=path, lad_code=lad)
            except ValidationError as error:
                topojson = any(e.code == "topojson" for e in error.error_dict.get("path", []))
                if in_folder and topojson:
                    self.stdout.write(f"{path.name}: skipped, TopoJSON")
                    continue
                refused += 1
                self.stderr.write("; ".join(error.messages))
                continue
            self.stdout.write(
                f"{result.file}: {result.created} {result.type} areas created, {result.updated} updated "
                f"({result.vintage} boundaries, district {', '.join(result.lad_codes) or '-'}); "
                f"{result.linked_to_msoa} LSOAs linked to their MSOA, {result.wards_assigned} given a ward"
                + (f" ({result.wards_by_nearest} by nearest ward)" if result.wards_by_nearest else "")
            )
        if refused:
            raise CommandError(f"{refused} of {len(files)} files refused; nothing was saved from them")
