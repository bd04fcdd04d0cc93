"""Signing in with the organisation's identity provider (OpenID Connect, such as Microsoft Entra ID;
ADR 47). Off unless EUNOMIA_OIDC_ISSUER, EUNOMIA_OIDC_CLIENT_ID and EUNOMIA_OIDC_CLIENT_SECRET are set.

The provider says who the person is; an existing account with that email address, which the provider
has verified, and a current membership say whether they may come in. Nobody gets an account here:
people join by invitation. mozilla-django-oidc does the protocol (state, nonce, PKCE, the code
exchange, the signature); this module adds what it leaves to us: the endpoints from the issuer's
discovery document, the ID token's issuer, audience and times, and our rules, each refusal in words.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from eunomia.accounts.models import User
from eunomia.accounts.queries import current_memberships

logger = logging.getLogger(__name__)

# In the session when the provider says it asked for a second factor (its ID token's `amr` holds
# "mfa"), or the operator says it always does (EUNOMIA_OIDC_ENFORCES_MFA). The second factor step reads it.
IDP_MFA = "_eunomia_idp_mfa"
# Where mozilla-django-oidc keeps the page asked for (already checked to be on this site).
NEXT = "oidc_login_next"
# Seconds the provider's clock and ours may differ by when the ID token's times are checked.
CLOCK_SKEW = 60
# How a provider fails: unreachable, an error answer, or a document or token that is not as it should be.
PROVIDER_FAILURES = (requests.RequestException, SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError, TypeError,
                     AttributeError)


class Refused(Exception):
    """Someone coming from or going to the provider is not signed in: `why` for the audit log,
    `message` for them, `email` when the provider named one."""

    def __init__(self, why, message, *, email="", status=403):
        super().__init__(message)
        self.why, self.message, self.email, self.status = why, message, email, status


def enabled():
    return bool(settings.OIDC_ISSUER)


def _unavailable():
    return Refused("provider_unavailable", f"Signing in with {settings.OIDC_PROVIDER_NAME} is not working just now. "
                   "Try again in a few minutes, or sign in with your email address and password.", status=503)


_discovered = {}


def endpoints():
    """The issuer's discovery document, read on first use and kept while the process lives: a
    provider that is down when the service starts does not stop it starting."""
    issuer = settings.OIDC_ISSUER
    if issuer not in _discovered:
        try:
            answer = requests.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration",
                                  timeout=settings.OIDC_TIMEOUT)
            answer.raise_for_status()
            document = answer.json()
            found = {key: document[key] for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")}
        except PROVIDER_FAILURES as failure:
            logger.warning("Could not read the discovery document of %s: %s", issuer, failure)
            raise _unavailable() from failure
        if found["issuer"] != issuer:
            logger.error("EUNOMIA_OIDC_ISSUER is %s but its discovery document names %s", issuer, found["issuer"])
            raise _unavailable()
        _discovered[issuer] = found
    return _discovered[issuer]


def person_for(claims):
    """The account the provider's claims name, or Refused: the email address must be one the provider
    has verified (or the operator trusts its addresses), of an active account with a current membership."""
    name = settings.OIDC_PROVIDER_NAME
    email = claims.get("email")
    email = email.strip().lower() if isinstance(email, str) else ""
    if not email:
        raise Refused("no_email", f"Signing in with {name} did not tell us your email address, so we cannot tell "
                      "which account is yours. Sign in with your email address and password instead.")
    if claims.get("email_verified") not in (True, "true") and not settings.OIDC_TRUST_EMAIL:
        raise Refused("email_not_verified", f"Signing in with {name} did not confirm that {email} is your email "
                      "address, so we cannot sign you in with it. Sign in with your email address and password "
                      "instead.", email=email)
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        raise Refused("no_account", f"There is no account for {email}. People join by invitation: ask your "
                      "partnership's CSP manager to invite you.", email=email)
    if not current_memberships().filter(user=user).exists():
        raise Refused("no_membership", "You are not a member of any partnership now. If you should be, ask your "
                      "partnership's CSP manager.", email=email)
    return user


def mfa_checked(claims):
    """Whether the provider asked this person for a second factor when they signed in there."""
    amr = claims.get("amr")
    return settings.OIDC_ENFORCES_MFA or (isinstance(amr, list) and "mfa" in amr)


class Backend(OIDCAuthenticationBackend):
    """The library's code exchange and signature check, with the discovered endpoints and the checks
    it leaves out. Not in AUTHENTICATION_BACKENDS: only the callback uses it, so the password form
    never reaches it and it needs no settings when the feature is off."""

    def __init__(self):
        # The library's own reads fixed endpoints from settings; ours come from the discovery document.
        found = endpoints()
        self.issuer = found["issuer"]
        self.OIDC_OP_TOKEN_ENDPOINT, self.OIDC_OP_JWKS_ENDPOINT = found["token_endpoint"], found["jwks_uri"]
        self.OIDC_OP_USER_ENDPOINT = None  # not asked: see get_or_create_user
        self.OIDC_RP_CLIENT_ID, self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO, self.OIDC_RP_IDP_SIGN_KEY = settings.OIDC_RP_SIGN_ALGO, None
        self.UserModel = User
        self.claims = {}

    def retrieve_matching_jwk(self, token):
        """The provider's key for this token: the one its `kid` names (Entra publishes several and
        names one), or its only key when it names none (the library insists on a `kid`)."""
        answer = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        answer.raise_for_status()
        keys = answer.json()["keys"]
        kid = jwt.get_unverified_header(token).get("kid")
        matching = [key for key in keys if key.get("kid") == kid] if kid else keys
        if len(matching) != 1:
            raise SuspiciousOperation(f"{len(matching)} of the provider's keys match its token's kid {kid!r}")
        return jwt.PyJWK(matching[0])

    def _verify_jws(self, payload, key):
        """The signature, and (which the library does not check) that the token is from our issuer,
        for us, and current."""
        try:
            return jwt.decode(payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                              issuer=self.issuer, leeway=CLOCK_SKEW,
                              options={"require": ["iss", "aud", "sub", "exp", "iat"]})
        except jwt.InvalidTokenError as invalid:
            logger.warning("An ID token from %s was refused: %s", self.issuer, invalid)
            raise Refused("bad_token", f"Signing in with {settings.OIDC_PROVIDER_NAME} gave us an answer we cannot "
                          "accept. Start again from the sign-in page.", status=400) from invalid

    def get_or_create_user(self, access_token, id_token, payload):
        """The person the signed ID token names; never a new account. The userinfo endpoint is not
        asked: the ID token carries the email address (Entra serves userinfo from Microsoft Graph)."""
        self.claims = payload
        return person_for(payload)


class Start(OIDCAuthenticationRequestView):
    """The library's redirect to the provider (state, nonce and PKCE kept in the session), to the
    discovered authorisation endpoint."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the library's own reads a fixed endpoint from settings

    def get(self, request):
        self.OIDC_OP_AUTH_ENDPOINT = endpoints()["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


start = Start.as_view()


def finish(request):
    """Back from the provider: (the person, the ID token's claims), or Refused. Each state works once."""
    name = settings.OIDC_PROVIDER_NAME
    states = request.session.get("oidc_states")
    started = states.pop(request.GET.get("state", ""), None) if isinstance(states, dict) else None
    if started is not None:
        request.session.modified = True  # spent, whatever happens next
    if request.GET.get("error"):
        logger.info("%s answered %s: %s", name, request.GET["error"], request.GET.get("error_description", ""))
        raise Refused("provider_refused", f"You did not finish signing in with {name}. Start again from the "
                      "sign-in page.", status=400)
    if started is None or not request.GET.get("code"):
        raise Refused("bad_state", "This sign-in has expired or was already used. Start again from the sign-in "
                      "page.", status=400)
    backend = Backend()
    try:
        user = backend.authenticate(request, nonce=started.get("nonce"), code_verifier=started.get("code_verifier"))
    except PROVIDER_FAILURES as failure:
        logger.warning("Signing in with %s failed: %s", settings.OIDC_ISSUER, failure)
        user = None
    if user is None:
        raise Refused("provider_failed", f"We could not check your sign-in with {name}. Try again in a few "
                      "minutes, or sign in with your email address and password.", status=502)
    return user, backend.claims
