"""For the tests of the projects pages and API: the people of every role, a funded project, its
returns in each state, and the addresses of its pages. Seen from 20 January 2026 (objects.TODAY):
the project's Q1 and Q2 returns (due 30 July and 30 October 2025) are past due, Q3's (October to
December) is due on 30 January 2026, and Q4 has begun and not ended."""

import datetime

import pytest

from eunomia.projects import actions
from tests.projects.objects import measures

Q1, Q2, Q3, Q4 = (datetime.date(2025, 4, 1), datetime.date(2025, 7, 1), datetime.date(2025, 10, 1),
                  datetime.date(2026, 1, 1))
PAGES = "/p/testvale/projects"
API = "/api/v1/partnerships/testvale/projects"
JSON = "application/json"


@pytest.fixture
def people(manager, analyst, practitioner, board_member, outsider, make_member, partnership, council):
    return {
        "csp_manager": manager,
        "analyst": analyst,
        "csu_officer": make_member("csu_officer", partnership, council),
        "provider_practitioner": practitioner,
        "other_practitioner": make_member("partner_practitioner", partnership, council),
        "board_member": board_member,
        "outsider": outsider,
    }


@pytest.fixture
def funded(manager, fund, project):
    """The project with £8,000.00 of the fund and a budget of £9,000.00 for 2025/26."""
    actions.allocate(by=manager, fund=fund, project=project, amount="8000.00", made_on=datetime.date(2025, 4, 2))
    actions.add_budget_line(by=manager, project=project, start_year=2025, heading="Staff", amount="9000.00")
    return project


def fill(by, project, start, *, spend="1500.00", sessions=8, people=3, submit=True, narrative="Sessions ran"):
    sessions_measure, people_measure = measures(project)
    return actions.save_return(by=by, project=project, period_start=start, spend=spend, narrative=narrative,
                               values={sessions_measure: sessions, people_measure: people}, submit=submit)


def return_url(project, start, tail=""):
    return f"{PAGES}/{project.pk}/returns/{start.isoformat()}/{tail}"


def return_form(project, *, spend="1500.00", sessions="8", people="3", narrative="Sessions ran", action="submit"):
    sessions_measure, people_measure = measures(project)
    return {"spend": spend, f"measure_{sessions_measure.pk}": sessions, f"measure_{people_measure.pk}": people,
            "narrative": narrative, "action": action}


def project_objects(by, partnership, provider, lead):
    """One of each projects record, for the shared tests that visit every URL: {name: pk}, and the
    period of its return as the URLs write it."""
    fund = actions.create_fund(by=by, partnership=partnership, funder=lead, name="Sweep Fund", start_year=2025,
                               amount="1000.00")
    project = actions.create_project(by=by, partnership=partnership, title="Sweep project", owner_organisation=provider,
                                     lead_organisation=lead, start_on=Q1, end_on=datetime.date(2026, 3, 31),
                                     status="running")
    allocation = actions.allocate(by=by, fund=fund, project=project, amount="100.00", made_on=Q1)
    line = actions.add_budget_line(by=by, project=project, start_year=2025, heading="Staff", amount="100.00")
    measure = actions.add_measure(by=by, project=project, kind="output", name="Sessions", annual_target=4)
    document = actions.attach_document(by=by, project=project, title="Agreement", filename="agreement.pdf",
                                       content=b"%PDF-1.7 sweep")
    record = actions.save_return(by=by, project=project, period_start=Q1, spend="10.00", values={measure: 1},
                                 submit=True, today=datetime.date(2025, 7, 1))
    return {"fund": fund.pk, "project": project.pk, "allocation": allocation.pk, "line": line.pk,
            "measure": measure.pk, "document": document.pk, "return": record.pk, "period": Q1.isoformat(),
            "provider": provider.pk, "lead": lead.pk}


def project_url_kwargs(objects):
    """The URL parameters of every projects page and API endpoint, by URL name."""
    by_project = {"pk": objects["project"]}
    by_period = {"pk": objects["project"], "period": objects["period"]}
    return {
        **{f"projects:{n}": {"pk": objects["fund"]} for n in ("fund", "fund_edit", "fund_allocate")},
        "projects:allocation_remove": {"pk": objects["allocation"]},
        **{f"projects:{n}": by_project for n in ("project", "project_edit", "budget_line_new", "measure_new",
                                                 "evaluation_new", "document_new")},
        "projects:budget_line_remove": {"pk": objects["line"]},
        "projects:measure_remove": {"pk": objects["measure"]},
        "projects:document": {"pk": objects["document"]},
        **{f"projects:{n}": by_period for n in ("return", "return_accept", "return_send_back")},
        "projects:portfolio": {"year": 2025},
        "projects:portfolio_download": {"year": 2025, "fmt": "csv"},
        **{f"api:{n}": by_project for n in ("projects_project", "projects_project_returns")},
        "api:projects_fund": {"pk": objects["fund"]},
        **{f"api:{n}": {"pk": objects["return"]} for n in ("projects_return", "projects_return_decision")},
    }


FUND_POSTED = {"name": "Sweep Fund", "funder": "{lead}", "start_year": "2025", "amount": "1000.00",
               "schedule": "quarterly", "return_due_days": "30"}
PROJECT_POSTED = {"title": "Sweep project", "owner_organisation": "{provider}", "lead_organisation": "{lead}",
                  "start_on": "2025-04-01", "end_on": "2026-03-31", "status": "running", "schedule": "quarterly",
                  "return_due_days": "30"}
# Every projects form page with one thing wrong, for tests/test_forms.py: (path under the projects
# pages, what is posted, the field the refusal is on, what it says), the ids those of project_objects.
BAD_FORMS = [
    ("funds/new/", {**FUND_POSTED, "name": "Youth Fund", "funder": ""}, "id_funder",
     "Choose the organisation that gives the fund"),
    ("funds/{fund}/edit/", {**FUND_POSTED, "amount": "99.99"}, "id_amount",
     "£100.00 of Sweep Fund 2025/26 is already allocated to projects: the fund cannot be less than that"),
    ("funds/{fund}/allocate/", {"project": "{project}", "amount": "900.01", "made_on": "2025-04-02"}, "id_amount",
     "Sweep Fund 2025/26 has £900.00 left to allocate, and £900.01 was asked for Sweep project"),
    ("new/", {**PROJECT_POSTED, "title": "Street pastors", "end_on": "2025-03-31"}, "id_end_on",
     "The project must end on or after the day it starts"),
    ("{project}/edit/", {**PROJECT_POSTED, "lead_role": "x" * 201}, "id_lead_role",
     "Lead's role must be 200 characters or fewer"),
    ("{project}/budget/new/", {"start_year": "2025", "heading": "Venue", "amount": "abc"}, "id_amount",
     "Enter the amount in pounds and pence, like 1250.50"),
    ("{project}/measures/new/", {"kind": "output", "name": "Sessions", "annual_target": "4"}, "id_name",
     "The project already counts Sessions"),
    ("{project}/evaluations/new/", {"evaluated_on": "2025-09-01", "method": "", "findings": "Good",
                                    "recommendation": "stop"}, "id_method", "Say how the project was evaluated"),
    ("{project}/documents/new/", {"title": "Agreement"}, "id_file", "Choose the file to attach"),
    ("{project}/returns/2025-07-01/", {"spend": "£12.345", "action": "draft"}, "id_spend",
     "Enter the spend to the penny at most, like 1250.50"),
    ("{project}/returns/2025-04-01/send-back/", {"reasons": " "}, "id_reasons", "Say what the provider must put right"),
]


def bad_form(path, posted, objects):
    """The address and body of a BAD_FORMS row, for the records of project_objects."""
    return path.format(**objects), {name: value.format(**objects) for name, value in posted.items()}
