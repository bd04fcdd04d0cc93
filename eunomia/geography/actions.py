"""Every write to the geography: boundary and population imports (boundaries.py, populations.py)
and LSOAs met in police.uk files. Each call is one transaction with one audit event; a refused file
saves nothing."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from eunomia.audit import actions as audit
from eunomia.geography.areas import MAX_ERRORS, is_code
from eunomia.geography.boundaries import import_boundaries
from eunomia.geography.models import Area, lsoa_name_parts
from eunomia.geography.populations import import_population
from eunomia.geography.wards import link_lsoas_to_msoas

__all__ = ["import_boundaries", "import_population", "register_lsoas"]


def register_lsoas(*, by, names):
    """Create the LSOAs in {code: name} (as police.uk files carry them, "Tonbridge and Malling
    005A") that are not known yet, each in the district whose name its name starts with. Returns
    the codes that could not be placed (sorted); those are not created. Known LSOAs are left as
    they are. The boundary set of a new LSOA is not known (vintage null): a code missing from the
    2011 set is probably a 2021 one, but the 2011 set may simply not have been imported."""
    names = {str(code).strip(): (name or "").strip() for code, name in names.items()}
    bad = [code for code in names if not is_code(code, Area.Type.LSOA)]
    if bad:
        raise ValidationError({"names": [f"{code!r} is not an LSOA code (E01 or W01 then 6 digits)"
                                         for code in sorted(bad)[:MAX_ERRORS]]})
    with transaction.atomic():
        known = {code: (lad_id, name) for code, lad_id, name in
                 Area.objects.filter(type=Area.Type.LSOA).values_list("code", "lad_id", "name")}
        unknown = {code: name for code, name in names.items() if code not in known}
        if not unknown:
            return []
        # A name's prefix identifies a district when every known use of it points to the same one:
        # the district's own name, the names LSOAs already carry, and the names this batch gives
        # to known LSOAs (which is how a renamed district's new name is learned).
        districts = defaultdict(set)
        for lad_id, lad_name in Area.objects.filter(type=Area.Type.LAD).values_list("id", "name"):
            districts[lad_name].add(lad_id)
        for code, (lad_id, stored_name) in known.items():
            for name in (stored_name, names.get(code)):
                parts = lsoa_name_parts(name)
                if parts:
                    districts[parts[0]].add(lad_id)
        new, unplaced = [], []
        for code, name in sorted(unknown.items()):
            parts = lsoa_name_parts(name)
            lad_ids = districts.get(parts[0], set()) if parts else set()
            if len(lad_ids) == 1:
                new.append(Area(code=code, name=name, type=Area.Type.LSOA, lad_id=next(iter(lad_ids))))
            else:
                unplaced.append(code)
        Area.objects.bulk_create(new, batch_size=1000)
        linked = link_lsoas_to_msoas({area.lad_id for area in new})
        audit.record(by=by, action="geography.lsoas_registered",
                     data={"created": len(new), "linked_to_msoa": linked, "unplaced": unplaced})
    return unplaced
