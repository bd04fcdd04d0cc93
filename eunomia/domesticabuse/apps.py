from django.apps import AppConfig


class DomesticAbuseConfig(AppConfig):
    name = "eunomia.domesticabuse"
    label = "domesticabuse"
