"""What core keeps of its own: the attempts at public forms, which the rate limits count."""

from django.db import models


class FormAttempt(models.Model):
    """One POST to a public form: `kind` is "step" for a page of the form and "send" for sending it.
    The sender is kept only as a keyed hash of their address (or account), never the address
    itself, and only for the limits' window: eunomia.core.public_forms deletes older rows."""

    form = models.CharField(max_length=40)
    kind = models.CharField(max_length=10)
    sender = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["form", "kind", "at"], name="form_attempt_by_form"),
                   models.Index(fields=["sender", "form", "kind", "at"], name="form_attempt_by_sender")]
