"""The referrals API (ADR 43): referrals of people the reader may see, through
`queries.referrals_visible_to` (anything else is a 404), every answer audited as the page audits
it; a referral moves on (accepted, declined, completed) only by the organisation that made it, as
on the page (403 to others), through the page's action."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.permissions import has_permission, organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import queries as casework
from eunomia.casework.api import Pagination
from eunomia.core.api import JsonParser, StrictSerializer
from eunomia.core.dates import ApiDayField
from eunomia.partners.access import partnership_for
from eunomia.partners.queries import acting_organisation
from eunomia.referrals import actions, queries
from eunomia.referrals.models import Referral


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    person = serializers.StringRelatedField()
    service = serializers.ChoiceField(choices=Referral.Service.choices)
    service_detail = serializers.CharField()
    referred_on = serializers.DateField()
    made_by = serializers.StringRelatedField(help_text="The organisation that made it")
    status = serializers.ChoiceField(choices=Referral.Status.choices)
    decided_on = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)


class ReferralDetailSerializer(ReferralSerializer):
    case_id = serializers.IntegerField(source="shown_case_id", allow_null=True,
                                       help_text="The case it was made in, if you may see that case")
    outcome = serializers.CharField()
    may_change = serializers.BooleanField(help_text="Whether you may move it on (your organisation made it)")
    next_statuses = serializers.ListField(child=serializers.ChoiceField(choices=Referral.Status.choices),
                                          help_text="What it may become next")


class ReferralFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=Referral.Status.choices, required=False)


class ReferralStatusChangeSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=Referral.Status.choices,
                                     help_text="accepted or declined (once made), completed (once accepted)")
    on = ApiDayField(what="The date", help_text="The day it was accepted, declined or completed")
    outcome = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class NewReferralSerializer(StrictSerializer):
    service = serializers.ChoiceField(choices=Referral.Service.choices,
                                      error_messages={"required": "Choose the service the person is referred to"})
    service_detail = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                           help_text="Which service, when it is other")
    referred_on = ApiDayField(what="The date of the referral", required=False, help_text="Default today")
    case = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                    help_text="Id of a case about the person that you may see")


def _may_change(request, partnership, referral):
    return (has_permission(request.user, Permission.CASE_EDIT, partnership=partnership)
            and referral.made_by_id in organisations_of(request.user, partnership))


def _referral(request, partnership, pk):
    return get_object_or_404(queries.referrals_visible_to(request.user, partnership)
                             .select_related("person", "made_by"), pk=pk)


def _detail(request, partnership, referral, *, audited=True):
    """The referral as shown. After a write the action's own event names the person and the case, so
    no read event is added (as for a report recorded through the casework API, ADR 23)."""
    referral.shown_case_id = referral.case_id if referral.case_id and casework.cases_visible_to(
        request.user, partnership).filter(pk=referral.case_id).exists() else None
    referral.may_change = _may_change(request, partnership, referral)
    referral.next_statuses = sorted(actions.NEXT.get(referral.status, ()))
    if audited:
        audit.record(by=request.user, action="referrals.viewed", obj=referral, partnership=partnership,
                     data={"person": referral.person_id, "via": "api"})
    return Response(ReferralDetailSerializer(referral).data)


class ReferralList(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[ReferralFilters], responses=ReferralSerializer(many=True))
    def get(self, request, slug):
        """Referrals of people you may see, newest first."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        incoming = ReferralFilters(data=request.query_params)
        incoming.is_valid(raise_exception=True)
        wanted = incoming.validated_data.get("status", "")
        referrals = queries.referrals_visible_to(request.user, partnership).select_related("person", "made_by")
        if wanted:
            referrals = referrals.filter(status=wanted)
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(referrals, request, view=self)
        audit.record(by=request.user, action="referrals.listed", partnership=partnership,
                     data={"status": wanted, "ids": [r.pk for r in shown], "via": "api"})
        return paginator.get_paginated_response(ReferralSerializer(shown, many=True).data)


class ReferralDetail(APIView):
    @extend_schema(responses=ReferralDetailSerializer)
    def get(self, request, slug, pk):
        """A referral of a person you may see."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        return _detail(request, partnership, _referral(request, partnership, pk))


class PersonReferrals(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewReferralSerializer, responses={201: ReferralDetailSerializer})
    def post(self, request, slug, pk):
        """Refer a person you may see to a service, for your organisation, as the page does."""
        partnership = partnership_for(request, slug, Permission.CASE_EDIT)
        person = get_object_or_404(casework.people_visible_to(request.user, partnership), pk=pk)
        incoming = NewReferralSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        case = None
        if data["case"] is not None:
            theirs = casework.cases_visible_to(request.user, partnership).filter(
                Q(parties__person=person) | Q(reports__people_links__person=person)).distinct()
            case = theirs.filter(pk=data["case"]).first()
            if case is None:
                raise serializers.ValidationError({"case": ["Choose a case about this person that you may see"]})
        referral = actions.refer(by=request.user, person=person, organisation=acting_organisation(request.user,
                                                                                                  partnership),
                                 service=data["service"], service_detail=data["service_detail"],
                                 referred_on=data.get("referred_on") or timezone.localdate(), case=case)
        response = _detail(request, partnership, _referral(request, partnership, referral.pk), audited=False)
        response.status_code = status.HTTP_201_CREATED
        return response


class ReferralStatus(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=ReferralStatusChangeSerializer, responses=ReferralDetailSerializer)
    def post(self, request, slug, pk):
        """Accept, decline or complete a referral your organisation made."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        referral = _referral(request, partnership, pk)
        if not _may_change(request, partnership, referral):
            raise PermissionDenied
        incoming = ReferralStatusChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        actions.update_status(by=request.user, referral=referral, status=data["status"], on=data["on"],
                              outcome=data["outcome"])
        return _detail(request, partnership, _referral(request, partnership, pk), audited=False)
