"""The equality pages that hold no person: the list of assessments and the figures for staff (exact counts,
marked not for publication, beside what publication would show); and equality answers absent from every
other page and the API."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from eunomia.casework import actions as casework
from eunomia.equality import actions
from tests.clock import at

TODAY = timezone.localdate()


@pytest.fixture
def monitored(partnership, council, manager):
    people = []
    for n, sex in enumerate(["female"] * 6 + ["male"] * 2):
        person = casework.add_person(by=manager, partnership=partnership, organisation=council, first_name=f"P{n}",
                                     last_name="Test")
        actions.save_person_answers(by=manager, person=person, answers={"sex": sex, "ethnicity": "irish"})
        people.append(person)
    casework.record_report(by=manager, partnership=partnership, organisation=council, occurred_at=at(TODAY),
                           reported_at=at(TODAY), category="noise", source="phone", description="x",
                           people=[(p, "victim") for p in people])
    return people


def test_staff_see_exact_counts_not_for_publication_with_what_would_be_published(monitored, client_for,
                                                                                  board_member):
    page = client_for(board_member).get(reverse("equality:figures", args=["testvale"]))

    assert page.status_code == 200
    content = page.content.decode()
    assert "Exact counts, not for publication" in content
    sex = content[content.index("Victims and complainants of anti-social behaviour: sex"):]
    sex = sex[:sex.index("</table>")]
    # 6 female, 2 male (fewer than 5): the total and the rest would give the male count away, so one more
    # (the smallest part) is withheld.
    assert _cells(sex) == [
        ("Female", "6", "6"), ("Male", "2", "fewer than 5"), ("Prefer not to say", "0", "not published"),
        ("Not recorded", "0", "0"), ("Total", "8", "8")]


def _cells(table_html):
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table_html, re.S)
    found = []
    for row in rows[1:]:
        texts = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        found.append(tuple(texts))
    return found


def test_a_bad_year_is_refused_in_words(client_for, manager):
    response = client_for(manager).get(reverse("equality:figures", args=["testvale"]), {"year": "<script>"})
    assert response.status_code == 400
    assert "Choose a plan year from the list" in response.content.decode()
    assert "<script>" not in response.content.decode().split("</header>", 1)[-1]


def test_answers_are_in_no_other_page_nor_the_api(monitored, client_for, manager):
    client = client_for(manager)
    person = monitored[0]
    for url in (f"/p/testvale/casework/people/{person.pk}/", f"/api/v1/partnerships/testvale/people/{person.pk}/",
                reverse("casework:reports", args=["testvale"]), f"/p/testvale/risk/people/{person.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Irish" not in response.content.decode() and "irish" not in response.content.decode(), url


def test_exact_da_counts_only_for_da_holders(client_for, board_member, make_member, partnership, council):
    url = reverse("equality:figures", args=["testvale"])
    assert "Domestic abuse victims supported: sex" not in client_for(board_member).get(url).content.decode()
    idva = make_member("da_specialist", partnership, council)
    assert "Domestic abuse victims supported: sex" in client_for(idva).get(url).content.decode()
