from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "eunomia.places"
    label = "places"
