from django.urls import path

from eunomia.domesticabuse import views

app_name = "domesticabuse"
urlpatterns = [
    path("", views.home, name="home"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/export/", views.person_export, name="person_export"),
    path("people/<int:pk>/incidents/new/", views.incident_new, name="incident_new"),
    path("people/<int:pk>/checklists/new/", views.checklist_new, name="checklist_new"),
    path("people/<int:pk>/support/new/", views.support_new, name="support_new"),
    path("people/<int:pk>/safety-plans/new/", views.safety_plan_new, name="safety_plan_new"),
    path("people/<int:pk>/programme/new/", views.programme_new, name="programme_new"),
    path("checklists/<int:pk>/", views.checklist, name="checklist"),
    path("checklists/<int:pk>/refer/", views.referral_new, name="referral_new"),
    path("referrals/<int:pk>/", views.referral, name="referral"),
    path("referrals/<int:pk>/send/", views.referral_send, name="referral_send"),
    path("support/<int:pk>/end/", views.support_end, name="support_end"),
    path("areas/", views.areas, name="areas"),
    path("areas/<int:pk>/", views.area_edit, name="area_edit"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/cases/new/", views.meeting_case_new, name="meeting_case_new"),
    path("meetings/<int:pk>/actions/new/", views.meeting_action_new, name="meeting_action_new"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meeting-actions/<int:pk>/done/", views.meeting_action_done, name="meeting_action_done"),
]
