"""What the plan reports of the ASB Task Group: the young people, adults and families it dealt
with, as counts."""

from collections import defaultdict

from eunomia.casework.models import CaseParty, Role
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_PEOPLE, measure
from eunomia.taskgroup.models import Meeting

AGE_GROUPS = [("young", "young people (under 18)"), ("adult", "adults (18 and over)"),
              ("unknown", "people whose age is not recorded"),
              ("family", "families (two or more of these people living at one address)")]


def household(person):
    """The address a person lives at, written one way (case and spacing ignored); None if not known."""
    if not person.address.strip():
        return None
    return (" ".join(person.address.lower().split()), "".join(person.postcode.lower().split()))


@measure("taskgroup.people_dealt_with", title="People dealt with by the ASB Task Group", unit=Unit.COUNT,
         source="Eunomia: ASB Task Group meetings and the cases discussed at them",
         definition="Number of {group} dealt with by the ASB Task Group: of the different people named as alleged "
                    "perpetrators in cases discussed at meetings held in the figure's period, two or more who live "
                    "at the same address (the same address and postcode, ignoring case and spacing) are one family, "
                    "counted once as a family and not again as young people or adults; everyone else is counted by "
                    "their age on the date of the first such meeting.",
         params={"group": AGE_GROUPS}, counts=COUNTS_PEOPLE)
def people_dealt_with(*, partnership, period_start, period_end, group):
    meetings = Meeting.objects.filter(partnership=partnership, held_on__gte=period_start, held_on__lte=period_end)
    first_seen = {}
    for meeting in meetings.order_by("held_on").prefetch_related("cases"):
        for party in CaseParty.objects.filter(case__in=meeting.cases.all(), role=Role.PERPETRATOR).select_related("person"):
            first_seen.setdefault(party.person_id, (party.person, meeting.held_on))
    homes = defaultdict(set)
    for person, _ in first_seen.values():
        homes[household(person)].add(person.pk)
    families = [home for home, people in homes.items() if home is not None and len(people) > 1]
    if group == "family":
        return len(families)
    in_families = {pk for home in families for pk in homes[home]}
    count = 0
    for person, day in first_seen.values():
        if person.pk in in_families:
            continue
        age = person.age_on(day)
        which = "unknown" if age is None else "young" if age < 18 else "adult"
        count += which == group
    return count
