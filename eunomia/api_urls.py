from django.urls import path

from eunomia.casework import api as casework_api
from eunomia.domesticabuse import api as da_api
from eunomia.figures import api as figures_api
from eunomia.jobs import api as jobs_api
from eunomia.plans import api as plans_api

app_name = "api"
urlpatterns = [
    path("partnerships/", plans_api.PartnershipList.as_view(), name="partnerships"),
    path("partnerships/<slug:slug>/plans/", plans_api.PlanList.as_view(), name="plans"),
    path("partnerships/<slug:slug>/plans/<int:year>/", plans_api.PlanDetail.as_view(), name="plan"),
    path("partnerships/<slug:slug>/plans/<int:year>/targets/", plans_api.TargetList.as_view(), name="targets"),
    path("partnerships/<slug:slug>/plans/<int:year>/publication/", plans_api.Publication.as_view(), name="publication"),
    path("partnerships/<slug:slug>/targets/<int:pk>/", plans_api.TargetDetail.as_view(), name="target"),
    path("partnerships/<slug:slug>/targets/<int:pk>/actual/", plans_api.TargetActual.as_view(), name="target_actual"),
    path("partnerships/<slug:slug>/figures/", figures_api.FigureList.as_view(), name="figures"),
    path("partnerships/<slug:slug>/figures/<slug:name>/", figures_api.FigureDetail.as_view(), name="figure"),
    path("partnerships/<slug:slug>/figures/<slug:name>/values/", figures_api.FigureValues.as_view(), name="figure_values"),
    path("partnerships/<slug:slug>/jobs/<int:pk>/", jobs_api.JobDetail.as_view(), name="job"),
    path("partnerships/<slug:slug>/reports/", casework_api.ReportList.as_view(), name="reports"),
    path("partnerships/<slug:slug>/reports/<int:pk>/", casework_api.ReportDetail.as_view(), name="report"),
    path("partnerships/<slug:slug>/cases/", casework_api.CaseList.as_view(), name="cases"),
    path("partnerships/<slug:slug>/cases/<int:pk>/", casework_api.CaseDetail.as_view(), name="case"),
    path("partnerships/<slug:slug>/people/<int:pk>/", casework_api.PersonDetail.as_view(), name="person"),
    # Domestic abuse (ADR 0031): 404 to everyone without DA_VIEW.
    path("partnerships/<slug:slug>/domestic-abuse/people/", da_api.PersonList.as_view(), name="da_people"),
    path("partnerships/<slug:slug>/domestic-abuse/people/<int:pk>/", da_api.PersonDetail.as_view(), name="da_person"),
    path("partnerships/<slug:slug>/domestic-abuse/referrals/", da_api.ReferralList.as_view(), name="da_referrals"),
    path("partnerships/<slug:slug>/domestic-abuse/referrals/<int:pk>/", da_api.ReferralDetail.as_view(),
         name="da_referral"),
    path("partnerships/<slug:slug>/domestic-abuse/meetings/", da_api.MeetingList.as_view(), name="da_meetings"),
    path("partnerships/<slug:slug>/domestic-abuse/meetings/<int:pk>/", da_api.MeetingDetail.as_view(),
         name="da_meeting"),
]
