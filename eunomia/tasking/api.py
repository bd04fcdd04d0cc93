"""The tasking API: tasking meetings, the tasks they set and the working groups' action plans
(ADR 43). Tasking holds no personal data (ADR 29), so, as on the pages, every member who may read
the plan reads it all and nothing is audited as a read; a task is changed only by those the pages
let change it (`queries.may_change`: a partner practitioner only their own organisation's), through
the pages' actions."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.core.api import JsonParser, StrictSerializer
from eunomia.core.dates import ApiDayField
from eunomia.partners.access import partnership_for
from eunomia.partners.queries import organisations_in
from eunomia.tasking import actions, queries
from eunomia.tasking.models import GroupItem


class TaskUpdateSerializer(serializers.Serializer):
    written_on = serializers.DateField()
    note = serializers.CharField()
    by = serializers.CharField(source="by_name")


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    organisation = serializers.StringRelatedField()
    organisation_id = serializers.IntegerField()
    meeting_id = serializers.IntegerField()
    issue_id = serializers.IntegerField(allow_null=True)
    set_on = serializers.DateField()
    due_on = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)
    result = serializers.CharField()
    overdue = serializers.SerializerMethodField(help_text="Open and due before today")

    def get_overdue(self, task) -> bool:
        return task.is_overdue(timezone.localdate())


class TaskDetailSerializer(TaskSerializer):
    updates = TaskUpdateSerializer(many=True, source="shown_updates")
    may_change = serializers.BooleanField(help_text="Whether you may add updates to it and complete it")


class TaskingIssueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    source = serializers.CharField(help_text="partner (raised by a partner) or assessment_alert (from the "
                                             "strategic assessment's alerts)")
    raised_by_organisation = serializers.StringRelatedField()


class TaskingMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    chair_organisation = serializers.StringRelatedField()


class TaskingMeetingDetailSerializer(TaskingMeetingSerializer):
    attendees = serializers.StringRelatedField(many=True, source="shown_attendees")
    notes = serializers.CharField()
    issues = TaskingIssueSerializer(many=True, source="shown_issues")
    tasks = TaskSerializer(many=True, source="shown_tasks")


class GroupItemUpdateSerializer(TaskUpdateSerializer):
    status = serializers.ChoiceField(choices=GroupItem.Status.choices)


class GroupItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    owner_organisation = serializers.StringRelatedField()
    plan_action_id = serializers.IntegerField(allow_null=True)
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=GroupItem.Status.choices)
    updates = GroupItemUpdateSerializer(many=True, source="updates.all")


class GroupNoteSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    notes = serializers.CharField()


class TaskingGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    purpose = serializers.CharField()
    lead_organisation = serializers.StringRelatedField()
    items = GroupItemSerializer(many=True, source="shown_items", help_text="The group's action plan")
    notes = GroupNoteSerializer(many=True, source="meeting_notes.all")


class NewTaskSerializer(StrictSerializer):
    organisation = serializers.IntegerField(min_value=1, help_text="Id of the member organisation tasked",
                                            error_messages={"required": "Choose the organisation to task"})
    description = serializers.CharField(max_length=500, help_text="What it is tasked to do: no personal data",
                                        error_messages={"required": "Say what the organisation is tasked to do",
                                                        "blank": "Say what the organisation is tasked to do"})
    due_on = ApiDayField(what="The date the task is due")
    issue = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                     help_text="Id of an issue raised at this meeting that it addresses")


class TaskFilters(serializers.Serializer):
    organisation = serializers.IntegerField(required=False, min_value=1,
                                            help_text="Id of a member organisation: only the tasks given to it")


class NewTaskUpdateSerializer(StrictSerializer):
    note = serializers.CharField(max_length=10000, help_text="What progress has been made",
                                 error_messages={"blank": "Say what progress has been made",
                                                 "required": "Say what progress has been made"})


class TaskCompletionSerializer(StrictSerializer):
    completed_on = ApiDayField(what="The date it was completed", required=False,
                               help_text="The day it was completed (default today)")
    result = serializers.CharField(max_length=10000, help_text="What the result was",
                                   error_messages={"blank": "Say what the result was",
                                                   "required": "Say what the result was"})


# Reading --------------------------------------------------------------------------------------------

class TaskList(APIView):
    @extend_schema(parameters=[TaskFilters], responses=TaskSerializer(many=True))
    def get(self, request, slug):
        """Open tasks, the overdue ones first (oldest due first), then the rest by due date, as the
        tasking dashboard lists them."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        incoming = TaskFilters(data=request.query_params)
        incoming.is_valid(raise_exception=True)
        organisation = None
        if "organisation" in incoming.validated_data:
            organisation = organisations_in(partnership).filter(pk=incoming.validated_data["organisation"]).first()
            if organisation is None:
                raise serializers.ValidationError(
                    {"organisation": ["That organisation is not a member of the partnership"]})
        tasks = queries.open_tasks(partnership, organisation=organisation, today=timezone.localdate())
        return Response(TaskSerializer(tasks, many=True).data)


def _task(partnership, pk):
    return get_object_or_404(queries.tasks_in(partnership), pk=pk)


class TaskDetail(APIView):
    @extend_schema(responses=TaskDetailSerializer)
    def get(self, request, slug, pk):
        """A task with its progress updates, newest first."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        task = _task(partnership, pk)
        task.shown_updates = list(task.updates.all())
        task.may_change = queries.may_change(request.user, partnership, task)
        return Response(TaskDetailSerializer(task).data)


def _task_to_change(request, slug, pk):
    """The task (404 if not this partnership's); 403 to a member the page would refuse."""
    partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
    task = _task(partnership, pk)
    if not queries.may_change(request.user, partnership, task):
        raise PermissionDenied
    return partnership, task


def _detail(request, partnership, pk, status_code):
    task = _task(partnership, pk)
    task.shown_updates = list(task.updates.all())
    task.may_change = queries.may_change(request.user, partnership, task)
    return Response(TaskDetailSerializer(task).data, status=status_code)


class TaskUpdates(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewTaskUpdateSerializer, responses={201: TaskDetailSerializer})
    def post(self, request, slug, pk):
        """Add a progress update to an open task (the tasked organisation, or a tasking editor)."""
        partnership, task = _task_to_change(request, slug, pk)
        incoming = NewTaskUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.add_task_update(by=request.user, task=task, note=incoming.validated_data["note"])
        return _detail(request, partnership, pk, status.HTTP_201_CREATED)


class TaskCompletion(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=TaskCompletionSerializer, responses={200: TaskDetailSerializer})
    def post(self, request, slug, pk):
        """Complete an open task with its result (the tasked organisation, or a tasking editor)."""
        partnership, task = _task_to_change(request, slug, pk)
        incoming = TaskCompletionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        actions.complete_task(by=request.user, task=task, completed_on=data.get("completed_on", timezone.localdate()),
                              result=data["result"])
        return _detail(request, partnership, pk, status.HTTP_200_OK)


class MeetingList(APIView):
    @extend_schema(responses=TaskingMeetingSerializer(many=True))
    def get(self, request, slug):
        """Tasking meetings, newest first."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        return Response(TaskingMeetingSerializer(queries.meetings_in(partnership), many=True).data)


class MeetingTasks(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewTaskSerializer, responses={201: TaskDetailSerializer})
    def post(self, request, slug, pk):
        """Task a member organisation at a meeting (tasking editors), as the page does."""
        partnership = partnership_for(request, slug, Permission.TASKING_EDIT)
        meeting = get_object_or_404(queries.meetings_in(partnership), pk=pk)
        incoming = NewTaskSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        errors = {}
        organisation = organisations_in(partnership).filter(pk=data["organisation"]).first()
        if organisation is None:
            errors["organisation"] = ["Choose an organisation that is a member of the partnership"]
        issue = None
        if data["issue"] is not None:
            issue = meeting.issues.filter(pk=data["issue"]).first()
            if issue is None:
                errors["issue"] = ["Choose an issue raised at this meeting"]
        if errors:
            raise serializers.ValidationError(errors)
        task = actions.set_task(by=request.user, meeting=meeting, organisation=organisation,
                                description=data["description"], due_on=data["due_on"], issue=issue)
        return _detail(request, partnership, task.pk, status.HTTP_201_CREATED)


class MeetingDetail(APIView):
    @extend_schema(responses=TaskingMeetingDetailSerializer)
    def get(self, request, slug, pk):
        """A tasking meeting: who attended, its notes, the issues raised and the tasks it set."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        meeting = get_object_or_404(queries.meetings_in(partnership), pk=pk)
        meeting.shown_attendees = list(meeting.attendees.order_by("name"))
        meeting.shown_issues = list(meeting.issues.select_related("raised_by_organisation"))
        meeting.shown_tasks = list(meeting.tasks.select_related("organisation"))
        return Response(TaskingMeetingDetailSerializer(meeting).data)


class GroupDetail(APIView):
    @extend_schema(responses=TaskingGroupSerializer)
    def get(self, request, slug, pk):
        """A working group's action plan (its items with their updates) and its meeting notes."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        group = get_object_or_404(queries.groups_in(partnership), pk=pk)
        group.shown_items = list(group.plan_items.select_related("owner_organisation").prefetch_related("updates"))
        return Response(TaskingGroupSerializer(group).data)
