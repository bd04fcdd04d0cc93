"""The assessment page, its downloads, settings, adopting priorities and making figures, on a small
area written here in police.uk's format: two wards of two LSOAs each in Tonbridge and Malling."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from eunomia.audit.models import AuditEvent
from eunomia.core.dates import add_months
from eunomia.core.periods import Period
from eunomia.crime.importer import import_police_files
from eunomia.crime.measures import ISSUE_CHOICES
from eunomia.figures.models import Figure
from eunomia.figures.registry import get_measure
from eunomia.geography.models import Area

HEADER = ["Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location", "LSOA code",
          "LSOA name", "Crime type", "Last outcome category", "Context"]
LSOAS = [("E01024700", "Tonbridge and Malling 001A", "E05005100"), ("E01024701", "Tonbridge and Malling 001B", "E05005100"),
         ("E01024702", "Tonbridge and Malling 002A", "E05005101"), ("E01024703", "Tonbridge and Malling 002B", "E05005101")]
FIRST = datetime.date(2024, 1, 1)
MISSING = datetime.date(2024, 6, 1)  # no file for this month: the first period is incomplete


def counts_for(month_index, lsoa_index):
    """Crimes of each type written for a month and LSOA: rising violence in the last LSOA."""
    return {"Burglary": 2 + lsoa_index % 2, "Anti-social behaviour": 3,
            "Violence and sexual offences": 4 + (month_index if lsoa_index == 3 else 0)}


@pytest.fixture
def area(db, system_user, partnership, tmp_path):
    lad = Area.objects.create(code="E07000115", name="Tonbridge and Malling", type="lad")
    wards = {code: Area.objects.create(code=code, name=f"Ward {code[-1]}", type="ward", lad=lad,
                                       geometry={"type": "Polygon", "coordinates": [[[0, n], [1, n], [1, n + 1], [0, n]]]})
             for n, code in enumerate(["E05005100", "E05005101"])}
    for code, name, ward in LSOAS:
        Area.objects.create(code=code, name=name, type="lsoa", lad=lad, ward=wards[ward], population=1500,
                            population_year=2012)
    paths = []
    for index in range(24):
        month = add_months(FIRST, index)
        if month == MISSING:
            continue
        path = tmp_path / f"{month:%Y-%m}-testshire-street.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(HEADER)
            for lsoa_index, (code, name, _) in enumerate(LSOAS):
                for crime_type, n in counts_for(index, lsoa_index).items():
                    for _ in range(n):
                        writer.writerow(["" if crime_type == "Anti-social behaviour" else "a" * 64, f"{month:%Y-%m}",
                                         "Testshire Police", "Testshire Police", "0.5", "51.2",
                                         f"On or near Street {lsoa_index}", code, name, crime_type, "", ""])
        paths.append(path)
    import_police_files(by=system_user, paths=paths)
    return partnership


def written(months, *, types=None, lsoa=None):
    return sum(n for i in months for li in range(4) if lsoa in (None, li)
               for t, n in counts_for(i, li).items() if (types is None or t in types))


CRIME = {"Burglary", "Violence and sexual offences"}


def test_the_page_shows_the_default_periods_and_the_missing_month(area, analyst, client_for):
    response = client_for(analyst).get("/p/testvale/assessment/")
    assert response.status_code == 200
    a = response.context["assessment"]
    assert a.current == Period.parse("2025-01..2025-12") and a.previous == Period.parse("2024-01..2024-12")
    assert a.all_crime.current == written(range(12, 24), types=CRIME)
    assert a.all_crime.previous is None  # June 2024 is missing: no total, no change
    text = response.content.decode()
    assert "No police.uk file is held for 1 of the months of Jan 2024 to Dec 2024 (Jun 2024)" in text
    assert "no data" in text  # the trend chart marks the month


def test_a_comparison_of_complete_periods(area, analyst, client_for):
    response = client_for(analyst).get("/p/testvale/assessment/?period=2025-07..2025-12&compare=2025-01..2025-06")
    a = response.context["assessment"]
    assert a.all_crime.previous == written(range(12, 18), types=CRIME)
    assert a.all_crime.current == written(range(18, 24), types=CRIME)
    assert a.lsoa_rising[0].code == "E01024703"
    assert a.ward_hot_spots[0].code == "E05005101"
    assert a.asb.change == 0
    assert a.matrix[0].name == "Violence and sexual offences"
    assert "up 36" in response.content.decode()  # violence: 6 months x 6 more in the last LSOA


@pytest.mark.parametrize("query,message", [
    ("period=2025-13..2025-12", "a month that does not exist"),
    ("period=2025-01", "Write the period as two months"),
    ("period=2025-01..2025-06&compare=2024-01..2024-12", "must be the same length"),
    ("period=2025-01..2025-06&compare=2025-03..2025-08", "overlap"),
    ("compare=2024-01..2024-12", "Enter the period to assess"),
])
def test_bad_periods_are_explained(area, analyst, client_for, query, message):
    response = client_for(analyst).get(f"/p/testvale/assessment/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_with_no_data_the_page_says_so(db, partnership, analyst, client_for):
    response = client_for(analyst).get("/p/testvale/assessment/")
    assert response.status_code == 200
    assert "No police.uk data is held for Testvale" in response.content.decode()


def test_who_may_see_it(area, outsider, practitioner, client_for):
    assert client_for(outsider).get("/p/testvale/assessment/").status_code == 404
    assert client_for(None).get("/p/testvale/assessment/").status_code == 302
    assert client_for(practitioner).get("/p/testvale/assessment/").status_code == 200
    assert client_for(practitioner).get("/p/testvale/assessment/settings/").status_code == 403


def test_downloads(area, analyst, client_for):
    client = client_for(analyst)
    query = "?period=2025-07..2025-12&compare=2025-01..2025-06"
    rows = list(csv.reader(io.StringIO(client.get(f"/p/testvale/assessment/download/csv/{query}").content.decode())))
    assert rows[0][:2] == ["Crime type", "Jul 2025"]
    assert next(r for r in rows if r[0] == "Burglary")[1] == str(written([18], types={"Burglary"}))
    book = load_workbook(io.BytesIO(client.get(f"/p/testvale/assessment/download/xlsx/{query}").content))
    assert "Priority matrix" in book.sheetnames
    summary = book["Summary"]
    assert summary.cell(1, 1).value == "Issue"
    pdf = client.get(f"/p/testvale/assessment/download/pdf/{query}")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/p/testvale/assessment/download/docx/{query}")
    body = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "Recommended priorities" in body and "Violence and sexual offences" in body
    assert AuditEvent.objects.filter(action="assessment.downloaded").count() == 4
    assert client.get(f"/p/testvale/assessment/download/txt/{query}").status_code == 404


def test_settings_change_the_ranking(area, manager, client_for):
    client = client_for(manager)
    data = {"weight_volume": 0, "weight_trend": 0, "weight_harm": 0, "weight_concern": 0, "weight_vulnerability": 0,
            "recommend": 2, **{f"vulnerability_{slug}": 0 for slug, _ in ISSUE_CHOICES[1:]}}
    response = client.post("/p/testvale/assessment/settings/", data)
    assert response.status_code == 400
    assert "Give at least one criterion a weight above 0" in response.content.decode()
    data.update(weight_volume=5, **{"vulnerability_burglary": 3, "vulnerability_violence-and-sexual-offences": 0})
    assert client.post("/p/testvale/assessment/settings/", data).status_code == 302
    a = client.get("/p/testvale/assessment/?period=2025-07..2025-12").context["assessment"]
    assert [row.name for row in a.recommended] == ["Violence and sexual offences", "Anti-social behaviour"]
    assert a.weights["trend"] == 0
    assert AuditEvent.objects.filter(action="assessment.settings_changed").exists()


def test_recommended_priorities_go_into_a_plan(area, plans, manager, client_for):
    client = client_for(manager)
    plan = plans["current"]
    query = "?period=2025-07..2025-12&compare=2025-01..2025-06"
    response = client.post(f"/p/testvale/assessment/adopt/{query}",
                           {"plan": plan.pk, "issues": ["violence-and-sexual-offences", "burglary"]})
    assert response.status_code == 302
    titles = list(plan.priorities.values_list("title", flat=True))
    assert "Violence and sexual offences" in titles and "Burglary" in titles
    added = plan.priorities.get(title="Burglary")
    assert "Recommended by the strategic assessment of Jul 2025 to Dec 2025" in added.description
    # Again: nothing is added twice.
    client.post(f"/p/testvale/assessment/adopt/{query}", {"plan": plan.pk, "issues": ["burglary"]})
    assert plan.priorities.filter(title="Burglary").count() == 1
    response = client.post(f"/p/testvale/assessment/adopt/{query}", {"plan": plan.pk})
    assert response.status_code == 400


def test_any_number_becomes_a_figure(area, analyst, client_for):
    client = client_for(analyst)
    query = "?period=2025-07..2025-12&compare=2025-01..2025-06"
    response = client.post(f"/p/testvale/assessment/figure/{query}",
                           {"what": "count", "issue": "all-crime", "area": "E05005101", "name": "ward-crime"})
    assert response.status_code == 302
    figure = Figure.objects.get(name="ward-crime")
    assert figure.value == written(range(18, 24), types=CRIME, lsoa=2) + written(range(18, 24), types=CRIME, lsoa=3)
    assert figure.period_start == datetime.date(2025, 7, 1) and figure.period_end == datetime.date(2025, 12, 31)
    client.post(f"/p/testvale/assessment/figure/{query}", {"what": "change", "issue": "anti-social-behaviour",
                                                           "area": "", "name": "asb-change"})
    assert Figure.objects.get(name="asb-change").value == 0
    client.post(f"/p/testvale/assessment/figure/{query}", {"what": "change", "issue": "violence-and-sexual-offences",
                                                           "area": "E05005101", "name": "ward-violence-change"})
    before = written(range(12, 18), types={"Violence and sexual offences"}, lsoa=2) + written(
        range(12, 18), types={"Violence and sexual offences"}, lsoa=3)
    after = written(range(18, 24), types={"Violence and sexual offences"}, lsoa=2) + written(
        range(18, 24), types={"Violence and sexual offences"}, lsoa=3)
    assert Figure.objects.get(name="ward-violence-change").value == round(Decimal((after - before) * 100 / before), 1)
    response = client.post(f"/p/testvale/assessment/figure/{query}", {"what": "count", "issue": "nonsense"})
    assert response.status_code == 400


def test_a_figure_over_a_missing_month_has_no_value(area, partnership):
    registered = get_measure("assessment.crime_count")
    value = registered.evaluate(partnership=partnership, period_start=datetime.date(2024, 4, 1),
                                period_end=datetime.date(2025, 3, 31), params={"issue": "burglary"})
    assert value is None
    value = registered.evaluate(partnership=partnership, period_start=datetime.date(2024, 7, 1),
                                period_end=datetime.date(2024, 7, 31), params={"issue": "burglary"})
    assert value == written([6], types={"Burglary"})
