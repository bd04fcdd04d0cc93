"""The projects API (ADR 59): funds, projects with their measures, and monitoring returns, read by
every member who may read the plan, as the pages show them; a provider's practitioner saves and
submits their project's return, and the CSP manager accepts it or sends it back, through the pages'
actions. The pages' scoped queries decide what is found: another partnership's record, or a return
still being written that the reader may not see, is a 404. Money is exact: sent and answered as text
in pounds and pence ("1250.50"), never as a JSON number."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.core.api import JsonParser, StrictSerializer
from eunomia.core.dates import ApiDayField
from eunomia.core.periods import plan_period
from eunomia.partners.access import partnership_for
from eunomia.projects import actions, queries
from eunomia.projects.models import MONEY, Evaluation, Project, ProjectMeasure, Return, ReturnDecision, Schedule


def _money(**kwargs):
    return serializers.DecimalField(**MONEY, help_text="Pounds and pence, as text", **kwargs)


class FundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    funder = serializers.StringRelatedField()
    funder_id = serializers.IntegerField()
    start_year = serializers.IntegerField(help_text="The financial year it is for, by its first year")
    year_label = serializers.CharField()
    amount = _money()
    allocated = _money()
    left = _money()
    schedule = serializers.ChoiceField(choices=Schedule.choices, help_text="How often the projects it pays for report")
    return_due_days = serializers.IntegerField(help_text="Days after a period ends that its return is due")
    conditions = serializers.CharField()
    reference = serializers.CharField()


class AllocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fund_id = serializers.IntegerField()
    fund = serializers.StringRelatedField()
    project_id = serializers.IntegerField()
    project = serializers.StringRelatedField()
    amount = _money()
    made_on = serializers.DateField()
    note = serializers.CharField()


class FundDetailSerializer(FundSerializer):
    allocations = AllocationSerializer(many=True, source="shown_allocations")


class MeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ProjectMeasure.Kind.choices)
    name = serializers.CharField()
    annual_target = serializers.IntegerField(help_text="What it aims for in a full year")


class ProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=Project.Status.choices)
    provider = serializers.StringRelatedField(source="owner_organisation")
    provider_id = serializers.IntegerField(source="owner_organisation_id", help_text="The organisation that runs it "
                                                                                     "and fills its returns")
    lead_organisation = serializers.StringRelatedField()
    lead_organisation_id = serializers.IntegerField()
    lead_role = serializers.CharField(help_text="The lead's role, never a person's name")
    start_on = serializers.DateField()
    end_on = serializers.DateField()
    schedule = serializers.ChoiceField(choices=Schedule.choices)
    return_due_days = serializers.IntegerField()
    measures = MeasureSerializer(many=True, source="measures.all", help_text="Its outputs and outcomes")


class BudgetLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start_year = serializers.IntegerField()
    heading = serializers.CharField()
    amount = _money()


class PeriodSerializer(serializers.Serializer):
    label = serializers.CharField(source="state.period.label")
    start = serializers.DateField(source="state.period.start", help_text="The day it starts: what a return names")
    end = serializers.DateField(source="state.period.end")
    due_on = serializers.DateField(source="state.period.due_on")
    status = serializers.CharField(help_text="The return's status as you may see it: not_started, draft, submitted, "
                                             "accepted, sent_back, or not_submitted (a return being written that "
                                             "you may not see)")
    late = serializers.BooleanField(source="state.is_late", help_text="Past its due date (a return due today is not "
                                                                      "late) and neither submitted nor accepted")
    return_id = serializers.IntegerField(allow_null=True, help_text="The return's id, where you may see it")


class EvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    evaluated_on = serializers.DateField()
    method = serializers.CharField()
    findings = serializers.CharField()
    recommendation = serializers.ChoiceField(choices=Evaluation.Recommendation.choices)


class ProjectDetailSerializer(ProjectSerializer):
    allocations = AllocationSerializer(many=True, source="allocations.all")
    budget_lines = BudgetLineSerializer(many=True, source="budget_lines.all")
    periods = PeriodSerializer(many=True, source="shown_periods", help_text="Each reporting period and its return")
    evaluations = EvaluationSerializer(many=True, source="evaluations.all")


class ReturnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    project = serializers.StringRelatedField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.ChoiceField(choices=Return.Status.choices)
    spend = _money(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class ReturnValueSerializer(serializers.Serializer):
    measure_id = serializers.IntegerField()
    measure = serializers.CharField(source="measure.name")
    value = serializers.IntegerField()


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReturnDecision.Decision.choices)
    reasons = serializers.CharField()
    decided_at = serializers.DateTimeField()


class ReturnDetailSerializer(ReturnSerializer):
    narrative = serializers.CharField()
    values = ReturnValueSerializer(many=True, source="values.all")
    decisions = DecisionSerializer(many=True, source="decisions.all", help_text="Every decision, with its reasons")


class YearFilter(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                    help_text="A financial year, by its first year: only what is for it")


class ReturnFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=Return.Status.choices, required=False)
    project = serializers.IntegerField(required=False, min_value=1, help_text="A project's id: only its returns")


class SaveReturnSerializer(StrictSerializer):
    period_start = ApiDayField(what="The period's first day", help_text="The first day of one of the project's "
                                                                      "reporting periods")
    spend = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None, max_length=40,
                                  help_text="The spend in the period in pounds and pence, as text, like \"1250.50\"; "
                                            "null in a draft until it is known")
    values = serializers.DictField(child=serializers.IntegerField(min_value=0, allow_null=True), required=False,
                                   default=dict, help_text="Each measure's count in the period, by the measure's "
                                                           "id; null for not yet known")
    narrative = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000,
                                      help_text="What happened in the period: no personal data")
    submit = serializers.BooleanField(required=False, default=False, help_text="true submits the return to the CSP "
                                                                               "manager; false keeps it a draft")


class NewDecisionSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=[("accept", "Accept"), ("send_back", "Send back")],
                                       error_messages={"required": "Choose accept or send_back",
                                                       "invalid_choice": "Choose accept or send_back"})
    reasons = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000,
                                    help_text="What the provider must put right: needed to send it back")


def _filtered(serializer_class, request):
    incoming = serializer_class(data=request.query_params)
    incoming.is_valid(raise_exception=True)
    return incoming.validated_data


# Funds --------------------------------------------------------------------------------------------

class FundList(APIView):
    @extend_schema(parameters=[YearFilter], responses=FundSerializer(many=True))
    def get(self, request, slug):
        """The partnership's funds, newest year first, each with what is allocated and left."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        year = _filtered(YearFilter, request).get("year")
        funds = queries.funds_with_totals(partnership, **({} if year is None else {"start_year": year}))
        return Response(FundSerializer(funds, many=True).data)


class FundDetail(APIView):
    @extend_schema(responses=FundDetailSerializer)
    def get(self, request, slug, pk):
        """A fund with its allocations to projects."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        funds = queries.funds_with_totals(partnership, pk=pk)
        if not funds:
            raise Http404
        fund = funds[0]
        fund.shown_allocations = list(queries.allocations_in(partnership).filter(fund=fund))
        return Response(FundDetailSerializer(fund).data)


# Projects -----------------------------------------------------------------------------------------

class ProjectList(APIView):
    @extend_schema(parameters=[YearFilter], responses=ProjectSerializer(many=True))
    def get(self, request, slug):
        """The partnership's projects with their outputs and outcomes; with ?year=, those running in it."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        year = _filtered(YearFilter, request).get("year")
        projects = queries.projects_in(partnership).prefetch_related("measures")
        if year is not None:
            start, end = plan_period(year, partnership.year_start_month)
            projects = projects.filter(start_on__lte=end, end_on__gte=start)
        return Response(ProjectSerializer(projects, many=True).data)


def _project_detail(request, partnership, pk):
    projects = queries.with_returns(queries.projects_in(partnership))
    project = get_object_or_404(projects, pk=pk)
    visible = set(queries.returns_visible_to(request.user, partnership).filter(project=project)
                  .values_list("pk", flat=True))
    project.shown_periods = []
    for state in queries.period_states(project, today=timezone.localdate()):
        shown = state.record is not None and state.record.pk in visible
        status_now = (state.record.status if shown else "not_submitted") if state.record else "not_started"
        project.shown_periods.append({"state": state, "status": status_now,
                                      "return_id": state.record.pk if shown else None})
    return Response(ProjectDetailSerializer(project).data)


class ProjectDetail(APIView):
    @extend_schema(responses=ProjectDetailSerializer)
    def get(self, request, slug, pk):
        """A project: its measures, money, reporting periods with their returns' status, and evaluations."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        return _project_detail(request, partnership, pk)


def _return_detail(record, status_code=status.HTTP_200_OK):
    record = Return.objects.select_related("project").prefetch_related("values__measure", "decisions").get(
        pk=record.pk)
    return Response(ReturnDetailSerializer(record).data, status=status_code)


class ProjectReturns(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=ReturnSerializer(many=True), operation_id="partnerships_projects_project_returns_list")
    def get(self, request, slug, pk):
        """The project's returns that you may see, first period first."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        project = get_object_or_404(queries.projects_in(partnership), pk=pk)
        returns = queries.returns_visible_to(request.user, partnership).filter(project=project)
        return Response(ReturnSerializer(returns, many=True).data)

    @extend_schema(request=SaveReturnSerializer, responses={200: ReturnDetailSerializer, 201: ReturnDetailSerializer})
    def post(self, request, slug, pk):
        """Save the return for one of the project's periods as a draft, or submit it (the provider's
        practitioners and the CSP manager; 403 to anyone else). A return can be written once its period
        has begun, changed while it is a draft or sent back, and submitted from its period's last day
        with the spend and every measure's count. 201 when the return is new, 200 when it was changed."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        project = get_object_or_404(queries.projects_in(partnership), pk=pk)
        if not queries.may_fill(request.user, project):
            raise PermissionDenied
        incoming = SaveReturnSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        measures = {str(m.pk): m for m in project.measures.all()}
        unknown = sorted(set(data["values"]) - set(measures))
        if unknown:
            known = ", ".join(f"{key} ({m.name})" for key, m in measures.items()) or "none"
            raise serializers.ValidationError({"values": [f"The project has no measure {', '.join(unknown)}: its "
                                                          f"measures are {known}"]})
        existed = project.returns.filter(period_start=data["period_start"]).exists()
        record = actions.save_return(by=request.user, project=project, period_start=data["period_start"],
                                     spend=data["spend"], narrative=data["narrative"], submit=data["submit"],
                                     values={measures[key]: value for key, value in data["values"].items()})
        return _return_detail(record, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


# Returns ------------------------------------------------------------------------------------------

class ReturnList(APIView):
    @extend_schema(parameters=[ReturnFilters], responses=ReturnSerializer(many=True))
    def get(self, request, slug):
        """The returns you may see: every submitted and accepted one; drafts and returns sent back only
        of the projects whose returns you fill."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        filters = _filtered(ReturnFilters, request)
        returns = queries.returns_visible_to(request.user, partnership).select_related("project")
        if "status" in filters:
            returns = returns.filter(status=filters["status"])
        if "project" in filters:
            returns = returns.filter(project_id=filters["project"])
        return Response(ReturnSerializer(returns, many=True).data)


def _visible_return(request, partnership, pk):
    return get_object_or_404(queries.returns_visible_to(request.user, partnership), pk=pk)


class ReturnDetail(APIView):
    @extend_schema(responses=ReturnDetailSerializer)
    def get(self, request, slug, pk):
        """A return with each measure's count and every decision on it."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        return _return_detail(_visible_return(request, partnership, pk))


class ReturnDecisionView(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewDecisionSerializer, responses=ReturnDetailSerializer)
    def post(self, request, slug, pk):
        """Accept a submitted return (its figures then count) or send it back with reasons (the CSP
        manager). A return that is not submitted is refused with a 400 saying what it is."""
        partnership = partnership_for(request, slug, Permission.RETURN_REVIEW)
        record = _visible_return(request, partnership, pk)
        incoming = NewDecisionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if data["decision"] == "accept":
            record = actions.accept_return(by=request.user, record=record)
        else:
            record = actions.send_back(by=request.user, record=record, reasons=data["reasons"])
        return _return_detail(record)
