"""Figures Eunomia works out from the partnership's funds, projects and accepted returns. Only
accepted returns count: a draft, a submitted return not yet decided, or one sent back, never does."""

from decimal import Decimal

from django.db.models import Sum

from eunomia.core.formatting import Unit
from eunomia.core.periods import plan_period
from eunomia.figures.registry import COUNTS_EVENTS, COUNTS_PEOPLE, MeasureError, measure
from eunomia.projects.models import PENNY, Allocation, BudgetLine, Fund, Project, ProjectMeasure, Return, ReturnValue

SOURCE = "Eunomia: the partnership's funds, projects and the monitoring returns their providers made, as accepted"
ZERO = Decimal("0.00")


def project_choices():
    return [(pk, title) for pk, title in Project.objects.values_list("pk", "title")]


def fund_choices():
    return [(f.pk, str(f)) for f in Fund.objects.select_related("partnership")]


def measure_choices():
    return [(m.pk, f"{m.name} ({m.project.title})") for m in ProjectMeasure.objects.select_related("project")]


def _own(model, partnership, pk, **related):
    found = model.objects.filter(pk=pk, **{related.get("via", "partnership"): partnership}).first()
    if found is None:
        raise MeasureError(f"There is no such {model._meta.verbose_name} in {partnership}")
    return found


def accepted_returns(period_start, period_end):
    """Accepted returns for periods starting in the figure's period."""
    return Return.objects.filter(status=Return.Status.ACCEPTED, period_start__gte=period_start,
                                 period_start__lte=period_end)


def _years_starting(partnership, period_start, period_end):
    """The financial years whose first day falls in the period."""
    month = partnership.year_start_month
    return [year for year in range(period_start.year - 1, period_end.year + 1)
            if period_start <= plan_period(year, month)[0] <= period_end]


def spend_of(project, period_start, period_end):
    return accepted_returns(period_start, period_end).filter(project=project).aggregate(
        total=Sum("spend"))["total"] or ZERO


def count_of(project_measure, period_start, period_end):
    return ReturnValue.objects.filter(
        measure=project_measure, return_record__in=accepted_returns(period_start, period_end)).aggregate(
        total=Sum("value"))["total"] or Decimal(0)


@measure("projects.fund_amount", title="Amount of a fund", unit=Unit.MONEY, source=SOURCE,
         definition="The amount, in pounds and pence, of {fund} for the financial year it is given for; £0.00 when "
                    "that year does not start in the figure's period.",
         params={"fund": fund_choices})
def fund_amount(*, partnership, period_start, period_end, fund):
    fund = _own(Fund, partnership, fund)
    return fund.amount if fund.start_year in _years_starting(partnership, period_start, period_end) else ZERO


@measure("projects.fund_allocated", title="Money allocated from a fund", unit=Unit.MONEY, source=SOURCE,
         definition="Money allocated to projects from {fund}, in pounds and pence; £0.00 when the fund's financial "
                    "year does not start in the figure's period.",
         params={"fund": fund_choices})
def fund_allocated(*, partnership, period_start, period_end, fund):
    fund = _own(Fund, partnership, fund)
    if fund.start_year not in _years_starting(partnership, period_start, period_end):
        return ZERO
    return Allocation.objects.filter(fund=fund).aggregate(total=Sum("amount"))["total"] or ZERO


@measure("projects.allocated", title="Money allocated to a project", unit=Unit.MONEY, source=SOURCE,
         definition="Money allocated to {project} from the partnership's funds for the financial years starting in "
                    "the figure's period, in pounds and pence.",
         params={"project": project_choices})
def allocated(*, partnership, period_start, period_end, project):
    project = _own(Project, partnership, project)
    years = _years_starting(partnership, period_start, period_end)
    return Allocation.objects.filter(project=project, fund__start_year__in=years).aggregate(
        total=Sum("amount"))["total"] or ZERO


@measure("projects.budget", title="A project's budget", unit=Unit.MONEY, source=SOURCE,
         definition="The budget of {project}: its budget lines for the financial years starting in the figure's "
                    "period, added up, in pounds and pence.",
         params={"project": project_choices})
def budget(*, partnership, period_start, period_end, project):
    project = _own(Project, partnership, project)
    years = _years_starting(partnership, period_start, period_end)
    return BudgetLine.objects.filter(project=project, start_year__in=years).aggregate(
        total=Sum("amount"))["total"] or ZERO


@measure("projects.spend", title="A project's spend", unit=Unit.MONEY, source=SOURCE,
         definition="Money {project} spent, as its provider reported in the accepted monitoring returns for "
                    "reporting periods starting in the figure's period, in pounds and pence.",
         params={"project": project_choices})
def spend(*, partnership, period_start, period_end, project):
    return spend_of(_own(Project, partnership, project), period_start, period_end)


@measure("projects.measure_total", title="A project's output or outcome", unit=Unit.COUNT, source=SOURCE,
         definition="{measure}: the counts its provider reported in the accepted monitoring returns for reporting "
                    "periods starting in the figure's period, added up.",
         params={"measure": measure_choices}, counts=COUNTS_PEOPLE)
def measure_total(*, partnership, period_start, period_end, measure):
    project_measure = _own(ProjectMeasure, partnership, measure, via="project__partnership")
    return count_of(project_measure, period_start, period_end)


@measure("projects.cost_per", title="Cost per output or outcome", unit=Unit.MONEY, source=SOURCE,
         definition="Cost per unit of {measure}: the project's spend divided by that count, both from the accepted "
                    "monitoring returns for reporting periods starting in the figure's period, to the penny. No "
                    "value while the count is 0 (no outputs): a cost per nothing is not a number.",
         # With the spend published, the cost per unit gives the count away: withheld wherever it is.
         params={"measure": measure_choices}, based_on="projects.measure_total")
def cost_per(*, partnership, period_start, period_end, measure):
    project_measure = _own(ProjectMeasure, partnership, measure, via="project__partnership")
    count = count_of(project_measure, period_start, period_end)
    if count == 0:
        return None
    return (spend_of(project_measure.project, period_start, period_end) / count).quantize(PENNY)


@measure("projects.total_spend", title="Spend on the partnership's projects", unit=Unit.MONEY, source=SOURCE,
         definition="Money every one of the partnership's projects spent, as their providers reported in the accepted "
                    "monitoring returns for reporting periods starting in the figure's period, in pounds and pence.")
def total_spend(*, partnership, period_start, period_end):
    return accepted_returns(period_start, period_end).filter(project__partnership=partnership).aggregate(
        total=Sum("spend"))["total"] or ZERO


@measure("projects.total_funds", title="Funds the partnership was given", unit=Unit.MONEY, source=SOURCE,
         definition="The amounts of the partnership's funds for the financial years starting in the figure's "
                    "period, added up, in pounds and pence.")
def total_funds(*, partnership, period_start, period_end):
    years = _years_starting(partnership, period_start, period_end)
    return Fund.objects.filter(partnership=partnership, start_year__in=years).aggregate(
        total=Sum("amount"))["total"] or ZERO


@measure("projects.projects_running", title="Projects running", unit=Unit.COUNT, source=SOURCE,
         definition="Number of the partnership's projects and commissioned services that ran on at least one day of "
                    "the figure's period (planned projects not yet started are not counted).", counts=COUNTS_EVENTS)
def projects_running(*, partnership, period_start, period_end):
    return Project.objects.filter(partnership=partnership, start_on__lte=period_end, end_on__gte=period_start).exclude(
        status=Project.Status.PLANNED).count()
