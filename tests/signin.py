"""Signing test users in as a person who has also given their second factor (ADR 46).

Tests of pages sign in with `force_sign_in`; the tests of second factors themselves
(tests/accounts/test_second_factor.py) sign in through the real forms instead. Browser journeys type a
real authenticator code (`authenticator_code`)."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from eunomia.accounts.second_factor import SATISFIED, must_give


def force_sign_in(client, user):
    client.force_login(user)
    session = client.session
    session[SATISFIED] = "authenticator"
    session.save()
    return client


def authenticator_for(user):
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=True, defaults={"name": "Test app"})
    return device


def authenticator_code(device, *, at=None):
    """The code the app would show now (or at the unix time `at`), or for the next step when this
    step's code has been used already (a code works once; the next step's is still accepted)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    step = max(totp.t(), device.last_t + 1)
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_with_password(client, user, password):
    """Sign in through the forms as a person does: the password, then (when their role needs one) a
    code from their authenticator app. Returns the password form's answer."""
    app = authenticator_for(user) if must_give(user) else None
    response = client.post("/accounts/sign-in/", {"email": user.email, "password": password})
    if app is not None and response.status_code == 302:
        answer = client.post("/accounts/second-factor/check/", {"code": authenticator_code(app)})
        assert answer.status_code == 302, answer.content.decode()[:2000]
    return response
