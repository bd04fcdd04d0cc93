"""What the case review adds to the partnership's public page (eunomia.plans.public): a section
pointing to its own page (the procedure, the threshold and the yearly figures) and to the status
look-up (ADR 63)."""

from django.utils.translation import gettext as _

from eunomia.plans.public import PublicSection, public_section


@public_section
def case_review_section(request, partnership):
    return PublicSection(_("ASB case review (the community trigger)"), "casereview/public/section.html")
