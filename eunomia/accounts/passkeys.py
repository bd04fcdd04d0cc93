"""Passkeys (WebAuthn) as a second factor, through django-otp-webauthn (ADR 46).

Its JSON views are used as they are, with three changes: a passkey is never a sign-in on its own
(the password comes first); a person who has a second factor must give it before adding a passkey
(the library asks django-otp, which does not know a session that gave a recovery code or skipped in
the demo, so it asks eunomia.accounts.second_factor instead); and every use, refusal and addition
goes through second_factor, which audits it.

The relying party is the host the browser asked for (checked against ALLOWED_HOSTS by Django), so a
passkey belongs to the service's own address.
"""

import json

from django.http.request import split_domain_port
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions, views
from django_otp_webauthn.helpers import WebAuthnHelper

from eunomia.accounts import second_factor
from eunomia.audit import actions as audit


class PasskeyHelper(WebAuthnHelper):
    def get_relying_party_domain(self):
        return split_domain_port(self.request.get_host())[0]

    def get_allowed_origins(self):
        return [f"{self.request.scheme}://{self.request.get_host()}"]


class _AsksSecondFactor:
    def user_is_mfa_enrolled(self, user):
        return second_factor.is_set_up(user) and not second_factor.is_satisfied(self.request)


class RegistrationBegin(_AsksSecondFactor, views.BeginCredentialRegistrationView):
    pass


class RegistrationComplete(_AsksSecondFactor, views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        credential = second_factor.passkeys_of(self.request.user).get(pk=json.loads(response.content)["id"])
        second_factor.passkey_added(self.request, credential)
        return response


class AuthenticationBegin(views.BeginCredentialAuthenticationView):
    pass


class AuthenticationComplete(views.CompleteCredentialAuthenticationView):
    def check_can_authenticate(self):
        if not self.request.user.is_authenticated:
            raise exceptions.PasswordlessLoginDisabled()
        super().check_can_authenticate()

    def complete_auth(self, device):
        super().complete_auth(device)
        second_factor.passed(self.request, method="passkey", device=device)

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and self.request.user.is_authenticated:
            audit.record(by=self.request.user, action="user.second_factor_refused", obj=self.request.user,
                         data={"method": "passkey", "why": exc.code})
        return super().handle_exception(exc)


# The library's JavaScript finds these by its own names (namespace otp_webauthn).
app_name = "otp_webauthn"
urlpatterns = [
    path("registration/begin/", RegistrationBegin.as_view(), name="credential-registration-begin"),
    path("registration/complete/", RegistrationComplete.as_view(), name="credential-registration-complete"),
    path("authentication/begin/", AuthenticationBegin.as_view(), name="credential-authentication-begin"),
    path("authentication/complete/", AuthenticationComplete.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]
