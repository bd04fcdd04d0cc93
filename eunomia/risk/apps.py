from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "eunomia.risk"
    label = "risk"
