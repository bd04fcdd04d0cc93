"""Notifications' scheduled work (eunomia/upkeep/schedule.py): made, emailed and tidied every five
minutes, which is safe because a run makes and sends nothing twice (ADR 41)."""

from eunomia.notifications import actions
from eunomia.upkeep.schedule import Every, scheduled


@scheduled("notifications.send", title="Make the notifications due, email them (or the daily digest), delete old ones",
           every=Every(minutes=5))
def send_notifications():
    return actions.said(*actions.run())
