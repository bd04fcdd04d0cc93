from django.apps import AppConfig

from eunomia.documents import page_references


class DocumentsConfig(AppConfig):
    name = "eunomia.documents"
    label = "documents"

    def ready(self):
        # Before any PDF is made, and so before the publishing pool forks its children (ADR 54).
        page_references.install()
