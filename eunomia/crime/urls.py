from django.urls import path

from eunomia.crime import views

app_name = "crime"
urlpatterns = [
    path("", views.crime_data, name="data"),
    path("import/", views.crime_import, name="import"),
]
