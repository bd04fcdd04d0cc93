"""Every change to the operations log, events and campaigns: checked, refused in words naming the
field, then written in one transaction with its audit event. None of it is personal data (ADR 60).

Who may: `operations_edit` across the partnership (CSP manager, analyst, CSU officer) records for
any member organisation and changes any record; a partner practitioner records for their own
organisation and changes only its records. Asked here, not only by the pages, so the API and the
commands are held to the same rule (a refusal is PermissionDenied, a 403)."""

import re
from decimal import Decimal, InvalidOperation
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.audit.changes import field_changes
from eunomia.core.dates import DateError, check_range
from eunomia.core.postcodes import PostcodeError, check_postcode
from eunomia.operations.models import (
    Campaign, EnforcementOperation, Event, PaybackProject, Premises, PremisesVisit, Scheme, SchemeExclusion,
    SchemeMember, TestPurchase, TrainingAttendance, TrainingSession,
)
from eunomia.partners.queries import directory_of, seats_in
from eunomia.places.actions import find_or_create_place
from eunomia.plans.models import Priority

# The most a count on a record may be: far more than any event reaches, far less than the database holds.
MAX_COUNT = 10_000_000
MAX_HOURS = Decimal("100000")
# An exclusion's reference is the scheme's own: letters, numbers, hyphens and slashes with at least one
# number, so a person's name cannot be typed in its place (ADR 60).
REFERENCE = re.compile(r"^(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9/-]{0,39}$")
REFERENCE_HELP = ("the scheme's own reference, like ST-2026-014: letters, numbers, hyphens and slashes, with at "
                  "least one number. Never the person's name")


# Checks ---------------------------------------------------------------------------------------------------

def _text(value):
    return (value or "").strip()


def _required_text(errors, field, value, message, *, max_length=200):
    text = _text(value)
    if not text:
        errors[field] = message
    elif len(text) > max_length:
        errors[field] = f"Use {max_length} characters or fewer"
    return text


def _optional_text(errors, field, value, *, max_length=20000):
    text = _text(value)
    if len(text) > max_length:
        errors[field] = f"Use {max_length:,} characters or fewer"
    return text


def _day(errors, field, day, what, *, not_future=True):
    """`day` checked: given, within Eunomia's range and (unless said otherwise) not after today."""
    if day is None:
        errors[field] = f"Enter {what[0].lower() + what[1:]}"
        return None
    try:
        check_range(day, what=what)
    except DateError as error:
        errors[field] = str(error)
        return day
    if not_future and day > timezone.localdate():
        errors[field] = f"{what} must be today or in the past"
    return day


def _not_before(errors, field, day, earlier, message):
    if day is not None and earlier is not None and field not in errors and day < earlier:
        errors[field] = message


def _choice(errors, field, value, choices, message):
    if value not in choices.values:
        errors[field] = message
    return value


def _count(errors, field, value, what):
    if value is None or value == "":
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors[field] = f"Enter {what} as a whole number, like 40"
        return 0
    if value < 0:
        errors[field] = f"Enter {what} as a whole number, 0 or more"
    elif value > MAX_COUNT:
        errors[field] = f"That is more {what} than Eunomia can hold: check the number"
    return value


def _hours(errors, field, value):
    if isinstance(value, float):
        raise TypeError("Hours are never a float: pass a Decimal or a string")
    try:
        hours = Decimal(str(value if value not in (None, "") else 0).strip())
    except (InvalidOperation, ValueError):
        errors[field] = "Enter the hours as a number, like 37.5"
        return Decimal(0)
    if not hours.is_finite():
        errors[field] = "Enter the hours as a number, like 37.5"
    elif hours < 0:
        errors[field] = "The hours cannot be fewer than 0"
    elif hours > MAX_HOURS:
        errors[field] = f"Enter at most {MAX_HOURS:,} hours"
    elif hours != hours.quantize(Decimal("0.1")):
        errors[field] = "Enter the hours to one decimal place at most, like 37.5"
    return hours.quantize(Decimal("0.1")) if field not in errors else Decimal(0)


def _in_directory(errors, field, partnership, organisations):
    """Organisations a record names must be in the partnership's directory (its members, past and
    present, and those that belong to no partnership)."""
    known = set(directory_of(partnership).filter(pk__in=[o.pk for o in organisations]).values_list("pk", flat=True))
    outside = [o for o in organisations if o.pk not in known]
    if outside:
        errors[field] = [f"{o} is not in {partnership}'s directory: choose an organisation from it" for o in outside]


def _premises(errors, field, partnership, premises):
    if premises is None:
        errors[field] = "Choose the premises"
    elif premises.partnership_id != partnership.pk:
        errors[field] = "Choose premises recorded in this partnership"


def _priority(errors, partnership, priority):
    if priority is not None and not Priority.objects.filter(pk=priority.pk, plan__partnership=partnership).exists():
        errors["priority"] = "Choose a priority of one of this partnership's plans"


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _check_may_record(by, partnership, owner_organisation):
    """The recording organisation must be a member today, and one `by` may record for."""
    if owner_organisation is None:
        raise ValidationError({"owner_organisation": "Choose the organisation recording it"})
    if not seats_in(partnership).filter(organisation=owner_organisation).exists():
        raise ValidationError({"owner_organisation": f"{owner_organisation} is not a member of {partnership}: "
                                                     "choose one of the partnership's member organisations"})
    # The record to be: what has_permission reads of a record owned by an organisation.
    to_be = SimpleNamespace(owner_organisation_id=owner_organisation.pk)
    if not has_permission(by, Permission.OPERATIONS_EDIT, partnership=partnership, obj=to_be):
        raise PermissionDenied(f"You may not record for {owner_organisation}")


def _check_may_change(by, record):
    if not has_permission(by, Permission.OPERATIONS_EDIT, partnership=record.partnership, obj=record):
        raise PermissionDenied("Only the organisation that recorded it may change it")


def _audit_value(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return sorted(_audit_value(v) for v in value)
    return value


def _create(*, by, model, partnership, owner_organisation, fields, action, partners=None):
    with transaction.atomic():
        record = model.objects.create(partnership=partnership, owner_organisation=owner_organisation, created_by=by,
                                      **fields)
        if partners is not None:
            record.partners.set(partners)
            fields = {**fields, "partners": partners}
        audit.record(by=by, action=f"operations.{action}", obj=record, partnership=partnership,
                     data={"owner": owner_organisation.pk, **{k: _audit_value(v) for k, v in fields.items()}})
    return record


def _update(*, by, record, fields, action, partners=None):
    changes = field_changes(record, fields)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()
        if partners is not None:
            before = sorted(record.partners.values_list("pk", flat=True))
            after = sorted(o.pk for o in partners)
            if before != after:
                changes["partners"] = [before, after]
            record.partners.set(partners)
        audit.record(by=by, action=f"operations.{action}", obj=record, partnership=record.partnership,
                     data={"changes": changes})
    return record


# Premises -----------------------------------------------------------------------------------------------

def _premises_fields(partnership, *, name, kind, address, postcode, instance=None):
    errors = {}
    name = _required_text(errors, "name", name, "Enter the name the premises trade under")
    _choice(errors, "kind", kind, Premises.Kind, "Choose the kind of premises")
    address = _required_text(errors, "address", address, "Enter the address of the premises", max_length=500)
    try:
        postcode = check_postcode(postcode, what="The postcode of the premises")
    except PostcodeError as error:
        errors["postcode"] = str(error)
    if not errors:
        same = Premises.objects.filter(partnership=partnership, name__iexact=name, postcode=postcode)
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        if same.exists():
            errors["name"] = f"{name} at {postcode} is already recorded: choose it from the list of premises"
    _raise(errors)
    return {"name": name, "kind": kind, "address": address, "postcode": postcode}


def _with_place(by, partnership, fields):
    """The premises' fields with their place in the partnership's gazetteer, found or recorded (ADR 70)."""
    place = find_or_create_place(by=by, partnership=partnership, address=fields["address"],
                                 postcode=fields["postcode"])
    return {**fields, "place": place}


def add_premises(*, by, partnership, owner_organisation, name, kind, address, postcode):
    _check_may_record(by, partnership, owner_organisation)
    fields = _premises_fields(partnership, name=name, kind=kind, address=address, postcode=postcode)
    with transaction.atomic():
        return _create(by=by, model=Premises, partnership=partnership, owner_organisation=owner_organisation,
                       fields=_with_place(by, partnership, fields), action="premises_added")


def change_premises(*, by, premises, name, kind, address, postcode):
    _check_may_change(by, premises)
    fields = _premises_fields(premises.partnership, name=name, kind=kind, address=address, postcode=postcode,
                              instance=premises)
    with transaction.atomic():
        return _update(by=by, record=premises, fields=_with_place(by, premises.partnership, fields),
                       action="premises_changed")


# Test purchases -----------------------------------------------------------------------------------------

def _test_purchase_fields(partnership, *, premises, made_on, product, result, follow_up=""):
    errors = {}
    _premises(errors, "premises", partnership, premises)
    _day(errors, "made_on", made_on, "The date of the test purchase")
    _choice(errors, "product", product, TestPurchase.Product, "Choose the product the volunteer tried to buy")
    _choice(errors, "result", result, TestPurchase.Result,
            "Choose the result: pass if the sale was refused, fail if the product was sold")
    follow_up = _optional_text(errors, "follow_up", follow_up)
    _raise(errors)
    return {"premises": premises, "made_on": made_on, "product": product, "result": result, "follow_up": follow_up}


def record_test_purchase(*, by, partnership, owner_organisation, premises, made_on, product, result, follow_up=""):
    _check_may_record(by, partnership, owner_organisation)
    fields = _test_purchase_fields(partnership, premises=premises, made_on=made_on, product=product, result=result,
                                   follow_up=follow_up)
    return _create(by=by, model=TestPurchase, partnership=partnership, owner_organisation=owner_organisation,
                   fields=fields, action="test_purchase_recorded")


def change_test_purchase(*, by, record, premises, made_on, product, result, follow_up=""):
    _check_may_change(by, record)
    fields = _test_purchase_fields(record.partnership, premises=premises, made_on=made_on, product=product,
                                   result=result, follow_up=follow_up)
    return _update(by=by, record=record, fields=fields, action="test_purchase_changed")


# Licensed-premises visits -------------------------------------------------------------------------------

def _visit_fields(partnership, *, premises, visited_on, purpose, findings):
    errors = {}
    _premises(errors, "premises", partnership, premises)
    _day(errors, "visited_on", visited_on, "The date of the visit")
    _choice(errors, "purpose", purpose, PremisesVisit.Purpose, "Choose the purpose of the visit")
    findings = _required_text(errors, "findings", findings, "Say what the visit found", max_length=20000)
    _raise(errors)
    return {"premises": premises, "visited_on": visited_on, "purpose": purpose, "findings": findings}


def record_visit(*, by, partnership, owner_organisation, premises, visited_on, purpose, findings):
    _check_may_record(by, partnership, owner_organisation)
    fields = _visit_fields(partnership, premises=premises, visited_on=visited_on, purpose=purpose, findings=findings)
    return _create(by=by, model=PremisesVisit, partnership=partnership, owner_organisation=owner_organisation,
                   fields=fields, action="visit_recorded")


def change_visit(*, by, record, premises, visited_on, purpose, findings):
    _check_may_change(by, record)
    fields = _visit_fields(record.partnership, premises=premises, visited_on=visited_on, purpose=purpose,
                           findings=findings)
    return _update(by=by, record=record, fields=fields, action="visit_changed")


# Training sessions --------------------------------------------------------------------------------------

def _training_fields(partnership, *, topic, held_on, attendance):
    """`attendance` maps organisations to the number of people each sent; none is left out silently."""
    errors = {}
    topic = _required_text(errors, "topic", topic, "Enter the topic of the session")
    _day(errors, "held_on", held_on, "The date of the session")
    counts = {}
    for organisation, people in dict(attendance or {}).items():
        counted = _count(errors, "attendance", people, f"the people from {organisation}")
        if counted:
            counts[organisation] = counted
    _in_directory(errors, "attendance", partnership, list(counts))
    if "attendance" not in errors and not counts:
        errors["attendance"] = "Say how many people attended from at least one organisation"
    _raise(errors)
    return {"topic": topic, "held_on": held_on}, counts


def _set_attendance(session, counts):
    session.attendance.all().delete()
    TrainingAttendance.objects.bulk_create(
        TrainingAttendance(session=session, organisation=organisation, people=people)
        for organisation, people in counts.items())


def _attendance_for_audit(counts):
    return {str(organisation.pk): people for organisation, people in sorted(counts.items(), key=lambda c: c[0].pk)}


def record_training(*, by, partnership, owner_organisation, topic, held_on, attendance):
    _check_may_record(by, partnership, owner_organisation)
    fields, counts = _training_fields(partnership, topic=topic, held_on=held_on, attendance=attendance)
    with transaction.atomic():
        session = TrainingSession.objects.create(partnership=partnership, owner_organisation=owner_organisation,
                                                 created_by=by, **fields)
        _set_attendance(session, counts)
        audit.record(by=by, action="operations.training_recorded", obj=session, partnership=partnership,
                     data={"owner": owner_organisation.pk, "held_on": held_on,
                           "attendance": _attendance_for_audit(counts)})
    return session


def change_training(*, by, record, topic, held_on, attendance):
    _check_may_change(by, record)
    fields, counts = _training_fields(record.partnership, topic=topic, held_on=held_on, attendance=attendance)
    with transaction.atomic():
        changes = field_changes(record, fields)
        before = {str(row.organisation_id): row.people for row in record.attendance.all()}
        after = _attendance_for_audit(counts)
        if before != after:
            changes["attendance"] = [before, after]
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()
        _set_attendance(record, counts)
        audit.record(by=by, action="operations.training_changed", obj=record, partnership=record.partnership,
                     data={"changes": changes})
    return record


# Community Payback ---------------------------------------------------------------------------------------

def _payback_fields(partnership, *, nominated_by, site, nominated_on, hours=0, completed_on=None, work=""):
    errors = {}
    if nominated_by is None:
        errors["nominated_by"] = "Choose the organisation that nominated the project"
    else:
        _in_directory(errors, "nominated_by", partnership, [nominated_by])
    site = _required_text(errors, "site", site, "Enter the site where the work was done")
    work = _optional_text(errors, "work", work)
    _day(errors, "nominated_on", nominated_on, "The date the project was nominated")
    hours = _hours(errors, "hours", hours)
    if completed_on is not None:
        _day(errors, "completed_on", completed_on, "The date the project was completed")
        _not_before(errors, "completed_on", completed_on, nominated_on,
                    "The project cannot have been completed before it was nominated")
    _raise(errors)
    return {"nominated_by": nominated_by, "site": site, "work": work, "nominated_on": nominated_on, "hours": hours,
            "completed_on": completed_on}


def record_payback_project(*, by, partnership, owner_organisation, nominated_by, site, nominated_on, hours=0,
                           completed_on=None, work=""):
    _check_may_record(by, partnership, owner_organisation)
    fields = _payback_fields(partnership, nominated_by=nominated_by, site=site, nominated_on=nominated_on, hours=hours,
                             completed_on=completed_on, work=work)
    return _create(by=by, model=PaybackProject, partnership=partnership, owner_organisation=owner_organisation,
                   fields=fields, action="payback_recorded")


def change_payback_project(*, by, record, nominated_by, site, nominated_on, hours=0, completed_on=None, work=""):
    _check_may_change(by, record)
    fields = _payback_fields(record.partnership, nominated_by=nominated_by, site=site, nominated_on=nominated_on,
                             hours=hours, completed_on=completed_on, work=work)
    return _update(by=by, record=record, fields=fields, action="payback_changed")


# Schemes, their members and exclusions ---------------------------------------------------------------------

def _scheme_fields(partnership, *, name, started_on, description="", instance=None):
    errors = {}
    name = _required_text(errors, "name", name, "Enter the name of the scheme")
    description = _optional_text(errors, "description", description)
    _day(errors, "started_on", started_on, "The date the scheme started")
    if "name" not in errors:
        same = Scheme.objects.filter(partnership=partnership, name__iexact=name)
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        if same.exists():
            errors["name"] = f"There is already a scheme called {name}"
    _raise(errors)
    return {"name": name, "description": description, "started_on": started_on}


def set_up_scheme(*, by, partnership, owner_organisation, name, started_on, description=""):
    _check_may_record(by, partnership, owner_organisation)
    fields = _scheme_fields(partnership, name=name, started_on=started_on, description=description)
    return _create(by=by, model=Scheme, partnership=partnership, owner_organisation=owner_organisation,
                   fields=fields, action="scheme_set_up")


def change_scheme(*, by, record, name, started_on, description=""):
    _check_may_change(by, record)
    fields = _scheme_fields(record.partnership, name=name, started_on=started_on, description=description,
                            instance=record)
    return _update(by=by, record=record, fields=fields, action="scheme_changed")


def add_scheme_member(*, by, scheme, premises, joined_on):
    """A premises joins the scheme. Its spells never overlap: it joins again only after the day it left."""
    _check_may_change(by, scheme)
    errors = {}
    _premises(errors, "premises", scheme.partnership, premises)
    _day(errors, "joined_on", joined_on, "The date the premises joined")
    if not errors:
        spells = scheme.members.filter(premises=premises)
        open_spell = spells.filter(left_on__isnull=True).first()
        overlapping = spells.filter(left_on__gte=joined_on).order_by("-left_on").first()
        if open_spell is not None:
            errors["premises"] = f"{premises.name} is a member already, since {open_spell.joined_on:%-d %B %Y}"
        elif overlapping is not None:
            errors["joined_on"] = (f"{premises.name} was a member until {overlapping.left_on:%-d %B %Y}: it can join "
                                   "again from the day after")
    _raise(errors)
    with transaction.atomic():
        member = SchemeMember.objects.create(scheme=scheme, premises=premises, joined_on=joined_on, created_by=by)
        audit.record(by=by, action="operations.scheme_member_joined", obj=member, partnership=scheme.partnership,
                     data={"scheme": scheme.pk, "premises": premises.pk, "joined_on": joined_on})
    return member


def record_leaving(*, by, member, left_on):
    """The last day the premises was a member: it counts as one up to and including that day."""
    _check_may_change(by, member)
    errors = {}
    if member.left_on is not None:
        raise ValidationError(f"{member.premises.name} left the scheme on {member.left_on:%-d %B %Y} already")
    _day(errors, "left_on", left_on, "The date the premises left")
    _not_before(errors, "left_on", left_on, member.joined_on,
                f"It cannot have left before it joined, on {member.joined_on:%-d %B %Y}")
    _raise(errors)
    with transaction.atomic():
        member.left_on = left_on
        member.save(update_fields=["left_on"])
        audit.record(by=by, action="operations.scheme_member_left", obj=member, partnership=member.partnership,
                     data={"scheme": member.scheme_id, "premises": member.premises_id, "left_on": left_on})
    return member


def _exclusion_fields(scheme, *, reference, starts_on, ends_on, instance=None):
    errors = {}
    reference = _text(reference)
    if not reference:
        errors["reference"] = "Enter " + REFERENCE_HELP
    elif not REFERENCE.match(reference):
        errors["reference"] = "The reference must be " + REFERENCE_HELP
    else:
        same = scheme.exclusions.filter(reference__iexact=reference)
        if instance is not None:
            same = same.exclude(pk=instance.pk)
        if same.exists():
            errors["reference"] = f"The scheme has an exclusion {reference} already: check the reference"
    _day(errors, "starts_on", starts_on, "The first day of the exclusion")
    _day(errors, "ends_on", ends_on, "The last day of the exclusion", not_future=False)
    _not_before(errors, "ends_on", ends_on, starts_on, "The exclusion cannot end before it starts")
    _raise(errors)
    return {"reference": reference, "starts_on": starts_on, "ends_on": ends_on}


def add_exclusion(*, by, scheme, reference, starts_on, ends_on):
    _check_may_change(by, scheme)
    fields = _exclusion_fields(scheme, reference=reference, starts_on=starts_on, ends_on=ends_on)
    with transaction.atomic():
        exclusion = SchemeExclusion.objects.create(scheme=scheme, created_by=by, **fields)
        audit.record(by=by, action="operations.exclusion_added", obj=exclusion, partnership=scheme.partnership,
                     data={"scheme": scheme.pk, **fields})
    return exclusion


def change_exclusion(*, by, exclusion, reference, starts_on, ends_on):
    """An exclusion shortened on appeal, or its reference corrected."""
    _check_may_change(by, exclusion)
    fields = _exclusion_fields(exclusion.scheme, reference=reference, starts_on=starts_on, ends_on=ends_on,
                               instance=exclusion)
    return _update(by=by, record=exclusion, fields=fields, action="exclusion_changed")


# Enforcement operations -----------------------------------------------------------------------------------

def _enforcement_fields(partnership, *, name, starts_on, ends_on=None, partners=(), results=""):
    errors = {}
    name = _required_text(errors, "name", name, "Enter the name of the operation")
    _day(errors, "starts_on", starts_on, "The first day of the operation")
    if ends_on is not None:
        _day(errors, "ends_on", ends_on, "The last day of the operation")
        _not_before(errors, "ends_on", ends_on, starts_on, "The operation cannot end before it starts")
    partners = list(partners or ())
    _in_directory(errors, "partners", partnership, partners)
    results = _optional_text(errors, "results", results)
    _raise(errors)
    return {"name": name, "starts_on": starts_on, "ends_on": ends_on, "results": results}, partners


def record_enforcement_operation(*, by, partnership, owner_organisation, name, starts_on, ends_on=None, partners=(),
                                 results=""):
    _check_may_record(by, partnership, owner_organisation)
    fields, partners = _enforcement_fields(partnership, name=name, starts_on=starts_on, ends_on=ends_on,
                                           partners=partners, results=results)
    return _create(by=by, model=EnforcementOperation, partnership=partnership, owner_organisation=owner_organisation,
                   fields=fields, partners=partners, action="enforcement_recorded")


def change_enforcement_operation(*, by, record, name, starts_on, ends_on=None, partners=(), results=""):
    _check_may_change(by, record)
    fields, partners = _enforcement_fields(record.partnership, name=name, starts_on=starts_on, ends_on=ends_on,
                                           partners=partners, results=results)
    return _update(by=by, record=record, fields=fields, partners=partners, action="enforcement_changed")


# Campaigns and events -------------------------------------------------------------------------------------

def _campaign_fields(partnership, *, name, starts_on, ends_on=None, aim="", priority=None, instance=None):
    errors = {}
    name = _required_text(errors, "name", name, "Enter the name of the campaign")
    aim = _optional_text(errors, "aim", aim)
    _day(errors, "starts_on", starts_on, "The first day of the campaign", not_future=False)
    if ends_on is not None:
        _day(errors, "ends_on", ends_on, "The last day of the campaign", not_future=False)
        _not_before(errors, "ends_on", ends_on, starts_on, "The campaign cannot end before it starts")
    _priority(errors, partnership, priority)
    if instance is not None and not errors:
        outside = [e for e in instance.events.order_by("held_on")
                   if e.held_on < starts_on or (ends_on is not None and e.held_on > ends_on)]
        if outside:
            field = "starts_on" if outside[0].held_on < starts_on else "ends_on"
            errors[field] = (f"The campaign's event {outside[0].name} on {outside[0].held_on:%-d %B %Y} would fall "
                             "outside these dates")
    _raise(errors)
    return {"name": name, "aim": aim, "starts_on": starts_on, "ends_on": ends_on, "priority": priority}


def start_campaign(*, by, partnership, owner_organisation, name, starts_on, ends_on=None, aim="", priority=None):
    _check_may_record(by, partnership, owner_organisation)
    fields = _campaign_fields(partnership, name=name, starts_on=starts_on, ends_on=ends_on, aim=aim, priority=priority)
    return _create(by=by, model=Campaign, partnership=partnership, owner_organisation=owner_organisation,
                   fields=fields, action="campaign_started")


def change_campaign(*, by, record, name, starts_on, ends_on=None, aim="", priority=None):
    _check_may_change(by, record)
    fields = _campaign_fields(record.partnership, name=name, starts_on=starts_on, ends_on=ends_on, aim=aim,
                              priority=priority, instance=record)
    return _update(by=by, record=record, fields=fields, action="campaign_changed")


def _event_fields(partnership, *, name, held_on, audience, place, campaign=None, partners=(), materials="",
                  people_attended=0, leaflets=0, online_views=0, priority=None):
    errors = {}
    name = _required_text(errors, "name", name, "Enter the name of the event")
    _day(errors, "held_on", held_on, "The date of the event")
    audience = _required_text(errors, "audience", audience, "Say who the event was for")
    place = _required_text(errors, "place", place, "Say where the event was held (or online)")
    materials = _optional_text(errors, "materials", materials)
    counts = {"people_attended": _count(errors, "people_attended", people_attended, "the people who attended"),
              "leaflets": _count(errors, "leaflets", leaflets, "the leaflets given out"),
              "online_views": _count(errors, "online_views", online_views, "the online views")}
    partners = list(partners or ())
    _in_directory(errors, "partners", partnership, partners)
    _priority(errors, partnership, priority)
    if campaign is not None:
        if campaign.partnership_id != partnership.pk:
            errors["campaign"] = "Choose a campaign of this partnership"
        elif "held_on" not in errors and not campaign.covers(held_on):
            until = f"{campaign.ends_on:%-d %B %Y}" if campaign.ends_on else "no end date"
            errors["held_on"] = (f"The event must be held during the campaign {campaign.name}, from "
                                 f"{campaign.starts_on:%-d %B %Y} to {until}")
    _raise(errors)
    return {"name": name, "held_on": held_on, "campaign": campaign, "audience": audience, "place": place,
            "materials": materials, "priority": priority, **counts}, partners


def record_event(*, by, partnership, owner_organisation, name, held_on, audience, place, campaign=None, partners=(),
                 materials="", people_attended=0, leaflets=0, online_views=0, priority=None):
    _check_may_record(by, partnership, owner_organisation)
    fields, partners = _event_fields(
        partnership, name=name, held_on=held_on, audience=audience, place=place, campaign=campaign, partners=partners,
        materials=materials, people_attended=people_attended, leaflets=leaflets, online_views=online_views,
        priority=priority)
    return _create(by=by, model=Event, partnership=partnership, owner_organisation=owner_organisation,
                   fields=fields, partners=partners, action="event_recorded")


def change_event(*, by, record, name, held_on, audience, place, campaign=None, partners=(), materials="",
                 people_attended=0, leaflets=0, online_views=0, priority=None):
    _check_may_change(by, record)
    fields, partners = _event_fields(
        record.partnership, name=name, held_on=held_on, audience=audience, place=place, campaign=campaign,
        partners=partners, materials=materials, people_attended=people_attended, leaflets=leaflets,
        online_views=online_views, priority=priority)
    return _update(by=by, record=record, fields=fields, partners=partners, action="event_changed")
