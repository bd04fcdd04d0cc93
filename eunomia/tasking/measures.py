"""Figures the plan can quote about tasking and co-ordination."""

from django.db.models import F, Q
from django.urls import reverse

from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.tasking.models import Issue, Task
from eunomia.tasking.queries import issues_visible_to, tasks_visible_to

SOURCE = "Eunomia: tasking and co-ordination meetings, the issues raised and the tasks set at them"

# What a tasking figure counted (ADR 69). Tasking holds no personal data: every member who may read
# the plan reads it. A task is held by the organisation tasked, an issue by its meeting's chair.
record_kind("tasking.task", model=Task, noun="task", plural="tasks", visible=tasks_visible_to,
            owner="organisation_id", when="set_on", select_related=("organisation", "partnership"),
            columns=[("Task", lambda t: t.description), ("Tasked", lambda t: t.organisation.name),
                     ("Due on", lambda t: t.due_on), ("Completed on", lambda t: t.completed_on or "")],
            url=lambda t: reverse("tasking:task", args=[t.partnership.slug, t.pk]))
record_kind("tasking.issue", model=Issue, noun="issue", plural="issues", visible=issues_visible_to,
            owner="meeting__chair_organisation_id", when="meeting__held_on",
            select_related=("meeting__partnership", "meeting__chair_organisation", "raised_by_organisation"),
            columns=[("Issue", lambda i: i.title), ("Source", lambda i: i.get_source_display()),
                     ("Raised by", lambda i: i.raised_by_organisation.name if i.raised_by_organisation else "")],
            url=lambda i: reverse("tasking:meeting", args=[i.meeting.partnership.slug, i.meeting_id]))


def _tasks(partnership):
    return Task.objects.filter(partnership=partnership)


def _set_in(partnership, period_start, period_end):
    return _tasks(partnership).filter(set_on__gte=period_start, set_on__lte=period_end)


@measure("tasking.tasks_set", title="Tasks set at tasking meetings", unit=Unit.COUNT, source=SOURCE,
         definition="Number of tasks given to partner organisations at tasking meetings held in the figure's period.",
         counts=COUNTS_EVENTS)
def tasks_set(*, partnership, period_start, period_end):
    return _set_in(partnership, period_start, period_end).count()


@records_of("tasking.tasks_set")
def tasks_set_counted(*, partnership, period_start, period_end):
    return Counted("tasking.task", _set_in(partnership, period_start, period_end))


def _completed_in(partnership, period_start, period_end):
    return _tasks(partnership).filter(completed_on__gte=period_start, completed_on__lte=period_end)


@measure("tasking.tasks_completed", title="Tasks completed", unit=Unit.COUNT, source=SOURCE,
         definition="Number of tasks from tasking meetings completed in the figure's period, whenever they were set.",
         counts=COUNTS_EVENTS)
def tasks_completed(*, partnership, period_start, period_end):
    return _completed_in(partnership, period_start, period_end).count()


@records_of("tasking.tasks_completed")
def tasks_completed_counted(*, partnership, period_start, period_end):
    return Counted("tasking.task", _completed_in(partnership, period_start, period_end))


ON_TIME = Q(completed_on__isnull=False, completed_on__lte=F("due_on"))


def on_time_share(totals):
    return round(totals.numerator * 100 / totals.count, 1) if totals.count else None


@measure("tasking.tasks_on_time_share", title="Tasks completed by their due date", unit=Unit.PERCENTAGE,
         source=SOURCE,
         definition="Of the tasks due in the figure's period, the percentage completed on or before their due "
                    "date (a task still open, or completed after its due date, counts as not on time). No value "
                    "when no task was due in the period.")
def tasks_on_time_share(*, partnership, period_start, period_end):
    return on_time_share(tasks_on_time_counted(partnership=partnership, period_start=period_start,
                                               period_end=period_end).totals())


@records_of("tasking.tasks_on_time_share")
def tasks_on_time_counted(*, partnership, period_start, period_end):
    due = _tasks(partnership).filter(due_on__gte=period_start, due_on__lte=period_end)
    return Counted("tasking.task", due, numerator=ON_TIME, formula=on_time_share,
                   working=lambda t: f"{t.numerator:,} of {t.count:,} tasks due in the period completed by their "
                                     "due date")


def _overdue_on(partnership, day):
    return _tasks(partnership).filter(due_on__lt=day).filter(Q(completed_on__isnull=True) | Q(completed_on__gt=day))


@measure("tasking.tasks_overdue_at_end", title="Tasks overdue at the end of the period", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of tasks that, on the last day of the figure's period, were past their due date (due "
                    "before that day) and not yet completed (open, or completed after that day).", counts=COUNTS_EVENTS)
def tasks_overdue_at_end(*, partnership, period_start, period_end):
    return _overdue_on(partnership, period_end).count()


@records_of("tasking.tasks_overdue_at_end")
def tasks_overdue_at_end_counted(*, partnership, period_start, period_end):
    return Counted("tasking.task", _overdue_on(partnership, period_end))


def _issues(partnership, period_start, period_end, source):
    return Issue.objects.filter(meeting__partnership=partnership, meeting__held_on__gte=period_start,
                                meeting__held_on__lte=period_end, source=source)


@measure("tasking.issues_raised", title="Issues raised at tasking meetings", unit=Unit.COUNT, source=SOURCE,
         definition="Number of issues of concern raised at tasking meetings held in the figure's period: {source}.",
         params={"source": [(Issue.Source.PARTNER.value, "those raised by a partner organisation"),
                            (Issue.Source.ASSESSMENT_ALERT.value, "those raised from an assessment alert (a place "
                                                                  "where crime is rising fastest)")]},
                                                                  counts=COUNTS_EVENTS)
def issues_raised(*, partnership, period_start, period_end, source):
    return _issues(partnership, period_start, period_end, source).count()


@records_of("tasking.issues_raised")
def issues_raised_counted(*, partnership, period_start, period_end, source):
    return Counted("tasking.issue", _issues(partnership, period_start, period_end, source))
