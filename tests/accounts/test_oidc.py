"""Signing in with the organisation's identity provider (ADR 47), against a local OpenID provider
(oidc-provider-mock) on 127.0.0.1, never a real one.

The provider runs in a thread of the test process on purpose. time-machine fixes the clock of the
whole process, so the provider dates its ID tokens (iat, exp) by the same fixed instant the service
checks them against, whatever EUNOMIA_TEST_NOW says. A provider in another process would date them
by the real clock, and at `make test`'s instant (31 October 2027) every token would look expired or
not yet issued."""

import datetime
import html
import re
import socket
import threading
from urllib.parse import parse_qs, urlsplit

import oidc_provider_mock
import pytest
import requests
from django.utils import timezone
from werkzeug.serving import make_server

from eunomia.accounts import oidc
from eunomia.accounts.models import SignedInSession, User
from eunomia.audit.models import AuditEvent

START, CALLBACK = "/accounts/oidc/start/", "/accounts/oidc/callback/"


def run_provider(settings, **options):
    """Start a provider on a free port and point the settings at it; returns (issuer, stop)."""
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True, **options), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    issuer = f"http://127.0.0.1:{server.server_port}"
    settings.OIDC_ISSUER, settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = issuer, "eunomia", "secret"
    settings.OIDC_PROVIDER_NAME = "Testvale Council"

    def stop():
        server.shutdown()
        thread.join()
        server.server_close()

    return issuer, stop


@pytest.fixture(autouse=True)
def _forget_providers():
    """Each test's provider is new, perhaps on a port an earlier one used: nothing read from one is kept."""
    oidc._discovered.clear()


@pytest.fixture
def provider(settings, monkeypatch):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the provider is plain HTTP on 127.0.0.1
    issuer, stop = run_provider(settings)
    yield issuer
    stop()


def sign_in_there(client, issuer, claims, *, sub="person-1", next_url=""):
    """The whole journey as a browser without JavaScript makes it: the link on our sign-in page, the
    provider's page (its form answered as the person would), and back. Returns our last answer."""
    requests.put(f"{issuer}/users/{sub}", json=claims, timeout=5).raise_for_status()
    page = client.get("/accounts/sign-in/" + (f"?next={next_url}" if next_url else "")).content.decode()
    started = client.get(html.unescape(re.search(r'href="(/accounts/oidc/start/[^"]*)"', page)[1]))
    assert started.status_code == 302 and started["Location"].startswith(f"{issuer}/oauth2/authorize?")
    there = requests.post(started["Location"], data={"sub": sub}, allow_redirects=False, timeout=5)
    back = urlsplit(there.headers["Location"])
    assert back.path == CALLBACK
    return client.get(f"{back.path}?{back.query}")


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def refusals():
    return list(AuditEvent.objects.filter(action="user.sign_in_refused").values_list("data", flat=True))


def test_a_member_whose_address_the_provider_verified_is_signed_in(provider, manager, client):
    before = User.objects.count()
    answer = sign_in_there(client, provider, {"email": manager.email.upper(), "email_verified": True},
                           next_url="/p/testvale/")
    assert answer.status_code == 302 and answer["Location"] == "/p/testvale/"
    assert signed_in_as(client) == str(manager.pk)
    assert SignedInSession.objects.filter(user=manager, session_key=client.session.session_key).exists()
    event = AuditEvent.objects.get(action="user.signed_in")
    assert event.actor_id == manager.pk and event.data == {"method": "oidc"}
    assert User.objects.count() == before
    assert oidc.IDP_MFA not in client.session


def test_a_next_address_on_another_site_is_not_followed(provider, manager, client):
    answer = sign_in_there(client, provider, {"email": manager.email, "email_verified": True},
                           next_url="https://elsewhere.example/")
    assert answer["Location"] == "/" and signed_in_as(client) == str(manager.pk)


@pytest.mark.parametrize("claims", [{"email_verified": False}, {}, {"email_verified": "no"}])
def test_an_address_the_provider_has_not_verified_is_refused(provider, manager, client, claims):
    answer = sign_in_there(client, provider, {"email": manager.email, **claims})
    assert answer.status_code == 403
    assert "did not confirm that" in answer.content.decode()
    assert signed_in_as(client) is None
    assert refusals() == [{"method": "oidc", "why": "email_not_verified", "email": manager.email}]


def test_the_operator_may_trust_the_providers_addresses(provider, manager, client, settings):
    """Entra ID sends no email_verified: an operator whose own tenant sets the addresses says so."""
    settings.OIDC_TRUST_EMAIL = True
    answer = sign_in_there(client, provider, {"email": manager.email})
    assert answer.status_code == 302 and signed_in_as(client) == str(manager.pk)


def test_an_address_without_an_account_is_refused_and_no_account_is_made(provider, manager, client):
    before = User.objects.count()
    answer = sign_in_there(client, provider, {"email": "stranger@testvale.example", "email_verified": True})
    assert answer.status_code == 403
    assert "There is no account for stranger@testvale.example" in answer.content.decode()
    assert "invite" in answer.content.decode()
    assert User.objects.count() == before and signed_in_as(client) is None
    assert refusals() == [{"method": "oidc", "why": "no_account", "email": "stranger@testvale.example"}]


def test_no_email_address_at_all_is_refused(provider, manager, client):
    answer = sign_in_there(client, provider, {"name": "Someone"})
    assert answer.status_code == 403 and "did not tell us your email address" in answer.content.decode()
    assert refusals()[0]["why"] == "no_email"


@pytest.mark.parametrize("ends_in_days, signed_in", [(0, False), (1, True)])
def test_a_membership_ended_today_is_refused_one_ending_tomorrow_is_not(provider, manager, client, ends_in_days,
                                                                        signed_in):
    manager.memberships.update(ended_on=timezone.localdate() + datetime.timedelta(days=ends_in_days))
    answer = sign_in_there(client, provider, {"email": manager.email, "email_verified": True})
    assert (signed_in_as(client) == str(manager.pk)) is signed_in
    if not signed_in:
        assert answer.status_code == 403
        assert "You are not a member of any partnership now" in answer.content.decode()
        assert refusals() == [{"method": "oidc", "why": "no_membership", "email": manager.email}]


def test_an_unknown_or_replayed_state_is_refused_in_words(provider, manager, client):
    forged = client.get(f"{CALLBACK}?code=abc&state=not-ours")
    assert forged.status_code == 400 and "expired or was already used" in forged.content.decode()
    requests.put(f"{provider}/users/p", json={"email": manager.email, "email_verified": True}, timeout=5)
    there = requests.post(client.get(START)["Location"], data={"sub": "p"}, allow_redirects=False, timeout=5)
    back = urlsplit(there.headers["Location"])
    assert client.get(f"{back.path}?{back.query}").status_code == 302
    client.post("/accounts/sign-out/")
    again = client.get(f"{back.path}?{back.query}")
    assert again.status_code == 400 and signed_in_as(client) is None
    assert [r["why"] for r in refusals()] == ["bad_state", "bad_state"]


def test_a_person_who_turns_back_at_the_provider_is_told_so(provider, client, db):
    there = requests.post(client.get(START)["Location"], data={"action": "deny"}, allow_redirects=False, timeout=5)
    back = urlsplit(there.headers["Location"])
    assert parse_qs(back.query)["error"] == ["access_denied"]
    answer = client.get(f"{back.path}?{back.query}")
    assert answer.status_code == 400 and "You did not finish signing in with Testvale Council" in answer.content.decode()
    assert signed_in_as(client) is None and refusals()[0]["why"] == "provider_refused"


def test_an_expired_id_token_is_refused(settings, monkeypatch, manager, client):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    issuer, stop = run_provider(settings, access_token_max_age=datetime.timedelta(minutes=-5))
    try:
        answer = sign_in_there(client, issuer, {"email": manager.email, "email_verified": True})
    finally:
        stop()
    assert answer.status_code == 400 and "an answer we cannot accept" in answer.content.decode()
    assert signed_in_as(client) is None and refusals()[0]["why"] == "bad_token"


def test_an_id_token_for_another_client_is_refused(provider, manager, client, monkeypatch):
    """The library checks only the signature: whom the token is for is ours to check. Here the code
    was issued to another service and exchanged as that service, so its ID token is for that service."""
    requests.put(f"{provider}/users/p", json={"email": manager.email, "email_verified": True}, timeout=5)
    location = client.get(START)["Location"].replace("client_id=eunomia", "client_id=another-service")
    there = requests.post(location, data={"sub": "p"}, allow_redirects=False, timeout=5)
    back = urlsplit(there.headers["Location"])
    exchange = oidc.Backend.get_token
    monkeypatch.setattr(oidc.Backend, "get_token",
                        lambda backend, payload: exchange(backend, {**payload, "client_id": "another-service"}))
    answer = client.get(f"{back.path}?{back.query}")
    assert answer.status_code == 400 and "an answer we cannot accept" in answer.content.decode()
    assert signed_in_as(client) is None and refusals()[0]["why"] == "bad_token"


def test_a_provider_that_is_down_gets_a_plain_answer_not_an_error(settings, client, manager):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    settings.OIDC_ISSUER = f"http://127.0.0.1:{port}"  # nothing listens there
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "eunomia", "secret"
    started = client.get(START)
    assert started.status_code == 503 and "is not working just now" in started.content.decode()
    assert client.get(f"{CALLBACK}?code=abc&state=xyz").status_code == 400


def test_a_discovery_document_naming_another_issuer_is_not_used(provider, settings, client, db):
    settings.OIDC_ISSUER = f"{provider}/"  # the provider calls itself without the slash
    assert client.get(START).status_code == 503


@pytest.mark.parametrize("amr, enforced, flagged", [
    (["pwd", "mfa"], False, True),
    (["pwd"], False, False),
    (None, False, False),
    ("mfa", False, False),  # amr is a list; a bare string is not taken for one
    (None, True, True),
])
def test_the_session_notes_a_second_factor_only_when_the_provider_says_it_asked(provider, manager, client, settings,
                                                                              amr, enforced, flagged):
    settings.OIDC_ENFORCES_MFA = enforced
    claims = {"email": manager.email, "email_verified": True, **({"amr": amr} if amr is not None else {})}
    assert sign_in_there(client, provider, claims).status_code == 302
    assert client.session.get(oidc.IDP_MFA) is (True if flagged else None)


def test_the_sign_in_page_offers_the_provider_by_a_plain_link(provider, client):
    page = client.get("/accounts/sign-in/?next=/p/testvale/").content.decode()
    assert "Sign in with Testvale Council" in page
    assert f'href="{START}?next=/p/testvale/"' in page


def test_when_not_configured_there_is_no_button_and_no_address(client, settings, manager):
    assert not settings.OIDC_ISSUER
    page = client.get("/accounts/sign-in/").content.decode()
    assert "your work account" not in page and START not in page
    assert client.get(START).status_code == 404
    assert client.get(f"{CALLBACK}?code=abc&state=xyz").status_code == 404
    assert not refusals()
