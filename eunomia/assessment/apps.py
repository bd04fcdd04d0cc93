from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "eunomia.assessment"
    label = "assessment"
