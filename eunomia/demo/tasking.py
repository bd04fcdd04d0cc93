"""Harrowdale's tasking and working groups for the demo: last month's and this month's tasking
meetings, with an issue raised by a partner and one from an assessment alert, tasks (one overdue,
one due later, one completed on time), and the ASB and domestic abuse groups' action plans covering
this year's plan actions. Everything goes through the real actions, so it is audited as in use."""

import datetime

from django.utils import timezone

from eunomia.tasking import actions
from eunomia.tasking.alerts import current_alerts
from eunomia.tasking.queries import current_plan


def build_tasking_demo(demo, partnership):
    today = timezone.localdate()
    days = datetime.timedelta
    orgs, csu, manager, housing = demo.orgs, demo.users["csu"], demo.manager, demo.users["housing"]

    last = actions.record_meeting(
        by=csu, partnership=partnership, held_on=today - days(33), chair_organisation=orgs["police"],
        attendees=[orgs["council"], orgs["harrowdale_homes"], orgs["youth"], orgs["fire"]],
        notes="Fly-tipping behind the Market Street shops is getting worse. Harrowdale Homes reports fewer "
              "complaints from Willow Court since the door entry system was repaired.")
    fly_tipping = actions.raise_issue(
        by=csu, meeting=last, organisation=orgs["council"], title="Fly-tipping behind the Market Street shops",
        description="Three loads of builders' waste in the service lane in a fortnight.")
    overdue = actions.set_task(by=csu, meeting=last, organisation=orgs["council"], issue=fly_tipping,
                               due_on=today - days(5),
                               description="Clear the Market Street service lane and put up a camera")
    actions.add_task_update(by=manager, task=overdue, written_on=today - days(20),
                            note="Lane cleared. The camera is ordered; the supplier has not given a date.")
    done = actions.set_task(by=csu, meeting=last, organisation=orgs["harrowdale_homes"], due_on=today - days(12),
                            description="Check the Willow Court door entry system weekly for a month")
    actions.complete_task(by=housing, task=done, completed_on=today - days(14),
                          result="Checked four times; working each time. No new complaints.")

    this = actions.record_meeting(
        by=csu, partnership=partnership, held_on=today - days(3), chair_organisation=orgs["police"],
        attendees=[orgs["council"], orgs["harrowdale_homes"], orgs["youth"]],
        notes="The assessment shows crime rising fastest in the area below; patrols to be stepped up.")
    alerts, _ = current_alerts(partnership)
    if alerts:
        alert = actions.raise_alert(by=csu, meeting=this, alert=alerts[0])
        actions.set_task(by=csu, meeting=this, organisation=orgs["police"], issue=alert, due_on=today + days(25),
                         description=f"Step up evening patrols in {alerts[0]['name']} and report back")
    actions.set_task(by=csu, meeting=this, organisation=orgs["youth"], due_on=today + days(10),
                     description="Offer the Friday youth club to young people gathering on the green")
    _group_plans(demo, partnership, today)


def _group_plans(demo, partnership, today):
    plan = current_plan(partnership)
    by_title = {action.title: action for action in plan.actions.all()} if plan else {}
    days = datetime.timedelta
    asb, da = demo.groups[0], demo.groups[1]
    manager, housing = demo.manager, demo.users["housing"]

    def item(group, title, owner, due_in, action_title=None, updates=()):
        made = actions.add_group_item(by=manager, group=group, title=title, owner_organisation=demo.orgs[owner],
                                      due_on=today + days(due_in), plan_action=by_title.get(action_title))
        for by, status, note, days_ago in updates:
            actions.update_group_item(by=by, item=made, status=status, note=note, written_on=today - days(days_ago))
        return made

    item(asb, "Agree the Task Group's referral form with all partners", "council", -40,
         "Run the ASB Task Group and improve behaviour in its cases",
         [(manager, "complete", "Agreed at the group's meeting and in use.", 21)])
    item(asb, "Review every Task Group case open for more than six months", "police", 60,
         "Run the ASB Task Group and improve behaviour in its cases",
         [(manager, "in_progress", "Eight of twenty cases reviewed.", 6)])
    item(asb, "Train housing officers to refer disputes to mediation", "mediation", 45,
         "Refer neighbour disputes to community mediation",
         [(manager, "in_progress", "First session held with Harrowdale Homes' officers.", 9)])
    item(da, "Survey homes for the sanctuary scheme's first ten referrals", "harrowdale_homes", -10,
         "Fit security measures so victims can stay safely at home",
         [(housing, "in_progress", "Six homes surveyed; four waiting for the victim to agree a date.", 4)])
    item(da, "Agree the sanctuary scheme's referral route with the IDVA service", "brightwater", 30,
         "Fit security measures so victims can stay safely at home")
    actions.add_group_meeting_note(by=manager, group=asb, held_on=today - days(21),
                                   notes="Referral form agreed. The police will review long-running Task Group "
                                         "cases before the next meeting.")
    actions.add_group_meeting_note(by=manager, group=da, held_on=today - days(14),
                                   notes="The sanctuary scheme surveys are behind: Harrowdale Homes to report "
                                         "at the next meeting.")
