from django.urls import path, re_path

from eunomia.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.assessment_page, name="page"),
    re_path(r"^download/(?P<fmt>csv|xlsx|pdf|docx)/$", views.assessment_download, name="download"),
    path("settings/", views.assessment_settings, name="settings"),
    path("adopt/", views.assessment_adopt, name="adopt"),
    path("figure/", views.assessment_figure, name="figure"),
]
