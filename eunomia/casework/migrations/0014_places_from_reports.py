"""Every report with an address or a postcode gets its place (ADR 70): one place per partnership for
each address (any case, whitespace made single) and postcode, with the first coordinates and LSOA
its reports hold; a case whose reports are all at one place gets that place. Reports keep their own
address and postcode as written. Nothing is audited: no one acted."""

from django.db import migrations

from eunomia.core.postcodes import normalise_postcode

BATCH = 1000


def normalise_address(text):
    # As eunomia.places.queries.normalise_address was when this was written.
    lines = [" ".join(line.split()).strip(" ,") for line in (text or "").splitlines()]
    return ", ".join(line for line in lines if line)


def _key(partnership_id, address, postcode):
    return partnership_id, address.lower(), postcode


def places_from_reports(apps, schema_editor):
    Report = apps.get_model("casework", "Report")
    Case = apps.get_model("casework", "Case")
    Place = apps.get_model("places", "Place")

    known = {_key(p, a, pc): pk for pk, p, a, pc in Place.objects.values_list("id", "partnership_id", "address",
                                                                             "postcode")}
    new = {}  # key -> the Place to create, as its earliest report writes it
    links = []  # (report id, key)
    rows = (Report.objects.filter(place__isnull=True).exclude(address="", postcode="").order_by("id")
            .values_list("id", "partnership_id", "address", "postcode", "longitude", "latitude", "lsoa_code"))
    for pk, partnership_id, address, postcode, longitude, latitude, lsoa in rows.iterator(chunk_size=5000):
        address, postcode = normalise_address(address), normalise_postcode(postcode)
        if not (address or postcode):
            continue
        key = _key(partnership_id, address, postcode)
        links.append((pk, key))
        if key in known:
            continue
        place = new.get(key)
        if place is None:
            place = new[key] = Place(partnership_id=partnership_id, address=address, postcode=postcode)
        located = (longitude is not None and latitude is not None and -180 <= longitude <= 180
                   and -90 <= latitude <= 90)
        if place.longitude is None and located:
            place.longitude, place.latitude = longitude, latitude
        if not place.lsoa_code and lsoa:
            place.lsoa_code = lsoa
    Place.objects.bulk_create(new.values(), batch_size=BATCH)
    known = {_key(p, a, pc): pk for pk, p, a, pc in Place.objects.values_list("id", "partnership_id", "address",
                                                                             "postcode")}
    Report.objects.bulk_update([Report(pk=pk, place_id=known[key]) for pk, key in links], ["place"],
                               batch_size=BATCH)

    places_of_case = {}
    for case_id, place_id in Case.reports.through.objects.values_list("case_id", "report__place_id"):
        places_of_case.setdefault(case_id, set()).add(place_id)
    Case.objects.bulk_update([Case(pk=case_id, place_id=places.pop()) for case_id, places in places_of_case.items()
                              if len(places) == 1 and None not in places], ["place"], batch_size=BATCH)


def unlink(apps, schema_editor):
    """Back: reports and cases point at no place; the places stay (premises may use them)."""
    apps.get_model("casework", "Report").objects.update(place=None)
    apps.get_model("casework", "Case").objects.update(place=None)


class Migration(migrations.Migration):

    dependencies = [
        ("casework", "0013_report_case_place_and_place_rule"),
        ("places", "0001_initial"),
    ]

    operations = [migrations.RunPython(places_from_reports, unlink)]
