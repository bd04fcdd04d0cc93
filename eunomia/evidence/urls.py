from django.urls import path

from eunomia.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.index, name="index"),
    path("partner-data/new/", views.partner_dataset_upload, name="partner_dataset_upload"),
    path("survey/new/", views.survey_upload, name="survey_upload"),
    path("harm-weights/", views.harm_weights_page, name="harm_weights"),
    path("harm-weights/<slug:crime_type>/", views.harm_weight_edit, name="harm_weight_edit"),
]
