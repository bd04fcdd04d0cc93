"""What equality adds to publishing a plan: where the partnership requires it, every priority needs a
signed-off equality impact assessment, and each one missing is a gap named against the priority,
owned by its working group's lead organisation (else the CSP manager, who sets priorities)."""

from django.utils.translation import gettext as _

from eunomia.equality import queries
from eunomia.plans.actions import publication_check
from eunomia.plans.report import Gap


@publication_check
def assessments_of_priorities(plan):
    if not queries.settings_of(plan.partnership).assessment_required_per_priority:
        return []
    gaps = []
    for priority in queries.priorities_with_assessments(plan):
        if priority.assessment is None:
            gaps.append(Gap(_("Priority \u201c%(title)s\u201d has no equality impact assessment: write one under "
                              "Equality, and have the CSP manager sign it off") % {"title": priority.title},
                            owner=priority.lead or _("CSP manager")))
        elif not priority.assessment.is_signed_off:
            gaps.append(Gap(_("The equality impact assessment of priority \u201c%(title)s\u201d is not signed off "
                              "by the CSP manager") % {"title": priority.title}, owner=_("CSP manager")))
    return gaps
