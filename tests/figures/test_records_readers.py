"""The records behind the operations, projects, plans, tasking, Task Group, hate report and case review
figures are listed only to those their own pages show them to (ADR 69): someone who is not a member of
the partnership sees none of them, and each is counted for the organisation holding it. The member
organisations are public (the published plan lists them): anyone sees those. And the records add up to
the value for every choice of the measures' parameters, not only the few test_drilldown tries."""

import pytest

from eunomia.accounts.models import Membership, User
from eunomia.figures import drilldown
from eunomia.figures.registry import MeasureError, all_measures
from eunomia.partners.models import Organisation, Partnership
from eunomia.projects import actions as projects
from tests.figures.test_drilldown import _demo, _param_sets, _periods, harrowdale  # noqa: F401 (fixtures)

PREFIXES = ("operations.", "projects.", "plans.", "tasking.", "taskgroup.", "partners.", "hatereports.",
            "casereview.")


def _outsider(harrowdale):
    elsewhere = Partnership.objects.exclude(pk=harrowdale.pk).first()
    assert elsewhere is not None, "the demo has a second partnership"
    user = User.objects.create_user(email="outsider@example.org", password="not-used-here-1234", full_name="Out")
    organisation = Organisation.objects.filter(seats__partnership=elsewhere).first()
    Membership.objects.create(user=user, partnership=elsewhere, organisation=organisation, role="csp_manager")
    return user


@pytest.mark.parametrize("key", [m.key for m in all_measures() if m.key.startswith(PREFIXES)])
def test_someone_outside_the_partnership_sees_no_record_only_who_holds_them(harrowdale, key):
    if not drilldown.lists_records(key):
        assert drilldown.why_not_listed(key)
        return
    outsider = _outsider(harrowdale)
    measure = next(m for m in all_measures() if m.key == key)
    seen_rows = 0
    for period_start, period_end in _periods(harrowdale):
        for params in _param_sets(measure):
            try:
                counted = drilldown.counted(key, partnership=harrowdale, period_start=period_start,
                                            period_end=period_end, params=params)
            except MeasureError:
                continue
            found = drilldown.drill(counted, user=outsider, partnership=harrowdale)
            seen_rows += found.totals.count
            if counted.record_kind.open_data:
                assert found.visible.count() == found.totals.count and not found.held
                continue
            assert found.visible.count() == 0, f"{key} {params}"
            assert found.held_count == found.totals.count
            assert all(h.organisation != "another organisation" for h in found.held), f"{key}: every holder named"
    assert seen_rows, f"the demo gives {key} no records to try"


def test_a_fund_of_another_partnership_is_refused_with_its_records(harrowdale):
    elsewhere = Partnership.objects.exclude(pk=harrowdale.pk).first()
    funder = Organisation.objects.filter(seats__partnership=elsewhere).first()
    period_start, period_end = _periods(harrowdale)[1]
    fund = projects.create_fund(by=_outsider(harrowdale), partnership=elsewhere, funder=funder, name="Elsewhere fund",
                                start_year=period_start.year, amount="1000")
    for key in ("projects.fund_amount", "projects.fund_allocated"):
        with pytest.raises(MeasureError, match="There is no such fund"):
            drilldown.counted(key, partnership=harrowdale, period_start=period_start, period_end=period_end,
                              params={"fund": fund.pk})


@pytest.mark.parametrize("key", [m.key for m in all_measures() if m.key.startswith(PREFIXES)
                                 and drilldown.lists_records(m.key) and m.params])
def test_the_records_add_up_for_every_choice_of_parameters(harrowdale, key):
    """test_drilldown tries the first choices and the last; here every one (every motivation, every
    project and fund, those of other partnerships refused by both alike)."""
    measure = next(m for m in all_measures() if m.key == key)
    combinations = [{}]
    for name in measure.params:
        combinations = [{**params, name: value} for params in combinations for value, _ in measure.choices(name)]
    for period_start, period_end in _periods(harrowdale):
        for params in combinations:
            period = dict(partnership=harrowdale, period_start=period_start, period_end=period_end, params=params)
            try:
                value = measure.evaluate(**period)
            except MeasureError:
                with pytest.raises(MeasureError):
                    drilldown.counted(key, **period)
                continue
            assert drilldown.counted(key, **period).value() == value, f"{key} {params} {period_start}"


@pytest.mark.parametrize("key", [m.key for m in all_measures() if m.key.startswith(PREFIXES)
                                 and drilldown.lists_records(m.key)])
def test_every_row_shows_its_columns_date_and_page(harrowdale, key):
    measure = next(m for m in all_measures() if m.key == key)
    reader = User.objects.create_user(email="reader@example.org", password="not-used-here-1234", full_name="Reader")
    for organisation in Organisation.objects.filter(seats__partnership=harrowdale).distinct():
        for role in ("csp_manager", "da_specialist"):
            Membership.objects.create(user=reader, partnership=harrowdale, organisation=organisation, role=role)
    shown = 0
    for period_start, period_end in _periods(harrowdale):
        for params in _param_sets(measure):
            try:
                counted = drilldown.counted(key, partnership=harrowdale, period_start=period_start,
                                            period_end=period_end, params=params)
            except MeasureError:
                continue
            kind = counted.record_kind
            rows = list(drilldown.drill(counted, user=reader, partnership=harrowdale).visible)
            assert len(rows) == counted.totals().count, key
            header, cells = drilldown.rows_for_csv(counted, rows)
            assert all(len(line) == len(header) and line[1] for line in cells), key
            assert all(kind.url(row).startswith(f"/p/{harrowdale.slug}/") for row in rows if kind.url), key
            if counted.amount:
                assert sum(line[-1] for line in cells) == counted.totals().amount, key
            shown += len(rows)
    assert shown, f"the demo gives {key} no records to show"
