"""Reads of the partnership's meetings and of the plan's sending to the PCC. None of it is personal data
(attendance is by organisation), so every member who may read the plan may read it all, confidential
papers included; the public reads only what `public_*` gives: never a confidential paper or decision,
never minutes or decisions before the minutes are approved (ADR 64)."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit.models import AuditEvent
from eunomia.governance.models import (AgendaItem, Attendance, Decision, MeetingPaper, PartnershipMeeting,
                                       PlanSubmission)
from eunomia.plans.models import PlanYear, PublishedVersion

# How many past meetings the partnership's public page lists before pointing to the full list.
RECENT_ON_PUBLIC_PAGE = 5


def meetings_in(partnership):
    return PartnershipMeeting.objects.filter(partnership=partnership)


def meeting_with_record(meetings, pk):
    """The meeting `pk` of `meetings` with its agenda, papers (without their bytes), attendance and
    decisions fetched, or None."""
    return meetings.prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.prefetch_related(
            Prefetch("papers", queryset=MeetingPaper.objects.defer("content")))),
        Prefetch("papers", queryset=MeetingPaper.objects.defer("content").select_related("agenda_item")),
        Prefetch("attendance", queryset=Attendance.objects.select_related("organisation")),
        Prefetch("decisions", queryset=Decision.objects.select_related("plan")),
    ).select_related("minutes_approved_at").filter(pk=pk).first()


def papers_in(partnership):
    """The partnership's meeting papers, without their bytes (`.content` is read only to download one)."""
    return MeetingPaper.objects.filter(meeting__partnership=partnership).select_related("meeting").defer("content")


def agenda_items_in(partnership):
    return AgendaItem.objects.filter(meeting__partnership=partnership).select_related("meeting")


def decisions_in(partnership):
    return Decision.objects.filter(meeting__partnership=partnership).select_related("meeting", "plan")


def upcoming_and_past(meetings, *, now=None):
    """(upcoming, soonest first; past, latest first): a meeting is past once it has ended."""
    now = now or timezone.now()
    return (list(meetings.filter(ends_at__gt=now).order_by("starts_at", "id")),
            list(meetings.filter(ends_at__lte=now).order_by("-starts_at", "-id")))


def later_meetings_held(meeting, *, now=None):
    """The partnership's meetings after `meeting` that have begun and were not cancelled: where its
    minutes may have been approved."""
    now = now or timezone.now()
    return meetings_in(meeting.partnership).filter(starts_at__gt=meeting.starts_at, starts_at__lte=now,
                                                   cancelled_at__isnull=True).order_by("starts_at", "id")


def plans_to_approve(partnership):
    """The partnership's plans not approved as they stand."""
    return PlanYear.objects.filter(partnership=partnership, approved_at__isnull=True).order_by("-start_year")


def versions_not_sent(partnership):
    return (PublishedVersion.objects.filter(plan__partnership=partnership, submission__isnull=True)
            .select_related("plan").defer("document", "pdf", "large_print_pdf", "docx")
            .order_by("-plan__start_year", "-number"))


def submissions_in(partnership):
    return PlanSubmission.objects.filter(partnership=partnership).select_related(
        "version__plan", "recipient").defer("version__document", "version__pdf", "version__large_print_pdf",
                                            "version__docx")


def may_edit(user, partnership):
    return has_permission(user, Permission.GOVERNANCE_EDIT, partnership=partnership)


def may_record_plan_approval(user, partnership):
    return may_edit(user, partnership) and has_permission(user, Permission.PLAN_APPROVE, partnership=partnership)


# The plan's approval --------------------------------------------------------------------------------------

def approval_of_plan(plan):
    """The meeting decision that made the plan's approval as it stands, or None (not approved, or approved
    on its page rather than at a meeting recorded here)."""
    if plan.approved_at is None:
        return None
    return (Decision.objects.filter(plan=plan, kind=Decision.Kind.PLAN_APPROVAL, plan_approved_at=plan.approved_at)
            .select_related("meeting").first())


def approval_of_version(version):
    """The meeting decision that approved the plan as `version` published it, or None.

    A plan is published only while approved, and any change withdraws its approval; so the approval a
    version was published under is the plan's last approval before its publication. plans records both
    in its audit events, in order; a decision here keeps the id of the approval's event."""
    published = (AuditEvent.objects.filter(action="plan.published", object_type="plans.publishedversion",
                                           object_id=str(version.pk)).values_list("id", flat=True).first())
    if published is None:
        return None
    approval = (AuditEvent.objects.filter(action="plan.approved", object_type="plans.planyear",
                                          object_id=str(version.plan_id), id__lt=published)
                .order_by("-id").values_list("id", flat=True).first())
    if approval is None:
        return None
    return (Decision.objects.filter(plan_id=version.plan_id, kind=Decision.Kind.PLAN_APPROVAL,
                                    plan_approval_event_id=approval).select_related("meeting").first())


# What the public sees -----------------------------------------------------------------------------------

@dataclass
class PublicRecord:
    """A meeting as the public page shows it."""

    meeting: PartnershipMeeting
    # [(agenda item, its papers that are public)], in the agenda's order
    agenda: list
    # public papers not filed under an agenda item
    other_papers: list
    minutes: str
    decisions: list
    present: list
    apologies: list


def public_record(meeting):
    """What of `meeting` (fetched by meeting_with_record) is public: its agenda and papers that are not
    confidential; its minutes, decisions that are not confidential and attendance only once the
    minutes are approved."""
    approved = meeting.minutes_approved
    papers = [paper for paper in meeting.papers.all() if not paper.confidential]
    attendance = list(meeting.attendance.all()) if approved else []
    return PublicRecord(
        meeting=meeting,
        agenda=[(item, [paper for paper in papers if paper.agenda_item_id == item.pk])
                for item in meeting.agenda_items.all()],
        other_papers=[paper for paper in papers if paper.agenda_item_id is None],
        minutes=meeting.minutes if approved else "",
        decisions=[d for d in meeting.decisions.all() if not d.confidential] if approved else [],
        present=[row.organisation for row in attendance if row.status == Attendance.Status.PRESENT],
        apologies=[row.organisation for row in attendance if row.status == Attendance.Status.APOLOGIES])


def public_papers(partnership):
    """The papers anyone may download: not confidential."""
    return papers_in(partnership).filter(confidential=False)
