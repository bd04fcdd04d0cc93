"""The partnership's grants as 360Giving open data (ADR 61): one grant for each allocation, validated
against our rendering of the 360Giving package schema; organisations named by charity number, company
number or our own prefix; pennies exact; the spreadsheet and CSV the same rows as the JSON; a file
that would not validate is never sent; another partnership's members see nothing.

With THREESIXTYGIVING_SCHEMA_DIR naming a local checkout of ThreeSixtyGiving/standard, the same file is
also validated against the published schemas themselves."""

import copy
import csv
import datetime
import io
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from eunomia.audit.models import AuditEvent
from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Organisation
from eunomia.projects import actions, threesixtygiving
from tests.projects.objects import fund, in_january_2026, pcc, project  # noqa: F401

pytestmark = pytest.mark.django_db
PAGE = "/p/testvale/projects/open-data/"
DOWNLOADS = {fmt: f"/p/testvale/projects/open-data/grants.{fmt}" for fmt in ("json", "xlsx", "csv")}
DAY = datetime.date(2025, 5, 1)


@pytest.fixture
def grants(in_january_2026, manager, partnership, council, housing, fund, project, system_user):  # noqa: F811
    """Three grants from the PCC's fund: to a linked charity (its number typed loosely), to a Scottish
    company, and to Testvale Homes, which has neither number."""
    charity = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Mediation",
                                               kind="voluntary", member=False, charity_number=" 1123456 - 1 ")
    company = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Safer Streets Ltd",
                                               kind="other", member=False, company_number="sc 123456")
    made = {"housing": actions.allocate(by=manager, fund=fund, project=project, amount="0.10", made_on=DAY)}
    for key, provider, amount, description in (("charity", charity, "1234.56", "Mediation for neighbours."),
                                               ("company", company, "2000.00", "")):
        other = actions.create_project(by=manager, partnership=partnership, title=f"Project by {provider}",
                                       description=description, owner_organisation=provider,
                                       lead_organisation=council, start_on=datetime.date(2025, 6, 1),
                                       end_on=datetime.date(2026, 3, 31))
        made[key] = actions.allocate(by=manager, fund=fund, project=other, amount=amount, made_on=DAY)
    made.update(charity_org=charity, company_org=company)
    return made


def by_id(package):
    return {grant["id"]: grant for grant in package["grants"]}


def reread(text):
    """The JSON as a reader gets it, numbers as Decimal so nothing is lost in the reading."""
    return json.loads(text, parse_float=Decimal)


# The package --------------------------------------------------------------------------------------

def test_the_export_validates_against_our_schema(grants, partnership):
    package, problems = threesixtygiving.export(partnership)
    assert problems == []
    text = threesixtygiving.package_json(package)
    assert threesixtygiving.validate_package(reread(text)) == []
    # And by the schema file alone, with no help from our words.
    jsonschema.Draft202012Validator(threesixtygiving.schema()).validate(reread(text))
    assert len(package["grants"]) == 3


def test_grant_and_organisation_identifiers(grants, partnership, housing, pcc):  # noqa: F811
    grant = by_id(threesixtygiving.grants_package(partnership))
    charity = grant[f"360G-eunomia-testvale-{grants['charity'].pk}"]
    assert charity["recipientOrganization"] == [
        {"id": "GB-CHC-1123456", "name": "Testvale Mediation", "charityNumber": "1123456-1"}]
    company = grant[f"360G-eunomia-testvale-{grants['company'].pk}"]
    assert company["recipientOrganization"] == [
        {"id": "GB-COH-SC123456", "name": "Safer Streets Ltd", "companyNumber": "SC123456"}]
    local = grant[f"360G-eunomia-testvale-{grants['housing'].pk}"]
    assert local["recipientOrganization"] == [
        {"id": f"360G-eunomia-testvale-org-{housing.pk}", "name": "Testvale Homes"}]
    # The partnership made every grant, from a fund the PCC gave it.
    for each in grant.values():
        assert each["fundingOrganization"] == [{"id": "360G-eunomia-testvale", "name": partnership.name}]
        assert each["grantProgramme"][0]["title"] == "Crime Reduction Grant 2025/26"
        assert pcc.name in each["grantProgramme"][0]["description"]
        assert each["currency"] == "GBP" and each["awardDate"] == "2025-05-01"


def test_a_charity_with_both_numbers_is_named_by_its_charity_number_and_scotland_by_oscr(partnership, system_user):
    scottish = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Borders Aid",
                                                member=False, charity_number="sc012345", company_number="SC999999")
    assert threesixtygiving.organisation_identifier(partnership, scottish) == "GB-SC-SC012345"
    both = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Both Trust",
                                            member=False, charity_number="1123456", company_number="01234567")
    assert threesixtygiving.organisation_identifier(partnership, both) == "GB-CHC-1123456"
    ulster = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Ulster Aid",
                                              member=False, charity_number="NIC100001")
    assert threesixtygiving.organisation_identifier(partnership, ulster) == "GB-NIC-100001"


def test_the_publisher_prefix_comes_from_the_setting(grants, partnership, settings):
    settings.EUNOMIA_360G_PREFIX = "360G-TestvaleCSP"
    package, problems = threesixtygiving.export(partnership)
    assert problems == []
    assert f"360G-TestvaleCSP-{grants['charity'].pk}" in by_id(package)
    assert package["publisher"]["identifier"] == "360G-TestvaleCSP"
    settings.EUNOMIA_360G_PREFIX = "csp-{slug}"
    assert threesixtygiving.grant_identifier(partnership, grants["charity"]) == (
        f"360G-csp-testvale-{grants['charity'].pk}")


def test_amounts_are_exact_to_the_penny(grants, partnership):
    text = threesixtygiving.package_json(threesixtygiving.grants_package(partnership))
    assert re.search(r'"amountAwarded": 1234\.56\b', text)
    assert re.search(r'"amountAwarded": 0\.10\b', text)
    assert re.search(r'"amountAwarded": 2000\.00\b', text)
    amounts = [grant["amountAwarded"] for grant in reread(text)["grants"]]
    assert sum(amounts) == Decimal("3234.66")
    assert threesixtygiving.total_awarded(threesixtygiving.grants_package(partnership)) == "£3,234.66"
    with pytest.raises(TypeError):
        threesixtygiving.package_json({"amountAwarded": 0.1})


def test_a_blank_description_becomes_a_sentence_and_the_planned_dates_are_the_projects(grants, partnership):
    grant = by_id(threesixtygiving.grants_package(partnership))[f"360G-eunomia-testvale-{grants['company'].pk}"]
    assert grant["description"] == (f"Project by Safer Streets Ltd: a project of {partnership.name}, run by "
                                    "Safer Streets Ltd.")
    assert grant["plannedDates"] == [{"startDate": "2025-06-01", "endDate": "2026-03-31"}]
    assert grant["dataSource"] == "http://127.0.0.1:8000/p/testvale/projects/open-data/"


def test_last_modified_is_the_last_change_the_audit_log_saw(grants, partnership, system_user):
    key = f"360G-eunomia-testvale-{grants['charity'].pk}"
    assert by_id(threesixtygiving.grants_package(partnership))[key]["dateModified"] == "2026-01-20T12:00:00+00:00"
    # In summer time, London is an hour ahead: the moment is written with its offset.
    with time_machine.travel(datetime.datetime(2026, 6, 2, 9, 30, tzinfo=datetime.UTC), tick=False):
        partner_actions.update_organisation(by=system_user, partnership=partnership,
                                            organisation=grants["charity_org"], phone="01234 000000")
        package = threesixtygiving.grants_package(partnership)
    assert by_id(package)[key]["dateModified"] == "2026-06-02T10:30:00+01:00"
    assert package["modified"] == "2026-06-02T10:30:00+01:00"
    # A grant whose own records did not change keeps its date.
    assert by_id(package)[f"360G-eunomia-testvale-{grants['company'].pk}"]["dateModified"] == (
        "2026-01-20T12:00:00+00:00")


def test_one_years_funds(grants, manager, partnership, pcc, project):  # noqa: F811
    later = actions.create_fund(by=manager, partnership=partnership, funder=pcc, name="Crime Reduction Grant",
                                start_year=2026, amount=Decimal("500.00"))
    allocation = actions.allocate(by=manager, fund=later, project=project, amount="99.99",
                                  made_on=datetime.date(2026, 1, 10))
    assert threesixtygiving.grant_years(partnership) == [2026, 2025]
    only = threesixtygiving.grants_package(partnership, start_year=2026)
    assert list(by_id(only)) == [f"360G-eunomia-testvale-{allocation.pk}"]
    assert only["identifier"] == "360G-eunomia-testvale-grants-2026"
    assert len(threesixtygiving.grants_package(partnership, start_year=2025)["grants"]) == 3
    assert len(threesixtygiving.grants_package(partnership)["grants"]) == 4


# Validation ---------------------------------------------------------------------------------------

def test_a_broken_package_fails_with_plain_words(grants, partnership):
    package = threesixtygiving.grants_package(partnership)
    broken = copy.deepcopy(package)
    first, second, third = broken["grants"]
    first["amountAwarded"] = "1234.56"
    del second["title"]
    third["recipientOrganization"][0]["id"] = "GB-CHC-12"
    third["currency"] = "EUR"
    broken["grants"].append({**copy.deepcopy(package["grants"][0]), "title": "Copy"})
    problems = threesixtygiving.validate_package(broken)
    assert f"Grant {first['id']} ({first['title']}): Amount Awarded must be a number" in problems
    assert f"Grant {second['id']}: Title is missing" in problems
    assert (f"Grant {third['id']} ({third['title']}): GB-CHC-12 is not an identifier 360Giving recognises for "
            f"{third['recipientOrganization'][0]['name']}: correct its charity or company number in the directory "
            "(or the EUNOMIA_360G_PREFIX setting, for an identifier starting 360G-)") in problems
    assert any(p.endswith("The currency must be GBP (pounds sterling), not EUR") for p in problems)
    assert f"Two grants have the identifier {first['id']}: each grant needs its own" in problems
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(threesixtygiving.schema()).validate(broken)


@pytest.mark.parametrize("change, words", [
    (lambda p: p.update(grants=[]), "There are no grants to publish"),
    (lambda p: p["grants"][0].update(awardDate="2025-02-30x"), "Award Date must be a full date"),
    (lambda p: p["grants"][0].update(amountAwarded=Decimal("0.00")), "must be a number of pounds more than 0"),
    (lambda p: p["grants"][0].update(recipientIndividual={"id": "360G-x-1", "name": "A person"}),
     "never to individuals"),
    (lambda p: p["grants"][0].update(lastModified="2026-01-20"),
     "fields 360Giving does not define there: lastModified"),
    (lambda p: p["grants"][0].update(id="360G-eunomia testvale/1"), "check the EUNOMIA_360G_PREFIX setting"),
    (lambda p: p["grants"][0]["plannedDates"][0].update(startDate="April"), "Planned Dates:Start Date must be a date"),
    (lambda p: p["grants"][0].update(description="   "), "Description must not be blank"),
    (lambda p: p.update(version="1.3.0"), "must be written as major.minor"),
    (lambda p: p.update(license="www.example.org/licence"), "License must be a web address"),
])
def test_each_rule_is_said_in_words(grants, partnership, change, words):
    package = threesixtygiving.grants_package(partnership)
    change(package)
    problems = threesixtygiving.validate_package(package)
    assert any(words in problem for problem in problems), problems


def test_anything_at_all_is_answered_in_words_not_an_exception():
    for data in (None, [], "grants", {"grants": "none"}, {"grants": [1, None, "x"]}, {"grants": [{}]}):
        problems = threesixtygiving.validate_package(data)
        assert problems and all(isinstance(p, str) for p in problems)


# Spreadsheet and CSV ------------------------------------------------------------------------------

def test_the_workbook_has_the_same_rows_as_the_json(grants, partnership):
    package = reread(threesixtygiving.package_json(threesixtygiving.grants_package(partnership)))
    book = load_workbook(io.BytesIO(threesixtygiving.grants_workbook(partnership)))
    assert book.sheetnames == ["grants", "Meta"]
    rows = list(book["grants"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date")
    assert {"Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name",
            "Grant Programme:Title", "Planned Dates:Start Date", "Planned Dates:End Date"} <= set(rows[0])
    column = {title: i for i, title in enumerate(rows[0])}
    assert len(rows) == 1 + len(package["grants"])
    for row, grant in zip(rows[1:], package["grants"]):
        assert row[column["Identifier"]] == grant["id"]
        assert row[column["Title"]] == grant["title"]
        assert Decimal(str(row[column["Amount Awarded"]])).quantize(Decimal("0.01")) == grant["amountAwarded"]
        assert row[column["Award Date"]] == grant["awardDate"]
        assert row[column["Recipient Org:Identifier"]] == grant["recipientOrganization"][0]["id"]
        assert row[column["Funding Org:Name"]] == partnership.name
        assert row[column["Planned Dates:End Date"]] == grant["plannedDates"][0]["endDate"]
    meta = dict(book["Meta"].iter_rows(values_only=True))
    assert (meta["Version"], meta["Publisher:Name"]) == ("1.3", partnership.name)
    # The CSV is the grants sheet again.
    table = list(csv.reader(io.StringIO(threesixtygiving.grants_csv(partnership))))
    assert table[0] == list(rows[0])
    assert [r[column["Amount Awarded"]] for r in table[1:]] == [str(g["amountAwarded"]) for g in package["grants"]]
    assert [r[column["Identifier"]] for r in table[1:]] == [g["id"] for g in package["grants"]]


def test_text_that_looks_like_a_formula_stays_text(manager, partnership, council, housing, fund):  # noqa: F811
    risky = actions.create_project(by=manager, partnership=partnership, title="=HYPERLINK(\"http://x\")",
                                   description="+1 for the park", owner_organisation=housing,
                                   lead_organisation=council, start_on=DAY, end_on=DAY)
    actions.allocate(by=manager, fund=fund, project=risky, amount="10.00", made_on=DAY)
    sheet = load_workbook(io.BytesIO(threesixtygiving.grants_workbook(partnership)))["grants"]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == "=HYPERLINK(\"http://x\")"
    assert threesixtygiving.grants_csv(partnership).splitlines()[1].count("'+1 for the park") == 1


# Pages and downloads ------------------------------------------------------------------------------

def test_the_page_and_the_downloads(grants, manager, board_member, client_for):
    for reader in (manager, board_member):
        client = client_for(reader)
        page = client.get(PAGE)
        assert page.status_code == 200
        assert "Grants as open data" in page.content.decode() and "£3,234.66" in page.content.decode()
        response = client.get(DOWNLOADS["json"])
        assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="testvale-grants-360giving.json"'
        assert threesixtygiving.validate_package(reread(response.content.decode())) == []
        xlsx = client.get(DOWNLOADS["xlsx"] + "?year=2025")
        assert xlsx.status_code == 200
        assert xlsx["Content-Disposition"] == 'attachment; filename="testvale-grants-360giving-2025.xlsx"'
        assert load_workbook(io.BytesIO(xlsx.content))["grants"].max_row == 4
        assert client.get(DOWNLOADS["csv"]).content.decode().startswith("Identifier,Title,")
    event = AuditEvent.objects.filter(action="projects.grants_exported").latest("id")
    assert (event.actor, event.data) == (board_member.email, {"format": "csv", "year": None, "grants": 3})


def test_a_member_of_another_partnership_finds_nothing(grants, outsider, client_for):
    client = client_for(outsider)
    for url in (PAGE, *DOWNLOADS.values()):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(actor=outsider.email).exists()


def test_a_year_with_no_grants_or_not_a_year_is_said_on_the_page(grants, manager, client_for):
    client = client_for(manager)
    for year in ("1999", "abc", "2025-26", "9" * 40):
        for url in (PAGE, DOWNLOADS["json"]):
            response = client.get(url, {"year": year})
            assert response.status_code == 400, (url, year)
            assert "There are no grants from the funds of the year asked for" in response.content.decode()


def test_a_file_that_would_not_validate_is_never_sent(grants, manager, client_for):
    # A number stored before the directory checked them: the export names it and refuses.
    Organisation.objects.filter(pk=grants["charity_org"].pk).update(charity_number="12AB")
    client = client_for(manager)
    before = AuditEvent.objects.count()
    for url in DOWNLOADS.values():
        response = client.get(url)
        assert response.status_code == 409, url
        content = response.content.decode()
        assert "There is a problem" in content and "cannot be published as 360Giving open data" in content
        assert "charity number 12AB is not one a charity regulator gives: correct it in the directory" in content
    page = client.get(PAGE).content.decode()
    assert "charity number 12AB" in page and DOWNLOADS["json"] not in page
    assert AuditEvent.objects.count() == before


def test_with_no_grants_nothing_is_offered(manager, partnership, client_for):
    client = client_for(manager)
    assert "There are no grants to publish" in client.get(PAGE).content.decode()
    assert client.get(DOWNLOADS["json"]).status_code == 409


# The published schema, where a checkout of it is at hand ------------------------------------------

def _published_validator(folder):
    """The published package schema, its grants checked against the published grant schema found
    beside it (its $ref names a web address; here it resolves to the local file, with no network)."""
    package = json.loads((folder / "360-giving-package-schema.json").read_text())
    grant = json.loads((folder / "360-giving-schema.json").read_text())
    grant_uri = package["properties"]["grants"]["items"]["$ref"]
    registry = Registry().with_resource(grant_uri, Resource.from_contents(grant, default_specification=DRAFT4))
    checker = jsonschema.FormatChecker()

    # The schema's dates are "a date-time, or else a day" (oneOf): a format left unchecked would let a
    # day match both branches. These are RFC 3339's date-time and a web address's shape.
    @checker.checks("date-time")
    def is_moment(value):
        return not isinstance(value, str) or bool(re.fullmatch(
            r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", value))

    @checker.checks("uri")
    def is_uri(value):
        return not isinstance(value, str) or bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:\S+", value))

    return jsonschema.Draft4Validator(package, registry=registry, format_checker=checker)


def test_the_export_validates_against_the_published_schema_when_a_checkout_is_given(grants, partnership):
    folder = os.environ.get("THREESIXTYGIVING_SCHEMA_DIR", "").strip()
    if not folder:
        pytest.skip("THREESIXTYGIVING_SCHEMA_DIR is not set: the published 360Giving schemas are on no package "
                    "index and tests never reach the network (ADR 61); point it at a checkout of "
                    "ThreeSixtyGiving/standard (or its schema folder) to run this")
    folder = Path(folder)
    folder = folder / "schema" if (folder / "schema").is_dir() else folder
    text = threesixtygiving.package_json(threesixtygiving.grants_package(partnership))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _published_validator(folder).iter_errors(reread(text))]
    assert errors == []
    # The published schema still fails what ours fails.
    broken = reread(text)
    del broken["grants"][0]["awardDate"]
    assert list(_published_validator(folder).iter_errors(broken))


def test_anonymous_visitors_are_sent_to_sign_in(grants, client):
    for url in (PAGE, *DOWNLOADS.values()):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
