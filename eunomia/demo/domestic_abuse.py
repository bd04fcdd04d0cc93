"""A small invented domestic abuse caseload for the Harrowdale demo, made through the real actions by
the demo IDVA (idva@harrowdale.example, a DA specialist). Every name is made up."""

import datetime

from django.utils import timezone

from eunomia.accounts.models import User
from eunomia.domesticabuse import actions, dash


def _answers(yes):
    return {str(n): "yes" if n <= yes else ("not_known" if n % 5 == 0 else "no")
            for n in range(1, len(dash.QUESTIONS) + 1)}


def build_da_demo(demo, partnership):
    idva = User.objects.get(pk=demo.users["idva"].pk)  # fresh: memberships are read once per user object
    today = timezone.localdate()

    def ago(days):
        return today - datetime.timedelta(days=days)

    area = actions.save_marac_area(by=idva, partnership=partnership, name="Harrowdale MARAC", escalation_incidents=3,
                                   escalation_months=12)
    actions.save_marac_area(by=idva, partnership=partnership, name="Harrowdale North MARAC", escalation_incidents=3,
                            escalation_months=6)

    def person(first, last, sex, born=None, address="", postcode=""):
        return actions.save_person(by=idva, partnership=partnership, first_name=first, last_name=last, sex=sex,
                                   date_of_birth=born and datetime.date(born, 4, 12), address=address,
                                   postcode=postcode)

    jade = person("Jade", "Marlow", "female", 1991, "14 Orchard Row, Harrowdale", "HW2 7QP")
    kyle = person("Kyle", "Marlow", "male", 1988)
    priya = person("Priya", "Kellet", "female", 1984, "Flat 3, Weaver House, Harrowdale", "HW1 2LB")
    gavin = person("Gavin", "Roe", "male")
    owen = person("Owen", "Tasker", "male", 1979, "6 Quarry Lane, Harrowdale", "HW4 9DN")
    stacey = person("Stacey", "Tasker", "female", 1982)

    for days, victim, abuser, what in [
        (200, jade, kyle, "Pushed down the stairs during an argument"),
        (90, jade, kyle, "Phone smashed; threats to kill shouted in the street"),
        (12, jade, kyle, "Attempted strangulation; neighbours called the police"),
        (20, priya, gavin, "Turned up at her workplace and would not leave"),
        (30, owen, stacey, "Bank cards taken; locked out of the house overnight"),
    ]:
        actions.record_incident(by=idva, victim=victim, perpetrator=abuser, occurred_on=ago(days), description=what)

    high = actions.complete_checklist(by=idva, victim=jade, perpetrator=kyle, answers=_answers(16), marac_area=area,
                                      assessed_on=ago(11), incident=jade.incidents_as_victim.first())
    referral = actions.make_referral(by=idva, checklist=high)
    actions.send_referral(by=idva, referral=referral, on=ago(10))
    actions.start_support(by=idva, victim=jade, kind="idva", started_on=ago(10), risk_level_at_start="high")
    orgs = demo.orgs
    meeting = actions.create_meeting(by=idva, partnership=partnership, marac_area=area, held_on=ago(6),
                                     present=[orgs["police"], orgs["brightwater"], orgs["council"], orgs["health"],
                                              orgs["probation"]],
                                     apologies=[orgs["harrowdale_homes"]])
    case = actions.add_case(by=idva, meeting=meeting, referral=referral,
                            information_shared="Police: two call-outs this year. Probation: Kyle Marlow on licence "
                                               "until March. Health: A&E attendance after the latest incident.")
    actions.add_meeting_action(by=idva, meeting=meeting, case=case, owner_organisation=orgs["police"],
                               due_on=ago(2), description="Flag the address for an urgent response to any call")
    actions.add_meeting_action(by=idva, meeting=meeting, case=case, owner_organisation=orgs["council"],
                               due_on=ago(-14), description="Assess Jade Marlow for a move under the reciprocal scheme")
    actions.save_minutes(by=idva, meeting=meeting, minutes="One case heard (Jade Marlow). Actions agreed as listed. "
                                                           "Circulation: MARAC representatives only.")
    actions.add_safety_plan(by=idva, victim=jade, agreed_on=ago(9), review_on=ago(9) + datetime.timedelta(days=28),
                            measures="Locks changed and a panic alarm fitted; a code word agreed with her sister.")

    judged = actions.complete_checklist(by=idva, victim=priya, perpetrator=gavin, answers=_answers(9), marac_area=area,
                                        assessed_on=ago(19), judgement_level="high",
                                        judgement_reasons="Stalking is escalating and she is very frightened.")
    actions.make_referral(by=idva, checklist=judged)  # left as a draft: Gavin's first name is known, his birth not
    actions.start_support(by=idva, victim=priya, kind="idva", started_on=ago(18), risk_level_at_start="high")

    actions.complete_checklist(by=idva, victim=owen, perpetrator=stacey, answers=_answers(5), marac_area=area,
                               assessed_on=ago(28))
    episode = actions.start_support(by=idva, victim=owen, kind="volunteer", started_on=ago(120),
                                    risk_level_at_start="standard")
    actions.end_support(by=idva, episode=episode, ended_on=ago(40), outcome="risk_reduced")
    actions.start_support(by=idva, victim=owen, kind="volunteer", started_on=ago(27), risk_level_at_start="medium")

    actions.refer_to_programme(by=idva, perpetrator=kyle, programme="Harrowdale Choices", referred_on=ago(8),
                               self_referral=False, referred_by="Harrowdale Probation")
    actions.refer_to_programme(by=idva, perpetrator=stacey, programme="Harrowdale Choices", referred_on=ago(25),
                               self_referral=True)
