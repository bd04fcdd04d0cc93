from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "eunomia.notifications"
    label = "notifications"
