from django.urls import path

from eunomia.projects import open_data, views

app_name = "projects"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("funds/new/", views.fund_new, name="fund_new"),
    path("funds/<int:pk>/", views.fund_detail, name="fund"),
    path("funds/<int:pk>/edit/", views.fund_edit, name="fund_edit"),
    path("funds/<int:pk>/allocate/", views.fund_allocate, name="fund_allocate"),
    path("allocations/<int:pk>/remove/", views.allocation_remove, name="allocation_remove"),
    path("new/", views.project_new, name="project_new"),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/budget/new/", views.budget_line_new, name="budget_line_new"),
    path("budget-lines/<int:pk>/remove/", views.budget_line_remove, name="budget_line_remove"),
    path("<int:pk>/measures/new/", views.measure_new, name="measure_new"),
    path("measures/<int:pk>/remove/", views.measure_remove, name="measure_remove"),
    path("<int:pk>/evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("<int:pk>/documents/new/", views.document_new, name="document_new"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    # A return is addressed by its period's first day, YYYY-MM-DD: a period not yet reported has no return.
    path("<int:pk>/returns/<str:period>/", views.return_page, name="return"),
    path("<int:pk>/returns/<str:period>/accept/", views.return_accept, name="return_accept"),
    path("<int:pk>/returns/<str:period>/send-back/", views.return_send_back, name="return_send_back"),
    path("portfolio/<int:year>/", views.portfolio, name="portfolio"),
    path("portfolio/<int:year>/download/<str:fmt>/", views.portfolio_download, name="portfolio_download"),
    # The grants as 360Giving open data (ADR 61); ?year= limits them to one year's funds.
    path("open-data/", open_data.open_data, name="open_data"),
    path("open-data/grants.json", open_data.grants_json, name="grants_json"),
    path("open-data/grants.xlsx", open_data.grants_xlsx, name="grants_xlsx"),
    path("open-data/grants.csv", open_data.grants_csv, name="grants_csv"),
]
