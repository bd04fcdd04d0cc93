"""The operations log in the API: every type listed (the latest first, in pages) and recorded
through the pages' actions and permissions. A reader lists and may not record (403); a partner
practitioner records for their own organisation only (403 for another's, nothing saved); bad input is
a 400 naming the field in the pages' words; another partnership's member gets a 404."""

import pytest

from eunomia.audit.models import AuditEvent
from eunomia.operations import actions
from eunomia.operations import models as ops
from tests.operations.conftest import DAY, TODAY

API = "/api/v1/partnerships/testvale/operations"
JSON = "application/json"


def post(client, path, body):
    return client.post(f"{API}/{path}/", body, content_type=JSON)


@pytest.fixture
def scheme(csu, partnership, council):
    return actions.set_up_scheme(by=csu, partnership=partnership, owner_organisation=council, name="Safer Towns",
                                 started_on=TODAY - 100 * DAY)


@pytest.fixture
def bodies(council, housing, shop, scheme, plans):
    """A good body for each type, as the API takes it."""
    priority = plans["current"].priorities.first()
    return {
        "premises": {"name": "Late Kitchen", "kind": "restaurant", "address": "9 Bridge Street",
                     "postcode": "tv1 1ea"},
        "test-purchases": {"premises": shop.pk, "made_on": str(TODAY), "product": "vapes", "result": "fail",
                           "follow_up": "Advice visit"},
        "premises-visits": {"premises": shop.pk, "visited_on": str(TODAY), "purpose": "complaint",
                            "findings": "Noise at closing time"},
        "training-sessions": {"topic": "Challenge 25", "held_on": str(TODAY),
                              "attendance": [{"organisation": council.pk, "people": 4},
                                             {"organisation": housing.pk, "people": 2}]},
        "payback-projects": {"nominated_by": housing.pk, "site": "Willow Court garages", "nominated_on": str(TODAY),
                             "hours": "37.5"},
        "schemes": {"name": "Pubwatch", "started_on": str(TODAY)},
        "scheme-members": {"scheme": scheme.pk, "premises": shop.pk, "joined_on": str(TODAY)},
        "scheme-exclusions": {"scheme": scheme.pk, "reference": "ST-2026-014", "starts_on": str(TODAY),
                              "ends_on": str(TODAY + 90 * DAY)},
        "enforcement-operations": {"name": "Operation Lantern", "starts_on": str(TODAY), "partners": [housing.pk],
                                   "results": "3 bikes seized"},
        "campaigns": {"name": "Lock it", "starts_on": str(TODAY), "priority": priority.pk},
        "events": {"name": "Stall", "held_on": str(TODAY), "audience": "Shoppers", "place": "Market",
                   "partners": [council.pk], "people_attended": 40, "leaflets": 120, "priority": priority.pk},
    }


def test_every_type_is_recorded_and_listed_through_the_pages_actions(csu, fast_client_for, bodies, council, housing,
                                                                     shop):
    client = fast_client_for(csu)
    for path, body in bodies.items():
        before = AuditEvent.objects.count()
        response = post(client, path, body)
        assert response.status_code == 201, (path, response.content)
        # New premises are at a new place in the gazetteer, audited too (ADR 70).
        assert AuditEvent.objects.count() == before + (2 if path == "premises" else 1), path
        made = response.json()
        listed = client.get(f"{API}/{path}/").json()
        assert made["id"] in [row["id"] for row in listed["results"]], path
    premises = ops.Premises.objects.get(name="Late Kitchen")
    assert (premises.postcode, premises.owner_organisation) == ("TV1 1EA", council)  # the caller's organisation
    session = client.get(f"{API}/training-sessions/").json()["results"][0]
    assert (session["attendees"], [(a["organisation"], a["people"]) for a in session["attendance"]]) == (
        6, [("Testvale Council", 4), ("Testvale Homes", 2)])
    payback = client.get(f"{API}/payback-projects/").json()["results"][0]
    assert (payback["hours"], payback["nominated_by"]) == ("37.5", "Testvale Homes")
    assert client.get(f"{API}/test-purchases/").json()["results"][0]["result"] == "fail"


def test_lists_come_the_latest_first_in_pages(csu, partnership, council, shop, fast_client_for):
    for days in (3, 1, 2):
        actions.record_test_purchase(by=csu, partnership=partnership, owner_organisation=council, premises=shop,
                                     made_on=TODAY - days * DAY, product="alcohol", result="pass")
    client = fast_client_for(csu)
    answer = client.get(f"{API}/test-purchases/?limit=2").json()
    assert answer["count"] == 3 and answer["next"]
    assert [row["made_on"] for row in answer["results"]] == [str(TODAY - DAY), str(TODAY - 2 * DAY)]


def test_a_reader_lists_but_does_not_record(board_member, fast_client_for, bodies):
    client = fast_client_for(board_member)
    before = AuditEvent.objects.count()
    for path, body in bodies.items():
        assert client.get(f"{API}/{path}/").status_code == 200, path
        assert post(client, path, body).status_code == 403, path
    assert AuditEvent.objects.count() == before


def test_a_partner_practitioner_records_only_for_their_own_organisation(practitioner, fast_client_for, bodies,
                                                                        council, housing, scheme):
    client = fast_client_for(practitioner)
    before = (AuditEvent.objects.count(), ops.TestPurchase.objects.count())
    refused = post(client, "test-purchases", {**bodies["test-purchases"], "owner_organisation": council.pk})
    assert refused.status_code == 403
    # The council's scheme: its members and exclusions are the council's to add.
    assert post(client, "scheme-members", bodies["scheme-members"]).status_code == 403
    assert post(client, "scheme-exclusions", bodies["scheme-exclusions"]).status_code == 403
    assert (AuditEvent.objects.count(), ops.TestPurchase.objects.count()) == before
    made = post(client, "test-purchases", bodies["test-purchases"])
    assert made.status_code == 201 and made.json()["owner_organisation"] == "Testvale Homes"


@pytest.mark.parametrize("path, change, field, message", [
    ("premises", {"postcode": "nowhere"}, "postcode", "The postcode of the premises must be a UK postcode, like "
                                                      "HW1 2AB"),
    ("premises", {"kind": "castle"}, "kind", "Choose the kind of premises"),
    ("test-purchases", {"made_on": str(TODAY + DAY)}, "made_on",
     "The date of the test purchase must be today or in the past"),
    ("test-purchases", {"premises": 999999}, "premises", "Choose premises recorded in this partnership"),
    ("test-purchases", {"result": "maybe"}, "result",
     "Choose the result: pass if the sale was refused, fail if the product was sold"),
    ("test-purchases", {"owner_organisation": 999999}, "owner_organisation",
     "Choose one of the partnership's member organisations"),
    ("training-sessions", {"attendance": []}, "attendance",
     "Say how many people attended from at least one organisation"),
    ("payback-projects", {"hours": "NaN"}, "hours", "Enter the hours as a number, like 37.5"),
    ("payback-projects", {"hours": "12.25"}, "hours", "Enter the hours to one decimal place at most, like 37.5"),
    ("scheme-exclusions", {"reference": "Jane Doe"}, "reference",
     "The reference must be the scheme's own reference, like ST-2026-014: letters, numbers, hyphens and slashes, "
     "with at least one number. Never the person's name"),
    ("scheme-exclusions", {"ends_on": str(TODAY - DAY)}, "ends_on", "The exclusion cannot end before it starts"),
    ("events", {"partners": [999999]}, "partners", "Choose organisations from the partnership's directory"),
    ("events", {"colour": "red"}, "colour",
     "There is no field colour: the fields are owner_organisation, name, held_on, campaign, audience, place, "
     "partners, materials, people_attended, leaflets, online_views, priority"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(csu, fast_client_for, bodies, path, change,
                                                                    field, message):
    before = AuditEvent.objects.count()
    response = post(fast_client_for(csu), path, {**bodies[path], **change})
    assert response.status_code == 400, response.content
    assert message in response.json()[field]
    assert AuditEvent.objects.count() == before


def test_another_partnerships_member_finds_nothing(outsider, fast_client_for, bodies):
    client = fast_client_for(outsider)
    for path, body in bodies.items():
        assert client.get(f"{API}/{path}/").status_code == 404
        assert post(client, path, body).status_code == 404
