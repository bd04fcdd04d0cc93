from django.apps import AppConfig


class TaskingConfig(AppConfig):
    name = "eunomia.tasking"
    label = "tasking"
