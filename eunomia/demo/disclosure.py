"""The demo's disclosure control (ADR 65): Harrowdale's rule, set by its CSP manager, and the figures
that show it at work.

The review of projects says how many victims the IDVA service supported and how many were men:
three, two years ago, and four last year. The published plan reads "fewer than 5" where the men
are counted, and nowhere the number; the draft's preview shows the number, marked "not for
publication". The total is worked out from the women and the men, so it is their total: the women
are not quoted, so the men cannot be worked out from it and nothing more is withheld.
"""

from django.utils.translation import gettext as _

from eunomia.core.periods import plan_period, year_label
from eunomia.demo.plans import year_slug
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Counts

# Start year, counted back from this year -> (women, men) the IDVA service supported.
SUPPORTED = {2: (83, 3), 1: (90, 4)}
SOURCE = "Brightwater Domestic Abuse Service: IDVA case records"
EVIDENCE = "Brightwater's year-end return to the partnership"


def build_disclosure_demo(demo, partnership):
    figure_actions.set_disclosure_rule(by=demo.manager, partnership=partnership, threshold=5, secondary=True)
    for years_ago, (women, men) in SUPPORTED.items():
        start_year = demo.current - years_ago
        start, end = plan_period(start_year, partnership.year_start_month)
        slug, label = year_slug(start_year), year_label(start_year)
        made = {}
        for who, value in (("women", women), ("men", men)):
            figure = figure_actions.create_figure(
                by=demo.analyst, partnership=partnership, name=f"idva-{who}-supported-{slug}",
                title=_("Victims supported by the IDVA service: %(who)s, %(year)s") % {"who": who, "year": label},
                unit="count", counts=Counts.PEOPLE, period_start=start, period_end=end, source=SOURCE,
                definition=_("Different %(who)s with independent domestic violence adviser (IDVA) support open on at "
                             "least one day of the year, each counted once.") % {"who": who},
                owner_organisation=demo.orgs["brightwater"])
            made[who] = figure_actions.record_value(by=demo.analyst, figure=figure, value=value, evidence=EVIDENCE)
        figure_actions.create_derived_figure(
            by=demo.analyst, partnership=partnership, name=f"idva-victims-supported-{slug}",
            title=_("Victims supported by the IDVA service, %(year)s") % {"year": label}, operation="sum",
            inputs=[made["women"].name, made["men"].name], period_start=start, period_end=end,
            definition=_("Different victims with IDVA support open on at least one day of the year: the women and the "
                         "men supported, added up."))
