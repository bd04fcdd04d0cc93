"""API tokens (issue 12): named, made and revoked by their owner in the browser, expiring, ended by
a password change, and their use audited like a sign-in."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from eunomia.accounts.models import ApiToken
from eunomia.accounts.tokens import create_token
from eunomia.audit.models import AuditEvent
from tests.conftest import PASSWORD

API = "/api/v1/partnerships/testvale/plans/"


def api(key):
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_made_in_the_browser_is_shown_once_and_works(manager, plans, client_for):
    client = client_for(manager)
    made = client.post("/accounts/tokens/", {"name": "Monthly figures script", "days": "90"})
    assert made.status_code == 200
    key = re.search(r'<code class="eunomia-token">([^<]+)</code>', made.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.key_hash != key and key not in str(AuditEvent.objects.values_list("data", flat=True))
    assert token.expires_at - token.created_at == datetime.timedelta(days=90)
    assert api(key).get(API).status_code == 200
    listed = client.get("/accounts/tokens/").content.decode()
    assert "Monthly figures script" in listed and key not in listed and key[:8] in listed


@pytest.mark.parametrize("seconds, works", [(-1, True), (0, False)])
def test_a_token_stops_at_its_expiry(manager, plans, time_machine, seconds, works):
    token, key = create_token(by=manager, name="Script", days=30)
    time_machine.move_to(token.expires_at + datetime.timedelta(seconds=seconds))
    response = api(key).get(API)
    assert response.status_code == (200 if works else 401)
    if not works:
        assert response.json()["detail"] == "Invalid token."


def test_a_revoked_token_and_a_password_change_end_it(manager, plans, client_for):
    _, revoked = create_token(by=manager, name="Old", days=30)
    token, kept = create_token(by=manager, name="Kept", days=30)
    client = client_for(manager)
    old = ApiToken.objects.get(name="Old")
    assert client.post(f"/accounts/tokens/{old.pk}/revoke/").status_code == 302
    assert api(revoked).get(API).status_code == 401
    assert api(kept).get(API).status_code == 200
    client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "amber-lantern-2231",
                                        "new_password2": "amber-lantern-2231"})
    manager.refresh_from_db()
    assert manager.check_password("amber-lantern-2231")
    assert api(kept).get(API).status_code == 401
    assert "ended by a change of password" in client_for(manager).get("/accounts/tokens/").content.decode()


def test_someone_elses_token_cannot_be_revoked(manager, analyst, client_for):
    token, key = create_token(by=analyst, name="Theirs", days=30)
    assert client_for(manager).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_the_first_use_each_day_is_audited_like_a_sign_in(manager, plans, time_machine):
    _, key = create_token(by=manager, name="Script", days=30)
    for _ in range(3):
        api(key).get(API)
    # 09:00 on the next London day (24 hours on is the same day when the clocks go back)
    next_day = timezone.localdate() + datetime.timedelta(days=1)
    time_machine.move_to(datetime.datetime.combine(next_day, datetime.time(9), tzinfo=timezone.get_current_timezone()))
    api(key).get(API)
    assert AuditEvent.objects.filter(action="user.signed_in_with_token").count() == 2


def test_guessing_the_current_password_is_throttled_like_signing_in(manager, client_for, settings):
    client = client_for(manager)
    wrong = {"old_password": "not-my-password", "new_password1": "amber-lantern-2231",
             "new_password2": "amber-lantern-2231"}
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert "Your old password was entered incorrectly" in client.post("/accounts/password/", wrong).content.decode()
    right = {**wrong, "old_password": PASSWORD}
    locked = client.post("/accounts/password/", right).content.decode()
    assert "Too many wrong passwords" in locked
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD)
