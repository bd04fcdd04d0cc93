from django.apps import AppConfig


class BriefingConfig(AppConfig):
    name = "eunomia.briefing"
    label = "briefing"
