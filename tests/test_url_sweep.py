"""Walk every URL pattern the project has and prove an anonymous visitor is kept out of all of them
except an explicit public list: pages send them to the sign-in page and the API refuses in JSON.
(There is no Django admin: it would be a second way in, without the sign-in throttle.)

Each pattern is turned into a real address for real objects, so a public page is shown a record
that exists. A pattern taking a parameter this file has no value for fails the sweep: a new URL is
either covered here or the test says what is missing, never skipped."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from eunomia.accounts import actions as account_actions
from eunomia.accounts.second_factor import OPEN_BEFORE
from eunomia.audit.models import AuditEvent
from eunomia.casereview import actions as casereview_actions
from eunomia.casework import actions as casework_actions
from eunomia.core.dates import LATEST
from eunomia.figures.models import PublishedFigure
from eunomia.interventions import actions as intervention_actions
from eunomia.jobs.models import Job
from eunomia.notifications.models import Notification
from eunomia.partners import actions as partner_actions
from eunomia.places.actions import find_or_create_place
from eunomia.plans import actions as plan_actions
from eunomia.referrals import actions as referral_actions
from eunomia.taskgroup.models import Meeting, MeetingAction
from tests.domesticabuse.helpers import da_url_kwargs
from tests.equality.helpers import equality_pks
from tests.evidence.objects import partner_measure_objects, partner_measure_url_kwargs
from tests.families.claim_objects import claim_objects, claim_url_kwargs
from tests.families.page_objects import family_objects, family_url_kwargs
from tests.hatereports.helpers import hate_report_objects, hate_report_url_kwargs
from tests.governance.objects import governance_objects, governance_url_kwargs
from tests.operations.objects import operations_pks
from tests.projects.helpers import project_objects, project_url_kwargs
from tests.tasking.objects import tasking_objects

# Open to everyone. The API's schema (api-schema) and its documentation page (api-docs) are
# deliberately not here: they describe an API only members use, so they need signing in too.
PUBLIC = {
    "accounts:login",
    "accounts:oidc_start",
    "accounts:oidc_callback",
    "accounts:invitation",
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "core:health",
    # Whether the installation can do its work (ADR 72).
    "health-ready",
    "published:index",
    "published:partnership",
    "published:plan",
    "published:version",
    "published:download",
    # The partnership's meetings, their calendar files and public papers (ADR 64).
    "meetings:list",
    "meetings:meeting",
    "meetings:calendar",
    "meetings:paper",
    # The published plans through the API (ADR 65): what the published pages show, as data.
    "api:published_plans",
    "api:published_plan",
    "api:published_version",
    # Reporting a hate incident (ADR 62).
    "report_hate:start",
    "report_hate:step",
    "report_hate:check",
    "report_hate:sent",
    # Applying for an ASB case review, following it, and the partnership's case review page (ADR 63).
    "casereview_public:page",
    "casereview_public:start",
    "casereview_public:step",
    "casereview_public:incidents",
    "casereview_public:incident",
    "casereview_public:incident_remove",
    "casereview_public:check",
    "casereview_public:sent",
    "casereview_public:status",
    # The partnership's Family Focus figures (ADR 68), shown once a claim is approved (claim_objects has one).
    "families_public:page",
    # How a published figure was counted, and the records of one from open data (ADR 69).
    "published:how_counted",
    "published:how_counted_records",
}
# Public pages that answer something other than 200 here: signing in with an identity provider is
# off unless configured (ADR 47), and then its addresses are not found (reached, not sent to sign in).
# The hate report's check and confirmation pages send a visitor with nothing answered to the form's
# first page and its start (ADR 62).
PUBLIC_STATUS = {"accounts:oidc_start": 404, "accounts:oidc_callback": 404, "report_hate:check": 302,
                 "report_hate:sent": 302}
# The case review application's pages that need earlier answers send a visitor with none to the first
# page they need; an incident not listed yet cannot be removed (ADR 63).
# Only a figure from open data lists its records in public: the sweep's published figures are not (ADR 69).
PUBLIC_STATUS["published:how_counted_records"] = 404
PUBLIC_STATUS.update({"casereview_public:incidents": 302, "casereview_public:check": 302,
                      "casereview_public:sent": 302, "casereview_public:incident_remove": 404})
# No worker runs during the sweep, so the readiness check answers that it is not ready (ADR 72).
PUBLIC_STATUS["health-ready"] = 503

ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
REGEX_PARAMETER = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def url_patterns(patterns=None, pieces=(), namespaces=()):
    """(pieces of the pattern, namespaced name or None, namespaces) for every pattern, through includes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from url_patterns(pattern.url_patterns, pieces + (pattern.pattern,), inner)
        else:
            name = ":".join(namespaces + (pattern.name,)) if pattern.name else None
            yield pieces + (pattern.pattern,), name, namespaces


def route_of(pieces):
    """The route as Django reports it for a match (regex pieces lose their anchor when joined)."""
    return "".join(str(piece).lstrip("^") if i else str(piece) for i, piece in enumerate(pieces))


def concrete_url(pieces, value_of):
    url = "/"
    for piece in pieces:
        if isinstance(piece, RegexPattern):
            url += REGEX_PARAMETER.sub(lambda m: str(value_of(m[1])), str(piece).lstrip("^").rstrip("$"))
        else:
            url += ROUTE_PARAMETER.sub(lambda m: str(value_of(m[1])), str(piece))
    return url


class NoValue(Exception):
    pass


@pytest.fixture
def real_objects(plans, partnership, council, housing, system_user):
    """One of everything a URL can name, and a published version of this year's plan."""
    current, referrals, mediation = plans["current"], plans["referrals"], plans["mediation"]
    contact = partner_actions.add_contact(by=system_user, partnership=partnership, organisation=council,
                                          name="Pat Lead")
    group = partner_actions.save_working_group(by=system_user, partnership=partnership, name="ASB Task Group",
                                               lead_organisation=council)
    # This year's plan reviews last year's: its one missing actual has to be recorded first.
    plan_actions.record_actual(by=system_user, target=referrals, value=41, evidence="Mediation service return")
    plan_actions.approve_plan(by=system_user, plan=current)
    version = plan_actions.publish_plan(by=system_user, plan=current, in_background=False)

    # Pages of a plan use last year's, which has actions and targets to point at.
    shared = {
        "slug": partnership.slug,
        "year": plans["previous"].start_year,
        "kind": "introduction",
        "kinds": "priorities",
        "action_pk": mediation.pk,
        "name": referrals.actual.name,
        "filename": "plan.pdf",
    }
    published = {"year": current.start_year, "number": version.number}
    job = Job.objects.create(kind="sweep", partnership=partnership, created_by=system_user)
    person = casework_actions.add_person(by=system_user, partnership=partnership, organisation=council,
                                         first_name="Alex", last_name="Sample")
    report = casework_actions.record_report(
        by=system_user, partnership=partnership, organisation=council, occurred_at=timezone.now(),
        reported_at=timezone.now(), category="noise", source="phone", description="Loud music",
        people=[(person, "victim")])
    meeting = Meeting.objects.create(partnership=partnership, owner_organisation=council,
                                     held_on=datetime.date(2026, 11, 1))
    meeting_action = MeetingAction.objects.create(meeting=meeting, organisation=council, description="Visit",
                                                  due_on=datetime.date(2026, 11, 8))
    tasking_meeting, tasking_task, tasking_item = tasking_objects(system_user, partnership, council, group, mediation)
    review = casereview_actions.receive_application(by=system_user, partnership=partnership, organisation=council,
                                                   received_on=timezone.localdate(), description="Review", applicant=person)
    case = casework_actions.open_case(by=system_user, partnership=partnership, organisation=council, title="Sweep",
                                      reports=[report])
    agreement = casework_actions.add_agreement(
        by=system_user, partnership=partnership, title="Sweep ISA", purpose="Sweep", lawful_basis="public_task",
        parties=[council, housing], starts_on=timezone.localdate(), review_on=LATEST)
    share = casework_actions.share_case(by=system_user, case=case, organisation=housing, agreement=agreement)
    casework_actions.add_party(by=system_user, case=case, person=person, role="perpetrator")
    letter = intervention_actions.record_intervention(by=system_user, case=case, person=person,
                                                      kind="warning_letter_1", issued_on=timezone.localdate())
    da_kwargs = da_url_kwargs(partnership)
    tokens = []
    invitation = account_actions.invite(by=None, partnership=partnership, organisation=council, role="analyst",
                                        email="invited@sweep.example", full_name="Invited",
                                        link_for=lambda token: tokens.append(token) or token)
    invitation_token = tokens[0]
    membership = account_actions.add_membership(by=None, user=account_actions.create_user(
        by=system_user, email="member@sweep.example", full_name="Member"), partnership=partnership,
        organisation=council, role="analyst")
    # `pk` means a different object in each URL, so it is given per URL name.
    by_url_name = {
        "partners:organisation_edit": {"pk": housing.pk},
        "partners:organisation_leave": {"pk": housing.pk},
        "partners:seat_dates": {"pk": housing.seats.get().pk},
        "partners:contact_edit": {"pk": contact.pk},
        "partners:working_group_edit": {"pk": group.pk},
        "plans:action_edit": {"pk": mediation.pk},
        "plans:action_carry_over": {"pk": mediation.pk},
        "plans:target_edit": {"pk": referrals.pk},
        "plans:target_actual": {"pk": referrals.pk},
        "plans:target_milestones": {"pk": referrals.pk},
        "plans:milestone_actual": {"pk": plan_actions.set_milestones(
            by=system_user, target=referrals, aims={datetime.date(2024, 6, 30): 10})[0].pk},
        "plans:item_edit": {"pk": mediation.priority_id},
        "plans:item_move": {"pk": mediation.priority_id},
        "api:target": {"pk": referrals.pk},
        "api:target_actual": {"pk": referrals.pk},
        "jobs:detail": {"pk": job.pk},
        "jobs:cancel": {"pk": job.pk},
        "api:job": {"pk": job.pk},
        "api:report": {"pk": report.pk},
        "api:case": {"pk": case.pk},
        "api:person": {"pk": person.pk},
        # The other domains' API (ADR 43).
        **{f"api:tasking_{n}": {"pk": tasking_task.pk} for n in ("task", "task_updates", "task_complete")},
        "api:tasking_meeting": {"pk": tasking_meeting.pk},
        "api:tasking_group": {"pk": group.pk},
        "api:taskgroup_meeting": {"pk": meeting.pk},
        "api:taskgroup_action_done": {"pk": meeting.pk, "action_pk": meeting_action.pk},
        "api:interventions": {"case_pk": case.pk},
        **{f"api:{n}": {"pk": review.pk} for n in ("case_review", "case_review_decision", "case_review_meeting",
                                                    "case_review_close")},
        "api:risk_assessments": {"pk": person.pk},
        "api:person_referrals": {"pk": person.pk},
        "api:risk_question_set": {"kind": "victim"},
        "api:tasking_meeting_tasks": {"pk": tasking_meeting.pk},
        **{f"api:taskgroup_{n}": {"pk": meeting.pk} for n in ("minutes", "actions")},
        "api:intervention_breach": {"case_pk": case.pk, "pk": letter.pk},
        "api:directory_contact": {"pk": contact.pk},
        **{f"api:tasking_meeting_{n}": {"pk": tasking_meeting.pk} for n in ("notes", "issues", "alerts")},
        **{f"api:tasking_group_{n}": {"pk": group.pk} for n in ("items", "notes")},
        "api:tasking_item_updates": {"pk": tasking_item.pk}, "api:tasking_action_rollup": {"pk": mediation.pk},
        "api:letter_template": {"letter": "warning_letter_1"},
        **{f"api:directory_{n}": {"pk": housing.pk} for n in ("organisation", "organisation_leave")},
        "api:directory_spell": {"pk": housing.seats.get().pk},
        "api:directory_working_group": {"pk": group.pk},
        "evidence:harm_weight_edit": {"crime_type": "burglary"},
        # Partner data as figures (ADR 71).
        **partner_measure_url_kwargs(partner_measure_objects(system_user, partnership, council)),
        "assessment:download": {"fmt": "csv"},
        "casework:report": {"pk": report.pk},
        "casework:person": {"pk": person.pk},
        "casework:person_consent": {"pk": person.pk},
        "casework:person_merge": {"pk": person.pk},
        "casework:case_open": {"pk": report.pk},
        "casework:report_add_person": {"pk": report.pk},
        "casework:report_add_new_person": {"pk": report.pk},
        **{f"casework:{name}": {"pk": case.pk} for name in (
            "case", "case_link_report", "case_add_party", "case_share", "case_lead", "case_close", "case_reopen")},
        "casework:case_unshare": {"pk": case.pk, "share_pk": share.pk},
        # A place in the gazetteer (ADR 70).
        "places:place": {"pk": find_or_create_place(by=system_user, partnership=partnership, address="1 Sweep Street",
                                                    postcode="TV1 1AA").pk},
        **{f"interventions:{n}": {"case_pk": case.pk, "pk": letter.pk}
           for n in ("list", "new", "breach", "letter_pdf", "letter_docx")},
        "interventions:template_edit": {"letter": "warning_letter_1"},
        **{f"casereview:{n}": {"pk": review.pk} for n in ("detail", "decision", "meeting", "close", "match")},
        "casereview_public:step": {"step_slug": "who"},
        "casereview_public:incident": {"position": 1},
        "casereview_public:incident_remove": {"position": 1},
        "risk:person": {"pk": person.pk},
        "risk:assess": {"pk": person.pk},
        "referrals:new": {"pk": person.pk},
        "referrals:detail": {"pk": referral_actions.refer(by=system_user, person=person, organisation=council,
                                                          service="mediation").pk},
        "taskgroup:meeting": {"pk": meeting.pk},
        "taskgroup:minutes": {"pk": meeting.pk},
        "taskgroup:action_new": {"pk": meeting.pk},
        "taskgroup:action_done": {"pk": meeting.pk, "action_pk": meeting_action.pk},
        **{f"domesticabuse:{name}": kwargs for name, kwargs in da_kwargs.items()},
        **{f"api:da_{name}": da_kwargs[name] for name in ("person", "referral", "meeting")},
        **{f"tasking:{n}": {"pk": tasking_meeting.pk} for n in ("meeting", "meeting_notes", "issue_new", "alerts", "task_new")},
        **{f"tasking:{n}": {"pk": tasking_task.pk} for n in ("task", "task_update", "task_complete")},
        **{f"tasking:{n}": {"pk": group.pk} for n in ("group", "group_item_new", "group_notes_new")},
        "tasking:item_update": {"pk": tasking_item.pk}, "tasking:apply_rollup": {"pk": mediation.pk},
        **{name: {"pk": pk} for name, pk in operations_pks(partnership, council).items()},
        **{f"notifications:{n}": {"pk": Notification.objects.create(
            user=system_user, partnership=partnership, kind="task_overdue", path="/", title="Sweep", key=f"sweep:{n}",
            created_at=timezone.now()).pk} for n in ("open", "read")},
        "accounts:invitation": {"token": invitation_token},
        "accounts:session_end": {"pk": 1}, "accounts:api_token_revoke": {"pk": 1}, "accounts:passkey_remove": {"pk": 1},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        **{f"partners:membership_{n}": {"pk": membership.pk} for n in ("role", "end", "reactivate", "lead")},
        "partners:second_factor_reset": {"pk": membership.pk},
        "partners:invitation_cancel": {"pk": invitation.pk},
        "published:plan": published,
        "published:version": published,
        "published:download": published,
        "api:published_plan": published,
        "api:published_version": published,
        # A figure the published version printed, kept with what it counted (ADR 69).
        **{name: {"pk": PublishedFigure.objects.filter(partnership=partnership).first().pk}
           for name in ("published:how_counted", "published:how_counted_records", "figures:recount")},
        **project_url_kwargs(project_objects(system_user, partnership, housing, council)),
        **governance_url_kwargs(governance_objects(partnership, council, version=version)),
        **hate_report_url_kwargs(hate_report_objects(system_user, partnership, housing)),
        # The Family Focus programme's pages (ADR 68).
        **claim_url_kwargs(claim_objects(system_user, partnership, council)),
        **family_url_kwargs(family_objects(system_user, partnership, council)),
        # The Family Focus API refuses an anonymous visitor before it looks any record up.
        "api:family": {"pk": 1}, "api:family_claim": {"pk": 1},
    }
    by_url_name["api:referral"] = by_url_name["api:referral_status"] = by_url_name["referrals:detail"]
    by_url_name.update({name: {"pk": pk} for name, pk in equality_pks(
        by=system_user, person=person.pk, da_person=da_kwargs["person"]["pk"], plan=current,
        priority=mediation.priority_id, project=by_url_name["projects:project"]["pk"]).items()})

    def value_of(name, parameter):
        if parameter in by_url_name.get(name, {}):
            return by_url_name[name][parameter]
        if parameter in shared:
            return shared[parameter]
        raise NoValue(f"no value for <{parameter}> in {name}: add one to tests/test_url_sweep.py")

    return value_of


def kept_out(client, url, name, namespaces):
    """Why the anonymous client was not kept out of `url`, or None if it was."""
    if name in PUBLIC:
        response = client.get(url)
        expected = PUBLIC_STATUS.get(name, 200)
        return None if response.status_code == expected else f"public but answered {response.status_code}"
    for method in ("get", "post"):
        if "api" in namespaces:
            response = getattr(client, method)(url)
            if response.status_code not in (401, 403) or response["Content-Type"] != "application/json":
                return f"{method.upper()} answered {response.status_code} {response['Content-Type']}"
            if "detail" not in response.json():
                return f"{method.upper()} refused without saying why"
        else:
            response = getattr(client, method)(url)
            location = urlsplit(response.get("Location", ""))
            if (response.status_code != 302 or location.path != reverse("accounts:login")
                    or parse_qs(location.query).get("next") != [url]):
                return f"{method.upper()} answered {response.status_code} {response.get('Location', '')}"
    return None


def test_anonymous_visitors_are_kept_out_of_everything_but_the_public_pages(real_objects, fast_client_for):
    client = fast_client_for(None)
    events_before = AuditEvent.objects.count()
    problems, covered = [], set()
    patterns = list(url_patterns())
    for pieces, name, namespaces in patterns:
        route = route_of(pieces)
        label = name or f"unnamed {route}"
        try:
            url = concrete_url(pieces, lambda parameter: real_objects(label, parameter))
        except NoValue as missing:
            problems.append(str(missing))
            continue
        if resolve(url).route != route:
            problems.append(f"{label}: {url} does not lead back to its own pattern")
            continue
        problem = kept_out(client, url, name, namespaces)
        if problem:
            problems.append(f"{label} ({url}): {problem}")
        covered.add(route)

    assert not problems, "\n".join(problems)
    assert covered == {route_of(pieces) for pieces, _, _ in patterns}
    # Every refused POST (publish, approve, record an actual...) changed nothing.
    assert AuditEvent.objects.count() == events_before


def held_back(client, url, name, namespaces):
    """Why a session that owes its second factor was not held at the setup page, or None if it was."""
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if "api" in namespaces:
            if response.status_code != 403 or "second factor" not in response.json().get("detail", ""):
                return f"{method.upper()} answered {response.status_code}"
        else:
            location = urlsplit(response.get("Location", ""))
            if (response.status_code != 302 or location.path != reverse("accounts:second_factor_setup")
                    or parse_qs(location.query).get("next") != [url]):
                return f"{method.upper()} answered {response.status_code} {response.get('Location', '')}"
    return None


def test_a_session_owing_its_second_factor_reaches_only_the_pages_that_take_one(real_objects, manager):
    """Signed in with the password alone, a CSP manager (whose role reads personal data) is held at
    the page that sets up a second factor, wherever they go (ADR 46)."""
    client = Client()
    client.force_login(manager)
    events_before = AuditEvent.objects.count()
    problems = []
    for pieces, name, namespaces in url_patterns():
        if name in OPEN_BEFORE or name is None:
            continue
        url = concrete_url(pieces, lambda parameter: real_objects(name, parameter))
        problem = held_back(client, url, name, namespaces)
        if problem:
            problems.append(f"{name} ({url}): {problem}")
    assert not problems, "\n".join(problems)
    assert AuditEvent.objects.count() == events_before
    assert {"accounts:logout", "accounts:second_factor_check"} <= OPEN_BEFORE and "accounts:invitation" not in OPEN_BEFORE


def test_the_sweep_reaches_the_areas_it_is_meant_to():
    """Guards the walker itself: if includes stopped being followed, the sweep would pass on nothing."""
    names = {name for _, name, _ in url_patterns()}
    assert PUBLIC <= names
    assert {"api-schema", "api-docs", "api:publication", "plans:publish", "home:audit_log"} <= names
    assert not any(name.startswith("admin:") for name in names if name)
    assert len(names) > 50
