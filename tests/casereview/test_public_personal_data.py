"""What an application made online holds is personal data (ADR 63): it is in a subject access export of
the person it is about, and it is erased 6 years after the last thing done on it (at both edges),
keeping what the yearly figures count."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from eunomia.audit.models import AuditEvent
from eunomia.casereview import actions, retention
from eunomia.casereview.models import CaseReviewApplication
from eunomia.casework import actions as casework
from eunomia.figures.registry import get_measure
from eunomia.records.sar import sections_for
from tests.casereview.helpers import apply_online

D = datetime.date


@pytest.fixture
def csu(make_member, partnership, council):
    return make_member("csu_officer", partnership, council)


@pytest.fixture
def reviewed(partnership, council, csu):
    """Made online on 2 March 2020, met, reviewed with recommendations on 1 April, the outcome sent on
    8 April 2020; the last thing done on it."""
    with time_machine.travel(datetime.datetime(2020, 3, 2, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
                             tick=False):
        application = apply_online(partnership, phone="01632 960 002",
                                   equality={"sex": "male", "religion": "prefer_not_to_say"})
    actions.record_decision(by=csu, application=application, threshold_met=True, decided_on=D(2020, 3, 9))
    actions.record_meeting(by=csu, application=application, meeting_on=D(2020, 4, 1),
                           recommendations="Mediation with the neighbours", outcome_sent_on=D(2020, 4, 8))
    return application


def test_the_application_is_in_the_subject_access_export_of_the_person_it_is_about(reviewed, partnership, council,
                                                                                 csu):
    person = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Sam",
                                 last_name="Lee", email="Sam.Lee@example.org")
    sections = dict(sections_for(person))
    [(heading, fields)] = sections["ASB case review applications"]
    assert heading == "Application received 2 March 2020"
    assert fields["Reference"] == reviewed.public.reference and fields["Sent by"] == "Sam Lee"
    assert fields["Email"] == "sam.lee@example.org" and fields["Where it happens"] == "4 Mill Lane TV1 1AA"
    assert "1. 22 December 2019: Shouting in the street Reported to The council on 23 December 2019." in (
        fields["Incidents listed"])
    assert "What is your sex?: Male" in fields["Equality monitoring"]
    assert fields["Recommendations"] == "Mediation with the neighbours"
    someone_else = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Ann",
                                       last_name="Other", email="ann@example.org")
    assert "ASB case review applications" not in dict(sections_for(someone_else))


def test_it_is_erased_six_years_after_the_last_thing_done_keeping_the_figures(reviewed, partnership):
    # The outcome was sent on 8 April 2020: kept on 8 April 2026, erased from the 9th.
    assert retention.due(partnership, today=D(2026, 4, 8)).applications == []
    assert retention.due(partnership, today=D(2026, 4, 9)).applications == [reviewed]
    figure = get_measure("casereview.applications")
    year = dict(partnership=partnership, period_start=D(2020, 1, 1), period_end=D(2020, 12, 31))
    before = {which: figure.evaluate(**year, params={"which": which})
              for which in ("received", "threshold_met", "reviews_held", "recommendations")}

    out = io.StringIO()
    call_command("apply_case_review_retention", "--partnership", "testvale", "--today", "2026-04-09", stdout=out)
    assert "Due for erasure on 9 April 2026: 1 case review applications" in out.getvalue()
    assert CaseReviewApplication.objects.get().description != retention.ERASED  # listing erases nothing
    call_command("apply_case_review_retention", "--partnership", "testvale", "--today", "2026-04-09", "--erase",
                 stdout=io.StringIO())

    application = CaseReviewApplication.objects.get()
    public = application.public
    incident = public.incidents.first()
    assert (application.applicant_name, application.description, application.recommendations) == (
        retention.ERASED, retention.ERASED, retention.ERASED)
    assert (public.sender_name, public.email, public.phone, public.address, public.postcode, public.sex,
            public.religion) == ("", "", "", "", "", "", "")
    assert (incident.what_happened, incident.occurred_on, incident.reported_to) == (
        retention.ERASED, D(2019, 12, 22), ["council"])
    assert {which: figure.evaluate(**year, params={"which": which}) for which in before} == before
    assert AuditEvent.objects.filter(action="casereview.retention_applied").get().data["applications"] == [
        application.pk]
    # Erased once: not due again, and the reference with the old email finds nothing.
    assert retention.due(partnership, today=D(2030, 1, 1)).applications == []


def test_an_application_never_decided_is_never_erased(partnership, council):
    with time_machine.travel(datetime.datetime(2019, 5, 1, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London")),
                             tick=False):
        apply_online(partnership)
    assert retention.due(partnership, today=D(2040, 1, 1)).applications == []
