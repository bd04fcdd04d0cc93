"""Harrowdale's ASB case reviews (ADR 63): the CSU (hosted by the police) receives the applications made
online; Maureen Tolley's daughter has applied for her through the public form today, listing the three
incidents Maureen reported to the police and one she did not report, and the CSU has matched it to the
three reports but not yet decided, so the decision's deadline shows on the list. Last plan year's one
review, met and held with recommendations, gives the public page figures to show."""

import datetime

from django.utils import timezone

from eunomia.casereview import actions
from eunomia.casework.models import Report
from eunomia.core.dates import add_months
from eunomia.core.periods import plan_period


def build_casereview_public(demo, partnership):
    csu, police = demo.users["csu"], demo.orgs["police"]
    actions.save_procedure(by=demo.manager, partnership=partnership, organisation=police, decision_days=10,
                           review_days=20, outcome_days=10)
    _last_years_review(demo, partnership)

    today = timezone.localdate()
    reports = list(Report.objects.filter(partnership=partnership, people_links__person__last_name="Tolley")
                   .order_by("reported_at"))

    def listed(report, what, reference=""):
        happened = timezone.localdate(report.occurred_at)
        return {"occurred_on": happened, "what_happened": what, "reported_to": ["police"], "reported_to_other": "",
                "reported_on": timezone.localdate(report.reported_at), "reference_given": reference,
                "hate_motivated": False}

    incidents = [
        listed(reports[0], "A group of young people on the green outside Mum's flat until after midnight, "
                           "shouting and banging on the window.", reference="HW-0412"),
        listed(reports[1], "Eggs thrown at her front door. They shouted names through the letterbox."),
        {"occurred_on": today - datetime.timedelta(days=10), "what_happened": "Rubbish pushed through the "
         "letterbox. She did not report it: she was too frightened to call.", "reported_to": [],
         "reported_to_other": "", "reported_on": None, "reference_given": "", "hate_motivated": False},
        listed(reports[2], "Footballs kicked against her windows all afternoon, and abuse when she asked them "
                           "to stop."),
    ]
    application = actions.receive_public_application(
        partnership=partnership, applying_for="someone_else", sender_name="Karen Tolley",
        victim_name="Maureen Tolley", relationship="Her daughter", consent_confirmed=True,
        email="karen.tolley@example.org", phone="07700 900461", address="3 Kingsmead Close", postcode="HW3 4KC",
        description="Mum has reported this to the police again and again and it keeps happening. She is in her "
                    "eighties and frightened to go out. I would like someone to look at what has been done and "
                    "what else can be done.",
        incidents=incidents, equality={"sex": "female", "age_band": "55_64", "ethnicity": "white_british"})
    actions.match_reports(by=csu, application=application, reports=reports, offered=reports)
    return application


def _last_years_review(demo, partnership):
    """One application last plan year, through to its review meeting and outcome."""
    start, _end = plan_period(demo.current - 1, partnership.year_start_month)
    received = add_months(start, 5)
    csu = demo.users["csu"]
    application = actions.receive_application(
        by=csu, partnership=partnership, organisation=demo.orgs["police"], received_on=received,
        applicant_name="A resident of Willow Court",
        description="Drug dealing in the stairwell reported many times to the police and to Harrowdale Homes.")
    actions.record_decision(by=csu, application=application, threshold_met=True,
                            decided_on=received + datetime.timedelta(days=8))
    actions.record_meeting(by=csu, application=application, meeting_on=received + datetime.timedelta(days=30),
                           recommendations="A closure order on the empty flat; CCTV in the stairwell; a named "
                                           "contact at Harrowdale Homes for the residents.",
                           outcome_sent_on=received + datetime.timedelta(days=35))
    actions.close_application(by=csu, application=application, closed_on=received + datetime.timedelta(days=60))
