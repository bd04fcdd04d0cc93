from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "eunomia.jobs"
    label = "jobs"
