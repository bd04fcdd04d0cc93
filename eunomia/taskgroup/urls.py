from django.urls import path

from eunomia.taskgroup import views

app_name = "taskgroup"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/minutes/", views.meeting_minutes, name="minutes"),
    path("<int:pk>/actions/new/", views.meeting_action_new, name="action_new"),
    path("<int:pk>/actions/<int:action_pk>/done/", views.meeting_action_done, name="action_done"),
]
