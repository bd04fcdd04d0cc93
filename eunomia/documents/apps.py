from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "eunomia.documents"
    label = "documents"
