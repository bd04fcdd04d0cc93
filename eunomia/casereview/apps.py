from django.apps import AppConfig


class CasereviewConfig(AppConfig):
    name = "eunomia.casereview"
    label = "casereview"
