"""The domestic abuse API: people, MARAC referrals and MARAC meetings, read-only (ADR 0031). It is
restricted exactly as the pages are (ADR 0026): records come only through the `*_visible_to` queries
of eunomia.domesticabuse.queries, a caller without DA_VIEW in the partnership gets a 404 for every
address, lists too (the domain's existence is not revealed), and every answer holding personal data
writes the page's audit event with `"via": "api"`."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.audit import actions as audit
from eunomia.domesticabuse import actions, queries
from eunomia.domesticabuse.models import MeetingAction, Referral
from eunomia.partners.queries import partnerships_visible_to

NOT_FOUND = OpenApiResponse(description="Not found: no such record, or you do not hold the domestic abuse "
                                        "permission in this partnership (the answer is the same)")


class Pagination(LimitOffsetPagination):
    """`limit` (default 100) and `offset`; a caller cannot take more than 500 records at once."""

    max_limit = 500


def da_partnership_for(request, slug):
    """The partnership in the URL if the caller belongs to it and holds DA_VIEW there; else a 404,
    the same as for a partnership that does not exist."""
    partnership = partnerships_visible_to(request.user).filter(slug=slug).first()
    if partnership is None or not queries.may_see_da(request.user, partnership):
        raise Http404
    return partnership


# What is shown -------------------------------------------------------------------------------------

def _levels():
    return serializers.CharField(help_text="standard, medium or high")


class NamedPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class DaPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    sex = serializers.CharField(help_text="female, male, other, or empty if not known")
    postcode = serializers.CharField()


class DaChecklistSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    assessed_on = serializers.DateField()
    score = serializers.IntegerField(help_text="The number of yes answers (14 or more is high risk)")
    level = _levels()
    judgement_level = serializers.CharField(help_text="The assessor's professional judgement, if given")
    marac_area = serializers.StringRelatedField()
    perpetrator_id = serializers.IntegerField(allow_null=True)


class DaReferralSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="draft or sent")
    grounds = serializers.CharField(help_text="actuarial, judgement or escalation")
    level = _levels()
    referred_on = serializers.DateField(allow_null=True, help_text="The date it was sent")
    is_repeat = serializers.BooleanField()


class DaSupportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="idva or volunteer")
    risk_level_at_start = _levels()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(help_text="Empty while the support is open")


class DaSafetyPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agreed_on = serializers.DateField()
    measures = serializers.CharField()
    review_on = serializers.DateField()


class DaPersonDetailSerializer(DaPersonSerializer):
    address = serializers.CharField()
    phone = serializers.CharField(help_text="A safe number to call")
    checklists = DaChecklistSerializer(source="shown_checklists", many=True, read_only=True,
                                       help_text="DASH risk checklists of this victim, newest first")
    referrals = DaReferralSummarySerializer(source="shown_referrals", many=True, read_only=True,
                                            help_text="MARAC referrals of this victim, newest first")
    support = DaSupportSerializer(source="shown_support", many=True, read_only=True,
                                  help_text="IDVA and volunteer support, newest first")
    safety_plans = DaSafetyPlanSerializer(source="shown_safety_plans", many=True, read_only=True)


class DaReferralSerializer(DaReferralSummarySerializer):
    victim = NamedPersonSerializer()
    perpetrator = NamedPersonSerializer(allow_null=True)
    marac_area = serializers.StringRelatedField()
    score = serializers.IntegerField(help_text="The checklist's score, copied when the referral was made")
    created_at = serializers.DateTimeField()


class DaReferralDetailSerializer(DaReferralSerializer):
    checklist = DaChecklistSerializer()
    reasons = serializers.CharField()
    incident_id = serializers.IntegerField(allow_null=True)
    missing = serializers.ListField(child=serializers.CharField(), source="shown_missing",
                                    help_text="What must still be entered before a draft can be sent; empty "
                                              "once sent")


class MaracCaseSerializer(serializers.Serializer):
    referral_id = serializers.IntegerField()
    victim = NamedPersonSerializer(source="referral.victim")
    information_shared = serializers.CharField()


class MaracActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    owner_organisation = serializers.StringRelatedField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True, help_text="Empty while the action is open")
    referral_id = serializers.IntegerField(source="case.referral_id", allow_null=True, default=None,
                                           help_text="The case it is for, if any")


class MaracMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    marac_area = serializers.StringRelatedField()
    held_on = serializers.DateField()
    present = serializers.ListField(child=serializers.CharField(), source="shown_present",
                                    help_text="Agencies present")
    apologies = serializers.ListField(child=serializers.CharField(), source="shown_apologies",
                                      help_text="Agencies that sent apologies")
    cases = MaracCaseSerializer(source="shown_cases", many=True, read_only=True)
    actions = MaracActionSerializer(source="shown_actions", many=True, read_only=True)


class MaracMeetingDetailSerializer(MaracMeetingSerializer):
    minutes = serializers.CharField(help_text="Restricted circulation: only in this detail")


# What is asked ---------------------------------------------------------------------------------------

class PeopleFilters(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="",
                              help_text="Words that must all appear in a name or the postcode")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, default="",
                                   help_text="Why you are searching: kept in the audit log")


class ReferralFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=Referral.Status.choices, required=False)


def _filters(serializer_class, request):
    incoming = serializer_class(data=request.query_params)
    incoming.is_valid(raise_exception=True)
    return incoming.validated_data


# Reading ------------------------------------------------------------------------------------------

class PersonList(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[PeopleFilters], responses={200: DaPersonSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, slug):
        """Victims and perpetrators known to the domestic abuse service, by name; `q` searches names and
        postcodes. Only for holders of the domestic abuse permission."""
        partnership = da_partnership_for(request, slug)
        filters = _filters(PeopleFilters, request)
        people = queries.people_visible_to(request.user, partnership)
        text = filters["q"].strip()
        if text:
            people = queries.search_people(people, text)
        paginator = Pagination()
        shown = paginator.paginate_queryset(people, request, view=self)
        audit.record(by=request.user, action="domesticabuse.searched" if text else "domesticabuse.people_listed",
                     partnership=partnership, reason=filters["reason"],
                     data={"search": text, "people": [p.pk for p in shown], "via": "api"})
        return paginator.get_paginated_response(DaPersonSerializer(shown, many=True).data)


class PersonDetail(APIView):
    @extend_schema(responses={200: DaPersonDetailSerializer, 404: NOT_FOUND})
    def get(self, request, slug, pk):
        """A victim or perpetrator, with their DASH checklists, MARAC referrals, support and safety plans."""
        partnership = da_partnership_for(request, slug)
        person = get_object_or_404(queries.people_visible_to(request.user, partnership), pk=pk)
        person.shown_checklists = list(queries.checklists_visible_to(request.user, partnership)
                                       .filter(victim=person).select_related("marac_area"))
        person.shown_referrals = list(queries.referrals_visible_to(request.user, partnership).filter(victim=person))
        person.shown_support = list(queries.support_visible_to(request.user, partnership).filter(victim=person))
        person.shown_safety_plans = list(queries.safety_plans_visible_to(request.user, partnership)
                                         .filter(victim=person))
        audit.record(by=request.user, action="domesticabuse.person_viewed", obj=person, partnership=partnership,
                     data={"checklists": [c.pk for c in person.shown_checklists],
                           "referrals": [r.pk for r in person.shown_referrals],
                           "support": [s.pk for s in person.shown_support],
                           "safety_plans": [s.pk for s in person.shown_safety_plans], "via": "api"})
        return Response(DaPersonDetailSerializer(person).data)


def _referrals(request, partnership):
    return (queries.referrals_visible_to(request.user, partnership)
            .select_related("victim", "perpetrator", "marac_area", "checklist__marac_area"))


class ReferralList(APIView):
    pagination_class = Pagination

    @extend_schema(parameters=[ReferralFilters], responses={200: DaReferralSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, slug):
        """MARAC referrals, newest made first; `status` keeps only drafts or only those sent."""
        partnership = da_partnership_for(request, slug)
        filters = _filters(ReferralFilters, request)
        referrals = _referrals(request, partnership)
        if "status" in filters:
            referrals = referrals.filter(status=filters["status"])
        paginator = Pagination()
        shown = paginator.paginate_queryset(referrals, request, view=self)
        audit.record(by=request.user, action="domesticabuse.referrals_listed", partnership=partnership,
                     data={"status": filters.get("status", ""), "referrals": [r.pk for r in shown], "via": "api"})
        return paginator.get_paginated_response(DaReferralSerializer(shown, many=True).data)


class ReferralDetail(APIView):
    @extend_schema(responses={200: DaReferralDetailSerializer, 404: NOT_FOUND})
    def get(self, request, slug, pk):
        """A MARAC referral with its checklist, and for a draft what must still be entered to send it."""
        partnership = da_partnership_for(request, slug)
        referral = get_object_or_404(_referrals(request, partnership), pk=pk)
        referral.shown_missing = (actions.missing_for_sending(referral)
                                  if referral.status == Referral.Status.DRAFT else [])
        audit.record(by=request.user, action="domesticabuse.referral_viewed", obj=referral, partnership=partnership,
                     data={"via": "api"})
        return Response(DaReferralDetailSerializer(referral).data)


def _with_contents(meetings):
    """Each meeting with its agencies, cases and actions read once."""
    meetings = list(meetings.select_related("marac_area").prefetch_related("present", "apologies"))
    for meeting in meetings:
        meeting.shown_present = sorted(o.name for o in meeting.present.all())
        meeting.shown_apologies = sorted(o.name for o in meeting.apologies.all())
        meeting.shown_cases = list(meeting.cases.select_related("referral__victim"))
        meeting.shown_actions = list(MeetingAction.objects.filter(meeting=meeting)
                                     .select_related("owner_organisation", "case"))
    return meetings


def _meeting_data(meetings):
    return {"meetings": [m.pk for m in meetings],
            "referrals": sorted({c.referral_id for m in meetings for c in m.shown_cases}), "via": "api"}


class MeetingList(APIView):
    pagination_class = Pagination

    @extend_schema(responses={200: MaracMeetingSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, slug):
        """MARAC meetings, latest first, with their cases, agencies and actions (not their minutes)."""
        partnership = da_partnership_for(request, slug)
        paginator = Pagination()
        page = paginator.paginate_queryset(queries.meetings_visible_to(request.user, partnership), request,
                                           view=self)
        shown = _with_contents(queries.meetings_visible_to(request.user, partnership)
                               .filter(pk__in=[m.pk for m in page]))
        audit.record(by=request.user, action="domesticabuse.meetings_listed", partnership=partnership,
                     data=_meeting_data(shown))
        return paginator.get_paginated_response(MaracMeetingSerializer(shown, many=True).data)


class MeetingDetail(APIView):
    @extend_schema(responses={200: MaracMeetingDetailSerializer, 404: NOT_FOUND})
    def get(self, request, slug, pk):
        """A MARAC meeting with its cases, agencies, actions and minutes (restricted circulation)."""
        partnership = da_partnership_for(request, slug)
        found = _with_contents(queries.meetings_visible_to(request.user, partnership).filter(pk=pk))
        if not found:
            raise Http404("No MaracMeeting matches the given query.")
        meeting = found[0]
        audit.record(by=request.user, action="domesticabuse.meeting_viewed", obj=meeting, partnership=partnership,
                     data=_meeting_data([meeting]) | {"minutes": True})
        return Response(MaracMeetingDetailSerializer(meeting).data)
