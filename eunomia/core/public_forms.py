"""Protection for the forms anyone may send without signing in (reporting a hate incident, applying for
an ASB case review; ADR 67). No third-party CAPTCHA: four plain guards, each refusing with a page that
says what happened and what to do.

- Size: a POST body over PUBLIC_FORM_MAX_BYTES is refused (413) before it is read. Each field's own
  length limit is the form's (a plain validation error on the field).
- Pages: every POST to a public form counts against PUBLIC_FORM_STEP_LIMIT per sender in the window
  (a form's pages are kept in the session, so a flood of pages is a flood of writes too).
- Sending: sending the whole form counts against PUBLIC_FORM_ADDRESS_LIMIT per sender and
  PUBLIC_FORM_LIMIT for the form from everyone, in the window (429, with when to try again).
- A honeypot field, hidden from people (and from screen readers) by CSS, that a robot filling every
  input fills in: the form is refused with a message a person who filled it can act on.

A sender is the account when signed in (a reporting centre's staff send many reports from one office),
otherwise the client's address as eunomia.core.addresses finds it. Only a keyed hash of it is kept, and
only for the window.

How a view uses them:

    @public_form("hate-report")
    def step(request, ...): ...                 # size and page limits on every POST

    try:
        public_forms.count_sending(request, "hate-report")
    except public_forms.Refused as refused:
        return public_forms.refusal(request, refused)
    report = actions.receive(...)               # only now is anything written
"""

import datetime
import hashlib
import hmac
from functools import wraps

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eunomia.core.addresses import client_address
from eunomia.core.models import FormAttempt

STEP, SEND = "step", "send"
HONEYPOT = "leave_this_empty"


class Refused(Exception):
    def __init__(self, status, title, message, retry_at=None):
        super().__init__(message)
        self.status, self.title, self.message, self.retry_at = status, title, message, retry_at


def sender_key(request):
    user = getattr(request, "user", None)
    who = f"user:{user.pk}" if user is not None and user.is_authenticated else f"address:{client_address(request)}"
    return hmac.new(settings.SECRET_KEY.encode(), who.encode(), hashlib.sha256).hexdigest()


def _window_start(now):
    return now - datetime.timedelta(seconds=settings.PUBLIC_FORM_WINDOW_SECONDS)


def _retry_at(rows, now):
    """When the oldest attempt counted leaves the window, so one more would be allowed."""
    oldest = rows.order_by("at").values_list("at", flat=True).first() or now
    return oldest + datetime.timedelta(seconds=settings.PUBLIC_FORM_WINDOW_SECONDS)


def _count(request, form, kind, *, per_sender, for_form=None):
    """Record this attempt, then count the window's attempts including it. The row is written (and
    committed) before counting, so of any number sent at once at most the limit get through: the last
    of them to be written counts every other."""
    now = timezone.now()
    sender = sender_key(request)
    # Rows older than the window count for nothing: clearing them here keeps the table small.
    FormAttempt.objects.filter(form=form, kind=kind, at__lt=_window_start(now)).delete()
    FormAttempt.objects.create(form=form, kind=kind, sender=sender, at=now)
    window = FormAttempt.objects.filter(form=form, kind=kind, at__gte=_window_start(now))
    mine = window.filter(sender=sender)
    if mine.count() > per_sender:
        return "sender", mine, now
    if for_form is not None and window.count() > for_form:
        return "form", window, now
    return None, None, now


def _wait_text(retry_at):
    local = timezone.localtime(retry_at)
    return _("Try again after %(time)s on %(day)s.") % {"time": local.strftime("%H:%M"),
                                                          "day": local.strftime("%-d %B %Y")}


def count_page(request, form):
    limit, counted, now = _count(request, form, STEP, per_sender=settings.PUBLIC_FORM_STEP_LIMIT)
    if limit is not None:
        retry_at = _retry_at(counted, now)
        raise Refused(429, _("Too many pages sent"),
                      _("So many pages of this form have been sent from your connection in the last hour that we "
                        "have stopped accepting more for a while. Nothing you sent before was lost.") + " "
                      + _wait_text(retry_at), retry_at)


def count_sending(request, form):
    """Count one sending of the whole form; Refused when over a limit. Call it just before writing."""
    limit, counted, now = _count(request, form, SEND, per_sender=settings.PUBLIC_FORM_ADDRESS_LIMIT,
                                 for_form=settings.PUBLIC_FORM_LIMIT)
    if limit is None:
        return
    retry_at = _retry_at(counted, now)
    if limit == "sender":
        message = _("%(count)s forms have already been sent from your connection in the last hour, which is as "
                    "many as we accept.") % {"count": settings.PUBLIC_FORM_ADDRESS_LIMIT}
    else:
        message = _("We are receiving more forms than usual and have stopped accepting new ones for a while.")
    raise Refused(429, _("Your form has not been sent"), message + " " + _wait_text(retry_at) + " "
                  + _("If someone is in danger now, call 999."), retry_at)


def check_size(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.PUBLIC_FORM_MAX_BYTES:
        raise Refused(413, _("What you sent is too long"),
                      _("What you sent is %(sent)s KB; this form accepts up to %(limit)s KB. Shorten your answers "
                        "and send again.") % {"sent": length // 1024, "limit": settings.PUBLIC_FORM_MAX_BYTES // 1024})


def refusal(request, refused):
    response = render(request, "core/public_refused.html", {"refused": refused}, status=refused.status)
    if refused.retry_at is not None:
        response["Retry-After"] = str(max(1, int((refused.retry_at - timezone.now()).total_seconds())))
    return response


def public_form(form):
    """Guard a public form's view: every POST is size-checked and counted as a page."""
    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.method == "POST":
                try:
                    check_size(request)
                    count_page(request, form)
                except Refused as refused:
                    return refusal(request, refused)
            return view(request, *args, **kwargs)
        return guarded
    return decorate


class _HoneypotBoundField(forms.BoundField):
    def css_classes(self, extra_classes=None):
        return super().css_classes(extra_classes=f"eunomia-honeypot {extra_classes or ''}".strip())


class HoneypotField(forms.CharField):
    """Hidden from people by the eunomia-honeypot class (display: none, so screen readers skip it too);
    its label says what to do for anyone who sees it without the style sheet."""

    bound_field_class = _HoneypotBoundField

    def __init__(self):
        super().__init__(required=False, label=gettext_lazy("Leave this empty"), max_length=200,
                         widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))


class HoneypotMixin:
    """Adds the honeypot to a public form; a form with it filled in does not validate."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = HoneypotField()

    def clean(self):
        cleaned = super().clean()
        if (self.cleaned_data.get(HONEYPOT) or "").strip():
            raise ValidationError(_("This form could not be sent because the field labelled “Leave this empty” was "
                                    "filled in. Clear that field and send the form again."))
        return cleaned
