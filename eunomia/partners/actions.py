
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from eunomia.audit import actions as audit
from eunomia.audit.changes import field_changes
from eunomia.partners.models import Contact, Organisation, Partnership, PartnershipMember, WorkingGroup


def create_partnership(*, by, name, local_authority_codes, slug="", year_start_month=4, is_demo=False, **details):
    slug = slug or slugify(name)[:80]
    with transaction.atomic():
        if Partnership.objects.filter(name__iexact=name).exists():
            raise ValidationError({"name": f"A partnership called {name} already exists"})
        if Partnership.objects.filter(slug=slug).exists():
            raise ValidationError({"name": f"The web address /p/{slug}/ is already used by another partnership"})
        partnership = Partnership.objects.create(
            name=name, slug=slug, local_authority_codes=list(local_authority_codes),
            year_start_month=year_start_month, is_demo=is_demo, **details,
        )
        audit.record(by=by, action="partnership.created", obj=partnership, data={"name": name})
    return partnership


def update_partnership(*, by, partnership, **fields):
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


def add_organisation(*, by, partnership, name, joined_on=None, **details):
    """A new organisation in the directory, with a seat on the partnership."""
    with transaction.atomic():
        if Organisation.objects.filter(name__iexact=name.strip()).exists():
            raise ValidationError(
                {"name": f"{name} is already in the directory. Add it from the list of organisations instead."}
            )
        organisation = Organisation.objects.create(name=name.strip(), **details)
        audit.record(by=by, action="organisation.created", obj=organisation, partnership=partnership,
                     data={"name": organisation.name})
        join_partnership(by=by, partnership=partnership, organisation=organisation, joined_on=joined_on)
    return organisation


def join_partnership(*, by, partnership, organisation, joined_on=None):
    joined_on = joined_on or timezone.localdate()
    with transaction.atomic():
        seat = PartnershipMember.objects.filter(partnership=partnership, organisation=organisation).first()
        if seat and seat.left_on is None:
            raise ValidationError({"organisation": f"{organisation} is already a member of {partnership}"})
        if seat:
            seat.left_on = None
            seat.joined_on = joined_on
            seat.save()
        else:
            position = PartnershipMember.objects.filter(partnership=partnership).count()
            seat = PartnershipMember.objects.create(
                partnership=partnership, organisation=organisation, joined_on=joined_on, position=position
            )
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
        if left_on < seat.joined_on:
            raise ValidationError({"left_on": "The date it left must be on or after the date it joined"})
        seat.left_on = left_on
        seat.save()
        audit.record(by=by, action="partnership.member_left", obj=seat, partnership=partnership,
                     data={"organisation": organisation.pk, "left_on": left_on})
    return seat


def update_organisation(*, by, partnership, organisation, **fields):
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


def save_working_group(*, by, partnership, group=None, name, lead_organisation, member_organisations=(), **fields):
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
