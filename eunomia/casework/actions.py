"""Writes to casework. Each checks its input in plain words, writes in one transaction and audits
the change in the same transaction."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import UniqueConstraint
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.casework import derived
from eunomia.casework.jobs import RECOMPUTE_FLAGS
from eunomia.casework.models import (Case, CaseParty, CaseShare, Consent, Person, RepeatRule, Report, ReportPerson,
                                     Role, SharingAgreement, VictimDay)
from eunomia.casework.queries import possible_leads
from eunomia.core.dates import add_years
from eunomia.jobs import actions as jobs
from eunomia.places.actions import find_or_create_place


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
    if date_of_birth and date_of_birth < add_years(today, -120):
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


def _place_of_report(*, by, partnership, place, address, postcode):
    """The report's place: `place` when the recorder chose a known one (refused if it is another
    partnership's), else the place at the address and postcode written, found or recorded now
    (ADR 70); None when neither is written."""
    if place is not None:
        if place.partnership_id != partnership.pk:
            raise ValidationError({"place": "Choose a place of this partnership"})
        return place
    if not ((address or "").strip() or (postcode or "").strip()):
        return None
    return find_or_create_place(by=by, partnership=partnership, address=address, postcode=postcode)


def record_report(*, by, partnership, organisation, occurred_at, reported_at, category, source, description,
                  address="", postcode="", anonymous=False, people=(), place=None):
    """Record a report. `people`: [(Person, role)] already visible to the recorder. `place`: a known
    place the recorder chose (the report then takes its address and postcode); without one, the
    place at `address` and `postcode` is found or recorded."""
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
        if person.date_of_birth and person.date_of_birth > timezone.localdate(occurred_at):
            errors["occurred_at"] = f"{person} was born after this happened: check the dates"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        chosen = place is not None
        place = _place_of_report(by=by, partnership=partnership, place=place, address=address, postcode=postcode)
        if chosen:
            address, postcode = place.address, place.postcode
        report = Report.objects.create(
            partnership=partnership, owner_organisation=organisation,
            reference=_next_reference(Report, partnership, "ASB"), occurred_at=occurred_at, reported_at=reported_at,
            category=category, source=source, description=description.strip(), address=address.strip(),
            postcode=postcode.upper().strip(), anonymous=anonymous, created_by=by, place=place,
            longitude=place.longitude if place else None, latitude=place.latitude if place else None,
            lsoa_code=place.lsoa_code if place else "")
        for person, role in people:
            ReportPerson.objects.get_or_create(report=report, person=person, role=role)
        derived.refresh_people(p.pk for p, _ in people)
        audit.record(by=by, action="casework.report_recorded", obj=report, partnership=partnership,
                     data={"people": [p.pk for p, _ in people], "category": category})
    return report


def link_person(*, by, report, person, role):
    """Name one more person in a saved report, in a role. The same person in the same role twice is
    refused in words, not ignored, so the recorder knows nothing was added."""
    if role not in Role.values:
        raise ValidationError({"role": "Choose the person's role from the list"})
    if person.partnership_id != report.partnership_id:
        raise ValidationError({"person": "That person belongs to another partnership"})
    if person.date_of_birth and person.date_of_birth > timezone.localdate(report.occurred_at):
        raise ValidationError({"date_of_birth": f"{person} was born after this happened: check the dates"})
    if ReportPerson.objects.filter(report=report, person=person, role=role).exists():
        raise ValidationError({"person": f"{person} is already named in this report as the "
                                         f"{Role(role).label.lower()}"})
    with transaction.atomic():
        link = ReportPerson.objects.create(report=report, person=person, role=role)
        derived.refresh_people([person.pk])
        audit.record(by=by, action="casework.person_linked", obj=report, partnership=report.partnership,
                     data={"person": person.pk, "role": role})
    return link


def add_person_to_report(*, by, report, role, **details):
    """Record someone new, owned by the report's organisation, and name them in the report in
    `role`: neither is saved unless both are."""
    with transaction.atomic():
        person = add_person(by=by, partnership=report.partnership, organisation=report.owner_organisation,
                            **details)
        link_person(by=by, report=report, person=person, role=role)
    return person


def _place_of_reports(reports):
    """The one place all of `reports` are at, or None (no reports, or reports at no or several places)."""
    places = {report.place_id for report in reports}
    return places.pop() if len(places) == 1 else None


def open_case(*, by, partnership, organisation, title, reports=(), opened_on=None, place=None):
    """Open a case gathering `reports`. Its place is `place`, or else the one place all its reports are at."""
    if not (title or "").strip():
        raise ValidationError({"title": "Give the case a title"})
    if place is not None and place.partnership_id != partnership.pk:
        raise ValidationError({"place": "Choose a place of this partnership"})
    place_id = place.pk if place is not None else _place_of_reports(reports)
    with transaction.atomic():
        case = Case.objects.create(partnership=partnership, owner_organisation=organisation,
                                   reference=_next_reference(Case, partnership, "CASE"), title=title.strip(),
                                   lead_officer=by, opened_on=opened_on or timezone.localdate(), place_id=place_id)
        case.reports.set(reports)
        audit.record(by=by, action="casework.case_opened", obj=case, partnership=partnership,
                     data={"reports": [r.pk for r in reports], "place": place_id})
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


def open_case_from_report(*, by, partnership, organisation, report, title):
    """A case owned by `organisation` with `report` linked and the report's people as its parties,
    in the roles they have in the report."""
    with transaction.atomic():
        case = open_case(by=by, partnership=partnership, organisation=organisation, title=title, reports=[report])
        for link in report.people_links.all():
            add_party(by=by, case=case, person=link.person, role=link.role)
    return case


def link_report(*, by, case, report):
    if report.partnership_id != case.partnership_id:
        raise ValidationError({"reference": "That report belongs to another partnership"})
    if case.reports.filter(pk=report.pk).exists():
        raise ValidationError({"reference": f"{report.reference} is already linked to this case"})
    with transaction.atomic():
        case.reports.add(report)
        if case.place_id is None and report.place_id is not None and not case.reports.exclude(pk=report.pk).exists():
            # A case opened with no report takes the place of the first report linked to it.
            case.place_id = report.place_id
            case.save(update_fields=["place"])
        audit.record(by=by, action="casework.case_report_linked", obj=case, partnership=case.partnership,
                     data={"report": report.pk, "place": case.place_id})


def add_party(*, by, case, person, role):
    if role not in Role.values:
        raise ValidationError({"role": "Choose the person's role from the list"})
    if person.partnership_id != case.partnership_id:
        raise ValidationError({"person": "That person belongs to another partnership"})
    with transaction.atomic():
        party, created = CaseParty.objects.get_or_create(case=case, person=person, role=role)
        if created:
            audit.record(by=by, action="casework.case_party_added", obj=case, partnership=case.partnership,
                         data={"person": person.pk, "role": role})
    return party


def unshare_case(*, by, share):
    with transaction.atomic():
        case = share.case
        audit.record(by=by, action="casework.case_unshared", obj=case, partnership=case.partnership,
                     data={"organisation": share.organisation_id, "agreement": share.agreement_id})
        share.delete()


def close_case(*, by, case, outcome, closed_on, today=None):
    """Close with an outcome, on a day from the day it opened up to today."""
    today = today or timezone.localdate()
    errors = {}
    if case.status == Case.Status.CLOSED:
        raise ValidationError(f"{case.reference} is already closed")
    if outcome not in Case.Outcome.values:
        errors["outcome"] = "Choose the outcome from the list"
    if closed_on is None:
        errors["closed_on"] = "Enter the date the case closed"
    elif closed_on > today:
        errors["closed_on"] = "The closing date must be today or in the past"
    elif closed_on < case.opened_on:
        errors["closed_on"] = f"The closing date cannot be before the case opened ({case.opened_on:%-d %B %Y})"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case.status, case.outcome, case.closed_on = Case.Status.CLOSED, outcome, closed_on
        case.save(update_fields=["status", "outcome", "closed_on"])
        audit.record(by=by, action="casework.case_closed", obj=case, partnership=case.partnership,
                     data={"outcome": outcome, "closed_on": closed_on.isoformat()})
    return case


def reopen_case(*, by, case):
    if case.status != Case.Status.CLOSED:
        raise ValidationError(f"{case.reference} is already open")
    with transaction.atomic():
        previous = {"outcome": case.outcome, "closed_on": case.closed_on.isoformat()}
        case.status, case.outcome, case.closed_on = Case.Status.OPEN, "", None
        case.save(update_fields=["status", "outcome", "closed_on"])
        audit.record(by=by, action="casework.case_reopened", obj=case, partnership=case.partnership, data=previous)
    return case


def change_lead_officer(*, by, case, lead_officer):
    """Hand `case` to another lead officer: one of `queries.possible_leads(case)`, so they can open and
    work it. The audit event names the lead before and after."""
    if lead_officer is None:
        raise ValidationError({"lead_officer": "Choose who will lead the case"})
    if lead_officer.pk == case.lead_officer_id:
        raise ValidationError({"lead_officer": f"{lead_officer} already leads {case.reference}: choose someone else"})
    if not possible_leads(case).filter(pk=lead_officer.pk).exists():
        raise ValidationError({"lead_officer": f"Choose someone at {case.owner_organisation} who works cases: "
                                               f"only they can open and change this case"})
    with transaction.atomic():
        previous = case.lead_officer_id
        case.lead_officer, case.lead_officer_since = lead_officer, timezone.now()
        case.save(update_fields=["lead_officer", "lead_officer_since"])
        audit.record(by=by, action="casework.case_lead_changed", obj=case, partnership=case.partnership,
                     data={"from": previous, "to": lead_officer.pk})
    return case


def add_agreement(*, by, partnership, title, purpose, lawful_basis, parties, starts_on, review_on):
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Enter the agreement's title"
    elif SharingAgreement.objects.filter(partnership=partnership, title__iexact=title.strip()).exists():
        errors["title"] = "The partnership already has an agreement with that title"
    if not (purpose or "").strip():
        errors["purpose"] = "Say what the agreement is for"
    if lawful_basis not in SharingAgreement.LawfulBasis.values:
        errors["lawful_basis"] = "Choose the lawful basis from the list"
    if len(set(parties)) < 2:
        errors["parties"] = "Choose at least two organisations that are party to the agreement"
    if starts_on and review_on and review_on <= starts_on:
        errors["review_on"] = "The review date must be after the start date"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement = SharingAgreement.objects.create(
            partnership=partnership, title=title.strip(), purpose=purpose.strip(), lawful_basis=lawful_basis,
            starts_on=starts_on, review_on=review_on)
        agreement.parties.set(parties)
        audit.record(by=by, action="casework.agreement_added", obj=agreement, partnership=partnership,
                     data={"parties": sorted(o.pk for o in parties)})
    return agreement



def record_consent(*, by, person, organisation, basis, state="", decided_on=None, method="", note="", today=None):
    """A new consent record for `person`: consent given, refused or withdrawn (with the day and how it
    was obtained), or the other lawful basis relied on instead. Earlier records stay as history."""
    today = today or timezone.localdate()
    errors = {}
    if basis not in SharingAgreement.LawfulBasis.values:
        errors["basis"] = "Choose whether consent applies or which other lawful basis is relied on"
    elif basis == SharingAgreement.LawfulBasis.CONSENT:
        if state not in Consent.State.values:
            errors["state"] = "Choose whether consent was given, refused or withdrawn"
        if method not in Consent.Method.values:
            errors["method"] = "Choose how consent was obtained: verbally, in writing or online"
        if decided_on is None:
            errors["decided_on"] = "Enter the date consent was given, refused or withdrawn"
        elif decided_on > today:
            errors["decided_on"] = "The date of consent must be today or in the past"
        elif person.date_of_birth and decided_on < person.date_of_birth:
            errors["decided_on"] = f"The date of consent cannot be before {person} was born"
        latest = person.consents.first()
        if state == Consent.State.WITHDRAWN and not (latest and latest.state == Consent.State.GIVEN):
            errors["state"] = f"Consent can be withdrawn only when {person} has given it: record it as refused"
    else:
        state, method, decided_on = "", "", None  # Consent details mean nothing under another basis.
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = Consent.objects.create(person=person, basis=basis, state=state, decided_on=decided_on,
                                         method=method, note=(note or "").strip(), recorded_by=by,
                                         recorded_for=organisation)
        audit.record(by=by, action="casework.consent_recorded", obj=person, partnership=person.partnership,
                     data={"consent": consent.pk, "basis": basis, "state": state,
                           "decided_on": decided_on.isoformat() if decided_on else None, "method": method})
    return consent


def _whole_number(value):
    return isinstance(value, int) and not isinstance(value, bool)


def set_repeat_rule(*, by, partnership, reports, days, place_reports=None, place_days=None):
    """Make a repeat victim `reports` or more reports within `days` days in `partnership`, and a
    repeat location `place_reports` or more reports at one place within `place_days` days (left as
    they are when not given). The briefing reads the new rule at once from the counts per day (which
    no rule changes); the job it starts counts them again from the reports, so the change never
    rests on counts that may have drifted. Repeat locations are counted from the reports each time."""
    errors = {}
    if not _whole_number(reports) or not 2 <= reports <= 100:
        errors["reports"] = "A repeat needs between 2 and 100 reports"
    if not _whole_number(days) or not 1 <= days <= 730:
        errors["days"] = "Count reports within 1 to 730 days"
    if place_reports is not None and (not _whole_number(place_reports) or not 1 <= place_reports <= 50):
        errors["place_reports"] = "A repeat location needs between 1 and 50 reports at the place"
    if place_days is not None and (not _whole_number(place_days) or not 1 <= place_days <= 366):
        errors["place_days"] = "Count the reports at a place within 1 to 366 days"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        rule = RepeatRule.objects.select_for_update().filter(partnership=partnership).first()
        before = ({"reports": rule.reports, "days": rule.days, "place_reports": rule.place_reports,
                   "place_days": rule.place_days} if rule else None)
        rule = rule or RepeatRule(partnership=partnership)
        rule.reports, rule.days = reports, days
        if place_reports is not None:
            rule.place_reports = place_reports
        if place_days is not None:
            rule.place_days = place_days
        rule.save()
        audit.record(by=by, action="casework.repeat_rule_changed", obj=rule, partnership=partnership,
                     data={"from": before, "reports": reports, "days": days, "place_reports": rule.place_reports,
                           "place_days": rule.place_days})
        job = jobs.enqueue(by=by, kind=RECOMPUTE_FLAGS, params={"partnership": partnership.pk},
                           partnership=partnership)
    return rule, job


def _person_links():
    """Every relation from another table to Person, in any app (through tables included): a merge
    moves them all, so an app adding a foreign key to Person is merged without being listed here."""
    links = [field for field in Person._meta.get_fields(include_hidden=True)
             if field.auto_created and not field.concrete and not field.many_to_many]
    for field in links:
        if not field.one_to_many:  # one-to-one: whose row would win is a decision to make first
            raise NotImplementedError(f"Merging people does not know how to merge {field.related_model}")
    return links


def _unique_together_with(model, field_name):
    """The other fields of each unconditional unique constraint of `model` that includes `field_name`."""
    sets = [c.fields for c in model._meta.constraints if isinstance(c, UniqueConstraint) and c.condition is None]
    sets += list(model._meta.unique_together)
    return [tuple(f for f in fields if f != field_name) for fields in sets if field_name in fields]


def check_merge(*, kept, duplicate):
    """Why `duplicate` cannot be merged into `kept`, as a ValidationError; nothing if it can."""
    if kept.pk == duplicate.pk:
        raise ValidationError("You cannot merge a person into themselves: choose the duplicate record")
    if kept.partnership_id != duplicate.partnership_id:
        raise ValidationError(f"{duplicate} and {kept} belong to different partnerships and cannot be merged")
    if duplicate.merged_into_id:
        raise ValidationError(f"Record {duplicate.pk} has already been merged into record {duplicate.merged_into_id}")
    if kept.merged_into_id:
        raise ValidationError(f"Record {kept.pk} has been merged into record {kept.merged_into_id}: "
                              f"merge into that record instead")


def merge_people(*, by, kept, duplicate):
    """Merge `duplicate` into `kept`: every record naming the duplicate (reports, cases, risk
    assessments, referrals, interventions, case reviews, consent, earlier merges) names `kept`
    instead, vulnerability flags are joined, and the duplicate stays as a row pointing at `kept`.
    A link that would then be there twice (the same report, the same role) is kept once. The
    kept person's own details are not changed. One transaction, one audit event naming both."""
    check_merge(kept=kept, duplicate=duplicate)
    with transaction.atomic():
        # Locked and read again, so two people merging the same records at once cannot both do it.
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[kept.pk, duplicate.pk])}
        kept, duplicate = locked[kept.pk], locked[duplicate.pk]
        check_merge(kept=kept, duplicate=duplicate)
        moved, dropped = {}, {}
        # Counted again for the kept person below, not moved: the duplicate's days would collide.
        VictimDay.objects.filter(person=duplicate).delete()
        for relation in _person_links():
            model, name = relation.related_model, relation.field.name
            rows = model._base_manager.filter(**{name: duplicate})
            for others in _unique_together_with(model, name):
                if others:
                    already = set(model._base_manager.filter(**{name: kept}).values_list(*others))
                    twice = [pk for pk, *values in rows.values_list("pk", *others) if tuple(values) in already]
                else:  # one row per person (equality answers): the kept person's row, when there is one, wins
                    kept_has_one = model._base_manager.filter(**{name: kept}).exists()
                    twice = list(rows.values_list("pk", flat=True)) if kept_has_one else []
                if twice:
                    dropped[model._meta.label_lower] = dropped.get(model._meta.label_lower, 0) + len(twice)
                    model._base_manager.filter(pk__in=twice).delete()
            count = rows.update(**{name: kept})
            if count:
                moved[model._meta.label_lower] = count
        kept.flags = sorted(set(kept.flags) | set(duplicate.flags))
        kept.save(update_fields=["flags"])
        duplicate.merged_into = kept
        duplicate.save(update_fields=["merged_into"])
        derived.people_merged([kept.pk, duplicate.pk])
        audit.record(by=by, action="casework.people_merged", obj=kept, partnership=kept.partnership,
                     data={"kept": kept.pk, "duplicate": duplicate.pk, "moved": moved, "dropped": dropped})
    return kept
