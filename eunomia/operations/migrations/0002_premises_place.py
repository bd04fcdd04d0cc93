"""Premises point at their place in the partnership's gazetteer (ADR 70); those already recorded get
theirs here, found by address and postcode or recorded. Nothing is audited: no one acted."""

import django.db.models.deletion
from django.db import migrations, models

from eunomia.core.postcodes import normalise_postcode


def normalise_address(text):
    # As eunomia.places.queries.normalise_address was when this was written.
    lines = [" ".join(line.split()).strip(" ,") for line in (text or "").splitlines()]
    return ", ".join(line for line in lines if line)


def places_of_premises(apps, schema_editor):
    Premises = apps.get_model("operations", "Premises")
    Place = apps.get_model("places", "Place")
    known = {(p, a.lower(), pc): pk for pk, p, a, pc in Place.objects.values_list("id", "partnership_id", "address",
                                                                                 "postcode")}
    for premises in Premises.objects.filter(place__isnull=True).order_by("id"):
        address, postcode = normalise_address(premises.address), normalise_postcode(premises.postcode)
        if not (address or postcode):
            continue
        key = (premises.partnership_id, address.lower(), postcode)
        if key not in known:
            known[key] = Place.objects.create(partnership_id=premises.partnership_id, address=address,
                                              postcode=postcode).pk
        premises.place_id = known[key]
        premises.save(update_fields=["place"])


def unlink(apps, schema_editor):
    apps.get_model("operations", "Premises").objects.update(place=None)


class Migration(migrations.Migration):

    dependencies = [
        ('operations', '0001_initial'),
        ('places', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='premises',
            name='place',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='premises', to='places.place'),
        ),
        migrations.RunPython(places_of_premises, unlink),
    ]
