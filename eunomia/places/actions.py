"""Writes to the gazetteer of places. Each checks its input in plain words, writes in one
transaction and audits the change in the same transaction."""

import math

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from eunomia.audit import actions as audit
from eunomia.core.postcodes import normalise_postcode
from eunomia.places.models import UPRN_MAX, Place
from eunomia.places.queries import lsoa_at, normalise_address, place_at


def check_uprn(uprn):
    """The UPRN as a number, None when none is given, or a ValidationError saying what is wrong."""
    if uprn is None or (isinstance(uprn, str) and not uprn.strip()):
        return None
    text = str(uprn).strip()
    if isinstance(uprn, bool) or not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= UPRN_MAX:
        raise ValidationError({"uprn": "The UPRN must be a number of up to 12 digits, like 100023336956"})
    return int(text)


def _check_coordinates(longitude, latitude):
    if longitude is None and latitude is None:
        return None, None
    if longitude is None or latitude is None:
        raise ValidationError({"longitude": "Give both the longitude and the latitude, or neither"})
    try:
        longitude, latitude = float(longitude), float(latitude)
    except (TypeError, ValueError):
        raise ValidationError({"longitude": "The longitude and latitude must be numbers, like -1.1 and 52.55"}) \
            from None
    if not (math.isfinite(longitude) and math.isfinite(latitude)) or not (
            -180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValidationError({"longitude": "The longitude must be from -180 to 180 and the latitude from -90 to 90"})
    return longitude, latitude


def find_or_create_place(*, by, partnership, address="", postcode="", uprn=None, longitude=None, latitude=None):
    """The partnership's place at this address and postcode (or with this UPRN), recorded now if it is
    not known yet. The address is kept on one line, the postcode as Eunomia writes postcodes; the LSOA
    is looked up from the coordinates when they are given. A known place is returned as it is, except
    that a UPRN or coordinates it lacked are added to it. Creating or completing a place is audited;
    finding one is not (no personal data is read)."""
    address = normalise_address(address)
    postcode = normalise_postcode(postcode)
    uprn = check_uprn(uprn)
    longitude, latitude = _check_coordinates(longitude, latitude)
    errors = {}
    if not (address or postcode):
        errors["address"] = "Enter the address or the postcode of the place"
    elif len(address) > Place._meta.get_field("address").max_length:
        errors["address"] = "Enter an address of 500 characters or fewer"
    if len(postcode) > Place._meta.get_field("postcode").max_length:
        errors["postcode"] = "Enter a postcode of 10 characters or fewer, like HW1 2AB"
    if errors:
        raise ValidationError(errors)
    known = place_at(partnership, address=address, postcode=postcode, uprn=uprn)
    if known is not None:
        return _complete(by=by, place=known, uprn=uprn, longitude=longitude, latitude=latitude)
    try:
        with transaction.atomic():
            place = Place.objects.create(partnership=partnership, address=address, postcode=postcode, uprn=uprn,
                                         longitude=longitude, latitude=latitude,
                                         lsoa_code=lsoa_at(longitude, latitude), created_by=by)
            audit.record(by=by, action="places.place_created", obj=place, partnership=partnership,
                         data={"address": address, "postcode": postcode, "uprn": uprn, "lsoa": place.lsoa_code})
    except IntegrityError:
        # Recorded at the same moment by someone else (or the UPRN is another place's): that one.
        known = place_at(partnership, address=address, postcode=postcode, uprn=uprn)
        if known is None:
            raise
        return known
    return place


def _complete(*, by, place, uprn, longitude, latitude):
    """`place` with a UPRN or coordinates it lacked, when they are given and no other place holds the UPRN."""
    changes = {}
    if uprn and place.uprn is None and not Place.objects.filter(partnership_id=place.partnership_id,
                                                                 uprn=uprn).exists():
        changes["uprn"] = uprn
    if longitude is not None and place.longitude is None:
        changes.update(longitude=longitude, latitude=latitude, lsoa_code=lsoa_at(longitude, latitude))
    if not changes:
        return place
    with transaction.atomic():
        for name, value in changes.items():
            setattr(place, name, value)
        place.save(update_fields=list(changes))
        audit.record(by=by, action="places.place_completed", obj=place, partnership=place.partnership,
                     data={name: value for name, value in changes.items()})
    return place
