from django.urls import path

from eunomia.casereview import views

app_name = "casereview"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_new, name="new"),
    path("statistics/", views.statistics, name="statistics"),
    path("threshold/", views.threshold_edit, name="threshold"),
    path("procedure/", views.procedure_edit, name="procedure"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/match/", views.match, name="match"),
    path("<int:pk>/decision/", views.decision, name="decision"),
    path("<int:pk>/meeting/", views.meeting, name="meeting"),
    path("<int:pk>/close/", views.close, name="close"),
]
