"""Reads of hate reports. A report is seen only by members of the organisation that owns it (the
triage organisation it was sent to) who work casework; a reporting centre's staff see only the status
of their own centre's reports, through `centre_reports_visible_to`, and nothing of what was said.
Anything else is not found."""

import re

from django.db.models import Prefetch

from eunomia.accounts.permissions import has_permission, organisations_of
from eunomia.accounts.roles import Permission
from eunomia.hatereports.models import HateReport, Motivation, ReportingCentre, TriageSettings
from eunomia.partners.models import Organisation
from eunomia.partners.queries import seats_in


def triage_organisation(partnership, *, on=None):
    """The organisation that receives the partnership's hate reports: the one the partnership chose,
    while it is a member; else its local authority (the first council among its members, in the order
    the plan lists them); else None, and the partnership takes no hate reports online (ADR 62)."""
    seats = list(seats_in(partnership, on=on).order_by("position", "organisation__name"))
    chosen = TriageSettings.objects.filter(partnership=partnership).values_list("organisation_id", flat=True).first()
    for seat in seats:
        if seat.organisation_id == chosen:
            return seat.organisation
    for seat in seats:
        if seat.organisation.kind == Organisation.Kind.COUNCIL:
            return seat.organisation
    return None


def may_triage(user, partnership):
    """Members of the triage organisation who work casework triage the partnership's hate reports."""
    if not user.is_authenticated or not has_permission(user, Permission.CASE_VIEW, partnership=partnership):
        return False
    triage = triage_organisation(partnership)
    return triage is not None and triage.pk in organisations_of(user, partnership)


def hate_reports_visible_to(user, partnership):
    """The reports `user` may read: those their organisation owns, if they work casework. A report stays
    with the organisation it was sent to once triaged (those still in triage follow a change of triage
    organisation: eunomia.hatereports.actions.set_triage_organisation)."""
    if not user.is_authenticated or not has_permission(user, Permission.CASE_VIEW, partnership=partnership):
        return HateReport.objects.none()
    return HateReport.objects.filter(partnership=partnership,
                                     owner_organisation_id__in=organisations_of(user, partnership))


def with_details(reports):
    return reports.select_related("centre__organisation", "casework_report", "triaged_by", "sent_by").prefetch_related(
        Prefetch("motivations", Motivation.objects.order_by("id")))


def centres_in(partnership):
    return ReportingCentre.objects.filter(partnership=partnership).select_related("organisation")


def active_centres(partnership):
    return centres_in(partnership).filter(withdrawn_at__isnull=True)


def centres_of(user, partnership):
    """The reporting centres, active or withdrawn, whose organisation `user` is a current member of."""
    if not user.is_authenticated:
        return ReportingCentre.objects.none()
    return centres_in(partnership).filter(organisation_id__in=organisations_of(user, partnership))


def sending_centre(user, partnership):
    """The active centre `user` sends reports for when signed in (the first by name, if several), or None."""
    return centres_of(user, partnership).filter(withdrawn_at__isnull=True).first()


def centre_reports_visible_to(user, partnership):
    """Their own centres' reports, for a centre's staff to follow: only the reference, when it was
    received and its status are ever read from these (the view takes nothing else)."""
    return HateReport.objects.filter(partnership=partnership, centre__in=centres_of(user, partnership))


REFERENCE_SHAPE = re.compile(r"^HR-?([2-9A-Z]{4})-?([2-9A-Z]{4})$")


def normalise_reference(text):
    """A reference as typed ("hr 7k4m q2xd", "HR-7K4M-Q2XD") in the form it is stored, or "" when it
    cannot be one."""
    match = REFERENCE_SHAPE.match(re.sub(r"\s+", "", (text or "").upper()))
    return f"HR-{match[1]}-{match[2]}" if match else ""
