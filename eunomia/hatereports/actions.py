"""Writes of hate reports, reporting centres and the triage setting. Each checks its input in plain
words, writes in one transaction with its audit event, and sends email only once that has committed."""

import datetime
import logging
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eunomia.accounts.permissions import has_permission, organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import actions as casework
from eunomia.casework.models import Report, Role
from eunomia.core import equality
from eunomia.core.dates import DateError, check_range
from eunomia.core.postcodes import PostcodeError, check_postcode
from eunomia.hatereports import queries
from eunomia.hatereports.models import (ADDRESS_MAX, CLOSE_NOTE_MAX, DESCRIPTION_MAX, EMAIL_MAX, NAME_MAX,
                                        OTHER_MOTIVATION_MAX, PHONE_MAX, HateReport, Motivation, ReportingCentre,
                                        Strand, TriageSettings)
from eunomia.partners.queries import directory_of, seats_in

log = logging.getLogger(__name__)

# Unambiguous when read aloud or copied by hand: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PHONE = re.compile(r"^\+?[0-9 ()-]+$")
# The role the person named in a report has in the casework report it becomes: a reporting centre
# reports for the person it happened to, and gives their name.
CASEWORK_ROLE = {HateReport.Reporter.VICTIM: Role.VICTIM, HateReport.Reporter.WITNESS: Role.WITNESS,
                 HateReport.Reporter.ON_BEHALF: Role.COMPLAINANT, HateReport.Reporter.CENTRE: Role.VICTIM}


def new_reference():
    """HR- and eight characters drawn at random (31 to the 8th, about 850 thousand million): not
    sequential, so one reference says nothing about the number of reports nor leads to another."""
    for _attempt in range(10):
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _n in range(8))
        reference = f"HR-{code[:4]}-{code[4:]}"
        if not HateReport.objects.filter(reference=reference).exists():
            return reference
    # Ten draws all taken means something is wrong with the draw, not bad luck.
    raise RuntimeError("Could not draw an unused hate report reference")


def _text(errors, field, value, *, what, limit, required=True):
    value = (value or "").strip()
    if "\x00" in value:
        errors[field] = _("%(what)s contains a character that cannot be kept (a null character): remove it") % {
            "what": what}
    elif required and not value:
        errors[field] = _("Enter %(what)s") % {"what": what[0].lower() + what[1:]}
    elif len(value) > limit:
        errors[field] = _("%(what)s must be %(limit)s characters or fewer") % {"what": what, "limit": f"{limit:,}"}
    return value


def check_phone(text):
    """The phone number as typed, or a ValidationError: digits with spaces, brackets, dashes or a leading +,
    10 to 15 digits."""
    digits = re.sub(r"\D", "", text)
    if not PHONE.match(text) or not 10 <= len(digits) <= 15:
        raise ValidationError(_("Enter a phone number, like 01632 960 001 or +44 7700 900 982"))
    return text


def occurred_at(report):
    """When it happened as a moment: the day at the time given, else midday (the middle of a day whose
    hours are not known), but never after it was received."""
    moment = timezone.make_aware(datetime.datetime.combine(report.occurred_on,
                                                           report.occurred_time or datetime.time(12)))
    return min(moment, report.received_at)


def _check_when(errors, occurred_on, occurred_time, now):
    if occurred_on is None:
        errors["occurred_on"] = _("Enter the date it happened")
        return
    try:
        check_range(occurred_on, what=_("The date it happened"))
    except DateError as error:
        errors["occurred_on"] = str(error)
        return
    today = timezone.localdate(now)
    if occurred_on > today:
        errors["occurred_on"] = _("The date it happened must be today or in the past")
    elif occurred_time and occurred_on == today and occurred_time > timezone.localtime(now).time():
        errors["occurred_time"] = _("The time it happened must be now or in the past")


def _check_contact(errors, *, anonymous, first_name, last_name, contact_by, email, phone):
    if anonymous:
        if any((first_name, last_name, email, phone)) or contact_by not in ("", HateReport.ContactBy.NONE):
            errors["anonymous"] = _("An anonymous report gives no name and no way to contact anyone")
        return
    if not first_name and "first_name" not in errors:
        errors["first_name"] = _("Enter a first name")
    if not last_name and "last_name" not in errors:
        errors["last_name"] = _("Enter a last name")
    if contact_by not in HateReport.ContactBy.values:
        errors["contact_by"] = _("Choose how to be contacted, or that no contact is wanted")
    elif contact_by == HateReport.ContactBy.EMAIL:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter an email address, like name@example.com")
    elif contact_by == HateReport.ContactBy.PHONE:
        try:
            check_phone(phone)
        except ValidationError as error:
            errors["phone"] = error.messages[0]


def receive(*, partnership, reporter, description, occurred_on, motivations, anonymous, occurred_time=None,
            address="", postcode="", other_motivation="", first_name="", last_name="", contact_by="", email="",
            phone="", equality_answers=None, centre=None, by=None, now=None):
    """Keep a hate report sent through the public form, in triage with the partnership's triage
    organisation, and acknowledge it by email when an email address was given. `centre` (with `by`, one
    of its staff, signed in) when a reporting centre sends it on someone's behalf. Returns the report."""
    now = now or timezone.now()
    errors = {}
    triage = queries.triage_organisation(partnership, on=timezone.localdate(now))
    if triage is None:
        raise ValidationError(_("%(partnership)s does not take reports of hate incidents online") % {
            "partnership": partnership})
    if reporter not in HateReport.Reporter.values:
        errors["reporter"] = _("Choose who is reporting")
    elif (reporter == HateReport.Reporter.CENTRE) != (centre is not None):
        errors["reporter"] = _("Only a reporting centre's staff, signed in, can report as a reporting centre")
    if centre is not None and (centre.partnership_id != partnership.pk or not centre.is_active or by is None
                               or centre.organisation_id not in organisations_of(by, partnership)):
        errors["reporter"] = _("You are not staff of a reporting centre of %(partnership)s") % {
            "partnership": partnership}
    description = _text(errors, "description", description, what=_("What happened"), limit=DESCRIPTION_MAX)
    _check_when(errors, occurred_on, occurred_time, now)
    address = _text(errors, "address", address, what=_("The address or place"), limit=ADDRESS_MAX, required=False)
    if (postcode or "").strip():
        try:
            postcode = check_postcode(postcode)
        except PostcodeError as error:
            errors["postcode"] = str(error)
    elif not address and "address" not in errors:
        errors["address"] = _("Enter where it happened: an address or place, or a postcode")
    motivations = list(dict.fromkeys(motivations or ()))
    if not motivations or any(m not in Strand.values for m in motivations):
        errors["motivations"] = _("Choose at least one reason you think it happened, or something else")
    other_motivation = _text(errors, "other_motivation", other_motivation, what=_("The other reason"),
                             limit=OTHER_MOTIVATION_MAX, required=Strand.OTHER in motivations)
    if Strand.OTHER not in motivations:
        other_motivation = ""
    first_name = _text(errors, "first_name", first_name, what=_("The first name"), limit=NAME_MAX, required=False)
    last_name = _text(errors, "last_name", last_name, what=_("The last name"), limit=NAME_MAX, required=False)
    email = _text(errors, "email", email, what=_("The email address"), limit=EMAIL_MAX, required=False)
    phone = _text(errors, "phone", phone, what=_("The phone number"), limit=PHONE_MAX, required=False)
    contact_by = contact_by or ""
    _check_contact(errors, anonymous=anonymous, first_name=first_name, last_name=last_name, contact_by=contact_by,
                   email=email, phone=phone)
    if contact_by != HateReport.ContactBy.EMAIL:
        email = ""
    if contact_by != HateReport.ContactBy.PHONE:
        phone = ""
    answers = {name: value or "" for name, value in (equality_answers or {}).items() if name in equality.BY_NAME}
    for name, value in answers.items():
        if value and value not in dict(equality.BY_NAME[name].choices):
            errors[name] = _("Choose one of the answers listed")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = HateReport(
            partnership=partnership, owner_organisation=triage, reference=new_reference(), received_at=now,
            reporter=reporter, centre=centre, sent_by=by if centre is not None else None, description=description,
            occurred_on=occurred_on, occurred_time=occurred_time, address=address, postcode=postcode,
            other_motivation=other_motivation, anonymous=anonymous, first_name=first_name, last_name=last_name,
            contact_by="" if anonymous else contact_by, email=email, phone=phone)
        equality.set_answers(report, answers)
        report.save()
        Motivation.objects.bulk_create([Motivation(hate_report=report, strand=strand)
                                        for strand in Strand.values if strand in motivations])
        # Nothing said in the report goes in the audit log, which more people read than the report.
        audit.record(by=by, action="hatereports.received", obj=report, partnership=partnership,
                     data={"reference": report.reference, "reporter": reporter, "centre": centre and centre.pk,
                           "organisation": triage.pk, "motivations": motivations})
        if email:
            transaction.on_commit(lambda: acknowledge(report))
    return report


def acknowledgement(report):
    """(subject, body) of the acknowledgement: the reference and what happens next, never what was
    reported (an email can be read by someone else on a shared device or account)."""
    subject = _("Your report to %(partnership)s: %(reference)s") % {"partnership": report.partnership,
                                                                       "reference": report.reference}
    body = "\n\n".join([
        _("Thank you. %(partnership)s has received a report of a hate incident made by you or on your behalf.")
        % {"partnership": report.partnership},
        _("Your reference is %(reference)s. Give it if you contact us about the report.")
        % {"reference": report.reference},
        _("Someone from the partnership will read it and may contact you in the way you asked."),
        _("If you are in danger now, call 999. To report a crime to the police when it is not an emergency, "
          "call 101."),
        _("This message was sent by %(service)s. If you did not make this report, you can ignore it.")
        % {"service": settings.SERVICE_NAME},
    ])
    return subject, body


def acknowledge(report):
    subject, body = acknowledgement(report)
    try:
        send_mail(subject, body, None, [report.email])
    except Exception:
        # The report is kept and its reference shown whatever the mail server does; a failed
        # acknowledgement is logged for the service's operators rather than shown as an error.
        log.exception("Could not send the acknowledgement of hate report %s", report.reference)


# Triage -------------------------------------------------------------------------------------------------

def record_read(*, by, hate_report):
    """A triager opened the report: audited, and the first opening moves a centre's view of it from
    "Received" to "In triage"."""
    with transaction.atomic():
        if hate_report.opened_at is None:
            hate_report.opened_at = timezone.now()
            HateReport.objects.filter(pk=hate_report.pk, opened_at__isnull=True).update(opened_at=hate_report.opened_at)
        audit.record(by=by, action="hatereports.viewed", obj=hate_report, partnership=hate_report.partnership)


def _check_may_triage(by, hate_report):
    if not (has_permission(by, Permission.CASE_EDIT, partnership=hate_report.partnership)
            and hate_report.owner_organisation_id in organisations_of(by, hate_report.partnership)):
        raise ValidationError(_("Only members of %(organisation)s who work casework may triage this report") % {
            "organisation": hate_report.owner_organisation})


def _locked_in_triage(hate_report):
    """The report read again under a lock, so two triagers cannot both decide it; refused once decided."""
    report = HateReport.objects.select_for_update().get(pk=hate_report.pk)
    if report.status == HateReport.Status.CASEWORK:
        raise ValidationError(_("%(reference)s has already been turned into casework report %(report)s") % {
            "reference": report.reference, "report": report.casework_report or _("(since erased)")})
    if report.status == HateReport.Status.CLOSED:
        raise ValidationError(_("%(reference)s has already been closed") % {"reference": report.reference})
    return report


def casework_description(report):
    strands = dict(Strand.choices)
    reasons = ", ".join(str(strands[s]) for s in report.strands)
    if report.other_motivation:
        reasons += f" ({report.other_motivation})"
    via = (_("a reporting centre, %(centre)s") % {"centre": report.centre} if report.centre_id
           else _("the online form"))
    return "\n\n".join([report.description,
                        _("Perceived motivation: %(reasons)s.") % {"reasons": reasons},
                        _("Reported as hate report %(reference)s through %(via)s.") % {
                            "reference": report.reference, "via": via}])


def turn_into_casework(*, by, hate_report, person=None):
    """Record the report in casework as a hate-motivated report owned by the triage organisation, naming
    the person who gave their name in the role they reported in: `person`, someone already recorded
    the triager chose, or else a new person. One transaction; refused if the report was triaged already."""
    _check_may_triage(by, hate_report)
    with transaction.atomic():
        report = _locked_in_triage(hate_report)
        people = []
        if report.first_name and report.last_name:
            if person is None:
                person = casework.add_person(by=by, partnership=report.partnership,
                                             organisation=report.owner_organisation, first_name=report.first_name,
                                             last_name=report.last_name, phone=report.phone, email=report.email)
            elif person.partnership_id != report.partnership_id:
                raise ValidationError({"match": _("That person belongs to another partnership")})
            people = [(person, CASEWORK_ROLE[report.reporter])]
        else:
            person = None
        try:
            recorded = casework.record_report(
                by=by, partnership=report.partnership, organisation=report.owner_organisation,
                occurred_at=occurred_at(report), reported_at=report.received_at, category=Report.Category.HATE,
                source=report.source, description=casework_description(report), address=report.address,
                postcode=report.postcode, anonymous=report.anonymous, people=people)
        except ValidationError as refusal:
            raise ValidationError(_("The report could not be recorded in casework: %(why)s") % {
                "why": "; ".join(refusal.messages)}) from refusal
        report.status, report.triaged_at, report.triaged_by = HateReport.Status.CASEWORK, timezone.now(), by
        report.casework_report = recorded
        report.save(update_fields=["status", "triaged_at", "triaged_by", "casework_report"])
        audit.record(by=by, action="hatereports.turned_into_casework", obj=report, partnership=report.partnership,
                     data={"report": recorded.pk, "person": person and person.pk})
    return recorded


def close(*, by, hate_report, reason, note=""):
    """Close the report without a casework report, with the reason; refused if triaged already."""
    errors = {}
    if reason not in HateReport.CloseReason.values:
        errors["reason"] = _("Choose why the report is being closed")
    note = _text(errors, "note", note, what=_("The note"), limit=CLOSE_NOTE_MAX,
                 required=reason == HateReport.CloseReason.OTHER)
    if errors:
        raise ValidationError(errors)
    _check_may_triage(by, hate_report)
    with transaction.atomic():
        report = _locked_in_triage(hate_report)
        report.status, report.triaged_at, report.triaged_by = HateReport.Status.CLOSED, timezone.now(), by
        report.close_reason, report.close_note = reason, note
        report.save(update_fields=["status", "triaged_at", "triaged_by", "close_reason", "close_note"])
        audit.record(by=by, action="hatereports.closed", obj=report, partnership=report.partnership,
                     data={"reason": reason})
    return report


# Reporting centres and the triage organisation -----------------------------------------------------------

def designate_centre(*, by, partnership, organisation):
    """Make a directory organisation one of the partnership's reporting centres (again, if withdrawn)."""
    if organisation is None or not directory_of(partnership).filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("Choose an organisation from the partnership's directory")})
    with transaction.atomic():
        centre = ReportingCentre.objects.select_for_update().filter(partnership=partnership,
                                                                   organisation=organisation).first()
        if centre is not None and centre.is_active:
            raise ValidationError({"organisation": _("%(organisation)s is already a reporting centre") % {
                "organisation": organisation}})
        if centre is None:
            centre = ReportingCentre(partnership=partnership, organisation=organisation)
        centre.designated_at, centre.designated_by, centre.withdrawn_at = timezone.now(), by, None
        centre.save()
        audit.record(by=by, action="hatereports.centre_designated", obj=centre, partnership=partnership,
                     data={"organisation": organisation.pk})
    return centre


def withdraw_centre(*, by, centre):
    """The organisation is no longer a reporting centre: its staff can no longer report as one (they still
    see the status of what they sent)."""
    with transaction.atomic():
        if not ReportingCentre.objects.filter(pk=centre.pk, withdrawn_at__isnull=True).update(
                withdrawn_at=timezone.now()):
            raise ValidationError(_("%(centre)s is not a reporting centre now") % {"centre": centre})
        audit.record(by=by, action="hatereports.centre_withdrawn", obj=centre, partnership=centre.partnership,
                     data={"organisation": centre.organisation_id})


def set_triage_organisation(*, by, partnership, organisation):
    """Send the partnership's hate reports to `organisation`, a current member, from now on. The reports
    still in triage go with the work; those already triaged stay with the organisation that decided them."""
    if organisation is None or not seats_in(partnership).filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("Choose an organisation that is a member of the partnership")})
    with transaction.atomic():
        TriageSettings.objects.update_or_create(partnership=partnership, defaults={"organisation": organisation})
        moved = HateReport.objects.filter(partnership=partnership, status=HateReport.Status.IN_TRIAGE).exclude(
            owner_organisation=organisation).update(owner_organisation=organisation)
        audit.record(by=by, action="hatereports.triage_organisation_set", partnership=partnership,
                     data={"organisation": organisation.pk, "reports_moved": moved})
    return organisation
