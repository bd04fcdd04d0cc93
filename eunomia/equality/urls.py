from django.urls import path

from eunomia.equality import views

app_name = "equality"

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings, name="settings"),
    path("figures/", views.figures, name="figures"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/change/", views.person_change, name="person_change"),
    path("domestic-abuse/people/<int:pk>/", views.da_person, name="da_person"),
    path("domestic-abuse/people/<int:pk>/change/", views.da_person_change, name="da_person_change"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/change/", views.assessment_change, name="assessment_change"),
    path("assessments/<int:pk>/sign-off/", views.assessment_sign_off, name="assessment_sign_off"),
    path("plans/<int:pk>/assessment/", views.plan_assessment_new, name="plan_assessment_new"),
    path("priorities/<int:pk>/assessment/", views.priority_assessment_new, name="priority_assessment_new"),
    path("projects/<int:pk>/assessment/", views.project_assessment_new, name="project_assessment_new"),
]
