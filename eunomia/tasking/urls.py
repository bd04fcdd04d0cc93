from django.urls import path

from eunomia.tasking import views

app_name = "tasking"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/notes/", views.meeting_notes, name="meeting_notes"),
    path("meetings/<int:pk>/issues/new/", views.issue_new, name="issue_new"),
    path("meetings/<int:pk>/alerts/", views.meeting_alerts, name="alerts"),
    path("meetings/<int:pk>/tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/update/", views.task_update, name="task_update"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task_complete"),
    path("groups/", views.group_list, name="groups"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/items/new/", views.group_item_new, name="group_item_new"),
    path("groups/<int:pk>/notes/new/", views.group_notes_new, name="group_notes_new"),
    path("items/<int:pk>/update/", views.group_item_update, name="item_update"),
    path("actions/<int:pk>/roll-up/", views.apply_rollup, name="apply_rollup"),
]
