"""Reads of risk assessments, always limited to people the reader may see."""

from django.db.models import Exists, OuterRef, Q

from eunomia.casework.queries import people_visible_to
from eunomia.risk.models import RiskAssessment


def assessments_visible_to(user, partnership):
    return RiskAssessment.objects.filter(person__in=people_visible_to(user, partnership).values("id"))


def latest(assessments):
    """The latest of `assessments` for each person and kind (victim, perpetrator): a newer assessment
    replaces an older one, and its review date is the one that counts. Chosen by the database (no
    newer one exists), so only the latest rows are read."""
    newer = RiskAssessment.objects.filter(
        person_id=OuterRef("person_id"), question_set__kind=OuterRef("question_set__kind"),
    ).filter(Q(assessed_on__gt=OuterRef("assessed_on")) | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk")))
    return list(assessments.filter(~Exists(newer)).select_related("person", "question_set")
                .order_by("person_id", "question_set__kind"))


def latest_risk(people):
    """{person id: their highest-band latest assessment} for `people` (a queryset of Person)."""
    order = {"high": 2, "medium": 1, "standard": 0}
    by_person = {}
    for assessment in latest(RiskAssessment.objects.filter(person__in=people.values("id"))):
        held = by_person.get(assessment.person_id)
        if held is None or order[assessment.band] > order[held.band]:
            by_person[assessment.person_id] = assessment
    return by_person


def stored_latest_risk(person_ids, *, raised_only=False):
    """latest_risk read from the marks the actions keep (RiskAssessment.is_latest, ADR 52): the
    marked rows of `person_ids` through a partial index, none compared with another. `raised_only`:
    only people whose latest risk is medium or high, the others left in the database."""
    order = {"high": 2, "medium": 1, "standard": 0}
    by_person = {}
    marked = RiskAssessment.objects.filter(person_id__any_of=person_ids, is_latest=True)
    if raised_only:
        marked = marked.exclude(band="standard")
    marked = marked.select_related("question_set").order_by("person_id", "question_set__kind")
    for assessment in marked:
        held = by_person.get(assessment.person_id)
        if held is None or order[assessment.band] > order[held.band]:
            by_person[assessment.person_id] = assessment
    return by_person


def overdue(user, partnership, *, today):
    """Latest assessments whose review was due before `today`, most overdue first."""
    due = [a for a in latest(assessments_visible_to(user, partnership)) if a.review_on < today]
    return sorted(due, key=lambda a: (a.review_on, a.person.last_name, a.person_id))
