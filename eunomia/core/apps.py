from django.apps import AppConfig
from django.db.models import Field, ForeignObject

from eunomia.core.ids import AnyOf


class CoreConfig(AppConfig):
    name = "eunomia.core"
    label = "core"

    def ready(self):
        # Plain fields and foreign keys: a foreign key's lookups are its own, not its field's.
        Field.register_lookup(AnyOf)
        ForeignObject.register_lookup(AnyOf)
