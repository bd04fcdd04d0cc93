"""Reads of equality records. A person's answers are reached only through the person: a casework
person through eunomia.casework.queries, a DA person through eunomia.domesticabuse.queries, so a
reader who may not see the person finds neither them nor their answers. Impact assessments hold no
personal data: every member who reads the plan reads them."""

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.casework import queries as casework_queries
from eunomia.domesticabuse import queries as da_queries
from eunomia.equality.models import Assessment, DaPersonEquality, EqualitySettings, PersonEquality
from eunomia.plans.models import Priority


def casework_person(user, partnership, pk):
    """The casework person if the reader may see them, else None."""
    return casework_queries.people_visible_to(user, partnership).filter(pk=pk).first()


def da_person(user, partnership, pk):
    """The DA person if the reader holds the DA permissions, else None."""
    return da_queries.people_visible_to(user, partnership).filter(pk=pk).first()


def answers_of_person(person):
    """The answers recorded for a casework person the caller has already fetched through its scope, or None."""
    return PersonEquality.objects.filter(person=person).first()


def answers_of_da_person(person):
    return DaPersonEquality.objects.filter(person=person).first()


def settings_of(partnership):
    """The partnership's equality settings, the defaults (unsaved) if it has never changed them."""
    return (EqualitySettings.objects.filter(partnership=partnership).first()
            or EqualitySettings(partnership=partnership))


def may_read_assessments(user, partnership):
    return has_permission(user, Permission.PLAN_VIEW, partnership=partnership)


def assessments_visible_to(user, partnership):
    if not may_read_assessments(user, partnership):
        return Assessment.objects.none()
    return Assessment.objects.filter(partnership=partnership).select_related(
        "plan", "priority__plan", "project", "signed_off_by", "updated_by")


def assessment_of(subject):
    """The assessment of a plan, priority or project, or None."""
    field = {"planyear": "plan", "priority": "priority", "project": "project"}[subject._meta.model_name]
    return Assessment.objects.filter(**{field: subject}).first()


def priorities_with_assessments(plan):
    """The plan's priorities in order, each with `.assessment` (or None) and `.lead` (who owns putting a
    missing assessment right: the lead organisation of the priority's working group, when it has one)."""
    priorities = list(Priority.objects.filter(plan=plan).select_related("working_group__lead_organisation"))
    found = {a.priority_id: a for a in Assessment.objects.filter(priority__in=priorities)}
    for priority in priorities:
        priority.assessment = found.get(priority.pk)
        priority.lead = priority.working_group.lead_organisation.name if priority.working_group else ""
    return priorities
