"""The operations log's records: each checked and refused in words on the field, date rules at both
edges, one audit event per change and none for a refusal, premises shared across records, and who
may record and change what (a partner practitioner: their own organisation's only)."""

import datetime
import html
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.core.postcodes import PostcodeError, check_postcode
from eunomia.operations import actions, queries
from eunomia.operations import models as ops
from eunomia.partners import actions as partner_actions
from tests.operations.conftest import DAY, TODAY

URL = "/p/testvale/operations"


def counts():
    return (AuditEvent.objects.count(), ops.Premises.objects.count(), ops.TestPurchase.objects.count(),
            ops.SchemeMember.objects.count(), ops.SchemeExclusion.objects.count(), ops.Event.objects.count())


def purchase(by, partnership, owner, premises, made_on=TODAY, result="fail", **extra):
    return actions.record_test_purchase(by=by, partnership=partnership, owner_organisation=owner, premises=premises,
                                        made_on=made_on, product="alcohol", result=result, **extra)


# Postcodes -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, kept", [
    ("hw12ab", "HW1 2AB"), (" SW1A 1AA ", "SW1A 1AA"), ("m1 1ae", "M1 1AE"), ("b33 8th", "B33 8TH"),
    ("cr2 6xh", "CR2 6XH"), ("dn55 1pt", "DN55 1PT"), ("w1a 0ax", "W1A 0AX"), ("ec1a 1bb", "EC1A 1BB"),
])
def test_postcodes_of_every_shape_are_kept_one_way(typed, kept):
    assert check_postcode(typed) == kept


@pytest.mark.parametrize("typed, message", [
    ("", "Enter the postcode"), ("HW1", "The postcode must be a UK postcode, like HW1 2AB"),
    ("QW1 2AB", "The postcode must be a UK postcode, like HW1 2AB"),  # Q never begins a postcode
    ("HW1 2AC", "The postcode must be a UK postcode, like HW1 2AB"),  # C is never in the inward code
    ("12345", "The postcode must be a UK postcode, like HW1 2AB"), ("HW1 2AB X", "The postcode must be a UK "
                                                                                "postcode, like HW1 2AB"),
])
def test_what_is_not_a_postcode_is_refused_in_words(typed, message):
    with pytest.raises(PostcodeError, match=message):
        check_postcode(typed)


# Premises -------------------------------------------------------------------------------------------------

def test_premises_are_added_once_and_used_by_every_kind_of_record(csu, partnership, council, shop, client_for):
    assert (shop.postcode, shop.owner_organisation) == ("TV1 2AB", council)
    event = AuditEvent.objects.filter(action="operations.premises_added").get()
    assert (event.object_id, event.data["postcode"], event.data["owner"]) == (str(shop.pk), "TV1 2AB", council.pk)
    before = counts()
    with pytest.raises(ValidationError) as refused:
        actions.add_premises(by=csu, partnership=partnership, owner_organisation=council, name="corner shop",
                             kind="shop", address="Elsewhere", postcode="TV12AB")
    assert refused.value.message_dict == {
        "name": ["corner shop at TV1 2AB is already recorded: choose it from the list of premises"]}
    assert counts() == before

    bought = purchase(csu, partnership, council, shop)
    visit = actions.record_visit(by=csu, partnership=partnership, owner_organisation=council, premises=shop,
                                 visited_on=TODAY, purpose="routine", findings="All in order")
    scheme = actions.set_up_scheme(by=csu, partnership=partnership, owner_organisation=council, name="Safer Towns",
                                   started_on=TODAY)
    member = actions.add_scheme_member(by=csu, scheme=scheme, premises=shop, joined_on=TODAY)
    linked = queries.records_at(shop)
    assert (list(linked["test_purchases"]), list(linked["visits"]), list(linked["memberships"])) == (
        [bought], [visit], [member])
    page = client_for(csu).get(f"{URL}/premises/{shop.pk}/").content.decode()
    assert f"{URL}/test-purchases/{bought.pk}/" in page and f"{URL}/visits/{visit.pk}/" in page
    assert f"{URL}/schemes/{scheme.pk}/" in page


def test_premises_of_another_partnership_cannot_be_named(csu, partnership, council, other_partnership, system_user):
    elsewhere_org = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="E Org")
    theirs = ops.Premises.objects.create(partnership=other_partnership, owner_organisation=elsewhere_org,
                                         name="Their Shop", kind="shop", address="x", postcode="TV9 9ZZ")
    before = counts()
    with pytest.raises(ValidationError) as refused:
        purchase(csu, partnership, council, theirs)
    assert refused.value.message_dict == {"premises": ["Choose premises recorded in this partnership"]}
    assert counts() == before


# Dates at their edges ---------------------------------------------------------------------------------------

def test_a_test_purchase_dated_today_is_recorded_and_one_dated_tomorrow_is_refused(csu, partnership, council, shop,
                                                                                   client_for):
    assert purchase(csu, partnership, council, shop, made_on=TODAY).made_on == TODAY
    before = counts()
    with pytest.raises(ValidationError) as refused:
        purchase(csu, partnership, council, shop, made_on=TODAY + DAY)
    assert refused.value.message_dict == {"made_on": ["The date of the test purchase must be today or in the past"]}
    response = client_for(csu).post(f"{URL}/test-purchases/new/", {
        "owner_organisation": council.pk, "premises": shop.pk, "made_on": str(TODAY + DAY), "product": "alcohol",
        "result": "fail"})
    assert response.status_code == 400
    assert "The date of the test purchase must be today or in the past" in response.content.decode()
    assert counts() == before


def test_today_is_londons_today_at_half_past_midnight_in_summer_time(time_machine, csu, partnership, council, shop):
    """At 00:30 on 15 June in London it is still 14 June in UTC: the 15th is today, the 16th tomorrow."""
    time_machine.move_to(datetime.datetime(2026, 6, 15, 0, 30, tzinfo=zoneinfo.ZoneInfo("Europe/London")))
    assert purchase(csu, partnership, council, shop, made_on=datetime.date(2026, 6, 15)).made_on == TODAY
    with pytest.raises(ValidationError, match="must be today or in the past"):
        purchase(csu, partnership, council, shop, made_on=datetime.date(2026, 6, 16))


def test_a_scheme_exclusion_is_in_force_on_its_last_day_and_not_the_day_after(csu, partnership, council, client_for):
    scheme = actions.set_up_scheme(by=csu, partnership=partnership, owner_organisation=council, name="Safer Towns",
                                   started_on=TODAY - 400 * DAY)
    exclusion = actions.add_exclusion(by=csu, scheme=scheme, reference="ST-2026-014", starts_on=TODAY - 30 * DAY,
                                      ends_on=TODAY)
    assert not exclusion.is_active_on(TODAY - 31 * DAY) and exclusion.is_active_on(TODAY - 30 * DAY)
    assert exclusion.is_active_on(TODAY) and not exclusion.is_active_on(TODAY + DAY)
    assert list(queries.exclusions_active_on(scheme, TODAY)) == [exclusion]
    assert list(queries.exclusions_active_on(scheme, TODAY + DAY)) == []
    assert "In force" in client_for(csu).get(f"{URL}/schemes/{scheme.pk}/").content.decode()
    # An exclusion of one day ends on the day it starts; one ending the day before it starts is refused.
    actions.add_exclusion(by=csu, scheme=scheme, reference="ST-2026-015", starts_on=TODAY, ends_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        actions.add_exclusion(by=csu, scheme=scheme, reference="ST-2026-016", starts_on=TODAY, ends_on=TODAY - DAY)
    assert refused.value.message_dict == {"ends_on": ["The exclusion cannot end before it starts"]}
    with pytest.raises(ValidationError) as refused:
        actions.add_exclusion(by=csu, scheme=scheme, reference="ST-2026-017", starts_on=TODAY + DAY,
                              ends_on=TODAY + 90 * DAY)
    assert refused.value.message_dict == {"starts_on": ["The first day of the exclusion must be today or in the past"]}


def test_a_scheme_member_counts_on_the_day_it_leaves_and_may_join_again_only_the_day_after(csu, partnership, council,
                                                                                           shop):
    scheme = actions.set_up_scheme(by=csu, partnership=partnership, owner_organisation=council, name="Pubwatch",
                                   started_on=TODAY - 400 * DAY)
    member = actions.add_scheme_member(by=csu, scheme=scheme, premises=shop, joined_on=TODAY - 100 * DAY)
    with pytest.raises(ValidationError, match="Corner Shop is a member already"):
        actions.add_scheme_member(by=csu, scheme=scheme, premises=shop, joined_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        actions.record_leaving(by=csu, member=member, left_on=TODAY - 101 * DAY)
    assert refused.value.message_dict == {"left_on": [f"It cannot have left before it joined, on "
                                                      f"{TODAY - 100 * DAY:%-d %B %Y}"]}
    actions.record_leaving(by=csu, member=member, left_on=TODAY - 10 * DAY)
    assert member.is_member_on(TODAY - 10 * DAY) and not member.is_member_on(TODAY - 9 * DAY)
    assert list(queries.members_on(scheme, TODAY - 10 * DAY)) == [member]
    assert list(queries.members_on(scheme, TODAY - 9 * DAY)) == []
    with pytest.raises(ValidationError) as refused:
        actions.add_scheme_member(by=csu, scheme=scheme, premises=shop, joined_on=TODAY - 10 * DAY)
    assert refused.value.message_dict == {"joined_on": [
        f"Corner Shop was a member until {TODAY - 10 * DAY:%-d %B %Y}: it can join again from the day after"]}
    again = actions.add_scheme_member(by=csu, scheme=scheme, premises=shop, joined_on=TODAY - 9 * DAY)
    assert list(queries.members_on(scheme, TODAY)) == [again]
    with pytest.raises(ValidationError, match="left the scheme on"):
        actions.record_leaving(by=csu, member=member, left_on=TODAY)


def test_payback_completed_the_day_it_was_nominated_is_allowed_and_the_day_before_is_not(csu, partnership, council):
    def payback(**dates):
        return actions.record_payback_project(by=csu, partnership=partnership, owner_organisation=council,
                                              nominated_by=council, site="Mill Lane", hours="12.5", **dates)

    done = payback(nominated_on=TODAY - 5 * DAY, completed_on=TODAY - 5 * DAY)
    assert (done.hours, done.completed_on) == (Decimal("12.5"), TODAY - 5 * DAY)
    with pytest.raises(ValidationError) as refused:
        payback(nominated_on=TODAY - 5 * DAY, completed_on=TODAY - 6 * DAY)
    assert refused.value.message_dict == {"completed_on": [
        "The project cannot have been completed before it was nominated"]}
    with pytest.raises(ValidationError) as refused:
        payback(nominated_on=TODAY, completed_on=TODAY + DAY)
    assert refused.value.message_dict == {"completed_on": ["The date the project was completed must be today or in "
                                                           "the past"]}


@pytest.mark.parametrize("hours, message", [
    ("lots", "Enter the hours as a number, like 37.5"), ("-1", "The hours cannot be fewer than 0"),
    ("12.25", "Enter the hours to one decimal place at most, like 37.5"), ("100000.1", "Enter at most 100,000 hours"),
    ("NaN", "Enter the hours as a number, like 37.5"),
])
def test_payback_hours_are_exact_and_checked(csu, partnership, council, hours, message):
    with pytest.raises(ValidationError) as refused:
        actions.record_payback_project(by=csu, partnership=partnership, owner_organisation=council,
                                       nominated_by=council, site="Mill Lane", nominated_on=TODAY, hours=hours)
    assert refused.value.message_dict == {"hours": [message]}
    with pytest.raises(TypeError):
        actions.record_payback_project(by=csu, partnership=partnership, owner_organisation=council,
                                       nominated_by=council, site="Mill Lane", nominated_on=TODAY, hours=12.5)


def test_an_event_falls_within_its_campaign_from_its_first_day_to_its_last(csu, partnership, council, client_for):
    campaign = actions.start_campaign(by=csu, partnership=partnership, owner_organisation=council, name="Lock it",
                                      starts_on=TODAY - 20 * DAY, ends_on=TODAY - 10 * DAY)

    def event(held_on):
        return actions.record_event(by=csu, partnership=partnership, owner_organisation=council, name="Stall",
                                    held_on=held_on, audience="Shoppers", place="Market", campaign=campaign,
                                    people_attended=40, leaflets=100)

    first, last = event(TODAY - 20 * DAY), event(TODAY - 10 * DAY)
    for outside in (TODAY - 21 * DAY, TODAY - 9 * DAY):
        with pytest.raises(ValidationError) as refused:
            event(outside)
        assert refused.value.message_dict == {"held_on": [
            f"The event must be held during the campaign Lock it, from {TODAY - 20 * DAY:%-d %B %Y} to "
            f"{TODAY - 10 * DAY:%-d %B %Y}"]}
    assert list(campaign.events.order_by("held_on")) == [first, last]
    with pytest.raises(ValidationError) as refused:
        actions.change_campaign(by=csu, record=campaign, name="Lock it", starts_on=TODAY - 19 * DAY,
                                ends_on=TODAY - 10 * DAY)
    assert refused.value.message_dict == {"starts_on": [
        f"The campaign's event Stall on {TODAY - 20 * DAY:%-d %B %Y} would fall outside these dates"]}
    assert queries.campaign_reach(campaign) == {"events": 2, "people": 80, "leaflets": 200, "views": 0}
    page = client_for(csu).get(f"{URL}/campaigns/{campaign.pk}/").content.decode()
    assert "2 events, reaching 80 people in person, with 200 leaflets given out and 0 online views." in page
    assert f"{URL}/events/new/?campaign={campaign.pk}" in page


# No personal data --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("reference", ["John Smith", "Smith", "ST 2026 14", "", "ST-2026-014; drop table"])
def test_an_exclusion_is_recorded_by_the_schemes_reference_never_a_name(csu, partnership, council, reference):
    scheme = actions.set_up_scheme(by=csu, partnership=partnership, owner_organisation=council, name="Safer Towns",
                                   started_on=TODAY)
    with pytest.raises(ValidationError) as refused:
        actions.add_exclusion(by=csu, scheme=scheme, reference=reference, starts_on=TODAY, ends_on=TODAY)
    [message] = refused.value.message_dict["reference"]
    assert "like ST-2026-014" in message and "Never the person's name" in message
    assert not ops.SchemeExclusion.objects.exists()


def test_the_forms_say_that_no_personal_data_belongs_here(csu, client_for, partnership, council):
    scheme = actions.set_up_scheme(by=csu, partnership=partnership, owner_organisation=council, name="Safer Towns",
                                   started_on=TODAY)
    client = client_for(csu)
    for path in ("test-purchases/new/", "visits/new/", "enforcement/new/", "schemes/new/", "campaigns/new/"):
        assert "no names of staff, customers, volunteers or offenders" in client.get(f"{URL}/{path}").content.decode()
    assert "Never the names of the people doing the work" in client.get(f"{URL}/payback/new/").content.decode()
    assert "Count people, do not name them" in client.get(f"{URL}/training/new/").content.decode()
    page = html.unescape(client.get(f"{URL}/schemes/{scheme.pk}/exclusions/new/").content.decode())
    assert "Never the person's name" in page and "Who was excluded stays in the scheme's own records" in page


# Validation through the pages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path, posted, field, message", [
    ("premises/new/", {"name": "", "kind": "shop", "address": "1 Road", "postcode": "TV1 1AB"}, "name",
     "Enter the name the premises trade under"),
    ("premises/new/", {"name": "Shop", "kind": "castle", "address": "1 Road", "postcode": "TV1 1AB"}, "kind",
     "Choose the kind of premises"),
    ("premises/new/", {"name": "Shop", "kind": "shop", "address": "1 Road", "postcode": "XX"}, "postcode",
     "The postcode of the premises must be a UK postcode, like HW1 2AB"),
    ("visits/new/", {"premises": "", "visited_on": "2026-06-01", "purpose": "routine", "findings": "x"}, "premises",
     "Choose the premises"),
    ("visits/new/", {"premises": "shop", "visited_on": "2026-06-01", "purpose": "routine", "findings": " "},
     "findings", "Say what the visit found"),
    ("training/new/", {"topic": "Challenge 25", "held_on": "2026-06-01"}, "attendees_council",
     "Say how many people attended from at least one organisation"),
    ("training/new/", {"topic": "Challenge 25", "held_on": "2026-06-01", "attendees_council": "-3"},
     "attendees_council", "Enter the people from Testvale Council as a whole number, 0 or more"),
    ("payback/new/", {"nominated_by": "council", "site": "Lane", "nominated_on": "2026-06-01", "hours": "lots"},
     "hours", "Enter the hours as a number, like 37.5"),
    ("schemes/new/", {"name": "Safer Towns", "started_on": "1 June"}, "started_on",
     "Enter the date the scheme started as a real date, like 2026-11-24"),
    ("enforcement/new/", {"name": "Lantern", "starts_on": "2026-06-10", "ends_on": "2026-06-09"}, "ends_on",
     "The operation cannot end before it starts"),
    ("campaigns/new/", {"name": "Lock it", "starts_on": "2026-06-10", "ends_on": "2026-06-01"}, "ends_on",
     "The campaign cannot end before it starts"),
    ("events/new/", {"name": "Stall", "held_on": "2026-06-01", "audience": "All", "place": "Market",
                     "leaflets": "many"}, "leaflets", "Enter the leaflets given out as a whole number, like 40"),
    ("events/new/", {"name": "Stall", "held_on": "2026-06-01", "audience": "All", "place": "Market",
                     "people_attended": "99999999999"}, "people_attended",
     "That is more the people who attended than Eunomia can hold: check the number"),
])
def test_bad_records_are_explained_on_their_field_and_nothing_is_saved(csu, council, shop, client_for, path, posted,
                                                                       field, message):
    posted = {"owner_organisation": council.pk, **posted}
    if posted.get("premises") == "shop":
        posted["premises"] = shop.pk
    if posted.get("nominated_by") == "council":
        posted["nominated_by"] = council.pk
    posted = {name.replace("council", str(council.pk)): value for name, value in posted.items()}
    field = field.replace("council", str(council.pk))
    before = counts()
    response = client_for(csu).post(f"{URL}/{path}", posted)
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert message in text
    assert f'href="#id_{field}' in text
    assert counts() == before


def test_training_counts_people_by_organisation_in_the_directory(csu, partnership, council, housing, stranger,
                                                                 client_for):
    response = client_for(csu).post(f"{URL}/training/new/", {
        "owner_organisation": council.pk, "topic": "Challenge 25", "held_on": str(TODAY),
        f"attendees_{council.pk}": "4", f"attendees_{housing.pk}": "2", f"attendees_{stranger.pk}": "9"})
    session = ops.TrainingSession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}/training/{session.pk}/"
    # The stranger is in no partnership's directory of ours: it has no box, and what is posted for it is ignored.
    assert {row.organisation: row.people for row in session.attendance.all()} == {council: 4, housing: 2}
    assert session.attendees == 6
    with pytest.raises(ValidationError) as refused:
        actions.record_training(by=csu, partnership=partnership, owner_organisation=council, topic="x",
                                held_on=TODAY, attendance={stranger: 3})
    assert refused.value.message_dict == {"attendance": [
        "Faraway Trust is not in Testvale Community Safety Partnership's directory: choose an organisation from it"]}


def test_each_change_is_one_audit_event_with_what_changed(csu, partnership, council, shop, pub, client_for):
    bought = purchase(csu, partnership, council, shop, result="pass")
    response = client_for(csu).post(f"{URL}/test-purchases/{bought.pk}/edit/", {
        "premises": pub.pk, "made_on": str(TODAY), "product": "alcohol", "result": "fail", "follow_up": " Letter "})
    assert response.status_code == 302
    bought.refresh_from_db()
    assert (bought.premises, bought.result, bought.follow_up, bought.owner_organisation) == (pub, "fail", "Letter",
                                                                                               council)
    event = AuditEvent.objects.filter(action="operations.test_purchase_changed").get()
    assert event.data["changes"] == {"premises": [shop.pk, pub.pk], "result": ["pass", "fail"],
                                     "follow_up": ["", "Letter"]}
    assert event.actor == csu.email


# Who may record and change ------------------------------------------------------------------------------------

def test_a_partner_practitioner_records_for_their_own_organisation_only(practitioner, partnership, council, housing,
                                                                        shop, client_for):
    client = client_for(practitioner)
    form = client.get(f"{URL}/test-purchases/new/").context["form"]
    assert list(form.fields["owner_organisation"].queryset) == [housing]
    before = counts()
    refused = client.post(f"{URL}/test-purchases/new/", {
        "owner_organisation": council.pk, "premises": shop.pk, "made_on": str(TODAY), "product": "alcohol",
        "result": "fail"})
    assert refused.status_code == 400
    assert "Choose one of the organisations you may record for" in refused.content.decode()
    with pytest.raises(PermissionDenied):
        purchase(practitioner, partnership, council, shop)
    assert counts() == before
    made = client.post(f"{URL}/test-purchases/new/", {
        "owner_organisation": housing.pk, "premises": shop.pk, "made_on": str(TODAY), "product": "alcohol",
        "result": "fail"})
    assert made.status_code == 302
    assert ops.TestPurchase.objects.get().owner_organisation == housing


def test_a_partner_practitioner_cannot_change_another_organisations_record(practitioner, csu, partnership, council,
                                                                           housing, shop, client_for):
    councils = purchase(csu, partnership, council, shop, result="pass")
    homes = purchase(csu, partnership, housing, shop, result="pass")
    scheme = actions.set_up_scheme(by=csu, partnership=partnership, owner_organisation=council, name="Safer Towns",
                                   started_on=TODAY)
    client = client_for(practitioner)
    before = counts()
    edit = {"premises": shop.pk, "made_on": str(TODAY), "product": "tobacco", "result": "fail"}
    assert client.get(f"{URL}/test-purchases/{councils.pk}/edit/").status_code == 403
    assert client.post(f"{URL}/test-purchases/{councils.pk}/edit/", edit).status_code == 403
    assert client.post(f"{URL}/schemes/{scheme.pk}/members/new/", {"premises": shop.pk,
                                                                   "joined_on": str(TODAY)}).status_code == 403
    assert client.post(f"{URL}/schemes/{scheme.pk}/exclusions/new/", {
        "reference": "ST-1", "starts_on": str(TODAY), "ends_on": str(TODAY)}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.change_test_purchase(by=practitioner, record=councils, **{**edit, "premises": shop,
                                                                          "made_on": TODAY})
    councils.refresh_from_db()
    assert (councils.product, councils.result) == ("alcohol", "pass")
    assert counts() == before
    page = client.get(f"{URL}/test-purchases/{councils.pk}/").content.decode()
    assert "Change the test purchase" not in page
    # Their own organisation's record they change.
    assert "Change the test purchase" in client.get(f"{URL}/test-purchases/{homes.pk}/").content.decode()
    assert client.post(f"{URL}/test-purchases/{homes.pk}/edit/", edit).status_code == 302
    homes.refresh_from_db()
    assert (homes.product, homes.result) == ("tobacco", "fail")


def test_readers_read_everything_and_record_nothing(board_member, csu, partnership, council, shop, client_for):
    bought = purchase(csu, partnership, council, shop)
    client = client_for(board_member)
    log = client.get(f"{URL}/")
    assert log.status_code == 200 and "Record a test purchase" not in log.content.decode()
    assert client.get(f"{URL}/test-purchases/{bought.pk}/").status_code == 200
    assert client.get(f"{URL}/test-purchases/new/").status_code == 403
    before = counts()
    assert client.post(f"{URL}/premises/new/", {"owner_organisation": council.pk, "name": "Shop", "kind": "shop",
                                                "address": "x", "postcode": "TV1 1AB"}).status_code == 403
    assert counts() == before


def test_another_partnerships_records_are_not_found(csu, partnership, council, shop, outsider, client_for,
                                                    other_partnership):
    bought = purchase(csu, partnership, council, shop)
    assert client_for(outsider).get(f"{URL}/test-purchases/{bought.pk}/").status_code == 404
    # Its own members, in another partnership's addresses, find nothing either.
    elsewhere = client_for(outsider)
    assert elsewhere.get(f"/p/elsewhere/operations/test-purchases/{bought.pk}/").status_code == 404
    assert elsewhere.post(f"/p/elsewhere/operations/test-purchases/{bought.pk}/edit/", {}).status_code == 404


# The log ------------------------------------------------------------------------------------------------------

def test_the_log_lists_the_latest_records_filters_by_type_and_explains_a_bad_filter(csu, partnership, council, shop,
                                                                                    client_for):
    older = purchase(csu, partnership, council, shop, made_on=TODAY - 3 * DAY)
    visit = actions.record_visit(by=csu, partnership=partnership, owner_organisation=council, premises=shop,
                                 visited_on=TODAY - DAY, purpose="complaint", findings="Noise")
    newer = purchase(csu, partnership, council, shop, made_on=TODAY, result="pass")
    client = client_for(csu)
    everything = client.get(f"{URL}/")
    assert [e.record for e in everything.context["entries"]] == [newer, visit, older]
    only = client.get(f"{URL}/?type=test-purchases")
    assert [e.record for e in only.context["entries"]] == [newer, older]
    assert "<caption class=\"govuk-table__caption govuk-table__caption--m\">Test purchases</caption>" in \
        only.content.decode()
    wrong = client.get(f"{URL}/?type=people")
    assert wrong.status_code == 200 and len(wrong.context["entries"]) == 3
    assert "There is no type of record called that: showing every type" in wrong.content.decode()
    for page in ("0", "-1", "abc", "99"):
        assert client.get(f"{URL}/?type=visits&page={page}").status_code == 200


def test_an_event_form_opened_from_a_campaign_puts_it_in_that_campaign(csu, partnership, council, client_for):
    campaign = actions.start_campaign(by=csu, partnership=partnership, owner_organisation=council, name="Lock it",
                                      starts_on=TODAY - 20 * DAY)
    client = client_for(csu)
    assert client.get(f"{URL}/events/new/?campaign={campaign.pk}").context["form"].initial["campaign"] == campaign.pk
    for wrong in ("abc", "99999999999999999999999", str(campaign.pk + 1)):
        assert "campaign" not in client.get(f"{URL}/events/new/?campaign={wrong}").context["form"].initial
    response = client.post(f"{URL}/events/new/?campaign={campaign.pk}", {
        "owner_organisation": council.pk, "name": "Stall", "held_on": str(TODAY), "campaign": campaign.pk,
        "audience": "Shoppers", "place": "Market", "people_attended": "35"})
    assert response.status_code == 302
    assert ops.Event.objects.get().campaign == campaign


def test_a_record_names_partners_only_from_the_directory(csu, partnership, council, housing, stranger):
    with pytest.raises(ValidationError) as refused:
        actions.record_enforcement_operation(by=csu, partnership=partnership, owner_organisation=council,
                                             name="Lantern", starts_on=TODAY, partners=[housing, stranger])
    assert refused.value.message_dict == {"partners": [
        "Faraway Trust is not in Testvale Community Safety Partnership's directory: choose an organisation from it"]}
    made = actions.record_enforcement_operation(by=csu, partnership=partnership, owner_organisation=council,
                                                name="Lantern", starts_on=TODAY, partners=[housing])
    assert list(made.partners.all()) == [housing]
    assert datetime.date.fromisoformat(AuditEvent.objects.filter(
        action="operations.enforcement_recorded").get().data["starts_on"]) == TODAY
