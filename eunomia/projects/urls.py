from django.urls import path

from eunomia.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
