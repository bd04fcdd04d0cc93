"""Writes for interventions and letter templates: checked against rules.py, saved and audited in one
transaction, so a refusal leaves nothing behind."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.casework.models import CaseParty, Role
from eunomia.interventions import letters, rules
from eunomia.interventions.models import Intervention, LetterTemplate


def record_intervention(*, by, case, person, kind, issued_on, on_conviction=False, notes="", today=None):
    today = today or timezone.localdate()
    with transaction.atomic():
        # Read the ladder so far inside the transaction that writes the next step.
        earlier = list(Intervention.objects.filter(case=case).values_list("person_id", "kind", "issued_on"))
        errors = rules.refusals(
            kind=kind, person_name=str(person), date_of_birth=person.date_of_birth, issued_on=issued_on,
            today=today, case_opened_on=case.opened_on,
            is_perpetrator=CaseParty.objects.filter(case=case, person=person, role=Role.PERPETRATOR).exists(),
            person_earlier=[(k, on) for pid, k, on in earlier if pid == person.pk],
            case_earlier=[(k, on) for _, k, on in earlier], on_conviction=on_conviction)
        if errors:
            raise ValidationError(errors)
        intervention = Intervention.objects.create(case=case, person=person, kind=kind, issued_on=issued_on,
                                                   on_conviction=on_conviction, notes=(notes or "").strip(),
                                                   created_by=by)
        audit.record(by=by, action="interventions.recorded", obj=intervention, partnership=case.partnership,
                     data={"case": case.pk, "person": person.pk, "kind": kind, "issued_on": issued_on})
    return intervention


def record_breach(*, by, intervention, breached_on, notes="", today=None):
    errors = rules.breach_refusals(issued_on=intervention.issued_on, breached_on=breached_on,
                                   today=today or timezone.localdate(), already_breached_on=intervention.breached_on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        intervention.breached_on, intervention.breach_notes = breached_on, (notes or "").strip()
        intervention.save(update_fields=["breached_on", "breach_notes"])
        audit.record(by=by, action="interventions.breach_recorded", obj=intervention,
                     partnership=intervention.case.partnership,
                     data={"case": intervention.case_id, "person": intervention.person_id, "breached_on": breached_on})
    return intervention


def save_template(*, by, partnership, kind, title, body):
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Give the letter a title"
    if not (body or "").strip():
        errors["body"] = "Write the text of the letter"
    for field, text in (("title", title or ""), ("body", body or "")):
        unknown = letters.unknown_placeholders(text)
        if unknown and field not in errors:
            errors[field] = (f"{', '.join('{' + u + '}' for u in unknown)} is not a placeholder: use only "
                             + ", ".join("{" + p + "}" for p in letters.PLACEHOLDERS))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        template, created = LetterTemplate.objects.update_or_create(
            partnership=partnership, kind=kind,
            defaults={"title": title.strip(), "body": body.strip(), "updated_by": by})
        audit.record(by=by, action="interventions.template_saved", obj=template, partnership=partnership,
                     data={"kind": kind, "created": created})
    return template
