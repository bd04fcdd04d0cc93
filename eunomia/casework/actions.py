"""Writes to casework. Each checks its input in plain words, writes in one transaction and audits
the change in the same transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.casework.models import Case, CaseShare, Person, Report, ReportPerson


def _next_reference(model, partnership, prefix):
    year = timezone.localdate().year
    start = f"{prefix}-{year}-"
    last = (model.objects.filter(partnership=partnership, reference__startswith=start)
            .order_by("-reference").values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{start}{number:05d}"


def check_person(*, date_of_birth, first_name, last_name, today=None):
    today = today or timezone.localdate()
    errors = {}
    if not (first_name or "").strip():
        errors["first_name"] = "Enter the person's first name"
    if not (last_name or "").strip():
        errors["last_name"] = "Enter the person's last name"
    if date_of_birth and date_of_birth > today:
        errors["date_of_birth"] = "The date of birth must be today or in the past"
    if date_of_birth and date_of_birth < today.replace(year=today.year - 120):
        errors["date_of_birth"] = "The date of birth is more than 120 years ago: check the year"
    if errors:
        raise ValidationError(errors)


def add_person(*, by, partnership, organisation, first_name, last_name, date_of_birth=None, phone="", email="",
               address="", postcode="", flags=()):
    check_person(date_of_birth=date_of_birth, first_name=first_name, last_name=last_name)
    with transaction.atomic():
        person = Person.objects.create(
            partnership=partnership, owner_organisation=organisation, first_name=first_name.strip(),
            last_name=last_name.strip(), date_of_birth=date_of_birth, phone=phone, email=email, address=address,
            postcode=postcode.upper().strip(), flags=sorted(set(flags)), created_by=by)
        audit.record(by=by, action="casework.person_added", obj=person, partnership=partnership)
    return person


def record_report(*, by, partnership, organisation, occurred_at, reported_at, category, source, description,
                  address="", postcode="", anonymous=False, people=()):
    """Record a report. `people`: [(Person, role)] already visible to the recorder."""
    now = timezone.now()
    errors = {}
    if occurred_at > now:
        errors["occurred_at"] = "When it happened must be now or in the past"
    if reported_at > now:
        errors["reported_at"] = "When it was reported must be now or in the past"
    if not errors and occurred_at > reported_at:
        errors["occurred_at"] = "It cannot have happened after it was reported"
    if category not in Report.Category.values:
        errors["category"] = "Choose a category from the list"
    if source not in Report.Source.values:
        errors["source"] = "Choose how the report came in"
    if not (description or "").strip():
        errors["description"] = "Describe what happened"
    for person, _ in people:
        if person.date_of_birth and person.date_of_birth > occurred_at.date():
            errors["occurred_at"] = f"{person} was born after this happened: check the dates"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = Report.objects.create(
            partnership=partnership, owner_organisation=organisation,
            reference=_next_reference(Report, partnership, "ASB"), occurred_at=occurred_at, reported_at=reported_at,
            category=category, source=source, description=description.strip(), address=address.strip(),
            postcode=postcode.upper().strip(), anonymous=anonymous, created_by=by)
        for person, role in people:
            ReportPerson.objects.get_or_create(report=report, person=person, role=role)
        audit.record(by=by, action="casework.report_recorded", obj=report, partnership=partnership,
                     data={"people": [p.pk for p, _ in people], "category": category})
    return report


def link_person(*, by, report, person, role):
    with transaction.atomic():
        link, created = ReportPerson.objects.get_or_create(report=report, person=person, role=role)
        if created:
            audit.record(by=by, action="casework.person_linked", obj=report, partnership=report.partnership,
                         data={"person": person.pk, "role": role})
    return link


def open_case(*, by, partnership, organisation, title, reports=(), opened_on=None):
    if not (title or "").strip():
        raise ValidationError({"title": "Give the case a title"})
    with transaction.atomic():
        case = Case.objects.create(partnership=partnership, owner_organisation=organisation,
                                   reference=_next_reference(Case, partnership, "CASE"), title=title.strip(),
                                   lead_officer=by, opened_on=opened_on or timezone.localdate())
        case.reports.set(reports)
        audit.record(by=by, action="casework.case_opened", obj=case, partnership=partnership,
                     data={"reports": [r.pk for r in reports]})
    return case


def share_case(*, by, case, organisation, agreement, on=None):
    """Share a case with another organisation under an agreement both organisations are party to."""
    on = on or timezone.localdate()
    parties = set(agreement.parties.values_list("id", flat=True))
    if agreement.partnership_id != case.partnership_id:
        raise ValidationError({"agreement": "Choose an agreement of this partnership"})
    if case.owner_organisation_id not in parties or organisation.pk not in parties:
        raise ValidationError({"organisation": f"{organisation} and the case's organisation must both be parties "
                                               f"to {agreement}: share under an agreement that names both"})
    if agreement.starts_on > on:
        raise ValidationError({"agreement": f"{agreement} starts on {agreement.starts_on:%-d %B %Y}"})
    if organisation.pk == case.owner_organisation_id:
        raise ValidationError({"organisation": "The case already belongs to that organisation"})
    with transaction.atomic():
        share, created = CaseShare.objects.get_or_create(case=case, organisation=organisation,
                                                         defaults={"agreement": agreement, "shared_by": by})
        if created:
            audit.record(by=by, action="casework.case_shared", obj=case, partnership=case.partnership,
                         data={"organisation": organisation.pk, "agreement": agreement.pk})
    return share


def default_times():
    now = timezone.localtime().replace(second=0, microsecond=0)
    return now - datetime.timedelta(hours=1), now
