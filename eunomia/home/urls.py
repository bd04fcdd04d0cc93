from django.urls import path

from eunomia.home import views

app_name = "home"
urlpatterns = [
    path("", views.home, name="home"),
    path("p/<slug:slug>/", views.dashboard, name="dashboard"),
    path("p/<slug:slug>/audit/", views.audit_log, name="audit_log"),
    path("p/<slug:slug>/audit/accounts/", views.account_audit_log, name="account_audit_log"),
    path("p/<slug:slug>/audit/domestic-abuse/", views.da_audit_log, name="da_audit_log"),
]
