"""What the plan reports of the ASB Task Group: the young people, adults and families it dealt
with, as counts."""

from collections import defaultdict

from django.db.models import Q

from eunomia.casework.models import CaseParty, Person, Role
from eunomia.figures.drilldown import Counted, records_of
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
    groups = dealt_with(partnership, period_start, period_end)
    return len(groups["families"]) if group == "family" else len(groups[group])


def dealt_with(partnership, period_start, period_end):
    """The people the Task Group dealt with in the period, by group: "young", "adult" and "unknown" are
    sets of person ids; "families" is a list of sets, the people of each family."""
    meetings = Meeting.objects.filter(partnership=partnership, held_on__gte=period_start, held_on__lte=period_end)
    first_seen = {}
    for meeting in meetings.order_by("held_on").prefetch_related("cases"):
        parties = CaseParty.objects.filter(case__in=meeting.cases.all(), role=Role.PERPETRATOR)
        for party in parties.select_related("person"):
            first_seen.setdefault(party.person_id, (party.person, meeting.held_on))
    homes = defaultdict(set)
    for person, _ in first_seen.values():
        homes[household(person)].add(person.pk)
    families = [homes[home] for home in homes if home is not None and len(homes[home]) > 1]
    in_families = {pk for people in families for pk in people}
    groups = {"young": set(), "adult": set(), "unknown": set(), "families": families}
    for person, day in first_seen.values():
        if person.pk in in_families:
            continue
        age = person.age_on(day)
        groups["unknown" if age is None else "young" if age < 18 else "adult"].add(person.pk)
    return groups


@records_of("taskgroup.people_dealt_with")
def people_dealt_with_counted(*, partnership, period_start, period_end, group):
    """A person counted, one row each; for families, the people of every family, the value being the
    number of families (each family's first person, by id, stands for it)."""
    groups = dealt_with(partnership, period_start, period_end)
    if group != "family":
        return Counted("casework.person", Person.objects.filter(pk__in=groups[group]))
    families = groups["families"]
    return Counted("casework.person", Person.objects.filter(pk__in={pk for people in families for pk in people}),
                   numerator=Q(pk__in=[min(people) for people in families]), formula=lambda t: t.numerator,
                   working=lambda t: f"{t.numerator:,} families: {t.count:,} people living two or more at one address",
                   numerator_heading="Counted for the family")
