"""The gazetteer: a place's rules (an address or a postcode, a UPRN of up to 12 digits, one place per
address and postcode and per UPRN in a partnership), finding or recording one (audited, the LSOA
looked up from coordinates), and the known places offered for an address typed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from eunomia.audit.models import AuditEvent
from eunomia.places.actions import find_or_create_place
from eunomia.places.models import Place
from eunomia.places.queries import lsoa_at, matching_places, normalise_address
from tests.places.helpers import IN_EAST, IN_WEST, make_testvale_lsoas


def test_an_address_is_kept_on_one_line():
    assert normalise_address("  Flat 2,\n  Tower   Road \r\n\nTestvale ") == "Flat 2, Tower Road, Testvale"
    assert normalise_address(None) == ""


def test_one_place_per_address_and_postcode_whatever_the_case_and_spacing(partnership, system_user):
    first = find_or_create_place(by=system_user, partnership=partnership, address=" 4  Mill Lane",
                                 postcode="tv12ab")
    assert (first.address, first.postcode, first.lsoa_code) == ("4 Mill Lane", "TV1 2AB", "")
    events = AuditEvent.objects.filter(action="places.place_created")
    assert events.count() == 1 and events.get().data["address"] == "4 Mill Lane"

    again = find_or_create_place(by=system_user, partnership=partnership, address="4 MILL LANE", postcode="TV1 2AB")
    assert again.pk == first.pk and events.count() == 1  # found, not recorded twice, and a find is not audited
    other_postcode = find_or_create_place(by=system_user, partnership=partnership, address="4 Mill Lane",
                                          postcode="TV9 9ZZ")
    postcode_only = find_or_create_place(by=system_user, partnership=partnership, postcode="tv1 2ab")
    assert len({first.pk, other_postcode.pk, postcode_only.pk}) == 3
    assert str(postcode_only) == "TV1 2AB" and str(first) == "4 Mill Lane, TV1 2AB"


def test_the_database_holds_the_rules_too(partnership, other_partnership):
    Place.objects.create(partnership=partnership, address="4 Mill Lane", postcode="TV1 2AB", uprn=100023336956)
    Place.objects.create(partnership=other_partnership, address="4 Mill Lane", postcode="TV1 2AB", uprn=100023336956)
    for bad in (dict(address="4 mill lane", postcode="TV1 2AB"),  # the same address in another case
                dict(address="5 Mill Lane", uprn=100023336956),  # another place with the same UPRN
                dict(address="", postcode=""),  # nowhere
                dict(address="6 Mill Lane", uprn=1_000_000_000_000),  # 13 digits
                dict(address="7 Mill Lane", longitude=-1.0)):  # half a position
        with pytest.raises(IntegrityError), transaction.atomic():
            Place.objects.create(partnership=partnership, **bad)


@pytest.mark.parametrize("uprn", ["12a", "0", "1000000000000", "-5", "1.5", True, "\u00b2"])
def test_a_uprn_that_is_not_one_is_refused_in_words(partnership, system_user, uprn):
    with pytest.raises(ValidationError) as refused:
        find_or_create_place(by=system_user, partnership=partnership, address="4 Mill Lane", uprn=uprn)
    assert refused.value.message_dict == {"uprn": ["The UPRN must be a number of up to 12 digits, like 100023336956"]}
    assert not Place.objects.exists()


@pytest.mark.parametrize("given, field, message", [
    ({}, "address", "Enter the address or the postcode of the place"),
    ({"address": "  \n "}, "address", "Enter the address or the postcode of the place"),
    ({"address": "x" * 501}, "address", "Enter an address of 500 characters or fewer"),
    ({"address": "4 Mill Lane", "longitude": -1.0}, "longitude",
     "Give both the longitude and the latitude, or neither"),
    ({"address": "4 Mill Lane", "longitude": 200, "latitude": 52}, "longitude",
     "The longitude must be from -180 to 180 and the latitude from -90 to 90"),
    ({"address": "4 Mill Lane", "longitude": "west", "latitude": 52}, "longitude",
     "The longitude and latitude must be numbers, like -1.1 and 52.55"),
])
def test_a_place_that_is_not_one_is_refused_naming_the_field(partnership, system_user, given, field, message):
    with pytest.raises(ValidationError) as refused:
        find_or_create_place(by=system_user, partnership=partnership, **given)
    assert refused.value.message_dict == {field: [message]}
    assert not Place.objects.exists() and not AuditEvent.objects.filter(action__startswith="places.").exists()


def test_a_uprn_finds_its_place_and_completes_one_without(partnership, system_user):
    place = find_or_create_place(by=system_user, partnership=partnership, address="4 Mill Lane", postcode="TV1 2AB")
    completed = find_or_create_place(by=system_user, partnership=partnership, address="4 Mill Lane",
                                     postcode="TV1 2AB", uprn="100023336956")
    assert completed.pk == place.pk and Place.objects.get().uprn == 100023336956
    event = AuditEvent.objects.get(action="places.place_completed")
    assert event.data == {"uprn": 100023336956} and event.object_id == str(place.pk)
    # The UPRN wins over an address written another way.
    assert find_or_create_place(by=system_user, partnership=partnership, address="Number Four, Mill Lane",
                                uprn=100023336956).pk == place.pk


def test_the_lsoa_is_looked_up_from_the_coordinates(partnership, system_user):
    make_testvale_lsoas()
    assert (lsoa_at(*IN_WEST), lsoa_at(*IN_EAST), lsoa_at(-2.0, 53.0), lsoa_at(None, None)) == (
        "E01000001", "E01000002", "", "")
    east = find_or_create_place(by=system_user, partnership=partnership, address="9 Oak Road", postcode="TV2 1AA",
                                longitude=IN_EAST[0], latitude=IN_EAST[1])
    assert (east.lsoa_code, AuditEvent.objects.get(action="places.place_created").data["lsoa"]) == (
        "E01000002", "E01000002")
    # A place recorded without coordinates gets its LSOA when they are first given.
    west = find_or_create_place(by=system_user, partnership=partnership, address="1 Ash Close")
    assert west.lsoa_code == ""
    west = find_or_create_place(by=system_user, partnership=partnership, address="1 ash close",
                                longitude=IN_WEST[0], latitude=IN_WEST[1])
    assert Place.objects.get(pk=west.pk).lsoa_code == "E01000001"


def test_places_belong_to_their_partnership(partnership, other_partnership, system_user):
    ours = find_or_create_place(by=system_user, partnership=partnership, address="4 Mill Lane", postcode="TV1 2AB")
    theirs = find_or_create_place(by=system_user, partnership=other_partnership, address="4 Mill Lane",
                                  postcode="TV1 2AB")
    assert ours.pk != theirs.pk
    assert list(matching_places(partnership, address="4 Mill Lane")) == [ours]


def test_known_places_are_offered_for_an_address_or_a_postcode_typed(partnership, system_user):
    def place(address, postcode="", uprn=None):
        return find_or_create_place(by=system_user, partnership=partnership, address=address, postcode=postcode,
                                    uprn=uprn)

    exact = place("4 Mill Lane", "TV1 2AB")
    same_address = place("4 Mill Lane", "TV9 9ZZ")
    neighbour = place("6 Mill Lane", "TV1 2AB")
    street = place("Flat 1, 4 Mill Lane House")
    elsewhere = place("9 Oak Road", "TV2 1AA", uprn=100023336956)

    def offered(**typed):
        return list(matching_places(partnership, **typed))

    assert offered(address="4 mill lane", postcode="tv1 2ab") == [exact, same_address, neighbour, street]
    assert offered(postcode="TV12AB") == [exact, neighbour]
    assert offered(address="TV1 2AB") == [exact, neighbour]  # a postcode typed as the address
    assert offered(address="Mill Lane") == [exact, same_address, neighbour, street]
    assert offered(address="100023336956") == [elsewhere]
    assert offered(address="Nowhere Street", postcode="") == [] and offered() == []
    assert len(list(matching_places(partnership, address="Mill Lane", limit=2))) == 2
