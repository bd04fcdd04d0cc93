"""Who may open what: every partnership page and API endpoint, for every role, a member of another
partnership and a signed-in user with no membership at all.

The expected statuses are written out by hand from the description of the roles, not derived from
eunomia/accounts/roles.py, so a wrong grant there shows up here as a wrong cell. Another
partnership's pages are a 404 (you cannot tell they exist); a member without the permission gets
a 403."""

import datetime

import pytest
from django.utils import timezone

from eunomia.accounts.models import User
from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework_actions
from eunomia.domesticabuse.models import DaPerson
from eunomia.figures import actions as figure_actions
from eunomia.places.actions import find_or_create_place
from eunomia.figures import recount
from eunomia.figures.models import Figure
from eunomia.plans.models import PlanYear, PublishedVersion, Section, Target
from tests.hatereports.helpers import report_for
from tests.families.page_objects import family_objects
from tests.governance.objects import bare_version, governance_objects
from tests.families.claim_objects import claim_objects
from tests.evidence.objects import partner_measure_objects
from tests.projects.helpers import project_objects

WHO = ("csp_manager", "analyst", "csu_officer", "partner_practitioner", "da_specialist", "board_member",
       "outsider", "nobody")

# Plan pages use last year's plan (2024/25): it has a priority, actions and targets. The practitioner
# works for Testvale Homes, which owns {housing_target} and {housing_figure}; the council owns
# {council_target} and {council_figure}.
#
#                                                            manager analyst csu  practi- DA   board outsider nobody
#                                                                                  tioner
PAGES = {
    "/p/testvale/":                                           (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/directory/":                                 (200,   200,    200, 200,   200, 200,  404,     404),
    # Domestic abuse is a 404 to everyone but DA specialists: its existence is not revealed (ADR 0026).
    "/p/testvale/domestic-abuse/":                            (404,   404,    404, 404,   200, 404,  404,     404),
    "/p/testvale/domestic-abuse/people/new/":                 (404,   404,    404, 404,   200, 404,  404,     404),
    "/p/testvale/directory/contacts/new/":                    (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/directory/organisations/{housing}/edit/":    (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/directory/members/{housing_seat}/dates/":    (200,   403,    403, 403,   403, 403,  404,     404),
    # People: the CSP manager's; an organisation lead's for their own organisation (none of these is
    # one: tests/partners/test_organisation_leads.py, ADR 48).
    "/p/testvale/people/":                                    (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/people/invite/":                             (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/people/organisation-leads/":                 (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/people/{practitioner_membership}/second-factor/": (200, 403, 403, 403,   403, 403,  404,     404),
    # A person's own second factors (ADR 46): everyone signed in has their own; once given, the check
    # page sends them on.
    "/accounts/second-factor/":                               (200,   200,    200, 200,   200, 200,  200,     200),
    "/accounts/second-factor/authenticator/":                 (200,   200,    200, 200,   200, 200,  200,     200),
    "/accounts/second-factor/passkey/":                       (200,   200,    200, 200,   200, 200,  200,     200),
    "/accounts/second-factor/recovery-codes/":                (200,   200,    200, 200,   200, 200,  200,     200),
    "/accounts/second-factor/check/":                         (302,   302,    302, 302,   302, 302,  302,     302),
    "/p/testvale/plans/":                                     (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/plans/new/":                                 (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/":                                (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/plans/2024/preview/":                        (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/plans/2024/approve/":                        (200,   403,    403, 403,   403, 200,  404,     404),
    "/p/testvale/plans/2024/publish/":                        (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/title/":                          (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/text/introduction/":              (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/priorities/new/":                 (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/priorities/{priority}/":          (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/actions/new/":                    (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/actions/{action}/":               (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/actions/{action}/targets/new/":   (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/targets/{housing_target}/":       (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/plans/2024/targets/{housing_target}/actual/": (200,  200,    403, 200,   403, 403,  404,     404),
    "/p/testvale/plans/2024/targets/{council_target}/actual/": (200,  200,    403, 403,   403, 403,  404,     404),
    "/p/testvale/figures/":                                   (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/figures/{housing_figure}/":                  (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/figures/new/":                               (200,   200,    403, 403,   403, 403,  404,     404),
    "/p/testvale/figures/new/calculated/":                    (200,   200,    403, 403,   403, 403,  404,     404),
    "/p/testvale/figures/{housing_figure}/edit/":             (200,   200,    403, 403,   403, 403,  404,     404),
    "/p/testvale/figures/{housing_figure}/record/":           (200,   200,    403, 200,   403, 403,  404,     404),
    "/p/testvale/figures/{council_figure}/record/":           (200,   200,    403, 403,   403, 403,  404,     404),
    # The rule for publishing counts of people (ADR 65): the CSP manager's, as the one who publishes.
    # The records behind a calculated figure, their CSV and a recount of the figure as published (ADR 69):
    # every member; each sees only the rows their own scoped queries give them.
    "/p/testvale/figures/{computed_figure}/records/":         (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/figures/{computed_figure}/records.csv":      (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/figures/{computed_figure}/published/{kept_figure}/": (200, 200, 200, 200, 200, 200, 404,     404),
    "/p/testvale/figures/disclosure/":                        (200,   403,    403, 403,   403, 403,  404,     404),
    # Partner data as figures (ADR 71): a dataset's page, its history and measures, to every member; registering
    # a category as a measure to those who import data, making a figure of one to those who make figures.
    "/p/testvale/evidence/partner-data/{partner_dataset}/":   (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/evidence/partner-data/{partner_dataset}/measures/new/": (200, 200, 403, 403, 403, 403, 404,   404),
    "/p/testvale/evidence/partner-measures/{partner_measure}/figure/": (200, 200, 403, 403,  403, 403,  404,     404),
    # The operations log (ADR 60): every member reads it; a partner practitioner records for their own organisation.
    "/p/testvale/operations/":                                (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/operations/test-purchases/new/":             (200,   200,    200, 200,   403, 403,  404,     404),
    "/p/testvale/audit/":                                     (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/audit/accounts/":                            (200,   403,    403, 403,   403, 403,  404,     404),
    # The DA domain's audit events: a 404 to all but DA holders, like every DA page (ADR 42).
    "/p/testvale/audit/domestic-abuse/":                      (404,   404,    404, 404,   200, 404,  404,     404),
    "/p/testvale/tasking/":                                   (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/tasking/meetings/new/":                      (200,   200,    200, 403,   200, 403,  404,     404),
    # Projects (ADR 59): every member reads them; the CSP manager changes them and decides on returns.
    # The practitioner works for {project}'s provider; its 2025-04-01 return is submitted.
    "/p/testvale/projects/":                                  (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/projects/new/":                              (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/projects/{project}/":                        (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/projects/{project}/returns/2025-04-01/":     (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/projects/{project}/returns/2025-04-01/send-back/": (200, 403, 403, 403,   403, 403,  404,     404),
    "/p/testvale/projects/portfolio/2025/":                   (200,   200,    200, 200,   200, 200,  404,     404),
    # The partnership's meetings (ADR 64): every member reads them, confidential papers too; the CSP manager
    # keeps them, and records a plan's approval at one only holding plan_approve as well.
    "/p/testvale/governance/":                                (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/governance/meetings/{meeting}/":             (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/governance/papers/{paper}/":                 (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/governance/meetings/new/":                   (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/governance/meetings/{meeting}/minutes/":     (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/governance/meetings/{meeting}/plan-approval/": (200, 403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/governance/pcc/new/":                        (200,   403,    403, 403,   403, 403,  404,     404),
    # Hate reports (ADR 62): a report is owned by the triage organisation (the council, here) and read by its
    # casework members; housing's practitioner sees an empty list and no report (404). Reporting centres
    # and the triage setting are the CSP manager's; none of these people is staff of a reporting centre.
    # The public form is open to everyone, signed in or not.
    "/p/testvale/hate-reports/":                              (200,   403,    200, 200,   200, 403,  404,     404),
    "/p/testvale/hate-reports/{hate_report}/":                (200,   403,    200, 404,   200, 403,  404,     404),
    "/p/testvale/hate-reports/{hate_report}/casework/":       (200,   403,    200, 404,   200, 403,  404,     404),
    "/p/testvale/hate-reports/centres/":                      (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/hate-reports/triage-organisation/":          (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/hate-reports/my-centre/":                    (403,   403,    403, 403,   403, 403,  404,     404),
    "/report-hate/testvale/":                                 (200,   200,    200, 200,   200, 200,  200,     200),
    "/report-hate/testvale/who/":                             (200,   200,    200, 200,   200, 200,  200,     200),
    # Equality (ADR 66): assessments and figures to every member; the setting and sign-off are the CSP
    # manager's. A person's answers go with the person: {casework_person} is the council's (housing's
    # practitioner cannot see them: 404), and a DA person's only DA specialists see.
    "/p/testvale/equality/":                                  (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/equality/figures/":                          (200,   200,    200, 200,   200, 200,  404,     404),
    "/p/testvale/equality/settings/":                         (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/equality/priorities/{priority}/assessment/": (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/equality/people/{casework_person}/":         (200,   403,    200, 404,   200, 403,  404,     404),
    "/p/testvale/equality/people/{casework_person}/change/":  (200,   403,    200, 404,   200, 403,  404,     404),
    "/p/testvale/equality/domestic-abuse/people/{da_person}/": (404,  404,    404, 404,   200, 404,  404,     404),
    # Family Focus (ADR 68): casework's readers; a family to its lead organisation ({family}'s is the council)
    # and those it is shared with: housing's practitioner, not shared with, gets a 404 as for a case.
    "/p/testvale/families/":                                  (200,   403,    200, 200,   200, 403,  404,     404),
    "/p/testvale/families/identify/":                         (200,   403,    200, 200,   200, 403,  404,     404),
    "/p/testvale/families/{family}/":                         (200,   403,    200, 404,   200, 403,  404,     404),
    "/p/testvale/families/{family}/facts/import/":            (200,   403,    200, 404,   200, 403,  404,     404),
    "/p/testvale/families/{family_identified}/attach/":       (200,   403,    200, 404,   200, 403,  404,     404),
    # The ASB case review (ADR 63): the procedure is read by every caseworker and set by the CSP manager;
    # the public pages, applying and the status look-up are open to everyone, signed in or not
    # (tests/test_casework_matrix.py has the applications themselves).
    "/p/testvale/case-reviews/procedure/":                    (200,   403,    200, 200,   200, 403,  404,     404),
    # Places (ADR 70): a place's page shows caseworkers what they may see there, and tells anyone else nothing,
    # not even that it exists; the map of hot spots is casework's, counting what each reader may see.
    "/p/testvale/places/{place}/":                            (200,   404,    200, 200,   200, 404,  404,     404),
    "/p/testvale/places/hot-spots/":                          (200,   403,    200, 200,   200, 403,  404,     404),
    "/published/testvale/case-review/":                       (200,   200,    200, 200,   200, 200,  200,     200),
    "/published/testvale/case-review/apply/":                 (200,   200,    200, 200,   200, 200,  200,     200),
    "/published/testvale/case-review/apply/who/":             (200,   200,    200, 200,   200, 200,  200,     200),
    "/published/testvale/case-review/apply/incidents/1/":     (200,   200,    200, 200,   200, 200,  200,     200),
    "/published/testvale/case-review/status/":                (200,   200,    200, 200,   200, 200,  200,     200),
    # The partnership's Family Focus figures (ADR 68): open to everyone once a claim is approved.
    "/published/testvale/family-focus/":                      (200,   200,    200, 200,   200, 200,  200,     200),
    # Family Focus, the programme (ADR 68): read by whoever works families (casework), manages the programme or
    # checks its claims; its rule sets and claims are the CSP manager's to change, and the spot check is for those
    # who check claims (the CSP manager and the programme auditor, not in these columns).
    "/p/testvale/family-claims/":                             (200,   403,    200, 200,   200, 403,  404,     404),
    "/p/testvale/family-claims/rule-sets/{claim_rule_set}/":  (200,   403,    200, 200,   200, 403,  404,     404),
    "/p/testvale/family-claims/rule-sets/national/":          (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/family-claims/rule-sets/new/":               (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/family-claims/rule-sets/{claim_rule_set}/edit/": (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/family-claims/claims/new/":                  (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/family-claims/claims/{claim_approved}/":     (200,   403,    200, 200,   200, 403,  404,     404),
    "/p/testvale/family-claims/claims/{claim_draft}/add/":    (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/family-claims/claims/{claim_draft}/approve/": (200,   403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/family-claims/claims/{claim_draft}/spot-check/draw/": (200, 403, 403, 403,   403, 403,  404,     404),
    "/p/testvale/family-claims/claims/{claim_approved}/spot-check/": (200, 403,    403, 403,   403, 403,  404,     404),
    "/p/testvale/family-claims/claims/{claim_approved}/schedule.csv": (200, 403, 200, 200,   200, 403,  404,     404),
}

# Reading through the API is open to every member; the list of partnerships answers everyone, with
# only their own partnerships in it (tests/api/test_api.py checks what is listed).
#
#                                                              manager analyst csu  practi- DA   board outsider nobody
API_READS = {
    "/api/v1/partnerships/":                                    (200,   200,    200, 200,   200, 200,  200,     200),
    "/api/v1/partnerships/testvale/plans/":                     (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/plans/2024/":                (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/plans/2024/targets/":        (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/plans/2024/publication/":    (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/targets/{housing_target}/":  (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/figures/":                   (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/figures/{housing_figure}/":  (200,   200,    200, 200,   200, 200,  404,     404),
    # Domestic abuse: a 404 to all but DA specialists, lists too (ADR 0031).
    "/api/v1/partnerships/testvale/domestic-abuse/people/":     (404,   404,    404, 404,   200, 404,  404,     404),
    "/api/v1/partnerships/testvale/domestic-abuse/referrals/":  (404,   404,    404, 404,   200, 404,  404,     404),
    "/api/v1/partnerships/testvale/domestic-abuse/meetings/":   (404,   404,    404, 404,   200, 404,  404,     404),
    # The other domains (ADR 43): tasking and the directory to every member, casework to its roles.
    "/api/v1/partnerships/testvale/tasking/tasks/":             (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/tasking/meetings/":          (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/operations/test-purchases/": (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/directory/organisations/":   (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/directory/membership-spells/": (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/directory/working-groups/":  (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/directory/contacts/":        (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/task-group/meetings/":       (200,   403,    200, 200,   200, 403,  404,     404),
    "/api/v1/partnerships/testvale/referrals/":                 (200,   403,    200, 200,   200, 403,  404,     404),
    "/api/v1/partnerships/testvale/risk/overdue/":              (200,   403,    200, 200,   200, 403,  404,     404),
    "/api/v1/partnerships/testvale/risk/question-sets/victim/": (200,   403,    200, 200,   200, 403,  404,     404),
    "/api/v1/partnerships/testvale/case-reviews/":              (200,   403,    200, 200,   200, 403,  404,     404),
    "/api/v1/partnerships/testvale/projects/":                  (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/projects/funds/":            (200,   200,    200, 200,   200, 200,  404,     404),
    "/api/v1/partnerships/testvale/projects/returns/":          (200,   200,    200, 200,   200, 200,  404,     404),
    # Family Focus (ADR 68): families as the pages scope them ({family} is the council's), claims to those
    # who work, manage or check the programme, the programme's figures to every member.
    "/api/v1/partnerships/testvale/families/":                  (200,   403,    200, 200,   200, 403,  404,     404),
    "/api/v1/partnerships/testvale/families/{family}/":         (200,   403,    200, 404,   200, 403,  404,     404),
    "/api/v1/partnerships/testvale/family-claims/":             (200,   403,    200, 200,   200, 403,  404,     404),
    "/api/v1/partnerships/testvale/family-claims/{claim_approved}/": (200, 403,  200, 200,   200, 403,  404,     404),
    "/api/v1/partnerships/testvale/families/figures/2024/":     (200,   200,    200, 200,   200, 200,  404,     404),
    # The published plans (ADR 65): open to everyone, as the published pages are.
    "/api/v1/published/testvale/":                              (200,   200,    200, 200,   200, 200,  200,     200),
}


@pytest.fixture
def people(make_member, partnership, council, manager, analyst, practitioner, board_member, outsider):
    return {
        "csp_manager": manager,
        "analyst": analyst,
        "csu_officer": make_member("csu_officer", partnership, council),
        "partner_practitioner": practitioner,
        "da_specialist": make_member("da_specialist", partnership, council),
        "board_member": board_member,
        "outsider": outsider,
        "nobody": User.objects.create_user("nobody@eunomia.test", "no-memberships-here", full_name="No One"),
    }


def _figure(by, partnership, owner, name):
    return figure_actions.create_figure(
        by=by, partnership=partnership, name=name, title=name.replace("-", " ").capitalize(), unit="count",
        period_start=datetime.date(2024, 4, 1), period_end=datetime.date(2025, 3, 31),
        definition="Counted by the owner.", source="Owner's records", owner_organisation=owner,
    )


def _kept_figure(by, partnership):
    """A figure calculated from casework, kept as a publication printed it (ADR 69)."""
    figure = figure_actions.create_figure(
        by=by, partnership=partnership, name="asb-reports-counted", title="ASB reports", unit="count",
        period_start=datetime.date(2024, 4, 1), period_end=datetime.date(2025, 3, 31), kind=Figure.Kind.COMPUTED,
        measure="casework.reports", measure_params={"category": "all"})
    kept = recount.keep(figure=figure, shown="0", withheld=False, recorded="", publication="Plan",
                        publication_url="/published/testvale/", published_at=timezone.now())
    kept.save()
    return {"computed_figure": figure.name, "kept_figure": kept.pk}


@pytest.fixture
def objects(plans, council_target, partnership, housing, council, system_user, practitioner):
    mediation = plans["mediation"]
    projects = project_objects(system_user, partnership, housing, council)
    governance = governance_objects(partnership, council, version=bare_version(plans["current"]))
    return {
        "meeting": governance["meeting"].pk,
        "paper": governance["paper"].pk,
        "project": projects["project"],
        "project_return": projects["return"],
        "practitioner_membership": practitioner.memberships.get().pk,
        "housing": housing.pk,
        "housing_seat": housing.seats.get().pk,
        "priority": mediation.priority_id,
        "action": mediation.pk,
        "housing_target": plans["referrals"].pk,
        "council_target": council_target.pk,
        "housing_figure": _figure(system_user, partnership, housing, "evictions-prevented").name,
        "council_figure": _figure(system_user, partnership, council, "asb-reports").name,
        **_kept_figure(system_user, partnership),
        "hate_report": report_for(partnership).pk,
        "casework_person": casework_actions.add_person(by=system_user, partnership=partnership, organisation=council,
                                                       first_name="Alex", last_name="Sample").pk,
        "da_person": DaPerson.objects.create(partnership=partnership, first_name="Sam", last_name="Sweep").pk,
        "place": find_or_create_place(by=system_user, partnership=partnership, address="4 Mill Lane").pk,
        **family_objects(system_user, partnership, council),
        **claim_objects(system_user, partnership, council),
        **partner_measure_objects(system_user, partnership, council),
    }


def _mismatches(client, table, column, objects):
    wrong = []
    for template, statuses in table.items():
        url = template.format(**objects)
        status = client.get(url).status_code
        if status != statuses[column]:
            wrong.append(f"{url} answered {status}, expected {statuses[column]}")
    return wrong


@pytest.mark.parametrize("who", WHO)
def test_pages_and_api_reads(who, people, objects, fast_client_for):
    client, column = fast_client_for(people[who]), WHO.index(who)
    wrong = _mismatches(client, PAGES, column, objects) + _mismatches(client, API_READS, column, objects)
    assert not wrong, f"{who}:\n" + "\n".join(wrong)


# Writes that must be refused. Each row: who, method, URL, data (pages send a form, the API JSON),
# expected status.
ACTUAL = {"value": "45", "evidence": "Monthly return"}
REFUSED_WRITES = [
    ("board_member", "post", "/p/testvale/governance/meetings/new/", {"kind": "public"}, 403),
    ("board_member", "post", "/p/testvale/governance/meetings/{meeting}/plan-approval/", {"plan": 1}, 403),
    ("partner_practitioner", "post", "/p/testvale/governance/meetings/{meeting}/minutes/", {"minutes": "Mine"}, 403),
    ("outsider", "post", "/p/testvale/governance/meetings/{meeting}/minutes/", {"minutes": "Theirs"}, 404),
    ("analyst", "post", "/p/testvale/plans/2024/approve/", {}, 403),
    ("csu_officer", "post", "/p/testvale/plans/2024/approve/", {}, 403),
    ("partner_practitioner", "post", "/p/testvale/plans/2024/approve/", {}, 403),
    ("da_specialist", "post", "/p/testvale/plans/2024/approve/", {}, 403),
    ("outsider", "post", "/p/testvale/plans/2024/approve/", {}, 404),
    ("board_member", "post", "/p/testvale/plans/2024/publish/", {}, 403),
    ("analyst", "api_post", "/api/v1/partnerships/testvale/directory/contacts/",
     {"name": "Sam Patel", "organisation": 1}, 403),
    ("board_member", "post", "/p/testvale/operations/premises/new/", {"name": "Shop", "kind": "shop"}, 403),
    ("board_member", "api_post", "/api/v1/partnerships/testvale/operations/premises/", {"name": "Shop"}, 403),
    ("board_member", "api_post", "/api/v1/partnerships/testvale/people/1/referrals/", {"service": "mediation"}, 403),
    ("analyst", "post", "/p/testvale/plans/2024/publish/", {}, 403),
    ("csu_officer", "post", "/p/testvale/plans/2024/targets/{housing_target}/actual/", ACTUAL, 403),
    ("board_member", "post", "/p/testvale/plans/2024/targets/{housing_target}/actual/", ACTUAL, 403),
    ("partner_practitioner", "post", "/p/testvale/plans/2024/targets/{council_target}/actual/", ACTUAL, 403),
    ("outsider", "post", "/p/testvale/plans/2024/targets/{housing_target}/actual/", ACTUAL, 404),
    ("analyst", "post", "/p/testvale/plans/2024/text/introduction/", {"body": "Rewritten"}, 403),
    ("board_member", "post", "/p/testvale/plans/2024/text/introduction/", {"body": "Rewritten"}, 403),
    ("partner_practitioner", "post", "/p/testvale/figures/{council_figure}/record/", ACTUAL, 403),
    ("partner_practitioner", "api_post", "/api/v1/partnerships/testvale/targets/{council_target}/actual/",
     ACTUAL, 403),
    ("csu_officer", "api_post", "/api/v1/partnerships/testvale/targets/{housing_target}/actual/", ACTUAL, 403),
    ("outsider", "api_post", "/api/v1/partnerships/testvale/targets/{housing_target}/actual/", ACTUAL, 404),
    ("analyst", "api_patch", "/api/v1/partnerships/testvale/targets/{housing_target}/", {"target_value": "1"}, 403),
    ("board_member", "api_post", "/api/v1/partnerships/testvale/plans/2024/publication/", {}, 403),
    ("partner_practitioner", "api_post", "/api/v1/partnerships/testvale/figures/{council_figure}/values/",
     ACTUAL, 403),
    ("analyst", "post", "/p/testvale/projects/{project}/returns/2025-04-01/accept/", {}, 403),
    ("partner_practitioner", "post", "/p/testvale/projects/{project}/returns/2025-04-01/send-back/",
     {"reasons": "Check"}, 403),
    ("outsider", "post", "/p/testvale/projects/{project}/returns/2025-04-01/accept/", {}, 404),
    ("board_member", "post", "/p/testvale/projects/{project}/returns/2025-07-01/", {"action": "draft"}, 403),
    ("analyst", "api_post", "/api/v1/partnerships/testvale/projects/{project}/returns/",
     {"period_start": "2025-07-01"}, 403),
    ("partner_practitioner", "api_post", "/api/v1/partnerships/testvale/projects/returns/{project_return}/decision/",
     {"decision": "accept"}, 403),
    ("partner_practitioner", "post", "/p/testvale/hate-reports/{hate_report}/close/", {"reason": "police"}, 404),
    ("analyst", "post", "/p/testvale/hate-reports/{hate_report}/close/", {"reason": "police"}, 403),
    ("outsider", "post", "/p/testvale/hate-reports/{hate_report}/casework/", {}, 404),
    ("csu_officer", "post", "/p/testvale/hate-reports/centres/", {"organisation": "1"}, 403),
    ("board_member", "post", "/p/testvale/hate-reports/triage-organisation/", {"organisation": "1"}, 403),
    ("board_member", "post", "/p/testvale/equality/settings/", {"assessment_required_per_priority": "yes"}, 403),
    ("partner_practitioner", "post", "/p/testvale/equality/people/{casework_person}/change/", {"sex": "male"}, 404),
    ("csp_manager", "post", "/p/testvale/equality/domestic-abuse/people/{da_person}/change/", {"sex": "male"}, 404),
    ("analyst", "post", "/p/testvale/figures/disclosure/", {"threshold": "10", "secondary": "yes"}, 403),
    ("board_member", "post", "/p/testvale/figures/disclosure/", {"threshold": "10", "secondary": "yes"}, 403),
    ("outsider", "post", "/p/testvale/figures/disclosure/", {"threshold": "10", "secondary": "yes"}, 404),
    ("partner_practitioner", "post", "/p/testvale/families/{family}/plan/goals/add/", {"text": "Mine"}, 404),
    ("analyst", "post", "/p/testvale/families/{family}/plan/goals/add/", {"text": "Mine"}, 403),
    ("board_member", "post", "/p/testvale/families/identify/", {"identified_on": "2025-01-01"}, 403),
    ("outsider", "post", "/p/testvale/families/{family}/plan/goals/add/", {"text": "Theirs"}, 404),
    ("partner_practitioner", "post", "/p/testvale/family-claims/claims/{claim_draft}/approve/", {}, 403),
    ("csu_officer", "post", "/p/testvale/family-claims/rule-sets/national/", {"preset": "phase-1-2012-15"}, 403),
    ("board_member", "post", "/p/testvale/family-claims/claims/{claim_approved}/spot-check/lines/{claim_line}/",
     {"passed": "pass"}, 403),
    ("outsider", "post", "/p/testvale/family-claims/claims/{claim_draft}/approve/", {}, 404),
]


def _send(client, method, url, data):
    if method == "post":
        return client.post(url, data)
    return getattr(client, method.removeprefix("api_"))(url, data, content_type="application/json")


def _state():
    """Everything the refused writes above could have changed."""
    plan = PlanYear.objects.get(start_year=2024)
    return {
        "approved_at": plan.approved_at,
        "versions": PublishedVersion.objects.count(),
        "introduction": Section.objects.get(plan=plan, kind="introduction").body,
        "targets": list(Target.objects.values_list("pk", "target_value", "actual__value", "actual__recorded_at")),
        "audit_events": AuditEvent.objects.count(),
    }


def test_refused_writes_change_nothing(people, objects, fast_client_for):
    # A refused write leaves everything as it was, so one set-up serves every row.
    before = _state()
    wrong = []
    for who, method, url, data, expected in REFUSED_WRITES:
        response = _send(fast_client_for(people[who]), method, url.format(**objects), data)
        if response.status_code != expected:
            wrong.append(f"{who} {method} {url} answered {response.status_code}, expected {expected}")
        if _state() != before:
            wrong.append(f"{who} {method} {url} changed something")
            before = _state()
    assert not wrong, "\n".join(wrong)


# The same writes by someone allowed to make them go through, so the refusals above are not
# simply every write failing.
ALLOWED_WRITES = [
    ("csp_manager", "post", "/p/testvale/governance/meetings/{meeting}/agenda/new/", {"title": "Any other business"},
     302),
    ("board_member", "post", "/p/testvale/plans/2024/approve/", {}, 302),
    ("csp_manager", "post", "/p/testvale/plans/2024/text/introduction/", {"body": "Rewritten"}, 302),
    ("partner_practitioner", "post", "/p/testvale/plans/2024/targets/{housing_target}/actual/", ACTUAL, 302),
    ("analyst", "post", "/p/testvale/plans/2024/targets/{council_target}/actual/", ACTUAL, 302),
    ("partner_practitioner", "post", "/p/testvale/figures/{housing_figure}/record/", ACTUAL, 302),
    ("partner_practitioner", "api_post", "/api/v1/partnerships/testvale/targets/{housing_target}/actual/",
     ACTUAL, 201),
    ("partner_practitioner", "api_post", "/api/v1/partnerships/testvale/figures/{housing_figure}/values/",
     ACTUAL, 201),
    ("csp_manager", "api_patch", "/api/v1/partnerships/testvale/targets/{housing_target}/", {"target_value": "1"},
     200),
    ("partner_practitioner", "post", "/p/testvale/projects/{project}/returns/2025-07-01/", {"action": "draft"}, 302),
    ("partner_practitioner", "api_post", "/api/v1/partnerships/testvale/projects/{project}/returns/",
     {"period_start": "2025-10-01"}, 201),
    ("csp_manager", "post", "/p/testvale/projects/{project}/returns/2025-04-01/accept/", {}, 302),
    ("csp_manager", "post", "/p/testvale/figures/disclosure/", {"threshold": "10", "secondary": "yes"}, 302),
    ("csu_officer", "post", "/p/testvale/families/{family}/plan/goals/add/", {"text": "School every day"}, 302),
    ("csp_manager", "post", "/p/testvale/family-claims/rule-sets/national/", {"preset": "phase-1-2012-15"}, 302),
]


def test_allowed_writes_go_through(people, objects, fast_client_for):
    wrong = []
    for who, method, url, data, expected in ALLOWED_WRITES:
        events = AuditEvent.objects.count()
        response = _send(fast_client_for(people[who]), method, url.format(**objects), data)
        if response.status_code != expected or AuditEvent.objects.count() == events:
            wrong.append(f"{who} {method} {url} answered {response.status_code}, expected {expected} and a change")
    assert not wrong, "\n".join(wrong)
