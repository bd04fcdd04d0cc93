"""Casework: who sees what (organisation x sharing state x role), that every page showing personal
data is audited, the repeat rule at its edges, and bad input refused with nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions, queries
from eunomia.casework.models import Person, RepeatRule, Report, SharingAgreement
from tests.clock import at

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def world(partnership, council, housing, make_member, system_user, outsider):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    analyst = make_member("analyst", partnership, council)
    board = make_member("board_member", partnership, council)
    victim = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                                last_name="Ellis", date_of_birth=datetime.date(1950, 3, 1), flags=["older"])
    council_report = actions.record_report(
        by=csu, partnership=partnership, organisation=council, occurred_at=at(TODAY), reported_at=at(TODAY, 13),
        category="noise", source="phone", description="Music all night", address="4 Mill Lane", postcode="tv1 2ab",
        people=[(victim, "victim")])
    tenant = actions.add_person(by=practitioner, partnership=partnership, organisation=housing, first_name="Robin",
                                last_name="Hale")
    housing_report = actions.record_report(
        by=practitioner, partnership=partnership, organisation=housing, occurred_at=at(TODAY), reported_at=at(TODAY),
        category="nuisance", source="housing", description="Gathering in the stairwell", people=[(tenant, "victim")])
    case = actions.open_case(by=csu, partnership=partnership, organisation=council, title="Mill Lane noise",
                             reports=[council_report])
    agreement = SharingAgreement.objects.create(
        partnership=partnership, title="ASB Task Group ISA", purpose="Managing ASB cases together",
        lawful_basis="public_task", starts_on=datetime.date(2024, 1, 1), review_on=datetime.date(2027, 1, 1))
    agreement.parties.set([council, housing])
    return locals()


def status(client, url):
    return client.get(url).status_code


def test_who_sees_what_before_and_after_sharing(world, client_for, partnership):
    w = world
    council_report = f"/p/testvale/casework/reports/{w['council_report'].pk}/"
    housing_report = f"/p/testvale/casework/reports/{w['housing_report'].pk}/"
    victim = f"/p/testvale/casework/people/{w['victim'].pk}/"
    expected_before = {
        #                  council report, housing report, council's victim
        "csu":            (200, 404, 200),
        "practitioner":   (404, 200, 404),
        "analyst":        (403, 403, 403),
        "board":          (403, 403, 403),
        "outsider":       (404, 404, 404),
    }
    for who, statuses in expected_before.items():
        client = client_for(w[who])
        assert (status(client, council_report), status(client, housing_report), status(client, victim)) == statuses, who
    # Shared with the housing provider under the agreement: its practitioner now sees the case's
    # report and the people in it, and still nothing else of the council's.
    actions.share_case(by=w["csu"], case=w["case"], organisation=w["housing"], agreement=w["agreement"], on=TODAY)
    client = client_for(w["practitioner"])
    assert (status(client, council_report), status(client, housing_report), status(client, victim)) == (200, 200, 200)
    other = actions.record_report(by=w["csu"], partnership=partnership, organisation=w["council"],
                                  occurred_at=at(TODAY), reported_at=at(TODAY), category="noise", source="phone",
                                  description="Not in the case")
    assert status(client, f"/p/testvale/casework/reports/{other.pk}/") == 404


def test_lists_and_searches_hold_only_what_the_reader_may_see(world, client_for):
    w = world
    response = client_for(w["practitioner"]).get("/p/testvale/casework/?q=Ellis&reason=Task+Group")
    assert response.status_code == 200
    assert w["council_report"].reference not in response.content.decode()
    response = client_for(w["csu"]).get("/p/testvale/casework/?q=ellis")
    assert w["council_report"].reference in response.content.decode()
    assert w["housing_report"].reference not in response.content.decode()
    event = AuditEvent.objects.filter(action="casework.reports_searched").order_by("id").first()
    assert event.reason == "Task Group" and event.data["search"] == "Ellis" and event.data["ids"] == []
    briefing = client_for(w["practitioner"]).get(f"/p/testvale/casework/briefing/?day={TODAY}").content.decode()
    assert "Dana Ellis" not in briefing


def test_every_page_showing_personal_data_is_audited(world, client_for):
    w = world
    client = client_for(w["csu"])
    pages = {
        "/p/testvale/casework/": "casework.reports_listed",
        "/p/testvale/casework/?q=Mill": "casework.reports_searched",
        f"/p/testvale/casework/reports/{w['council_report'].pk}/": "casework.report_viewed",
        f"/p/testvale/casework/people/{w['victim'].pk}/": "casework.person_viewed",
        f"/p/testvale/casework/briefing/?day={TODAY}": "casework.briefing_viewed",
    }
    for url, action in pages.items():
        before = AuditEvent.objects.count()
        assert client.get(url, REMOTE_ADDR="192.0.2.7").status_code == 200
        event = AuditEvent.objects.order_by("-id").first()
        assert AuditEvent.objects.count() == before + 1, url
        assert (event.action, event.actor, event.ip_address) == (action, w["csu"].email, "192.0.2.7"), url


def test_the_briefing_lists_repeat_and_vulnerable_victims(world, client_for, partnership):
    w = world
    for days_before in (10, 40):
        actions.record_report(by=w["csu"], partnership=partnership, organisation=w["council"],
                              occurred_at=at(TODAY - datetime.timedelta(days=days_before)),
                              reported_at=at(TODAY), category="noise", source="phone", description="Again",
                              address="4 Mill Lane", postcode="TV1 2AB", people=[(w["victim"], "complainant")])
    html = client_for(w["csu"]).get(f"/p/testvale/casework/briefing/?day={TODAY}").content.decode()
    assert "Dana Ellis" in html and "Repeat" in html and "Older person" in html
    assert "4 Mill Lane" in html  # three reports at the address too


def test_the_briefing_covers_a_day_or_the_week_to_it(world, client_for, partnership):
    """Dana's reports are on TODAY; her third is two days before. A briefing of the day after TODAY
    has no report of Dana's; the week to that day has them all."""
    w = world
    for days_before in (2, 40):
        actions.record_report(by=w["csu"], partnership=partnership, organisation=w["council"],
                              occurred_at=at(TODAY - datetime.timedelta(days=days_before)),
                              reported_at=at(TODAY), category="noise", source="phone", description="Again",
                              people=[(w["victim"], "victim")])
    client = client_for(w["csu"])
    after = TODAY + datetime.timedelta(days=1)
    day = client.get(f"/p/testvale/casework/briefing/?day={after}&period=day").content.decode()
    assert "Dana Ellis" not in day and "No one to brief on" in day
    week = client.get(f"/p/testvale/casework/briefing/?day={after}&period=week").content.decode()
    assert "Dana Ellis" in week and "Repeat" in week
    event = AuditEvent.objects.filter(action="casework.briefing_viewed").latest("pk")
    assert event.data["days"] == 7 and event.data["people"] == [w["victim"].pk]


@pytest.mark.parametrize("query, message", [
    ("day=2026-13-40", "Enter the day as a real date, like 2026-11-24"),
    ("day=2099-01-01", "The day cannot be in the future"),
    ("day=2026-11-01&period=month", "Choose that day or the week to that day"),
])
def test_a_briefing_of_a_day_that_is_not_one_is_refused_in_words(world, client_for, query, message):
    response = client_for(world["csu"]).get(f"/p/testvale/casework/briefing/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(action="casework.briefing_viewed").exists()


@pytest.mark.parametrize("oldest,flagged", [(90, True), (91, False)])
def test_the_repeat_rule_at_its_edge(world, partnership, oldest, flagged):
    """Default rule: three reports in 91 days, the day itself included. The first report 90 days
    before the day is inside; 91 days before is outside."""
    w = world
    person = actions.add_person(by=w["csu"], partnership=partnership, organisation=w["council"],
                                first_name="Sam", last_name="Edge")
    for days_before in (oldest, 30, 0):
        actions.record_report(by=w["csu"], partnership=partnership, organisation=w["council"],
                              occurred_at=at(TODAY - datetime.timedelta(days=days_before), 0),
                              reported_at=at(TODAY, 23), category="personal", source="phone",
                              description="Shouted at", people=[(person, "victim")])
    people = Person.objects.filter(pk=person.pk)
    rule = queries.repeat_rule(partnership)
    assert (person.pk in queries.repeat_victims(people, on=TODAY, rule=rule)) is flagged
    RepeatRule.objects.create(partnership=partnership, reports=2, days=31)  # the reports 30 days ago and today
    assert person.pk in queries.repeat_victims(people, on=TODAY, rule=queries.repeat_rule(partnership))


def test_bad_input_is_refused_and_nothing_is_saved(world, client_for, partnership):
    w = world
    client = client_for(w["csu"])
    reports, people = Report.objects.count(), Person.objects.count()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post("/p/testvale/casework/reports/new/", {
        "occurred_on": tomorrow.isoformat(), "category": "noise", "source": "phone", "description": "x",
        "first_name": "Kim", "last_name": "Young", "role": "victim"})
    assert response.status_code == 400
    assert "When it happened must be now or in the past" in response.content.decode()
    response = client.post("/p/testvale/casework/reports/new/", {
        "occurred_on": "2020-01-01", "category": "noise", "source": "phone", "description": "x",
        "first_name": "Kim", "last_name": "Young", "date_of_birth": "2021-05-01", "role": "victim"})
    assert response.status_code == 400
    assert "Kim Young was born after this happened" in response.content.decode()
    response = client.post("/p/testvale/casework/reports/new/", {
        "occurred_on": "2020-01-01", "category": "flying-saucers", "source": "phone", "description": "x",
        "role": "victim"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert (Report.objects.count(), Person.objects.count()) == (reports, people)

    response = client.post("/p/testvale/casework/reports/new/", {
        "occurred_on": "2026-11-01", "occurred_time": "21:30", "category": "noise", "source": "phone",
        "description": "Party", "address": "9 Mill Lane", "first_name": "Kim", "last_name": "Young", "role": "victim"})
    assert response.status_code == 302
    assert Report.objects.count() == reports + 1 and Person.objects.count() == people + 1

    elsewhere = w["outsider"].memberships.first().organisation
    with pytest.raises(ValidationError, match="must both be parties"):
        actions.share_case(by=w["csu"], case=w["case"], organisation=elsewhere, agreement=w["agreement"])
    assert not w["case"].shares.exists()


def test_figures_for_the_plan_count_every_organisation_and_name_no_one(world, partnership):
    from eunomia.casework.models import Case
    from eunomia.figures.registry import get_measure

    w = world
    count = get_measure("casework.reports")
    period = dict(partnership=partnership, period_start=TODAY.replace(day=1), period_end=TODAY)
    assert count.evaluate(**period, params={"category": "all"}) == 2
    assert count.evaluate(**period, params={"category": "noise"}) == 1
    share = get_measure("casework.cases_improved_share")
    assert share.evaluate(**period, params={}) is None
    Case.objects.filter(pk=w["case"].pk).update(status="closed", closed_on=TODAY, outcome="improved")
    actions.open_case(by=w["csu"], partnership=partnership, organisation=w["council"], title="Other")
    Case.objects.filter(title="Other").update(status="closed", closed_on=TODAY, outcome="nfa")
    assert share.evaluate(**period, params={}) == 50
