"""Checks shared by the tests of the records behind a figure (ADR 69), for measures the demo's records
leave at zero or seen whole by its readers."""

from eunomia.figures import drilldown
from eunomia.figures.registry import get_measure


def every_choice(key):
    """Every combination of the measure's parameters' choices."""
    combinations = [{}]
    for name in get_measure(key).params:
        combinations = [{**params, name: value} for params in combinations
                        for value, _label in get_measure(key).choices(name)]
    return combinations


def assert_records_add_up(key, partnership, period_start, period_end):
    """For every choice of parameters, what the records add up to is the measure's value."""
    for params in every_choice(key):
        value = get_measure(key).evaluate(partnership=partnership, period_start=period_start, period_end=period_end,
                                          params=params)
        assert counted(key, partnership, period_start, period_end, **params).value() == value, f"{key} {params}"


def counted(key, partnership, period_start, period_end, **params):
    return drilldown.counted(key, partnership=partnership, period_start=period_start, period_end=period_end,
                             params=params)


def drilled(key, partnership, period_start, period_end, user, **params):
    return drilldown.drill(counted(key, partnership, period_start, period_end, **params), user=user,
                           partnership=partnership)


def held(drill):
    """[(organisation, count, amount)] of what the reader may not see."""
    return [(h.organisation, h.count, h.amount) for h in drill.held]


def shown(drill):
    """The CSV cells of the rows the reader sees, each row's page checked to be one: what the drill-down
    page and its download show."""
    header, cells = drilldown.rows_for_csv(drill.counted, drill.visible)
    assert all(len(line) == len(header) for line in cells)
    assert all(drill.kind.url(record).startswith("/p/") for record in drill.visible)
    return cells
