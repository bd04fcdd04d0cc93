"""Where each LSOA lies: in which MSOA, by the ONS naming convention, and in which ward, by best
fit. Run after every import that adds or moves areas."""

import re
from collections import defaultdict

from eunomia.geography import geometry
from eunomia.geography.areas import update_rows
from eunomia.geography.models import Area, lsoa_name_parts

_MSOA_NAME = re.compile(r"^.+ (\d{3})$")


def link_lsoas_to_msoas(lad_ids):
    """Point each LSOA of these districts at its MSOA by the ONS naming convention: LSOA
    "Tonbridge and Malling 005A" lies in MSOA "Tonbridge and Malling 005". The number is matched
    within the district, so a district renamed since (Shepway, now Folkestone and Hythe) still
    links. Where MSOAs of two boundary sets share the number, the one of the LSOA's own set wins.
    Returns how many links changed."""
    msoas = defaultdict(list)
    for msoa_id, name, lad_id, vintage in Area.objects.filter(
        type=Area.Type.MSOA, lad_id__in=lad_ids
    ).values_list("id", "name", "lad_id", "vintage"):
        match = _MSOA_NAME.match(name)
        if match:
            msoas[lad_id, match[1]].append((msoa_id, vintage))
    if not msoas:
        return 0
    changes = []
    for lsoa_id, name, lad_id, vintage, parent_id in Area.objects.filter(
        type=Area.Type.LSOA, lad_id__in=lad_ids
    ).values_list("id", "name", "lad_id", "vintage", "parent_id"):
        parts = lsoa_name_parts(name)
        candidates = msoas.get((lad_id, parts[1]), []) if parts else []
        chosen = [c for c in candidates if c[1] == vintage] or candidates
        if len(chosen) == 1 and chosen[0][0] != parent_id:
            changes.append((chosen[0][0], lsoa_id))
    update_rows(["parent_id"], changes)
    return len(changes)


def assign_wards(lad_ids):
    """Give each LSOA of these districts the ward its centroid lies in. LSOAs and wards do not
    nest; this is a best fit. A centroid in no ward (a gap between generalised boundaries) takes
    the nearest ward. Returns (LSOAs whose ward changed, LSOAs placed by nearest ward)."""
    nearest = 0
    changes = []
    for lad_id in lad_ids:
        wards = [
            (ward_id, shape, geometry.bounding_box(shape))
            for ward_id, shape in Area.objects.filter(
                type=Area.Type.WARD, lad_id=lad_id, geometry__isnull=False
            ).values_list("id", "geometry")
        ]
        if not wards:
            continue
        for lsoa_id, x, y, ward_id in Area.objects.filter(
            type=Area.Type.LSOA, lad_id=lad_id, centroid_longitude__isnull=False
        ).values_list("id", "centroid_longitude", "centroid_latitude", "ward_id"):
            inside = [
                w for w, shape, (x0, y0, x1, y1) in wards
                if x0 <= x <= x1 and y0 <= y <= y1 and geometry.point_in_geometry(x, y, shape)
            ]
            if inside:
                chosen = inside[0]
            else:
                chosen = min(wards, key=lambda w: geometry.distance_to_geometry(x, y, w[1]))[0]
                nearest += 1
            if chosen != ward_id:
                changes.append((chosen, lsoa_id))
    update_rows(["ward_id"], changes)
    return len(changes), nearest


