from django.urls import path

from eunomia.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.index, name="index"),
    path("partner-data/new/", views.partner_dataset_upload, name="partner_dataset_upload"),
    path("partner-data/<int:pk>/", views.partner_dataset, name="partner_dataset"),
    path("partner-data/<int:pk>/measures/new/", views.partner_measure_new, name="partner_measure_new"),
    path("partner-measures/<int:pk>/figure/", views.partner_measure_figure, name="partner_measure_figure"),
    path("survey/new/", views.survey_upload, name="survey_upload"),
    path("harm-weights/", views.harm_weights_page, name="harm_weights"),
    path("harm-weights/<slug:crime_type>/", views.harm_weight_edit, name="harm_weight_edit"),
]
