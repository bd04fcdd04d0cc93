"""Cases a leaver leads (accounts.openwork): those the viewer may see, by name, with a link to hand
each on where the viewer may; the rest counted."""

from django.urls import reverse

from eunomia.accounts.openwork import Item, OpenWork, leaves_open
from eunomia.casework.models import Case
from eunomia.casework.queries import cases_visible_to, may_hand_on


@leaves_open
def open_cases_led(person, partnership, viewer):
    led = Case.objects.filter(partnership=partnership, lead_officer=person, status=Case.Status.OPEN)
    visible = list(cases_visible_to(viewer, partnership).filter(pk__in=led.values("pk")).order_by("reference"))
    items = [Item(str(case), reverse("casework:case", args=[partnership.slug, case.pk]),
                  reverse("casework:case_lead", args=[partnership.slug, case.pk])
                  if may_hand_on(viewer, partnership, case) else "")
             for case in visible]
    return OpenWork("Open cases they lead", items, led.count() - len(visible))
