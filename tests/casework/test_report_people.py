"""Naming more people in a saved report: an existing person chosen through the case's person picker,
or someone new (possible duplicates offered first). Only the report's owning organisation adds;
a report the reader may not see is a 404; searches and changes are audited; refusals in words."""

import datetime
import html

import pytest
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions
from eunomia.casework.models import Person, ReportPerson
from tests.clock import at

TODAY = timezone.localdate()




@pytest.fixture
def world(partnership, council, housing, make_member, manager):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    analyst = make_member("analyst", partnership, council)
    dana = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                              last_name="Ellis", date_of_birth=datetime.date(1950, 3, 1), address="4 Mill Lane",
                              postcode="TV1 2AB")
    jordan = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Jordan",
                                last_name="Vale")
    report = actions.record_report(
        by=csu, partnership=partnership, organisation=council, occurred_at=at(TODAY - datetime.timedelta(days=1)),
        reported_at=at(TODAY - datetime.timedelta(days=1), 13), category="personal", source="phone",
        description="Shouting at number 4", address="6 Mill Lane", people=[(jordan, "perpetrator")])
    tenant = actions.add_person(by=practitioner, partnership=partnership, organisation=housing, first_name="Robin",
                                last_name="Ellis")
    housing_report = actions.record_report(
        by=practitioner, partnership=partnership, organisation=housing, occurred_at=at(TODAY),
        reported_at=at(TODAY), category="nuisance", source="housing", description="Stairwell",
        people=[(tenant, "victim")])
    # Shared with the housing provider: its practitioner reads the report but does not change it.
    case = actions.open_case_from_report(by=csu, partnership=partnership, organisation=council, report=report,
                                         title="Mill Lane")
    agreement = actions.add_agreement(
        by=manager, partnership=partnership, title="ASB Task Group ISA", purpose="Managing ASB cases together",
        lawful_basis="public_task", parties=[council, housing], starts_on=datetime.date(2024, 1, 1),
        review_on=datetime.date(2099, 1, 1))
    actions.share_case(by=csu, case=case, organisation=housing, agreement=agreement)
    return locals()


def url(report, rest=""):
    return f"/p/testvale/casework/reports/{report.pk}/{rest}"


def snapshot():
    return (list(ReportPerson.objects.order_by("pk").values()), Person.objects.count(), AuditEvent.objects.count())


def test_the_owner_sees_the_way_to_add_a_person_and_a_partner_reading_the_report_does_not(world, client_for):
    w = world
    link = f'href="{url(w["report"], "add-person/")}"'
    owner_page = client_for(w["csu"]).get(url(w["report"]))
    assert link in owner_page.content.decode() and "Add a person to this report" in owner_page.content.decode()
    partner_page = client_for(w["practitioner"]).get(url(w["report"]))
    assert partner_page.status_code == 200  # shared, so read
    assert link not in partner_page.content.decode() and "Add a person to this report" not in partner_page.content.decode()


@pytest.mark.parametrize("rest", ["add-person/", "add-person/new/"])
def test_only_the_owning_organisation_adds_and_an_unseen_report_is_not_found(world, client_for, rest):
    w = world
    before = snapshot()
    partner = client_for(w["practitioner"])
    assert partner.get(url(w["report"], rest)).status_code == 403
    assert partner.post(url(w["report"], rest), {"person": w["tenant"].pk, "role": "witness", "first_name": "Al",
                                                 "last_name": "Hale"}).status_code == 403
    csu = client_for(w["csu"])
    assert csu.get(url(w["housing_report"], rest)).status_code == 404
    assert csu.post(url(w["housing_report"], rest), {"person": w["dana"].pk, "role": "witness", "first_name": "Al",
                                                     "last_name": "Hale"}).status_code == 404
    assert client_for(w["analyst"]).get(url(w["report"], rest)).status_code == 403  # no casework at all
    assert snapshot() == before


def test_an_existing_person_is_found_by_name_and_named_in_the_report(world, client_for):
    w = world
    client = client_for(w["csu"])
    response = client.get(url(w["report"], "add-person/?q=ellis"))
    page = response.content.decode()
    assert response.status_code == 200 and "Add a person to this report" in page
    assert f'value="{w["dana"].pk}"' in page and "Dana Ellis, born 1 March 1950, 4 Mill Lane TV1 2AB" in page
    assert "Robin Ellis" not in page  # the housing provider's, not shared with the council
    assert f'href="{url(w["report"], "add-person/new/")}"' in page
    searched = AuditEvent.objects.latest("id")
    assert (searched.action, searched.object_id, searched.data) == (
        "casework.people_searched", str(w["report"].pk), {"search": "ellis", "ids": [w["dana"].pk]})

    response = client.post(url(w["report"], "add-person/?q=ellis"), {"person": w["dana"].pk, "role": "victim"})

    assert response.status_code == 302 and response["Location"] == url(w["report"])
    assert set(w["report"].people_links.values_list("person_id", "role")) == {
        (w["jordan"].pk, "perpetrator"), (w["dana"].pk, "victim")}
    linked = AuditEvent.objects.latest("id")
    assert (linked.action, linked.object_id, linked.actor, linked.data) == (
        "casework.person_linked", str(w["report"].pk), w["csu"].email, {"person": w["dana"].pk, "role": "victim"})
    assert f'/people/{w["dana"].pk}/">Dana Ellis</a>: victim' in client.get(url(w["report"])).content.decode()


@pytest.mark.parametrize("sent, message", [
    ({"person": "jordan", "role": "perpetrator"}, "Jordan Vale is already named in this report as the alleged perpetrator"),
    ({"person": "tenant", "role": "witness"}, "Choose a person from the search results"),
    ({"person": "dana", "role": "bystander"}, "Choose a role from the list"),
    ({"role": "victim"}, "Choose a person"),
])
def test_a_refused_choice_says_why_and_saves_nothing(world, client_for, sent, message):
    w = world
    before = snapshot()
    data = {**sent, **({"person": w[sent["person"]].pk} if "person" in sent else {})}
    response = client_for(w["csu"]).post(url(w["report"], "add-person/"), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in content and html.escape(message) in content
    assert snapshot() == before


def test_someone_new_is_recorded_for_the_reports_organisation_and_named_in_it(world, client_for):
    w = world
    client = client_for(w["csu"])
    page = client.get(url(w["report"], "add-person/new/"))
    assert page.status_code == 200 and "Add someone new to this report" in page.content.decode()

    response = client.post(url(w["report"], "add-person/new/"), {
        "first_name": " Sam ", "last_name": "Okafor", "date_of_birth": "1988-07-02", "address": "8 Mill Lane",
        "postcode": "tv1 2ab", "phone": "07700 900123", "email": "sam@example.com", "role": "witness"})

    assert response.status_code == 302 and response["Location"] == url(w["report"])
    sam = Person.objects.get(last_name="Okafor")
    assert (sam.first_name, sam.date_of_birth, sam.postcode, sam.phone, sam.email, sam.owner_organisation) == (
        "Sam", datetime.date(1988, 7, 2), "TV1 2AB", "07700 900123", "sam@example.com", w["council"])
    assert w["report"].people_links.filter(person=sam, role="witness").exists()
    assert set(AuditEvent.objects.filter(object_id__in=[str(sam.pk), str(w["report"].pk)]).order_by("id")
               .values_list("action", flat=True)) >= {"casework.person_added", "casework.person_linked"}


@pytest.mark.parametrize("typed, field, message", [
    ({"first_name": "", "last_name": "Okafor"}, "first_name", "Enter the person's first name"),
    ({"first_name": "Sam", "last_name": "  "}, "last_name", "Enter the person's last name"),
    ({"first_name": "Sam", "last_name": "Okafor", "date_of_birth": "1980-02-31"}, "date_of_birth",
     "Enter the date of birth like 1980-05-17"),
    ({"first_name": "Sam", "last_name": "Okafor", "date_of_birth": "2099-01-01"}, "date_of_birth",
     "The date of birth must be today or in the past"),
    # Recorded and then refused by the report: nothing is half-saved.
    ({"first_name": "Sam", "last_name": "Okafor", "date_of_birth": TODAY.isoformat()}, "date_of_birth",
     "Sam Okafor was born after this happened: check the dates"),
    ({"first_name": "Sam", "last_name": "Okafor", "email": "sam@"}, "email",
     "Enter the email address like name@example.com"),
    ({"first_name": "Sam", "last_name": "Okafor", "role": "bystander"}, "role", "Choose a role from the list"),
])
def test_bad_details_of_someone_new_are_refused_naming_the_field(world, client_for, typed, field, message):
    w = world
    before = snapshot()
    response = client_for(w["csu"]).post(url(w["report"], "add-person/new/"), {"role": "witness", **typed})
    content = response.content.decode()
    assert response.status_code == 400
    assert f'<a href="#id_{field}">{html.escape(message)}</a>' in content
    assert snapshot() == before


def test_people_who_may_be_the_one_typed_are_offered_before_anyone_new_is_recorded(world, client_for):
    w = world
    client = client_for(w["csu"])
    typed = {"first_name": "dana", "last_name": "ellis", "address": "Flat 2, Tower Road", "role": "complainant"}
    before = snapshot()

    response = client.post(url(w["report"], "add-person/new/"), typed)

    content = response.content.decode()
    assert response.status_code == 200 and "Nothing has been saved yet" in content
    assert f'value="{w["dana"].pk}"' in content and "This is someone new" in content
    assert "Robin" not in content and 'value="Flat 2, Tower Road"' in content
    assert snapshot()[:2] == before[:2]
    offered = AuditEvent.objects.latest("id")
    assert (offered.action, offered.object_id, offered.data["people"]) == (
        "casework.possible_duplicates_offered", str(w["report"].pk), [w["dana"].pk])

    # No answer to the question: asked again, in words.
    response = client.post(url(w["report"], "add-person/new/"), {**typed, "offered": "True"})
    assert response.status_code == 400
    assert "Choose one of the people already recorded, or say this is someone new" in response.content.decode()

    # The one already recorded is used: no one new.
    response = client.post(url(w["report"], "add-person/new/"),
                           {**typed, "offered": "True", "match": str(w["dana"].pk)})
    assert response.status_code == 302
    assert Person.objects.count() == before[1]
    assert w["report"].people_links.filter(person=w["dana"], role="complainant").exists()

    # Offered and chosen again in the same role: refused in words.
    response = client.post(url(w["report"], "add-person/new/"),
                           {**typed, "offered": "True", "match": str(w["dana"].pk)})
    assert response.status_code == 400
    assert "Dana Ellis is already named in this report as the complainant" in response.content.decode()

    # Someone new after all, though the name is the same.
    response = client.post(url(w["report"], "add-person/new/"),
                           {**typed, "role": "witness", "offered": "True", "match": "new"})
    assert response.status_code == 302
    second = Person.objects.filter(first_name="dana").get()
    assert second.pk != w["dana"].pk and second.address == "Flat 2, Tower Road"
    assert w["report"].people_links.filter(person=second, role="witness").exists()


def test_link_person_refuses_the_same_person_in_the_same_role(world):
    w = world
    with pytest.raises(actions.ValidationError) as refusal:
        actions.link_person(by=w["csu"], report=w["report"], person=w["jordan"], role="perpetrator")
    assert refusal.value.message_dict == {
        "person": ["Jordan Vale is already named in this report as the alleged perpetrator"]}
    # Another role is another fact about the same person.
    actions.link_person(by=w["csu"], report=w["report"], person=w["jordan"], role="witness")
    assert w["report"].people_links.filter(person=w["jordan"]).count() == 2
