"""The operations log, events and campaigns (issue 14, parts 5 to 8; ADR 60)."""
from django.urls import path

from eunomia.operations import views

app_name = "operations"
urlpatterns = [
    path("", views.log, name="log"),
    path("premises/", views.premises_list, name="premises_list"),
    path("premises/new/", views.premises_new, name="premises_new"),
    path("premises/<int:pk>/", views.premises_detail, name="premises"),
    path("premises/<int:pk>/edit/", views.premises_edit, name="premises_edit"),
    path("test-purchases/new/", views.test_purchase_new, name="test_purchase_new"),
    path("test-purchases/<int:pk>/", views.test_purchase_detail, name="test_purchase"),
    path("test-purchases/<int:pk>/edit/", views.test_purchase_edit, name="test_purchase_edit"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("training/new/", views.training_new, name="training_new"),
    path("training/<int:pk>/", views.training_detail, name="training"),
    path("training/<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("payback/new/", views.payback_new, name="payback_new"),
    path("payback/<int:pk>/", views.payback_detail, name="payback"),
    path("payback/<int:pk>/edit/", views.payback_edit, name="payback_edit"),
    path("schemes/new/", views.scheme_new, name="scheme_new"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/members/new/", views.scheme_member_new, name="scheme_member_new"),
    path("scheme-members/<int:pk>/leave/", views.member_leave, name="member_leave"),
    path("schemes/<int:pk>/exclusions/new/", views.exclusion_new, name="exclusion_new"),
    path("exclusions/<int:pk>/edit/", views.exclusion_edit, name="exclusion_edit"),
    path("enforcement/new/", views.enforcement_new, name="enforcement_new"),
    path("enforcement/<int:pk>/", views.enforcement_detail, name="enforcement"),
    path("enforcement/<int:pk>/edit/", views.enforcement_edit, name="enforcement_edit"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
]
