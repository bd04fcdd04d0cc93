from django.db.models import Q

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.figures.disclosure import Rule
from eunomia.figures.models import DisclosureRule, Figure, Unit


def figures_visible_to(user, partnership):
    if not has_permission(user, Permission.FIGURE_VIEW, partnership=partnership):
        return Figure.objects.none()
    return figures_in(partnership)


def figures_in(partnership):
    return Figure.objects.filter(partnership=partnership).select_related("owner_organisation", "recorded_by")


def missing_value_filter():
    return (Q(unit=Unit.TEXT) & Q(text_value="")) | (~Q(unit=Unit.TEXT) & Q(value__isnull=True))


def figures_overdue(partnership, *, today):
    """Figures whose period has ended with no value recorded, the longest overdue first."""
    return figures_in(partnership).filter(missing_value_filter(), period_end__lt=today).order_by("period_end", "title")


def figures_named(partnership, names):
    return {f.name: f for f in figures_in(partnership).filter(name__in=set(names))}


def disclosure_rule(partnership):
    """The partnership's rule for publishing counts of people: its own, or the default (ADR 65)."""
    held = DisclosureRule.objects.filter(partnership=partnership).first()
    return held.as_rule() if held is not None else Rule()
