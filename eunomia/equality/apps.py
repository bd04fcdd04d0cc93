from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "eunomia.equality"
    label = "equality"
    verbose_name = "Equality"
