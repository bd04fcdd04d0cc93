"""Retention applied on its schedule (ADR 73): what every app's nightly retention task shares.

An app's retention module says what is due in a partnership and erases it (`due(partnership, today=)`,
`erase(partnership, today=, by=)`, returning a dataclass of lists of the records). The nightly task erases
what is due in every partnership, each in its own transaction with its own audit event, as
`apply_retention --erase` does by hand. A partnership with nothing due is left alone: no erasure, so no
audit event saying nothing was erased every night (the run's record says the task ran)."""

import dataclasses
import logging

from django.utils import timezone

from eunomia.partners.models import Partnership
from eunomia.upkeep.schedule import Failed

logger = logging.getLogger("eunomia.upkeep")


def _counts(found):
    return {field.name: len(getattr(found, field.name)) for field in dataclasses.fields(found)}


def apply_everywhere(retention, *, today=None):
    """Erase what `retention` says is due today in every partnership; returns what was erased in one line.
    A partnership whose erasure fails is named in a Failed raised once the others are done."""
    today = today or timezone.localdate()
    totals, erased_in, failed = {}, 0, []
    partnerships = list(Partnership.objects.order_by("slug"))
    for partnership in partnerships:
        try:
            counts = _counts(retention.due(partnership, today=today))
            if any(counts.values()):
                counts = _counts(retention.erase(partnership, today=today, by=None))
                erased_in += 1
        except Exception:
            logger.exception("Retention (%s) failed in the partnership %s", retention.__name__, partnership.slug)
            failed.append(partnership.slug)
            continue
        for name, count in counts.items():
            totals[name] = totals.get(name, 0) + count
    words = ", ".join(f"{count} {name}" for name, count in totals.items()) or "nothing"
    said = f"Erased {words} due on {today:%-d %B %Y}, in {erased_in} of {len(partnerships)} partnerships."
    if failed:
        raise Failed(f"Retention failed in {', '.join(failed)} (the details are in the log). {said}")
    return said
