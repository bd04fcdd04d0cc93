"""The demo's meetings (ADR 64): last year's plan approved at the board's March meeting and linked from
the published plan, this year's public meeting with approved minutes, one to come with its calendar
file, last week's board meeting with draft minutes, and last year's plan sent to the PCC."""

import pytest
from django.test import Client
from django.utils import timezone

from eunomia.core.periods import year_containing
from eunomia.governance.models import Decision, PartnershipMeeting, PlanSubmission
from eunomia.plans.models import PublishedVersion

CURRENT = year_containing(timezone.localdate(), 4)


@pytest.mark.django_db
def test_the_demo_has_the_years_meetings_and_the_plan_approved_at_one(demo_built):
    harrowdale = demo_built
    meetings = PartnershipMeeting.objects.filter(partnership=harrowdale)
    now = timezone.now()

    approval = Decision.objects.get(kind=Decision.Kind.PLAN_APPROVAL, plan__partnership=harrowdale)
    assert approval.plan.start_year == CURRENT - 1
    assert approval.meeting.kind == "board" and approval.meeting.minutes_approved
    assert approval.meeting.minutes_approved_at.kind == "board"

    held_in_public = meetings.filter(kind="public", ends_at__lte=now)
    assert held_in_public.count() == 1
    public = held_in_public.get()
    assert (now - public.starts_at).days < 365 and public.minutes_approved and public.attendance.exists()
    assert meetings.filter(kind="public", starts_at__gt=now).count() == 1
    last_week = meetings.filter(kind="board").order_by("-starts_at").first()
    assert last_week.minutes and not last_week.minutes_approved and last_week.has_started()

    version = PublishedVersion.objects.get(plan__partnership=harrowdale)
    sending = PlanSubmission.objects.get(version=version)
    assert sending.acknowledged_on and sending.recipient.name.startswith("Office of the Police and Crime")

    anyone = Client()
    page = anyone.get(f"/published/harrowdale/{CURRENT - 1}/").content.decode()
    assert f"/published/harrowdale/meetings/{approval.meeting.pk}/" in page
    assert "Sent to the Police and Crime Commissioner" in page
    home = anyone.get("/published/harrowdale/").content.decode()
    assert "Annual meeting in public" in home and "Meeting in public: safer streets" in home
    minutes = anyone.get(f"/published/harrowdale/meetings/{public.pk}/").content.decode()
    assert "About forty residents came" in minutes
    draft = anyone.get(f"/published/harrowdale/meetings/{last_week.pk}/").content.decode()
    assert "subject to the last figures" not in draft
    march = anyone.get(f"/published/harrowdale/meetings/{approval.meeting.pk}/").content.decode()
    assert "Risk register, quarter 4" not in march and "renewal of the mediation contract" not in march
    assert "Partnership plan" in march and "The board approved the plan" in march
