"""The projects pages: who may open each, what the dashboard puts first for whom, the forms' refusals
in plain words (nothing saved), late returns at both edges of the due date, agreements uploaded and
downloaded (every download audited), the portfolio and its CSV and spreadsheet, and a 404, never a
500, for addresses that name nothing of this partnership's."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from eunomia.audit.models import AuditEvent
from eunomia.partners import actions as partner_actions
from eunomia.projects import actions
from eunomia.projects.models import (Allocation, BudgetLine, Evaluation, Fund, Project, ProjectDocument,
                                     ProjectMeasure, Return)
from tests.projects.helpers import (PAGES, Q1, Q2, Q3, Q4, fill, funded, people, return_form,  # noqa: F401
                                    return_url)
from tests.projects.objects import fund, in_january_2026, measures, pcc, project  # noqa: F401
from tests.test_dead_links import links_on
from tests.test_forms import assert_refused

pytestmark = pytest.mark.django_db
UTC = datetime.timezone.utc


@pytest.fixture
def reported(funded, practitioner, in_january_2026):
    """Q1 submitted and waiting for the CSP manager; Q2 a draft; Q3 and Q4 not started."""
    fill(practitioner, funded, Q1)
    fill(practitioner, funded, Q2, submit=False)
    return funded


def state():
    """Everything the projects pages could change."""
    return (list(Fund.objects.values_list("pk", "name", "amount")), Allocation.objects.count(),
            list(Project.objects.values_list("pk", "title", "start_on", "end_on", "status")),
            BudgetLine.objects.count(), ProjectMeasure.objects.count(), Evaluation.objects.count(),
            ProjectDocument.objects.count(), list(Return.objects.values_list("pk", "status", "spend")),
            AuditEvent.objects.count())


# Who opens what ----------------------------------------------------------------------------------------

READERS = ("csp_manager", "analyst", "csu_officer", "provider_practitioner", "other_practitioner", "board_member")
EDIT_PAGES = ["funds/new/", "funds/{fund}/edit/", "funds/{fund}/allocate/", "new/", "{project}/edit/",
              "{project}/budget/new/", "{project}/measures/new/", "{project}/evaluations/new/",
              "{project}/documents/new/"]
READ_PAGES = ["", "?year=2025", "funds/{fund}/", "{project}/", "{project}/returns/2025-04-01/",
              "{project}/returns/2025-10-01/", "{project}/returns/2026-01-01/", "portfolio/2025/",
              "portfolio/2025/download/csv/", "portfolio/2025/download/xlsx/"]


@pytest.mark.parametrize("who", READERS + ("outsider",))
def test_every_member_reads_the_pages_and_only_the_csp_manager_opens_the_forms(who, people, reported, fund,
                                                                               fast_client_for):
    client = fast_client_for(people[who])
    ids = {"fund": fund.pk, "project": reported.pk}
    for page in READ_PAGES:
        assert client.get(f"{PAGES}/{page.format(**ids)}").status_code == (404 if who == "outsider" else 200), page
    for page in EDIT_PAGES:
        expected = {"csp_manager": 200, "outsider": 404}.get(who, 403)
        assert client.get(f"{PAGES}/{page.format(**ids)}").status_code == expected, page
    # Deciding on a return is the CSP manager's alone.
    expected = {"csp_manager": 200, "outsider": 404}.get(who, 403)
    assert client.get(return_url(reported, Q1, "send-back/")).status_code == expected


@pytest.mark.parametrize("who, status", [("csp_manager", 200), ("provider_practitioner", 200), ("analyst", 404),
                                         ("csu_officer", 404), ("other_practitioner", 404), ("board_member", 404),
                                         ("outsider", 404)])
def test_a_draft_return_is_seen_only_by_those_who_fill_it_and_the_csp_manager(who, status, people, reported,
                                                                             fast_client_for):
    client = fast_client_for(people[who])
    assert client.get(return_url(reported, Q2)).status_code == status
    if who in ("analyst", "board_member"):
        page = client.get(f"{PAGES}/{reported.pk}/").content.decode()
        # The project page shows the period without saying a draft is being written, and without a link.
        assert "Late: not submitted" in page and "Late: draft" not in page
        assert return_url(reported, Q2) not in page
        assert return_url(reported, Q1) in page


def test_a_period_not_started_says_so_and_offers_the_form_only_to_its_fillers(people, reported, fast_client_for):
    analyst_page = fast_client_for(people["analyst"]).get(return_url(reported, Q3)).content.decode()
    assert "No return has been started for this period." in analyst_page and "Save as draft" not in analyst_page
    filler_page = fast_client_for(people["provider_practitioner"]).get(return_url(reported, Q3)).content.decode()
    assert "Save as draft" in filler_page and "Submit to the CSP manager" in filler_page
    other_page = fast_client_for(people["other_practitioner"]).get(return_url(reported, Q3)).content.decode()
    assert "Save as draft" not in other_page
    # A submitted return is shown, not offered for changing; the CSP manager may decide on it.
    submitted = fast_client_for(people["provider_practitioner"]).get(return_url(reported, Q1)).content.decode()
    assert "What was reported" in submitted and "£1,500.00" in submitted and "Save as draft" not in submitted
    assert "Accept the return" not in submitted
    manager_page = fast_client_for(people["csp_manager"]).get(return_url(reported, Q1)).content.decode()
    assert "Accept the return" in manager_page and "Send the return back" in manager_page


def test_a_period_not_yet_begun_offers_no_form(people, funded, in_january_2026, fast_client_for, practitioner):
    with time_machine.travel(datetime.datetime(2025, 6, 15, 12, tzinfo=UTC), tick=False):
        client = fast_client_for(practitioner)
        page = client.get(return_url(funded, Q2)).content.decode()
        assert "its return can be written from that day" in page and "Save as draft" not in page
        before = state()
        response = client.post(return_url(funded, Q2), return_form(funded, action="draft"))
        assert response.status_code == 400
        assert "The period Q2 2025/26 starts on 1 July 2025: its return can be written from that day" in \
               response.content.decode()
        assert state() == before


# The dashboard ------------------------------------------------------------------------------------------

@pytest.fixture
def council_project(manager, partnership, council, in_january_2026):
    project = actions.create_project(by=manager, partnership=partnership, title="Town centre patrols",
                                     owner_organisation=council, lead_organisation=council,
                                     start_on=datetime.date(2025, 4, 1), end_on=datetime.date(2026, 3, 31),
                                     status="running")
    actions.add_measure(by=manager, project=project, kind="output", name="Patrols", annual_target=100)
    return project


def late_projects(response):
    return [(row["project"].title, row["state"].period.label) for row in response.context["late"]]


def test_a_partner_practitioner_sees_their_own_organisations_late_returns_with_a_link_to_fill_each(
        people, reported, council_project, fast_client_for):
    response = fast_client_for(people["provider_practitioner"]).get(f"{PAGES}/")
    assert late_projects(response) == [("Youth diversion sessions", "Q2 2025/26")]
    page = response.content.decode()
    assert "Your organisation's late returns" in page
    assert f'href="{return_url(reported, Q2)}">Fill in the return' in page
    assert "Returns waiting for your decision" not in page

    council = fast_client_for(people["other_practitioner"]).get(f"{PAGES}/")
    assert late_projects(council) == [("Town centre patrols", "Q1 2025/26"), ("Town centre patrols", "Q2 2025/26")]


def test_readers_see_every_late_return_without_a_draft_and_the_manager_what_waits(people, reported,
                                                                                  council_project, fast_client_for):
    response = fast_client_for(people["analyst"]).get(f"{PAGES}/")
    assert late_projects(response) == [("Town centre patrols", "Q1 2025/26"), ("Town centre patrols", "Q2 2025/26"),
                                       ("Youth diversion sessions", "Q2 2025/26")]
    page = response.content.decode()
    assert "Fill in the return" not in page and "Late: draft" not in page and "Late: not submitted" in page
    assert "Returns waiting for your decision" not in page

    manager = fast_client_for(people["csp_manager"]).get(f"{PAGES}/")
    assert len(manager.context["late"]) == 3 and "Fill in the return" in manager.content.decode()
    assert [r.period_start for r in manager.context["waiting"]] == [Q1]
    assert "Late: draft" in manager.content.decode()


@pytest.mark.parametrize("day, late", [(datetime.date(2026, 1, 30), False), (datetime.date(2026, 1, 31), True)])
def test_a_return_due_today_is_not_late_and_one_due_yesterday_is(day, late, reported, practitioner,
                                                                  fast_client_for):
    """Q3 (October to December 2025) is due on 30 January 2026."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(0, 30), tzinfo=UTC), tick=False):
        response = fast_client_for(practitioner).get(f"{PAGES}/")
        assert (("Youth diversion sessions", "Q3 2025/26") in late_projects(response)) is late
        project_page = fast_client_for(practitioner).get(f"{PAGES}/{reported.pk}/").content.decode()
        assert ("Late: not started" in project_page.split("Q3 2025/26")[1].split("</tr>")[0]) is late


def test_the_dashboard_shows_the_years_funds_with_what_is_left_and_explains_a_bad_year(people, reported, fund,
                                                                                      fast_client_for):
    client = fast_client_for(people["board_member"])
    page = client.get(f"{PAGES}/?year=2025").content.decode()
    assert "Crime Reduction Grant" in page and "£10,000.00" in page and "£8,000.00" in page and "£2,000.00" in page
    response = client.get(f"{PAGES}/?year=1066")
    assert response.status_code == 200 and response.context["year"] == 2025
    assert "There are no projects in the year asked for: showing 2025/26" in response.content.decode()
    assert client.get(f"{PAGES}/?year=%00abc").status_code == 200


# Forms: refusals in plain words, nothing saved ------------------------------------------------------------

FUND = {"name": "Youth Fund", "start_year": "2025", "amount": "5000.00", "schedule": "quarterly",
        "return_due_days": "30", "conditions": "", "reference": ""}


@pytest.mark.parametrize("change, field, message", [
    ({"name": " "}, "name", "Enter the fund's name"),
    ({"amount": "ten pounds"}, "amount", "Enter the amount in pounds and pence, like 1250.50"),
    ({"amount": "12.345"}, "amount", "Enter the amount to the penny at most, like 1250.50"),
    ({"amount": "1e30"}, "amount", "The amount is too large"),
    ({"amount": "0"}, "amount", "A fund's amount must be more than £0.00"),
    ({"amount": ""}, "amount", "Enter the fund's amount"),
    ({"start_year": "1066"}, "start_year", "Choose one of the years listed"),
    ({"return_due_days": "400"}, "return_due_days", "The days must be 365 or fewer"),
    ({"return_due_days": "a month"}, "return_due_days", "Enter the days as a whole number, like 30"),
    ({"funder": "999999"}, "funder", "Choose the organisation that gives the fund"),
    ({"name": "Crime Reduction Grant"}, "name", "The partnership already has a fund called Crime Reduction Grant "
                                                "for that year"),
])
def test_a_fund_form_refuses_in_plain_words(change, field, message, manager, fund, pcc, client_for):
    before = state()
    response = client_for(manager).post(f"{PAGES}/funds/new/", {**FUND, "funder": pcc.pk, **change})
    assert_refused(response, f"id_{field}", message)
    assert state() == before


def test_a_fund_is_added_and_changed_through_its_forms(manager, pcc, client_for, in_january_2026):
    client = client_for(manager)
    response = client.post(f"{PAGES}/funds/new/", {**FUND, "funder": pcc.pk, "amount": "£5,000.50"})
    fund = Fund.objects.get(name="Youth Fund")
    assert response["Location"] == f"{PAGES}/funds/{fund.pk}/"
    assert fund.amount == Decimal("5000.50") and fund.funder == pcc
    response = client.post(f"{PAGES}/funds/{fund.pk}/edit/", {**FUND, "funder": pcc.pk, "amount": "6000"})
    assert response.status_code == 302
    fund.refresh_from_db()
    assert fund.amount == Decimal("6000.00")


def test_allocating_more_than_is_left_is_refused_on_the_amount(manager, fund, project, client_for,
                                                               in_january_2026):
    client = client_for(manager)
    url = f"{PAGES}/funds/{fund.pk}/allocate/"
    assert client.post(url, {"project": project.pk, "amount": "7500", "made_on": "2025-04-02"}).status_code == 302
    before = state()
    response = client.post(url, {"project": project.pk, "amount": "2500.01", "made_on": "2025-04-02"})
    assert_refused(response, "id_amount", "Crime Reduction Grant 2025/26 has £2,500.00 left to allocate, and "
                                          "£2,500.01 was asked for Youth diversion sessions")
    assert state() == before
    response = client.post(url, {"project": project.pk, "amount": "10", "made_on": "2025-02-30"})
    assert_refused(response, "id_made_on", "Enter the date the money was allocated as a real date, like 2026-11-24")


PROJECT = {"title": "Street pastors", "description": "", "lead_role": "Community Safety Manager",
           "start_on": "2025-04-01", "end_on": "2026-03-31", "status": "planned", "schedule": "quarterly",
           "return_due_days": "30"}


def project_form(housing, council, **change):
    return {**PROJECT, "owner_organisation": housing.pk, "lead_organisation": council.pk, **change}


@pytest.mark.parametrize("change, field, message", [
    ({"title": ""}, "title", "Enter the project's name"),
    ({"end_on": "2025-03-31"}, "end_on", "The project must end on or after the day it starts"),
    ({"start_on": "2025-02-30"}, "start_on", "Enter the date the project starts as a real date, like 2026-11-24"),
    ({"status": "abandoned"}, "status_1", "Choose the project's status"),
    ({"owner_organisation": ""}, "owner_organisation", "Choose the organisation that runs the project"),
    ({"title": "Youth diversion sessions"}, "title", "The partnership already has a project called Youth diversion "
                                                     "sessions"),
])
def test_a_project_form_refuses_in_plain_words(change, field, message, manager, project, housing, council,
                                               client_for):
    before = state()
    response = client_for(manager).post(f"{PAGES}/new/", project_form(housing, council, **change))
    assert_refused(response, f"id_{field}", message)
    assert state() == before


def test_the_lead_must_be_a_member_and_the_provider_may_be_anyone_in_the_directory(
        manager, partnership, housing, council, system_user, client_for, plans, in_january_2026):
    charity = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Street Angels Trust",
                                               member=False)
    client = client_for(manager)
    before = state()
    response = client.post(f"{PAGES}/new/", project_form(housing, charity, owner_organisation=charity.pk))
    assert_refused(response, "id_lead_organisation", "Choose the member organisation that leads it")
    assert state() == before
    plan = plans["current"]
    priority = plan.priorities.first()
    response = client.post(f"{PAGES}/new/", project_form(housing, council, owner_organisation=charity.pk,
                                                         **{f"priorities_{plan.pk}": [priority.pk]}))
    created = Project.objects.get(title="Street pastors")
    assert response["Location"] == f"{PAGES}/{created.pk}/"
    assert created.provider == charity and list(created.priorities.all()) == [priority]
    page = client.get(f"{PAGES}/{created.pk}/").content.decode()
    assert "a role, not a person" in client.get(f"{PAGES}/{created.pk}/edit/").content.decode().lower()
    assert f"/p/testvale/plans/{plan.start_year}/" in page and priority.title in page


def test_a_projects_schedule_cannot_change_once_it_has_returns(manager, practitioner, project, housing, council,
                                                               client_for, in_january_2026):
    fill(practitioner, project, Q1, submit=False)
    before = state()
    response = client_for(manager).post(f"{PAGES}/{project.pk}/edit/", project_form(
        housing, council, title=project.title, schedule="annual", status="running"))
    assert_refused(response, "id_schedule_1", "The project already has returns for its reporting periods: its "
                                            "schedule cannot change now")
    assert state() == before


@pytest.mark.parametrize("url, data, field, message", [
    ("budget/new/", {"start_year": "2030", "heading": "Staff", "amount": "10"}, "start_year",
     "Choose a year the project runs in"),
    ("budget/new/", {"start_year": "2025", "heading": "", "amount": "10"}, "heading",
     "Say what the money is for, like Staff or Venue hire"),
    ("budget/new/", {"start_year": "2025", "heading": "Staff", "amount": "-3"}, "amount",
     "A budget line must be more than £0.00"),
    ("measures/new/", {"kind": "output", "name": "Sessions held", "annual_target": "4"}, "name",
     "The project already counts Sessions held"),
    ("measures/new/", {"kind": "output", "name": "Leaflets", "annual_target": "-1"}, "annual_target",
     "Enter the target as a whole number, 0 or more"),
    ("measures/new/", {"kind": "output", "name": "Leaflets", "annual_target": "2.5"}, "annual_target",
     "Enter the target as a whole number, like 40"),
    ("measures/new/", {"kind": "impact", "name": "Leaflets", "annual_target": "2"}, "kind",
     "Choose output or outcome"),
    ("evaluations/new/", {"evaluated_on": "2026-02-01", "method": "Survey", "findings": "Good",
                          "recommendation": "continue"}, "evaluated_on",
     "The date of the evaluation must be today or in the past"),
    ("evaluations/new/", {"evaluated_on": "2026-01-02", "method": "Survey", "findings": " ",
                          "recommendation": "continue"}, "findings", "Say what the evaluation found"),
])
def test_the_project_pages_forms_refuse_in_plain_words(url, data, field, message, manager, project, client_for,
                                                       in_january_2026):
    before = state()
    response = client_for(manager).post(f"{PAGES}/{project.pk}/{url}", data)
    # A radio group's error links to its first radio.
    assert_refused(response, f"id_{field}_1" if field in ("start_year", "kind") else f"id_{field}", message)
    assert state() == before


def test_budget_lines_measures_and_evaluations_are_added_and_removed(manager, practitioner, funded, client_for):
    client = client_for(manager)
    project = funded
    assert client.post(f"{PAGES}/{project.pk}/budget/new/", {"start_year": "2025", "heading": "Venue hire",
                                                              "amount": "1,200.50"}).status_code == 302
    line = project.budget_lines.get(heading="Venue hire")
    assert line.amount == Decimal("1200.50")
    assert client.post(f"{PAGES}/{project.pk}/measures/new/", {"kind": "outcome", "name": "Schools reached",
                                                                "annual_target": "12"}).status_code == 302
    assert client.post(f"{PAGES}/{project.pk}/evaluations/new/", {
        "evaluated_on": "2026-01-15", "method": "Survey of schools", "findings": "Schools asked for more.",
        "recommendation": "change"}).status_code == 302
    page = client.get(f"{PAGES}/{project.pk}/").content.decode()
    assert "Schools reached" in page and "Continue with changes" in page and "£1,200.50" in page

    assert client.post(f"{PAGES}/budget-lines/{line.pk}/remove/").status_code == 302
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    schools = project.measures.get(name="Schools reached")
    assert client.post(f"{PAGES}/measures/{schools.pk}/remove/").status_code == 302
    # A measure a return has counted stays, and the page says why.
    fill(practitioner, project, Q1, submit=False)
    sessions, _ = measures(project)
    before = state()
    response = client.post(f"{PAGES}/measures/{sessions.pk}/remove/", follow=True)
    assert "Returns already count Sessions held: it cannot be removed" in response.content.decode()
    assert state() == before


# Agreements ------------------------------------------------------------------------------------------------

PDF = b"%PDF-1.7\n% a grant agreement\n"


@pytest.mark.parametrize("name, content, message", [
    ("agreement.txt", b"hello", "Attach the agreement as a PDF, Word (.docx) or OpenDocument (.odt) file"),
    ("agreement.pdf", b"PK\x03\x04 not a pdf", "The file is named .pdf but is not a PDF"),
    ("agreement.docx", b"%PDF-1.7", "The file is named .docx but is not a DOCX document"),
    ("agreement.pdf", b"", "The file is empty"),
])
def test_an_agreement_that_is_not_one_is_refused(name, content, message, manager, project, client_for):
    before = state()
    response = client_for(manager).post(f"{PAGES}/{project.pk}/documents/new/", {
        "title": "Grant agreement", "file": SimpleUploadedFile(name, content)})
    assert_refused(response, "id_file", message)
    assert state() == before


def test_an_agreement_is_kept_whole_and_every_download_is_audited(manager, analyst, project, client_for):
    response = client_for(manager).post(f"{PAGES}/{project.pk}/documents/new/", {
        "title": "Grant agreement 2025/26", "file": SimpleUploadedFile("Grant \"agreement\".pdf", PDF)})
    assert response.status_code == 302
    document = ProjectDocument.objects.get()
    page = client_for(analyst).get(f"{PAGES}/{project.pk}/").content.decode()
    assert "Grant agreement 2025/26" in page and f"{PAGES}/documents/{document.pk}/" in page

    for reader in (analyst, manager):
        download = client_for(reader).get(f"{PAGES}/documents/{document.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment;")
    events = AuditEvent.objects.filter(action="projects.document_downloaded").order_by("id")
    assert [(e.actor, e.object_id) for e in events] == [(analyst.email, str(document.pk)),
                                                        (manager.email, str(document.pk))]


def test_another_partnerships_agreement_is_not_found(manager, outsider, project, client_for):
    actions.attach_document(by=manager, project=project, title="Agreement", filename="a.pdf", content=PDF)
    document = ProjectDocument.objects.get()
    assert client_for(outsider).get(f"{PAGES}/documents/{document.pk}/").status_code == 404
    assert client_for(outsider).get(f"/p/elsewhere/projects/documents/{document.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="projects.document_downloaded").exists()


# The portfolio -------------------------------------------------------------------------------------------

@pytest.fixture
def portfolio(manager, practitioner, funded, in_january_2026):
    for start, sessions, spend in ((Q1, 12, "2000.00"), (Q2, 0, "1000.00")):
        actions.accept_return(by=manager, record=fill(practitioner, funded, start, spend=spend, sessions=sessions,
                                                       people=0))
    actions.record_evaluation(by=manager, project=funded, evaluated_on=datetime.date(2026, 1, 10),
                              method="Survey", findings="Good", recommendation="continue")
    return funded


def test_the_portfolio_shows_value_for_money_with_no_division_by_nothing(analyst, portfolio, client_for):
    page = client_for(analyst).get(f"{PAGES}/portfolio/2025/").content.decode()
    for text in ("Youth diversion sessions", "Testvale Homes", "Office of the Police and Crime Commissioner",
                 "£8,000.00", "£9,000.00", "£3,000.00", "33.3%", "Sessions held: 12 of 40", "£250.00",
                 "Young people not reoffending: No outcomes", "Continue", "2 of 3 due"):
        assert text in page, text


def test_the_portfolio_downloads_are_the_same_table(analyst, portfolio, client_for):
    client = client_for(analyst)
    response = client.get(f"{PAGES}/portfolio/2025/download/csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="testvale-projects-2025-26.csv"'
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[:8] == ["Project", "Provider", "Funders", "Allocated (£)", "Budget (£)", "Spend (£)",
                          "Spend against budget (%)", "Returns accepted"]
    assert row[:8] == ["Youth diversion sessions", "Testvale Homes", "Office of the Police and Crime Commissioner",
                       "8000.00", "9000.00", "3000.00", "33.3", "2 of 3 due"]
    assert row[8:] == ["Sessions held: 12 of 40 (Behind target)\nYoung people not reoffending: 0 of 20 (Behind target)",
                       "Sessions held: £250.00\nYoung people not reoffending: No outcomes",
                       "Continue (10 January 2026)"]

    xlsx = client.get(f"{PAGES}/portfolio/2025/download/xlsx/")
    assert xlsx["Content-Disposition"] == 'attachment; filename="testvale-projects-2025-26.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == header
    assert rows[1][:7] == ("Youth diversion sessions", "Testvale Homes", "Office of the Police and Crime Commissioner",
                           8000, 9000, 3000, 33.3)
    assert rows[1][10] == "Continue (10 January 2026)"


# Addresses that name nothing here --------------------------------------------------------------------------

@pytest.mark.parametrize("tail", [
    "{project}/returns/2025-02-30/", "{project}/returns/nonsense/", "{project}/returns/2025-04-02/",
    "{project}/returns/2027-04-01/", "{project}/returns/9999999-01-01/", "{project}/returns/%00/",
    "999999/", "999999/returns/2025-04-01/", "funds/999999/", "portfolio/1999/", "portfolio/99999999999/",
    "portfolio/2025/download/pdf/", "measures/999999/remove/", "budget-lines/999999/remove/",
    "{project}/returns/2025-04-01/accept/", "{project}/returns/2025-10-01/send-back/",
])
def test_addresses_naming_nothing_here_are_not_found(tail, manager, project, client_for, in_january_2026):
    client = client_for(manager)
    url = f"{PAGES}/{tail.format(project=project.pk)}"
    before = state()
    assert client.post(url, {"reasons": "x"}).status_code == 404
    if "remove" not in tail and "accept" not in tail:
        assert client.get(url).status_code == 404
    assert state() == before


def test_another_partnerships_records_are_not_found(manager, outsider, project, fund, client_for):
    client = client_for(outsider)
    before = state()
    for url in (f"{PAGES}/{project.pk}/", f"{PAGES}/funds/{fund.pk}/", f"/p/elsewhere/projects/{project.pk}/",
                f"/p/elsewhere/projects/funds/{fund.pk}/", f"/p/elsewhere/projects/{project.pk}/returns/2025-04-01/",
                f"/p/elsewhere/projects/funds/{fund.pk}/allocate/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"amount": "1", "project": project.pk, "made_on": "2025-04-01"}).status_code == 404
    assert state() == before


# No link leads to a refusal ----------------------------------------------------------------------------------

@pytest.mark.parametrize("who", READERS)
def test_no_link_on_the_projects_pages_refuses_its_reader(who, people, reported, fund, fast_client_for):
    """A page offers only what its reader may use (ADR 42): every link on the projects pages, followed
    two steps, answers them without a 403 (a draft they may not see is not linked at all)."""
    client = fast_client_for(people[who])
    frontier = [f"{PAGES}/?year=2025", f"{PAGES}/{reported.pk}/", f"{PAGES}/funds/{fund.pk}/",
                return_url(reported, Q1), f"{PAGES}/portfolio/2025/"]
    seen, refused = set(frontier), []
    for depth in range(3):
        following = []
        for url in frontier:
            response = client.get(url)
            if response.status_code in (403, 404):
                refused.append(f"{url}: {response.status_code}")
            if depth == 2 or response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            for link in links_on(response.content.decode()):
                if link.startswith(PAGES) and link not in seen:
                    seen.add(link)
                    following.append(link)
        frontier = following
    assert refused == []
    may_edit = who == "csp_manager"
    assert (f"{PAGES}/{reported.pk}/edit/" in seen) is may_edit
    assert (return_url(reported, Q3) in seen) is True
