"""An application's deadlines, in working days (eunomia.core.working_days, the bank holidays of
settings.BANK_HOLIDAY_REGION): the decision on the threshold after receiving it, the review meeting
after a decision that the threshold is met, and the outcome sent to the applicant after the meeting.
Each counts from the day the step before it happened (day 0); the partnership sets the numbers
(ProcedureSettings, ADR 63).

A deadline is due on its day and overdue from the day after, while its step is not done; once done
it is kept, on time or late, so the page can say which. A closed application owes nothing more."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from eunomia.core.working_days import add_working_days, holidays_between

DECISION, REVIEW, OUTCOME = "decision", "review", "outcome"

WHAT = {
    DECISION: _("Decision on the threshold"),
    REVIEW: _("Review meeting"),
    OUTCOME: _("Outcome and recommendations sent"),
}


@dataclass(frozen=True)
class Deadline:
    key: str
    days: int
    counted_from: datetime.date
    due_on: datetime.date
    done_on: datetime.date | None
    # Bank holidays on weekdays between the day counted from and the due day: why it is later than
    # a plain count of weekdays.
    holidays: tuple
    owed: bool  # still to be done (not done, and the application is not closed)
    today: datetime.date

    @property
    def what(self):
        return WHAT[self.key]

    @property
    def overdue(self):
        return self.owed and self.today > self.due_on

    @property
    def late(self):
        """Done after its day."""
        return self.done_on is not None and self.done_on > self.due_on


def deadlines(application, procedure, *, today):
    """The application's deadlines so far, in order: the decision always; the review meeting once the
    threshold is met; the outcome once the meeting is held."""
    closed = application.closed_on is not None
    found = []

    def add(key, days, start, done_on):
        due_on = add_working_days(start, days)
        found.append(Deadline(key=key, days=days, counted_from=start, due_on=due_on, done_on=done_on,
                              holidays=tuple(holidays_between(start, due_on)),
                              owed=done_on is None and not closed, today=today))

    add(DECISION, procedure.decision_days, application.received_on, application.decided_on)
    if application.threshold_met and application.decided_on:
        add(REVIEW, procedure.review_days, application.decided_on, application.meeting_on)
        if application.meeting_on:
            add(OUTCOME, procedure.outcome_days, application.meeting_on, application.outcome_sent_on)
    return found


def next_deadline(application, procedure, *, today):
    """The first deadline still owed, or None."""
    return next((d for d in deadlines(application, procedure, today=today) if d.owed), None)
