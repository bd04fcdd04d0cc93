from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "eunomia.operations"
    label = "operations"
