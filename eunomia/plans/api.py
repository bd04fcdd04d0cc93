from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.core.dates import ApiDayField
from eunomia.core.formatting import format_value
from eunomia.figures.models import FigureRevision
from eunomia.partners.access import partnership_for, require
from eunomia.partners.models import Partnership
from eunomia.partners.queries import partnerships_visible_to
from eunomia.plans import actions, queries
from eunomia.plans.actions import PublicationRefused
from eunomia.plans.models import MAX_PLAN_YEARS, PlanYear, Target
from eunomia.plans.targets import outcome_of


class PartnershipSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    local_authority_codes = serializers.ListField(child=serializers.CharField())


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()


class PublishedSerializer(VersionSerializer):
    documents_job = serializers.IntegerField(
        source="documents_job.pk", allow_null=True,
        help_text="The background job making the PDF, large-print PDF and DOCX (ADR 54): poll the jobs endpoint "
                  "with this id until it has finished")


class PlanSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = PlanYear
        fields = ["start_year", "years", "label", "title", "period_start", "period_end", "edited_at", "approved_at", "versions"]


class NewPlanSerializer(serializers.Serializer):
    start_year = serializers.IntegerField(min_value=2000, max_value=2100)
    years = serializers.IntegerField(min_value=1, max_value=MAX_PLAN_YEARS, required=False, default=1,
                                     help_text="How many years the plan covers, revised yearly")
    title = serializers.CharField(required=False, allow_blank=True, default="")
    copy_previous = serializers.BooleanField(required=False, default=False)


class TargetSerializer(serializers.ModelSerializer):
    action = serializers.CharField(source="action.title")
    action_id = serializers.IntegerField()
    owner_organisation = serializers.CharField(source="action.owner_organisation.name")
    leads = serializers.SerializerMethodField(help_text="Every lead organisation, the first lead first")
    delivery_partners = serializers.SerializerMethodField()
    figure = serializers.CharField(source="actual.name")
    actual = serializers.SerializerMethodField()
    change = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = ["id", "action_id", "action", "owner_organisation", "leads", "delivery_partners", "measure", "unit",
                  "direction", "baseline_value", "baseline_note", "target_value", "change_percent", "target_text",
                  "due_on", "figure", "actual", "milestone_met", "change", "status"]

    def get_leads(self, target) -> list[str]:
        return [o.name for o in target.action.leads]

    def get_delivery_partners(self, target) -> list[str]:
        return sorted(o.name for o in target.action.delivery_partners.all())

    def get_actual(self, target) -> str:
        return format_value(target.actual.unit, target.actual.value, target.actual.text_value)

    def get_change(self, target) -> str:
        return outcome_of(target).change

    def get_status(self, target) -> str:
        return outcome_of(target).status


class TargetUpdateSerializer(serializers.Serializer):
    measure = serializers.CharField(max_length=300, required=False)
    direction = serializers.ChoiceField(choices=Target.Direction.choices, required=False)
    baseline_value = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True)
    baseline_note = serializers.CharField(max_length=100, required=False, allow_blank=True)
    target_value = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True)
    change_percent = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    target_text = serializers.CharField(max_length=300, required=False, allow_blank=True)
    due_on = ApiDayField(required=False, what="The date the target is due")


class ActualSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True, default=None)
    text_value = serializers.CharField(required=False, allow_blank=True, default="")
    milestone_met = serializers.BooleanField(required=False, allow_null=True, default=None)
    evidence = serializers.CharField()


class GapSerializer(serializers.Serializer):
    what = serializers.CharField()
    owner = serializers.CharField()


class PartnershipList(APIView):
    @extend_schema(responses=PartnershipSerializer(many=True))
    def get(self, request):
        return Response(PartnershipSerializer(partnerships_visible_to(request.user), many=True).data)


class PlanList(APIView):
    @extend_schema(responses=PlanSerializer(many=True))
    def get(self, request, slug):
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        return Response(PlanSerializer(queries.plans_visible_to(request.user, partnership), many=True).data)

    @extend_schema(request=NewPlanSerializer, responses={201: PlanSerializer})
    def post(self, request, slug):
        partnership = partnership_for(request, slug, Permission.PLAN_EDIT)
        incoming = NewPlanSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        copy_from = None
        if data["copy_previous"]:
            copy_from = queries.plan_covering(partnership.pk, data["start_year"] - 1)
            if copy_from is None:
                raise serializers.ValidationError({"copy_previous": ["There is no plan for the year before to copy"]})
        plan = actions.create_plan(by=request.user, partnership=partnership, start_year=data["start_year"],
                                   title=data["title"], copy_from=copy_from, years=data["years"])
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


def _plan(request, partnership, year):
    return get_object_or_404(queries.plans_visible_to(request.user, partnership), start_year=year)


class PlanDetail(APIView):
    @extend_schema(responses=PlanSerializer)
    def get(self, request, slug, year):
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        return Response(PlanSerializer(_plan(request, partnership, year)).data)


class TargetList(APIView):
    @extend_schema(responses=TargetSerializer(many=True))
    def get(self, request, slug, year):
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        plan = _plan(request, partnership, year)
        return Response(TargetSerializer(queries.targets_in(plan), many=True).data)


def _target(request, partnership, pk):
    plans = queries.plans_visible_to(request.user, partnership)
    return get_object_or_404(queries.targets_in_plans(plans), pk=pk)


class TargetDetail(APIView):
    @extend_schema(responses=TargetSerializer)
    def get(self, request, slug, pk):
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        return Response(TargetSerializer(_target(request, partnership, pk)).data)

    @extend_schema(request=TargetUpdateSerializer, responses=TargetSerializer)
    def patch(self, request, slug, pk):
        partnership = partnership_for(request, slug, Permission.PLAN_EDIT)
        target = _target(request, partnership, pk)
        incoming = TargetUpdateSerializer(data=request.data, partial=True)
        incoming.is_valid(raise_exception=True)
        actions.update_target(by=request.user, target=target, **incoming.validated_data)
        return Response(TargetSerializer(_target(request, partnership, pk)).data)


class TargetActual(APIView):
    @extend_schema(request=ActualSerializer, responses={201: TargetSerializer})
    def post(self, request, slug, pk):
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        target = _target(request, partnership, pk)
        require(request.user, Permission.TARGET_RECORD_ACTUAL, partnership=partnership, obj=target)
        incoming = ActualSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.record_actual(by=request.user, target=target, via=FigureRevision.Via.API, **incoming.validated_data)
        return Response(TargetSerializer(_target(request, partnership, pk)).data, status=status.HTTP_201_CREATED)


class Publication(APIView):
    @extend_schema(
        responses=inline_serializer("PublicationCheck", {"publishable": serializers.BooleanField(),
                                                         "gaps": GapSerializer(many=True)}),
    )
    def get(self, request, slug, year):
        """What stops the plan being published now."""
        partnership = partnership_for(request, slug, Permission.PLAN_VIEW)
        _, gaps = actions.publication_gaps(_plan(request, partnership, year))
        return Response({"publishable": not gaps, "gaps": GapSerializer(gaps, many=True).data})

    @extend_schema(
        request=None,
        responses={201: PublishedSerializer,
                   409: inline_serializer("PublicationRefused", {"detail": serializers.CharField(),
                                                                 "gaps": GapSerializer(many=True)})},
    )
    def post(self, request, slug, year):
        """Publish the approved plan as a new immutable version."""
        partnership = partnership_for(request, slug, Permission.PLAN_PUBLISH)
        plan = _plan(request, partnership, year)
        try:
            version = actions.publish_plan(by=request.user, plan=plan)
        except PublicationRefused as refusal:
            return Response({"detail": str(refusal), "gaps": GapSerializer(refusal.gaps, many=True).data},
                            status=status.HTTP_409_CONFLICT)
        return Response(PublishedSerializer(version).data, status=status.HTTP_201_CREATED)


# The published plans, open to everyone (ADR 65) -------------------------------------------------------
# Only frozen versions, as published: their counts of people are already under the partnership's
# disclosure rule, so nothing here can show a small count the published page does not.

class PublishedFigureSerializer(serializers.Serializer):
    note = serializers.IntegerField()
    name = serializers.CharField()
    title = serializers.CharField()
    value = serializers.CharField(help_text="As published: a small count of people reads \"fewer than 5\"")
    withheld = serializers.BooleanField(default=False,
                                        help_text="The value is withheld under the partnership's disclosure rule")
    period = serializers.CharField()
    definition = serializers.CharField()
    counts = serializers.CharField(default="", help_text="Of a count: whether it counts people or events")
    source = serializers.CharField()


class PublishedVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    url = serializers.CharField(help_text="The version's page")
    disclosure = serializers.JSONField(help_text="The disclosure rule the version was published under")
    figures = PublishedFigureSerializer(many=True)
    document = serializers.JSONField(help_text="The whole document, as the page and its files show it")


class PublishedPlanSerializer(serializers.Serializer):
    start_year = serializers.IntegerField()
    label = serializers.CharField()
    title = serializers.CharField()
    versions = VersionSerializer(many=True)


def _published_figures(document):
    notes = [block for section in document.get("sections", []) for block in section.get("blocks", [])
             if block.get("type") == "figure_notes"]
    return [{**entry, "withheld": bool(entry.get("withheld"))} for block in notes for entry in block["entries"]]


def _published_version(version):
    document = version.document
    return {"number": version.number, "published_at": version.published_at,
            "url": reverse("published:version", args=[version.plan.partnership.slug, version.plan.start_year,
                                                      version.number]),
            "disclosure": document.get("disclosure"), "figures": _published_figures(document), "document": document}


class PublishedPlans(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=PublishedPlanSerializer(many=True))
    def get(self, request, slug):
        """The partnership's published plans and their versions; no sign-in needed."""
        partnership = get_object_or_404(Partnership, slug=slug)
        plans = {}
        for version in (queries.published_versions().filter(plan__partnership=partnership)
                        .defer("document", "pdf", "large_print_pdf", "docx").order_by("-plan__start_year", "number")):
            plan = version.plan
            plans.setdefault(plan.pk, {"start_year": plan.start_year, "label": plan.label, "title": plan.title,
                                       "versions": []})["versions"].append(version)
        return Response(PublishedPlanSerializer(plans.values(), many=True).data)


class PublishedVersion(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=PublishedVersionSerializer)
    def get(self, request, slug, year, number=None):
        """A published version of a plan (the latest unless `number` is given), with its figures as
        published; no sign-in needed."""
        versions = queries.published_versions().filter(plan__partnership__slug=slug, plan__start_year=year)
        if number is not None:
            versions = versions.filter(number=number)
        version = (versions.defer("pdf", "large_print_pdf", "docx").select_related("plan__partnership")
                   .order_by("-number").first())
        if version is None:
            raise Http404
        return Response(PublishedVersionSerializer(_published_version(version)).data)
