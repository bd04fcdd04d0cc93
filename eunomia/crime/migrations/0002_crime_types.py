"""The police.uk crime categories. Current ones in the order police.uk lists them; the two it
retired in May 2013 ("Violent crime", "Public disorder and weapons") stay for older files."""

from django.db import migrations

CURRENT = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
    "Other crime",
]
LEGACY = ["Violent crime", "Public disorder and weapons"]


def add(apps, schema_editor):
    from django.utils.text import slugify

    CrimeType = apps.get_model("crime", "CrimeType")
    for position, name in enumerate(CURRENT + LEGACY):
        CrimeType.objects.update_or_create(name=name, defaults={
            "slug": slugify(name), "is_asb": name == "Anti-social behaviour", "is_legacy": name in LEGACY,
            "position": position,
        })


class Migration(migrations.Migration):
    dependencies = [("crime", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
