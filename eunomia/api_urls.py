from django.urls import path

from eunomia.casereview import api as casereview_api
from eunomia.casework import api as casework_api
from eunomia.domesticabuse import api as da_api
from eunomia.figures import api as figures_api
from eunomia.interventions import api as interventions_api
from eunomia.jobs import api as jobs_api
from eunomia.partners import api as partners_api
from eunomia.plans import api as plans_api
from eunomia.referrals import api as referrals_api
from eunomia.risk import api as risk_api
from eunomia.taskgroup import api as taskgroup_api
from eunomia.tasking import api as tasking_api

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
    # Every other domain (ADR 0043): the pages' scoped queries, actions, permissions and audit.
    path("partnerships/<slug:slug>/tasking/tasks/", tasking_api.TaskList.as_view(), name="tasking_tasks"),
    path("partnerships/<slug:slug>/tasking/tasks/<int:pk>/", tasking_api.TaskDetail.as_view(), name="tasking_task"),
    path("partnerships/<slug:slug>/tasking/tasks/<int:pk>/updates/", tasking_api.TaskUpdates.as_view(),
         name="tasking_task_updates"),
    path("partnerships/<slug:slug>/tasking/tasks/<int:pk>/complete/", tasking_api.TaskCompletion.as_view(),
         name="tasking_task_complete"),
    path("partnerships/<slug:slug>/tasking/meetings/", tasking_api.MeetingList.as_view(), name="tasking_meetings"),
    path("partnerships/<slug:slug>/tasking/meetings/<int:pk>/", tasking_api.MeetingDetail.as_view(),
         name="tasking_meeting"),
    path("partnerships/<slug:slug>/tasking/meetings/<int:pk>/tasks/", tasking_api.MeetingTasks.as_view(),
         name="tasking_meeting_tasks"),
    path("partnerships/<slug:slug>/tasking/groups/<int:pk>/", tasking_api.GroupDetail.as_view(), name="tasking_group"),
    path("partnerships/<slug:slug>/task-group/meetings/", taskgroup_api.MeetingList.as_view(),
         name="taskgroup_meetings"),
    path("partnerships/<slug:slug>/task-group/meetings/<int:pk>/", taskgroup_api.MeetingDetail.as_view(),
         name="taskgroup_meeting"),
    path("partnerships/<slug:slug>/task-group/meetings/<int:pk>/minutes/", taskgroup_api.Minutes.as_view(),
         name="taskgroup_minutes"),
    path("partnerships/<slug:slug>/task-group/meetings/<int:pk>/actions/", taskgroup_api.ActionList.as_view(),
         name="taskgroup_actions"),
    path("partnerships/<slug:slug>/task-group/meetings/<int:pk>/actions/<int:action_pk>/done/",
         taskgroup_api.ActionDone.as_view(), name="taskgroup_action_done"),
    path("partnerships/<slug:slug>/cases/<int:case_pk>/interventions/", interventions_api.InterventionList.as_view(),
         name="interventions"),
    path("partnerships/<slug:slug>/cases/<int:case_pk>/interventions/<int:pk>/breach/",
         interventions_api.Breach.as_view(), name="intervention_breach"),
    path("partnerships/<slug:slug>/referrals/", referrals_api.ReferralList.as_view(), name="referrals"),
    path("partnerships/<slug:slug>/referrals/<int:pk>/", referrals_api.ReferralDetail.as_view(), name="referral"),
    path("partnerships/<slug:slug>/referrals/<int:pk>/status/", referrals_api.ReferralStatus.as_view(),
         name="referral_status"),
    path("partnerships/<slug:slug>/people/<int:pk>/referrals/", referrals_api.PersonReferrals.as_view(),
         name="person_referrals"),
    path("partnerships/<slug:slug>/people/<int:pk>/risk-assessments/", risk_api.PersonAssessments.as_view(),
         name="risk_assessments"),
    path("partnerships/<slug:slug>/risk/overdue/", risk_api.Overdue.as_view(), name="risk_overdue"),
    path("partnerships/<slug:slug>/risk/question-sets/<str:kind>/", risk_api.QuestionSetDetail.as_view(),
         name="risk_question_set"),
    path("partnerships/<slug:slug>/case-reviews/", casereview_api.ApplicationList.as_view(), name="case_reviews"),
    path("partnerships/<slug:slug>/case-reviews/<int:pk>/", casereview_api.ApplicationDetail.as_view(),
         name="case_review"),
    path("partnerships/<slug:slug>/case-reviews/<int:pk>/decision/", casereview_api.Decision.as_view(),
         name="case_review_decision"),
    path("partnerships/<slug:slug>/case-reviews/<int:pk>/meeting/", casereview_api.Meeting.as_view(),
         name="case_review_meeting"),
    path("partnerships/<slug:slug>/case-reviews/<int:pk>/close/", casereview_api.Close.as_view(),
         name="case_review_close"),
    path("partnerships/<slug:slug>/directory/organisations/", partners_api.OrganisationList.as_view(),
         name="directory_organisations"),
    path("partnerships/<slug:slug>/directory/membership-spells/", partners_api.SpellList.as_view(),
         name="directory_spells"),
    path("partnerships/<slug:slug>/directory/working-groups/", partners_api.WorkingGroupList.as_view(),
         name="directory_working_groups"),
    path("partnerships/<slug:slug>/directory/contacts/", partners_api.ContactList.as_view(), name="directory_contacts"),
    path("partnerships/<slug:slug>/directory/contacts/<int:pk>/", partners_api.ContactDetail.as_view(),
         name="directory_contact"),
]
