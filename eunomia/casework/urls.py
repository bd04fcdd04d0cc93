from django.urls import path

from eunomia.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.report_list, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/add-person/", views.report_add_person, name="report_add_person"),
    path("reports/<int:pk>/add-person/new/", views.report_add_new_person, name="report_add_new_person"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/consent/", views.person_consent, name="person_consent"),
    path("people/<int:pk>/merge/", views.person_merge, name="person_merge"),
    path("reports/<int:pk>/open-case/", views.case_open, name="case_open"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/link-report/", views.case_link_report, name="case_link_report"),
    path("cases/<int:pk>/add-person/", views.case_add_party, name="case_add_party"),
    path("cases/<int:pk>/share/", views.case_share, name="case_share"),
    path("cases/<int:pk>/shares/<int:share_pk>/remove/", views.case_unshare, name="case_unshare"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/new/", views.agreement_new, name="agreement_new"),
]
