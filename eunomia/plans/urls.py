from django.urls import path

from eunomia.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("upload/", views.plan_upload, name="upload"),
    path("<int:year>/", views.plan_detail, name="detail"),
    path("<int:year>/title/", views.plan_edit, name="edit"),
    path("<int:year>/preview/", views.plan_preview, name="preview"),
    path("<int:year>/workbook/", views.plan_workbook, name="workbook"),
    path("<int:year>/approve/", views.plan_approve, name="approve"),
    path("<int:year>/publish/", views.plan_publish, name="publish"),
    path("<int:year>/carry-over/", views.carry_over_unfinished, name="carry_over_unfinished"),
    path("<int:year>/text/<slug:kind>/", views.section_edit, name="section_edit"),
    path("<int:year>/actions/new/", views.action_create, name="action_create"),
    path("<int:year>/actions/<int:pk>/", views.action_edit, name="action_edit"),
    path("<int:year>/actions/<int:pk>/carry-over/", views.action_carry_over, name="action_carry_over"),
    path("<int:year>/actions/<int:action_pk>/targets/new/", views.target_create, name="target_create"),
    path("<int:year>/targets/<int:pk>/", views.target_edit, name="target_edit"),
    path("<int:year>/targets/<int:pk>/actual/", views.target_actual, name="target_actual"),
    path("<int:year>/targets/<int:pk>/milestones/", views.target_milestones, name="target_milestones"),
    path("<int:year>/milestones/<int:pk>/actual/", views.milestone_actual, name="milestone_actual"),
    path("<int:year>/<slug:kinds>/new/", views.item_create, name="item_create"),
    path("<int:year>/<slug:kinds>/<int:pk>/", views.item_edit, name="item_edit"),
    path("<int:year>/<slug:kinds>/<int:pk>/move/", views.item_move, name="item_move"),
]
