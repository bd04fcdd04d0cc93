from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.core.formatting import format_value
from eunomia.core.periods import check_plan_year, plan_period
from eunomia.figures import actions
from eunomia.figures.models import Counts, Figure, FigureRevision, Unit
from eunomia.figures.protection import withheld_alone
from eunomia.figures.queries import disclosure_rule, figures_visible_to
from eunomia.figures.uses import keeper_of
from eunomia.partners.access import partnership_for, require
from eunomia.partners.queries import organisations_in


class RevisionSerializer(serializers.ModelSerializer):
    recorded_by = serializers.StringRelatedField()

    class Meta:
        model = FigureRevision
        fields = ["value", "text_value", "evidence", "recorded_at", "recorded_by", "via"]


class FigureSerializer(serializers.ModelSerializer):
    owner_organisation = serializers.StringRelatedField()
    recorded_by = serializers.StringRelatedField()
    display_value = serializers.SerializerMethodField()
    not_for_publication = serializers.SerializerMethodField(
        help_text="What a published document shows instead of the value, a count of people too small to publish "
                  "(\"fewer than 5\"), or \"\" when it may be published as it is (ADR 65)")

    class Meta:
        model = Figure
        fields = ["name", "title", "definition", "source", "unit", "counts", "period_start", "period_end", "kind",
                  "measure", "measure_params", "owner_organisation", "value", "text_value", "display_value",
                  "not_for_publication", "recorded_at", "recorded_by", "evidence"]

    def get_display_value(self, figure) -> str:
        return format_value(figure.unit, figure.value, figure.text_value)

    def get_not_for_publication(self, figure) -> str:
        rules = self.context.setdefault("rules", {})
        if figure.partnership_id not in rules:
            rules[figure.partnership_id] = disclosure_rule(figure.partnership)
        return withheld_alone(figure, rules[figure.partnership_id])


class FigureDetailSerializer(FigureSerializer):
    history = RevisionSerializer(source="revisions", many=True, read_only=True)

    class Meta(FigureSerializer.Meta):
        fields = FigureSerializer.Meta.fields + ["history"]


class NewFigureSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    name = serializers.SlugField(max_length=100, required=False, allow_blank=True, default="")
    unit = serializers.ChoiceField(choices=Unit.choices)
    counts = serializers.ChoiceField(choices=Counts.choices, required=False, allow_blank=True, default="",
                                     help_text="Of a count: whether it counts people (published under the "
                                               "partnership's disclosure rule) or events; people if not said")
    start_year = serializers.IntegerField(min_value=2000, max_value=2100,
                                          help_text="The plan year the figure covers: 2025 for 2025/26")
    definition = serializers.CharField()
    source = serializers.CharField(max_length=300)
    owner_organisation = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                  help_text="Id of a member organisation")


class ValueSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True, default=None)
    text_value = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.CharField()
    milestone_met = serializers.BooleanField(required=False, allow_null=True, default=None,
                                             help_text="For a target's milestone described in words: was it met?")


class FigureList(APIView):
    @extend_schema(responses=FigureSerializer(many=True))
    def get(self, request, slug):
        partnership = partnership_for(request, slug, Permission.FIGURE_VIEW)
        figures = figures_visible_to(request.user, partnership)
        return Response(FigureSerializer(figures, many=True).data)

    @extend_schema(request=NewFigureSerializer, responses={201: FigureSerializer})
    def post(self, request, slug):
        partnership = partnership_for(request, slug, Permission.FIGURE_EDIT)
        incoming = NewFigureSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        owner = data.pop("owner_organisation")
        if owner is not None:
            owner = organisations_in(partnership).filter(pk=owner).first()
            if owner is None:
                raise serializers.ValidationError({"owner_organisation": ["Not a member organisation of this partnership"]})
        refusal = check_plan_year(partnership, data["start_year"])
        if refusal:
            raise serializers.ValidationError({"start_year": [refusal]})
        start, end = plan_period(data.pop("start_year"), partnership.year_start_month)
        figure = actions.create_figure(by=request.user, partnership=partnership, period_start=start, period_end=end,
                                       owner_organisation=owner, **data)
        return Response(FigureSerializer(figure).data, status=status.HTTP_201_CREATED)


class FigureDetail(APIView):
    @extend_schema(responses=FigureDetailSerializer)
    def get(self, request, slug, name):
        partnership = partnership_for(request, slug, Permission.FIGURE_VIEW)
        figure = get_object_or_404(figures_visible_to(request.user, partnership).prefetch_related("revisions"), name=name)
        return Response(FigureDetailSerializer(figure).data)


class FigureValues(APIView):
    @extend_schema(request=ValueSerializer, responses={201: FigureDetailSerializer})
    def post(self, request, slug, name):
        partnership = partnership_for(request, slug, Permission.FIGURE_VIEW)
        figure = get_object_or_404(figures_visible_to(request.user, partnership), name=name)
        incoming = ValueSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        milestone_met = data.pop("milestone_met")
        keeper = keeper_of(figure)
        if keeper is not None:
            require(request.user, keeper.permission, partnership=partnership, obj=keeper.obj)
            keeper.record(by=request.user, via=FigureRevision.Via.API, milestone_met=milestone_met, **data)
        else:
            require(request.user, Permission.FIGURE_RECORD_VALUE, partnership=partnership, obj=figure)
            actions.record_value(by=request.user, figure=figure, via=FigureRevision.Via.API, **data)
        figure.refresh_from_db()
        return Response(FigureDetailSerializer(figure).data, status=status.HTTP_201_CREATED)
