from django.urls import path

from eunomia.families import claim_views as views

app_name = "family_claims"
urlpatterns = [
    path("", views.home, name="home"),
    path("rule-sets/national/", views.rule_set_preset, name="rule_set_preset"),
    path("rule-sets/new/", views.rule_set_new, name="rule_set_new"),
    path("rule-sets/<int:pk>/", views.rule_set_detail, name="rule_set"),
    path("rule-sets/<int:pk>/edit/", views.rule_set_edit, name="rule_set_edit"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/add/", views.claim_add, name="claim_add"),
    path("claims/<int:pk>/lines/<int:line_pk>/remove/", views.line_remove, name="line_remove"),
    path("claims/<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/spot-check/draw/", views.spot_check_draw, name="spot_check_draw"),
    path("claims/<int:pk>/spot-check/", views.spot_check, name="spot_check"),
    path("claims/<int:pk>/spot-check/lines/<int:line_pk>/", views.line_check, name="line_check"),
    # The claim schedule, one row per line: schedule.csv or schedule.xlsx.
    path("claims/<int:pk>/schedule.<str:fmt>", views.claim_schedule, name="claim_schedule"),
]
