from django.urls import path

from eunomia.casereview import public

app_name = "casereview_public"
urlpatterns = [
    path("", public.page, name="page"),
    path("apply/", public.start, name="start"),
    path("apply/incidents/", public.incidents, name="incidents"),
    path("apply/incidents/<int:position>/", public.incident, name="incident"),
    path("apply/incidents/<int:position>/remove/", public.incident_remove, name="incident_remove"),
    path("apply/check/", public.check, name="check"),
    path("apply/sent/", public.sent, name="sent"),
    path("apply/<slug:step_slug>/", public.step, name="step"),
    path("status/", public.status, name="status"),
]
