"""Retention erases who, where and what, keeps the counts; a subject access export holds everything
on the person and nothing on anyone else."""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.casework import retention
from eunomia.casework.models import Case, Consent, Person, Report
from eunomia.figures.registry import get_measure
from tests.clock import at


@pytest.fixture
def old_and_new(partnership, council, make_member):
    officer = make_member("csu_officer", partnership, council)
    old_person = casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Olwen",
                                     last_name="Past")
    new_person = casework.add_person(by=officer, partnership=partnership, organisation=council, first_name="Nia",
                                     last_name="Now")
    old = casework.record_report(by=officer, partnership=partnership, organisation=council,
                                 occurred_at=at(datetime.date(2019, 5, 1)), reported_at=at(datetime.date(2019, 5, 2)),
                                 category="noise", source="phone", description="Drums at night",
                                 address="1 Old Road", postcode="TV1 1AA", people=[(old_person, "victim")])
    new = casework.record_report(by=officer, partnership=partnership, organisation=council,
                                 occurred_at=at(datetime.date(2026, 5, 1)), reported_at=at(datetime.date(2026, 5, 1)),
                                 category="noise", source="phone", description="Shouting",
                                 people=[(new_person, "victim")])
    Person.objects.filter(pk=old_person.pk).update(created_at=at(datetime.date(2019, 5, 2)))
    casework.record_consent(by=officer, person=old_person, organisation=council, basis="consent", state="given",
                            decided_on=datetime.date(2019, 5, 2), method="verbal", note="Olwen agreed on the phone")
    return locals()


def test_retention_erases_who_and_what_but_keeps_the_counts(old_and_new, partnership):
    w = old_and_new
    today = datetime.date(2026, 11, 26)
    count = get_measure("casework.reports")
    period = dict(partnership=partnership, period_start=datetime.date(2019, 4, 1), period_end=datetime.date(2019, 12, 31))
    assert count.evaluate(**period, params={"category": "noise"}) == 1
    due = retention.due(partnership, today=today)
    assert [r.pk for r in due.reports] == [w["old"].pk] and [p.pk for p in due.people] == [w["old_person"].pk]
    out = StringIO()
    call_command("apply_retention", "--partnership", "testvale", "--today", "2026-11-26", "--erase", stdout=out)
    assert "Erased on 26 November 2026 (kept 6 years): 0 cases, 1 reports, 1 people" in out.getvalue()
    old = Report.objects.get(pk=w["old"].pk)
    assert (old.description, old.address, old.postcode) == (retention.ERASED, "", "")
    assert not old.people_links.exists()
    assert Person.objects.get(pk=w["old_person"].pk).first_name == retention.ERASED
    [consent] = Consent.objects.filter(person=w["old_person"])
    assert (consent.note, consent.state) == ("", "given")  # the words go, the history stays
    assert Report.objects.get(pk=w["new"].pk).description == "Shouting"
    assert Person.objects.get(pk=w["new_person"].pk).first_name == "Nia"
    assert count.evaluate(**period, params={"category": "noise"}) == 1  # statistics survive
    assert AuditEvent.objects.filter(action="records.retention_applied").exists()
    # Nothing is due twice.
    due = retention.due(partnership, today=today)
    assert (due.cases, due.reports, due.people) == ([], [], [])


def test_an_open_case_keeps_its_old_reports(old_and_new, partnership, council):
    w = old_and_new
    casework.open_case(by=None, partnership=partnership, organisation=council, title="Long running",
                       reports=[w["old"]])
    assert retention.due(partnership, today=datetime.date(2026, 11, 26)).reports == []
    Case.objects.update(status="closed", closed_on=datetime.date(2019, 6, 1), outcome="ceased")
    due = retention.due(partnership, today=datetime.date(2026, 11, 26))
    assert len(due.cases) == 1 and len(due.reports) == 1


def test_subject_access_export(old_and_new, tmp_path):
    w = old_and_new
    out = StringIO()
    path = tmp_path / "sar.pdf"
    call_command("subject_access", str(w["old_person"].pk), "--out", str(path), "--reason", "SAR-2026-014", stdout=out)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())
    assert "Information held on Olwen Past" in text
    assert w["old"].reference in text and "Drums at night" in text
    assert "Nia" not in text and w["new"].reference not in text
    event = AuditEvent.objects.get(action="records.subject_access_export")
    assert event.reason == "SAR-2026-014"
    call_command("subject_access", str(w["old_person"].pk), "--out", str(tmp_path / "sar.docx"), "--reason", "x")
    assert (tmp_path / "sar.docx").read_bytes()[:2] == b"PK"


def test_the_export_gathers_every_app(old_and_new, partnership, council):
    from eunomia.records.registry import holders
    from eunomia.records.sar import sections_for
    from eunomia.referrals.models import Referral

    titles = {holder.title for holder in holders()}
    assert {"Personal details", "Reports", "Cases", "Interventions", "Risk assessments", "Referrals",
            "ASB case review applications"} <= titles
    person = old_and_new["old_person"]
    Referral.objects.create(partnership=partnership, person=person, service="mediation",
                            referred_on=datetime.date(2026, 11, 1),
                            made_by=council)
    sections = dict(sections_for(person))
    assert "Referrals" in sections and "Reports" in sections and "Interventions" not in sections
