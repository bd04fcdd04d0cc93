"""What the plan reports of the ASB Task Group: the people it dealt with, as counts."""

from eunomia.casework.models import CaseParty, Role
from eunomia.figures.models import Unit
from eunomia.figures.registry import measure
from eunomia.taskgroup.models import Meeting

AGE_GROUPS = [("young", "Young people (under 18)"), ("adult", "Adults (18 and over)"), ("unknown", "Age not recorded")]


@measure("taskgroup.people_dealt_with", title="People dealt with by the ASB Task Group", unit=Unit.COUNT,
         source="Eunomia: ASB Task Group meetings and the cases discussed at them",
         definition="Number of different people named as alleged perpetrators in cases discussed at ASB Task Group "
                    "meetings held in the figure's period, who were {group} on the date of the first such meeting.",
         params={"group": AGE_GROUPS})
def people_dealt_with(*, partnership, period_start, period_end, group):
    meetings = Meeting.objects.filter(partnership=partnership, held_on__gte=period_start, held_on__lte=period_end)
    first_seen = {}
    for meeting in meetings.order_by("held_on").prefetch_related("cases"):
        for party in CaseParty.objects.filter(case__in=meeting.cases.all(), role=Role.PERPETRATOR).select_related("person"):
            first_seen.setdefault(party.person_id, (party.person, meeting.held_on))
    count = 0
    for person, day in first_seen.values():
        age = person.age_on(day)
        which = "unknown" if age is None else "young" if age < 18 else "adult"
        count += which == group
    return count

