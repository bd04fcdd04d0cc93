"""The client's address behind trusted proxies (ADR 42): the sign-in throttle and the audit log's
"From" both see the person, not the proxy, and believe X-Forwarded-For only from a trusted proxy."""

import pytest
from django.test import RequestFactory

from eunomia.accounts.models import LoginFailure, User
from eunomia.audit.models import AuditEvent
from eunomia.core.addresses import client_address
from tests.conftest import PASSWORD

PROXY = "10.0.0.5"


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(("trusted", "remote", "forwarded", "expected"), [
    ([], "203.0.113.9", None, "203.0.113.9"),
    # Nobody is trusted by default: a header anyone can write is ignored.
    ([], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
    (["10.0.0.0/8"], PROXY, "198.51.100.1", "198.51.100.1"),
    # The client put its own X-Forwarded-For in; the proxy appended the address it really came from.
    (["10.0.0.0/8"], PROXY, "1.2.3.4, 198.51.100.1", "198.51.100.1"),
    # Two trusted proxies in a row: the rightmost address that is not one of them.
    (["10.0.0.0/8", "192.168.1.1"], PROXY, "198.51.100.1, 192.168.1.1", "198.51.100.1"),
    (["10.0.0.0/8"], PROXY, "10.0.0.7", "10.0.0.7"),
    (["10.0.0.0/8"], PROXY, None, PROXY),
    (["10.0.0.0/8"], PROXY, "not-an-address", PROXY),
    (["10.0.0.0/8"], PROXY, "2001:db8::1", "2001:db8::1"),
    # Not a trusted proxy: what it forwards is not believed.
    (["10.0.0.0/8"], "203.0.113.9", "198.51.100.1", "203.0.113.9"),
    (["10.0.0.0/8"], "", "198.51.100.1", None),
])
def test_the_client_address_believes_only_trusted_proxies(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted

    assert client_address(request_from(remote, forwarded)) == expected


def sign_in(client, email, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/sign-in/", {"email": email, "password": password}, **extra)


@pytest.fixture
def office(settings, manager, analyst):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 50
    return manager, analyst


def test_one_persons_typos_behind_the_proxy_do_not_lock_out_a_colleague(client, office):
    typist, colleague = office
    for _ in range(5):
        sign_in(client, typist.email, "guess", remote=PROXY, forwarded="198.51.100.1")

    refused = sign_in(client, typist.email, PASSWORD, remote=PROXY, forwarded="198.51.100.1")
    assert "Too many failed attempts" in refused.content.decode()
    assert sign_in(client, colleague.email, PASSWORD, remote=PROXY, forwarded="198.51.100.2").status_code == 302
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}


def test_one_persons_typos_do_not_lock_out_a_colleague_even_without_the_proxy_trusted(client, office, settings):
    """Where the proxy is not configured every member shares its address; the per-address limit is
    high enough for one person's typos."""
    settings.TRUSTED_PROXIES = []
    typist, colleague = office
    for _ in range(5):
        sign_in(client, typist.email, "guess", remote=PROXY)

    assert sign_in(client, colleague.email, PASSWORD, remote=PROXY).status_code == 302


def test_many_failures_from_one_address_lock_that_address_out(client, office, settings):
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 8
    _, colleague = office
    for number in range(8):
        sign_in(client, f"guess{number}@eunomia.test", "guess", remote=PROXY, forwarded="198.51.100.66")

    refused = sign_in(client, colleague.email, PASSWORD, remote=PROXY, forwarded="198.51.100.66")
    assert "Too many failed attempts" in refused.content.decode()
    assert sign_in(client, colleague.email, PASSWORD, remote=PROXY, forwarded="198.51.100.2").status_code == 302


def test_a_spoofed_forwarded_for_from_an_untrusted_client_is_ignored(client, office):
    typist, _ = office
    for number in range(5):
        # A new invented address each time would dodge an address limit if it were believed.
        sign_in(client, typist.email, "guess", remote="203.0.113.9", forwarded=f"198.51.100.{number}")

    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    refused = sign_in(client, typist.email, PASSWORD, remote="203.0.113.9", forwarded="198.51.100.99")
    assert "Too many failed attempts" in refused.content.decode()


def test_the_audit_log_records_the_client_not_the_proxy(client_for, office):
    typist, _ = office
    sign_in(client_for(None), typist.email, PASSWORD, remote=PROXY, forwarded="6.6.6.6, 198.51.100.1")
    sign_in(client_for(None), "nobody@eunomia.test", "guess", remote="203.0.113.9", forwarded="198.51.100.7")

    signed_in = AuditEvent.objects.filter(action="user.signed_in").latest("id")
    refused = AuditEvent.objects.filter(action="user.sign_in_refused").latest("id")
    assert (signed_in.actor, signed_in.ip_address) == (typist.email, "198.51.100.1")
    assert refused.ip_address == "203.0.113.9"
    assert User.objects.filter(email="nobody@eunomia.test").count() == 0
