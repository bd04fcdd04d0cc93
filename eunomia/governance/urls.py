"""The partnership's meetings and the plan's sending to the PCC, for its members (ADR 64)."""
from django.urls import path

from eunomia.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/agenda/new/", views.agenda_item_new, name="agenda_item_new"),
    path("agenda/<int:pk>/", views.agenda_item_edit, name="agenda_item_edit"),
    path("agenda/<int:pk>/remove/", views.agenda_item_remove, name="agenda_item_remove"),
    path("agenda/<int:pk>/move/", views.agenda_item_move, name="agenda_item_move"),
    path("meetings/<int:pk>/papers/new/", views.paper_new, name="paper_new"),
    path("papers/<int:pk>/", views.paper_download, name="paper"),
    path("papers/<int:pk>/remove/", views.paper_remove, name="paper_remove"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/decisions/new/", views.decision_new, name="decision_new"),
    path("decisions/<int:pk>/remove/", views.decision_remove, name="decision_remove"),
    path("meetings/<int:pk>/plan-approval/", views.plan_approval, name="plan_approval"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes_approve"),
    path("pcc/new/", views.plan_sent_new, name="plan_sent_new"),
    path("pcc/<int:pk>/acknowledgement/", views.acknowledgement, name="acknowledgement"),
]
