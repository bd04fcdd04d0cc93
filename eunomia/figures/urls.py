from django.urls import path

from eunomia.figures import record_views, views

app_name = "figures"
urlpatterns = [
    path("", views.figure_list, name="list"),
    path("new/", views.figure_create_manual, name="create_manual"),
    path("new/calculated/", views.figure_create_computed, name="create_computed"),
    path("new/derived/", views.figure_create_derived, name="create_derived"),
    path("recalculate/", views.figure_recalculate_all, name="recalculate_all"),
    path("disclosure/", views.disclosure_rule_edit, name="disclosure_rule"),
    path("<slug:name>/", views.figure_detail, name="detail"),
    path("<slug:name>/edit/", views.figure_edit, name="edit"),
    path("<slug:name>/record/", views.figure_record, name="record"),
    path("<slug:name>/recalculate/", views.figure_recalculate, name="recalculate"),
    path("<slug:name>/records/", record_views.figure_records, name="records"),
    path("<slug:name>/records.csv", record_views.figure_records_csv, name="records_csv"),
    path("<slug:name>/published/<int:pk>/", record_views.figure_recount, name="recount"),
]
