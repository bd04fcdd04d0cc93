"""Second factors (ADR 46): after the password, a code from an authenticator app, a passkey or a
recovery code.

A person must give one when any of their current memberships is in a role of
settings.SECOND_FACTOR_ROLES (by default the roles that read personal data), and always once they have
set one up. Until they have, SecondFactorMiddleware lets their session reach only the pages that set
one up or take one, and signing out. A session that has given one carries SATISFIED; nothing else
marks it, so one rule decides.
"""

import base64
from collections import Counter

import django_otp
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.checks import Error, register
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from eunomia.accounts import actions
from eunomia.accounts.models import SignedInSession
# Set by the identity provider's sign-in when its token says the provider checked a second factor.
from eunomia.accounts.oidc import IDP_MFA
from eunomia.accounts.queries import current_memberships
from eunomia.accounts.roles import PERSONAL_DATA_ROLES, ROLES
from eunomia.audit import actions as audit
from eunomia.core.middleware import PUBLIC_URL_NAMES

SATISFIED = "_eunomia_second_factor"
NEW_RECOVERY_CODES = "_eunomia_new_recovery_codes"
RECOVERY_CODE_COUNT = 10

METHOD_LABELS = {"authenticator": "an authenticator app", "passkey": "a passkey", "recovery_code": "a recovery code",
                 "identity_provider": "your organisation's sign-in", "demo_skip": "the demo's skip"}


# Who must give one ------------------------------------------------------------------------------------

def required_roles():
    configured = settings.SECOND_FACTOR_ROLES.strip()
    if not configured:
        return PERSONAL_DATA_ROLES
    if configured == "none":
        return ()
    return tuple(key.strip() for key in configured.split(",") if key.strip())


@register()
def check_second_factor_roles(app_configs, **kwargs):
    unknown = [key for key in required_roles() if key not in ROLES]
    if unknown:
        return [Error(f"EUNOMIA_SECOND_FACTOR_ROLES names roles that do not exist: {', '.join(unknown)}",
                      hint=f"Use role keys from: {', '.join(ROLES)}, or 'none'.", id="accounts.E001")]
    return []


def authenticator_of(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def passkeys_of(user):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at")


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def is_set_up(user):
    """Whether the person has an authenticator app or a passkey (recovery codes only back those up)."""
    return authenticator_of(user) is not None or passkeys_of(user).exists()


def is_required(user, on=None):
    if user.is_staff or user.is_superuser:
        return True
    # An organisation lead reads their organisation's member list (names and email addresses).
    return current_memberships(on).filter(Q(role__in=required_roles()) | Q(is_organisation_lead=True),
                                          user=user).exists()


def must_give(user):
    return is_set_up(user) or is_required(user)


def is_satisfied(request):
    return bool(request.session.get(SATISFIED) or request.session.get(IDP_MFA))


def summaries(user_ids):
    """What each person has set up, in words ("" for nothing), for their manager's list: by user id."""
    apps = set(TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list("user_id", flat=True))
    passkeys = Counter(WebAuthnCredential.objects.filter(user_id__in=user_ids, confirmed=True)
                       .values_list("user_id", flat=True))
    words = {}
    for user_id in user_ids:
        methods = ["Authenticator app"] if user_id in apps else []
        if passkeys[user_id]:
            methods.append(f"{passkeys[user_id]} passkey{'s' if passkeys[user_id] > 1 else ''}")
        words[user_id] = ", ".join(methods)
    return words


def summary(user):
    return summaries([user.pk])[user.pk]


# The gate -----------------------------------------------------------------------------------------------

# Reachable by a session that has signed in with its password but not yet given its second factor.
OPEN_BEFORE = {
    "accounts:logout", "accounts:second_factor_check", "accounts:second_factor_setup",
    "accounts:second_factor_authenticator", "accounts:second_factor_passkey",
    "otp_webauthn:credential-registration-begin", "otp_webauthn:credential-registration-complete",
    "otp_webauthn:credential-authentication-begin", "otp_webauthn:credential-authentication-complete",
    "otp_webauthn:js-i18n-catalog",
} | (PUBLIC_URL_NAMES - {"accounts:invitation"})


class SecondFactorMiddleware:
    """Holds a session that owes a second factor at the pages that take or set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or is_satisfied(request):
            return None
        match = request.resolver_match
        if match.view_name in OPEN_BEFORE or request.path_info.startswith(settings.STATIC_URL):
            return None
        if not must_give(request.user):
            return None
        if match.namespace == "api":
            return JsonResponse({"detail": "Finish signing in first: give your second factor in the browser."},
                                status=403)
        where = "accounts:second_factor_check" if is_set_up(request.user) else "accounts:second_factor_setup"
        return redirect(f"{reverse(where)}?{urlencode({'next': request.get_full_path()})}")


# Giving one --------------------------------------------------------------------------------------------

def passed(request, *, method, device=None):
    """The session has given its second factor: mark it, under a new session key (the one used before
    it was given may have been seen), and audit it."""
    old_key = request.session.session_key
    request.session[SATISFIED] = method
    if device is not None:
        django_otp.login(request, device)
    request.session.cycle_key()
    SignedInSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)
    audit.record(by=request.user, action="user.second_factor_passed", obj=request.user, data={"method": method})


def _wait_message(devices):
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            seconds = max(1, int((info["locked_until"] - timezone.now()).total_seconds()) + 1)
            return f"Too many wrong codes. Wait {seconds} second{'s' if seconds > 1 else ''}, then try again."
    return None


def check_code(request, code):
    """Take a code from the person's authenticator app or one of their recovery codes."""
    user = request.user
    code = "".join(code.split()).lower()
    authenticator = authenticator_of(user)
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    devices = [device for device in (authenticator, recovery) if device is not None]
    wait = _wait_message(devices)
    if wait:
        raise ValidationError({"code": wait})
    if authenticator is not None and code.isdigit() and authenticator.verify_token(code):
        passed(request, method="authenticator", device=authenticator)
        return "authenticator"
    if recovery is not None and not code.isdigit() and recovery.verify_token(code):
        passed(request, method="recovery_code", device=recovery)
        left = recovery_codes_left(user)
        actions.tell_person(user.email, "A recovery code was used to sign in", [
            f"Someone signed in to your {settings.SERVICE_NAME} account with one of your recovery codes. You have "
            f"{left} left. If it was not you, change your password and tell your manager."])
        return "recovery_code"
    audit.record(by=user, action="user.second_factor_refused", obj=user)
    raise ValidationError({"code": "The code is not right. Enter the 6 numbers your authenticator app shows now, "
                                   "or one of your recovery codes."})


def skip_in_demo(request):
    if not settings.DEMO:
        raise ValidationError("Only the demo lets you skip the second factor.")
    passed(request, method="demo_skip")


# Setting them up and removing them ----------------------------------------------------------------------

def pending_authenticator(user):
    """The authenticator app being set up: its key stays the same until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def _first_factor_added(request, method):
    """After a factor is added: the session counts as having given it, and a person without
    recovery codes gets them (shown once, on the next page)."""
    user = request.user
    audit.record(by=user, action="user.second_factor_added", obj=user, data={"method": method})
    actions.tell_person(user.email, "A second factor was added to your account", [
        f"{METHOD_LABELS[method].capitalize()} was added to your {settings.SERVICE_NAME} account for signing in. "
        "If it was not you, change your password and tell your manager."])
    if recovery_codes_left(user) == 0:
        request.session[NEW_RECOVERY_CODES] = make_recovery_codes(user)


def confirm_authenticator(request, code):
    """Confirm the pending authenticator app with a code it shows; it replaces any earlier one."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationError({"code": "Start again: the key to set up has expired."})
    wait = _wait_message([device])
    if wait:
        raise ValidationError({"code": wait})
    if not "".join(code.split()).isdigit() or not device.verify_token("".join(code.split())):
        raise ValidationError({"code": "The code is not right. Check the key was entered exactly, then enter the 6 "
                                       "numbers the app shows now."})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        _first_factor_added(request, "authenticator")
    if not is_satisfied(request):
        passed(request, method="authenticator", device=device)


def add_authenticator_with_key(*, user, key):
    """An authenticator app whose key is already known (the demo's, published in its README), set up
    without a code. Never offered on a page."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True,
                                  key=base64.b32decode(key.replace(" ", "")).hex())
        audit.record(by=None, action="user.second_factor_added", obj=user, data={"method": "authenticator"})


def passkey_added(request, credential):
    _first_factor_added(request, "passkey")
    if not is_satisfied(request):
        passed(request, method="passkey", device=credential)


def make_recovery_codes(user):
    """Ten new recovery codes, each working once; earlier ones stop working. Returns them (shown once)."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes", defaults={"confirmed": True})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
        audit.record(by=user, action="user.recovery_codes_made", obj=user)
    return codes


def _check_may_remove(user, remaining_methods):
    if remaining_methods == 0 and is_required(user):
        raise ValidationError("Your role needs a second factor: add another one before you remove this one.")


def remove_authenticator(*, by):
    device = authenticator_of(by)
    if device is None:
        return
    _check_may_remove(by, passkeys_of(by).count())
    with transaction.atomic():
        device.delete()
        _after_removal(by, "authenticator")


def remove_passkey(*, by, credential):
    _check_may_remove(by, passkeys_of(by).exclude(pk=credential.pk).count() + (authenticator_of(by) is not None))
    with transaction.atomic():
        credential.delete()
        _after_removal(by, "passkey")


def _after_removal(user, method):
    if not is_set_up(user):
        StaticDevice.objects.filter(user=user).delete()  # recovery codes back up a factor there no longer is
    audit.record(by=user, action="user.second_factor_removed", obj=user, data={"method": method})
    actions.tell_person(user.email, "A second factor was removed from your account", [
        f"{METHOD_LABELS[method].capitalize()} was removed from your {settings.SERVICE_NAME} account. If it was not "
        "you, change your password and tell your manager."])


def reset(*, by, user, partnership):
    """A manager resets a person's second factors (a lost phone): every one goes, and every session of
    theirs ends, so they set up a new one when they next sign in."""
    with transaction.atomic():
        had = summary(user) or "none"
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        WebAuthnCredential.objects.filter(user=user).delete()
        keys = list(SignedInSession.objects.filter(user=user).values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        SignedInSession.objects.filter(user=user).delete()
        audit.record(by=by, action="user.second_factor_reset", obj=user, partnership=partnership,
                     data={"had": had, "sessions_ended": len(keys)})
        actions.tell_person(user.email, "Your second factor was reset", [
            f"{by} reset your second factor for {settings.SERVICE_NAME}. You have been signed out; when you next sign "
            "in you will set up a new one. If you did not ask for this, tell your manager."])
