"""What the partnership's meetings add to plans' pages (ADR 64): the meetings on the partnership's
public page, and beside a plan the board meeting that approved it and its sending to the PCC."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from eunomia.governance import queries
from eunomia.governance.models import PlanSubmission
from eunomia.plans.notes import PlanNote, plan_note
from eunomia.plans.public import PublicSection, public_section


@public_section
def meetings_section(request, partnership):
    upcoming, past = queries.upcoming_and_past(queries.meetings_in(partnership))
    return PublicSection(_("Meetings"), "governance/public/section.html", upcoming=upcoming,
                         past=past[:queries.RECENT_ON_PUBLIC_PAGE], more=len(past) > queries.RECENT_ON_PUBLIC_PAGE)


def _day(moment):
    return date_format(timezone.localtime(moment).date(), "j F Y")


def _approval_note(decision, *, public):
    meeting = decision.meeting
    slug = meeting.partnership.slug
    url = (reverse("meetings:meeting", args=[slug, meeting.pk]) if public
           else reverse("governance:meeting", args=[slug, meeting.pk]))
    return PlanNote(_("Approved at"), _("The partnership board meeting of %(day)s.") % {"day": _day(meeting.starts_at)},
                    url=url, link_text=_("The meeting's record"))


def _sending_note(submission):
    text = _("Version %(number)s, on %(day)s to %(recipient)s (%(method)s).") % {
        "number": submission.version.number, "day": date_format(submission.sent_on, "j F Y"),
        "recipient": submission.recipient.name, "method": submission.get_method_display().lower()}
    if submission.acknowledged_on is None:
        text += " " + _("Not acknowledged yet.")
    elif submission.acknowledgement_reference:
        text += " " + _("Acknowledged on %(day)s, reference %(reference)s.") % {
            "day": date_format(submission.acknowledged_on, "j F Y"), "reference": submission.acknowledgement_reference}
    else:
        text += " " + _("Acknowledged on %(day)s.") % {"day": date_format(submission.acknowledged_on, "j F Y")}
    return PlanNote(_("Sent to the Police and Crime Commissioner"), text)


@plan_note
def approval_and_sending(*, plan, version):
    notes = []
    if version is None:
        decision = queries.approval_of_plan(plan)
        if decision is not None:
            notes.append(_approval_note(decision, public=False))
        submissions = PlanSubmission.objects.filter(version__plan=plan).select_related("version", "recipient").defer(
            "version__document", "version__pdf", "version__large_print_pdf", "version__docx").order_by(
            "version__number")
        notes += [_sending_note(submission) for submission in submissions]
        if not submissions and plan.versions.exists():
            notes.append(PlanNote(_("Sent to the Police and Crime Commissioner"), _("Not recorded yet."),
                                  url=reverse("governance:dashboard", args=[plan.partnership.slug]) + "#pcc",
                                  link_text=_("Meetings and the plan's sending")))
        return notes
    decision = queries.approval_of_version(version)
    if decision is not None:
        notes.append(_approval_note(decision, public=True))
    submission = PlanSubmission.objects.filter(version=version).select_related("recipient").first()
    if submission is not None:
        submission.version = version
        notes.append(_sending_note(submission))
    return notes
