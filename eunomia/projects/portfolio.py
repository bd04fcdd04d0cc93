"""A year's portfolio of projects as one table, as plain data: the page shows it and the CSV and
spreadsheet downloads are the same rows. Money is exact pounds and pence, kept as numbers in the
downloads so a spreadsheet can add them up, and written by format_value on the page."""

from eunomia.core.formatting import Unit, format_value
from eunomia.core.periods import year_label
from eunomia.projects import queries

HEADER = ["Project", "Provider", "Funders", "Allocated (£)", "Budget (£)", "Spend (£)", "Spend against budget (%)",
          "Returns accepted", "Outputs and outcomes against target", "Cost per output or outcome", "Evaluation"]


def measure_lines(value):
    """Each output and outcome against its target: "Sessions held: 30 of 40 (On track)"."""
    return [f"{m.measure.name}: {format_value(Unit.COUNT, m.count)} of {format_value(Unit.COUNT, m.target)} "
            f"({m.status_label})" for m in value.measures]


def cost_lines(value):
    return [f"{m.measure.name}: {m.cost_per_label}" for m in value.measures]


def evaluation_text(value):
    evaluation = value.evaluation
    if evaluation is None:
        return "Not evaluated"
    return f"{evaluation.get_recommendation_display()} ({evaluation.evaluated_on:%-d %B %Y})"


def returns_text(value):
    return f"{value.periods_accepted} of {value.periods_due} due"


def portfolio_table(partnership, start_year, *, today=None):
    """(header, rows, notes) for every project running in the financial year."""
    rows = []
    for value in queries.portfolio(partnership, start_year, today=today):
        project = value.project
        rows.append([project.title, project.provider.name, "\n".join(queries.funders_of(project, start_year)),
                     value.allocated, value.budget, value.spend, value.spend_share, returns_text(value),
                     "\n".join(measure_lines(value)) or "None counted", "\n".join(cost_lines(value)),
                     evaluation_text(value)])
    notes = [f"The partnership's projects running in {year_label(start_year)}, as held in Eunomia.",
             "Spend, outputs and outcomes count accepted returns only. A target is for the part of the year the "
             "project runs; its status compares the count with the share of the target for the periods accepted.",
             "Spend against budget is against the allocation where the project has no budget for the year; empty "
             "where it has neither."]
    return HEADER, rows, notes
