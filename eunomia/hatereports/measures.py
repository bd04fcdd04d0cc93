"""Figures from hate reports for the plan: reports received, counted as events (one report, one
count: the same person reporting twice counts twice), by how they came in and the motivation given."""

from eunomia.core.dates import local_day_range
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.hatereports.models import HateReport, Strand

# Plain text, as every measure's choices are: they are stored with figures and sent by the API.
SOURCES = [("all", "all"), ("online", "sent online by the public"),
           ("third_party_centre", "sent by a third-party reporting centre")]
MOTIVATIONS = [("all", "any motivation")] + [(value, str(label).lower()) for value, label in Strand.choices]


@measure("hatereports.received", title="Hate incidents reported online or through a reporting centre",
         unit=Unit.COUNT, source="Eunomia hate reports sent to the partnership", counts=COUNTS_EVENTS,
         definition="Number of reports of hate incidents the partnership received in the figure's period ({source}), "
                    "perceived as motivated by {motivation}, by the day received. A report giving several "
                    "motivations counts once under each and once under any motivation.",
         params={"source": SOURCES, "motivation": MOTIVATIONS})
def received(*, partnership, period_start, period_end, source, motivation):
    start, end = local_day_range(period_start, period_end)
    found = HateReport.objects.filter(partnership=partnership, received_at__gte=start, received_at__lt=end)
    if source == "online":
        found = found.filter(centre__isnull=True)
    elif source == "third_party_centre":
        found = found.filter(centre__isnull=False)
    if motivation != "all":
        found = found.filter(motivations__strand=motivation)
    return found.count()
