from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "eunomia.geography"
    label = "geography"
