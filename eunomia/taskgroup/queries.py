"""A meeting's minutes may name people, so a meeting is seen by its chairing organisation and the
organisations that attended, and the cases on its agenda only as far as each reader may see them."""

from django.db.models import Q

from eunomia.accounts.permissions import organisations_of
from eunomia.casework.queries import may_work_cases
from eunomia.taskgroup.models import Meeting, MeetingAction


def meetings_visible_to(user, partnership):
    if not may_work_cases(user, partnership):
        return Meeting.objects.none()
    orgs = organisations_of(user, partnership)
    return Meeting.objects.filter(Q(owner_organisation_id__in=orgs) | Q(attendees__in=orgs),
                                  partnership=partnership).distinct()


def open_actions_of(user, partnership):
    """Actions given to the reader's organisations and not done yet, oldest due first."""
    orgs = organisations_of(user, partnership)
    return (MeetingAction.objects.filter(meeting__in=meetings_visible_to(user, partnership), organisation_id__in=orgs,
                                         done_on__isnull=True).select_related("meeting", "organisation"))
