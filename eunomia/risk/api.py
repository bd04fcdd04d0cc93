"""The risk assessment API (ADR 43): a person's assessments, reached only through a person the reader
may see (anyone else is a 404), and the overdue reviews; both audited as the pages audit them."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import queries as casework
from eunomia.core.api import JsonParser, StrictSerializer
from eunomia.core.dates import ApiDayField
from eunomia.partners.access import partnership_for
from eunomia.risk import actions, queries
from eunomia.risk.models import Band, QuestionSet


class RiskAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuestionSet.Kind.choices, source="question_set.kind")
    score = serializers.IntegerField()
    band = serializers.ChoiceField(choices=Band.choices)
    assessed_on = serializers.DateField()
    review_on = serializers.DateField()
    assessed_by = serializers.StringRelatedField()


class OverdueRiskReviewSerializer(RiskAssessmentSerializer):
    person = serializers.StringRelatedField()


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    points = serializers.IntegerField(help_text="Points when the answer is yes")


class QuestionSetSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QuestionSet.Kind.choices)
    title = serializers.CharField()
    standard_max = serializers.IntegerField(help_text="Highest score that is standard risk")
    medium_max = serializers.IntegerField(help_text="Highest score that is medium risk")
    questions = QuestionSerializer(many=True, source="questions.all")


class NewAssessmentSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=QuestionSet.Kind.choices)
    answers = serializers.DictField(child=serializers.BooleanField(), allow_empty=False,
                                    help_text="Every question of the set, by its id, answered true (yes) or false (no)")
    assessed_on = ApiDayField(what="The date of the assessment", required=False, help_text="Default today")


def _answers(question_set, answers):
    """The ids answered yes, once every question of the set is answered and nothing else, as the page asks."""
    questions = list(question_set.questions.all())
    asked = {str(q.pk) for q in questions}
    problems = [f"Answer question {n}, yes or no (id {q.pk})" for n, q in enumerate(questions, start=1)
                if str(q.pk) not in answers]
    problems += [f"{key} is not a question of this assessment" for key in sorted(set(answers) - asked)]
    if problems:
        raise serializers.ValidationError({"answers": problems})
    return {q.pk for q in questions if answers[str(q.pk)]}


class QuestionSetDetail(APIView):
    @extend_schema(responses=QuestionSetSerializer)
    def get(self, request, slug, kind):
        """The partnership's questions for a victim or a perpetrator assessment, and its bands."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        if kind not in QuestionSet.Kind.values:
            raise Http404("No such kind of assessment")
        return Response(QuestionSetSerializer(actions.question_set(partnership, kind)).data)


class PersonAssessments(APIView):
    parser_classes = [JsonParser]

    @extend_schema(responses=RiskAssessmentSerializer(many=True))
    def get(self, request, slug, pk):
        """Every risk assessment of a person you may see, newest first."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        person = get_object_or_404(casework.people_visible_to(request.user, partnership), pk=pk)
        assessments = list(person.risk_assessments.select_related("question_set", "assessed_by"))
        audit.record(by=request.user, action="risk.assessments_viewed", obj=person, partnership=partnership,
                     data={"assessments": [a.pk for a in assessments], "via": "api"})
        return Response(RiskAssessmentSerializer(assessments, many=True).data)

    @extend_schema(request=NewAssessmentSerializer, responses={201: RiskAssessmentSerializer})
    def post(self, request, slug, pk):
        """Assess a person you may see, answering every question of the partnership's set; the band
        and the review date follow from the score, as on the page."""
        partnership = partnership_for(request, slug, Permission.CASE_EDIT)
        person = get_object_or_404(casework.people_visible_to(request.user, partnership), pk=pk)
        incoming = NewAssessmentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        question_set = actions.question_set(partnership, data["kind"])
        assessment = actions.assess(by=request.user, person=person, question_set=question_set,
                                    yes_ids=_answers(question_set, data["answers"]),
                                    assessed_on=data.get("assessed_on") or timezone.localdate())
        return Response(RiskAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)


class Overdue(APIView):
    @extend_schema(responses=OverdueRiskReviewSerializer(many=True))
    def get(self, request, slug):
        """The latest assessments (per person and kind) of people you may see whose review was due
        before today, most overdue first."""
        partnership = partnership_for(request, slug, Permission.CASE_VIEW)
        due = queries.overdue(request.user, partnership, today=timezone.localdate())
        audit.record(by=request.user, action="risk.overdue_viewed", partnership=partnership,
                     data={"assessments": [a.pk for a in due], "people": [a.person_id for a in due], "via": "api"})
        return Response(OverdueRiskReviewSerializer(due, many=True).data)
