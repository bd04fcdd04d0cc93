"""Every registered measure opens to the records it counted (ADR 69): on the demo's records, for each
measure, each of its parameters' choices (up to a few) and two years, what the records add up to is
the measure's value; a reader who sees everything sees every row, and one who sees a part sees the
rest counted for the organisations holding it."""

import csv
import html
import io
import itertools

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.models import Membership, User
from eunomia.core.periods import plan_period, year_containing
from eunomia.demo import build as demo
from eunomia.figures import drilldown, recount
from eunomia.figures.models import Figure, PublishedFigure
from eunomia.figures.registry import MeasureError, all_measures, get_measure
from eunomia.partners.models import Partnership, PartnershipMember
from tests.conftest import built_once

# At most this many values of each parameter are tried (the first ones and the last).
CHOICES_TRIED = 4


def test_every_measure_lists_its_records_or_says_why():
    silent = [m.key for m in all_measures() if not drilldown.lists_records(m.key) and not drilldown.why_not_listed(
        m.key)]
    assert silent == [], "these measures neither list their records nor say why they cannot"


def test_a_measure_that_cannot_list_its_records_is_refused_with_its_reason():
    unlisted = [m.key for m in all_measures() if not drilldown.lists_records(m.key)]
    for key in unlisted:
        with pytest.raises(MeasureError, match=drilldown.why_not_listed(key)[:20]):
            drilldown.counted(key, partnership=None, period_start=None, period_end=None, params={})


def test_a_digest_names_the_kind_and_the_set_not_the_order():
    assert drilldown.digest("casework.report", [3, 1, 2]) == drilldown.digest("casework.report", [1, 2, 3])
    assert drilldown.digest("casework.report", [1, 2]) != drilldown.digest("casework.case", [1, 2])
    assert drilldown.digest("casework.report", [1, 2]) != drilldown.digest("casework.report", [1, 2, 3])


@pytest.fixture(scope="module")
def _demo(request, django_db_setup, django_db_blocker):
    with built_once(request, django_db_blocker, demo.build_demo) as built:
        yield built


@pytest.fixture
def harrowdale(_demo, db):
    partnership, finished = _demo
    with time_machine.travel(finished, tick=True):
        yield Partnership.objects.get(pk=partnership.pk)


def _reader(partnership, email, organisations, roles):
    user = User.objects.create_user(email=email, password="not-used-here-1234", full_name=email.split("@")[0])
    for organisation_id in organisations:
        for role in roles:
            Membership.objects.create(user=user, partnership=partnership, organisation_id=organisation_id, role=role)
    return user


def _members(partnership):
    return sorted(PartnershipMember.objects.filter(partnership=partnership).values_list("organisation_id", flat=True))


def _param_sets(measure):
    names = list(measure.params)
    tried = []
    for name in names:
        values = [value for value, _ in measure.choices(name)]
        tried.append(values if len(values) <= CHOICES_TRIED else values[:CHOICES_TRIED - 1] + values[-1:])
    return [dict(zip(names, combination)) for combination in itertools.product(*tried)]


def _periods(partnership):
    current = year_containing(timezone.localdate(), partnership.year_start_month)
    return [plan_period(year, partnership.year_start_month) for year in (current - 1, current)]


def _listing_measures():
    return [m.key for m in all_measures() if drilldown.lists_records(m.key)]


@pytest.mark.parametrize("key", _listing_measures())
def test_the_records_of_every_measure_add_up_to_its_value(harrowdale, key):
    measure = get_measure(key)
    everything = _reader(harrowdale, "everything@example.org", _members(harrowdale),
                         ["csp_manager", "csu_officer", "da_specialist", "programme_auditor"])
    part_org = _members(harrowdale)[0]
    part = _reader(harrowdale, "part@example.org", [part_org], ["partner_practitioner"])
    for period_start, period_end in _periods(harrowdale):
        for params in _param_sets(measure):
            where = f"{key} {params} {period_start}"
            try:
                value = measure.evaluate(partnership=harrowdale, period_start=period_start, period_end=period_end,
                                         params=params)
            except MeasureError:
                with pytest.raises(MeasureError):
                    drilldown.counted(key, partnership=harrowdale, period_start=period_start,
                                      period_end=period_end, params=params)
                continue
            counted = drilldown.counted(key, partnership=harrowdale, period_start=period_start,
                                        period_end=period_end, params=params)
            assert counted.value() == value, where
            full = drilldown.drill(counted, user=everything, partnership=harrowdale)
            assert full.value == value, where
            assert full.visible.count() == full.totals.count, f"{where}: a reader who sees everything sees every row"
            assert full.held == [], where
            partial = drilldown.drill(counted, user=part, partnership=harrowdale)
            assert partial.visible.count() + partial.held_count == partial.totals.count, where
            assert partial.visible_totals.amount + sum(h.amount for h in partial.held) == partial.totals.amount, where
            assert all(h.count > 0 and h.organisation for h in partial.held), where
    # And each can be kept as published and counted again: the same records, the same value.
    period_start, period_end = _periods(harrowdale)[1]
    params = _param_sets(measure)[0]
    figure = Figure(partnership=harrowdale, name=key.replace(".", "-").replace("_", "-"), title=measure.title,
                    definition=measure.definition, source=measure.source, unit=measure.unit, counts=measure.counts,
                    period_start=period_start, period_end=period_end, kind=Figure.Kind.COMPUTED, measure=key,
                    measure_params=params)
    try:
        figure.value = measure.evaluate(partnership=harrowdale, period_start=period_start, period_end=period_end,
                                        params=params)
    except MeasureError:
        return
    kept = recount.keep(figure=figure, shown="", withheld=False, recorded="", publication="Test",
                        publication_url="/", published_at=timezone.now())
    kept.save()
    again = recount.recount(PublishedFigure.objects.get(pk=kept.pk), user=everything)
    assert again.possible and again.same and again.intact and again.value == figure.value, key


def test_a_reader_who_sees_a_part_sees_some_rows_and_the_rest_counted_by_holder(harrowdale):
    period_start, period_end = _periods(harrowdale)[1]
    counted = drilldown.counted("casework.reports", partnership=harrowdale, period_start=period_start,
                                period_end=period_end, params={"category": "all"})
    owners = sorted(set(counted.rows.values_list("owner_organisation_id", flat=True)))
    assert len(owners) > 1, "the demo's reports are held by more than one organisation"
    part = _reader(harrowdale, "part@example.org", [owners[0]], ["csu_officer"])
    found = drilldown.drill(counted, user=part, partnership=harrowdale)
    assert 0 < found.visible.count() < found.totals.count
    assert {h.organisation for h in found.held} and all(h.count for h in found.held)
    assert {r.owner_organisation_id for r in found.visible} <= {owners[0]} | set(
        counted.rows.filter(cases__isnull=False).values_list("owner_organisation_id", flat=True))


def test_the_public_page_of_an_open_data_figure_reproduces_it_from_its_csv(harrowdale):
    kept = PublishedFigure.objects.get(partnership=harrowdale, name__startswith="police-recorded-crime-")
    assert kept.record_kind == "crime.record" and kept.value > 0
    client = Client()
    plan_page = client.get(kept.publication_url).content.decode()
    how = reverse("published:how_counted", args=[harrowdale.slug, kept.pk])
    assert how in plan_page, "the published plan's figure note links to how the figure was counted"
    page = client.get(how).content.decode()
    assert html.escape(kept.definition) in page and html.escape(kept.source) in page and kept.digest in page
    response = client.get(reverse("published:how_counted_records", args=[harrowdale.slug, kept.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == kept.value == kept.record_count
    assert {row["Crime type"] for row in rows} and "Anti-social behaviour" not in {row["Crime type"] for row in rows}
    period = {f"{kept.period_start:%Y-%m}", f"{kept.period_end:%Y-%m}"}
    assert period <= {row["Month"] for row in rows}


def test_the_public_page_of_a_casework_figure_shows_no_record(harrowdale):
    personal = [k for k in PublishedFigure.objects.filter(partnership=harrowdale) if k.has_records
                and not drilldown.get_kind(k.record_kind).open_data]
    assert personal, "the demo's published plan prints figures counted from records that are not open data"
    client = Client()
    for kept in personal:
        page = client.get(reverse("published:how_counted", args=[harrowdale.slug, kept.pk])).content.decode()
        assert "not published" in page or kept.record_kind.startswith(("plans.", "partners.", "projects."))
        assert client.get(reverse("published:how_counted_records", args=[harrowdale.slug, kept.pk])).status_code == 404
