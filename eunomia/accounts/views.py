import base64
import datetime

import segno

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from eunomia.accounts import actions, oidc, second_factor, sessions, tokens
from eunomia.accounts.forms import (AuthenticatorCodeForm, ChangePasswordForm, ChoosePasswordForm, ResetPasswordForm,
                                    ResetRequestForm, SecondFactorCodeForm, SignInForm, TokenForm)
from eunomia.accounts.models import User
from eunomia.audit import actions as audit
from eunomia.core.rendering import form_page, posted, showing_refusal_message


def _signed_in(request, user, *, method=None):
    """Every way in ends here: Django's session, the row its owner sees (accounts.sessions), the audit."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    sessions.signed_in(request, user)
    audit.record(by=user, action="user.signed_in", obj=user, data={"method": method} if method else None)


def _safe_url(request, url, default="home:home"):
    """`url` if it stays on this site, else the `default` page."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return reverse_lazy(default)


def _safe_next(request, default="home:home"):
    return _safe_url(request, request.POST.get("next") or request.GET.get("next"), default)


@never_cache
@csrf_protect
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("home:home")
    form = SignInForm(posted(request), request=request)
    if request.method == "POST" and form.is_valid():
        _signed_in(request, form.user)
        return redirect(_safe_next(request))
    if request.method == "POST" and form.user is None and form.non_field_errors():
        audit.record(by=None, action="user.sign_in_refused", data={"email": form.cleaned_data.get("email", "")})
    return form_page(request, form, page_title="Sign in", template="accounts/sign_in.html",
                     next=request.GET.get("next", ""),
                     oidc_provider_name=settings.OIDC_PROVIDER_NAME if oidc.enabled() else "")


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        audit.record(by=request.user, action="user.signed_out", obj=request.user)
        sessions.signing_out(request)
    logout(request)
    return redirect("accounts:login")


# Signing in with the organisation's identity provider (ADR 47) ---------------------------------------

def _oidc_refused(request, refused):
    return render(request, "accounts/oidc_refused.html", {"message": refused.message}, status=refused.status)


@never_cache
def oidc_start(request):
    """Off to the identity provider: a plain link from the sign-in page, so it works without JavaScript."""
    if not oidc.enabled():
        raise Http404
    if request.user.is_authenticated:
        return redirect("home:home")
    try:
        return oidc.start(request)
    except oidc.Refused as refused:
        return _oidc_refused(request, refused)


@never_cache
def oidc_callback(request):
    """Back from the identity provider: signed in as the password form signs in, or refused in words."""
    if not oidc.enabled():
        raise Http404
    try:
        user, claims = oidc.finish(request)
    except oidc.Refused as refused:
        audit.record(by=None, action="user.sign_in_refused",
                     data={"method": "oidc", "why": refused.why, "email": refused.email})
        return _oidc_refused(request, refused)
    next_url = request.session.pop(oidc.NEXT, None)
    _signed_in(request, user, method="oidc")
    if oidc.mfa_checked(claims):
        request.session[oidc.IDP_MFA] = True
    else:  # the same person signing in again keeps their session's data
        request.session.pop(oidc.IDP_MFA, None)
    return redirect(_safe_url(request, next_url))


def change_password(request):
    form = ChangePasswordForm(request.user, posted(request), request=request)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        audit.record(by=user, action="user.password_changed", obj=user)
        messages.success(request, "Your password has been changed")
        return redirect("home:home")
    return form_page(request, form, page_title="Change your password", back_url="/",
                     template="accounts/change_password.html")


# Invitations -----------------------------------------------------------------------------------------

@never_cache
@csrf_protect
def invitation(request, token):
    """Accept an invitation: a new person chooses a password; someone with an account signs in first."""
    try:
        invited = actions.invitation_for(token)
    except ValidationError as refused:
        return render(request, "accounts/invitation_refused.html", {"message": " ".join(refused.messages)},
                      status=410)
    has_account = User.objects.filter(email=invited.email).exists()
    form = ChoosePasswordForm(posted(request)) if not request.user.is_authenticated and not has_account else None
    if request.method == "POST" and (request.user.is_authenticated or (form is not None and form.is_valid())):
        try:
            user = actions.accept_invitation(token=token, user=request.user if request.user.is_authenticated else None,
                                             password=form.cleaned_data["password1"] if form else None)
        except ValidationError as refused:
            if form is None:
                messages.error(request, " ".join(refused.messages))
                return redirect(request.path)
            form.add_action_errors(refused)
        else:
            if not request.user.is_authenticated:
                _signed_in(request, user)
            messages.success(request, f"Welcome: you are {invited.get_role_display()} for {invited.organisation} in "
                                      f"{invited.partnership}")
            return redirect("home:home")
    return render(request, "accounts/invitation.html", {
        "invitation": invited, "form": form, "has_account": has_account, "page_title": "Your invitation",
    }, status=400 if form is not None and form.is_bound and form.errors else 200)


# Password reset (Django's, with GOV.UK pages and an audit trail) ------------------------------------

class _ResetTokens(PasswordResetTokenGenerator):
    """Django's reset tokens timed by the UTC clock: its own naive local clock makes a link last an
    hour more, or less, across a change of the clocks."""

    def _now(self):
        return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


RESET_TOKENS = _ResetTokens()


class ResetRequest(auth_views.PasswordResetView):
    """The same answer whether or not the address has an account."""

    token_generator = RESET_TOKENS
    form_class = ResetRequestForm
    template_name = "core/partials/form_page.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")
    extra_email_context = {"site_name": settings.SERVICE_NAME}
    extra_context = {"page_title": "Reset your password", "back_url": reverse_lazy("accounts:login"),
                     "intro": "Enter the email address you sign in with. If it has an account, we will send a link "
                              "to choose a new password. The link works once, for two hours."}

    def form_valid(self, form):
        audit.record(by=None, action="user.password_reset_requested", data={"email": form.cleaned_data["email"]})
        return super().form_valid(form)


class ResetConfirm(auth_views.PasswordResetConfirmView):
    token_generator = RESET_TOKENS
    form_class = ResetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"page_title": "Choose a new password"}

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(by=form.user, action="user.password_reset", obj=form.user)
        return response


# API tokens --------------------------------------------------------------------------------------------

def api_tokens(request):
    """The signed-in person's own tokens: make one (its key shown once, on this answer only), see
    when each was last used, revoke one."""
    form = TokenForm(posted(request))
    key = None
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            token, key = tokens.create_token(by=request.user, **form.cleaned_data)
            form = TokenForm()
    now = timezone.now()
    rows = [(token, tokens.why_unusable(token, now)) for token in tokens.tokens_of(request.user).select_related("user")]
    return form_page(request, form, page_title="Your API tokens", template="accounts/api_tokens.html",
                     back_url=reverse_lazy("accounts:change_password"), rows=rows, key=key)


@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(tokens.tokens_of(request.user), pk=pk)
    tokens.revoke_token(by=request.user, token=token)
    messages.success(request, f"The token {token.name} is revoked: it no longer works")
    return redirect("accounts:api_tokens")


# Signed-in sessions --------------------------------------------------------------------------------------

def signed_in_sessions(request):
    rows = [(s, s.session_key == request.session.session_key) for s in sessions.sessions_of(request.user)]
    return render(request, "accounts/sessions.html", {"rows": rows, "idle_minutes": settings.SESSION_IDLE_MINUTES,
                                                      "hours": settings.SESSION_COOKIE_AGE // 3600})


@require_POST
def signed_in_session_end(request, pk):
    signed_in = get_object_or_404(sessions.sessions_of(request.user).exclude(session_key=request.session.session_key),
                                  pk=pk)
    sessions.end_session(by=request.user, signed_in=signed_in)
    messages.success(request, "That session is signed out")
    return redirect("accounts:sessions")


# Second factors (ADR 46) -----------------------------------------------------------------------------------



@never_cache
def second_factor_check(request):
    """After the password: a code from the app, a recovery code or a passkey (or, in the demo, a skip)."""
    if second_factor.is_satisfied(request):
        return redirect(_safe_next(request))
    if not second_factor.is_set_up(request.user):
        return redirect("accounts:second_factor_setup")
    if request.method == "POST" and "skip" in request.POST:
        with showing_refusal_message(request):
            second_factor.skip_in_demo(request)
            return redirect(_safe_next(request))
        return redirect(request.get_full_path())
    form = SecondFactorCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            second_factor.check_code(request, form.cleaned_data["code"])
            return redirect(_safe_next(request))
    return form_page(request, form, page_title="Confirm it is you", template="accounts/second_factor_check.html",
                     has_authenticator=second_factor.authenticator_of(request.user) is not None,
                     has_passkeys=second_factor.passkeys_of(request.user).exists(), demo=settings.DEMO,
                     next=request.GET.get("next", ""))


def _adding_needs_check(request):
    """Someone who has a second factor gives it before adding or replacing one."""
    if second_factor.is_set_up(request.user) and not second_factor.is_satisfied(request):
        return redirect(f"{reverse('accounts:second_factor_check')}?{urlencode({'next': request.path})}")
    return None


@never_cache
def second_factors(request):
    user = request.user
    return render(request, "accounts/second_factors.html", {
        "page_title": "Your second factors", "required": second_factor.is_required(user),
        "authenticator": second_factor.authenticator_of(user), "passkeys": second_factor.passkeys_of(user),
        "codes_left": second_factor.recovery_codes_left(user), "set_up": second_factor.is_set_up(user),
    })


@never_cache
def authenticator_setup(request):
    waiting = _adding_needs_check(request)
    if waiting:
        return waiting
    device = second_factor.pending_authenticator(request.user)
    form = AuthenticatorCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            second_factor.confirm_authenticator(request, form.cleaned_data["code"])
            messages.success(request, "Your authenticator app is set up")
            return redirect("accounts:recovery_codes_new" if second_factor.NEW_RECOVERY_CODES in request.session
                            else _safe_next(request, "accounts:second_factor_setup"))
    key = base64.b32encode(device.bin_key).decode()
    return form_page(request, form, page_title="Set up an authenticator app",
                     template="accounts/authenticator_setup.html",
                     back_url=reverse_lazy("accounts:second_factor_setup"),
                     qr_code=segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
                     key=" ".join(key[i:i + 4] for i in range(0, len(key), 4)),
                     replacing=second_factor.authenticator_of(request.user) is not None)


@never_cache
def passkey_setup(request):
    waiting = _adding_needs_check(request)
    if waiting:
        return waiting
    after = reverse_lazy("accounts:recovery_codes_new") if second_factor.recovery_codes_left(request.user) == 0 \
        else reverse_lazy("accounts:second_factor_setup")
    return render(request, "accounts/passkey_setup.html", {"page_title": "Add a passkey", "after": after})


@require_POST
def authenticator_remove(request):
    with showing_refusal_message(request):
        second_factor.remove_authenticator(by=request.user)
        messages.success(request, "The authenticator app is removed: its codes no longer work")
    return redirect("accounts:second_factor_setup")


@require_POST
def passkey_remove(request, pk):
    credential = get_object_or_404(second_factor.passkeys_of(request.user), pk=pk)
    with showing_refusal_message(request):
        second_factor.remove_passkey(by=request.user, credential=credential)
        messages.success(request, "The passkey is removed")
    return redirect("accounts:second_factor_setup")


@never_cache
def recovery_codes(request):
    """New recovery codes, shown once: after a first second factor is added, or when asked for."""
    if request.method == "POST":
        if not second_factor.is_set_up(request.user):
            messages.error(request, "Set up an authenticator app or a passkey first: recovery codes back one up")
            return redirect("accounts:second_factor_setup")
        request.session[second_factor.NEW_RECOVERY_CODES] = second_factor.make_recovery_codes(request.user)
        return redirect("accounts:recovery_codes_new")
    codes = request.session.pop(second_factor.NEW_RECOVERY_CODES, None)
    return render(request, "accounts/recovery_codes.html", {
        "page_title": "Your recovery codes", "codes": codes,
        "codes_left": second_factor.recovery_codes_left(request.user)})
