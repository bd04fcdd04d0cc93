from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "eunomia.projects"
    label = "projects"
