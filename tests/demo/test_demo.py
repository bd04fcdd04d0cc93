"""The demo: built through the real actions, one step from publishable, and built only once."""

import base64
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from eunomia.accounts import second_factor
from eunomia.accounts.models import Invitation, Membership, User
from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit.models import AuditEvent
from eunomia.casereview.models import CaseReviewApplication
from eunomia.core.periods import year_containing
from eunomia.demo import build as demo
from eunomia.equality.models import DaPersonEquality, PersonEquality
from eunomia.figures import actions as figure_actions
from eunomia.hatereports.models import HateReport, ReportingCentre
from eunomia.figures.models import Figure, FigureRevision
from eunomia.figures.registry import get_measure
from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Organisation, Partnership
from eunomia.partners.queries import partnerships_visible_to
from eunomia.plans import actions as plan_actions
from eunomia.plans.models import Action, PlanYear, PublishedVersion, Target
from eunomia.plans.queries import published_file
from eunomia.projects import actions as project_actions
from eunomia.projects.models import Project
from tests.conftest import built_once
from tests.signin import authenticator_code, force_sign_in

CURRENT = year_containing(timezone.localdate(), 4)


def _slug(start_year):
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def _texts(value):
    """Every piece of text in a document, wherever it sits."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _runs(value):
    if isinstance(value, dict):
        if "text" in value and isinstance(value["text"], str):
            yield value
        for item in value.values():
            yield from _runs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _runs(item)


@pytest.fixture(scope="module")
def _demo(request, django_db_setup, django_db_blocker):
    """The demo, built once for the tests below that read it (each build takes a quarter of a minute)."""
    with built_once(request, django_db_blocker, demo.build_demo) as built:
        yield built


@pytest.fixture
def harrowdale(_demo, db):
    """Harrowdale as the demo built it, the clock just after the build: what a test changes is undone."""
    partnership, finished = _demo
    with time_machine.travel(finished, tick=True):
        yield Partnership.objects.get(pk=partnership.pk)


def _plan(partnership, start_year):
    return PlanYear.objects.get(partnership=partnership, start_year=start_year)


# The tests that need no demo come first: the demo is in the database from the first test that uses it.
def test_load_demo_builds_once_and_will_not_reset_a_published_demo(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Built the demo" in out.getvalue()
    assert demo.DEMO_PASSWORD in out.getvalue() and "county.analyst@northshire.example" in out.getvalue()
    counts = [model.objects.count() for model in (AuditEvent, Figure, FigureRevision, Action, PlanYear, User)]

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "already here" in out.getvalue()
    assert [model.objects.count() for model in (AuditEvent, Figure, FigureRevision, Action, PlanYear, User)] == counts

    with pytest.raises(CommandError, match="published versions can never be deleted"):
        call_command("load_demo", "--reset", stdout=io.StringIO())
    assert PublishedVersion.objects.count() == 1


@pytest.mark.django_db
def test_remove_demo_deletes_an_unpublished_demo_and_leaves_the_rest(system_user, partnership, council):
    stale = partner_actions.create_partnership(by=system_user, name="Harrowdale (old demo)", slug="harrowdale",
                                               local_authority_codes=["E07999901"], is_demo=True)
    police = partner_actions.add_organisation(by=system_user, partnership=stale, name="Northshire Police",
                                              joined_on=datetime.date(2020, 4, 1))
    partner_actions.join_partnership(by=system_user, partnership=stale, organisation=council)
    plan = plan_actions.create_plan(by=system_user, partnership=stale, start_year=CURRENT)
    priority = plan_actions.add_item(by=system_user, plan=plan, kind="priority", title="Anti-social behaviour")
    action = plan_actions.add_action(by=system_user, plan=plan, priority=priority, owner_organisation=police,
                                     title="Patrol the park")
    plan_actions.add_target(by=system_user, action=action, measure="Patrols", unit="count", baseline_value=1,
                            target_value=2)
    User.objects.create_user("manager@harrowdale.example", "x", full_name="Old demo manager")

    demo.remove_demo()

    assert not Partnership.objects.filter(slug="harrowdale").exists()
    assert not Organisation.objects.filter(name="Northshire Police").exists()
    assert not User.objects.filter(email="manager@harrowdale.example").exists()
    assert Partnership.objects.filter(pk=partnership.pk).exists()
    assert Organisation.objects.filter(pk=council.pk).exists()
    assert AuditEvent.objects.filter(action="demo.removed").count() == 1


@pytest.mark.django_db
def test_last_years_plan_is_published_with_real_numbers_and_the_years_hang_together(harrowdale):
    assert harrowdale.is_demo and harrowdale.name.endswith("(demo)")
    last = _plan(harrowdale, CURRENT - 1)
    version = PublishedVersion.objects.get(plan=last)
    assert version.number == 1
    assert published_file(version, "pdf")[:4] == b"%PDF" and published_file(version, "docx")[:2] == b"PK"

    document = version.document
    assert not [text for text in _texts(document) if "[[" in text]
    assert not [run for run in _runs(document) if run.get("missing")]
    review = next(s for s in document["sections"] if s["id"] == "review-of-actions")
    tables = [b for b in review["blocks"] if b["type"] == "table"]
    assert len(tables) == 3
    rows = {"".join(r["text"] for r in row[0]): row for table in tables for row in table["rows"]}
    mediation = rows["Refer neighbour disputes to community mediation: Referrals to mediation"]
    assert [("".join(r["text"] for r in cell)) for cell in mediation[1:]] == ["41", "At least 50", "53", "Up 12, +29%",
                                                                              "Met"]
    actuals = ["".join(r["text"] for r in row[3]) for row in rows.values()]
    assert sum(bool(re.fullmatch(r"\d+%?", a)) for a in actuals) >= 8
    intro = next(s for s in document["sections"] if s["id"] == "introduction")
    assert "handled 143 repeat or vulnerable callers" in "".join(_texts(intro))
    # The review of projects is generated from the projects' accepted returns (issue 14).
    projects = next(s for s in document["sections"] if s["id"] == "review-of-projects")
    headings = [b["text"] for b in projects["blocks"] if b["type"] == "heading"]
    assert {"Neighbour mediation service", "Independent domestic violence advisers", "Evening youth outreach",
            "Drug and alcohol education in schools"} <= set(headings)
    funding = next(b for b in projects["blocks"] if b["type"] == "table" and b["caption"].startswith("Funds "))
    assert ["".join(r["text"] for r in cell) for cell in funding["rows"][0][:3]] == [
        "Crime Reduction Grant", "Office of the Police and Crime Commissioner for Northshire", "£48,000.00"]
    notes = {n["title"] for b in next(s for s in document["sections"] if s["id"] == "figures")["blocks"]
             for n in b.get("entries", [])}
    assert f"Neighbour mediation service: spend {CURRENT - 2}/{(CURRENT - 1) % 100:02d}" in notes

    # Disclosure control (ADR 65): the three men the IDVA service supported are "fewer than 5", in the
    # stored document and so in every file; the total beside them is published.
    assert "supported 86 victims during the year, of whom fewer than 5 were men" in "".join(_texts(projects))
    men = next(n for b in next(s for s in document["sections"] if s["id"] == "figures")["blocks"]
               for n in b.get("entries", []) if n["name"] == f"idva-men-supported-{_slug(CURRENT - 2)}")
    assert men["value"] == "fewer than 5" and men["withheld"] and men["counts"].startswith("People")
    assert document["disclosure"]["threshold"] == 5 and "fewer than 5" in document["disclosure"]["statement"]

    # The year two years ago is closed: every one of its targets has its actual.
    oldest = _plan(harrowdale, CURRENT - 2)
    assert all(t.actual.has_value for t in Target.objects.filter(action__plan=oldest))
    units = {(t.unit, t.direction) for t in Target.objects.filter(action__plan__partnership=harrowdale)}
    assert {("count", "increase"), ("count", "decrease"), ("count", "reach"), ("percentage", "reach"),
            ("yes_no", "reach"), ("text", "reach")} <= units
    assert Target.objects.filter(action__plan=oldest, baseline_note="New service").exists()
    assert Target.objects.filter(action__plan=oldest, baseline_value=0).exists()
    assert Target.objects.filter(action__plan=last, unit="text", milestone_met=False).exists()

    # This year's draft continues two of last year's unfinished actions.
    this = _plan(harrowdale, CURRENT)
    carried = Action.objects.filter(plan=this, carried_from__isnull=False)
    assert carried.count() == 2
    assert all(a.carried_from.plan == last and a.carried_from.status == Action.Status.CARRIED_OVER for a in carried)
    fly_tipping = Target.objects.get(action__in=carried, unit="count")
    assert fly_tipping.baseline_value == fly_tipping.action.carried_from.targets.get().actual.value

    # Some values were recorded and then corrected, so their history shows it.
    corrected = [f for f in Figure.objects.filter(partnership=harrowdale, kind=Figure.Kind.MANUAL)
                 if f.revisions.count() == 2]
    assert len(corrected) >= 2
    assert all(f.evidence for f in Figure.objects.filter(partnership=harrowdale, kind="manual", value__isnull=False))
    computed = Figure.objects.filter(partnership=harrowdale, kind=Figure.Kind.COMPUTED)
    assert {f.measure for f in computed} >= {"plans.actions_by_status", "partners.member_organisations",
                                             "plans.targets_met_share"}
    assert all(f.value is not None for f in computed)


@pytest.mark.django_db
def test_this_years_plan_has_four_gaps_a_newcomer_can_fix(harrowdale):
    this = _plan(harrowdale, CURRENT)
    _, gaps = plan_actions.publication_gaps(this)
    assert len(gaps) == 5
    assert gaps[0].what.startswith("The plan has not been approved")
    returns = [g for g in gaps if g.what.startswith("Project ")]
    assert [(g.what.split(":")[0], g.owner) for g in returns] == [
        ("Project Early help for tenancies at risk", "Harrowdale Homes"),
        ("Project Independent domestic violence advisers", "Brightwater Domestic Abuse Service")]
    assert "is not started" in returns[0].what and "is sent back" in returns[1].what

    figure_gap = next(g for g in gaps if g.figure_name)
    figure = Figure.objects.get(partnership=harrowdale, name=figure_gap.figure_name)
    assert figure.name == f"csu-repeat-callers-{_slug(CURRENT - 1)}"
    assert figure.owner_organisation.name == "Northshire Police"
    assert f"[[{figure.name}]]" in this.sections.get(kind="introduction").body

    target_gap = next(g for g in gaps if g.target_id)
    target = Target.objects.get(pk=target_gap.target_id)
    assert target.action.plan.start_year == CURRENT - 1
    assert target.action.owner_organisation.name == "Harrowdale Homes"
    housing = User.objects.get(email="housing@harrowdale.example")
    assert has_permission(housing, Permission.TARGET_RECORD_ACTUAL, partnership=harrowdale, obj=target)

    with pytest.raises(plan_actions.PublicationRefused):
        plan_actions.publish_plan(by=User.objects.get(email="manager@harrowdale.example"), plan=this)

    plan_actions.record_actual(by=housing, target=target, value=41, evidence="Harrowdale Homes training register")
    manager = User.objects.get(email="manager@harrowdale.example")
    late = Project.objects.get(partnership=harrowdale, title="Early help for tenancies at risk")
    sent_back = Project.objects.get(partnership=harrowdale, title="Independent domestic violence advisers")
    q4 = datetime.date(CURRENT, 1, 1)
    housing_return = project_actions.save_return(by=housing, project=late, period_start=q4, spend="2800.00",
                                                 values={m: 9 for m in late.measures.all()}, submit=True)
    project_actions.accept_return(by=manager, record=housing_return)
    corrected = sent_back.returns.get(status="sent_back")
    project_actions.save_return(by=manager, project=sent_back, period_start=corrected.period_start,
                                spend=corrected.spend - Decimal("2150.00"),
                                values={v.measure: v.value for v in corrected.values.all()}, submit=True)
    project_actions.accept_return(by=manager, record=corrected)
    figure_actions.record_value(by=User.objects.get(email="analyst@harrowdale.example"), figure=figure, value=151,
                                evidence="Community Safety Unit case list")
    plan_actions.approve_plan(by=User.objects.get(email="board@harrowdale.example"), plan=this)
    version = plan_actions.publish_plan(by=User.objects.get(email="manager@harrowdale.example"), plan=this)
    assert version.number == 1
    assert "handled 151 repeat or vulnerable callers" in "".join(_texts(version.document))


@pytest.mark.django_db
def test_every_role_has_a_user_and_the_county_analyst_sees_both_partnerships(harrowdale, client):
    fenmarsh = Partnership.objects.get(slug="fenmarsh")
    assert fenmarsh.is_demo and fenmarsh.name.endswith("(demo)")
    assert PlanYear.objects.filter(partnership=fenmarsh, start_year=CURRENT, approved_at__isnull=True).count() == 1
    assert Organisation.objects.get(name="Northshire Police").seats.count() == 2

    expected = {
        ("manager@harrowdale.example", "harrowdale", "csp_manager", "Harrowdale District Council"),
        ("analyst@harrowdale.example", "harrowdale", "analyst", "Harrowdale District Council"),
        ("csu@harrowdale.example", "harrowdale", "csu_officer", "Northshire Police"),
        ("housing@harrowdale.example", "harrowdale", "partner_practitioner", "Harrowdale Homes"),
        ("idva@harrowdale.example", "harrowdale", "da_specialist", "Brightwater Domestic Abuse Service"),
        ("board@harrowdale.example", "harrowdale", "board_member", "Northshire Police"),
        ("centre@harrowdale.example", "harrowdale", "partner_practitioner",
         "Harrowdale Neighbourhood Watch Association"),
        ("families@harrowdale.example", "harrowdale", "partner_practitioner", "Harrowdale District Council"),
        ("auditor@harrowdale.example", "harrowdale", "programme_auditor", "Harrowdale District Council"),
        ("county.analyst@northshire.example", "harrowdale", "analyst", "Northshire County Council"),
        ("county.analyst@northshire.example", "fenmarsh", "analyst", "Northshire County Council"),
        ("manager@fenmarsh.example", "fenmarsh", "csp_manager", "Fenmarsh District Council"),
    }
    held = {(m.user.email, m.partnership.slug, m.role, m.organisation.name)
            for m in Membership.objects.select_related("user", "partnership", "organisation").filter(ended_on=None)}
    assert held == expected
    # A leaver whose membership has ended, and an invitation waiting (issue 12).
    leaver = Membership.objects.get(user__email="former.csu@harrowdale.example")
    assert leaver.ended_on is not None and leaver.ended_on < timezone.localdate()
    assert not has_permission(leaver.user, Permission.PLAN_VIEW, partnership=leaver.partnership)
    assert Invitation.objects.get(partnership__slug="harrowdale").email == "new.practitioner@harrowdale.example"
    assert all(u.check_password(demo.DEMO_PASSWORD) for u in User.objects.filter(email__in=demo.DEMO_EMAILS))
    # Harrowdale Homes' organisation lead sees its people and the invitation waiting (ADR 48).
    lead = Membership.objects.get(is_organisation_lead=True)
    assert (lead.user.email, lead.organisation.name) == ("housing@harrowdale.example", "Harrowdale Homes")
    force_sign_in(client, lead.user)
    people = client.get("/p/harrowdale/people/").content.decode()
    assert "new.practitioner@harrowdale.example" in people and "analyst@harrowdale.example" not in people

    county = User.objects.get(email="county.analyst@northshire.example")
    assert set(partnerships_visible_to(county)) == {harrowdale, fenmarsh}
    force_sign_in(client, county)
    assert client.get("/p/harrowdale/").status_code == 200
    assert client.get("/p/fenmarsh/").status_code == 200
    force_sign_in(client, User.objects.get(email="manager@harrowdale.example"))
    assert client.get("/p/fenmarsh/").status_code == 404


@pytest.mark.django_db
def test_members_who_need_a_second_factor_have_the_readmes_authenticator_key(harrowdale, client):
    """ADR 46: the key is published in the README; a code from it signs the manager in."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert demo.DEMO_AUTHENTICATOR_KEY in readme
    manager = User.objects.get(email="manager@harrowdale.example")
    assert second_factor.summary(manager) == "Authenticator app"
    assert second_factor.summary(User.objects.get(email="board@harrowdale.example")) == ""
    app = second_factor.authenticator_of(manager)
    assert base64.b32encode(app.bin_key).decode() == demo.DEMO_AUTHENTICATOR_KEY.replace(" ", "")
    client.post("/accounts/sign-in/", {"email": manager.email, "password": demo.DEMO_PASSWORD})
    assert client.get("/p/harrowdale/plans/")["Location"].startswith("/accounts/second-factor/check/")
    assert client.post("/accounts/second-factor/check/", {"code": authenticator_code(app)}).status_code == 302
    assert client.get("/p/harrowdale/plans/").status_code == 200


@pytest.mark.django_db
def test_harrowdale_monitors_equality_and_signs_off_an_assessment_per_priority(harrowdale):
    """ADR 66: answers on some casework and DA people; the setting on, and every priority of this year's
    and last year's plans assessed and signed off, so no gap of this year's plan is about equality."""
    assert PersonEquality.objects.filter(person__partnership=harrowdale).count() == 4
    assert DaPersonEquality.objects.filter(person__partnership=harrowdale).count() == 3
    assert harrowdale.equality_settings.assessment_required_per_priority
    for start_year in (CURRENT - 1, CURRENT):
        priorities = _plan(harrowdale, start_year).priorities.all()
        assert priorities and all(p.equality_assessments.get().is_signed_off for p in priorities)
    _, gaps = plan_actions.publication_gaps(_plan(harrowdale, CURRENT))
    assert not [g for g in gaps if "equality" in g.what]


@pytest.mark.django_db
def test_harrowdale_has_reporting_centres_and_a_week_of_hate_reports(harrowdale):
    """ADR 62: two reporting centres; a week of hate reports sent to the police CSU to triage, one turned
    into casework and one closed; the Neighbourhood Watch's centre worker follows the one she sent."""
    assert sorted(str(c) for c in ReportingCentre.objects.filter(partnership=harrowdale, withdrawn_at=None)) == [
        "Harrowdale Neighbourhood Watch Association", "Kestrel Housing Association"]
    reports = HateReport.objects.filter(partnership=harrowdale)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    assert reports.count() == 7 and not reports.filter(received_at__lt=week_ago).exists()
    assert {r.owner_organisation.name for r in reports} == {"Northshire Police"}
    assert sorted(reports.values_list("status", flat=True)) == ["casework", "closed"] + ["in_triage"] * 5
    assert reports.get(status="casework").casework_report.category == "hate"
    client = Client()
    force_sign_in(client, User.objects.get(email="csu@harrowdale.example"))
    assert client.get("/p/harrowdale/hate-reports/").content.decode().count("/p/harrowdale/hate-reports/") >= 5
    force_sign_in(client, User.objects.get(email="centre@harrowdale.example"))
    page = client.get("/p/harrowdale/hate-reports/my-centre/").content.decode()
    sent = reports.get(centre__isnull=False)
    assert sent.reference in page and "In triage" in page and "wheelchair" not in page


@pytest.mark.django_db
def test_harrowdale_has_an_asb_case_review_application_in_progress_from_the_public_form(harrowdale):
    """ADR 63: the police CSU receives applications made online; Maureen Tolley's daughter applied for her
    today, the CSU matched it to her three reports and has ten working days to decide; last year's review
    gives the public page its figures."""
    application = CaseReviewApplication.objects.get(partnership=harrowdale, public__isnull=False)
    assert (application.owner_organisation.name, application.applicant_name, application.status) == (
        "Northshire Police", "Maureen Tolley", "received")
    assert application.public.incidents.count() == 4 and application.reports.count() == 3
    client = Client()
    force_sign_in(client, User.objects.get(email="csu@harrowdale.example"))
    page = client.get(f"/p/harrowdale/case-reviews/{application.pk}/").content.decode()
    assert "Provisionally, the threshold is met" in page and "The threshold is met</strong> on the linked" in page
    assert "Decision on the threshold: due on" in client.get("/p/harrowdale/case-reviews/").content.decode()
    public = Client().get("/published/harrowdale/case-review/").content.decode()
    last_year = f"{CURRENT - 1}/{CURRENT % 100:02d}"
    assert re.search(rf"{last_year}</th>\s*(<td[^>]*>1</td>\s*){{4}}", public)
    status = Client().post("/published/harrowdale/case-review/status/", {
        "reference": application.public.reference, "email": "karen.tolley@example.org"})
    assert status.status_code == 200 and "Not decided yet" in status.content.decode()


@pytest.mark.django_db
def test_harrowdale_has_places_and_repeat_locations_this_year(harrowdale):
    """ADR 70: the reports' places are in the gazetteer, Kingsmead Close and Willow Court located in
    Copley Ford's LSOAs; Maureen Tolley's home (the police's reports) and Willow Court (Harrowdale
    Homes') are repeat locations this year, each on the briefing of the organisation that sees them
    and in the figure, and the hot spots map shows Copley Ford's reports."""
    places = harrowdale.places.all()
    assert places.count() > 10 and places.exclude(lsoa_code="").count() >= 7
    start, end = datetime.date(CURRENT, 4, 1), datetime.date(CURRENT + 1, 3, 31)  # this plan year
    from_records = get_measure("casework.repeat_locations").evaluate(
        partnership=harrowdale, period_start=start, period_end=end, params={})
    assert from_records >= 2
    client = Client()
    today = timezone.localdate()
    for email, place in (("csu@harrowdale.example", "3 Kingsmead Close"), ("housing@harrowdale.example",
                                                                           "Willow Court")):
        force_sign_in(client, User.objects.get(email=email))
        briefing = client.get(f"/p/harrowdale/casework/briefing/?day={today}&period=week").content.decode()
        locations = briefing[briefing.index("Repeat locations among"):]
        assert place in locations, email
        hot_spots = client.get("/p/harrowdale/places/hot-spots/").content.decode()
        assert 'class="app-map"' in hot_spots
