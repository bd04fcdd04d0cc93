from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "eunomia.audit"
    label = "audit"
