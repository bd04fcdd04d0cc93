"""Membership over time (issue 11): an organisation joins and leaves on dates that can be given and
corrected, may leave and join again (spells that never overlap), and each plan lists the members
of its own year, so a 2013/14 plan entered today publishes the members who joined in 2009."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.figures.measures import member_organisations
from eunomia.partners import actions
from eunomia.partners.models import PartnershipMember
from eunomia.plans import actions as plan_actions
from eunomia.plans.report import plan_document


def members_listed(plan):
    document, _ = plan_document(plan)
    membership = next(s for s in document["sections"] if s["id"] == "membership")
    return [entry["name"] for block in membership["blocks"] if block["type"] == "contacts"
            for entry in block["entries"]]


@pytest.fixture
def youth(partnership, system_user):
    return actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Youth Service",
                                    kind="youth", joined_on=datetime.date(2009, 4, 1))


def test_a_2013_14_plan_lists_the_members_who_joined_in_2009_and_not_those_who_came_later(
        partnership, system_user, youth, council):
    # council joined on 1 January 2010 (conftest); a later member joins in 2020
    actions.add_organisation(by=system_user, partnership=partnership, name="Late Joiners",
                             joined_on=datetime.date(2020, 6, 1))
    plan = plan_actions.create_plan(by=system_user, partnership=partnership, start_year=2013)
    assert sorted(members_listed(plan)) == ["Testvale Council", "Testvale Youth Service"]


def test_a_member_that_left_and_joined_again_is_listed_in_the_years_it_sat(partnership, system_user, youth):
    actions.leave_partnership(by=system_user, partnership=partnership, organisation=youth,
                              left_on=datetime.date(2014, 3, 31))
    actions.join_partnership(by=system_user, partnership=partnership, organisation=youth,
                             joined_on=datetime.date(2016, 4, 1))
    listed = {year: "Testvale Youth Service" in members_listed(
        plan_actions.create_plan(by=system_user, partnership=partnership, start_year=year))
        for year in (2013, 2014, 2016)}
    assert listed == {2013: True, 2014: False, 2016: True}
    assert PartnershipMember.objects.filter(organisation=youth).count() == 2
    # counted once in a period that holds both spells
    assert member_organisations(partnership=partnership, period_start=datetime.date(2013, 4, 1),
                                period_end=datetime.date(2017, 3, 31)) == 1


def test_spells_of_one_organisation_cannot_overlap(partnership, system_user, youth):
    actions.leave_partnership(by=system_user, partnership=partnership, organisation=youth,
                              left_on=datetime.date(2014, 3, 31))
    with pytest.raises(ValidationError, match="already a member from 1 April 2009 to 31 March 2014"):
        actions.join_partnership(by=system_user, partnership=partnership, organisation=youth,
                                 joined_on=datetime.date(2014, 3, 31))
    again = actions.join_partnership(by=system_user, partnership=partnership, organisation=youth,
                                     joined_on=datetime.date(2014, 4, 1))  # the day after: no overlap
    with pytest.raises(ValidationError, match="already a member from 1 April 2014 with no leaving date"):
        actions.change_seat_dates(by=system_user, seat=PartnershipMember.objects.get(organisation=youth,
                                                                                     left_on__isnull=False),
                                  joined_on=datetime.date(2009, 4, 1), left_on=datetime.date(2015, 1, 1))
    assert again.joined_on == datetime.date(2014, 4, 1)


def test_the_dates_are_corrected_through_the_page_and_audited(partnership, manager, youth, client_for):
    seat = youth.seats.get()
    url = f"/p/testvale/directory/members/{seat.pk}/dates/"
    response = client_for(manager).post(url, {"joined_on": "2008-09-01", "left_on": "2015-03-31"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.joined_on, seat.left_on) == (datetime.date(2008, 9, 1), datetime.date(2015, 3, 31))
    event = AuditEvent.objects.get(action="partnership.member_dates_changed")
    assert event.data["joined_on"] == ["2009-04-01", "2008-09-01"]
    page = client_for(manager).get("/p/testvale/directory/").content.decode()
    assert "Past and future memberships" in page and "31 March 2015" in page


@pytest.mark.parametrize("joined, left, message", [
    ("2015-01-01", "2014-12-31", "The date it left must be on or after the date it joined"),
    ("0001-01-01", "", "The date it joined must be on or after 1 January 1900"),
    ("", "", "Enter the date it joined"),
])
def test_dates_that_cannot_stand_are_refused_in_words_and_nothing_changes(partnership, manager, youth, client_for,
                                                                        joined, left, message):
    seat = youth.seats.get()
    response = client_for(manager).post(f"/p/testvale/directory/members/{seat.pk}/dates/",
                                        {"joined_on": joined, "left_on": left})
    assert response.status_code == 400
    assert message in response.content.decode()
    seat.refresh_from_db()
    assert (seat.joined_on, seat.left_on) == (datetime.date(2009, 4, 1), None)


def test_an_organisation_joins_from_a_past_date_given_on_the_page(partnership, manager, housing, client_for):
    response = client_for(manager).post("/p/testvale/directory/organisations/new/", {
        "name": "Kenward Trust", "kind": "voluntary", "member": "yes", "joined_on": "2011-04-01"})
    assert response.status_code == 302
    assert PartnershipMember.objects.get(organisation__name="Kenward Trust").joined_on == datetime.date(2011, 4, 1)
    client_for(manager).post(f"/p/testvale/directory/organisations/{housing.pk}/leave/", {"left_on": "2012-03-31"})
    assert housing.seats.get().left_on == datetime.date(2012, 3, 31)


def test_another_partnerships_membership_is_not_found(partnership, manager, system_user, client_for):
    elsewhere = actions.create_partnership(by=system_user, name="Elsewhere CSP", slug="elsewhere",
                                           local_authority_codes=["E07000116"])
    other = actions.add_organisation(by=system_user, partnership=elsewhere, name="Elsewhere Fire")
    seat = other.seats.get()
    assert client_for(manager).get(f"/p/testvale/directory/members/{seat.pk}/dates/").status_code == 404


def test_the_contact_block_joins_an_address_typed_in_a_form_without_stray_punctuation(partnership, council,
                                                                                       system_user):
    actions.update_partnership(by=system_user, partnership=partnership,
                               address="Testvale Council \r\nGibson Building,\r\n\r\nGibson Drive")
    actions.update_organisation(by=system_user, partnership=partnership, organisation=council,
                                address="Town Hall ,\r\nTestvale TV1 1AA\r\n")
    document, _ = plan_document(plan_actions.create_plan(by=system_user, partnership=partnership, start_year=2025))
    membership = next(s for s in document["sections"] if s["id"] == "membership")
    listed = next(b for b in membership["blocks"] if b["type"] == "list")
    assert listed["items"][0][0]["text"] == "Testvale Council, Gibson Building, Gibson Drive"
    contacts = next(b for b in membership["blocks"] if b["type"] == "contacts")
    assert contacts["entries"][0]["lines"] == ["Town Hall", "Testvale TV1 1AA"]
