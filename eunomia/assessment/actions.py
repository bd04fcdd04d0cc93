"""Writes: the partnership's priority-matrix settings, and adopting recommended priorities into a
plan."""

from django.core.exceptions import ValidationError
from django.db import transaction

from eunomia.assessment.models import CRITERIA, DEFAULT_VULNERABILITY, AssessmentSettings
from eunomia.audit import actions as audit
from eunomia.plans import actions as plan_actions


def save_settings(*, by, partnership, weights, recommend, vulnerability):
    if not any(weights.values()):
        raise ValidationError({"weight_volume": "Give at least one criterion a weight above 0"})
    with transaction.atomic():
        settings, _ = AssessmentSettings.objects.select_for_update().get_or_create(partnership=partnership)
        for criterion in CRITERIA:
            setattr(settings, f"weight_{criterion}", weights[criterion])
        settings.recommend = recommend
        settings.vulnerability = {slug: level for slug, level in vulnerability.items()
                                  if level != DEFAULT_VULNERABILITY.get(slug, (0, ""))[0]}
        settings.updated_by = by
        settings.save()
        audit.record(by=by, action="assessment.settings_changed", obj=settings, partnership=partnership,
                     data={"weights": weights, "recommend": recommend, "vulnerability": settings.vulnerability})
    return settings


def priority_title(row):
    return row.name if row.name != "All crime (excluding anti-social behaviour)" else "All crime"


def adopt_priorities(*, by, plan, assessment, slugs):
    """Add the chosen issues of the matrix to the plan as priorities, each described by the
    reasons the assessment ranked it. An issue already a priority of the plan (same title) is left."""
    if plan.partnership_id != assessment.partnership.pk:
        raise ValidationError("Choose a plan of this partnership")
    rows = [row for row in assessment.matrix if row.slug in set(slugs)]
    if not rows:
        raise ValidationError({"issues": "Choose at least one issue to add to the plan"})
    existing = {title.lower() for title in plan.priorities.values_list("title", flat=True)}
    added, skipped = [], []
    with transaction.atomic():
        for row in rows:
            title = priority_title(row)
            if title.lower() in existing:
                skipped.append(title)
                continue
            description = (f"Recommended by the strategic assessment of {assessment.current.label} "
                           f"(ranked {row.rank} of {len(assessment.matrix)}): " + "; ".join(row.reasons) + ".")
            added.append(plan_actions.add_item(by=by, plan=plan, kind="priority", title=title,
                                               description=description))
        audit.record(by=by, action="assessment.priorities_adopted", obj=plan, partnership=plan.partnership,
                     data={"added": [p.title for p in added], "skipped": skipped,
                           "period": assessment.current.code, "compare": assessment.previous.code})
    return added, skipped
