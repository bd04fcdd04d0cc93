"""The ASB Task Group API (ADR 43): meetings the reader's organisation chaired or attended, through
`queries.meetings_visible_to` (anything else is a 404), the cases on the agenda only as far as the
reader may see them, and a meeting's page read audited as the page audits it. Its actions are the
chairing organisation's to mark done, as on the page (403 to other attendees)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.permissions import organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework.api import CaseSummarySerializer, Pagination
from eunomia.casework.queries import cases_visible_to
from eunomia.core.api import JsonParser, StrictSerializer
from eunomia.core.dates import ApiDayField
from eunomia.partners.access import partnership_for
from eunomia.partners.queries import acting_organisation, organisations_in
from eunomia.taskgroup import actions, queries
from eunomia.taskgroup.models import MeetingAction


class TaskGroupMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    held_on = serializers.DateField()
    owner_organisation = serializers.StringRelatedField(help_text="The organisation that chairs and keeps the minutes")


class TaskGroupActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    organisation = serializers.StringRelatedField()
    case_id = serializers.IntegerField(allow_null=True)
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class TaskGroupMeetingDetailSerializer(TaskGroupMeetingSerializer):
    attendees = serializers.StringRelatedField(many=True, source="shown_attendees")
    minutes = serializers.CharField()
    cases = CaseSummarySerializer(many=True, source="shown_cases", help_text="The cases on the agenda you may see")
    hidden_cases = serializers.IntegerField(help_text="How many cases on the agenda you may not see")
    actions = TaskGroupActionSerializer(many=True, source="shown_actions")
    chair = serializers.BooleanField(help_text="Whether your organisation chairs it (and so writes its actions)")


class NewTaskGroupMeetingSerializer(StrictSerializer):
    held_on = ApiDayField(what="The date the meeting was held")
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="ASB Task Group")
    attendees = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                      max_length=500, help_text="Ids of the member organisations that attended "
                                                                "(your organisation chairs, and attends in any case)")
    cases = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                  max_length=500, help_text="Ids of open cases you may see, discussed at the meeting")


class MinutesSerializer(StrictSerializer):
    minutes = serializers.CharField(allow_blank=True, max_length=100000, help_text="The whole minutes, replacing them")


class NewActionSerializer(StrictSerializer):
    organisation = serializers.IntegerField(min_value=1, help_text="Id of an organisation that attended",
                                            error_messages={"required": "Choose the organisation to do it"})
    description = serializers.CharField(max_length=500, error_messages={"required": "Say what is to be done",
                                                                        "blank": "Say what is to be done"})
    due_on = ApiDayField(what="The date it is due")


def _chairs(request, partnership, meeting):
    return meeting.owner_organisation_id in organisations_of(request.user, partnership)


def _meeting(request, partnership, pk):
    return get_object_or_404(queries.meetings_visible_to(request.user, partnership)
                             .select_related("owner_organisation"), pk=pk)


def _shown(request, partnership, meeting):
    visible = cases_visible_to(request.user, partnership)
    meeting.shown_cases = list(meeting.cases.filter(pk__in=visible.values("id")))
    meeting.hidden_cases = meeting.cases.count() - len(meeting.shown_cases)
    meeting.shown_attendees = list(meeting.attendees.order_by("name"))
    meeting.shown_actions = list(meeting.actions.select_related("organisation"))
    meeting.chair = _chairs(request, partnership, meeting)
    audit.record(by=request.user, action="taskgroup.meeting_viewed", obj=meeting, partnership=partnership,
                 data={"cases": [c.pk for c in meeting.shown_cases], "via": "api"})
    return TaskGroupMeetingDetailSerializer(meeting).data


class MeetingList(APIView):
    pagination_class = Pagination
    parser_classes = [JsonParser]

    @extend_schema(responses=TaskGroupMeetingSerializer(many=True))
    def get(self, request, slug):
        """The Task Group meetings your organisation chaired or attended, newest first. Titles and
        dates only (no one is named), so, as on the page, the list is not audited."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        paginator = self.pagination_class()
        shown = paginator.paginate_queryset(
            queries.meetings_visible_to(request.user, partnership).select_related("owner_organisation"),
            request, view=self)
        return paginator.get_paginated_response(TaskGroupMeetingSerializer(shown, many=True).data)

    @extend_schema(request=NewTaskGroupMeetingSerializer, responses={201: TaskGroupMeetingDetailSerializer})
    def post(self, request, slug):
        """Record a meeting that has been held, chaired by your organisation, with the open cases you
        may see that it discussed; every case must be shared with every organisation at the table."""
        partnership = partnership_for(request, slug, Permission.CASE_EDIT)
        incoming = NewTaskGroupMeetingSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        attendees = list(organisations_in(partnership).filter(pk__in=data["attendees"]))
        cases = list(cases_visible_to(request.user, partnership).filter(status="open", pk__in=data["cases"]))
        errors = {}
        if len(attendees) != len(set(data["attendees"])):
            errors["attendees"] = ["Choose organisations that are members of the partnership"]
        if len(cases) != len(set(data["cases"])):
            errors["cases"] = ["Choose open cases that you may see"]
        if errors:
            raise serializers.ValidationError(errors)
        meeting = actions.create_meeting(by=request.user, partnership=partnership,
                                         organisation=acting_organisation(request.user, partnership),
                                         held_on=data["held_on"], title=data["title"], attendees=attendees,
                                         cases=cases)
        return Response(_shown(request, partnership, _meeting(request, partnership, meeting.pk)),
                        status=status.HTTP_201_CREATED)


class MeetingDetail(APIView):
    @extend_schema(responses=TaskGroupMeetingDetailSerializer)
    def get(self, request, slug, pk):
        """A meeting: attendees, minutes, the cases on the agenda you may see and its actions."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        return Response(_shown(request, partnership, _meeting(request, partnership, pk)))


def _meeting_to_change(request, slug, pk):
    """The meeting (404 unless the reader's organisation attended); 403 unless it chairs it."""
    partnership = partnership_for(request, slug, Permission.CASE_EDIT)
    meeting = _meeting(request, partnership, pk)
    if not _chairs(request, partnership, meeting):
        raise PermissionDenied
    return partnership, meeting


class Minutes(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=MinutesSerializer, responses=TaskGroupMeetingDetailSerializer)
    def post(self, request, slug, pk):
        """Save the minutes (the chairing organisation only)."""
        partnership, meeting = _meeting_to_change(request, slug, pk)
        incoming = MinutesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.save_minutes(by=request.user, meeting=meeting, minutes=incoming.validated_data["minutes"])
        return Response(_shown(request, partnership, meeting))


class ActionList(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewActionSerializer, responses={201: TaskGroupMeetingDetailSerializer})
    def post(self, request, slug, pk):
        """Give an action to an organisation that attended (the chairing organisation only)."""
        partnership, meeting = _meeting_to_change(request, slug, pk)
        incoming = NewActionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        organisation = meeting.attendees.filter(pk=data["organisation"]).first()
        if organisation is None:
            raise serializers.ValidationError({"organisation": ["Choose an organisation that attended the meeting"]})
        actions.add_action(by=request.user, meeting=meeting, organisation=organisation,
                           description=data["description"], due_on=data["due_on"])
        return Response(_shown(request, partnership, meeting), status=status.HTTP_201_CREATED)


class ActionDone(APIView):
    @extend_schema(request=None, responses=TaskGroupMeetingDetailSerializer)
    def post(self, request, slug, pk, action_pk):
        """Mark an action done today (the chairing organisation only)."""
        partnership, meeting = _meeting_to_change(request, slug, pk)
        action = get_object_or_404(MeetingAction, meeting=meeting, pk=action_pk)
        actions.complete_action(by=request.user, action=action, done_on=timezone.localdate())
        return Response(_shown(request, partnership, meeting))
