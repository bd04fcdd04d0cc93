"""API tokens that expire, are named and revoked by their owner, and end with a password change.

A client sends `Authorization: Token <key>`. Only the key's SHA-256 is stored; the token also keeps a
digest of the owner's password hash as it was, so changing or resetting the password ends every
token at once. The first use of a token each day is audited, as a sign-in is.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from eunomia.accounts.models import ApiToken
from eunomia.audit import actions as audit

# Choices offered for how long a token lasts; none lasts longer than a year.
TOKEN_DAYS = (30, 90, 180, 365)


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def create_token(*, by, name, days):
    """A new token for `by`; returns (token, key). The key is shown once and never stored."""
    if days not in TOKEN_DAYS:
        raise ValidationError({"days": f"Choose how long it lasts: {', '.join(map(str, TOKEN_DAYS))} days"})
    if not name.strip():
        raise ValidationError({"name": "Name the token, for example for the script that uses it"})
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(user=by, name=name.strip(), prefix=key[:8], key_hash=_digest(key),
                                        password_digest=_digest(by.password), created_at=now,
                                        expires_at=now + datetime.timedelta(days=days))
        audit.record(by=by, action="token.created", obj=token, data={"name": token.name, "days": days})
    return token, key


def revoke_token(*, by, token):
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(by=by, action="token.revoked", obj=token, data={"name": token.name})
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


def why_unusable(token, now):
    """Why a token no longer works, in words, or None while it does."""
    if token.revoked_at is not None:
        return f"revoked on {timezone.localtime(token.revoked_at):%-d %B %Y}"
    if now >= token.expires_at:
        return f"expired on {timezone.localtime(token.expires_at):%-d %B %Y}"
    if token.password_digest != _digest(token.user.password):
        return "ended by a change of password"
    return None


class ExpiringTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the token as 'Authorization: Token <key>'.")
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key)).first()
        now = timezone.now()
        if token is None or not token.user.is_active or why_unusable(token, now):
            raise exceptions.AuthenticationFailed("Invalid token.")
        first_today = token.last_used_at is None or timezone.localdate(token.last_used_at) != timezone.localdate(now)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        if first_today:
            audit.record(by=token.user, action="user.signed_in_with_token", obj=token, data={"name": token.name})
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token: an `Authorization: Token <key>` header."""

    target_class = ExpiringTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Token-based authentication: 'Token <key>', a key made under Your account → API tokens"}
