"""Figures from the escalation ladder for the plan: how many interventions of a kind were used,
across every organisation of the partnership (a count names no one)."""

from django.urls import reverse

from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.interventions.models import Intervention, Kind
from eunomia.interventions.queries import interventions_visible_to

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


# What the figure counted (ADR 69): interventions, through the cases the reader may see, held by the
# organisation that holds the case.
record_kind("interventions.intervention", model=Intervention, noun="intervention", plural="interventions",
            visible=interventions_visible_to, owner="case__owner_organisation_id", when="issued_on",
            created="created_at", select_related=("case__owner_organisation", "case__partnership", "person"),
            columns=[("Kind", lambda i: i.get_kind_display()), ("Case", lambda i: i.case.reference),
                     ("Given to", lambda i: str(i.person)), ("Case held by", lambda i: i.case.owner_organisation.name)],
            url=lambda i: reverse("interventions:list", args=[i.case.partnership.slug, i.case_id]))


def kinds_in(choice):
    return GROUPS[choice][1] if choice in GROUPS else [choice]


@measure("interventions.by_type", title="Interventions on the escalation ladder", unit=Unit.COUNT,
         source="Eunomia intervention records of the partnership's organisations",
         definition="Number of interventions ({kind}) given in the figure's period, by the date given, in ASB cases "
                    "of any organisation of the partnership. Each intervention counts once: two warning letters to "
                    "one person are two.",
         params={"kind": KIND_CHOICES}, counts=COUNTS_EVENTS)
def by_type(*, partnership, period_start, period_end, kind):
    return given_in(partnership, period_start, period_end, kind).count()


def given_in(partnership, period_start, period_end, kind):
    return Intervention.objects.filter(case__partnership=partnership, kind__in=kinds_in(kind),
                                       issued_on__gte=period_start, issued_on__lte=period_end)


@records_of("interventions.by_type")
def by_type_counted(*, partnership, period_start, period_end, kind):
    return Counted("interventions.intervention", given_in(partnership, period_start, period_end, kind))
