from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "eunomia.partners"
    label = "partners"
