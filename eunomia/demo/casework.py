"""A few weeks of the Harrowdale CSU's work: reports to the police and to Harrowdale Homes, one
resident reporting again and again, a case shared with the housing provider under the Task Group's
agreement, and last week's Task Group meeting with an overdue action. The reports' places are in the
gazetteer with coordinates in Copley Ford's LSOAs (ADR 70): the resident's home and Willow Court,
where Harrowdale Homes had three reports in three months, are repeat locations today."""

import datetime

from django.utils import timezone

from eunomia.casework import actions as casework
from eunomia.casework.models import CaseParty, SharingAgreement
from eunomia.demo import area
from eunomia.demo.data import DEMO
from eunomia.geography.models import Area
from eunomia.places import actions as places
from eunomia.taskgroup import actions as taskgroup

KINGSMEAD, WILLOW_COURT = ("Kingsmead Close", "HW3 4KC"), ("Willow Court", "HW3 7LM")
# Harrowdale Homes' reports of the stairwell at Willow Court: (days ago it happened, what happened).
WILLOW_COURT_REPORTS = [(66, "Needles left in the stairwell of Willow Court"),
                        (29, "Door to the bin store of Willow Court forced again; people sleeping in the stairwell"),
                        (4, "Tenant reports drug dealing in the stairwell of Willow Court")]


def _locate_places(by, partnership, house_numbers):
    """Kingsmead Close's houses and Willow Court in the gazetteer, with coordinates a few metres apart
    inside two of Copley Ford's LSOAs (the ward where ASB is rising), so their reports are on the hot
    spots map. Without the demo's boundaries (never, but a partial build) they are left unlocated."""
    centres = list(Area.objects.filter(type=Area.Type.LSOA, lad__code=area.LAD_CODE, ward__name=area.ASB_RISING_WARD)
                   .order_by("code").values_list("centroid_longitude", "centroid_latitude")[:2])
    if len(centres) < 2:
        return
    (kx, ky), (wx, wy) = centres
    for n in house_numbers:
        places.find_or_create_place(by=by, partnership=partnership, address=f"{n} {KINGSMEAD[0]}",
                                    postcode=KINGSMEAD[1], longitude=kx + n * 0.0002, latitude=ky)
    places.find_or_create_place(by=by, partnership=partnership, address=WILLOW_COURT[0], postcode=WILLOW_COURT[1],
                                longitude=wx, latitude=wy)


def build_casework(demo, partnership):
    today = timezone.localdate()
    police, homes = demo.orgs["police"], demo.orgs["harrowdale_homes"]
    csu, housing = demo.users["csu"], demo.users["housing"]
    _locate_places(csu, partnership, [n + 3 for n in range(len(DEMO["people"]))])
    people = {p["last_name"]: casework.add_person(
        by=csu, partnership=partnership, organisation=police, first_name=p["first_name"], last_name=p["last_name"],
        date_of_birth=datetime.date(p["born"], 6, 1), flags=p["flags"], address=f"{n + 3} {KINGSMEAD[0]}",
        postcode=KINGSMEAD[1]) for n, p in enumerate(DEMO["people"])}

    def when(days_ago, hour=21):
        return timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days_ago),
                                                             datetime.time(hour)))

    reports = []
    for report in DEMO["casework_reports"]:
        victim = people[report["victim"]]
        named = [(victim, "victim"), (people["Benson"], "perpetrator")] if report["victim"] == "Tolley" else [
            (victim, "victim")]
        reports.append(casework.record_report(
            by=csu, partnership=partnership, organisation=police, occurred_at=when(report["days_ago"]),
            reported_at=when(report["days_ago"], 22), category=report["category"], source="police",
            description=report["description"], address=victim.address, postcode=KINGSMEAD[1], people=named))
    for days_ago, description in WILLOW_COURT_REPORTS:
        casework.record_report(by=housing, partnership=partnership, organisation=homes, occurred_at=when(days_ago),
                               reported_at=when(days_ago - 1, 10), category="nuisance", source="housing",
                               description=description, address=WILLOW_COURT[0], postcode=WILLOW_COURT[1])
    case = casework.open_case(by=csu, partnership=partnership, organisation=police,
                              title="Kingsmead Close: youths targeting an older resident", reports=reports[:3],
                              opened_on=today - datetime.timedelta(days=18))
    CaseParty.objects.create(case=case, person=people["Tolley"], role="victim")
    CaseParty.objects.create(case=case, person=people["Benson"], role="perpetrator")
    agreement = SharingAgreement.objects.create(
        partnership=partnership, title="Harrowdale ASB Task Group information sharing agreement",
        purpose="Sharing information on ASB cases to protect victims and agree actions with perpetrators",
        lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK, starts_on=datetime.date(today.year - 2, 4, 1),
        review_on=datetime.date(today.year + 1, 3, 31))
    agreement.parties.set([police, homes, demo.orgs["council"], demo.orgs["kestrel"]])
    casework.share_case(by=csu, case=case, organisation=homes, agreement=agreement)
    meeting = taskgroup.create_meeting(by=csu, partnership=partnership, organisation=police,
                                       held_on=today - datetime.timedelta(days=7), title="ASB Task Group",
                                       attendees=[homes], cases=[case])
    taskgroup.save_minutes(by=csu, meeting=meeting, minutes="Kingsmead Close discussed. Harrowdale Homes to visit "
                           "the family of the young person; police to increase patrols on the green.")
    taskgroup.add_action(by=csu, meeting=meeting, organisation=homes, due_on=today + datetime.timedelta(days=7),
                         description="Home visit to the young person's family with a warning letter", case=case)
    taskgroup.add_action(by=csu, meeting=meeting, organisation=police, due_on=today - datetime.timedelta(days=2),
                         description="Patrols on the green in the evenings for two weeks", case=case)
