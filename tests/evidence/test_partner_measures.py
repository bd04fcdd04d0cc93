"""Partner data as figures (ADR 71): every upload kept in the dataset's history, a category
registered as a measure, its figures' values by period and area (missing is not zero), their
words and source, the gap they leave in a plan while missing, the records behind them, and the
priority matrix ranking them beside police.uk's crime types."""

import datetime
import hashlib
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from playwright.sync_api import expect

from eunomia.assessment.analysis import assess, partner_slug
from eunomia.audit.models import AuditEvent
from eunomia.core.periods import Period
from eunomia.crime.measures import ISSUE_CHOICES
from eunomia.evidence import actions
from eunomia.evidence.measures import ALL, KEY
from eunomia.evidence.models import PartnerCount, PartnerDataset, PartnerDatasetUpload, PartnerMeasure
from eunomia.figures import actions as figure_actions
from eunomia.figures import drilldown
from eunomia.figures.models import Counts, Figure
from eunomia.figures.registry import MeasureError, get_measure
from eunomia.plans import actions as plan_actions
from tests.assessment.test_pages import area  # noqa: F401  (police.uk data for the priority matrix)
from tests.browser.conftest import axe_check, sign_in
from tests.evidence.conftest import csv_bytes

HEADER = "period,area_code,category,count"
WARD, LSOA_IN_WARD, LSOA_NO_WARD, DISTRICT = "E05005000", "E01024717", "E01024718", "E07000115"
CATEGORY = "Domestic abuse incidents"


def incidents(first=datetime.date(2025, 1, 1), months=12, *, skip=()):
    """Each month m (1 to 12) of 2025: m incidents in the LSOA in the ward, 100 in the LSOA with no
    ward and 1000 given for the district as a whole; and one other category."""
    lines = [HEADER]
    for n in range(months):
        month = datetime.date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1)
        if month in skip:
            continue
        m = month.month
        lines += [f"{month:%Y-%m},{LSOA_IN_WARD},{CATEGORY},{m}", f"{month:%Y-%m},{LSOA_NO_WARD},{CATEGORY},{100 * m}",
                  f"{month:%Y-%m},{DISTRICT},{CATEGORY},{1000 * m}", f"{month:%Y-%m},{DISTRICT},Stalking,7"]
    return csv_bytes(*lines)


def load(by, partnership, organisation, data=None, name="Domestic abuse"):
    return actions.import_partner_dataset(by=by, partnership=partnership, organisation=organisation, name=name,
                                          data=incidents() if data is None else data, file_name="da.csv",
                                          source="Crime system")


def register(by, dataset, **fields):
    return actions.register_partner_measure(
        by=by, dataset=dataset, **{"category": CATEGORY, "title": "Domestic abuse incidents",
                                   "definition": "Incidents of domestic abuse the police recorded.",
                                   "counts": Counts.EVENTS, **fields})


@pytest.fixture
def measure(areas, partnership, council, analyst):
    return register(analyst, load(analyst, partnership, council).dataset)


def value(partnership, registered, start, end, area=ALL):
    return get_measure(KEY).evaluate(partnership=partnership, period_start=start, period_end=end,
                                     params={"measure": str(registered.pk), "area": area})


# Upload history -------------------------------------------------------------------------------------------

def test_every_import_keeps_a_row_and_a_reimport_keeps_the_dataset_and_its_measures(areas, partnership, council,
                                                                                     analyst, manager):
    first = load(analyst, partnership, council)
    registered = register(analyst, first.dataset)
    second_file = incidents(months=3)
    second = load(manager, partnership, council, data=second_file)

    assert second.dataset.pk == first.dataset.pk and second.replaced
    assert PartnerMeasure.objects.get().pk == registered.pk, "a re-import keeps the dataset's measures"
    latest, earliest = PartnerDatasetUpload.objects.filter(dataset=first.dataset)
    assert (earliest.rows, earliest.first_month, earliest.last_month, earliest.imported_by) == (
        48, datetime.date(2025, 1, 1), datetime.date(2025, 12, 1), analyst)
    assert earliest.sha256 == hashlib.sha256(incidents()).hexdigest()
    assert (latest.rows, latest.last_month, latest.sha256, latest.imported_by) == (
        12, datetime.date(2025, 3, 1), hashlib.sha256(second_file).hexdigest(), manager)
    assert AuditEvent.objects.filter(action="evidence.partner_dataset_imported").latest("id").data["sha256"] == (
        latest.sha256)


def test_a_reimport_keeps_the_rows_it_repeats_and_dates_the_new_ones(areas, partnership, council, analyst):
    first = load(analyst, partnership, council, data=incidents(months=2))
    kept = PartnerCount.objects.get(month=datetime.date(2025, 1, 1), area_code=LSOA_IN_WARD)
    changed = csv_bytes(HEADER, f"2025-01,{LSOA_IN_WARD},{CATEGORY},1", f"2025-02,{LSOA_IN_WARD},{CATEGORY},9",
                        f"2025-03,{LSOA_IN_WARD},{CATEGORY},3")
    load(analyst, partnership, council, data=changed)

    rows = {row.month.month: row for row in PartnerCount.objects.filter(dataset=first.dataset)}
    assert sorted(rows) == [1, 2, 3] and rows[1].pk == kept.pk and rows[1].imported_at == kept.imported_at
    assert rows[2].count == 9 and rows[2].imported_at > kept.imported_at, "a changed count is a new row"
    assert first.dataset.counts.count() == 3


def test_a_failed_or_refused_import_leaves_the_history_as_it_was(areas, partnership, council, analyst):
    load(analyst, partnership, council)
    with mock.patch("eunomia.evidence.actions.audit.record", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            load(analyst, partnership, council, data=incidents(months=3))
    with pytest.raises(ValidationError):
        load(analyst, partnership, council, data=csv_bytes(HEADER, "2025-01,E01999999,x,1"))
    assert PartnerDatasetUpload.objects.count() == 1
    assert PartnerDataset.objects.get().counts.count() == 48 and PartnerDataset.objects.get().rows == 48


def test_the_dataset_page_shows_the_history_and_the_measures(measure, partnership, fast_client_for, practitioner,
                                                             outsider, analyst):
    load(analyst, partnership, measure.dataset.organisation, data=incidents(months=2))
    url = f"/p/testvale/evidence/partner-data/{measure.dataset.pk}/"
    page = fast_client_for(practitioner).get(url)
    text = page.content.decode()
    assert page.status_code == 200 and text.count("da.csv") == 2
    assert PartnerDatasetUpload.objects.first().sha256 in text and "Domestic abuse incidents" in text
    assert "Register a category" not in text and "Make a figure" not in text, "a reader only reads"
    assert fast_client_for(outsider).get(url).status_code == 404
    assert f'href="{url}"' in fast_client_for(practitioner).get("/p/testvale/evidence/").content.decode()


# Registering a measure ------------------------------------------------------------------------------------

@pytest.mark.parametrize("fields, field, message", [
    ({"category": "Burglary"}, "category", "Domestic abuse has no category called \u201cBurglary\u201d. Its "
                                           "categories are: Domestic abuse incidents, Stalking."),
    ({"title": " "}, "title", "Enter a title"),
    ({"definition": ""}, "definition", "Say what exactly is counted"),
    ({"counts": "crimes"}, "counts", "Say whether it counts people or events"),
    ({"harm_weight": Decimal(-1)}, "harm_weight", "The weight cannot be negative"),
])
def test_a_registration_that_cannot_be_is_refused_in_words(measure, analyst, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        register(analyst, measure.dataset, **{"category": "Stalking", **fields})
    assert refused.value.message_dict[field][0].startswith(message.replace("Say what", "Enter what"))


def test_a_category_is_registered_once_and_the_registration_is_audited(measure, analyst):
    with pytest.raises(ValidationError) as refused:
        register(analyst, measure.dataset, title="Again")
    assert refused.value.message_dict["category"] == [
        "\u201cDomestic abuse incidents\u201d of Domestic abuse is already registered as a measure"]
    event = AuditEvent.objects.get(action="evidence.partner_measure_registered")
    assert event.data["category"] == CATEGORY and event.actor == analyst.email


def test_registering_through_the_page(areas, partnership, council, analyst, board_member, fast_client_for):
    dataset = load(analyst, partnership, council).dataset
    url = f"/p/testvale/evidence/partner-data/{dataset.pk}/measures/new/"
    assert fast_client_for(board_member).get(url).status_code == 403
    client = fast_client_for(analyst)
    refused = client.post(url, {"category": "Nothing", "title": "", "definition": "x", "counts": "events"})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.content.decode()
    assert "Choose one of the dataset&#x27;s categories" in refused.content.decode()
    response = client.post(url, {"category": "Stalking", "title": "Stalking reports", "counts": "people",
                                 "definition": "Reports of stalking.", "harm_weight": "7.5"})
    assert response.status_code == 302 and response["Location"] == f"/p/testvale/evidence/partner-data/{dataset.pk}/"
    registered = PartnerMeasure.objects.get()
    assert (registered.category, registered.counts, registered.harm_weight) == ("Stalking", "people", Decimal("7.5"))
    assert "Stalking reports" in client.get(response["Location"]).content.decode()


# The measure's value --------------------------------------------------------------------------------------

def test_the_value_is_the_sum_of_the_months_of_the_period_both_edges_included(measure, partnership):
    # March to May: 3 + 4 + 5 in each of the three areas (x 1, 100 and 1000); February and June are out.
    assert value(partnership, measure, datetime.date(2025, 3, 1), datetime.date(2025, 5, 31)) == 12 * 1101
    assert value(partnership, measure, datetime.date(2025, 3, 31), datetime.date(2025, 5, 1)) == 12 * 1101
    assert value(partnership, measure, datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)) == 78 * 1101


def test_the_value_for_an_area_counts_the_rows_within_it(measure, partnership):
    year = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert value(partnership, measure, *year, area=WARD) == 78, "the ward's LSOA only: not the district's rows"
    assert value(partnership, measure, *year, area=DISTRICT) == 78 * 1101
    with pytest.raises(MeasureError, match="is not a district or ward of Testvale"):
        value(partnership, measure, *year, area="E07000116")


def test_a_measure_of_another_partnership_is_refused(measure, other_partnership):
    with pytest.raises(MeasureError, match="not one of Elsewhere CSP's"):
        value(other_partnership, measure, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))


def test_a_month_without_any_counts_leaves_no_value_and_a_month_of_other_rows_counts_zero(areas, partnership,
                                                                                          council, analyst):
    data = incidents(skip=[datetime.date(2025, 6, 1)]) + b"2025-07,E01024717,Something else,3\n"
    registered = register(analyst, load(analyst, partnership, council, data=data).dataset, category="Stalking")
    assert value(partnership, registered, datetime.date(2025, 5, 1), datetime.date(2025, 6, 30)) is None
    assert value(partnership, registered, datetime.date(2024, 12, 1), datetime.date(2025, 1, 31)) is None
    assert value(partnership, registered, datetime.date(2025, 7, 1), datetime.date(2025, 8, 31)) == 14


# Its figures ----------------------------------------------------------------------------------------------

def figure_of(by, partnership, registered, start, end, area=ALL, title=""):
    return figure_actions.create_figure(
        by=by, partnership=partnership, title=title, unit="", period_start=start, period_end=end,
        kind=Figure.Kind.COMPUTED, measure=KEY, measure_params={"measure": str(registered.pk), "area": area})


def test_a_figure_takes_its_words_source_and_counts_from_the_registered_measure(measure, partnership, manager):
    figure = figure_of(manager, partnership, measure, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31),
                       area=WARD)
    uploaded = timezone.localtime(measure.dataset.imported_at)
    assert figure.source == f"Testvale Council: Domestic abuse (Crime system), uploaded {uploaded:%-d %B %Y}"
    assert figure.title == "Domestic abuse incidents in Castle (E05005000)"
    assert figure.definition.startswith("Incidents of domestic abuse the police recorded. Counted in Castle")
    assert (figure.value, figure.counts, figure.owner_organisation) == (6, Counts.EVENTS, measure.dataset.organisation)


def test_a_figure_counting_people_is_one_the_disclosure_rule_applies_to(measure, partnership, manager, analyst):
    people = register(analyst, measure.dataset, category="Stalking", title="People stalked", counts=Counts.PEOPLE)
    figure = figure_of(manager, partnership, people, datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
    assert figure.counts_people and figure_actions.recalculate_figure(by=manager, figure=figure).counts_people


def test_a_reupload_brings_the_figure_and_its_source_up_to_date(measure, partnership, manager, analyst):
    figure = figure_of(manager, partnership, measure, datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
    assert figure.value == 1101
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=40)):
        load(analyst, partnership, measure.dataset.organisation,
             data=csv_bytes(HEADER, f"2025-01,{DISTRICT},{CATEGORY},5"))
    figure = figure_actions.recalculate_figure(by=manager, figure=figure)
    uploaded = timezone.localtime(PartnerDataset.objects.get().imported_at)
    assert figure.value == 5 and figure.source.endswith(f"uploaded {uploaded:%-d %B %Y}")
    assert AuditEvent.objects.filter(action="figure.updated", data__has_key="source").exists()


def test_a_figure_with_a_missing_month_blocks_publication_until_the_month_comes(areas, partnership, council,
                                                                                   analyst, manager, plans):
    # This year's draft is April 2025 to March 2026; the partner has sent up to February 2026.
    data = incidents(first=datetime.date(2025, 4, 1), months=11)
    registered = register(analyst, load(analyst, partnership, council, data=data).dataset)
    figure = figure_of(manager, partnership, registered, datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    current = plans["current"]
    plan_actions.save_section(by=manager, section=current.sections.get(kind="priorities"),
                              body=f"The police recorded [[{figure.name}]] incidents of domestic abuse.")
    assert figure.value is None
    _, gaps = plan_actions.publication_gaps(current)
    [gap] = [gap for gap in gaps if gap.figure_name == figure.name]
    assert gap.what.startswith("Figure Domestic abuse incidents has no value") and gap.owner == "Testvale Council"

    load(analyst, partnership, council, data=incidents(first=datetime.date(2025, 4, 1), months=12))
    figure_actions.recalculate_figure(by=manager, figure=figure)
    _, gaps = plan_actions.publication_gaps(current)
    assert not [gap for gap in gaps if gap.figure_name == figure.name]
    assert Figure.objects.get(pk=figure.pk).value == sum(m * 1101 for m in range(1, 13))


def test_making_a_figure_through_the_page(measure, partnership, manager, practitioner, fast_client_for):
    url = f"/p/testvale/evidence/partner-measures/{measure.pk}/figure/"
    assert fast_client_for(practitioner).get(url).status_code == 403
    client = fast_client_for(manager)
    assert client.post(url, {"year": "2025", "area": "E09999999", "title": "x"}).status_code == 400
    response = client.post(url, {"year": "2024", "area": DISTRICT, "title": "DA incidents", "name": "da-2024"})
    assert response.status_code == 302 and response["Location"] == "/p/testvale/figures/da-2024/"
    figure = Figure.objects.get(name="da-2024")
    assert figure.measure_params == {"measure": str(measure.pk), "area": DISTRICT} and figure.value is None
    assert "[[da-2024]]" in client.get(f"/p/testvale/evidence/partner-data/{measure.dataset.pk}/").content.decode()


# The records behind it ------------------------------------------------------------------------------------

def test_the_records_add_up_to_the_value_for_a_member_and_are_held_from_a_stranger(measure, partnership,
                                                                                   practitioner, outsider):
    period = {"period_start": datetime.date(2025, 11, 1), "period_end": datetime.date(2025, 12, 31)}
    params = {"measure": str(measure.pk), "area": WARD}
    expected = value(partnership, measure, period["period_start"], period["period_end"], area=WARD)
    counted = drilldown.counted(KEY, partnership=partnership, params=params, **period)
    assert counted.value() == expected == 23

    member = drilldown.drill(counted, user=practitioner, partnership=partnership)
    assert member.value == expected and member.held == []
    assert sum(row.count for row in member.visible) == expected and member.visible.count() == 2
    assert [row.month.month for row in member.visible] == [12, 11]

    stranger = drilldown.drill(counted, user=outsider, partnership=partnership)
    assert stranger.visible.count() == 0
    assert [(h.organisation, h.count, h.amount) for h in stranger.held] == [("Testvale Council", 2, 23)]


def test_the_records_of_a_period_with_a_missing_month_give_no_value(measure, partnership):
    counted = drilldown.counted(KEY, partnership=partnership, period_start=datetime.date(2025, 12, 1),
                                period_end=datetime.date(2026, 1, 31), params={"measure": str(measure.pk), "area": ALL})
    assert counted.value() is None and counted.totals().amount == 12 * 1101
    assert "no counts for January 2026" in counted.in_words(counted.totals())


# The priority matrix --------------------------------------------------------------------------------------

def test_the_priority_matrix_ranks_a_partner_measure_beside_the_crime_types(area, partnership, council,  # noqa: F811
                                                                            analyst):
    current, previous = Period.parse("2025-07..2025-12"), Period.parse("2025-01..2025-06")
    before = {row.slug: (row.scores, row.total, row.reasons) for row in
              assess(partnership=partnership, current=current, previous=previous).matrix}
    data = csv_bytes(HEADER, *[f"2025-{m:02d},{DISTRICT},{CATEGORY},{40 + 10 * m}" for m in range(1, 13)])
    registered = register(analyst, load(analyst, partnership, council, data=data).dataset,
                          harm_weight=Decimal("60"))

    a = assess(partnership=partnership, current=current, previous=previous)
    [row] = [row for row in a.matrix if row.slug == partner_slug(registered.pk)]
    assert row.name == "Domestic abuse incidents" and row.source == "Testvale Council: Domestic abuse"
    assert row.scores["volume"] == 100.0, "at most the largest police.uk issue's score"
    assert row.scores["trend"] == 100.0 and row.scores["concern"] is None
    assert "counted by Testvale Council (Domestic abuse)" in row.reasons
    assert {r.slug: (r.scores, r.total, r.reasons) for r in a.matrix if r.slug != row.slug} == before, (
        "the crime types score as they did")
    assert row.recommended and f"{row.rank}. Domestic abuse incidents" in [f"{r.rank}. {r.name}" for r in a.matrix]


def test_a_partner_measure_s_vulnerability_is_set_and_it_can_become_a_priority(area, partnership, council,  # noqa: F811
                                                                                 analyst, manager, plans, client_for):
    data = csv_bytes(HEADER, *[f"2025-{m:02d},{DISTRICT},{CATEGORY},50" for m in range(1, 13)])
    registered = register(analyst, load(analyst, partnership, council, data=data).dataset)
    slug = partner_slug(registered.pk)
    client = client_for(manager)
    form = client.get("/p/testvale/assessment/settings/").content.decode()
    assert "Vulnerability: Domestic abuse incidents (partner data)" in form
    settings = {"weight_volume": 3, "weight_trend": 2, "weight_harm": 3, "weight_concern": 2,
                "weight_vulnerability": 2, "recommend": 5, f"vulnerability_{slug}": 3,
                **{f"vulnerability_{issue}": 0 for issue, _ in ISSUE_CHOICES[1:]}}
    assert client.post("/p/testvale/assessment/settings/", settings).status_code == 302
    query = "?period=2025-07..2025-12&compare=2025-01..2025-06"
    a = client.get(f"/p/testvale/assessment/{query}").context["assessment"]
    [row] = [row for row in a.matrix if row.slug == slug]
    assert row.scores["vulnerability"] == 100.0 and "vulnerability high: set by the partnership" in row.reasons

    response = client.post(f"/p/testvale/assessment/adopt/{query}", {"plan": plans["current"].pk, "issues": [slug]})
    assert response.status_code == 302
    added = plans["current"].priorities.get(title="Domestic abuse incidents")
    assert "counted by Testvale Council (Domestic abuse)" in added.description


def test_a_partner_measure_with_a_missing_month_is_left_out_of_the_matrix_and_said(area, partnership,  # noqa: F811
                                                                                   council, analyst):
    data = csv_bytes(HEADER, *[f"2025-{m:02d},{DISTRICT},{CATEGORY},50" for m in range(1, 12)])
    register(analyst, load(analyst, partnership, council, data=data).dataset)
    a = assess(partnership=partnership, current=Period.parse("2025-07..2025-12"),
               previous=Period.parse("2025-01..2025-06"))
    assert not [row for row in a.matrix if row.source]
    assert any(note.startswith("Domestic abuse incidents (Testvale Council: Domestic abuse) is left out of the "
                               "priority matrix: the dataset has no counts for Dec 2025") for note in a.notes)


# In a real Chromium, with axe ---------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_registering_a_measure_and_making_a_figure_of_it(new_page, live_server, manager, council, areas,
                                                         partnership, javascript):
    dataset = load(manager, partnership, council).dataset
    page = new_page(javascript=javascript)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/p/testvale/evidence/")
    page.get_by_role("link", name="Domestic abuse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic abuse")
    expect(page.get_by_role("region", name="Upload history")).to_contain_text("da.csv")
    axe_check(page)

    page.get_by_role("link", name="Register a category as a measure").click()
    axe_check(page)
    page.get_by_label("Title").fill("Domestic abuse incidents")
    page.get_by_role("button", name="Register the measure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the category of the dataset to count")
    axe_check(page)
    page.get_by_label("Category to count").select_option(CATEGORY)
    page.get_by_label("What it counts, in plain words").fill("Incidents of domestic abuse the police recorded.")
    page.get_by_label("Events or things").check()
    page.get_by_role("button", name="Register the measure").click()
    expect(page.get_by_role("rowheader", name="Domestic abuse incidents")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Make a figure of Domestic abuse incidents").click()
    axe_check(page)
    page.get_by_label("Period").select_option("2024")
    page.get_by_label("Area").select_option(WARD)
    page.get_by_label("Name", exact=True).fill("da-castle")
    page.get_by_role("button", name="Make the figure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic abuse incidents")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Testvale Council: Domestic abuse (Crime system)")
    axe_check(page)
    assert Figure.objects.get(name="da-castle").measure_params["area"] == WARD
    assert dataset.measures.get().title == "Domestic abuse incidents"


# The data migration ---------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_datasets_imported_before_the_history_get_one_upload_row(system_user, partnership, council):
    executor = MigrationExecutor(connection)
    executor.migrate([("evidence", "0001_initial")])
    old = executor.loader.project_state([("evidence", "0001_initial")]).apps
    imported_at = timezone.now() - datetime.timedelta(days=3)
    dataset = old.get_model("evidence", "PartnerDataset").objects.create(
        partnership_id=partnership.pk, organisation_id=council.pk, name="Fires", file_name="fires.csv", rows=2,
        imported_at=imported_at, imported_by_id=system_user.pk)
    for month in (datetime.date(2025, 1, 1), datetime.date(2025, 3, 1)):
        old.get_model("evidence", "PartnerCount").objects.create(dataset_id=dataset.pk, month=month,
                                                                 area_code=DISTRICT, category="Fires", count=1)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    upload = PartnerDatasetUpload.objects.get()
    assert (upload.dataset_id, upload.file_name, upload.rows, upload.sha256, upload.imported_by) == (
        dataset.pk, "fires.csv", 2, "", system_user)
    assert (upload.first_month, upload.last_month, upload.imported_at) == (
        datetime.date(2025, 1, 1), datetime.date(2025, 3, 1), imported_at)
    assert set(PartnerCount.objects.values_list("imported_at", flat=True)) == {imported_at}
