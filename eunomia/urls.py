from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from eunomia.upkeep import readiness

handler403 = "eunomia.core.views.error_403"
handler404 = "eunomia.core.views.error_404"
handler500 = "eunomia.core.views.error_500"

urlpatterns = [
    path("", include("eunomia.core.urls")),
    path("health/ready/", readiness.ready, name="health-ready"),
    path("", include("eunomia.home.urls")),
    path("accounts/", include("eunomia.accounts.urls")),
    path("accounts/passkeys/", include("eunomia.accounts.passkeys")),
    path("notifications/", include("eunomia.notifications.urls")),
    path("p/<slug:slug>/", include("eunomia.partners.urls")),
    path("p/<slug:slug>/plans/", include("eunomia.plans.urls")),
    path("p/<slug:slug>/figures/", include("eunomia.figures.urls")),
    path("p/<slug:slug>/jobs/", include("eunomia.jobs.urls")),
    path("p/<slug:slug>/assessment/", include("eunomia.assessment.urls")),
    path("p/<slug:slug>/crime/", include("eunomia.crime.urls")),
    path("p/<slug:slug>/evidence/", include("eunomia.evidence.urls")),
    path("p/<slug:slug>/casework/briefing/", include("eunomia.briefing.urls")),
    path("p/<slug:slug>/casework/", include("eunomia.casework.urls")),
    path("p/<slug:slug>/places/", include("eunomia.casework.place_urls")),
    path("p/<slug:slug>/interventions/", include("eunomia.interventions.urls")),
    path("p/<slug:slug>/case-reviews/", include("eunomia.casereview.urls")),
    path("p/<slug:slug>/hate-reports/", include("eunomia.hatereports.urls")),
    path("p/<slug:slug>/risk/", include("eunomia.risk.urls")),
    path("p/<slug:slug>/referrals/", include("eunomia.referrals.urls")),
    path("p/<slug:slug>/task-group/", include("eunomia.taskgroup.urls")),
    path("p/<slug:slug>/domestic-abuse/", include("eunomia.domesticabuse.urls")),
    path("p/<slug:slug>/tasking/", include("eunomia.tasking.urls")),
    path("p/<slug:slug>/projects/", include("eunomia.projects.urls")),
    path("p/<slug:slug>/operations/", include("eunomia.operations.urls")),
    path("p/<slug:slug>/governance/", include("eunomia.governance.urls")),
    path("p/<slug:slug>/equality/", include("eunomia.equality.urls")),
    path("p/<slug:slug>/families/", include("eunomia.families.urls")),
    path("p/<slug:slug>/family-claims/", include("eunomia.families.claim_urls")),
    path("published/<slug:slug>/meetings/", include("eunomia.governance.public_urls")),
    path("published/<slug:slug>/case-review/", include("eunomia.casereview.public_urls")),
    path("published/<slug:slug>/family-focus/", include("eunomia.families.public_urls")),
    path("published/", include("eunomia.plans.public_urls")),
    path("report-hate/<slug:slug>/", include("eunomia.hatereports.public_urls")),
    path("api/v1/", include("eunomia.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
