"""Figures from hate reports for the plan: reports received, counted as events (one report, one
count: the same person reporting twice counts twice), by how they came in and the motivation given."""

from django.urls import reverse

from eunomia.core.dates import local_day_range
from eunomia.figures.drilldown import Counted, record_kind, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_EVENTS, measure
from eunomia.hatereports.models import HateReport, Strand
from eunomia.hatereports.queries import hate_reports_visible_to

# Plain text, as every measure's choices are: they are stored with figures and sent by the API.
SOURCES = [("all", "all"), ("online", "sent online by the public"),
           ("third_party_centre", "sent by a third-party reporting centre")]
MOTIVATIONS = [("all", "any motivation")] + [(value, str(label).lower()) for value, label in Strand.choices]

# What a hate report figure counted (ADR 69): listed only to those who may read the reports (the
# organisation each was sent to, working casework); never what was said nor who said it.
record_kind("hatereports.report", model=HateReport, noun="hate report", plural="hate reports",
            visible=hate_reports_visible_to, when="received_at", created="received_at",
            select_related=("owner_organisation", "partnership", "centre__organisation"),
            columns=[("Reference", lambda r: r.reference),
                     ("Sent by", lambda r: r.centre.organisation.name if r.centre_id else "the public, online"),
                     ("Motivations", lambda r: ", ".join(str(m.get_strand_display()) for m in r.motivations.all())),
                     ("Status", lambda r: r.get_status_display()), ("Held by", lambda r: r.owner_organisation.name)],
            url=lambda r: reverse("hatereports:detail", args=[r.partnership.slug, r.pk]))


@measure("hatereports.received", title="Hate incidents reported online or through a reporting centre",
         unit=Unit.COUNT, source="Eunomia hate reports sent to the partnership", counts=COUNTS_EVENTS,
         definition="Number of reports of hate incidents the partnership received in the figure's period ({source}), "
                    "perceived as motivated by {motivation}, by the day received. A report giving several "
                    "motivations counts once under each and once under any motivation.",
         params={"source": SOURCES, "motivation": MOTIVATIONS})
def received(*, partnership, period_start, period_end, source, motivation):
    return received_in(partnership, period_start, period_end, source, motivation).count()


def received_in(partnership, period_start, period_end, source, motivation):
    start, end = local_day_range(period_start, period_end)
    found = HateReport.objects.filter(partnership=partnership, received_at__gte=start, received_at__lt=end)
    if source == "online":
        found = found.filter(centre__isnull=True)
    elif source == "third_party_centre":
        found = found.filter(centre__isnull=False)
    if motivation != "all":
        found = found.filter(motivations__strand=motivation)
    return found


@records_of("hatereports.received")
def received_counted(*, partnership, period_start, period_end, source, motivation):
    return Counted("hatereports.report", received_in(partnership, period_start, period_end, source, motivation))
