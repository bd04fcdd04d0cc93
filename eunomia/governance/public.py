"""The partnership's meetings on its public site: no sign-in. Lists of meetings to come and held, each
meeting's page (date, place, agenda, papers that are not confidential, and its minutes, decisions and
attendance once the minutes are approved: never a draft), its calendar file and its public papers
(ADR 64)."""

import io

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from eunomia.governance import queries
from eunomia.governance.calendar import meeting_calendar
from eunomia.partners.models import Partnership

NAV = "published"


def _partnership(slug):
    return get_object_or_404(Partnership, slug=slug)


@require_GET
def meetings(request, slug):
    partnership = _partnership(slug)
    upcoming, past = queries.upcoming_and_past(queries.meetings_in(partnership))
    return render(request, "governance/public/meetings.html", {
        "public_partnership": partnership, "upcoming": upcoming, "past": past, "nav_section": NAV})


def _public_meeting(slug, pk):
    partnership = _partnership(slug)
    meeting = queries.meeting_with_record(queries.meetings_in(partnership), pk)
    if meeting is None:
        raise Http404
    return partnership, meeting


@require_GET
def meeting(request, slug, pk):
    partnership, meeting = _public_meeting(slug, pk)
    return render(request, "governance/public/meeting.html", {
        "public_partnership": partnership, "record": queries.public_record(meeting),
        "meeting": meeting, "upcoming": meeting.ends_at > timezone.now(), "nav_section": NAV})


@require_GET
def calendar(request, slug, pk):
    partnership, meeting = _public_meeting(slug, pk)
    url = request.build_absolute_uri(reverse("meetings:meeting", args=[slug, meeting.pk]))
    agenda = [f"{number}. {item.title}" for number, item in enumerate(meeting.agenda_items.all(), start=1)]
    response = HttpResponse(meeting_calendar(meeting, url=url, description_lines=agenda),
                            content_type="text/calendar; charset=utf-8")
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slug}-meeting-{day}.ics"'
    return response


@require_GET
def paper(request, slug, pk, paper_pk):
    partnership = _partnership(slug)
    found = get_object_or_404(queries.public_papers(partnership).defer(None), pk=paper_pk, meeting_id=pk)
    return FileResponse(io.BytesIO(bytes(found.content)), as_attachment=True, filename=found.filename,
                        content_type=found.content_type)
