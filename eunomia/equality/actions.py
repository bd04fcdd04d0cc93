"""Writes of equality records, each in one transaction with its audit event.

The audit events of answers name which questions changed, never the answers: the audit log is
append-only and outlives the person's erasure, so it must not become a second copy of special
category data. Events about a DA person name the DA person as their record, so they sit in the DA
domain's audit trail and nowhere else (ADR 42)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eunomia.audit import actions as audit
from eunomia.core.dates import add_years
from eunomia.core.equality import BY_NAME, QUESTION_NAMES, answers_of, contradiction
from eunomia.equality.models import (Assessment, DaPersonEquality, Effect, EqualitySettings, Impact, PersonEquality,
                                     ProtectedCharacteristic)
from eunomia.plans.models import PlanYear, Priority
from eunomia.projects.models import Project

# How far ahead an assessment's review may be set: a plan runs for at most a few years.
REVIEW_WITHIN_YEARS = 3
LONG_TEXT = 20000


def _clean_answers(answers):
    """The answers to keep, every question present ("" when not given); a value no question offers,
    or the one contradiction, is refused naming the question."""
    unknown = set(answers) - set(QUESTION_NAMES)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError(_("There is no equality question called %(names)s") % {"names": names})
    cleaned = {name: answers.get(name) or "" for name in QUESTION_NAMES}
    errors = {name: _("Choose one of the answers listed") for name, value in cleaned.items()
              if value and value not in dict(BY_NAME[name].choices)}
    errors.update({name: message for name, message in contradiction(cleaned).items() if name not in errors})
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_answers(model, *, by, person, answers):
    cleaned = _clean_answers(answers)
    row = model.objects.select_for_update().filter(person=person).first()
    before = answers_of(row) if row else dict.fromkeys(QUESTION_NAMES, "")
    changed = sorted(name for name in QUESTION_NAMES if before[name] != cleaned[name])
    if not any(cleaned.values()):
        # Nothing left to keep: no row at all, rather than a row of blanks.
        if row:
            row.delete()
        return None, changed
    row = row or model(person=person)
    for name, value in cleaned.items():
        setattr(row, name, value)
    row.updated_at, row.updated_by = timezone.now(), by
    row.save()
    return row, changed


def save_person_answers(*, by, person, answers):
    """Record a casework person's equality answers (every one optional; blank removes an answer)."""
    with transaction.atomic():
        row, changed = _save_answers(PersonEquality, by=by, person=person, answers=answers)
        audit.record(by=by, action="equality.person_answers_saved", obj=person, partnership=person.partnership,
                     data={"questions_changed": changed})
    return row


def save_da_person_answers(*, by, person, answers):
    """Record a domestic abuse person's equality answers."""
    with transaction.atomic():
        row, changed = _save_answers(DaPersonEquality, by=by, person=person, answers=answers)
        audit.record(by=by, action="equality.da_person_answers_saved", obj=person, partnership=person.partnership,
                     data={"questions_changed": changed})
    return row


def erase_people_answers(person_ids):
    """Remove the answers of casework people being erased under the retention schedule; the caller's
    transaction and audit event cover it. Returns how many were removed."""
    return PersonEquality.objects.filter(person_id__in=list(person_ids)).delete()[0]


# Settings -----------------------------------------------------------------------------------------------

def set_settings(*, by, partnership, assessment_required_per_priority):
    with transaction.atomic():
        found, _created = EqualitySettings.objects.select_for_update().get_or_create(partnership=partnership)
        before = found.assessment_required_per_priority
        found.assessment_required_per_priority = bool(assessment_required_per_priority)
        found.save()
        audit.record(by=by, action="equality.settings_changed", obj=partnership, partnership=partnership,
                     data={"assessment_required_per_priority": {"before": before,
                                                                "after": found.assessment_required_per_priority}})
    return found


# Equality impact assessments -------------------------------------------------------------------------------

def _subject_field(subject):
    if isinstance(subject, PlanYear):
        return "plan"
    if isinstance(subject, Priority):
        return "priority"
    if isinstance(subject, Project):
        return "project"
    raise TypeError(f"An equality impact assessment is of a plan, a priority or a project, not {subject!r}")


def _check_assessment(*, today, who_is_affected, evidence, mitigations, decision, decision_reason, review_on,
                      impacts):
    errors = {}
    for field, text, message in (
            ("who_is_affected", who_is_affected, _("Say who is affected: which groups of people, and how many")),
            ("evidence", evidence, _("Give the evidence the assessment rests on"))):
        if not (text or "").strip():
            errors[field] = message
    for field, text in (("who_is_affected", who_is_affected), ("evidence", evidence), ("mitigations", mitigations),
                        ("decision_reason", decision_reason)):
        if len(text or "") > LONG_TEXT:
            errors[field] = _("This must be %(limit)s characters or fewer") % {"limit": f"{LONG_TEXT:,}"}
    if decision not in Assessment.Decision.values:
        errors["decision"] = _("Choose the decision")
    elif decision in (Assessment.Decision.CONTINUE, Assessment.Decision.STOP) and not (decision_reason or "").strip():
        errors["decision_reason"] = _("Say why: continuing despite an adverse impact, or stopping, needs a reason")
    if not isinstance(review_on, datetime.date):
        errors["review_on"] = _("Enter the date the assessment will be reviewed")
    elif review_on < today:
        errors["review_on"] = _("The review date must be today or later")
    elif review_on > add_years(today, REVIEW_WITHIN_YEARS):
        errors["review_on"] = _("The review date must be within %(years)s years") % {"years": REVIEW_WITHIN_YEARS}
    negative = []
    for characteristic, label in ProtectedCharacteristic.choices:
        effect, note = impacts.get(characteristic, ("", ""))
        if effect not in Effect.values:
            errors[f"impact_{characteristic}"] = _("Choose the impact on people sharing %(what)s") % {
                "what": str(label).lower()}
        elif effect == Effect.NEGATIVE:
            negative.append(label)
            if not (note or "").strip():
                errors[f"note_{characteristic}"] = _("Say what the negative impact on %(what)s is") % {
                    "what": str(label).lower()}
        if len(note or "") > LONG_TEXT:
            errors[f"note_{characteristic}"] = _("This must be %(limit)s characters or fewer") % {
                "limit": f"{LONG_TEXT:,}"}
    if negative and not (mitigations or "").strip() and "mitigations" not in errors:
        errors["mitigations"] = _("Say how the negative impact will be reduced or removed, or why it cannot be")
    if errors:
        raise ValidationError(errors)


def save_assessment(*, by, subject, who_is_affected, evidence, mitigations, decision, decision_reason, review_on,
                    impacts):
    """Write the equality impact assessment of `subject` (a plan, priority or project), or change it.
    `impacts` maps each protected characteristic to (effect, note). A change to a signed-off assessment
    takes the sign-off away: it must be signed off again."""
    field = _subject_field(subject)
    partnership = subject.partnership
    _check_assessment(today=timezone.localdate(), who_is_affected=who_is_affected, evidence=evidence,
                      mitigations=mitigations, decision=decision, decision_reason=decision_reason,
                      review_on=review_on, impacts=impacts)
    fields = {"who_is_affected": who_is_affected.strip(), "evidence": evidence.strip(),
              "mitigations": (mitigations or "").strip(), "decision": decision,
              "decision_reason": (decision_reason or "").strip(), "review_on": review_on}
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().filter(**{field: subject}).first()
        created = assessment is None
        if created:
            assessment = Assessment(partnership=partnership, **{field: subject})
        old_impacts = {} if created else {i.characteristic: (i.effect, i.note) for i in assessment.impacts.all()}
        new_impacts = {c: (impacts[c][0], (impacts[c][1] or "").strip()) for c in ProtectedCharacteristic.values}
        changed = sorted([name for name, value in fields.items() if getattr(assessment, name) != value]
                         + [f"impact_{c}" for c in ProtectedCharacteristic.values
                            if old_impacts.get(c) != new_impacts[c]])
        if not created and not changed:
            return assessment
        was_signed_off = assessment.is_signed_off
        for name, value in fields.items():
            setattr(assessment, name, value)
        assessment.updated_at, assessment.updated_by = timezone.now(), by
        assessment.signed_off_at = assessment.signed_off_by = None
        assessment.save()
        for characteristic, (effect, note) in new_impacts.items():
            Impact.objects.update_or_create(assessment=assessment, characteristic=characteristic,
                                            defaults={"effect": effect, "note": note})
        audit.record(by=by, action="equality.assessment_written" if created else "equality.assessment_changed",
                     obj=assessment, partnership=partnership,
                     data={"of": field, "subject": subject.pk, "changed": changed, "sign_off_removed": was_signed_off})
    return assessment


def sign_off_assessment(*, by, assessment):
    """The CSP manager's sign-off (the view checks who may): the assessment as written now."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.is_signed_off:
            raise ValidationError(_("This assessment is already signed off"))
        if assessment.impacts.count() != len(ProtectedCharacteristic.values):
            raise ValidationError(_("Assess the impact on every protected characteristic before signing off"))
        assessment.signed_off_at, assessment.signed_off_by = timezone.now(), by
        assessment.save(update_fields=["signed_off_at", "signed_off_by"])
        audit.record(by=by, action="equality.assessment_signed_off", obj=assessment,
                     partnership=assessment.partnership, data={"updated_at": assessment.updated_at})
    return assessment
