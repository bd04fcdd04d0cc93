from django.urls import path

from eunomia.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.report_list, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("briefing/", views.briefing, name="briefing"),
]
