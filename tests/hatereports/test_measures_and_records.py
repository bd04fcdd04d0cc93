"""Hate reports as figures, counted by hand (events: one report, one count), and as personal data:
found for subject access, erased on the retention schedule at the edges of its windows."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.figures.registry import get_measure
from eunomia.hatereports import actions, retention
from eunomia.hatereports.models import HateReport
from eunomia.partners import actions as partner_actions
from eunomia.records.sar import sections_for
from tests.hatereports.helpers import centre_with_staff, report_for

QUARTER = dict(period_start=datetime.date(2026, 4, 1), period_end=datetime.date(2026, 6, 30))


def london(*args):
    return timezone.make_aware(datetime.datetime(*args))


def received(partnership, moment, **changes):
    return report_for(partnership, now=moment, occurred_on=timezone.localdate(moment) - datetime.timedelta(days=1),
                      **changes)


def evaluate(partnership, **params):
    return get_measure("hatereports.received").evaluate(partnership=partnership, **QUARTER, params=params)


@pytest.fixture
def counted(partnership, council, system_user, make_member, other_partnership):
    """In the quarter: two online (race; race and religion), one from a centre (disability), the first
    and last at its edges. Outside it: one a minute before, one a minute after, one of another
    partnership."""
    centre, staff = centre_with_staff(partnership, system_user, make_member)
    received(partnership, london(2026, 4, 1, 0, 0), motivations=["race"])
    received(partnership, london(2026, 5, 10, 14, 0), motivations=["race", "religion"])
    received(partnership, london(2026, 6, 30, 23, 59), motivations=["disability"], reporter="centre", centre=centre,
             by=staff)
    received(partnership, london(2026, 3, 31, 23, 59), motivations=["race"])
    received(partnership, london(2026, 7, 1, 0, 0), motivations=["race"], reporter="centre", centre=centre, by=staff)
    partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Elsewhere Council",
                                     kind="council", joined_on=datetime.date(2010, 1, 1))
    received(other_partnership, london(2026, 5, 1, 12, 0), motivations=["race"])


@pytest.mark.parametrize("source, motivation, expected", [
    ("all", "all", 3), ("online", "all", 2), ("third_party_centre", "all", 1),
    ("all", "race", 2), ("online", "race", 2), ("third_party_centre", "race", 0),
    ("all", "religion", 1), ("all", "disability", 1), ("third_party_centre", "disability", 1),
    ("all", "sexual_orientation", 0), ("all", "transgender", 0), ("all", "other", 0),
])
def test_reports_received_are_counted_by_hand(counted, partnership, source, motivation, expected):
    assert evaluate(partnership, source=source, motivation=motivation) == expected


def test_the_measure_counts_events_and_says_so():
    measure = get_measure("hatereports.received")
    assert measure.counts == "events"
    assert "sent by a third-party reporting centre" in measure.describe({"source": "third_party_centre",
                                                                         "motivation": "race"})


# Subject access -----------------------------------------------------------------------------------------

def test_a_persons_hate_reports_are_in_their_subject_access_export(partnership, council, make_member):
    officer = make_member("csu_officer", partnership, council)
    by_email = report_for(partnership, description="Called names on the bus")
    named = report_for(partnership, description="Spat at", email="other@example.com")
    report_for(partnership, description="Someone else's", first_name="Kim", last_name="Lo", email="kim@example.com")
    recorded = actions.turn_into_casework(by=officer, hate_report=named)
    # Named in the casework report one became, and giving the email address another was sent with.
    person = recorded.people_links.get().person
    person.email = "sam@example.com"
    person.save(update_fields=["email"])

    sections = dict(sections_for(person))

    rows = dict(sections["Hate incident reports"])
    assert set(rows) == {by_email.reference, named.reference}
    assert rows[by_email.reference]["What happened"] == "Called names on the bus"


# Retention ------------------------------------------------------------------------------------------------

def test_reports_are_erased_on_the_schedule_and_what_figures_need_is_kept(partnership, council, make_member):
    officer = make_member("csu_officer", partnership, council)
    today = datetime.date(2026, 12, 6)
    old = london(2020, 12, 5, 23, 59)
    turned = received(partnership, old)
    actions.turn_into_casework(by=officer, hate_report=turned)
    turned_later = received(partnership, london(2020, 12, 6, 0, 0))
    actions.turn_into_casework(by=officer, hate_report=turned_later)
    closed = received(partnership, old, equality_answers={"religion": "sikh"})
    waiting = received(partnership, old)
    for report, when in ((closed, london(2024, 12, 5, 23, 0)),):
        actions.close(by=officer, hate_report=report, reason="police")
        HateReport.objects.filter(pk=report.pk).update(triaged_at=when)
    closed_later = received(partnership, old)
    actions.close(by=officer, hate_report=closed_later, reason="police")
    HateReport.objects.filter(pk=closed_later.pk).update(triaged_at=london(2024, 12, 6, 0, 0))

    # Once the day six years after it was received has passed; two after it was closed; never in triage.
    assert {r.pk for r in retention.due(partnership, today=today).reports} == {turned.pk, closed.pk}
    out = io.StringIO()
    call_command("apply_hate_report_retention", "--partnership", "testvale", "--today", "2026-12-06", "--erase",
                 stdout=out)

    assert "Erased on 6 December 2026: 2 hate reports" in out.getvalue()
    closed.refresh_from_db()
    assert (closed.description, closed.first_name, closed.email, closed.address, closed.religion) == (
        retention.ERASED, "", "", "", "")
    assert (closed.status, closed.reporter, closed.strands, closed.received_at) == ("closed", "victim", ["race"], old)
    waiting.refresh_from_db()
    turned_later.refresh_from_db()
    assert waiting.description == turned_later.description == "Shouted at in the street"
    assert AuditEvent.objects.get(action="hatereports.retention_applied").data["reports"] == sorted(
        [turned.pk, closed.pk])
    assert retention.due(partnership, today=today).reports == []
