"""What Family Focus holds on a casework person, for subject access requests (eunomia.records): each
family they are a member of (its reference, their place in it, its status and dates, who leads it and
who it is shared with) and the facts recorded about them from partners' records. The family's
evidence of domestic abuse is not listed here: a DA record goes out only through the DA export (ADR 27)."""

from django.utils import timezone

from eunomia.families.models import Fact, FamilyMember
from eunomia.records.registry import holds


def _day(value):
    return f"{value:%-d %B %Y}" if value else ""


@holds("Family Focus", order=45)
def families(person):
    links = (FamilyMember.objects.filter(person=person)
             .select_related("family__owner_organisation", "family__rule_set")
             .order_by("family__identified_on", "family_id"))
    rows = []
    for link in links:
        family = link.family
        shares = family.shares.select_related("organisation").order_by("organisation__name")
        rows.append((f"Family {family.reference}", {
            "Relationship": link.get_relationship_display(), "Programme": str(family.rule_set),
            "Status": family.get_status_display(), "Identified": _day(family.identified_on),
            "Attached": _day(family.attached_on), "Plan agreed": _day(family.plan_agreed_on),
            "Work ended": _day(family.closed_on), "Led by": str(family.owner_organisation),
            "Shared with": ", ".join(str(s.organisation) for s in shares),
        }))
        facts = Fact.objects.filter(member=link).select_related("source_organisation").order_by("period_start", "id")
        rows += [(f"Family {family.reference}: {fact.get_kind_display()}", {
            "From": _day(fact.period_start), "To": _day(fact.period_end),
            "Value": "" if fact.value is None else f"{fact.value:g}", "Source": fact.source,
            "From organisation": str(fact.source_organisation or ""), "Note": fact.note,
            "Recorded": _day(timezone.localdate(fact.entered_at)),
        }) for fact in facts]
    return rows
