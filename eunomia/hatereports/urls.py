from django.urls import path

from eunomia.hatereports import views

app_name = "hatereports"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/casework/", views.convert, name="convert"),
    path("<int:pk>/close/", views.close, name="close"),
    path("centres/", views.centres, name="centres"),
    path("centres/<int:pk>/withdraw/", views.centre_withdraw, name="centre_withdraw"),
    path("triage-organisation/", views.triage_setting, name="triage_setting"),
    path("my-centre/", views.centre_reports, name="centre_reports"),
]
