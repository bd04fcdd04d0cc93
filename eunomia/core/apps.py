from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eunomia.core"
    label = "core"
