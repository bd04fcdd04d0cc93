"""Figures the plan can quote about tasking and co-ordination."""

from django.db.models import F, Q

from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.tasking.models import Issue, Task

SOURCE = "Eunomia: tasking and co-ordination meetings, the issues raised and the tasks set at them"


def _tasks(partnership):
    return Task.objects.filter(partnership=partnership)


@measure("tasking.tasks_set", title="Tasks set at tasking meetings", unit=Unit.COUNT, source=SOURCE,
         definition="Number of tasks given to partner organisations at tasking meetings held in the figure's period.",
         counts=COUNTS_EVENTS)
def tasks_set(*, partnership, period_start, period_end):
    return _tasks(partnership).filter(set_on__gte=period_start, set_on__lte=period_end).count()


@measure("tasking.tasks_completed", title="Tasks completed", unit=Unit.COUNT, source=SOURCE,
         definition="Number of tasks from tasking meetings completed in the figure's period, whenever they were set.",
         counts=COUNTS_EVENTS)
def tasks_completed(*, partnership, period_start, period_end):
    return _tasks(partnership).filter(completed_on__gte=period_start, completed_on__lte=period_end).count()


@measure("tasking.tasks_on_time_share", title="Tasks completed by their due date", unit=Unit.PERCENTAGE,
         source=SOURCE,
         definition="Of the tasks due in the figure's period, the percentage completed on or before their due "
                    "date (a task still open, or completed after its due date, counts as not on time). No value "
                    "when no task was due in the period.")
def tasks_on_time_share(*, partnership, period_start, period_end):
    due = _tasks(partnership).filter(due_on__gte=period_start, due_on__lte=period_end)
    total = due.count()
    if not total:
        return None
    on_time = due.filter(completed_on__isnull=False, completed_on__lte=F("due_on")).count()
    return round(on_time * 100 / total, 1)


@measure("tasking.tasks_overdue_at_end", title="Tasks overdue at the end of the period", unit=Unit.COUNT,
         source=SOURCE,
         definition="Number of tasks that, on the last day of the figure's period, were past their due date (due "
                    "before that day) and not yet completed (open, or completed after that day).", counts=COUNTS_EVENTS)
def tasks_overdue_at_end(*, partnership, period_start, period_end):
    return _tasks(partnership).filter(due_on__lt=period_end).filter(
        Q(completed_on__isnull=True) | Q(completed_on__gt=period_end)).count()


@measure("tasking.issues_raised", title="Issues raised at tasking meetings", unit=Unit.COUNT, source=SOURCE,
         definition="Number of issues of concern raised at tasking meetings held in the figure's period: {source}.",
         params={"source": [(Issue.Source.PARTNER.value, "those raised by a partner organisation"),
                            (Issue.Source.ASSESSMENT_ALERT.value, "those raised from an assessment alert (a place "
                                                                  "where crime is rising fastest)")]},
                                                                  counts=COUNTS_EVENTS)
def issues_raised(*, partnership, period_start, period_end, source):
    return Issue.objects.filter(meeting__partnership=partnership, meeting__held_on__gte=period_start,
                                meeting__held_on__lte=period_end, source=source).count()
