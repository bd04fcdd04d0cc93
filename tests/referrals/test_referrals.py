"""Referrals: the date rules, the status steps, who sees which referral (a person the reader may not
see is a 404), every page and change audited, and the figures for the plan."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.figures.registry import get_measure
from eunomia.referrals import actions
from eunomia.referrals.models import Referral

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(partnership, council, housing, make_member, outsider):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    analyst = make_member("analyst", partnership, council)
    person = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                                 last_name="Ellis")
    return locals()


def refer(w, referred_on, service="mediation"):
    return actions.refer(by=w["csu"], person=w["person"], organisation=w["council"], service=service,
                         referred_on=referred_on)


def test_decisions_cannot_come_before_the_referral_or_in_the_future(world):
    today = timezone.localdate()
    referral = refer(world, today - 5 * DAY)
    for day, message in ((today - 6 * DAY, "before the referral was made"), (today + DAY, "today or in the past")):
        for status in ("accepted", "declined"):
            with pytest.raises(ValidationError, match=message):
                actions.update_status(by=world["csu"], referral=referral, status=status, on=day)
    referral.refresh_from_db()
    assert (referral.status, referral.decided_on) == ("made", None)
    # The day of the referral itself is allowed.
    actions.update_status(by=world["csu"], referral=referral, status="accepted", on=today - 5 * DAY)
    referral.decided_on = today - 3 * DAY  # as if accepted two days after the referral
    with pytest.raises(ValidationError, match="before the referral was accepted"):
        actions.update_status(by=world["csu"], referral=referral, status="completed", on=today - 4 * DAY)
    referral.refresh_from_db()
    actions.update_status(by=world["csu"], referral=referral, status="completed", on=today, outcome="Agreed terms")
    referral.refresh_from_db()
    assert (referral.status, referral.decided_on, referral.completed_on, referral.outcome) == (
        "completed", today - 5 * DAY, today, "Agreed terms")
    with pytest.raises(ValidationError, match="nothing: it is closed"):
        actions.update_status(by=world["csu"], referral=referral, status="accepted", on=today)
    assert list(AuditEvent.objects.filter(action="referrals.status_changed").values_list("data__to", flat=True)) == [
        "accepted", "completed"]


def test_bad_referrals_are_refused(world):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="today or in the past"):
        refer(world, today + DAY)
    with pytest.raises(ValidationError, match="Say which service"):
        refer(world, today, service="other")
    with pytest.raises(ValidationError, match="Choose a service"):
        refer(world, today, service="astrology")
    referral = refer(world, today)
    with pytest.raises(ValidationError, match="can become accepted, declined"):
        actions.update_status(by=world["csu"], referral=referral, status="completed", on=today)
    assert Referral.objects.count() == 1


def test_referring_through_the_pages_is_audited_and_errors_answer_400(world, client_for):
    w = world
    client = client_for(w["csu"])
    person_page = client.get(f"/p/testvale/casework/people/{w['person'].pk}/").content.decode()
    url = f"/p/testvale/referrals/people/{w['person'].pk}/new/"
    assert url in person_page
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.latest("id").action == "referrals.form_viewed"
    response = client.post(url, {"service": "", "referred_on": "2026-11-01"})
    assert response.status_code == 400 and "Choose the service the person is referred to" in response.content.decode()
    tomorrow = (timezone.localdate() + DAY).isoformat()
    response = client.post(url, {"service": "mediation", "referred_on": tomorrow})
    assert response.status_code == 400 and "today or in the past" in response.content.decode()
    assert not Referral.objects.exists()

    response = client.post(url, {"service": "victim_support", "referred_on": "2026-11-01"})
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/p/testvale/referrals/{referral.pk}/"
    assert (referral.made_by, referral.created_by) == (w["council"], w["csu"])
    assert AuditEvent.objects.filter(action="referrals.referred", object_id=str(referral.pk)).exists()

    detail = f"/p/testvale/referrals/{referral.pk}/"
    response = client.post(detail, {"status": "accepted", "on": "2026-10-31"})
    assert response.status_code == 400 and "before the referral was made" in response.content.decode()
    assert client.post(detail, {"status": "accepted", "on": "2026-11-02"}).status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decided_on) == ("accepted", datetime.date(2026, 11, 2))
    before = AuditEvent.objects.count()
    for page, action in ((detail, "referrals.viewed"), ("/p/testvale/referrals/", "referrals.listed")):
        html = client.get(page).content.decode()
        assert "Dana Ellis" in html and AuditEvent.objects.latest("id").action == action
    assert AuditEvent.objects.count() == before + 2
    assert AuditEvent.objects.latest("id").data["ids"] == [referral.pk]


def test_referrals_of_people_the_reader_may_not_see_are_not_found(world, client_for, outsider, partnership):
    w = world
    referral = refer(w, timezone.localdate())
    theirs = casework.add_person(by=w["practitioner"], partnership=partnership, organisation=w["housing"],
                                 first_name="Robin", last_name="Hale")
    actions.refer(by=w["practitioner"], person=theirs, organisation=w["housing"], service="family_support")
    housing = client_for(w["practitioner"])
    for url in (f"/p/testvale/referrals/{referral.pk}/", f"/p/testvale/referrals/people/{w['person'].pk}/new/"):
        assert housing.get(url).status_code == 404, url
        assert client_for(outsider).get(url).status_code == 404, url
        assert client_for(w["analyst"]).get(url).status_code == 403, url
    assert housing.post(f"/p/testvale/referrals/{referral.pk}/", {"status": "declined",
                                                                  "on": timezone.localdate()}).status_code == 404
    html = housing.get("/p/testvale/referrals/").content.decode()
    assert "Robin Hale" in html and "Dana Ellis" not in html
    referral.refresh_from_db()
    assert referral.status == "made"


def test_figures_count_referrals_by_service_and_accepted(world, partnership, housing, make_member):
    w = world
    period = dict(partnership=partnership, period_start=datetime.date(2026, 10, 1),
                  period_end=datetime.date(2026, 10, 31))
    inside = refer(w, datetime.date(2026, 10, 1))
    refer(w, datetime.date(2026, 10, 31), service="youth_inclusion")
    refer(w, datetime.date(2026, 9, 30))  # before the period
    declined = refer(w, datetime.date(2026, 10, 5))
    late = refer(w, datetime.date(2026, 10, 20))
    actions.update_status(by=w["csu"], referral=inside, status="accepted", on=datetime.date(2026, 10, 3))
    actions.update_status(by=w["csu"], referral=inside, status="completed", on=datetime.date(2026, 10, 9))
    actions.update_status(by=w["csu"], referral=declined, status="declined", on=datetime.date(2026, 10, 6))
    actions.update_status(by=w["csu"], referral=late, status="accepted", on=datetime.date(2026, 11, 1))

    by_service = get_measure("referrals.by_service")
    assert by_service.evaluate(**period, params={"service": "all"}) == 4
    assert by_service.evaluate(**period, params={"service": "mediation"}) == 3
    assert by_service.evaluate(**period, params={"service": "mental_health"}) == 0
    # Accepted in October: `inside` (completed since); not `late`, accepted in November.
    assert get_measure("referrals.accepted").evaluate(**period, params={}) == 1
