"""What hate reporting adds to the partnership's public page (eunomia.plans.public): how to report a
hate incident online, and the reporting centres to go to."""

from django.utils.translation import gettext as _

from eunomia.hatereports import queries
from eunomia.plans.public import PublicSection, public_section


@public_section
def report_a_hate_incident(request, partnership):
    if queries.triage_organisation(partnership) is None:
        return None
    return PublicSection(_("Report a hate incident"), "hatereports/public/section.html",
                         centres=list(queries.active_centres(partnership)))
