"""Figures Eunomia works out from the partnership's funds, projects and accepted returns. Only
accepted returns count: a draft, a submitted return not yet decided, or one sent back, never does."""

from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse

from eunomia.core.formatting import Unit
from eunomia.core.periods import plan_period, year_label
from eunomia.figures.drilldown import Counted, not_listed, record_kind, records_of
from eunomia.figures.registry import COUNTS_EVENTS, COUNTS_PEOPLE, MeasureError, measure
from eunomia.projects.models import PENNY, Allocation, BudgetLine, Fund, Project, ProjectMeasure, Return, ReturnValue
from eunomia.projects.queries import (ZERO, allocations_in, budget_lines_in, funds_in, projects_in, read_by_members,
                                      return_values_visible_to, returns_visible_to)

SOURCE = "Eunomia: the partnership's funds, projects and the monitoring returns their providers made, as accepted"


# What a projects figure counted (ADR 69). Funds, projects and their money hold no personal data
# (ADR 59): every member who may read the plan reads them; a return through the returns' own rule.

def _project_url(project):
    return reverse("projects:project", args=[project.partnership.slug, project.pk])


def _return_url(r):
    return reverse("projects:return", args=[r.project.partnership.slug, r.project_id, f"{r.period_start:%Y-%m-%d}"])


record_kind("projects.fund", model=Fund, noun="fund", plural="funds", visible=read_by_members(funds_in),
            owner="funder_id", when="created_at", created="created_at", select_related=("funder", "partnership"),
            columns=[("Fund", lambda r: r.name), ("Financial year", lambda r: r.year_label),
                     ("Funder", lambda r: r.funder.name), ("Amount", lambda r: f"£{r.amount:,}")],
            url=lambda r: reverse("projects:fund", args=[r.partnership.slug, r.pk]))
record_kind("projects.allocation", model=Allocation, noun="allocation", plural="allocations",
            visible=read_by_members(allocations_in), owner="project__owner_organisation_id", when="made_on",
            select_related=("fund__funder", "project__partnership", "project__owner_organisation"),
            columns=[("Fund", lambda r: str(r.fund)), ("Project", lambda r: r.project.title),
                     ("Amount", lambda r: f"£{r.amount:,}"), ("Provider", lambda r: r.project.owner_organisation.name)],
            url=lambda r: reverse("projects:fund", args=[r.project.partnership.slug, r.fund_id]))
record_kind("projects.budget_line", model=BudgetLine, noun="budget line", plural="budget lines",
            visible=read_by_members(budget_lines_in), owner="project__owner_organisation_id",
            # A budget line has no date of its own: listed by its project's first day, its year beside it.
            when="project__start_on", select_related=("project__partnership", "project__owner_organisation"),
            columns=[("Project", lambda r: r.project.title), ("Heading", lambda r: r.heading),
                     ("Financial year", lambda r: year_label(r.start_year)), ("Amount", lambda r: f"£{r.amount:,}")],
            url=lambda r: _project_url(r.project))
record_kind("projects.project", model=Project, noun="project", plural="projects", visible=read_by_members(projects_in),
            when="start_on", created="created_at", select_related=("owner_organisation", "partnership"),
            columns=[("Project", lambda r: r.title), ("Status", lambda r: r.get_status_display()),
                     ("Ends on", lambda r: r.end_on), ("Provider", lambda r: r.owner_organisation.name)],
            url=_project_url)
record_kind("projects.return", model=Return, noun="accepted return", plural="accepted returns",
            visible=returns_visible_to, owner="project__owner_organisation_id", when="period_start",
            created="submitted_at", select_related=("project__partnership", "project__owner_organisation"),
            columns=[("Project", lambda r: r.project.title), ("Period", lambda r: r.period_label),
                     ("Spend", lambda r: f"£{r.spend:,}" if r.spend is not None else "not given"),
                     ("Provider", lambda r: r.project.owner_organisation.name)],
            url=_return_url)
record_kind("projects.return_value", model=ReturnValue, noun="count in a return", plural="counts in returns",
            visible=return_values_visible_to, owner="return_record__project__owner_organisation_id",
            when="return_record__period_start", created="return_record__submitted_at",
            select_related=("return_record__project__partnership", "return_record__project__owner_organisation",
                            "measure"),
            columns=[("Project", lambda r: r.return_record.project.title), ("Measure", lambda r: r.measure.name),
                     ("Period", lambda r: r.return_record.period_label), ("Count", lambda r: r.value),
                     ("Provider", lambda r: r.return_record.project.owner_organisation.name)],
            url=lambda r: _return_url(r.return_record))


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


def _sum(queryset, field, zero=ZERO):
    return queryset.aggregate(total=Sum(field))["total"] or zero


def spend_of(project, period_start, period_end):
    return _sum(accepted_returns(period_start, period_end).filter(project=project), "spend")


def values_of(project_measure, period_start, period_end):
    return ReturnValue.objects.filter(
        measure=project_measure, return_record__in=accepted_returns(period_start, period_end))


def count_of(project_measure, period_start, period_end):
    return _sum(values_of(project_measure, period_start, period_end), "value", Decimal(0))


@measure("projects.fund_amount", title="Amount of a fund", unit=Unit.MONEY, source=SOURCE,
         definition="The amount, in pounds and pence, of {fund} for the financial year it is given for; £0.00 when "
                    "that year does not start in the figure's period.",
         params={"fund": fund_choices})
def fund_amount(*, partnership, period_start, period_end, fund):
    fund = _own(Fund, partnership, fund)
    return fund.amount if fund.start_year in _years_starting(partnership, period_start, period_end) else ZERO


@records_of("projects.fund_amount")
def fund_amount_counted(*, partnership, period_start, period_end, fund):
    fund = _own(Fund, partnership, fund)
    years = _years_starting(partnership, period_start, period_end)
    return Counted("projects.fund", Fund.objects.filter(pk=fund.pk, start_year__in=years), amount="amount")


@measure("projects.fund_allocated", title="Money allocated from a fund", unit=Unit.MONEY, source=SOURCE,
         definition="Money allocated to projects from {fund}, in pounds and pence; £0.00 when the fund's financial "
                    "year does not start in the figure's period.",
         params={"fund": fund_choices})
def fund_allocated(*, partnership, period_start, period_end, fund):
    return _sum(allocations_from(partnership, period_start, period_end, fund), "amount")


def allocations_from(partnership, period_start, period_end, fund):
    """The fund's allocations, if its financial year starts in the period; none otherwise."""
    fund = _own(Fund, partnership, fund)
    years = _years_starting(partnership, period_start, period_end)
    return Allocation.objects.filter(fund=fund, fund__start_year__in=years)


@records_of("projects.fund_allocated")
def fund_allocated_counted(*, partnership, period_start, period_end, fund):
    return Counted("projects.allocation", allocations_from(partnership, period_start, period_end, fund),
                   amount="amount")


@measure("projects.allocated", title="Money allocated to a project", unit=Unit.MONEY, source=SOURCE,
         definition="Money allocated to {project} from the partnership's funds for the financial years starting in "
                    "the figure's period, in pounds and pence.",
         params={"project": project_choices})
def allocated(*, partnership, period_start, period_end, project):
    return _sum(allocations_to(partnership, period_start, period_end, project), "amount")


def allocations_to(partnership, period_start, period_end, project):
    project = _own(Project, partnership, project)
    years = _years_starting(partnership, period_start, period_end)
    return Allocation.objects.filter(project=project, fund__start_year__in=years)


@records_of("projects.allocated")
def allocated_counted(*, partnership, period_start, period_end, project):
    return Counted("projects.allocation", allocations_to(partnership, period_start, period_end, project),
                   amount="amount")


@measure("projects.budget", title="A project's budget", unit=Unit.MONEY, source=SOURCE,
         definition="The budget of {project}: its budget lines for the financial years starting in the figure's "
                    "period, added up, in pounds and pence.",
         params={"project": project_choices})
def budget(*, partnership, period_start, period_end, project):
    return _sum(budget_lines(partnership, period_start, period_end, project), "amount")


def budget_lines(partnership, period_start, period_end, project):
    project = _own(Project, partnership, project)
    years = _years_starting(partnership, period_start, period_end)
    return BudgetLine.objects.filter(project=project, start_year__in=years)


@records_of("projects.budget")
def budget_counted(*, partnership, period_start, period_end, project):
    return Counted("projects.budget_line", budget_lines(partnership, period_start, period_end, project),
                   amount="amount")


@measure("projects.spend", title="A project's spend", unit=Unit.MONEY, source=SOURCE,
         definition="Money {project} spent, as its provider reported in the accepted monitoring returns for "
                    "reporting periods starting in the figure's period, in pounds and pence.",
         params={"project": project_choices})
def spend(*, partnership, period_start, period_end, project):
    return spend_of(_own(Project, partnership, project), period_start, period_end)


@records_of("projects.spend")
def spend_counted(*, partnership, period_start, period_end, project):
    project = _own(Project, partnership, project)
    return Counted("projects.return", accepted_returns(period_start, period_end).filter(project=project),
                   amount="spend")


@measure("projects.measure_total", title="A project's output or outcome", unit=Unit.COUNT, source=SOURCE,
         definition="{measure}: the counts its provider reported in the accepted monitoring returns for reporting "
                    "periods starting in the figure's period, added up.",
         params={"measure": measure_choices}, counts=COUNTS_PEOPLE)
def measure_total(*, partnership, period_start, period_end, measure):
    project_measure = _own(ProjectMeasure, partnership, measure, via="project__partnership")
    return count_of(project_measure, period_start, period_end)


@records_of("projects.measure_total")
def measure_total_counted(*, partnership, period_start, period_end, measure):
    project_measure = _own(ProjectMeasure, partnership, measure, via="project__partnership")
    return Counted("projects.return_value", values_of(project_measure, period_start, period_end), amount="value")


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


not_listed("projects.cost_per", "It is one figure divided by another: the project's spend, which lists its accepted "
                                "returns, over the count of the output or outcome, which lists the counts in them.")


@measure("projects.total_spend", title="Spend on the partnership's projects", unit=Unit.MONEY, source=SOURCE,
         definition="Money every one of the partnership's projects spent, as their providers reported in the accepted "
                    "monitoring returns for reporting periods starting in the figure's period, in pounds and pence.")
def total_spend(*, partnership, period_start, period_end):
    return _sum(_partnership_returns(partnership, period_start, period_end), "spend")


def _partnership_returns(partnership, period_start, period_end):
    return accepted_returns(period_start, period_end).filter(project__partnership=partnership)


@records_of("projects.total_spend")
def total_spend_counted(*, partnership, period_start, period_end):
    return Counted("projects.return", _partnership_returns(partnership, period_start, period_end), amount="spend")


@measure("projects.total_funds", title="Funds the partnership was given", unit=Unit.MONEY, source=SOURCE,
         definition="The amounts of the partnership's funds for the financial years starting in the figure's "
                    "period, added up, in pounds and pence.")
def total_funds(*, partnership, period_start, period_end):
    return _sum(_funds_for(partnership, period_start, period_end), "amount")


def _funds_for(partnership, period_start, period_end):
    years = _years_starting(partnership, period_start, period_end)
    return Fund.objects.filter(partnership=partnership, start_year__in=years)


@records_of("projects.total_funds")
def total_funds_counted(*, partnership, period_start, period_end):
    return Counted("projects.fund", _funds_for(partnership, period_start, period_end), amount="amount")


@measure("projects.projects_running", title="Projects running", unit=Unit.COUNT, source=SOURCE,
         definition="Number of the partnership's projects and commissioned services that ran on at least one day of "
                    "the figure's period (planned projects not yet started are not counted).", counts=COUNTS_EVENTS)
def projects_running(*, partnership, period_start, period_end):
    return _running(partnership, period_start, period_end).count()


def _running(partnership, period_start, period_end):
    return Project.objects.filter(partnership=partnership, start_on__lte=period_end, end_on__gte=period_start).exclude(
        status=Project.Status.PLANNED)


@records_of("projects.projects_running")
def projects_running_counted(*, partnership, period_start, period_end):
    return Counted("projects.project", _running(partnership, period_start, period_end))
