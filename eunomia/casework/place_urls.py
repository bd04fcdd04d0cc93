"""The places pages (ADR 70), under /p/<slug>/places/. The gazetteer is eunomia.places, below
casework; the pages show casework records, so they are casework's."""

from django.urls import path

from eunomia.casework.views import places

app_name = "places"
urlpatterns = [
    path("<int:pk>/", places.place_detail, name="place"),
    path("hot-spots/", places.hot_spots, name="hot_spots"),
]
