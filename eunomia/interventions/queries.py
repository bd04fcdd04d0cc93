"""Reads of interventions, always through a case the reader may see (eunomia.casework.queries)."""

from django.shortcuts import get_object_or_404

from eunomia.casework import queries as casework
from eunomia.casework.models import Person, Role
from eunomia.interventions.models import Intervention


def case_for(user, partnership, pk):
    """The case, if the reader may see it; otherwise a 404."""
    return get_object_or_404(casework.cases_visible_to(user, partnership), pk=pk)


def interventions_visible_to(user, partnership):
    """Interventions in the cases the reader may see."""
    return Intervention.objects.filter(case__in=casework.cases_visible_to(user, partnership).values("pk"))


def interventions_of(case):
    return Intervention.objects.filter(case=case).select_related("person", "created_by")


def intervention_for(case, pk):
    return get_object_or_404(interventions_of(case), pk=pk)


def perpetrators_of(case):
    return Person.objects.filter(case_links__case=case, case_links__role=Role.PERPETRATOR).distinct()
