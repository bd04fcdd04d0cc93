from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "eunomia.evidence"
    label = "evidence"
