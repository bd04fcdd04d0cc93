import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import ROLES, Permission
from eunomia.audit import actions as audit
from eunomia.audit.changes import field_changes
from eunomia.core.dates import DateError, check_range
from eunomia.partners.models import (Contact, Organisation, Partnership, PartnershipMember, WorkingGroup,
                                     check_lead_roles, ons_code_validator)


def tidy_local_authority_codes(codes):
    """ONS codes as a partnership keeps them: trimmed, in capitals, each once, in the order given."""
    return list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))


def local_authority_codes_problem(codes):
    """Why `codes` (tidied) cannot be ONS codes of the districts a partnership covers, or None (the page's form asks
    it too, to show it beside the form's own errors)."""
    bad = [code for code in codes if not ons_code_validator.regex.match(code)]
    if bad:
        return (f"{', '.join(bad)} {'is not an ONS code' if len(bad) == 1 else 'are not ONS codes'}: "
                "a letter E, W, S or N then 8 digits, like E07000115")
    return None  # none at all is _checked_districts' question: a district may be named instead


def _checked_codes(codes):
    codes = tidy_local_authority_codes(codes)
    problem = local_authority_codes_problem(codes)
    if problem:
        raise ValidationError({"local_authority_codes": problem})
    return codes


# A district as police.uk names it at the start of its LSOA names ("City of London 001A"): letters,
# spaces and the few marks district names use ("King's Lynn and West Norfolk", "Bristol, City of").
_DISTRICT_NAME = re.compile(r"^[^\W\d_][^\W\d_ .,'()&-]*(?:[ .,'()&-]+[^\W\d_]+)*[.)]?$")
_LOOKS_LIKE_A_CODE = re.compile(r"^[A-Za-z]\d+$")
_LOOKS_LIKE_AN_LSOA = re.compile(r"^(?P<district>.+) \d{3}[A-Za-z]$")


def tidy_district_names(names):
    """District names as a partnership keeps them: spaces trimmed and single, each once, in the order given."""
    tidied = {}
    for name in names:
        name = " ".join(str(name).split())
        if name:
            tidied.setdefault(name.casefold(), name)
    return list(tidied.values())


def district_names_problem(names):
    """Why `names` (tidied) cannot name the partnership's districts as police.uk writes them, or None
    (ADR 0055). The page's form asks it too, to show it beside the form's own errors."""
    for name in names:
        if _LOOKS_LIKE_A_CODE.match(name):
            return f"{name} looks like an ONS code: enter it among the local authority codes, not as a name"
        lsoa = _LOOKS_LIKE_AN_LSOA.match(name)
        if lsoa:
            return (f"{name} is the name of an LSOA: enter the district's name alone, the part police.uk writes "
                    f"before the number, like {lsoa['district']}")
        if len(name) > 100 or not _DISTRICT_NAME.match(name):
            return (f"{name} is not a district's name as police.uk writes it: letters and spaces, with "
                    "full stops, commas, apostrophes, brackets, ampersands or hyphens, like City of London")
    return None


def _checked_districts(codes, names):
    """The district names, tidied, or a refusal in words; and at least one district, by code or by name."""
    names = tidy_district_names(names)
    problem = district_names_problem(names)
    if problem:
        raise ValidationError({"district_names": problem})
    if not codes and not names:
        raise ValidationError({"local_authority_codes": NO_DISTRICT})
    return names


NO_DISTRICT = ("Enter the ONS code of at least one local authority, or the name of a district as police.uk writes "
               "it, like City of London")


# Registered numbers as the registers write them (ADR 61): open data names an organisation by them
# (360Giving's GB-CHC, GB-SC, GB-NIC and GB-COH identifiers), so a number that no register gives is refused.
_CHARITY_NUMBER = re.compile(r"^(?:\d{6,7}(?:-\d{1,2})?|SC\d{6}|NIC\d{6})$")
_COMPANY_NUMBER = re.compile(r"^(?:\d{8}|[A-Z]{2}\d{6})$")
CHARITY_NUMBER_RULE = ("Enter the charity number as the regulator writes it: 6 or 7 digits in England and Wales, like "
                       "1123456 (a linked charity adds a dash and its own number, like 1123456-1), SC and 6 digits in "
                       "Scotland, like SC012345, or NIC and 6 digits in Northern Ireland, like NIC100001")
COMPANY_NUMBER_RULE = ("Enter the company number as Companies House writes it: 8 characters, either 8 digits with any "
                       "leading zeros, like 01234567, or 2 letters and 6 digits, like SC123456 or OC301234")


def tidy_registered_number(value):
    """A charity or company number as the registers write it: no spaces, letters in capitals."""
    return "".join(str(value or "").split()).upper()


def charity_number_problem(number):
    """Why `number` (tidied) is not a charity number a register gives, or None (blank is none at all)."""
    return None if not number or _CHARITY_NUMBER.match(number) else CHARITY_NUMBER_RULE


def company_number_problem(number):
    """Why `number` (tidied) is not a Companies House number, or None (blank is none at all)."""
    return None if not number or _COMPANY_NUMBER.match(number) else COMPANY_NUMBER_RULE


def _checked_registered_numbers(fields):
    """`fields` with any charity and company number tidied, or a refusal naming each one that is wrong."""
    errors = {}
    for field, problem_of in (("charity_number", charity_number_problem), ("company_number", company_number_problem)):
        if field in fields:
            fields[field] = tidy_registered_number(fields[field])
            problem = problem_of(fields[field])
            if problem:
                errors[field] = problem
    if errors:
        raise ValidationError(errors)
    return fields


def create_partnership(*, by, name, local_authority_codes=(), slug="", year_start_month=4, is_demo=False,
                       district_names=(), **details):
    """A partnership names its districts by ONS code, or by name as police.uk writes them when no
    boundary or population file is imported (ADR 0055): at least one, either way."""
    slug = slug or slugify(name)[:80]
    local_authority_codes = _checked_codes(local_authority_codes)
    district_names = _checked_districts(local_authority_codes, district_names)
    with transaction.atomic():
        if Partnership.objects.filter(name__iexact=name).exists():
            raise ValidationError({"name": f"A partnership called {name} already exists"})
        if Partnership.objects.filter(slug=slug).exists():
            raise ValidationError({"name": f"The web address /p/{slug}/ is already used by another partnership"})
        partnership = Partnership.objects.create(
            name=name, slug=slug, local_authority_codes=local_authority_codes, district_names=district_names,
            year_start_month=year_start_month, is_demo=is_demo, **details,
        )
        audit.record(by=by, action="partnership.created", obj=partnership, data={"name": name})
    return partnership


def update_partnership(*, by, partnership, **fields):
    """Change the partnership's own details (the fields given): its name, the ONS codes of the
    districts it covers and the contact details its published plans print."""
    if "local_authority_codes" in fields:
        fields["local_authority_codes"] = _checked_codes(fields["local_authority_codes"])
    if "local_authority_codes" in fields or "district_names" in fields:
        fields["district_names"] = _checked_districts(
            fields.get("local_authority_codes", partnership.local_authority_codes),
            fields.get("district_names", partnership.district_names))
    name = fields.get("name", partnership.name).strip()
    if Partnership.objects.filter(name__iexact=name).exclude(pk=partnership.pk).exists():
        raise ValidationError({"name": f"Another partnership is called {name}"})
    with transaction.atomic():
        changes = field_changes(partnership, fields)
        for field, value in fields.items():
            setattr(partnership, field, value)
        partnership.save()
        audit.record(by=by, action="partnership.updated", obj=partnership, data=changes)
    return partnership


def set_lead_roles(*, by, partnership, roles):
    """Choose the roles the partnership's organisation leads may give their organisation's members
    (ADR 48). Never CSP manager nor a domestic abuse role; only the CSP manager chooses."""
    if by is not None and not has_permission(by, Permission.MEMBERS_MANAGE, partnership=partnership):
        raise ValidationError({"lead_roles": "Only the CSP manager may choose the roles organisation leads give"})
    try:
        check_lead_roles(roles)
    except ValidationError as error:
        raise ValidationError({"lead_roles": error.messages}) from None
    roles = [key for key in ROLES if key in set(roles)]
    if roles == partnership.lead_roles:
        return partnership
    with transaction.atomic():
        before = partnership.lead_roles
        partnership.lead_roles = roles
        partnership.save(update_fields=["lead_roles"])
        audit.record(by=by, action="partnership.lead_roles_changed", obj=partnership, partnership=partnership,
                     data={"lead_roles": [before, roles]})
    return partnership


def add_organisation(*, by, partnership, name, joined_on=None, member=True, **details):
    """A new organisation in the directory, with a seat on the partnership unless it is not a
    `member` (a provider or charity that delivers the partnership's actions)."""
    details = _checked_registered_numbers(details)
    with transaction.atomic():
        if Organisation.objects.filter(name__iexact=name.strip()).exists():
            raise ValidationError(
                {"name": f"{name} is already in the directory. Add it from the list of organisations instead."}
            )
        organisation = Organisation.objects.create(name=name.strip(), **details)
        audit.record(by=by, action="organisation.created", obj=organisation, partnership=partnership,
                     data={"name": organisation.name})
        if member:
            join_partnership(by=by, partnership=partnership, organisation=organisation, joined_on=joined_on)
    return organisation


def _check_spell(seat, *, joined_on, left_on):
    """Plain words for a spell whose dates cannot stand: leaving before joining, a date out of range,
    or overlapping another spell of the same organisation on the same partnership."""
    errors = {}
    for field, day, what in (("joined_on", joined_on, "The date it joined"), ("left_on", left_on, "The date it left")):
        try:
            if day is not None:
                check_range(day, what=what)
        except DateError as error:
            errors[field] = str(error)
    if not errors and left_on is not None and left_on < joined_on:
        errors["left_on"] = "The date it left must be on or after the date it joined"
    if errors:
        raise ValidationError(errors)
    others = PartnershipMember.objects.filter(partnership=seat.partnership, organisation=seat.organisation)
    if seat.pk:
        others = others.exclude(pk=seat.pk)
    for other in others:
        other_end = other.left_on or datetime.date.max
        this_end = left_on or datetime.date.max
        if joined_on <= other_end and other.joined_on <= this_end:
            since = f"from {other.joined_on:%-d %B %Y}"
            until = f" to {other.left_on:%-d %B %Y}" if other.left_on else " with no leaving date"
            raise ValidationError({"joined_on": f"{seat.organisation} was already a member {since}{until}: "
                                                f"one organisation's spells on the partnership cannot overlap"})


def join_partnership(*, by, partnership, organisation, joined_on=None):
    """A new spell on the partnership, from `joined_on` (today unless given, and any past date for
    bringing in past plans). It keeps the place in the members' list of the organisation's last spell."""
    joined_on = joined_on or timezone.localdate()
    with transaction.atomic():
        spells = PartnershipMember.objects.filter(partnership=partnership, organisation=organisation)
        if spells.filter(left_on__isnull=True).exists():
            raise ValidationError({"organisation": f"{organisation} is already a member of {partnership}"})
        last = spells.order_by("-joined_on").first()
        position = last.position if last else PartnershipMember.objects.filter(partnership=partnership).count()
        seat = PartnershipMember(partnership=partnership, organisation=organisation, joined_on=joined_on,
                                 position=position)
        _check_spell(seat, joined_on=joined_on, left_on=None)
        seat.save()
        audit.record(by=by, action="partnership.member_joined", obj=seat, partnership=partnership,
                     data={"organisation": organisation.pk, "joined_on": joined_on})
    return seat


def leave_partnership(*, by, partnership, organisation, left_on=None):
    left_on = left_on or timezone.localdate()
    with transaction.atomic():
        seat = PartnershipMember.objects.filter(
            partnership=partnership, organisation=organisation, left_on__isnull=True
        ).first()
        if seat is None:
            raise ValidationError(f"{organisation} is not a member of {partnership}")
        _check_spell(seat, joined_on=seat.joined_on, left_on=left_on)
        seat.left_on = left_on
        seat.save()
        audit.record(by=by, action="partnership.member_left", obj=seat, partnership=partnership,
                     data={"organisation": organisation.pk, "left_on": left_on})
    return seat


def change_seat_dates(*, by, seat, joined_on, left_on=None):
    """Correct when a spell began and ended (no leaving date: still a member). The plans of the years
    it touches list the organisation from then on; plans already published keep what they printed."""
    with transaction.atomic():
        _check_spell(seat, joined_on=joined_on, left_on=left_on)
        changes = field_changes(seat, {"joined_on": joined_on, "left_on": left_on})
        seat.joined_on, seat.left_on = joined_on, left_on
        seat.save()
        audit.record(by=by, action="partnership.member_dates_changed", obj=seat, partnership=seat.partnership,
                     data={"organisation": seat.organisation_id, **changes})
    return seat


def update_organisation(*, by, partnership, organisation, **fields):
    """Change the directory's entry (the fields given); a charity or company number is tidied and
    checked, and the audit event holds every change, the numbers' too."""
    fields = _checked_registered_numbers(fields)
    with transaction.atomic():
        name = fields.get("name", organisation.name).strip()
        if Organisation.objects.filter(name__iexact=name).exclude(pk=organisation.pk).exists():
            raise ValidationError({"name": f"Another organisation in the directory is called {name}"})
        changes = field_changes(organisation, fields)
        for field, value in fields.items():
            setattr(organisation, field, value)
        organisation.save()
        audit.record(by=by, action="organisation.updated", obj=organisation, partnership=partnership, data=changes)
    return organisation


def add_contact(*, by, partnership, organisation, name, **details):
    with transaction.atomic():
        contact = Contact.objects.create(partnership=partnership, organisation=organisation, name=name, **details)
        audit.record(by=by, action="contact.created", obj=contact)
    return contact


def update_contact(*, by, contact, **fields):
    with transaction.atomic():
        changed = field_changes(contact, fields, personal=True)
        for field, value in fields.items():
            setattr(contact, field, value)
        contact.save()
        audit.record(by=by, action="contact.updated", obj=contact, data={"fields": changed})
    return contact


def delete_contact(*, by, contact):
    with transaction.atomic():
        partnership = contact.partnership
        audit.record(by=by, action="contact.deleted", obj=contact, partnership=partnership)
        contact.delete()


def lead_contact_problem(contact, lead_organisation):
    """Why `contact` cannot lead a group led by `lead_organisation`, or None (the form asks it too, to
    show it beside the form's own errors)."""
    if contact is not None and lead_organisation is not None and contact.organisation_id != lead_organisation.pk:
        return f"{contact.name} works for {contact.organisation}, not the lead organisation"
    return None


def save_working_group(*, by, partnership, group=None, name, lead_organisation, member_organisations=(), **fields):
    problem = lead_contact_problem(fields.get("lead_contact"), lead_organisation)
    if problem:
        raise ValidationError({"lead_contact": problem})
    with transaction.atomic():
        clash = WorkingGroup.objects.filter(partnership=partnership, name__iexact=name.strip())
        if group is not None:
            clash = clash.exclude(pk=group.pk)
        if clash.exists():
            raise ValidationError({"name": f"There is already a working group called {name}"})
        created = group is None
        group = group or WorkingGroup(partnership=partnership)
        group.name = name.strip()
        group.lead_organisation = lead_organisation
        for field, value in fields.items():
            setattr(group, field, value)
        try:
            group.save()
        except IntegrityError:
            raise ValidationError({"name": f"There is already a working group called {name}"}) from None
        group.member_organisations.set(member_organisations)
        audit.record(
            by=by, action="working_group.created" if created else "working_group.updated", obj=group,
            data={"name": group.name, "lead_organisation": lead_organisation.pk,
                  "members": sorted(o.pk for o in member_organisations)},
        )
    return group
