"""Figures from the escalation ladder for the plan: how many interventions of a kind were used,
across every organisation of the partnership (a count names no one)."""

from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.interventions.models import Intervention, Kind

# The groups the plan writes about ("warnings, agreements and restorative approaches used"). A
# Community Protection Warning is a warning too, a statutory one; an agreement is the ABA, a kind.
GROUPS = {
    "all": ("All interventions", list(Kind.values)),
    "warnings": ("Warnings: verbal warnings, warning letters 1 to 3 and Community Protection Warnings",
                 [Kind.VERBAL_WARNING, Kind.LETTER_1, Kind.LETTER_2, Kind.LETTER_3, Kind.CPW]),
    "warning_letters": ("Warning letters 1 to 3", [Kind.LETTER_1, Kind.LETTER_2, Kind.LETTER_3]),
    "restorative": ("Restorative approaches: mediation and restorative justice", [Kind.MEDIATION, Kind.RESTORATIVE]),
}
KIND_CHOICES = [(key, label) for key, (label, _) in GROUPS.items()] + Kind.choices


def kinds_in(choice):
    return GROUPS[choice][1] if choice in GROUPS else [choice]


@measure("interventions.by_type", title="Interventions on the escalation ladder", unit=Unit.COUNT,
         source="Eunomia intervention records of the partnership's organisations",
         definition="Number of interventions ({kind}) given in the figure's period, by the date given, in ASB cases "
                    "of any organisation of the partnership. Each intervention counts once: two warning letters to "
                    "one person are two.",
         params={"kind": KIND_CHOICES}, counts=COUNTS_EVENTS)
def by_type(*, partnership, period_start, period_end, kind):
    return Intervention.objects.filter(case__partnership=partnership, kind__in=kinds_in(kind),
                                       issued_on__gte=period_start, issued_on__lte=period_end).count()
