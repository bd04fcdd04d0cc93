"""One of each tasking record, for the shared tests that visit every URL."""

import datetime

from eunomia.tasking import actions


def tasking_objects(by, partnership, organisation, group, plan_action):
    meeting = actions.record_meeting(by=by, partnership=partnership, held_on=datetime.date(2026, 11, 1),
                                     chair_organisation=organisation, attendees=[])
    task = actions.set_task(by=by, meeting=meeting, organisation=organisation, description="Clear the lane",
                            due_on=datetime.date(2026, 11, 8))
    item = actions.add_group_item(by=by, group=group, title="Leaflets", owner_organisation=organisation,
                                  due_on=datetime.date(2026, 12, 1), plan_action=plan_action)
    return meeting, task, item
