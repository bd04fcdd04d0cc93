"""ASB cases: who sees a case before, during and after sharing; every case page audited; opening a
case from a report; closing rules; sharing refused with nothing saved; agreements."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions
from eunomia.casework.models import Case, CaseParty, CaseShare, SharingAgreement
from eunomia.partners import actions as partner_actions
from tests.clock import at

TODAY = timezone.localdate()




@pytest.fixture
def world(partnership, council, housing, make_member, system_user, outsider, manager):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    analyst = make_member("analyst", partnership, council)
    board = make_member("board_member", partnership, council)
    police = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Police",
                                              kind="police", joined_on=datetime.date(2010, 1, 1))
    officer = make_member("partner_practitioner", partnership, police)
    victim = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                                last_name="Ellis")
    youth = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Jo",
                               last_name="Marsh")
    report = actions.record_report(
        by=csu, partnership=partnership, organisation=council, occurred_at=at(TODAY), reported_at=at(TODAY, 13),
        category="noise", source="phone", description="Music all night", address="4 Mill Lane",
        people=[(victim, "victim"), (youth, "perpetrator")])
    second = actions.record_report(
        by=csu, partnership=partnership, organisation=council, occurred_at=at(TODAY), reported_at=at(TODAY, 14),
        category="nuisance", source="phone", description="Shouting", address="6 Mill Lane")
    tenant = actions.add_person(by=practitioner, partnership=partnership, organisation=housing, first_name="Robin",
                                last_name="Hale")
    housing_report = actions.record_report(
        by=practitioner, partnership=partnership, organisation=housing, occurred_at=at(TODAY), reported_at=at(TODAY),
        category="nuisance", source="housing", description="Stairwell", people=[(tenant, "victim")])
    case = actions.open_case_from_report(by=csu, partnership=partnership, organisation=council, report=report,
                                         title="Mill Lane noise")
    agreement = actions.add_agreement(
        by=manager, partnership=partnership, title="ASB Task Group ISA", purpose="Managing ASB cases together",
        lawful_basis="public_task", parties=[council, housing], starts_on=datetime.date(2024, 1, 1),
        review_on=datetime.date(2099, 1, 1))
    return locals()


def url(case, rest=""):
    return f"/p/testvale/casework/cases/{case.pk}/{rest}"


def test_opening_a_case_from_a_report_brings_its_people_in_their_roles(world, client_for, partnership):
    w = world
    client = client_for(w["csu"])
    page = client.get(f"/p/testvale/casework/reports/{w['report'].pk}/").content.decode()
    assert f"/casework/reports/{w['report'].pk}/open-case/" in page and "Mill Lane noise" in page
    response = client.post(f"/p/testvale/casework/reports/{w['report'].pk}/open-case/", {"title": ""})
    assert response.status_code == 400 and "Give the case a title" in response.content.decode()
    response = client.post(f"/p/testvale/casework/reports/{w['report'].pk}/open-case/", {"title": "Second look"})
    case = Case.objects.get(title="Second look")
    assert response.status_code == 302 and response["Location"] == url(case)
    assert case.owner_organisation == w["council"] and case.lead_officer == w["csu"]
    assert list(case.reports.all()) == [w["report"]]
    assert set(case.parties.values_list("person__last_name", "role")) == {("Ellis", "victim"), ("Marsh", "perpetrator")}
    html = client.get(url(case)).content.decode()
    for text in ("Dana Ellis", "victim", "Jo Marsh", "alleged perpetrator", w["report"].reference,
                 "Testvale Council", "Open", "Not shared"):
        assert text in html, text
    # A report the reader may not see cannot be opened into a case.
    assert client.post(f"/p/testvale/casework/reports/{w['housing_report'].pk}/open-case/",
                       {"title": "x"}).status_code == 404


def test_who_sees_a_case_before_during_and_after_sharing(world, client_for):
    w = world
    case_page = url(w["case"])
    pages = [case_page, f"/p/testvale/casework/people/{w['victim'].pk}/",
             f"/p/testvale/casework/reports/{w['report'].pk}/"]
    expected = {"csu": 200, "manager": 200, "practitioner": 404, "officer": 404, "analyst": 403, "board": 403,
                "outsider": 404}

    def statuses(who):
        client = client_for(w[who])
        return [client.get(page).status_code for page in pages]

    for who, code in expected.items():
        assert statuses(who) == [code] * 3, who
    shared = client_for(w["csu"]).post(url(w["case"], "share/"), {"organisation": w["housing"].pk,
                                                                 "agreement": w["agreement"].pk})
    assert shared.status_code == 302
    expected_shared = {**expected, "practitioner": 200}
    for who, code in expected_shared.items():
        assert statuses(who) == [code] * 3, who
    # The partner reads the case but may not change it, nor share it on.
    partner = client_for(w["practitioner"])
    assert "only Testvale Council can change it" in partner.get(case_page).content.decode()
    for rest in ("share/", "close/", "link-report/", "add-person/"):
        assert partner.get(url(w["case"], rest)).status_code == 403, rest
    assert partner.post(url(w["case"], "share/"), {"organisation": w["police"].pk,
                                                   "agreement": w["agreement"].pk}).status_code == 403
    # Lists and search hold the case for the partner only while it is shared.
    assert w["case"].reference in partner.get("/p/testvale/casework/cases/?q=Ellis").content.decode()
    share = w["case"].shares.get()
    response = client_for(w["csu"]).post(url(w["case"], f"shares/{share.pk}/remove/"))
    assert response.status_code == 302 and not w["case"].shares.exists()
    assert AuditEvent.objects.filter(action="casework.case_unshared", object_id=str(w["case"].pk),
                                     data__organisation=w["housing"].pk).exists()
    for who, code in expected.items():
        assert statuses(who) == [code] * 3, who
    assert w["case"].reference not in partner.get("/p/testvale/casework/cases/?q=Ellis").content.decode()


def test_case_lists_filter_by_status_and_text_within_what_the_reader_sees(world, client_for, partnership):
    w = world
    other = actions.open_case(by=w["csu"], partnership=partnership, organisation=w["council"], title="Park bikes")
    actions.close_case(by=w["csu"], case=other, outcome="ceased", closed_on=TODAY)
    housing_case = actions.open_case(by=w["practitioner"], partnership=partnership, organisation=w["housing"],
                                     title="Mill Lane stairwell", reports=[w["housing_report"]])
    client = client_for(w["csu"])

    def listed(query):
        html = client.get(f"/p/testvale/casework/cases/{query}").content.decode()
        return {c.reference for c in (w["case"], other, housing_case) if c.reference in html}

    assert listed("") == {w["case"].reference, other.reference}
    assert listed("?status=closed") == {other.reference}
    assert listed("?status=open") == {w["case"].reference}
    assert listed("?q=marsh") == {w["case"].reference}  # a party's name
    assert listed("?q=Mill") == {w["case"].reference}  # not the housing provider's case
    assert listed(f"?q={other.reference}") == {other.reference}
    client.get("/p/testvale/casework/cases/?q=Marsh&reason=Task+Group")
    event = AuditEvent.objects.filter(action="casework.cases_searched").order_by("-id").first()
    assert (event.reason, event.data["search"], event.data["ids"]) == ("Task Group", "Marsh", [w["case"].pk])


def test_every_case_page_showing_personal_data_is_audited(world, client_for):
    w = world
    client = client_for(w["csu"])
    pages = {
        "/p/testvale/casework/cases/": "casework.cases_listed",
        "/p/testvale/casework/cases/?q=Ellis&status=open": "casework.cases_searched",
        url(w["case"]): "casework.case_viewed",
        url(w["case"], "add-person/?q=Ellis"): "casework.people_searched",
    }
    for page, action in pages.items():
        before = AuditEvent.objects.count()
        assert client.get(page, REMOTE_ADDR="192.0.2.9").status_code == 200, page
        assert AuditEvent.objects.count() == before + 1, page
        event = AuditEvent.objects.order_by("-id").first()
        assert (event.action, event.actor, event.ip_address) == (action, w["csu"].email, "192.0.2.9"), page
    viewed = AuditEvent.objects.filter(action="casework.case_viewed").latest("id")
    assert viewed.object_id == str(w["case"].pk)
    assert sorted(viewed.data["people"]) == sorted([w["victim"].pk, w["youth"].pk])
    assert viewed.data["reports"] == [w["report"].pk]


def test_linking_reports_and_adding_people_stay_within_what_the_reader_sees(world, client_for):
    w = world
    client = client_for(w["csu"])
    response = client.post(url(w["case"], "link-report/"), {"reference": w["housing_report"].reference})
    assert response.status_code == 400
    assert f"There is no report {w['housing_report'].reference} that you may see" in response.content.decode()
    response = client.post(url(w["case"], "link-report/"), {"reference": w["report"].reference})
    assert response.status_code == 400 and "already linked" in response.content.decode()
    assert client.post(url(w["case"], "link-report/"), {"reference": w["second"].reference.lower()}).status_code == 302
    assert set(w["case"].reports.all()) == {w["report"], w["second"]}

    response = client.post(url(w["case"], "add-person/"), {"person": w["tenant"].pk, "role": "witness"})
    assert response.status_code == 400 and "Choose a person from the search results" in response.content.decode()
    assert "Robin Hale" not in client.get(url(w["case"], "add-person/?q=Hale")).content.decode()
    response = client.post(url(w["case"], "add-person/"), {"person": w["victim"].pk, "role": "complainant"})
    assert response.status_code == 302
    assert CaseParty.objects.filter(case=w["case"], person=w["victim"], role="complainant").exists()
    assert AuditEvent.objects.filter(action="casework.case_party_added", data__person=w["victim"].pk).exists()
    assert AuditEvent.objects.filter(action="casework.case_report_linked", data__report=w["second"].pk).exists()


@pytest.mark.parametrize("closed_on,message", [
    (TODAY + datetime.timedelta(days=1), "The closing date must be today or in the past"),
    (TODAY - datetime.timedelta(days=1), "The closing date cannot be before the case opened"),
])
def test_a_case_closes_from_the_day_it_opened_to_today(world, client_for, closed_on, message):
    w = world
    client = client_for(w["csu"])
    events = AuditEvent.objects.count()
    response = client.post(url(w["case"], "close/"), {"outcome": "improved", "closed_on": closed_on.isoformat()})
    assert response.status_code == 400
    assert message in response.content.decode() and "govuk-error-summary" in response.content.decode()
    w["case"].refresh_from_db()
    assert (w["case"].status, w["case"].outcome, w["case"].closed_on) == ("open", "", None)
    assert AuditEvent.objects.count() == events
    response = client.post(url(w["case"], "close/"), {"outcome": "teleported", "closed_on": TODAY.isoformat()})
    assert response.status_code == 400 and "Choose the outcome from the list" in response.content.decode()


def test_closing_and_reopening_are_recorded(world, client_for):
    w = world
    client = client_for(w["csu"])
    response = client.post(url(w["case"], "close/"), {"outcome": "improved", "closed_on": TODAY.isoformat()})
    assert response.status_code == 302
    w["case"].refresh_from_db()
    assert (w["case"].status, w["case"].outcome, w["case"].closed_on) == ("closed", "improved", TODAY)
    assert "Behaviour improved" in client.get(url(w["case"])).content.decode()
    assert client.get(url(w["case"], "close/")).status_code == 302  # already closed: back to the case
    with pytest.raises(ValidationError, match="already closed"):
        actions.close_case(by=w["csu"], case=w["case"], outcome="nfa", closed_on=TODAY)
    assert client.post(url(w["case"], "reopen/")).status_code == 302
    w["case"].refresh_from_db()
    assert (w["case"].status, w["case"].outcome, w["case"].closed_on) == ("open", "", None)
    actions_seen = list(AuditEvent.objects.filter(object_id=str(w["case"].pk), action__in=[
        "casework.case_closed", "casework.case_reopened"]).order_by("id").values_list("action", flat=True))
    assert actions_seen == ["casework.case_closed", "casework.case_reopened"]
    assert client.get(url(w["case"], "reopen/")).status_code == 405


def test_sharing_outside_an_agreement_is_refused_and_nothing_is_saved(world, client_for, partnership):
    w = world
    client = client_for(w["csu"])
    events = AuditEvent.objects.count()
    # The police are not party to the agreement.
    response = client.post(url(w["case"], "share/"), {"organisation": w["police"].pk, "agreement": w["agreement"].pk})
    body = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in body
    assert "Testvale Police and the case&#x27;s organisation must both be parties to ASB Task Group ISA" in body
    # An agreement the council is not party to.
    other = actions.add_agreement(by=w["manager"], partnership=partnership, title="Police and homes",
                                  purpose="Tenancy", lawful_basis="public_task", parties=[w["housing"], w["police"]],
                                  starts_on=datetime.date(2024, 1, 1), review_on=datetime.date(2099, 1, 1))
    events = AuditEvent.objects.count()
    response = client.post(url(w["case"], "share/"), {"organisation": w["housing"].pk, "agreement": other.pk})
    assert response.status_code == 400 and "must both be parties" in response.content.decode()
    # Nothing chosen, and an organisation from another partnership.
    response = client.post(url(w["case"], "share/"), {})
    assert response.status_code == 400 and "Choose the organisation to share with" in response.content.decode()
    elsewhere = w["outsider"].memberships.first().organisation
    response = client.post(url(w["case"], "share/"), {"organisation": elsewhere.pk, "agreement": w["agreement"].pk})
    assert response.status_code == 400 and "Choose an organisation from the list" in response.content.decode()
    assert not CaseShare.objects.exists() and AuditEvent.objects.count() == events
    assert client_for(w["officer"]).get(url(w["case"])).status_code == 404


def test_agreements_are_listed_with_overdue_reviews_and_added_by_the_manager(world, client_for, partnership):
    w = world
    SharingAgreement.objects.filter(pk=w["agreement"].pk).update(review_on=TODAY - datetime.timedelta(days=1))
    html = client_for(w["board"]).get("/p/testvale/casework/agreements/").content.decode()
    for text in ("ASB Task Group ISA", "Managing ASB cases together", "Public task", "Testvale Council",
                 "Testvale Homes", "Review overdue"):
        assert text in html, text
    assert client_for(w["csu"]).get("/p/testvale/casework/agreements/new/").status_code == 403
    manager = client_for(w["manager"])
    form = {"title": "Police ISA", "purpose": "Sharing with police", "lawful_basis": "public_task",
            "parties": [w["council"].pk], "starts_on": "2026-01-01", "review_on": "2025-01-01"}
    response = manager.post("/p/testvale/casework/agreements/new/", form)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least two organisations" in body and "The review date must be after the start date" in body
    assert SharingAgreement.objects.count() == 1
    response = manager.post("/p/testvale/casework/agreements/new/",
                            {**form, "parties": [w["council"].pk, w["police"].pk], "review_on": "2027-01-01"})
    assert response.status_code == 302
    agreement = SharingAgreement.objects.get(title="Police ISA")
    assert set(agreement.parties.all()) == {w["council"], w["police"]}
    assert AuditEvent.objects.filter(action="casework.agreement_added", object_id=str(agreement.pk)).exists()
    # Now the case can be shared with the police.
    response = client_for(w["csu"]).post(url(w["case"], "share/"), {"organisation": w["police"].pk,
                                                                    "agreement": agreement.pk})
    assert response.status_code == 302
    assert client_for(w["officer"]).get(url(w["case"])).status_code == 200
