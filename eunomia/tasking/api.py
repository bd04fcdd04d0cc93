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
from eunomia.tasking.alerts import current_alerts
from eunomia.plans.models import Action
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


class PlanActionStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    plan_year = serializers.IntegerField(source="plan.start_year", help_text="The plan's first year")
    status = serializers.ChoiceField(choices=Action.Status.choices, help_text="The plan's status for the action")


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


OUTSIDE = "Choose one of the partnership's member organisations"


def _member_field(what, **kwargs):
    return serializers.IntegerField(min_value=1, help_text="Id of a member organisation",
                                    error_messages={"required": what}, **kwargs)


class NewTaskingMeetingSerializer(StrictSerializer):
    held_on = ApiDayField(what="The date the meeting was held")
    chair_organisation = _member_field("Choose the organisation that chaired the meeting")
    attendees = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                      max_length=500, help_text="Ids of the member organisations that attended "
                                                                "(the chair attends in any case)")
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000,
                                  help_text="No personal data")


class TaskingNotesSerializer(StrictSerializer):
    notes = serializers.CharField(allow_blank=True, max_length=20000, help_text="The whole notes, replacing them")


class NewIssueSerializer(StrictSerializer):
    organisation = _member_field("Choose the organisation raising the issue")
    title = serializers.CharField(max_length=200, help_text="The issue: no personal data",
                                  error_messages={"required": "Say what the issue is", "blank": "Say what the issue is"})
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class AlertSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="What to send to raise it")
    title = serializers.CharField()
    said = serializers.CharField(help_text="What the assessment says")
    raised = serializers.BooleanField(help_text="Whether it has been raised at this meeting")


class AlertListSerializer(serializers.Serializer):
    alerts = AlertSerializer(many=True)
    reason = serializers.CharField(help_text="Why there are no alerts, when there is no assessment to read")


class RaiseAlertSerializer(StrictSerializer):
    alert = serializers.CharField(max_length=100, help_text="The key of one of the meeting's alerts",
                                  error_messages={"required": "Choose an alert", "blank": "Choose an alert"})


class NewGroupItemSerializer(StrictSerializer):
    title = serializers.CharField(max_length=400, error_messages={"required": "Say what the group will do",
                                                                  "blank": "Say what the group will do"})
    owner_organisation = _member_field("Choose the organisation responsible")
    due_on = ApiDayField(what="The date it is due")
    plan_action = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                           help_text="Id of an action of the current plan that it covers")


class NewGroupNoteSerializer(StrictSerializer):
    held_on = ApiDayField(what="The date the meeting was held")
    notes = serializers.CharField(max_length=20000, help_text="No personal data",
                                  error_messages={"required": "Write the notes of the meeting",
                                                  "blank": "Write the notes of the meeting"})


class NewGroupItemUpdateSerializer(StrictSerializer):
    status = serializers.ChoiceField(choices=GroupItem.Status.choices,
                                     error_messages={"required": "Choose the item's status",
                                                     "invalid_choice": "Choose the item's status"})
    note = serializers.CharField(max_length=10000, error_messages={"required": "Say what progress has been made",
                                                                   "blank": "Say what progress has been made"})


def _member(partnership, pk, field):
    organisation = organisations_in(partnership).filter(pk=pk).first()
    if organisation is None:
        raise serializers.ValidationError({field: [OUTSIDE]})
    return organisation


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


def _meeting_detail(meeting, status_code=status.HTTP_200_OK):
    meeting.shown_attendees = list(meeting.attendees.order_by("name"))
    meeting.shown_issues = list(meeting.issues.select_related("raised_by_organisation"))
    meeting.shown_tasks = list(meeting.tasks.select_related("organisation"))
    return Response(TaskingMeetingDetailSerializer(meeting).data, status=status_code)


class MeetingList(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=TaskingMeetingSerializer(many=True))
    def get(self, request, slug):
        """Tasking meetings, newest first."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        return Response(TaskingMeetingSerializer(queries.meetings_in(partnership), many=True).data)

    @extend_schema(request=NewTaskingMeetingSerializer, responses={201: TaskingMeetingDetailSerializer})
    def post(self, request, slug):
        """Record a tasking meeting that has been held (tasking editors), as the page does."""
        partnership = partnership_for(request, slug, Permission.TASKING_EDIT)
        incoming = NewTaskingMeetingSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        chair = _member(partnership, data["chair_organisation"], "chair_organisation")
        attendees = list(organisations_in(partnership).filter(pk__in=data["attendees"]))
        if len(attendees) != len(set(data["attendees"])):
            raise serializers.ValidationError({"attendees": [OUTSIDE]})
        meeting = actions.record_meeting(by=request.user, partnership=partnership, held_on=data["held_on"],
                                         chair_organisation=chair, attendees=attendees, notes=data["notes"])
        return _meeting_detail(meeting, status.HTTP_201_CREATED)


def _meeting_to_change(request, slug, pk):
    """The meeting (404 if not this partnership's), for a tasking editor (403 to anyone else)."""
    partnership = partnership_for(request, slug, Permission.TASKING_EDIT)
    return partnership, get_object_or_404(queries.meetings_in(partnership), pk=pk)


class MeetingNotes(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=TaskingNotesSerializer, responses=TaskingMeetingDetailSerializer)
    def post(self, request, slug, pk):
        """Save the meeting's notes (tasking editors)."""
        _, meeting = _meeting_to_change(request, slug, pk)
        incoming = TaskingNotesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.save_meeting_notes(by=request.user, meeting=meeting, notes=incoming.validated_data["notes"])
        return _meeting_detail(meeting)


class MeetingIssues(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewIssueSerializer, responses={201: TaskingMeetingDetailSerializer})
    def post(self, request, slug, pk):
        """Raise an issue of concern at the meeting, for a member organisation (tasking editors)."""
        partnership, meeting = _meeting_to_change(request, slug, pk)
        incoming = NewIssueSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        actions.raise_issue(by=request.user, meeting=meeting,
                            organisation=_member(partnership, data["organisation"], "organisation"),
                            title=data["title"], description=data["description"])
        return _meeting_detail(meeting, status.HTTP_201_CREATED)


class MeetingAlerts(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=AlertListSerializer)
    def get(self, request, slug, pk):
        """The strategic assessment's places rising fastest, each one that may be raised as an issue
        (tasking editors, as the page)."""
        partnership, meeting = _meeting_to_change(request, slug, pk)
        alerts, reason = current_alerts(partnership)
        raised = set(meeting.issues.filter(source="assessment_alert").values_list("alert__key", flat=True))
        return Response(AlertListSerializer({"alerts": [{**a, "raised": a["key"] in raised} for a in alerts],
                                             "reason": reason}).data)

    @extend_schema(request=RaiseAlertSerializer, responses={201: TaskingMeetingDetailSerializer})
    def post(self, request, slug, pk):
        """Raise one of the assessment's alerts as an issue at the meeting (tasking editors)."""
        partnership, meeting = _meeting_to_change(request, slug, pk)
        incoming = RaiseAlertSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        alerts, _ = current_alerts(partnership)
        alert = next((a for a in alerts if a["key"] == incoming.validated_data["alert"]), None)
        if alert is None:
            raise serializers.ValidationError(
                {"alert": ["That alert is no longer in the assessment: choose one of those listed"]})
        actions.raise_alert(by=request.user, meeting=meeting, alert=alert)
        return _meeting_detail(meeting, status.HTTP_201_CREATED)


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
        return _meeting_detail(get_object_or_404(queries.meetings_in(partnership), pk=pk))


class GroupDetail(APIView):
    @extend_schema(responses=TaskingGroupSerializer)
    def get(self, request, slug, pk):
        """A working group's action plan (its items with their updates) and its meeting notes."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        return _group_detail(get_object_or_404(queries.groups_in(partnership), pk=pk))


def _group_detail(group, status_code=status.HTTP_200_OK):
    group.shown_items = list(group.plan_items.select_related("owner_organisation").prefetch_related("updates"))
    return Response(TaskingGroupSerializer(group).data, status=status_code)


def _group_to_change(request, slug, pk):
    """The working group (404 if not this partnership's), for a tasking editor (403 to anyone else)."""
    partnership = partnership_for(request, slug, Permission.TASKING_EDIT)
    return partnership, get_object_or_404(queries.groups_in(partnership), pk=pk)


class GroupItems(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewGroupItemSerializer, responses={201: TaskingGroupSerializer})
    def post(self, request, slug, pk):
        """Add an item to the working group's action plan (tasking editors), as the page does."""
        partnership, group = _group_to_change(request, slug, pk)
        incoming = NewGroupItemSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        owner = _member(partnership, data["owner_organisation"], "owner_organisation")
        plan_action = None
        if data["plan_action"] is not None:
            plan = queries.current_plan(partnership)
            plan_action = plan.actions.filter(pk=data["plan_action"]).first() if plan else None
            if plan_action is None:
                raise serializers.ValidationError({"plan_action": ["Choose one of the plan's actions"]})
        actions.add_group_item(by=request.user, group=group, title=data["title"], owner_organisation=owner,
                               due_on=data["due_on"], plan_action=plan_action)
        return _group_detail(group, status.HTTP_201_CREATED)


class GroupNotes(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewGroupNoteSerializer, responses={201: TaskingGroupSerializer})
    def post(self, request, slug, pk):
        """Add the notes of one of the working group's meetings (tasking editors)."""
        _, group = _group_to_change(request, slug, pk)
        incoming = NewGroupNoteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.add_group_meeting_note(by=request.user, group=group, **incoming.validated_data)
        return _group_detail(group, status.HTTP_201_CREATED)


class GroupItemUpdates(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewGroupItemUpdateSerializer, responses={201: TaskingGroupSerializer})
    def post(self, request, slug, pk):
        """A progress update on an action plan item, which may move its status on (a tasking editor,
        or a member of the organisation that owns it; 403 to anyone else)."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        item = get_object_or_404(queries.items_in(partnership), pk=pk)
        if not queries.may_change(request.user, partnership, item):
            raise PermissionDenied
        incoming = NewGroupItemUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.update_group_item(by=request.user, item=item, **incoming.validated_data)
        return _group_detail(item.working_group, status.HTTP_201_CREATED)


class ActionRollup(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=None, responses=PlanActionStatusSerializer)
    def post(self, request, slug, pk):
        """Write the status the working groups' items roll up to into a plan action (plan editors), as the
        plan's "Use this status in the plan" button does. Nothing changes when the plan already says it;
        a 400 when no item covers the action."""
        partnership = partnership_for(request, slug, Permission.PLAN_EDIT)
        action = get_object_or_404(queries.plan_actions_in(partnership), pk=pk)
        action = actions.apply_rollup(by=request.user, action=action)
        return Response(PlanActionStatusSerializer(action).data)
