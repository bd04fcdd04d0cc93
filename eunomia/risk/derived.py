"""Which assessment is each person's latest of its kind, kept as a mark on the assessment
(RiskAssessment.is_latest) so the briefing reads it instead of choosing it (docs/adr/0052). Set by
`assess` in its transaction; after a merge and by `recompute_casework_flags` through casework's
registry (eunomia.risk.casework_uses)."""

from django.db.models import Exists, OuterRef, Q

from eunomia.risk.models import RiskAssessment


def _mark(assessments):
    """Mark each of `assessments` latest or not, in one UPDATE. The same choice as queries.latest
    (no newer assessment of the person and kind): a partnership has one question set per kind and a
    person's assessments all use their partnership's sets, so the same set is the same kind."""
    newer = RiskAssessment.objects.filter(person_id=OuterRef("person_id"), question_set_id=OuterRef("question_set_id")
                                          ).filter(Q(assessed_on__gt=OuterRef("assessed_on"))
                                                   | Q(assessed_on=OuterRef("assessed_on"), pk__gt=OuterRef("pk")))
    assessments.update(is_latest=~Exists(newer))


def refresh_latest(person_ids):
    _mark(RiskAssessment.objects.filter(person_id__in=list(person_ids)))


def rebuild_latest(partnership):
    _mark(RiskAssessment.objects.filter(question_set__partnership=partnership))
