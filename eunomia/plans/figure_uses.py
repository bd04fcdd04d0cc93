"""How plans use figures, for the figure's own page and API (eunomia.figures.uses)."""

from django.urls import reverse

from eunomia.accounts.roles import Permission
from eunomia.figures.uses import Keeper, Link, Use, figure_keeper, figure_use
from eunomia.plans import actions, queries
from eunomia.plans.models import Target


def _target_of(figure):
    return Target.objects.filter(actual=figure).select_related("action__plan__partnership").first()


@figure_use
def target_and_sections(figure):
    uses = []
    target = _target_of(figure)
    if target is not None:
        plan = target.action.plan
        url = reverse("plans:detail", args=[plan.partnership.slug, plan.start_year]) + f"#target-{target.pk}"
        uses.append(Use("Actual of target", [Link(f"{target.measure} ({plan.label})", url)]))
    sections = queries.sections_naming(figure)
    if sections:
        uses.append(Use("Named in", [
            Link(f"{section} ({section.plan.label})",
                 reverse("plans:section_edit", args=[section.plan.partnership.slug, section.plan.start_year,
                                                     section.kind]))
            for section in sections]))
    return uses


@figure_keeper
def target_actual(figure):
    """A target's actual is recorded with the target, where the milestone judgement also lives."""
    target = _target_of(figure)
    if target is None:
        return None
    plan = target.action.plan

    def record(*, by, via, milestone_met=None, **value):
        actions.record_actual(by=by, target=target, via=via, milestone_met=milestone_met, **value)

    return Keeper(obj=target, permission=Permission.TARGET_RECORD_ACTUAL, record=record,
                  page_url=reverse("plans:target_actual", args=[plan.partnership.slug, plan.start_year, target.pk]))
