"""The data migration that gave existing reports their places (casework 0014) and existing premises
theirs (operations 0002), run on reports written as they were before places: one place per address
(any case and spacing) and postcode in each partnership, with the first coordinates and LSOA its
reports hold; a case whose reports are all at one place gets it. (django-test-migrations is not
installed: the migration's function is run on today's models, which have the same fields.)"""

import importlib

from django.apps import apps
from django.utils import timezone

from eunomia.casework import actions as casework
from eunomia.casework.models import Case, Report
from eunomia.operations.models import Premises
from eunomia.partners import actions as partner_actions
from eunomia.places.models import Place

reports_migration = importlib.import_module("eunomia.casework.migrations.0014_places_from_reports")
premises_migration = importlib.import_module("eunomia.operations.migrations.0002_premises_place")


def _report_before_places(by, partnership, organisation, address, postcode, **extra):
    """A report as one was before places: recorded, then its place taken away."""
    now = timezone.now()
    report = casework.record_report(by=by, partnership=partnership, organisation=organisation, occurred_at=now,
                                    reported_at=now, category="noise", source="phone", description="Music",
                                    address=address, postcode=postcode)
    Report.objects.filter(pk=report.pk).update(place=None, address=address, postcode=postcode, **extra)
    return Report.objects.get(pk=report.pk)


def test_existing_reports_and_cases_get_their_places(partnership, other_partnership, council, system_user):
    from_partnership = [
        _report_before_places(system_user, partnership, council, "4 Mill Lane", "TV1 2AB"),
        _report_before_places(system_user, partnership, council, " 4  MILL LANE ", "tv12ab", longitude=-1.015,
                              latitude=52.505, lsoa_code="E01000001"),
        _report_before_places(system_user, partnership, council, "4 Mill Lane", "TV9 9ZZ"),
        _report_before_places(system_user, partnership, council, "", ""),
        _report_before_places(system_user, partnership, council, "", "TV1 2AB"),
    ]
    mill, mill_again, other_postcode, nowhere, postcode_only = from_partnership
    one_place = casework.open_case(by=system_user, partnership=partnership, organisation=council, title="Mill Lane",
                                   reports=[mill, mill_again])
    two_places = casework.open_case(by=system_user, partnership=partnership, organisation=council, title="Two",
                                    reports=[mill, other_postcode])
    Case.objects.update(place=None)
    Place.objects.all().delete()

    reports_migration.places_from_reports(apps, None)

    places = {(p.address, p.postcode): p for p in Place.objects.filter(partnership=partnership)}
    assert set(places) == {("4 Mill Lane", "TV1 2AB"), ("4 Mill Lane", "TV9 9ZZ"), ("", "TV1 2AB")}
    first = places["4 Mill Lane", "TV1 2AB"]
    assert (first.longitude, first.latitude, first.lsoa_code) == (-1.015, 52.505, "E01000001")
    placed = dict(Report.objects.filter(partnership=partnership).values_list("pk", "place_id"))
    assert placed == {mill.pk: first.pk, mill_again.pk: first.pk,
                      other_postcode.pk: places["4 Mill Lane", "TV9 9ZZ"].pk, nowhere.pk: None,
                      postcode_only.pk: places["", "TV1 2AB"].pk}
    # Reports keep what was written.
    assert Report.objects.get(pk=mill_again.pk).address == " 4  MILL LANE "
    assert dict(Case.objects.values_list("pk", "place_id")) == {one_place.pk: first.pk, two_places.pk: None}

    # Run again (or after a partial run), nothing changes; back, the reports point at no place.
    reports_migration.places_from_reports(apps, None)
    assert Place.objects.count() == 3
    reports_migration.unlink(apps, None)
    assert not Report.objects.exclude(place=None).exists() and not Case.objects.exclude(place=None).exists()


def test_the_same_address_in_two_partnerships_is_two_places(partnership, other_partnership, council, system_user):
    elsewhere = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Far Council")
    ours = _report_before_places(system_user, partnership, council, "4 Mill Lane", "TV1 2AB")
    theirs = _report_before_places(system_user, other_partnership, elsewhere, "4 Mill Lane", "TV1 2AB")
    Place.objects.all().delete()
    reports_migration.places_from_reports(apps, None)
    ours, theirs = Report.objects.get(pk=ours.pk), Report.objects.get(pk=theirs.pk)
    assert ours.place.partnership == partnership and theirs.place.partnership == other_partnership


def test_existing_premises_get_their_places(partnership, council, system_user):
    shop = Premises.objects.create(partnership=partnership, owner_organisation=council, name="Corner Shop",
                                   kind="shop", address="12 High Street\nTestvale", postcode="TV1 1AA")
    known = Place.objects.create(partnership=partnership, address="12 High Street, Testvale", postcode="TV1 1AA")
    pub = Premises.objects.create(partnership=partnership, owner_organisation=council, name="The Bell", kind="pub",
                                  address="1 Church Street", postcode="TV1 1AB")
    premises_migration.places_of_premises(apps, None)
    shop.refresh_from_db()
    pub.refresh_from_db()
    assert shop.place == known
    assert (pub.place.address, pub.place.postcode) == ("1 Church Street", "TV1 1AB")
    premises_migration.unlink(apps, None)
    assert not Premises.objects.exclude(place=None).exists()
