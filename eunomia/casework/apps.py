from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "eunomia.casework"
    label = "casework"
