from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "eunomia.families"
    label = "families"
    verbose_name = "Family Focus"
