"""The meetings' pages (ADR 64): the CSP manager keeps them through real forms; members read them; the
public sees a meeting's date, place, agenda and papers that are not confidential, and its minutes,
decisions and attendance only once approved: never a draft, a confidential paper or decision. What
anyone types is escaped wherever it is shown."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.governance import actions
from eunomia.governance.models import PartnershipMeeting
from eunomia.plans import actions as plan_actions
from tests.governance.objects import PDF, meeting_posted, schedule
from tests.signin import force_sign_in
from tests.test_dead_links import links_on

STAFF = "/p/testvale/governance"
PUBLIC = "/published/testvale/meetings"
HOSTILE = "<script>alert('x')</script> & \"quotes\""


def test_the_manager_adds_a_public_meeting_that_appears_on_the_partnerships_public_page(client_for, manager):
    response = client_for(manager).post(f"{STAFF}/meetings/new/", meeting_posted())
    meeting = PartnershipMeeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{STAFF}/meetings/{meeting.pk}/"
    assert timezone.localtime(meeting.starts_at).time() == datetime.time(18, 30)

    anyone = Client()
    page = anyone.get("/published/testvale/").content.decode()
    assert f'href="{PUBLIC}/{meeting.pk}/"' in page and f'href="{PUBLIC}/{meeting.pk}/meeting.ics"' in page
    public = anyone.get(f"{PUBLIC}/{meeting.pk}/")
    assert public.status_code == 200 and "Anyone may come to this meeting." in public.content.decode()
    assert anyone.get(f"{PUBLIC}/").status_code == 200


@pytest.mark.parametrize("fields, field_id, message", [
    ({"kind": ""}, "id_kind", "Choose a partnership board meeting or a public meeting"),
    ({"day": "2026-02-30"}, "id_day", "Enter the date of the meeting as a real date, like 2026-11-24"),
    ({"day": "1899-12-31"}, "id_day", "The date of the meeting must be on or after 1 January 1900"),
    ({"day": "2101-01-01"}, "id_day", "The date of the meeting must be on or before 31 December 2100"),
    ({"start_time": "25:00"}, "id_start_time", "Enter the time like 18:30"),
    ({"end_time": "18:00"}, "id_end_time", "The meeting must finish after it starts"),
    ({"day": "2026-03-29", "start_time": "01:30"}, "id_start_time",
     "There is no 01:30 on 29 March 2026 in the UK: the clocks go forward that night. Choose another start time"),
    ({"place": "x" * 100_000}, "id_place", "Place must be 500 characters or fewer"),
    ({"title": "nul\x00byte"}, "id_title", "Null characters are not allowed."),
])
def test_a_meeting_with_bad_input_is_refused_in_words_and_nothing_is_saved(client_for, manager, fields, field_id,
                                                                           message):
    before = AuditEvent.objects.count()
    response = client_for(manager).post(f"{STAFF}/meetings/new/", meeting_posted(**fields))
    assert response.status_code == 400
    content = response.content.decode()
    assert f'<a href="#{field_id}' in content and message.replace("'", "&#x27;") in content
    assert not PartnershipMeeting.objects.exists() and AuditEvent.objects.count() == before


def test_drafts_are_never_public_and_approved_minutes_are(client_for, manager, partnership, council):
    meeting = schedule(manager, partnership, kind="board")
    item = actions.add_agenda_item(by=manager, meeting=meeting, title="Budget")
    open_paper = actions.attach_paper(by=manager, meeting=meeting, agenda_item=item, title="Open budget",
                                      filename="open.pdf", content=PDF)
    secret = actions.attach_paper(by=manager, meeting=meeting, title="Secret contract", filename="secret.pdf",
                                  content=PDF, confidential=True)
    actions.record_decision(by=manager, meeting=meeting, text="Agreed the budget")
    actions.record_decision(by=manager, meeting=meeting, text="Chose the contractor", confidential=True)
    actions.set_attendance(by=manager, meeting=meeting, present=[council], apologies=[])
    actions.save_minutes(by=manager, meeting=meeting, minutes="Draft words of the minutes")
    anyone = Client()

    def public_page():
        return anyone.get(f"{PUBLIC}/{meeting.pk}/").content.decode()

    page = public_page()
    assert "Budget" in page and "Open budget" in page
    for hidden in ("Secret contract", "Draft words", "Agreed the budget", "Chose the contractor", "Testvale Council"):
        assert hidden not in page
    assert "Draft words" not in anyone.get(f"{PUBLIC}/{meeting.pk}/meeting.ics").content.decode()
    assert anyone.get(f"{PUBLIC}/{meeting.pk}/papers/{secret.pk}/").status_code == 404
    download = anyone.get(f"{PUBLIC}/{meeting.pk}/papers/{open_paper.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="open.pdf"'
    # A paper is found only under its own meeting's address.
    other = schedule(manager, partnership)
    assert anyone.get(f"{PUBLIC}/{other.pk}/papers/{open_paper.pk}/").status_code == 404

    actions.approve_minutes(by=manager, meeting=meeting, approved_on=timezone.localdate())
    page = public_page()
    assert "Draft words of the minutes" in page and "Agreed the budget" in page and "Testvale Council" in page
    assert "Secret contract" not in page and "Chose the contractor" not in page
    # Members read everything, the confidential paper too, and reading it is audited.
    member = client_for(manager)
    assert "Secret contract" in member.get(f"{STAFF}/meetings/{meeting.pk}/").content.decode()
    assert member.get(f"{STAFF}/papers/{secret.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="governance.paper_downloaded", object_id=str(secret.pk)).exists()


def test_what_anyone_types_is_escaped_on_every_page(client_for, manager, partnership, council, board_member):
    meeting = schedule(manager, partnership, kind="public", title=HOSTILE, place=HOSTILE, public_notes=HOSTILE)
    actions.add_agenda_item(by=manager, meeting=meeting, title=HOSTILE, description=HOSTILE)
    actions.attach_paper(by=manager, meeting=meeting, title=HOSTILE, filename="<b>.pdf", content=PDF)
    actions.record_decision(by=manager, meeting=meeting, text=HOSTILE)
    actions.save_minutes(by=manager, meeting=meeting, minutes=HOSTILE)
    actions.approve_minutes(by=manager, meeting=meeting, approved_on=timezone.localdate())
    pages = [Client().get(url).content.decode() for url in (
        f"{PUBLIC}/{meeting.pk}/", f"{PUBLIC}/", "/published/testvale/")]
    pages += [client_for(board_member).get(url).content.decode() for url in (
        f"{STAFF}/meetings/{meeting.pk}/", f"{STAFF}/")]
    for page in pages:
        assert "<script>alert" not in page and "<b>.pdf" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;" in page


def test_members_read_and_only_the_manager_changes(client_for, manager, board_member, practitioner, partnership):
    meeting = schedule(manager, partnership)
    for who in (board_member, practitioner):
        client = client_for(who)
        assert client.get(f"{STAFF}/").status_code == 200
        page = client.get(f"{STAFF}/meetings/{meeting.pk}/")
        assert page.status_code == 200 and "Change the meeting" not in page.content.decode()
        before = AuditEvent.objects.count()
        assert client.post(f"{STAFF}/meetings/new/", meeting_posted()).status_code == 403
        assert client.post(f"{STAFF}/meetings/{meeting.pk}/minutes/", {"minutes": "Mine"}).status_code == 403
        assert AuditEvent.objects.count() == before and PartnershipMeeting.objects.count() == 1
    assert "Change the meeting" in client_for(manager).get(f"{STAFF}/meetings/{meeting.pk}/").content.decode()


def test_another_partnerships_meetings_are_not_found(client_for, manager, outsider, partnership):
    meeting = schedule(manager, partnership)
    stranger = client_for(outsider)
    assert stranger.get(f"{STAFF}/meetings/{meeting.pk}/").status_code == 404
    assert stranger.get(f"/p/elsewhere/governance/meetings/{meeting.pk}/").status_code == 404
    assert Client().get(f"/published/elsewhere/meetings/{meeting.pk}/").status_code == 404


def test_minutes_are_approved_on_their_page_by_a_later_meeting(client_for, manager, partnership):
    meeting = schedule(manager, partnership, kind="board", days=-20)
    later = schedule(manager, partnership, kind="board", days=-2)
    actions.save_minutes(by=manager, meeting=meeting, minutes="Met")
    client = client_for(manager)
    url = f"{STAFF}/meetings/{meeting.pk}/minutes/approve/"
    response = client.post(url, {"approved_by": "manager"})
    assert response.status_code == 400 and "Enter the date the CSP manager approved the minutes" in \
        response.content.decode()
    response = client.post(url, {"approved_by": str(later.pk)})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_approved_at == later
    page = client.get(f"{STAFF}/meetings/{meeting.pk}/").content.decode()
    assert "Write the minutes" not in page and "record is closed" in page


def test_the_plans_pages_link_the_meeting_that_approved_it_and_say_it_went_to_the_pcc(
        client_for, manager, partnership, plans, council):
    meeting = schedule(manager, partnership, kind="board")
    plan = plans["current"]
    plan_actions.record_actual(by=manager, target=plans["referrals"], value=41, evidence="Return")
    client = client_for(manager)
    response = client.get(f"{STAFF}/meetings/{meeting.pk}/plan-approval/")
    assert response.status_code == 200 and "after this meeting began" in response.content.decode()
    response = client.post(f"{STAFF}/meetings/{meeting.pk}/plan-approval/", {"plan": plan.pk})
    assert response.status_code == 302
    staff_page = client.get(f"/p/testvale/plans/{plan.start_year}/").content.decode()
    assert f'href="{STAFF}/meetings/{meeting.pk}/"' in staff_page

    version = plan_actions.publish_plan(by=manager, plan=plan, in_background=False)
    assert "Not recorded yet." in client.get(f"/p/testvale/plans/{plan.start_year}/").content.decode()
    response = client.post(f"{STAFF}/pcc/new/", {"version": version.pk, "recipient": council.pk,
                                                 "sent_on": timezone.localdate().isoformat(), "method": "email"})
    assert response.status_code == 302
    public_page = Client().get(f"/published/testvale/{plan.start_year}/").content.decode()
    assert f'href="{PUBLIC}/{meeting.pk}/"' in public_page
    assert re.search(r"Version 1, on \d+ \w+ \d{4} to Testvale Council \(by email\)\. Not acknowledged yet\.",
                     public_page)


def test_a_paper_is_uploaded_through_its_form(client_for, manager, partnership):
    meeting = schedule(manager, partnership)
    client = client_for(manager)
    url = f"{STAFF}/meetings/{meeting.pk}/papers/new/"
    fake = SimpleUploadedFile("minutes.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "Paper", "file": fake})
    assert response.status_code == 400 and "The file is named .pdf but is not a PDF" in response.content.decode()
    good = SimpleUploadedFile("paper.pdf", PDF, content_type="text/html")
    assert client.post(url, {"title": "Paper", "file": good, "confidential": "on"}).status_code == 302
    paper = meeting.papers.get()
    # The type is Eunomia's own, not the one the browser claimed.
    assert paper.content_type == "application/pdf" and paper.confidential


@pytest.mark.parametrize("role", ["csp_manager", "analyst", "csu_officer", "partner_practitioner", "board_member"])
def test_no_link_on_the_meetings_pages_refuses_its_reader(role, make_member, manager, partnership, council, plans):
    held = schedule(manager, partnership, kind="board")
    actions.add_agenda_item(by=manager, meeting=held, title="The plan")
    actions.attach_paper(by=manager, meeting=held, title="Plan", filename="plan.pdf", content=PDF)
    actions.record_decision(by=manager, meeting=held, text="Agreed", plan=plans["current"])
    actions.save_minutes(by=manager, meeting=held, minutes="Met")
    coming = schedule(manager, partnership, days=9)
    client = Client()
    force_sign_in(client, make_member(role, partnership, council, email=f"links.{role}@eunomia.test"))
    refused = []
    for page in (f"{STAFF}/", f"{STAFF}/meetings/{held.pk}/", f"{STAFF}/meetings/{coming.pk}/"):
        for link in set(links_on(client.get(page).content.decode())):
            if client.get(link).status_code == 403:
                refused.append(f"{link} (on {page})")
    assert refused == []
