"""Every write to the geography: boundary and population imports (boundaries.py, populations.py)
and LSOAs met in police.uk files. Each call is one transaction with one audit event; a refused file
saves nothing."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from eunomia.audit import actions as audit
from eunomia.geography.areas import MAX_ERRORS, is_code, update_rows
from eunomia.geography.boundaries import import_boundaries
from eunomia.geography.models import Area, lsoa_name_parts
from eunomia.geography.populations import import_population
from eunomia.geography.wards import link_lsoas_to_msoas

__all__ = ["import_boundaries", "import_population", "register_lsoas"]


def register_lsoas(*, by, names):
    """Record the LSOAs in {code: name} as police.uk files carry them ("Tonbridge and Malling
    005A"). A new LSOA is placed in the district (ONS code) whose name its name starts with; when no
    district is known by that name (no boundary or population file imported) or two are, it is
    kept with its district's name alone, which the assessment of a district by name reads (ADR 0055).
    Every LSOA named remembers the district name police.uk gives it. Returns the codes whose names
    do not follow the ONS convention (sorted); those are not created. Known LSOAs keep their name
    and district. The boundary set of a new LSOA is not known (vintage null): a code missing from
    the 2011 set is probably a 2021 one, but the 2011 set may simply not have been imported."""
    names = {str(code).strip(): (name or "").strip() for code, name in names.items()}
    bad = [code for code in names if not is_code(code, Area.Type.LSOA)]
    if bad:
        raise ValidationError({"names": [f"{code!r} is not an LSOA code (E01 or W01 then 6 digits)"
                                         for code in sorted(bad)[:MAX_ERRORS]]})
    with transaction.atomic():
        known = {code: (pk, lad_id, name, district_name) for code, pk, lad_id, name, district_name in
                 Area.objects.filter(type=Area.Type.LSOA).values_list("code", "id", "lad_id", "name", "district_name")}
        # The district name police.uk gives each LSOA of the batch, where its name follows the convention.
        given = {code: parts[0] for code, parts in ((code, lsoa_name_parts(name)) for code, name in names.items())
                 if parts}
        renamed = [(district, known[code][0]) for code, district in given.items()
                   if code in known and known[code][3] != district]
        update_rows(["district_name"], renamed)
        unknown = {code: name for code, name in names.items() if code not in known}
        if not unknown:
            if renamed:
                audit.record(by=by, action="geography.lsoas_registered",
                             data={"created": 0, "linked_to_msoa": 0, "unplaced": [], "district_names_set": len(renamed)})
            return []
        # A name's prefix identifies a district when every known use of it points to the same one:
        # the district's own name, the names LSOAs already carry, and the names this batch gives
        # to known LSOAs (which is how a renamed district's new name is learned).
        districts = defaultdict(set)
        for lad_id, lad_name in Area.objects.filter(type=Area.Type.LAD).values_list("id", "name"):
            districts[lad_name].add(lad_id)
        for code, (_, lad_id, stored_name, _) in known.items():
            if lad_id is None:
                continue
            for name in (stored_name, names.get(code)):
                parts = lsoa_name_parts(name)
                if parts:
                    districts[parts[0]].add(lad_id)
        new, unplaced = [], []
        for code, name in sorted(unknown.items()):
            district = given.get(code)
            if district is None:
                unplaced.append(code)
                continue
            lad_ids = districts.get(district, set())
            lad_id = next(iter(lad_ids)) if len(lad_ids) == 1 else None
            new.append(Area(code=code, name=name, type=Area.Type.LSOA, lad_id=lad_id, district_name=district))
        Area.objects.bulk_create(new, batch_size=1000)
        linked = link_lsoas_to_msoas({area.lad_id for area in new if area.lad_id is not None})
        audit.record(by=by, action="geography.lsoas_registered",
                     data={"created": len(new), "linked_to_msoa": linked, "unplaced": unplaced,
                           "without_district_code": sum(1 for area in new if area.lad_id is None),
                           "district_names_set": len(renamed)})
    return unplaced
