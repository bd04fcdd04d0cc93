"""Second factors in Chromium (issue 12, ADR 46): a manager without one is held at the setup page,
adds a passkey with Chromium's virtual authenticator (WebAuthn through the DevTools protocol), keeps
the recovery codes, signs out, and signs in again with password and passkey. Without JavaScript the
authenticator app is set up and used instead. axe checks every page on the way."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from eunomia.audit.models import AuditEvent
from tests.browser.conftest import axe_check
from tests.conftest import PASSWORD
from tests.signin import authenticator_code

pytestmark = pytest.mark.browser


def _password(page, user):
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _virtual_authenticator(page):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    return cdp


def test_a_passkey_is_added_and_used_to_sign_in(new_page, live_server, manager, partnership):
    assert "://localhost:" in live_server.url  # a passkey's relying party must be a name, not an address
    page = new_page()
    _virtual_authenticator(page)
    _password(page, manager)
    expect(page.get_by_role("heading", name="Your second factors")).to_be_visible()
    expect(page.get_by_text("Set one up now to go on")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Add a passkey").click()
    axe_check(page)
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_text("shown only this once")).to_be_visible()
    assert page.locator(".eunomia-recovery-codes li").count() == 10
    axe_check(page)
    page.get_by_role("link", name="I have kept them").click()
    expect(page.get_by_text("1 added")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    _password(page, manager)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("heading", name="Confirm it is you")).to_have_count(0)
    page.goto("/p/testvale/plans/")
    expect(page.get_by_role("heading", name="Plans")).to_be_visible()
    assert list(AuditEvent.objects.filter(action="user.second_factor_passed").values_list("data__method", flat=True)) \
        == ["passkey", "passkey"]  # adding the first one counts, then the sign-in


def test_without_javascript_an_authenticator_app_is_set_up_and_asked_for(new_page, live_server, manager, partnership):
    page = new_page(javascript=False)
    _password(page, manager)
    page.get_by_role("link", name="Add a passkey").click()
    expect(page.get_by_text("Adding a passkey needs JavaScript")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("img", name="A QR code holding the key below")).to_be_visible()
    axe_check(page)
    page.get_by_label("Code from the app").fill("12345x")  # not a code: refused without making the next wait
    page.get_by_role("button", name="Set up the app").click()
    expect(page.get_by_role("link", name="The code is not right")).to_be_visible()
    axe_check(page)
    app = TOTPDevice.objects.get(user=manager, confirmed=False)
    page.get_by_label("Code from the app").fill(authenticator_code(app))
    page.get_by_role("button", name="Set up the app").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    page.get_by_role("link", name="I have kept them").click()
    page.get_by_role("button", name="Sign out").click()

    _password(page, manager)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    axe_check(page)
    page.get_by_label("Code").fill(authenticator_code(app))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto("/p/testvale/plans/")
    expect(page.get_by_role("heading", name="Plans")).to_be_visible()
