"""Bad input through the real pages: every refusal answers 400 with a GOV.UK error summary that
links to the field and says what is wrong in plain words, and nothing is saved."""

import datetime
import html
import re

import pytest

from eunomia.casework import actions as casework_actions
from eunomia.interventions import actions as intervention_actions
from eunomia.casereview import actions as casereview_actions
from eunomia.referrals import actions as referral_actions
from eunomia.jobs.models import Job
from eunomia.taskgroup.models import Meeting
from tests.tasking.objects import tasking_objects
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from eunomia.accounts import actions as account_actions
from eunomia.accounts.models import LoginFailure
from eunomia.audit.models import AuditEvent
from eunomia.equality.models import Assessment, PersonEquality, ProtectedCharacteristic
from eunomia.evidence import actions as evidence_actions
from eunomia.partners import actions as partner_actions
from eunomia.places.actions import find_or_create_place
from eunomia.figures import recount
from eunomia.plans import actions as plan_actions
from eunomia.plans.models import PlanYear, PublishedVersion, Target
from eunomia.plans.report import plan_document
from eunomia.casereview.models import CaseReviewApplication
from tests.casereview import helpers as casereview_helpers
from tests.conftest import PASSWORD
from tests.domesticabuse.helpers import da_url_kwargs
from tests.equality.helpers import equality_pks
from tests.evidence.objects import BAD_FORMS as PARTNER_DATA_BAD_FORMS
from tests.evidence.objects import partner_measure_objects, partner_measure_url_kwargs
from tests.families import claim_objects
from tests.families import page_objects as family_pages
from tests.hatereports.helpers import hate_report_objects, hate_report_url_kwargs
from tests.operations.objects import BAD_FORMS, operations_pks, operations_posting
from tests.projects.helpers import BAD_FORMS as PROJECT_BAD_FORMS
from tests.projects.helpers import bad_form, project_objects, project_url_kwargs
from tests.governance import objects as governance


def tasking_pks(by, partnership, organisation, group, plan_action):
    meeting, task, item = tasking_objects(by, partnership, organisation, group, plan_action)
    return [meeting.pk] * 5 + [task.pk] * 3 + [group.pk] * 3 + [item.pk, plan_action.pk]


def error_summary(response):
    """The error summary's links, as (href, message) pairs."""
    content = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', content, re.S)
    assert summary, "the page has no error summary"
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in summary.group(0)
    return [(href, html.unescape(text)) for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', summary.group(0))]


def assert_refused(response, field_id, message):
    assert response.status_code == 400
    assert error_summary(response) == [(f"#{field_id}", message)]
    assert response.content.decode().count(html.escape(message)) == 2, "the message also shows at the field"
    assert "<title>Error: " in response.content.decode()


def state():
    return AuditEvent.objects.count(), Target.objects.count(), PlanYear.objects.count()


# Recording an actual ---------------------------------------------------------------------------

def actual_url(target):
    return f"/p/testvale/plans/{target.action.plan.start_year}/targets/{target.pk}/actual/"


@pytest.mark.parametrize("target, typed, message", [
    ("referrals", "", "Enter the actual"),
    ("referrals", "   ", "Enter the actual"),
    ("referrals", "abc", "Enter the actual as a number, like 38"),
    ("referrals", "12..3", "Enter the actual as a number, like 38"),
    ("referrals", "1e999", "That number is too large"),
    ("referrals", "£", "Enter the actual"),
    ("referrals", "-5", "A count must be a whole number, 0 or more"),
    ("referrals", "2.5", "A count must be a whole number, 0 or more"),
    ("improved", "150", "A percentage must be between 0 and 100"),
    ("improved", "NaN", "Enter the actual as a number, like 82.5"),
    ("improved", "12.34567", "Use no more than 4 decimal places"),
])
def test_an_actual_that_is_not_a_fitting_number_is_refused(client_for, manager, plans, target, typed, message):
    target = plans[target]
    value_before, revisions_before, before = target.actual.value, target.actual.revisions.count(), state()

    response = client_for(manager).post(actual_url(target), {"value": typed, "evidence": "Mediation returns"})

    assert_refused(response, "id_value", message)
    target.actual.refresh_from_db()
    assert (target.actual.value, target.actual.revisions.count(), state()) == (value_before, revisions_before, before)


def test_an_actual_without_evidence_is_refused(client_for, manager, plans):
    response = client_for(manager).post(actual_url(plans["referrals"]), {"value": "38", "evidence": " "})

    assert_refused(response, "id_evidence",
                   "Say where the actual comes from, for example the report or system it was taken from")
    plans["referrals"].actual.refresh_from_db()
    assert plans["referrals"].actual.value is None


def test_an_actual_written_as_people_write_numbers_is_saved(client_for, manager, plans):
    target = plans["referrals"]

    response = client_for(manager).post(actual_url(target), {"value": " 1,234 ", "evidence": "Mediation returns"})

    assert response.status_code == 302
    target.actual.refresh_from_db()
    assert target.actual.value == 1234


# Targets, text and plan years ---------------------------------------------------------------------------

def test_a_target_without_a_baseline_is_refused(client_for, manager, plans):
    before = state()
    url = f"/p/testvale/plans/2024/actions/{plans['mediation'].pk}/targets/new/"

    response = client_for(manager).post(url, {"measure": "Cases closed", "unit": "count", "counts": "events",
                                              "direction": "increase", "baseline_value": "", "baseline_note": "",
                                              "target_value": "10"})

    assert_refused(response, "id_baseline_value", "Enter a baseline, usually last year's actual, or say why there is "
                                                  "none (for example 'New service')")
    assert state() == before


@pytest.mark.parametrize("body, message", [
    ("We made [[no-such-figure]] referrals.",
     "The text names [[no-such-figure]], but there is no figure with that name. Check the spelling against the "
     "list of figures, or add the figure first."),
    ("We made [[no-such-figure referrals.",
     "A figure name is not written in full: write it as [[figure-name]], with two square brackets on each side"),
])
def test_text_naming_a_figure_that_does_not_exist_is_refused(client_for, manager, plans, body, message):
    section = plans["current"].sections.get(kind="introduction")
    before = state()

    response = client_for(manager).post("/p/testvale/plans/2025/text/introduction/", {"body": body})

    assert_refused(response, "id_body", message)
    assert body in html.unescape(response.content.decode()), "what was typed is kept for correcting"
    section.refresh_from_db()
    assert section.body == "The partnership's plan for the year."
    assert state() == before


def test_a_second_plan_for_a_year_is_refused(client_for, manager, plans):
    before = state()

    response = client_for(manager).post("/p/testvale/plans/new/", {"start_year": "2025", "title": ""})

    assert_refused(response, "id_start_year", "There is already a plan for 2025/26")
    assert state() == before


# Signing in ---------------------------------------------------------------------------------------

def sign_in(client, email, password):
    return client.post("/accounts/sign-in/", {"email": email, "password": password})


def test_a_wrong_password_is_refused(client, manager):
    response = sign_in(client, manager.email, "not-the-password")

    assert_refused(response, "id_email", "The email address or password is not right")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="user.sign_in_refused", data__email=manager.email).count() == 1


def test_after_too_many_failures_even_the_right_password_waits(client, manager, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    for _ in range(5):
        response = sign_in(client, manager.email, "guess")
        assert_refused(response, "id_email", "The email address or password is not right")

    response = sign_in(client, manager.email, PASSWORD)

    assert_refused(response, "id_email", "Too many failed attempts to sign in. Wait 10 minutes, then try again.")
    assert "_auth_user_id" not in client.session

    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(seconds=601))
    response = sign_in(client, manager.email, PASSWORD)

    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.session["_auth_user_id"] == str(manager.pk)


def test_the_right_password_signs_in_below_the_limit(client, manager, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    for _ in range(4):
        sign_in(client, manager.email, "guess")

    assert sign_in(client, manager.email, PASSWORD).status_code == 302
    assert not LoginFailure.objects.filter(email=manager.email).exists()


# Published versions -------------------------------------------------------------------------------

@pytest.fixture
def published(plans, manager):
    document, _ = plan_document(plans["current"])
    return PublishedVersion.objects.create(
        plan=plans["current"], number=1, published_at=timezone.now(), published_by=manager, document=document,
        pdf=b"%PDF-1.7 stored", large_print_pdf=b"%PDF-1.7 large", docx=b"PK stored")


PUBLIC_URLS = ["/published/", "/published/testvale/", "/published/testvale/2025/", "/published/testvale/2025/v1/",
               "/published/testvale/2025/v1/plan.pdf", "/published/testvale/2025/v1/plan-large-print.pdf",
               "/published/testvale/2025/v1/plan.docx",
               # The public API of the published plans (ADR 65).
               "/api/v1/published/testvale/", "/api/v1/published/testvale/2025/", "/api/v1/published/testvale/2025/v1/"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_published_pages_only_answer_reading(client_for, manager, published, url):
    before = PublishedVersion.objects.values("document", "number", "published_at").get()

    assert client_for(None).get(url).status_code == 200
    for client in (client_for(None), client_for(manager)):
        assert client.post(url, {"title": "Rewritten"}).status_code == 405
        assert client.put(url, "Rewritten").status_code == 405
        assert client.delete(url).status_code == 405

    assert PublishedVersion.objects.values("document", "number", "published_at").get() == before
    assert bytes(PublishedVersion.objects.get().pdf) == b"%PDF-1.7 stored"


def all_routes(resolver=None, prefix="", namespace=""):
    """Every URL pattern as (route, name with namespace)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if not inner == "admin":
                yield from all_routes(pattern, prefix + str(pattern.pattern), inner)
        else:
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_only_the_public_read_only_pages_address_a_published_version():
    # And the public API's read-only version of the same (ADR 65).
    assert {name for route, name in all_routes() if "<int:number>" in route} == {"published:version",
                                                                                "published:download",
                                                                                "api:published_version"}


# The rule for publishing counts of people (ADR 65) ------------------------------------------------------

@pytest.mark.parametrize("posted, field_id, message", [
    ({"threshold": "", "secondary": "yes"}, "id_threshold", "Enter the number, like 5"),
    ({"threshold": "five", "secondary": "yes"}, "id_threshold", "Enter the number, like 5"),
    ({"threshold": "2", "secondary": "yes"}, "id_threshold", "Choose a number from 3 to 20"),
    ({"threshold": "21", "secondary": "yes"}, "id_threshold", "Choose a number from 3 to 20"),
    ({"threshold": "5"}, "id_secondary_1", "Say whether to withhold them too"),
    ({"threshold": "5", "secondary": "maybe"}, "id_secondary_1", "Say whether to withhold them too"),
])
def test_a_disclosure_rule_that_cannot_be_is_refused(client_for, manager, partnership, posted, field_id, message):
    before = state()

    response = client_for(manager).post("/p/testvale/figures/disclosure/", posted)

    assert_refused(response, field_id, message)
    assert state() == before


# The operations log (ADR 60) ----------------------------------------------------------------------------

@pytest.mark.parametrize("path, posted, field_id, message", BAD_FORMS)
def test_an_operations_record_with_bad_input_is_refused(client_for, manager, partnership, council, path, posted,
                                                        field_id, message):
    posted = operations_posting(partnership, council, posted)
    before = state()

    response = client_for(manager).post(f"/p/testvale/operations/{path}", posted)

    assert_refused(response, field_id, message)
    assert state() == before


# Projects, funds and returns (ADR 59) -------------------------------------------------------------------

@pytest.mark.parametrize("path, posted, field_id, message", PROJECT_BAD_FORMS)
def test_a_projects_form_with_bad_input_is_refused(client_for, manager, partnership, council, housing, path, posted,
                                                   field_id, message):
    url, posted = bad_form(path, posted, project_objects(manager, partnership, housing, council))
    before = state()

    response = client_for(manager).post(f"/p/testvale/projects/{url}", posted)

    assert_refused(response, field_id, message)
    assert state() == before


# Partner data as figures (ADR 71) -----------------------------------------------------------------------------

@pytest.mark.parametrize("path, posted, field_id, message", PARTNER_DATA_BAD_FORMS)
def test_a_partner_data_form_with_bad_input_is_refused(client_for, manager, partnership, council, path, posted,
                                                       field_id, message):
    objects = partner_measure_objects(manager, partnership, council)
    before = state()

    response = client_for(manager).post(f"/p/testvale/evidence/{path.format(**objects)}", posted)

    assert_refused(response, field_id, message)
    assert state() == before


# Hate reports (ADR 62): the public form's pages and the triage and centre forms --------------------------------

HATE_REPORT_BAD_FORMS = [
    ("/report-hate/testvale/who/", {"leave_this_empty": ""}, "id_reporter_1", "Choose who is reporting"),
    ("/report-hate/testvale/who/", {"reporter": "<script>", "leave_this_empty": ""}, "id_reporter_1",
     "Choose who is reporting from the list"),
    ("/p/testvale/hate-reports/{report}/close/", {}, "id_reason_1", "Choose why the report is being closed"),
    ("/p/testvale/hate-reports/{report}/close/", {"reason": "other", "note": " "}, "id_note", "Enter the note"),
    ("/p/testvale/hate-reports/centres/", {"organisation": ""}, "id_organisation",
     "Choose the organisation to make a reporting centre"),
    ("/p/testvale/hate-reports/triage-organisation/", {"organisation": "999999"}, "id_organisation",
     "Choose an organisation from the list"),
]


@pytest.mark.parametrize("path, posted, field_id, message", HATE_REPORT_BAD_FORMS)
def test_a_hate_report_form_with_bad_input_is_refused(client_for, manager, partnership, council, housing, path, posted,
                                                      field_id, message):
    report = hate_report_objects(manager, partnership, housing)["report"]
    before, status = state(), (report.status, report.close_reason)
    client = client_for(None if path.startswith("/report-hate/") else manager)

    response = client.post(path.format(report=report.pk), posted)

    assert_refused(response, field_id, message)
    assert state() == before
    report.refresh_from_db()
    assert (report.status, report.close_reason) == status


# The partnership's meetings and the plan's sending to the PCC (ADR 64) ----------------------------------------

@pytest.mark.parametrize("row", governance.BAD_FORMS, ids=[row[0] for row in governance.BAD_FORMS])
def test_a_governance_form_with_bad_input_is_refused(client_for, manager, partnership, council, row):
    plan = plan_actions.create_plan(by=manager, partnership=partnership, start_year=2025)
    objects = governance.governance_objects(partnership, council, version=governance.bare_version(plan))
    url, posted, field_id, message = governance.bad_form(row, objects, council)
    before = state()

    response = client_for(manager).post(f"/p/testvale/governance/{url}", posted)

    assert_refused(response, field_id, message)
    assert state() == before


# Equality monitoring and impact assessments (ADR 66) --------------------------------------------------------

@pytest.mark.parametrize("posted, field_id, message", [
    ({"ethnicity": "martian"}, "id_ethnicity_1", "Choose one of the answers listed"),
    ({"long_term_condition": "no", "reduced_ability": "a_lot"}, "id_reduced_ability_1",
     "You said you have no condition or illness lasting 12 months or more: choose 'Not at all' or 'Prefer not to "
     "say' here, or change that answer"),
])
def test_equality_answers_that_cannot_be_are_refused(client_for, manager, partnership, council, posted, field_id,
                                                     message):
    person = casework_actions.add_person(by=manager, partnership=partnership, organisation=council, first_name="A",
                                         last_name="B")
    # Only the audit log changes: the refused page shows the answers again, and that read is audited.
    before = state()[1:], PersonEquality.objects.count()

    response = client_for(manager).post(f"/p/testvale/equality/people/{person.pk}/change/", posted)

    assert_refused(response, field_id, message)
    assert (state()[1:], PersonEquality.objects.count()) == before


def test_an_impact_assessment_due_for_review_in_the_past_is_refused(client_for, manager, plans):
    posted = {"who_is_affected": "Residents", "evidence": "Survey", "decision": "no_change",
              "review_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
              **{f"impact_{c}": "neutral" for c in ProtectedCharacteristic.values}}
    before = state(), Assessment.objects.count()

    response = client_for(manager).post(f"/p/testvale/equality/plans/{plans['current'].pk}/assessment/", posted)

    assert_refused(response, "id_review_on", "The review date must be today or later")
    assert (state(), Assessment.objects.count()) == before


# Applying for an ASB case review, and its procedure (ADR 63) -----------------------------------------------

@pytest.mark.parametrize("url, posted, field_id, message", casereview_helpers.BAD_FORMS,
                         ids=[row[0] for row in casereview_helpers.BAD_FORMS])
def test_a_case_review_application_page_with_bad_input_is_refused(client, partnership, council, url, posted,
                                                                   field_id, message):
    client.post(f"{casereview_helpers.BASE}apply/who/", {"applying_for": "someone_else"})
    before = state(), CaseReviewApplication.objects.count()

    response = client.post(f"{casereview_helpers.BASE}{url}", posted)

    assert_refused(response, field_id, message)
    assert (state(), CaseReviewApplication.objects.count()) == before


def test_a_case_review_procedure_that_cannot_be_is_refused(client_for, manager, partnership, council):
    before = state()

    response = client_for(manager).post("/p/testvale/case-reviews/procedure/", {
        "decision_days": "0", "review_days": "20", "outcome_days": "10"})

    assert_refused(response, "id_decision_days", "The days to decide on the threshold must be from 1 to 60 working days")
    assert state() == before


# The Family Focus programme's pages (ADR 68) ------------------------------------------------------------

@pytest.mark.parametrize("row", claim_objects.BAD_FORMS, ids=[row[0] for row in claim_objects.BAD_FORMS])
def test_a_family_claims_form_with_bad_input_is_refused(client_for, manager, partnership, council, row):
    url, posted, field_id, message = claim_objects.bad_form(row, claim_objects.claim_objects(manager, partnership,
                                                                                             council))
    before = state()

    response = client_for(manager).post(f"/p/testvale/family-claims/{url}", posted)

    assert_refused(response, field_id, message)
    assert state() == before


@pytest.mark.parametrize("row", family_pages.BAD_FORMS, ids=[row[0] for row in family_pages.BAD_FORMS])
def test_a_family_form_with_bad_input_is_refused(client_for, manager, partnership, council, row):
    url, posted, field_id, message = family_pages.bad_form(row, family_pages.family_objects(manager, partnership,
                                                                                            council))
    # Only the audit log changes: the refused page names the family again, and that read is audited.
    before = state()[1:], family_pages.state()

    response = client_for(manager).post(f"/p/testvale/families/{url}", posted)

    assert_refused(response, field_id, message)
    assert (state()[1:], family_pages.state()) == before


@pytest.mark.parametrize("query, field_id, message", [
    ("first=2026-02-30", "id_first", "Enter the first day as a real date, like 2026-11-24"),
    ("first=2026-03-02&last=2026-03-01", "id_last", "The last day must be on or after the first day"),
    ("first=2025-01-01&last=2026-03-01", "id_first", "Choose at most 366 days: a year and a day"),
])
def test_the_hot_spots_map_refuses_days_that_cannot_be(client_for, manager, query, field_id, message):
    """The staff map of casework hot spots (ADR 70): its days are asked for with a GET form."""
    before = state()
    assert_refused(client_for(manager).get(f"/p/testvale/places/hot-spots/?{query}"), field_id, message)
    assert state()[1:] == before[1:]


# Another partnership's pages ----------------------------------------------------------------------------

def _kept_figure(figure):
    """The figure as a publication printed it (ADR 69)."""
    kept = recount.keep(figure=figure, shown="0", withheld=False, recorded="", publication="Plan",
                        publication_url="/", published_at=timezone.now())
    kept.save()
    return kept.pk


@pytest.fixture
def this_partnerships_urls(plans, manager, partnership, council, housing):
    contact = partner_actions.add_contact(by=manager, partnership=partnership, organisation=council, name="Sam Patel")
    group = partner_actions.save_working_group(by=manager, partnership=partnership, name="ASB Task Group",
                                               lead_organisation=council)
    mediation, referrals = plans["mediation"], plans["referrals"]
    milestone = plan_actions.set_milestones(by=manager, target=referrals, aims={datetime.date(2024, 6, 30): 10})[0]
    job = Job.objects.create(kind="crime.import_police_data", partnership=partnership, created_by=manager)
    person = casework_actions.add_person(by=manager, partnership=partnership, organisation=council,
                                         first_name="Alex", last_name="Sample")
    report = casework_actions.record_report(
        by=manager, partnership=partnership, organisation=council, occurred_at=timezone.now(),
        reported_at=timezone.now(), category="noise", source="phone", description="Loud music",
        people=[(person, "victim")])
    meeting = Meeting.objects.create(partnership=partnership, owner_organisation=council,
                                     held_on=datetime.date(2026, 11, 1))
    case = casework_actions.open_case(by=manager, partnership=partnership, organisation=council, title="Forms",
                                      reports=[report])
    casework_actions.add_party(by=manager, case=case, person=person, role="perpetrator")
    letter = intervention_actions.record_intervention(by=manager, case=case, person=person,
                                                      kind="warning_letter_1", issued_on=timezone.localdate())
    projects = project_objects(manager, partnership, housing, council)
    claims = claim_objects.claim_objects(manager, partnership, council)
    pks = {
        "partners:organisation_edit": council.pk, "partners:organisation_leave": housing.pk,
        "partners:seat_dates": housing.seats.get().pk,
        "partners:contact_edit": contact.pk, "partners:working_group_edit": group.pk,
        "plans:action_edit": mediation.pk, "plans:action_carry_over": mediation.pk,
        "plans:target_edit": referrals.pk, "plans:target_actual": referrals.pk,
        "plans:target_milestones": referrals.pk, "plans:milestone_actual": milestone.pk,
        **dict.fromkeys(("partners:membership_role", "partners:membership_end", "partners:membership_reactivate",
                         "partners:membership_lead", "partners:second_factor_reset"), manager.memberships.get().pk),
        "partners:invitation_cancel": account_actions.invite(
            by=manager, partnership=partnership, organisation=council, role="analyst", email="x@sweep.example",
            full_name="X", link_for=str).pk,
        "plans:item_edit": mediation.priority_id, "plans:item_move": mediation.priority_id,
        "jobs:detail": job.pk, "jobs:cancel": job.pk, "casework:report": report.pk, "casework:person": person.pk,
        "casework:person_consent": person.pk, "casework:person_merge": person.pk,
        "casework:case_open": report.pk, "casework:case": case.pk, "casework:case_link_report": case.pk,
        "casework:report_add_person": report.pk, "casework:report_add_new_person": report.pk,
        "casework:case_add_party": case.pk, "casework:case_share": case.pk, "casework:case_lead": case.pk,
        "casework:case_close": case.pk,
        "casework:case_reopen": case.pk, "casework:case_unshare": case.pk,
        "figures:recount": _kept_figure(referrals.actual),
        "places:place": find_or_create_place(by=manager, partnership=partnership, address="1 Forms Street").pk,
        **dict.fromkeys(("casereview:detail", "casereview:decision", "casereview:meeting", "casereview:close",
                         "casereview:match"),
                        casereview_actions.receive_application(by=manager, partnership=partnership, organisation=council,
                                                               received_on=timezone.localdate(), description="Review",
                                                               applicant=person).pk),
        "risk:person": person.pk, "risk:assess": person.pk, "referrals:new": person.pk,
        "referrals:detail": referral_actions.refer(by=manager, person=person, organisation=council,
                                                   service="mediation").pk,
        "taskgroup:meeting": meeting.pk, "taskgroup:minutes": meeting.pk, "taskgroup:action_new": meeting.pk,
        "taskgroup:action_done": meeting.pk,
        **{f"domesticabuse:{name}": kwargs["pk"] for name, kwargs in da_url_kwargs(partnership).items()},
        **dict(zip(("tasking:meeting", "tasking:meeting_notes", "tasking:issue_new", "tasking:alerts",
                    "tasking:task_new", "tasking:task", "tasking:task_update", "tasking:task_complete",
                    "tasking:group", "tasking:group_item_new", "tasking:group_notes_new", "tasking:item_update",
                    "tasking:apply_rollup"), tasking_pks(manager, partnership, council, group, mediation))),
        **dict.fromkeys(("interventions:breach", "interventions:letter_pdf", "interventions:letter_docx"), letter.pk),
        **operations_pks(partnership, council),
        **{name: kwargs["pk"] for name, kwargs in project_url_kwargs(projects).items() if "pk" in kwargs},
        **{name: kwargs["pk"] for name, kwargs in hate_report_url_kwargs(
            hate_report_objects(manager, partnership, housing)).items() if "pk" in kwargs},
        **{name: kwargs["pk"] for name, kwargs in governance.governance_url_kwargs(governance.governance_objects(
            partnership, council, version=governance.bare_version(plans["current"]))).items()
           if name.startswith("governance:")},
        **{name: kwargs["pk"] for name, kwargs in claim_objects.claim_url_kwargs(claims).items()},
        **{name: kwargs["pk"] for name, kwargs in partner_measure_url_kwargs(
            partner_measure_objects(manager, partnership, council)).items()},
        **{name: kwargs["pk"] for name, kwargs in family_pages.family_url_kwargs(
            family_pages.family_objects(manager, partnership, council)).items()},
    }
    pks.update(equality_pks(by=manager, person=person.pk, da_person=pks["domesticabuse:person"],
                            plan=plans["current"], priority=mediation.priority_id, project=projects["project"]))
    values = {"slug": "testvale", "year": 2024, "kinds": "priorities", "kind": "introduction",
              "name": referrals.actual.name, "action_pk": mediation.pk, "crime_type": "burglary", "fmt": "csv", "share_pk": 1,
              "case_pk": case.pk, "letter": "warning_letter_1", "period": projects["period"],
              "line_pk": claims["claim_line"]}
    # A weight can only be changed in the partnership's active set of harm weights.
    evidence_actions.import_harm_weights(by=manager, partnership=partnership, file_name="weights.csv",
                                         data=b"crime_type,cchi_days\nBurglary,244.68\n")
    urls = []
    for route, name in all_routes():
        if not route.startswith("p/<slug:slug>/"):
            continue
        kwargs = {}
        for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
            kwargs[param] = pks[name] if param == "pk" else values[param]
        urls.append(reverse(name, kwargs=kwargs))
    return urls


def test_every_page_of_a_partnership_is_not_found_for_another_partnerships_user(
        client_for, outsider, manager, this_partnerships_urls, make_member, partnership, council):
    assert len(this_partnerships_urls) > 30
    members, strangers = client_for(manager), client_for(outsider)
    # Domestic abuse pages exist only for DA specialists (the manager gets a 404, ADR 0026).
    da_members = client_for(make_member("da_specialist", partnership, council))
    before = state()

    for url in this_partnerships_urls:
        is_da = "/domestic-abuse/" in url
        own = (da_members if is_da else members).get(url).status_code
        assert own != 404, f"{url} should exist for the partnership's own manager"
        # A page that only takes POST says so (405) before it looks for the partnership (not a DA page:
        # it says nothing until it knows the reader holds DA permissions).
        assert strangers.get(url).status_code == (405 if own == 405 and not is_da else 404), url
        assert strangers.post(url, {"delete": "1", "direction": "up"}).status_code == 404, url

    assert state()[1:] == before[1:]
    assert not AuditEvent.objects.filter(actor=outsider.email).exists()
