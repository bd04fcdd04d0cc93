from django.urls import path

from eunomia.casework.views import agreements, cases, people, reports

app_name = "casework"
urlpatterns = [
    path("", reports.report_list, name="reports"),
    path("reports/new/", reports.report_new, name="report_new"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/add-person/", reports.report_add_person, name="report_add_person"),
    path("reports/<int:pk>/add-person/new/", reports.report_add_new_person, name="report_add_new_person"),
    path("people/<int:pk>/", people.person_detail, name="person"),
    path("people/<int:pk>/consent/", people.person_consent, name="person_consent"),
    path("people/<int:pk>/merge/", people.person_merge, name="person_merge"),
    path("reports/<int:pk>/open-case/", cases.case_open, name="case_open"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/link-report/", cases.case_link_report, name="case_link_report"),
    path("cases/<int:pk>/add-person/", cases.case_add_party, name="case_add_party"),
    path("cases/<int:pk>/share/", cases.case_share, name="case_share"),
    path("cases/<int:pk>/shares/<int:share_pk>/remove/", cases.case_unshare, name="case_unshare"),
    path("cases/<int:pk>/lead-officer/", cases.case_lead, name="case_lead"),
    path("cases/<int:pk>/close/", cases.case_close, name="case_close"),
    path("cases/<int:pk>/reopen/", cases.case_reopen, name="case_reopen"),
    path("agreements/", agreements.agreement_list, name="agreements"),
    path("agreements/new/", agreements.agreement_new, name="agreement_new"),
]
