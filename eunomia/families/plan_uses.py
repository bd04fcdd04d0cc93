"""What Family Focus adds to the partnership's public page (eunomia.plans.public): a section pointing
to its own page, once the partnership has approved a claim (before then there are no figures to show)."""

from django.utils.translation import gettext as _

from eunomia.families import figures
from eunomia.plans.public import PublicSection, public_section


@public_section
def family_focus_section(request, partnership):
    if not figures.approved_claims(partnership).exists():
        return None
    return PublicSection(_("Family Focus"), "families/public/section.html")
