from django.apps import AppConfig


class CrimeConfig(AppConfig):
    name = "eunomia.crime"
    label = "crime"
