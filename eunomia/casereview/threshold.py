"""Whether a case review application meets the threshold: a pure function over the reports it
rests on, so it can be tested at its edges without a database.

A qualifying complaint is a report made within `complaint_within_days` days of the behaviour
(the day of the behaviour is day 0), and made within the `window_months` months before the
application was received (the day exactly that many months before counts). Dates are local."""

import datetime

from django.utils import timezone

from eunomia.casework.models import Report
from eunomia.core.dates import add_months


def _local_date(moment):
    return timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment


def _plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def assess(reports, *, received_on, settings):
    """(met, reasons). `reports`: objects with reference, occurred_at, reported_at, category and,
    for the local threshold on individuals, `complainant_ids` (the people who complained)."""
    start = add_months(received_on, -settings.window_months)
    within = settings.complaint_within_days
    qualifying, reasons = [], []
    for report in sorted(reports, key=lambda r: (r.reported_at, r.reference)):
        occurred, reported = _local_date(report.occurred_at), _local_date(report.reported_at)
        late = (reported - occurred).days
        if late > within:
            reasons.append(f"{report.reference} does not count: it was reported {late} days after the "
                           f"behaviour, more than {within} days.")
        elif reported < start:
            reasons.append(f"{report.reference} does not count: it was reported on {reported:%-d %B %Y}, "
                           f"before the window starting {start:%-d %B %Y}.")
        elif reported > received_on:
            reasons.append(f"{report.reference} does not count: it was reported on {reported:%-d %B %Y}, "
                           f"after the application was received.")
        else:
            qualifying.append(report)
    window = f"between {start:%-d %B %Y} and {received_on:%-d %B %Y}"
    met_count = len(qualifying) >= settings.complaints
    reasons.insert(0, f"{_plural(len(qualifying), 'qualifying complaint')} {window}, each reported within {within} "
                      f"days of the behaviour; the threshold is {settings.complaints}: "
                      f"{'met' if met_count else 'not met'}.")
    met = met_count
    if settings.individuals:
        people = set()
        for report in qualifying:
            people.update(getattr(report, "complainant_ids", ()))
        met_people = len(people) >= settings.individuals
        reasons.insert(1, f"{_plural(len(people), 'different complainant')} in those complaints; the local "
                          f"threshold is {settings.individuals}: {'met' if met_people else 'not met'}.")
        met = met or met_people
    if settings.hate_incident:
        hate = [r.reference for r in qualifying if r.category == Report.Category.HATE]
        where = 2 if settings.individuals else 1
        if hate:
            reasons.insert(where, f"{', '.join(hate)} {'is a hate-motivated incident' if len(hate) == 1 else 'are hate-motivated incidents'}; "
                                  "the local threshold of one hate-motivated report is met.")
        else:
            reasons.insert(where, "No qualifying complaint is a hate-motivated incident; the local threshold of "
                                  "one hate-motivated report is not met.")
        met = met or bool(hate)
    return met, reasons
