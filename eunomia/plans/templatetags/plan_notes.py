"""{% plan_notes plan %} on the plan's page (summary list rows) and {% plan_notes plan version %} on
a published version (a short list): the notes apps above plans register (eunomia.plans.notes)."""

from django import template

from eunomia.plans.notes import notes_for

register = template.Library()


@register.inclusion_tag("plans/partials/plan_notes.html")
def plan_notes(plan, version=None):
    return {"notes": notes_for(plan, version=version), "public": version is not None}
