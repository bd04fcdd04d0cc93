"""The partnership's meetings on its public site, under /published/<slug>/meetings/ (ADR 64)."""
from django.urls import path

from eunomia.governance import public

app_name = "meetings"
urlpatterns = [
    path("", public.meetings, name="list"),
    path("<int:pk>/", public.meeting, name="meeting"),
    path("<int:pk>/meeting.ics", public.calendar, name="calendar"),
    path("<int:pk>/papers/<int:paper_pk>/", public.paper, name="paper"),
]
