from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "eunomia.plans"
    label = "plans"
