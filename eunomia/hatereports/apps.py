from django.apps import AppConfig


class HatereportsConfig(AppConfig):
    name = "eunomia.hatereports"
    label = "hatereports"
