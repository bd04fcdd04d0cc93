"""The partnership's Family Focus page on its public site, under /published/<slug>/family-focus/."""
from django.urls import path

from eunomia.families import public_views

app_name = "families_public"
urlpatterns = [
    path("", public_views.page, name="page"),
]
