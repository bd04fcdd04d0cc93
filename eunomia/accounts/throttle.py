"""Sign-in throttling: after LOGIN_FAILURE_LIMIT failures within the window for one account name, or
LOGIN_FAILURE_ADDRESS_LIMIT from one address, further attempts are refused until the window has
passed. The address is the client's as eunomia.core.addresses finds it behind trusted proxies, and its
limit is much higher than an account's: one person's typos must not lock out an office (ADR 42)."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from eunomia.accounts.models import LoginFailure


def _window_start():
    return timezone.now() - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def is_locked_out(*, email, ip_address):
    email = (email or "").strip().lower()
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    by_email = recent.filter(email=email).count() if email else 0
    by_ip = recent.filter(ip_address=ip_address).count() if ip_address else 0
    return by_email >= settings.LOGIN_FAILURE_LIMIT or by_ip >= settings.LOGIN_FAILURE_ADDRESS_LIMIT


def record_failure(*, email, ip_address):
    LoginFailure.objects.create(email=(email or "").strip().lower()[:254], ip_address=ip_address)
    # Old failures are of no further use; clearing them here keeps the table small without a job.
    LoginFailure.objects.filter(at__lt=_window_start()).delete()


def clear_failures(*, email):
    LoginFailure.objects.filter(Q(email=(email or "").strip().lower())).delete()


def lockout_wait():
    minutes = max(1, round(settings.LOGIN_FAILURE_WINDOW_SECONDS / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
