"""axe on the assessment as the demo shows it, with every part filled in: charts, map, hot spots,
harm, residents' concerns, partners' data, the priority matrix and its forms; and on the pages
around it (settings, crime data, evidence). With JavaScript on and off."""

import pytest
from playwright.sync_api import expect

from eunomia.accounts.models import User
from eunomia.demo.build import DEMO_PASSWORD, build_demo
from tests.browser.conftest import axe_check, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["with-js", "without-js"])
def page(request, new_page):
    return new_page(javascript=request.param)


def test_the_demo_assessment_and_the_pages_around_it(page, live_server, transactional_db):
    build_demo()
    sign_in(page, live_server, User.objects.get(email="manager@harrowdale.example"), password=DEMO_PASSWORD)
    page.goto(f"{live_server.url}/p/harrowdale/assessment/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Strategic assessment")
    for section in ("Harm", "Residents' concerns and partners' data", "Recommended priorities"):
        expect(page.get_by_role("heading", level=2, name=section)).to_be_visible()
    expect(page.locator("svg.app-map")).to_have_count(1)
    expect(page.get_by_role("button", name="Add to the plan as priorities")).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="LSOAs").click()
    axe_check(page)
    for path in ("assessment/settings/", "crime/", "crime/import/", "evidence/", "evidence/harm-weights/"):
        response = page.goto(f"{live_server.url}/p/harrowdale/{path}")
        assert response.status == 200, path
        axe_check(page)
