from django.urls import path

from eunomia.hatereports import public_views

app_name = "report_hate"
urlpatterns = [
    path("", public_views.start, name="start"),
    path("check/", public_views.check, name="check"),
    path("sent/", public_views.sent, name="sent"),
    path("<slug:step>/", public_views.step, name="step"),
]
