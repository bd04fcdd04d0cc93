"""Long lists come in pages through Django's Paginator, counting no further than the page after the
one shown, and every page keeps the list's search and filters."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions
from eunomia.casework.models import Report
from eunomia.core.paging import page_of

WHEN = timezone.make_aware(datetime.datetime(2025, 6, 1, 10))


def test_a_page_of_a_list_and_the_edges():
    items = list(range(1, 121))
    first = page_of(items, "1", per_page=50)
    assert (list(first.object_list)[:2], first.has_next(), first.has_previous()) == ([1, 2], True, False)
    last = page_of(items, 3, per_page=50)
    assert (list(last.object_list), last.has_next()) == (list(range(101, 121)), False)
    assert page_of(items, 9, per_page=50).number == 3  # past the end: the last page
    for nonsense in ("", "two", None, "-1", "0"):
        assert page_of(items, nonsense, per_page=50).number == 1
    assert list(page_of([], 1, per_page=50).object_list) == []


@pytest.fixture
def reports(partnership, council, make_member):
    officer = make_member("csu_officer", partnership, council)
    made = [actions.record_report(by=officer, partnership=partnership, organisation=council, occurred_at=WHEN,
                                  reported_at=WHEN + datetime.timedelta(minutes=n), category="noise", source="phone",
                                  description=f"Report {n}", address=f"{n} Mill Lane")
            for n in range(51)]
    return officer, made


def test_a_page_of_a_queryset_is_one_query_for_the_page_and_the_row_after_it(reports):
    with CaptureQueriesContext(connection) as queries:
        page = page_of(Report.objects.order_by("id"), 2, per_page=10)
        assert [r.description for r in page.object_list] == [f"Report {n}" for n in range(10, 20)]
        assert page.has_next() and page.has_previous() and page.number == 2
    [query] = queries.captured_queries
    assert "COUNT(" not in query["sql"].upper() and "LIMIT 11 OFFSET 10" in query["sql"].upper()


def test_the_last_page_of_a_queryset_and_one_past_it(reports):
    ordered = Report.objects.order_by("id")
    last = page_of(ordered, 6, per_page=10)
    assert ([r.description for r in last.object_list], last.has_next(), last.number) == (["Report 50"], False, 6)
    past = page_of(ordered, 9, per_page=10)
    assert (past.number, [r.description for r in past.object_list]) == (6, ["Report 50"])
    exact = page_of(ordered[:50], 5, per_page=10)
    assert (exact.number, exact.has_next(), len(exact.object_list)) == (5, False, 10)


def test_the_report_list_pages_and_keeps_the_search(reports, client_for):
    officer, made = reports
    client = client_for(officer)
    first = client.get("/p/testvale/casework/").content.decode()
    assert made[50].reference in first and made[1].reference in first and made[0].reference not in first
    assert 'href="?page=2" rel="next"' in first
    second = client.get("/p/testvale/casework/?page=2").content.decode()
    assert made[0].reference in second and made[50].reference not in second and 'rel="prev"' in second
    assert 'rel="next"' not in second
    assert AuditEvent.objects.filter(action="casework.reports_listed").latest("pk").data["ids"] == [made[0].pk]
    searched = client.get("/p/testvale/casework/?q=Mill&reason=Complaint+check").content.decode()
    assert 'href="?q=Mill&amp;reason=Complaint+check&amp;page=2" rel="next"' in searched


def test_the_case_list_pages(reports, client_for, partnership, council):
    officer, made = reports
    for report in made:
        actions.open_case_from_report(by=officer, partnership=partnership, organisation=council, report=report,
                                      title=f"Case of {report.description}")
    client = client_for(officer)
    first = client.get("/p/testvale/casework/cases/?status=open").content.decode()
    assert first.count('class="govuk-link" href="/p/testvale/casework/cases/') == 50
    assert 'href="?status=open&amp;page=2" rel="next"' in first
    second = client.get("/p/testvale/casework/cases/?status=open&page=2").content.decode()
    assert second.count('class="govuk-link" href="/p/testvale/casework/cases/') == 1
