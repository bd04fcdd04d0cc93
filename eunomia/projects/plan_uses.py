"""What projects add to the plan's document (eunomia.plans.report): the review of each project and
initiative of the year reviewed, and the funding table, every number in them a figure with its
definition and source; and a gap for each return of that year not yet accepted, so a plan whose
projects have not reported cannot be published."""

from eunomia.core.formatting import Unit, format_value
from eunomia.core.periods import plan_period, year_label
from eunomia.plans.models import in_words
from eunomia.plans.report import Gap, Generated, block_source
from eunomia.projects import queries
from eunomia.projects.figures import fund_key, measure_key, project_key
from eunomia.projects.models import Fund, Project, Return, ReviewFigure
from eunomia.projects.periods import periods_in_year


def _text(text):
    return [{"text": text}]


class _Figures:
    """The review's figures by key, fetched once; a key with no figure is named as a gap."""

    def __init__(self, partnership, gaps):
        self.names = dict(ReviewFigure.objects.filter(partnership=partnership).values_list("key", "figure__name"))
        self.gaps = gaps

    def run(self, key, what):
        name = self.names.get(key)
        if name is None:
            self.gaps.append(Gap(f"The review of projects and initiatives has no figure for {what}: open the project "
                                 "and save it, so Eunomia makes its figures"))
            return {"text": "Not available", "missing": True}
        return {"figure": name}


def _reviewed_projects(partnership, year):
    start, end = plan_period(year, partnership.year_start_month)
    projects = queries.projects_in(partnership).filter(start_on__lte=end, end_on__gte=start).exclude(
        status=Project.Status.PLANNED)
    return list(queries.with_returns(projects).prefetch_related("priorities"))


def _missing_returns(project, year, today):
    """Gaps for each of the year's reporting periods, ended by `today`, whose return is not accepted."""
    records = {r.period_start: r for r in project.returns.all()}
    gaps = []
    for period in periods_in_year(project, year):
        if period.end >= today:
            continue
        record = records.get(period.start)
        if record is not None and record.status == Return.Status.ACCEPTED:
            continue
        state = "not started" if record is None else record.get_status_display().lower()
        gaps.append(Gap(f"Project {project.title}: the return for {period.label} ({period.dates}) is {state}, "
                        f"not accepted", owner=project.owner_organisation.name))
    return gaps


def _project_blocks(project, year, figures, today):
    value = queries.value_for_year(project, year, today=today)
    label = year_label(year)
    lead = project.lead_organisation.name + (f" ({project.lead_role})" if project.lead_role else "")
    funders = queries.funders_of(project, year)
    items = [_text(f"Provided by {project.provider.name}; led for the partnership by {lead}."),
             _text(f"Ran from {project.start_on:%-d %B %Y} to {project.end_on:%-d %B %Y} "
                   f"({project.get_status_display().lower()}).")]
    priorities = [p.title for p in project.priorities.all()]
    if priorities:
        items.append(_text(f"Serves the priorities: {'; '.join(priorities)}."))
    items.append([{"text": f"Funded by {in_words(funders) if funders else 'no fund of the partnership'}: "},
                  figures.run(project_key(project, "allocated", year), f"money allocated to {project} in {label}"),
                  {"text": " allocated for the year."}])
    spend = figures.run(project_key(project, "spend", year), f"the spend of {project} in {label}")
    if value.budget:
        items.append([{"text": "Spent "}, spend, {"text": " against a budget of "},
                      figures.run(project_key(project, "budget", year), f"the budget of {project} in {label}"),
                      {"text": "."}])
    else:
        items.append([{"text": "Spent "}, spend, {"text": "."}])
    blocks = [{"type": "heading", "text": project.title}]
    if project.description:
        blocks.append({"type": "paragraph", "runs": _text(project.description.strip().split("\n\n")[0])})
    blocks.append({"type": "list", "items": items})
    if value.measures:
        rows = []
        for result in value.measures:
            measure = result.measure
            what = f"{measure.name} of {project} in {label}"
            cost = (_text(result.cost_per_label) if result.cost_per is None
                    else [figures.run(measure_key(measure, "cost", year), f"the cost per {what}")])
            rows.append([_text(f"{measure.name} ({measure.get_kind_display().lower()})"),
                         _text(format_value(Unit.COUNT, result.target)),
                         [figures.run(measure_key(measure, "total", year), what)],
                         _text(result.status_label), cost])
        blocks.append({"type": "table", "caption": f"{project.title}: outputs and outcomes {label}",
                       "columns": ["Output or outcome", f"Target {label}", f"Actual {label}", "Against target",
                                   "Cost per output or outcome"],
                       "numeric": [1, 2], "widths": [34, 14, 14, 18, 20], "rows": rows})
    evaluation = value.evaluation
    if evaluation is None:
        blocks.append({"type": "paragraph", "runs": _text("Evaluation: not evaluated yet.")})
    else:
        blocks.append({"type": "paragraph", "runs": _text(
            f"Evaluation ({evaluation.evaluated_on:%-d %B %Y}, {evaluation.method}): {evaluation.findings} "
            f"Recommendation: {evaluation.get_recommendation_display().lower()}.")})
    return blocks


def _funding_blocks(partnership, year, projects, figures):
    label = year_label(year)
    funds = list(Fund.objects.filter(partnership=partnership, start_year=year).select_related("funder")
                 .prefetch_related("allocations__project"))
    blocks = []
    if funds:
        rows = []
        for fund in funds:
            given = sorted({a.project.title for a in fund.allocations.all()})
            rows.append([_text(fund.name), _text(fund.funder.name),
                         [figures.run(fund_key(fund), f"the amount of {fund}")],
                         [figures.run(fund_key(fund, "allocated"), f"what {fund} allocated")],
                         _text("; ".join(given) or "None yet")])
        blocks.append({"type": "table", "caption": f"Funds {label}",
                       "columns": ["Fund", "Funder", "Amount", "Allocated", "Projects funded"],
                       "numeric": [2, 3], "widths": [24, 22, 14, 14, 26], "rows": rows})
    if projects:
        rows = [[_text(p.title), _text(in_words(queries.funders_of(p, year)) or "None"),
                 [figures.run(project_key(p, "allocated", year), f"money allocated to {p} in {label}")],
                 [figures.run(project_key(p, "spend", year), f"the spend of {p} in {label}")]]
                for p in projects]
        blocks.append({"type": "table", "caption": f"Allocations and spend by project {label}",
                       "columns": ["Project", "Funded by", "Allocated", "Spent"],
                       "numeric": [2, 3], "widths": [36, 32, 16, 16], "rows": rows})
    return blocks


@block_source
def projects_review(*, plan, reviewed, today):
    partnership = plan.partnership
    year = reviewed.year
    gaps = []
    figures = _Figures(partnership, gaps)
    projects = _reviewed_projects(partnership, year)
    review = []
    for project in projects:
        gaps += _missing_returns(project, year, today)
        review += _project_blocks(project, year, figures, today)
    return Generated(blocks={"projects-review": review, "funding": _funding_blocks(partnership, year, projects,
                                                                                   figures)}, gaps=gaps)
