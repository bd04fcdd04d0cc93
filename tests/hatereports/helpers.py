"""Hate reports for tests: sent through the real action, and the public form's pages as a person
fills them in."""

import datetime

from django.utils import timezone

from eunomia.core.public_forms import HONEYPOT
from eunomia.hatereports import actions
from eunomia.partners import actions as partner_actions

START = "/report-hate/testvale/"
# A day a fortnight and more before the day the tests run (module values are computed at that day too).
HAPPENED = timezone.localdate() - datetime.timedelta(days=16)

# A victim who gives their name and email, and answers no equality questions: every page once.
PAGES = [
    ("who", {"reporter": "victim"}),
    ("what", {"description": "Two men shouted abuse about my religion at the bus stop"}),
    ("when", {"occurred_on": HAPPENED.isoformat(), "occurred_time": "18:45"}),
    ("where", {"address": "Bus stop, Station Road", "postcode": "tv1 1aa"}),
    ("why", {"motivations": ["race", "religion"], "other_motivation": ""}),
    ("anonymous", {"give_name": "yes"}),
    ("name", {"first_name": "Sam", "last_name": "Reyes"}),
    ("contact", {"contact_by": "email", "email": "sam@example.com", "phone": ""}),
    ("about-you", {"answer": "no"}),
]
ANONYMOUS_PAGES = PAGES[:5] + [("anonymous", {"give_name": "no"}), ("about-you", {"answer": "no"})]


def step_url(slug):
    return f"{START}{slug}/"


def fill_in(client, pages=PAGES):
    """Post each page in order, as a person would: each must be accepted and lead to the next."""
    for n, (slug, data) in enumerate(pages):
        response = client.post(step_url(slug), {**data, HONEYPOT: ""})
        assert response.status_code == 302, (slug, response.status_code, response.content.decode()[:3000])
        if n + 1 < len(pages):
            assert response["Location"] == step_url(pages[n + 1][0]), (slug, response["Location"])
    return response


def send(client):
    return client.post(f"{START}check/", {HONEYPOT: ""})


def report_for(partnership, *, centre=None, by=None, **changes):
    """A hate report sent as the public form sends it, with `changes` to the usual answers."""
    fields = dict(reporter="victim", description="Shouted at in the street", occurred_on=timezone.localdate()
                  - datetime.timedelta(days=2), motivations=["race"], anonymous=False, first_name="Sam",
                  last_name="Reyes", contact_by="email", email="sam@example.com", address="Station Road",
                  postcode="TV1 1AA")
    fields.update(changes)
    if fields["anonymous"]:
        fields.update(first_name="", last_name="", contact_by="", email="", phone="")
    return actions.receive(partnership=partnership, centre=centre, by=by, **fields)


def centre_with_staff(partnership, system_user, make_member, name="Testvale Interfaith Forum"):
    """A voluntary organisation on the partnership, designated a reporting centre, with one member of staff."""
    organisation = partner_actions.add_organisation(by=system_user, partnership=partnership, name=name,
                                                    kind="voluntary", joined_on=datetime.date(2015, 1, 1))
    centre = actions.designate_centre(by=system_user, partnership=partnership, organisation=organisation)
    staff = make_member("partner_practitioner", partnership, organisation)
    return centre, staff


def hate_report_objects(by, partnership, centre_organisation):
    """A report in triage and a reporting centre, for the tests that walk every URL."""
    return {"report": report_for(partnership),
            "centre": actions.designate_centre(by=by, partnership=partnership, organisation=centre_organisation)}


def hate_report_url_kwargs(objects):
    return {**{f"hatereports:{name}": {"pk": objects["report"].pk} for name in ("detail", "convert", "close")},
            "hatereports:centre_withdraw": {"pk": objects["centre"].pk},
            "report_hate:step": {"step": "who"}}
