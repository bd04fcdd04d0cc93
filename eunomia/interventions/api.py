"""The interventions API (ADR 43): the interventions on a case, reached only through a case the
reader may see (`queries.case_for`: anything else is a 404), each list audited as the page audits it;
a new one recorded by the case's owning organisation only (403 to one it is shared with), through
the page's action and its ladder of refusals."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework.queries import owns_case
from eunomia.core.api import JsonParser, StrictSerializer
from eunomia.core.dates import ApiDayField
from eunomia.interventions import actions, letters, queries
from eunomia.interventions.models import Kind
from eunomia.partners.access import partnership_for


class CaseInterventionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    person = serializers.StringRelatedField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    issued_on = serializers.DateField()
    on_conviction = serializers.BooleanField()
    notes = serializers.CharField()
    breached_on = serializers.DateField(allow_null=True)
    breach_notes = serializers.CharField()


class NewInterventionSerializer(StrictSerializer):
    person = serializers.IntegerField(min_value=1, help_text="Id of an alleged perpetrator in the case")
    kind = serializers.ChoiceField(choices=Kind.choices)
    issued_on = ApiDayField(what="The date it was given")
    on_conviction = serializers.BooleanField(required=False, default=False,
                                             help_text="Made on conviction (Criminal Behaviour Orders only)")
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class LetterTemplateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, help_text="The intervention the letter is for")
    title = serializers.CharField()
    body = serializers.CharField(help_text="With placeholders in braces, like {person_name}")
    saved = serializers.SerializerMethodField(help_text="False while the partnership uses the default letter")

    def get_saved(self, template) -> bool:
        return template.pk is not None


class LetterTemplateChangeSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200, error_messages={"required": "Give the letter a title",
                                                                  "blank": "Give the letter a title"})
    body = serializers.CharField(max_length=100000, error_messages={"required": "Write the text of the letter",
                                                                    "blank": "Write the text of the letter"})


def _template(partnership, letter):
    template = letters.template_for(partnership, letter) if letter in Kind.values else None
    if template is None:
        raise Http404("There is no letter for this kind of intervention")
    return template


def _case_to_change(request, slug, case_pk):
    """The case (404 unless the reader may see it); 403 unless their organisation owns it."""
    partnership = partnership_for(request, slug, Permission.CASE_EDIT)
    case = queries.case_for(request.user, partnership, case_pk)
    if not owns_case(request.user, partnership, case):
        raise PermissionDenied
    return partnership, case


def _list(request, partnership, case, status_code=status.HTTP_200_OK):
    rows = list(queries.interventions_of(case))
    audit.record(by=request.user, action="interventions.listed", obj=case, partnership=partnership,
                 data={"interventions": [i.pk for i in rows], "people": sorted({i.person_id for i in rows}),
                       "via": "api"})
    return Response(CaseInterventionSerializer(rows, many=True).data, status=status_code)


class NewBreachSerializer(StrictSerializer):
    breached_on = ApiDayField(what="The date of the breach")
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000,
                                  help_text="What happened")


class InterventionList(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=CaseInterventionSerializer(many=True))
    def get(self, request, slug, case_pk):
        """The interventions on a case you may see, oldest first (the ladder as it was climbed)."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        return _list(request, partnership, queries.case_for(request.user, partnership, case_pk))

    @extend_schema(request=NewInterventionSerializer, responses={201: CaseInterventionSerializer(many=True)})
    def post(self, request, slug, case_pk):
        """Record an intervention given to an alleged perpetrator in the case (its owning organisation
        only), with the page's checks; answers the case's interventions."""
        partnership, case = _case_to_change(request, slug, case_pk)
        incoming = NewInterventionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        person = queries.perpetrators_of(case).filter(pk=data["person"]).first()
        if person is None:
            raise serializers.ValidationError({"person": ["Choose someone recorded as an alleged perpetrator in "
                                                          "this case"]})
        actions.record_intervention(by=request.user, case=case, person=person, kind=data["kind"],
                                    issued_on=data["issued_on"], on_conviction=data["on_conviction"],
                                    notes=data["notes"])
        return _list(request, partnership, case, status.HTTP_201_CREATED)


class Breach(APIView):
    parser_classes = [JsonParser]

    @extend_schema(request=NewBreachSerializer, responses=CaseInterventionSerializer(many=True))
    def post(self, request, slug, case_pk, pk):
        """Record the breach of an intervention (the case's owning organisation only); answers the
        case's interventions."""
        partnership, case = _case_to_change(request, slug, case_pk)
        intervention = queries.intervention_for(case, pk)
        incoming = NewBreachSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        actions.record_breach(by=request.user, intervention=intervention, **incoming.validated_data)
        return _list(request, partnership, case)


class LetterTemplateList(APIView):
    @extend_schema(responses=LetterTemplateSerializer(many=True))
    def get(self, request, slug):
        """The partnership's letter templates, one for each kind of intervention that has a letter
        (placeholders, not anyone's details)."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        return Response(LetterTemplateSerializer(letters.templates_of(partnership), many=True).data)


class LetterTemplateDetail(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=LetterTemplateSerializer)
    def get(self, request, slug, letter):
        """The letter for one kind of intervention."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        return Response(LetterTemplateSerializer(_template(partnership, letter)).data)

    @extend_schema(request=LetterTemplateChangeSerializer, responses=LetterTemplateSerializer)
    def post(self, request, slug, letter):
        """Save the partnership's letter for one kind of intervention (title and text, replacing them),
        as the page does."""
        partnership = partnership_for(request, slug, Permission.CASE_EDIT)
        _template(partnership, letter)
        incoming = LetterTemplateChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        template = actions.save_template(by=request.user, partnership=partnership, kind=letter,
                                         **incoming.validated_data)
        return Response(LetterTemplateSerializer(template).data)
