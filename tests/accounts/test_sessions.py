"""Sessions (issue 12): they end after SESSION_IDLE_MINUTES without activity and SESSION_COOKIE_AGE
after signing in, whichever is first; a member sees where they are signed in and ends the others."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from eunomia.accounts.models import SignedInSession
from eunomia.audit.models import AuditEvent
from tests.conftest import PASSWORD
from tests.signin import sign_in_with_password


def signed_in(user, agent="Firefox on a council laptop"):
    client = Client(HTTP_USER_AGENT=agent)
    assert sign_in_with_password(client, user, PASSWORD).status_code == 302
    return client


@pytest.mark.parametrize("idle_minutes, still_in", [(29.9, True), (30.1, False)])
def test_a_session_ends_after_half_an_hour_without_activity(manager, partnership, time_machine, idle_minutes,
                                                            still_in):
    client = signed_in(manager)
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=idle_minutes))
    response = client.get("/p/testvale/plans/")
    assert response.status_code == (200 if still_in else 302)
    if not still_in:
        assert response["Location"].startswith("/accounts/sign-in/?next=")
        assert AuditEvent.objects.filter(action="user.session_ended", data__why="idle").exists()
        assert client.get("/p/testvale/plans/").status_code == 302  # signed out for good


def test_activity_keeps_it_going_until_eight_hours_from_signing_in(manager, partnership, time_machine):
    client = signed_in(manager)
    start = timezone.now()
    for minutes in range(20, 8 * 60, 20):  # a request every 20 minutes
        time_machine.move_to(start + datetime.timedelta(minutes=minutes))
        assert client.get("/p/testvale/plans/").status_code == 200, minutes
    time_machine.move_to(start + datetime.timedelta(hours=8, minutes=1))
    assert client.get("/p/testvale/plans/").status_code == 302
    assert AuditEvent.objects.filter(action="user.session_ended", data__why="absolute").exists()


def test_a_member_sees_their_sessions_and_ends_another(manager, partnership):
    laptop = signed_in(manager, "Firefox on a council laptop")
    phone = signed_in(manager, "Safari on a phone")
    page = laptop.get("/accounts/sessions/").content.decode()
    assert "Firefox on a council laptop" in page and "Safari on a phone" in page and "This session" in page
    other = SignedInSession.objects.get(user_agent="Safari on a phone")
    assert laptop.post(f"/accounts/sessions/{other.pk}/end/").status_code == 302
    assert phone.get("/p/testvale/plans/").status_code == 302  # signed out
    assert laptop.get("/p/testvale/plans/").status_code == 200
    own = SignedInSession.objects.get(user_agent="Firefox on a council laptop")
    assert laptop.post(f"/accounts/sessions/{own.pk}/end/").status_code == 404  # sign out instead


def test_no_one_ends_someone_elses_session(manager, analyst, partnership):
    signed_in(analyst)
    theirs = SignedInSession.objects.get(user=analyst)
    assert signed_in(manager).post(f"/accounts/sessions/{theirs.pk}/end/").status_code == 404
    assert SignedInSession.objects.filter(pk=theirs.pk).exists()


def test_signing_out_forgets_the_session(manager):
    client = signed_in(manager)
    client.post("/accounts/sign-out/")
    assert not SignedInSession.objects.filter(user=manager).exists()
