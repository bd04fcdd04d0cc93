"""A few weeks of the Harrowdale CSU's work: reports to the police and to Harrowdale Homes, one
resident reporting again and again, a case shared with the housing provider under the Task Group's
agreement, and last week's Task Group meeting with an overdue action."""

import datetime

from django.utils import timezone

from eunomia.casework import actions as casework
from eunomia.casework.models import CaseParty, SharingAgreement
from eunomia.demo.data import DEMO
from eunomia.taskgroup import actions as taskgroup


def build_casework(demo, partnership):
    today = timezone.localdate()
    police, homes = demo.orgs["police"], demo.orgs["harrowdale_homes"]
    csu, housing = demo.users["csu"], demo.users["housing"]
    people = {p["last_name"]: casework.add_person(
        by=csu, partnership=partnership, organisation=police, first_name=p["first_name"], last_name=p["last_name"],
        date_of_birth=datetime.date(p["born"], 6, 1), flags=p["flags"], address=f"{n + 3} Kingsmead Close",
        postcode="HW3 4KC") for n, p in enumerate(DEMO["people"])}

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
            description=report["description"], address=victim.address, postcode="HW3 4KC", people=named))
    casework.record_report(by=housing, partnership=partnership, organisation=homes, occurred_at=when(8),
                           reported_at=when(7, 10), category="nuisance", source="housing",
                           description="Tenant reports drug dealing in the stairwell of Willow Court",
                           address="Willow Court", postcode="HW3 7LM")
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
