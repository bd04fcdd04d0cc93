from django.urls import path

from eunomia.families import views

app_name = "families"
urlpatterns = [
    path("", views.family_list, name="list"),
    path("identify/", views.family_identify, name="identify"),
    path("<int:pk>/", views.family_detail, name="detail"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/evidence/add/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/facts/add/", views.fact_add, name="fact_add"),
    path("<int:pk>/facts/import/", views.fact_import, name="fact_import"),
    path("<int:pk>/share/", views.family_share, name="share"),
    path("<int:pk>/attach/", views.family_attach, name="attach"),
    path("<int:pk>/close/", views.family_close, name="close"),
    path("<int:pk>/plan/agree/", views.plan_agree, name="plan_agree"),
    path("<int:pk>/plan/goals/add/", views.goal_add, name="goal_add"),
    path("<int:pk>/plan/actions/add/", views.action_add, name="action_add"),
    path("<int:pk>/plan/reviews/add/", views.review_add, name="review_add"),
    path("<int:pk>/support/link/", views.support_link, name="support_link"),
    # A plan action by its own number; its family is found through it.
    path("plan-actions/<int:pk>/done/", views.action_done, name="action_done"),
]
