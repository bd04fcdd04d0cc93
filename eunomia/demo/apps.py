from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "eunomia.demo"
    label = "demo"
