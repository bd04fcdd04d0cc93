"""What interventions add to a case in the casework API (eunomia.casework.case_sections)."""

from rest_framework import serializers

from eunomia.casework.case_sections import case_section
from eunomia.interventions.models import Intervention
from eunomia.interventions.queries import interventions_of


class InterventionSerializer(serializers.ModelSerializer):
    person_id = serializers.IntegerField()
    person = serializers.StringRelatedField()

    class Meta:
        model = Intervention
        fields = ["id", "person_id", "person", "kind", "issued_on", "on_conviction", "breached_on"]


case_section("interventions", InterventionSerializer,
             records=lambda case: interventions_of(case).order_by("issued_on", "id"))
