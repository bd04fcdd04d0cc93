from django.urls import path

from eunomia.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.log, name="log"),
]
