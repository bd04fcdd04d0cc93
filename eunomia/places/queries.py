"""Reading places. A place is the partnership's, not any one organisation's, and holds no personal
data by itself: every casework user of the partnership may be offered it. What happened there is
read only through casework's scoped queries (eunomia.casework.queries)."""

import math

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Lower

from eunomia.core.postcodes import is_postcode, normalise_postcode
from eunomia.geography import geometry
from eunomia.geography.models import Area
from eunomia.places.models import UPRN_MAX, Place

OFFERED = 20  # known places offered at most for one address typed
# LSOAs whose centroid lies within this many degrees of a point are the ones tried for it (the
# largest rural LSOAs are some 20 km across), nearest centroid first, at most LSOAS_TRIED of them.
NEAR = 0.3
LSOAS_TRIED = 200
LSOAS_READ = 20


def normalise_address(text):
    """An address on one line: its lines joined with commas, runs of whitespace made one space."""
    lines = [" ".join(line.split()).strip(" ,") for line in (text or "").splitlines()]
    return ", ".join(line for line in lines if line)


def with_lower_address(places):
    return places.alias(lower_address=Lower("address"))


def place_at(partnership, *, address="", postcode="", uprn=None):
    """The known place of `partnership` with this UPRN, or else this address (any case) and postcode;
    None when there is none."""
    if uprn:
        found = Place.objects.filter(partnership=partnership, uprn=uprn).first()
        if found is not None:
            return found
    address, postcode = normalise_address(address), normalise_postcode(postcode)
    if not (address or postcode):
        return None
    # Looked up as the unique constraint holds it, so that constraint's index answers.
    return with_lower_address(Place.objects.filter(partnership=partnership)).filter(
        lower_address=address.lower(), postcode=postcode).first()


def matching_places(partnership, *, address="", postcode="", limit=OFFERED):
    """Known places of `partnership` that may be the one typed: the same address (any case), the same
    postcode (or a postcode typed as the address), an address holding what was typed, or the UPRN
    typed. The exact place first, then the same address, then the same postcode, then the rest."""
    address, postcode = normalise_address(address), normalise_postcode(postcode)
    if not postcode and is_postcode(address):
        postcode, address = normalise_postcode(address), ""
    if not (address or postcode):
        return Place.objects.none()
    same_address = Q(lower_address=address.lower()) if address else Q(pk__in=[])
    same_postcode = Q(postcode=postcode) if postcode else Q(pk__in=[])
    match = same_address | same_postcode
    if len(address) >= 3:
        match |= Q(address__icontains=address)
    if address.isascii() and address.isdigit() and int(address) <= UPRN_MAX:
        match |= Q(uprn=int(address))
    rank = Case(When(same_address & same_postcode, then=Value(0)), When(same_address, then=Value(1)),
                When(same_postcode, then=Value(2)), default=Value(3), output_field=IntegerField())
    found = with_lower_address(Place.objects.filter(partnership=partnership)).filter(match)
    return found.annotate(rank=rank).order_by("rank", "address", "postcode", "id")[:limit]


def lsoa_at(longitude, latitude):
    """The code of the held LSOA whose boundary holds the point, or "" when none does (no boundaries
    imported, or the point outside them). The LSOAs nearest by centroid are tried first, their
    boundaries read a few at a time, so one look-up reads a handful of shapes, not a district's."""
    if longitude is None or latitude is None:
        return ""
    near = list(Area.objects.filter(
        type=Area.Type.LSOA, geometry__isnull=False, centroid_longitude__range=(longitude - NEAR, longitude + NEAR),
        centroid_latitude__range=(latitude - NEAR, latitude + NEAR))
        .values_list("id", "centroid_longitude", "centroid_latitude"))
    squash = math.cos(math.radians(latitude))
    near.sort(key=lambda a: ((a[1] - longitude) * squash) ** 2 + (a[2] - latitude) ** 2)
    ids = [pk for pk, _, _ in near[:LSOAS_TRIED]]
    for start in range(0, len(ids), LSOAS_READ):
        batch = ids[start:start + LSOAS_READ]
        shapes = dict((pk, (code, shape)) for pk, code, shape in
                      Area.objects.filter(pk__in=batch).values_list("id", "code", "geometry"))
        for pk in batch:
            code, shape = shapes[pk]
            west, south, east, north = geometry.bounding_box(shape)
            if west <= longitude <= east and south <= latitude <= north and geometry.point_in_geometry(
                    longitude, latitude, shape):
                return code
    return ""
