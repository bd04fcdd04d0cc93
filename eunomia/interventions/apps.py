from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "eunomia.interventions"
    label = "interventions"
