"""Records each notification rule reads, made directly with the dates a test needs."""

import datetime

from eunomia.casereview.models import CaseReviewApplication
from eunomia.casework import actions as casework_actions
from eunomia.core.dates import LATEST
from eunomia.domesticabuse.models import MaracArea, MaracMeeting
from eunomia.domesticabuse.models import MeetingAction as MaracAction
from eunomia.figures.models import Figure
from eunomia.jobs.models import Job
from eunomia.risk import actions as risk_actions
from eunomia.risk.models import RiskAssessment
from eunomia.taskgroup.models import Meeting, MeetingAction
from eunomia.tasking.models import Task, TaskingMeeting

# Names of people in these records: no email may carry any of them.
PERSON_FIRST, PERSON_LAST, APPLICANT = "Alexandra", "Quenby", "Jo Bloggsworth"
DESCRIPTIONS = ["Visit Quenby household", "Clear the lane by Quenby's", "Safety plan for Quenby",
                "Case of Quenby", "Quenby complained"]


def person(by, partnership, organisation):
    return casework_actions.add_person(by=by, partnership=partnership, organisation=organisation,
                                       first_name=PERSON_FIRST, last_name=PERSON_LAST)


def risk_assessment(by, partnership, organisation, *, review_on, assessed_by=None):
    who = person(by, partnership, organisation)
    question_set = risk_actions.question_set(partnership, "victim")
    return RiskAssessment.objects.create(person=who, question_set=question_set, answers=[], score=1, band="standard",
                                         assessed_on=review_on - datetime.timedelta(days=90), review_on=review_on,
                                         assessed_by=assessed_by)


def task_group_action(partnership, organisation, *, due_on):
    meeting = Meeting.objects.create(partnership=partnership, owner_organisation=organisation,
                                     held_on=due_on - datetime.timedelta(days=30))
    return MeetingAction.objects.create(meeting=meeting, organisation=organisation, description=DESCRIPTIONS[0],
                                        due_on=due_on)


def tasking_task(partnership, organisation, *, due_on):
    meeting = TaskingMeeting.objects.create(partnership=partnership, held_on=due_on - datetime.timedelta(days=30),
                                            chair_organisation=organisation)
    return Task.objects.create(partnership=partnership, meeting=meeting, organisation=organisation,
                               description=DESCRIPTIONS[1], set_on=meeting.held_on, due_on=due_on)


def marac_action(partnership, organisation, *, due_on):
    area = MaracArea.objects.get_or_create(partnership=partnership, name="Testvale MARAC")[0]
    meeting = MaracMeeting.objects.create(partnership=partnership, marac_area=area,
                                          held_on=due_on - datetime.timedelta(days=30))
    return MaracAction.objects.create(meeting=meeting, owner_organisation=organisation, description=DESCRIPTIONS[2],
                                      due_on=due_on)


def shared_case(by, partnership, owner, other):
    case = casework_actions.open_case(by=by, partnership=partnership, organisation=owner, title=DESCRIPTIONS[3])
    agreement = casework_actions.add_agreement(
        by=by, partnership=partnership, title="Testvale ISA", purpose="Working ASB cases", lawful_basis="public_task",
        parties=[owner, other], starts_on=datetime.date(2020, 1, 1), review_on=LATEST)
    return casework_actions.share_case(by=by, case=case, organisation=other, agreement=agreement)


def handed_case(by, partnership, owner, to):
    case = casework_actions.open_case(by=by, partnership=partnership, organisation=owner, title=DESCRIPTIONS[3])
    return casework_actions.change_lead_officer(by=by, case=case, lead_officer=to)


def job(partnership, user, *, finished_at, status=Job.Status.SUCCEEDED):
    return Job.objects.create(kind="crime.import_police_data", partnership=partnership, created_by=user,
                              status=status, finished_at=finished_at, created_at=finished_at)


def case_review(partnership, organisation, user, *, received_on):
    return CaseReviewApplication.objects.create(partnership=partnership, owner_organisation=organisation,
                                                applicant_name=APPLICANT, received_on=received_on,
                                                description=DESCRIPTIONS[4], created_by=user)


def figure(partnership, organisation, *, period_end, name="hate-crimes"):
    return Figure.objects.create(partnership=partnership, name=name, title="Hate crimes recorded",
                                 definition="Hate crimes recorded by the police", source="Police",
                                 unit="count", counts="events", period_start=period_end - datetime.timedelta(days=364),
                                 period_end=period_end, owner_organisation=organisation)
