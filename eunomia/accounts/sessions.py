"""Signed-in sessions: each one known by its owner (to see and end the others), ended after a time
without activity (SESSION_IDLE_MINUTES) and after an absolute time from signing in
(SESSION_COOKIE_AGE), whichever comes first.

A session's own activity is written at most once a minute, so a page load is not a write.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db import transaction
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone

from eunomia.accounts.models import SignedInSession
from eunomia.audit import actions as audit
from eunomia.core.addresses import client_address

STARTED, SEEN = "_eunomia_started", "_eunomia_seen"
WRITE_EVERY = datetime.timedelta(minutes=1)


def signed_in(request, user):
    """Note a sign-in (call right after django.contrib.auth.login): its start, for the limits, and
    the row its owner sees."""
    now = timezone.now()
    request.session[STARTED] = request.session[SEEN] = now.timestamp()
    SignedInSession.objects.update_or_create(session_key=request.session.session_key, defaults={
        "user": user, "started_at": now, "last_seen_at": now,
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300], "ip_address": client_address(request)})


def signing_out(request):
    """Forget the session being signed out (call before django.contrib.auth.logout)."""
    if request.session.session_key:
        SignedInSession.objects.filter(session_key=request.session.session_key).delete()


def why_ended(session, now):
    """Why a session must end now ('idle' or 'absolute'), or None."""
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        return None  # signed in before sessions were tracked: Django's own expiry applies
    if now.timestamp() - seen > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now.timestamp() - started > settings.SESSION_COOKIE_AGE:
        return "absolute"
    return None


class SessionActivityMiddleware:
    """Ends a session that has been idle too long or has lasted too long, and notes activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = timezone.now()
            ended = why_ended(request.session, now)
            if ended:
                audit.record(by=user, action="user.session_ended", obj=user, data={"why": ended})
                signing_out(request)
                logout(request)
                messages.info(request, f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes without "
                                       "activity" if ended == "idle" else "You were signed out: sessions last "
                                       f"{settings.SESSION_COOKIE_AGE // 3600} hours at most")
                if request.path.startswith("/api/"):
                    return self.get_response(request)  # answered as anonymous: the API refuses in JSON
                return redirect_to_login(request.get_full_path())
            seen = request.session.get(SEEN)
            if seen is not None and now.timestamp() - seen >= WRITE_EVERY.total_seconds():
                request.session[SEEN] = now.timestamp()
                SignedInSession.objects.filter(session_key=request.session.session_key).update(last_seen_at=now)
        return self.get_response(request)


def sessions_of(user):
    return SignedInSession.objects.filter(user=user)


def end_session(*, by, signed_in):
    """End one of `by`'s sessions (on another browser): it is signed out at its next request."""
    with transaction.atomic():
        Session.objects.filter(session_key=signed_in.session_key).delete()
        audit.record(by=by, action="user.session_ended_by_owner", obj=by,
                     data={"started_at": signed_in.started_at.isoformat()})
        signed_in.delete()
