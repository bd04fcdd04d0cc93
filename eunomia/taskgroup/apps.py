from django.apps import AppConfig


class TaskGroupConfig(AppConfig):
    name = "eunomia.taskgroup"
    label = "taskgroup"
