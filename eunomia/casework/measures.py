"""Figures from casework for the plan: counts only, never a person. They count every
organisation's records in the partnership, since a count shows no one's personal data."""

import datetime

from django.db.models import Q
from django.utils import timezone

from eunomia.casework.models import Case, Report
from eunomia.figures.models import Unit
from eunomia.figures.registry import measure

SOURCE = "Eunomia casework records of the partnership's organisations"
CATEGORY_CHOICES = [("all", "All categories")] + Report.Category.choices


def _between(period_start, period_end):
    start = timezone.make_aware(datetime.datetime.combine(period_start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period_end + datetime.timedelta(days=1), datetime.time.min))
    return start, end


@measure("casework.reports", title="Reports of anti-social behaviour", unit=Unit.COUNT, source=SOURCE,
         definition="Number of reports of anti-social behaviour ({category}) that happened in the figure's period, "
                    "recorded by any organisation of the partnership.",
         params={"category": CATEGORY_CHOICES})
def reports(*, partnership, period_start, period_end, category):
    start, end = _between(period_start, period_end)
    found = Report.objects.filter(partnership=partnership, occurred_at__gte=start, occurred_at__lt=end)
    return (found if category == "all" else found.filter(category=category)).count()


@measure("casework.cases_improved_share", title="ASB cases closed with behaviour improved or ceased",
         unit=Unit.PERCENTAGE, source=SOURCE,
         definition="Of the ASB cases closed in the figure's period, the percentage closed because the behaviour "
                    "improved or ceased. No value when no case was closed.")
def cases_improved_share(*, partnership, period_start, period_end):
    closed = Case.objects.filter(partnership=partnership, status=Case.Status.CLOSED,
                                 closed_on__gte=period_start, closed_on__lte=period_end)
    total = closed.count()
    if not total:
        return None
    improved = closed.filter(Q(outcome=Case.Outcome.IMPROVED) | Q(outcome=Case.Outcome.CEASED)).count()
    return round(improved * 100 / total, 1)
