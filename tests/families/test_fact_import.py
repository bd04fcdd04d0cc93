"""Importing facts about a family's members from a CSV file: every problem named with its line and
column, nothing saved unless every line is right, and the lines saved together."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from eunomia.audit.models import AuditEvent
from eunomia.families import actions, imports
from eunomia.families.models import Fact
from tests.families import helpers as h

HEADER = "member,kind,value,from,to,source\n"


@pytest.fixture
def family(manager, partnership, council):
    return h.household(manager, partnership, council, h.rule_set(manager, partnership))


@pytest.fixture
def ids(family):
    """The casework person numbers of Dana (the mother), Kyle and Mia."""
    return {name: h.member(family, name).person_id for name in ("Dana", "Kyle", "Mia")}


def upload(client, family, text):
    return client.post(f"/p/testvale/families/{family.pk}/facts/import/",
                       {"file": SimpleUploadedFile("facts.csv", text.encode(), content_type="text/csv")})


def shown(response):
    return html.unescape(response.content.decode())


def test_the_page_gives_the_columns_and_the_members_numbers(client_for, manager, family, ids):
    response = client_for(manager).get(f"/p/testvale/families/{family.pk}/facts/import/")

    assert response.status_code == 200
    page = shown(response)
    assert "member,kind,value,from,to,source" in page
    for column, _ in imports.LAYOUT:
        assert f"<code>{column}</code>" in page
    assert "<code>unauthorised_absence</code>" in page
    for number in ids.values():
        assert f">{number}<" in page
    assert 'enctype="multipart/form-data"' in page


def test_a_right_file_is_imported_as_one_batch(client_for, manager, family, ids):
    a_term = (h.days_ago(120).isoformat(), h.days_ago(60).isoformat())
    response = upload(client_for(manager), family, HEADER
                      + f"{ids['Kyle']},unauthorised_absence,12.5,{a_term[0]},{a_term[1]},Testvale Academy\n"
                      + f"{ids['Kyle']},FIXED_TERM_EXCLUSIONS,2,{a_term[0]},{a_term[1]},Testvale Academy\n"
                      + f"{ids['Dana']},out_of_work_benefits,,{a_term[0]},{h.TODAY.isoformat()},DWP data share\n")

    assert response.status_code == 302
    facts = list(family.facts.order_by("id"))
    assert [(f.member.person_id, f.kind, f.value) for f in facts] == [
        (ids["Kyle"], "unauthorised_absence", 12.5), (ids["Kyle"], "fixed_term_exclusions", 2),
        (ids["Dana"], "out_of_work_benefits", None)]
    assert len({f.import_batch for f in facts}) == 1 and facts[0].import_batch
    assert AuditEvent.objects.filter(action="families.fact_recorded", data__batch=facts[0].import_batch).count() == 3


def test_every_problem_is_named_by_line_and_column_and_nothing_is_saved(client_for, manager, family, ids):
    tomorrow = (h.TODAY + datetime.timedelta(days=1)).isoformat()
    start, end = h.days_ago(120).isoformat(), h.days_ago(60).isoformat()
    before = AuditEvent.objects.exclude(action="families.form_viewed").count()

    response = upload(client_for(manager), family, HEADER
                      + f"{ids['Kyle']},unauthorised_absence,12.5,{start},{end},Testvale Academy\n"
                      + f"999999,truancy,lots,2025-13-01,{tomorrow},\n"
                      + f"{ids['Kyle']},out_of_work_benefits,,{end},{start},DWP\n"
                      + f"{ids['Mia']},unauthorised_absence,,{start},{end},Testvale Primary\n")

    assert response.status_code == 400
    page = shown(response)
    for problem in [
        "Line 3, column 'member': \"999999\" is not the casework person number of a member of " + family.reference,
        "Line 3, column 'kind': \"truancy\" is not a kind of fact: use one of the codes listed",
        "Line 3, column 'value': \"lots\" is not a number: write it like 3 or 12.5",
        "Line 3, column 'from': The first day must be a real date written like 2026-11-24, not '2025-13-01'",
        "Line 3, column 'to': The last day must be today or in the past",
        "Line 3, column 'source': Say where the fact comes from",
        "Line 4, column 'member': Out-of-work benefits is recorded for an adult of the family",
        "Line 4, column 'to': The last day must be on or after the first",
        "Line 5, column 'value': Enter the number: exclusions, offences, or the percentage of sessions missed",
    ]:
        assert problem in page, problem
    assert "Line 2" not in page
    assert not Fact.objects.exists()
    assert AuditEvent.objects.exclude(action="families.form_viewed").count() == before


@pytest.mark.parametrize("text, problem", [
    ("member,kind,from,to,source\n1,health,2025-01-01,2025-02-01,GP\n",
     "The file has no 'value' column. Its first line must name the columns: member,kind,value,from,to,source."),
    (HEADER, "The file has a header line but no data lines."),
    ("", "The file is empty."),
])
def test_a_file_that_cannot_be_read_is_refused(client_for, manager, family, text, problem):
    response = upload(client_for(manager), family, text)

    assert response.status_code == 400
    assert problem in shown(response)
    assert not Fact.objects.exists()


@pytest.mark.parametrize("days, accepted", [(0, True), (-1, False)])
def test_a_fact_may_run_to_today_and_no_later(family, ids, manager, days, accepted):
    """The last day's edge: today is accepted, tomorrow is not."""
    last = h.TODAY - datetime.timedelta(days=days)
    data = (HEADER + f"{ids['Dana']},health,,{h.days_ago(30).isoformat()},{last.isoformat()},GP letter\n").encode()

    facts, problems = imports.check(family=family, data=data)

    assert problems == ([] if accepted else ["Line 2, column 'to': The last day must be today or in the past"])


def test_the_lines_are_saved_together_or_not_at_all(family, ids, manager, monkeypatch):
    """Were a line refused while saving (checked, then changed underneath), the lines before it go too."""
    record = actions.record_fact
    calls = []

    def refusing_the_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError({"member": "Choose a member of this family"})
        return record(**kwargs)

    monkeypatch.setattr(actions, "record_fact", refusing_the_second)
    line = f"{ids['Dana']},health,,{h.days_ago(30).isoformat()},{h.days_ago(1).isoformat()},GP letter\n"

    with pytest.raises(ValidationError):
        imports.import_facts(by=manager, family=family, data=(HEADER + line + line).encode())

    assert len(calls) == 2
    assert not Fact.objects.exists()
    assert not AuditEvent.objects.filter(action="families.fact_recorded").exists()


def test_another_organisation_may_not_import(client_for, practitioner, family, ids):
    line = f"{ids['Dana']},health,,{h.days_ago(9)},{h.days_ago(2)},GP\n"

    response = upload(client_for(practitioner), family, HEADER + line)

    assert response.status_code == 404
    assert not Fact.objects.exists()
