from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "eunomia.home"
    label = "home"
