"""The figures the plan's review of projects and its funding table quote (ADR 59).

Each project has, for each financial year it runs in, a calculated figure for the money allocated
to it, its budget, its spend, and for each of its outputs and outcomes the count and the cost per
unit; each fund a figure for its amount. They are ordinary calculated figures, with a definition
and a source, listed on the figures page and usable in the plan's text. They are made when the
project, fund or measure is, and recalculated when a return is accepted (and, like every calculated
figure, when the plan is published). ReviewFigure finds each by a key saying what it counts.
"""

from django.db import transaction
from django.db.models import Q

from eunomia.core.periods import plan_period, year_label
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure
from eunomia.projects.models import ReviewFigure
from eunomia.projects.periods import years_of


def fund_key(fund, what="amount"):
    return f"fund:{fund.pk}:{what}"


def project_key(project, what, start_year):
    return f"project:{project.pk}:{what}:{start_year}"


def measure_key(project_measure, what, start_year):
    return f"measure:{project_measure.pk}:{what}:{start_year}"


PROJECT_FIGURES = (("allocated", "projects.allocated", "money allocated"), ("budget", "projects.budget", "budget"),
                   ("spend", "projects.spend", "spend"))
MEASURE_FIGURES = (("total", "projects.measure_total", ""), ("cost", "projects.cost_per", "cost per"))


def _ensure(*, partnership, key, measure, params, title, start_year, by=None):
    """The figure for `key`, made if it is not there yet; its title kept to the record's name."""
    link = ReviewFigure.objects.filter(partnership=partnership, key=key).select_related("figure").first()
    if link is not None:
        if link.figure.title != title:
            figure_actions.update_figure(by=by, figure=link.figure, title=title)
        return link.figure
    start, end = plan_period(start_year, partnership.year_start_month)
    figure = figure_actions.create_figure(
        by=by, partnership=partnership, title=title, unit="", period_start=start, period_end=end,
        kind=Figure.Kind.COMPUTED, measure=measure, measure_params=params)
    ReviewFigure.objects.create(partnership=partnership, key=key, figure=figure)
    return figure


def sync_fund(fund, *, by=None):
    with transaction.atomic():
        for what, measure, words in (("amount", "projects.fund_amount", "amount"),
                                     ("allocated", "projects.fund_allocated", "allocated to projects")):
            figure = _ensure(partnership=fund.partnership, key=fund_key(fund, what), measure=measure,
                             params={"fund": fund.pk}, title=f"{fund.name}: {words} {fund.year_label}",
                             start_year=fund.start_year, by=by)
            figure_actions.recalculate_figure(by=by, figure=figure)


def sync_project(project, *, by=None):
    """Make any figure the project lacks (a new year, a new measure) and bring them all up to date."""
    partnership = project.partnership
    with transaction.atomic():
        for start_year in years_of(project):
            label = year_label(start_year)
            for what, measure, words in PROJECT_FIGURES:
                _ensure(partnership=partnership, key=project_key(project, what, start_year), measure=measure,
                        params={"project": project.pk}, title=f"{project.title}: {words} {label}",
                        start_year=start_year, by=by)
            for project_measure in project.measures.all():
                for what, measure, words in MEASURE_FIGURES:
                    title = f"{project.title}: {f'{words} ' if words else ''}{project_measure.name.lower()} {label}"
                    _ensure(partnership=partnership, key=measure_key(project_measure, what, start_year),
                            measure=measure, params={"measure": project_measure.pk}, title=title,
                            start_year=start_year, by=by)
        recalculate_project(project, by=by)


def figures_of_project(project):
    """{key: figure} for every figure the review holds about the project and its measures."""
    wanted = Q(key__startswith=f"project:{project.pk}:")
    for pk in project.measures.values_list("pk", flat=True):
        wanted |= Q(key__startswith=f"measure:{pk}:")
    links = ReviewFigure.objects.filter(wanted, partnership=project.partnership_id).select_related("figure")
    return {link.key: link.figure for link in links}


def recalculate_project(project, *, by=None, start_year=None):
    """Bring the project's figures up to date: those of one financial year, or all."""
    for key, figure in figures_of_project(project).items():
        if start_year is None or key.endswith(f":{start_year}"):
            figure_actions.recalculate_figure(by=by, figure=figure)


def drop_measure(project_measure):
    """Forget a removed measure's figures, unless something else uses them (a target's actual)."""
    for link in ReviewFigure.objects.filter(key__startswith=f"measure:{project_measure.pk}:").select_related("figure"):
        figure = link.figure
        link.delete()
        if not hasattr(figure, "target") and not hasattr(figure, "milestone"):
            figure.delete()
