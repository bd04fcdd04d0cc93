"""The case review API (ADR 43): applications for an ASB case review, seen only by the owning
organisation's members (`queries.applications_visible_to`: anything else is a 404), every answer
audited as the page audits it; the decision, the meeting and closing go through the pages' actions."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casereview import actions, queries, threshold
from eunomia.casereview.models import CaseReviewApplication
from eunomia.casework import queries as casework_queries
from eunomia.casework.api import Pagination, ReportSummarySerializer
from eunomia.core.api import JsonParser, StrictSerializer
from eunomia.core.dates import ApiDayField
from eunomia.partners.access import partnership_for
from eunomia.partners.queries import acting_organisation

# The threshold is the partnership's rule, set by whoever runs its year, as on the page.
CHANGE_THRESHOLD = Permission.PLAN_EDIT


class CaseReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    received_on = serializers.DateField()
    status = serializers.ChoiceField(choices=CaseReviewApplication.Status.choices)
    applicant_id = serializers.IntegerField(allow_null=True)
    applicant = serializers.SerializerMethodField(help_text="The applicant's name")
    owner_organisation = serializers.StringRelatedField()

    def get_applicant(self, application) -> str:
        return str(application.applicant) if application.applicant_id else application.applicant_name


class CaseReviewDetailSerializer(CaseReviewSerializer):
    description = serializers.CharField()
    reports = ReportSummarySerializer(many=True, source="shown_reports",
                                      help_text="The reports it rests on that you may see")
    threshold_met_by_reports = serializers.BooleanField(source="assessed_met",
                                                        help_text="Whether the reports meet the threshold")
    reasons = serializers.ListField(child=serializers.CharField(), source="assessed_reasons",
                                    help_text="How the threshold was assessed, in words")
    threshold_met = serializers.BooleanField(allow_null=True, help_text="The decision recorded")
    decided_on = serializers.DateField(allow_null=True)
    meeting_on = serializers.DateField(allow_null=True)
    recommendations = serializers.CharField()
    outcome_sent_on = serializers.DateField(allow_null=True,
                                            help_text="When the outcome and any recommendations were sent")
    closed_on = serializers.DateField(allow_null=True)


class CaseReviewDecisionSerializer(StrictSerializer):
    threshold_met = serializers.BooleanField()
    decided_on = ApiDayField(what="The date of the decision")


class CaseReviewMeetingSerializer(StrictSerializer):
    meeting_on = ApiDayField(what="The date of the review meeting")
    recommendations = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    outcome_sent_on = ApiDayField(what="The date the outcome was sent", required=False, allow_null=True,
                                  default=None, help_text="When the outcome and any recommendations were sent "
                                                          "to the applicant, once they are")


class NewCaseReviewSerializer(StrictSerializer):
    received_on = ApiDayField(what="The date received")
    description = serializers.CharField(max_length=20000, help_text="What the applicant asks to be reviewed",
                                        error_messages={"required": "Describe what the applicant asks to be reviewed",
                                                        "blank": "Describe what the applicant asks to be reviewed"})
    applicant = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                         help_text="Id of the applicant, if they are a person you may see")
    applicant_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                           help_text="The applicant's name, if they are not in the system")
    reports = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                    max_length=500, help_text="Ids of the reports you may see that it rests on")


class CaseReviewThresholdSerializer(serializers.Serializer):
    complaints = serializers.IntegerField(min_value=1, max_value=100, help_text="Qualifying complaints")
    window_months = serializers.IntegerField(min_value=1, max_value=24,
                                             help_text="Within how many months before the application")
    complaint_within_days = serializers.IntegerField(
        min_value=1, max_value=366, help_text="Each complaint made within how many days of the behaviour")
    individuals = serializers.IntegerField(min_value=0, max_value=100, help_text="Local threshold: complaints "
                                           "from this many different people (0: off)")
    hate_incident = serializers.BooleanField(help_text="Local threshold: one hate-motivated report qualifies")


class CaseReviewThresholdChangeSerializer(StrictSerializer, CaseReviewThresholdSerializer):
    pass


def _application(request, partnership, pk):
    return get_object_or_404(queries.applications_visible_to(request.user, partnership)
                             .select_related("applicant", "owner_organisation"), pk=pk)


def _detail(request, partnership, application):
    visible = casework_queries.reports_visible_to(request.user, partnership)
    reports = queries.with_complainants(application.reports.filter(pk__in=visible.values("id"))
                                        .order_by("reported_at", "id"))
    application.shown_reports = reports
    application.assessed_met, application.assessed_reasons = threshold.assess(
        reports, received_on=application.received_on, settings=queries.threshold_settings(partnership))
    audit.record(by=request.user, action="casereview.application_viewed", obj=application, partnership=partnership,
                 data={"reports": [r.pk for r in reports], "applicant": application.applicant_id, "via": "api"})
    return Response(CaseReviewDetailSerializer(application).data)


class ApplicationList(APIView):
    pagination_class = Pagination
    parser_classes = [JsonParser]

    @extend_schema(responses=CaseReviewSerializer(many=True))
    def get(self, request, slug):
        """Your organisation's case review applications, newest received first."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(
            queries.applications_visible_to(request.user, partnership).select_related("applicant",
                                                                                      "owner_organisation"),
            request, view=self)
        audit.record(by=request.user, action="casereview.applications_listed", partnership=partnership,
                     data={"ids": [a.pk for a in shown], "via": "api"})
        return paginator.get_paginated_response(CaseReviewSerializer(shown, many=True).data)

    @extend_schema(request=NewCaseReviewSerializer, responses={201: CaseReviewDetailSerializer})
    def post(self, request, slug):
        """Record an application received by your organisation, with the reports it rests on, as the
        page does."""
        partnership = partnership_for(request, slug, Permission.CASE_EDIT)
        incoming = NewCaseReviewSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        errors, applicant = {}, None
        if data["applicant"] is not None:
            applicant = casework_queries.people_visible_to(request.user, partnership).filter(
                pk=data["applicant"]).first()
            if applicant is None:
                errors["applicant"] = ["Choose the applicant from the people you may see"]
        reports = list(casework_queries.reports_visible_to(request.user, partnership).filter(pk__in=data["reports"]))
        if len(reports) != len(set(data["reports"])):
            errors["reports"] = ["Choose reports that you may see"]
        if errors:
            raise serializers.ValidationError(errors)
        application = actions.receive_application(
            by=request.user, partnership=partnership, organisation=acting_organisation(request.user, partnership),
            received_on=data["received_on"], description=data["description"], applicant=applicant,
            applicant_name=data["applicant_name"], reports=reports)
        response = _detail(request, partnership, _application(request, partnership, application.pk))
        response.status_code = status.HTTP_201_CREATED
        return response


class Threshold(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=CaseReviewThresholdSerializer)
    def get(self, request, slug):
        """When an application meets the threshold: the partnership's rule, read by every caseworker."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        return Response(CaseReviewThresholdSerializer(queries.threshold_settings(partnership)).data)

    @extend_schema(request=CaseReviewThresholdChangeSerializer, responses=CaseReviewThresholdSerializer)
    def post(self, request, slug):
        """Set the threshold, every field of it (whoever runs the partnership's year; 403 to others)."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        if not has_permission(request.user, CHANGE_THRESHOLD, partnership=partnership):
            raise PermissionDenied
        incoming = CaseReviewThresholdChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        row = actions.save_settings(by=request.user, partnership=partnership, **incoming.validated_data)
        return Response(CaseReviewThresholdSerializer(row).data)


class ApplicationDetail(APIView):
    @extend_schema(responses=CaseReviewDetailSerializer)
    def get(self, request, slug, pk):
        """An application, the reports it rests on that you may see, and the threshold assessed on them."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        return _detail(request, partnership, _application(request, partnership, pk))


class _Change(APIView):
    parser_classes = [JsonParser]
    incoming_class = None

    def change(self, request, application, data):
        raise NotImplementedError

    def post(self, request, slug, pk):
        partnership = partnership_for(request, slug, Permission.CASE_EDIT)
        application = _application(request, partnership, pk)
        data = {}
        if self.incoming_class is not None:
            incoming = self.incoming_class(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = incoming.validated_data
        self.change(request, application, data)
        return _detail(request, partnership, _application(request, partnership, pk))


class Decision(_Change):
    incoming_class = CaseReviewDecisionSerializer

    @extend_schema(request=CaseReviewDecisionSerializer, responses=CaseReviewDetailSerializer)
    def post(self, request, slug, pk):
        """Record whether the threshold is met, as the page does."""
        return super().post(request, slug, pk)

    def change(self, request, application, data):
        actions.record_decision(by=request.user, application=application, threshold_met=data["threshold_met"],
                                decided_on=data["decided_on"])


class Meeting(_Change):
    incoming_class = CaseReviewMeetingSerializer

    @extend_schema(request=CaseReviewMeetingSerializer, responses=CaseReviewDetailSerializer)
    def post(self, request, slug, pk):
        """Record the review meeting and its recommendations, as the page does."""
        return super().post(request, slug, pk)

    def change(self, request, application, data):
        actions.record_meeting(by=request.user, application=application, meeting_on=data["meeting_on"],
                               recommendations=data["recommendations"], outcome_sent_on=data["outcome_sent_on"])


class Close(_Change):
    incoming_class = None  # nothing to send: the body is not read

    @extend_schema(request=None, responses=CaseReviewDetailSerializer)
    def post(self, request, slug, pk):
        """Close the application, as the page does."""
        return super().post(request, slug, pk)

    def change(self, request, application, data):
        actions.close_application(by=request.user, application=application)
