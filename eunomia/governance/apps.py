from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "eunomia.governance"
    label = "governance"
