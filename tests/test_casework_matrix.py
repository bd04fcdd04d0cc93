"""One permission matrix over every casework page and API endpoint: every role (and an anonymous
visitor), in every relation of their organisation to a case, for a case in every sharing state.

The world: Testvale Council owns four cases, each with its reports, people, an intervention, a risk
assessment, a referral, a case review application and an ASB Task Group meeting. The cases differ
only in their sharing with Testvale Homes: still shared, never shared, shared and then unshared,
and shared and then closed. A reader is a member, in one role, of

    own       Testvale Council, which owns the cases;
    partner   Testvale Homes, with which they are (or were) shared under an agreement;
    police    Testvale Police, in the same partnership, with which they were never shared;
    elsewhere an organisation of another partnership only.

The expected answers are written out by hand below from what the design says (ADR 19), not from
what the code happens to do, so a wrong grant or a leak shows up here as a wrong cell. The matrix
is checked against the resolver: a casework URL (a view in one of CASEWORK_APPS, the casework API
included) with no row here fails the test, so a new page cannot arrive unexamined."""

import datetime
import functools
import os
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from eunomia.accounts.roles import ROLES
from eunomia.audit.models import AuditEvent
from eunomia.casereview import actions as casereview_actions
from eunomia.casework import actions as casework_actions
from eunomia.interventions import actions as intervention_actions
from eunomia.partners import actions as partner_actions
from eunomia.referrals import actions as referral_actions
from eunomia.risk import actions as risk_actions
from eunomia.taskgroup import actions as taskgroup_actions

CASEWORK_APPS = ("casework", "briefing", "interventions", "risk", "referrals", "casereview", "taskgroup", "records")

# What each role may do, from the description of the roles (eunomia/accounts/roles.py is not read:
# a wrong grant there shows up as wrong cells). Casework is CASE_VIEW and CASE_EDIT, held together.
CASEWORK, DIRECTORY, DIRECTORY_EDIT, RUN_YEAR = "casework", "directory", "directory edit", "runs the year"
HOLDS = {
    "csp_manager":          {CASEWORK, DIRECTORY, DIRECTORY_EDIT, RUN_YEAR},
    "analyst":              {DIRECTORY},
    "csu_officer":          {CASEWORK, DIRECTORY},
    "partner_practitioner": {CASEWORK, DIRECTORY},
    "da_specialist":        {CASEWORK, DIRECTORY},
    "board_member":         {DIRECTORY},
    "da_auditor":           {DIRECTORY},
    "programme_auditor":    {DIRECTORY},
}
# What a URL needs: casework, except information sharing agreements (a directory matter) and the
# partnership's case review threshold, which every caseworker reads and the CSP manager sets.
NEEDS = {"GET casework:agreements": DIRECTORY, "GET casework:agreement_new": DIRECTORY_EDIT,
         "POST casework:agreement_new": DIRECTORY_EDIT, "POST casereview:threshold": RUN_YEAR,
         "POST casereview:procedure": RUN_YEAR,
         "POST api:case_review_threshold": RUN_YEAR}

RELATIONS = ("own", "partner", "police", "elsewhere")
STATES = ("shared", "never", "unshared", "closed")

# A POST that went through and changed something (DONE), or was accepted and changed nothing
# because there was nothing to do, the page saying why (SAME: closing a closed case).
DONE, SAME = "done", "same"

# The matrix for a member holding what the URL needs. Columns: the reader's organisation (own,
# partner, police) x the case's sharing state (Shared, Never shared, Unshared, Closed after
# sharing). Rows are GET (every URL) and POST (every URL that changes something). Around it, for
# every row alike:
#   - anonymous: pages send them to sign in, the API answers 401/403 in JSON;
#   - a member of another partnership only: 404 (the partnership itself is not found);
#   - a member whose role lacks what the URL needs: 403;
#   - a POST-only URL answers a GET with 405 to anyone signed in (its row says so).
# Reading: a 404 means "you cannot tell it exists" (personal data); a 403 means "you may see it but
# only its owning organisation changes it" (the case page says so).
#
#                                  own                   partner               police
#                                  S    N    U    C      S    N    U    C      S    N    U    C
MATRIX = {
    # Reports, people, the briefing: lists hold only what the reader may see (tests/casework).
    "GET casework:reports":         (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET casework:report_new":      (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "POST casework:report_new":     (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    "GET casework:report":          (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    # Naming more people in a report is the report owner's; a partner reading it through a shared
    # case changes nothing.
    "GET casework:report_add_person":  (200, 200, 200, 200, 403, 404, 404, 403, 404, 404, 404, 404),
    "POST casework:report_add_person": (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET casework:report_add_new_person":  (200, 200, 200, 200, 403, 404, 404, 403, 404, 404, 404, 404),
    "POST casework:report_add_new_person": (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET casework:person":          (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    # Consent is recorded by each organisation for itself, by anyone who may see the person; a merge
    # rewrites the owner's records, so it is the owner's (the URL names the duplicate to merge away).
    "GET casework:person_consent":  (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "POST casework:person_consent": (DONE, DONE, DONE, DONE, DONE, 404, 404, DONE, 404, 404, 404, 404),
    "GET casework:person_merge":    (200, 200, 200, 200,  403, 404, 404, 403,  404, 404, 404, 404),
    "POST casework:person_merge":   (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET briefing:page":        (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET briefing:sheet":  (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    # Opening a case from a report is the report owner's: a partner opening one of its own from a
    # shared report could share the report onward.
    "GET casework:case_open":       (200, 200, 200, 200,  403, 404, 404, 403,  404, 404, 404, 404),
    "POST casework:case_open":      (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    # Cases: the partner reads a case while it is shared (closed or not) and changes nothing.
    "GET casework:cases":           (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET casework:case":            (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "GET casework:case_link_report": (200, 200, 200, 200, 403, 404, 404, 403,  404, 404, 404, 404),
    "POST casework:case_link_report": (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET casework:case_add_party":  (200, 200, 200, 200,  403, 404, 404, 403,  404, 404, 404, 404),
    "POST casework:case_add_party": (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET casework:case_share":      (200, 200, 200, 200,  403, 404, 404, 403,  404, 404, 404, 404),
    "POST casework:case_share":     (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    # Never shared and unshared cases have no share to remove: 404 to the owner too.
    "GET casework:case_unshare":    (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST casework:case_unshare":   (DONE, 404, 404, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    # Handing a case to another lead officer (ADR 50): the owner's, closed case or not.
    "GET casework:case_lead":       (200, 200, 200, 200,  403, 404, 404, 403,  404, 404, 404, 404),
    "POST casework:case_lead":      (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET casework:case_close":      (200, 200, 200, 302,  403, 404, 404, 403,  404, 404, 404, 404),
    "POST casework:case_close":     (DONE, DONE, DONE, SAME, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET casework:case_reopen":     (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST casework:case_reopen":    (SAME, SAME, SAME, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    # Agreements hold no personal data: every member reads them, the manager adds them.
    "GET casework:agreements":      (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET casework:agreement_new":   (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "POST casework:agreement_new":  (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    # Interventions are the case's: read with it, recorded only by its owner.
    "GET interventions:list":       (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "GET interventions:new":        (200, 200, 200, 200,  403, 404, 404, 403,  404, 404, 404, 404),
    "POST interventions:new":       (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET interventions:breach":     (200, 200, 200, 200,  403, 404, 404, 403,  404, 404, 404, 404),
    "POST interventions:breach":    (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET interventions:letter_pdf": (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "GET interventions:letter_docx": (200, 200, 200, 200, 200, 404, 404, 200,  404, 404, 404, 404),
    # Letter templates are the partnership's, with placeholders in place of anyone's details.
    "GET interventions:templates":  (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET interventions:template_edit": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "POST interventions:template_edit": (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    # Risk assessments and referrals are of a person: anyone who may see the person reads them and
    # adds their own organisation's; only the referring organisation moves a referral on.
    "GET risk:overdue":             (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET risk:person":              (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "GET risk:assess":              (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "POST risk:assess":             (DONE, DONE, DONE, DONE, DONE, 404, 404, DONE, 404, 404, 404, 404),
    "GET referrals:list":           (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET referrals:new":            (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "POST referrals:new":           (DONE, DONE, DONE, DONE, DONE, 404, 404, DONE, 404, 404, 404, 404),
    "GET referrals:detail":         (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "POST referrals:detail":        (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    # Case review applications are seen by their owning organisation only, shared case or not.
    "GET casereview:list":          (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET casereview:new":           (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "POST casereview:new":          (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    "GET casereview:statistics":    (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET casereview:threshold":     (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "POST casereview:threshold":    (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    # Who receives the applications made online and the deadlines: the partnership's, as the threshold.
    "GET casereview:procedure":     (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "POST casereview:procedure":    (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    "GET casereview:detail":        (200, 200, 200, 200,  404, 404, 404, 404,  404, 404, 404, 404),
    "GET casereview:decision":      (200, 200, 200, 200,  404, 404, 404, 404,  404, 404, 404, 404),
    "POST casereview:decision":     (DONE, DONE, DONE, DONE, 404, 404, 404, 404, 404, 404, 404, 404),
    "GET casereview:meeting":       (200, 200, 200, 200,  404, 404, 404, 404,  404, 404, 404, 404),
    "POST casereview:meeting":      (DONE, DONE, DONE, DONE, 404, 404, 404, 404, 404, 404, 404, 404),
    "GET casereview:close":         (200, 200, 200, 200,  404, 404, 404, 404,  404, 404, 404, 404),
    "POST casereview:close":        (DONE, DONE, DONE, DONE, 404, 404, 404, 404, 404, 404, 404, 404),
    # Matching an application to reports: its owner's, among the reports the reader may see.
    "GET casereview:match":         (200, 200, 200, 200,  404, 404, 404, 404,  404, 404, 404, 404),
    "POST casereview:match":        (DONE, DONE, DONE, DONE, 404, 404, 404, 404, 404, 404, 404, 404),
    # A Task Group meeting is seen by the organisations that attended (the partner attended while
    # the case was shared, and still sees the meeting after unsharing, without the case); its
    # minutes and actions are the chairing organisation's to write.
    "GET taskgroup:list":           (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET taskgroup:new":            (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "POST taskgroup:new":           (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    "GET taskgroup:meeting":        (200, 200, 200, 200,  200, 404, 200, 200,  404, 404, 404, 404),
    "GET taskgroup:minutes":        (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST taskgroup:minutes":       (DONE, DONE, DONE, DONE, 403, 404, 403, 403, 404, 404, 404, 404),
    "GET taskgroup:action_new":     (200, 200, 200, 200,  403, 404, 403, 403,  404, 404, 404, 404),
    "POST taskgroup:action_new":    (DONE, DONE, DONE, DONE, 403, 404, 403, 403, 404, 404, 404, 404),
    "GET taskgroup:action_done":    (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST taskgroup:action_done":   (DONE, DONE, DONE, DONE, 403, 404, 403, 403, 404, 404, 404, 404),
    # The casework API keeps the pages' rules: what a page would not show, it does not answer.
    "GET api:reports":              (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "POST api:reports":             (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    "GET api:report":               (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "GET api:cases":                (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET api:case":                 (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "GET api:person":               (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    # The other casework domains' API (ADR 43), row for row as their pages. A change that answers
    # the record changed is a 200 (a 201 is counted as DONE, like the pages' redirect).
    "GET api:taskgroup_meetings":   (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET api:taskgroup_meeting":    (200, 200, 200, 200,  200, 404, 200, 200,  404, 404, 404, 404),
    "GET api:taskgroup_minutes":    (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST api:taskgroup_minutes":   (200, 200, 200, 200,  403, 404, 403, 403,  404, 404, 404, 404),
    "GET api:taskgroup_actions":    (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST api:taskgroup_actions":   (DONE, DONE, DONE, DONE, 403, 404, 403, 403, 404, 404, 404, 404),
    "GET api:taskgroup_action_done": (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST api:taskgroup_action_done": (200, 200, 200, 200, 403, 404, 403, 403, 404, 404, 404, 404),
    "GET api:interventions":        (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "POST api:interventions":       (DONE, DONE, DONE, DONE, 403, 404, 404, 403, 404, 404, 404, 404),
    "GET api:intervention_breach":  (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST api:intervention_breach": (200, 200, 200, 200,  403, 404, 404, 403,  404, 404, 404, 404),
    "GET api:referrals":            (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET api:referral":             (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "GET api:referral_status":      (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST api:referral_status":     (200, 200, 200, 200,  403, 404, 404, 403,  404, 404, 404, 404),
    "GET api:person_referrals":     (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST api:person_referrals":    (DONE, DONE, DONE, DONE, DONE, 404, 404, DONE, 404, 404, 404, 404),
    "GET api:risk_assessments":     (200, 200, 200, 200,  200, 404, 404, 200,  404, 404, 404, 404),
    "POST api:risk_assessments":    (DONE, DONE, DONE, DONE, DONE, 404, 404, DONE, 404, 404, 404, 404),
    "GET api:risk_overdue":         (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET api:risk_question_set":    (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET api:case_reviews":         (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET api:case_review":          (200, 200, 200, 200,  404, 404, 404, 404,  404, 404, 404, 404),
    "GET api:case_review_decision": (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST api:case_review_decision": (200, 200, 200, 200, 404, 404, 404, 404,  404, 404, 404, 404),
    "GET api:case_review_meeting":  (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST api:case_review_meeting": (200, 200, 200, 200,  404, 404, 404, 404,  404, 404, 404, 404),
    "GET api:case_review_close":    (405, 405, 405, 405,  405, 405, 405, 405,  405, 405, 405, 405),
    "POST api:case_review_close":   (200, 200, 200, 200,  404, 404, 404, 404,  404, 404, 404, 404),
    # Writes added where the pages write: a new meeting or application is the reader's own
    # organisation's; the threshold and the letters are the partnership's, as on their pages.
    "POST api:taskgroup_meetings":  (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    "POST api:case_reviews":        (DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE, DONE),
    "GET api:case_review_threshold": (200, 200, 200, 200, 200, 200, 200, 200,  200, 200, 200, 200),
    "POST api:case_review_threshold": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "GET api:letter_templates":     (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET api:letter_template":      (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "POST api:letter_template":     (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    # Places (ADR 70): the gazetteer is every caseworker's (its page lists only what the reader may see
    # there); to anyone without casework a place is not found. The hot spots count what each reader sees.
    "GET places:place":             (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
    "GET places:hot_spots":         (200, 200, 200, 200,  200, 200, 200, 200,  200, 200, 200, 200),
}
# Pages that are not found (rather than refused) to a member without what they need: they would say
# that a record exists.
NOT_FOUND_WITHOUT = {"GET places:place"}

TODAY = timezone.localdate()


def day(offset=0):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


# The record each URL names, from the case of the state being tried (`c`) and the world (`w`).
ADDRESS = {
    "casework:report": lambda w, c: {"pk": c["report"].pk},
    "casework:person": lambda w, c: {"pk": c["victim"].pk},
    "casework:case_open": lambda w, c: {"pk": c["report"].pk},
    "casework:report_add_person": lambda w, c: {"pk": c["report"].pk},
    "casework:report_add_new_person": lambda w, c: {"pk": c["report"].pk},
    "casework:person_consent": lambda w, c: {"pk": c["victim"].pk},
    "casework:person_merge": lambda w, c: {"pk": c["victim"].pk},
    **{f"casework:{name}": (lambda w, c: {"pk": c["case"].pk}) for name in (
        "case", "case_link_report", "case_add_party", "case_share", "case_lead", "case_close", "case_reopen")},
    "casework:case_unshare": lambda w, c: {"pk": c["case"].pk, "share_pk": c["share_pk"]},
    "interventions:list": lambda w, c: {"case_pk": c["case"].pk},
    "interventions:new": lambda w, c: {"case_pk": c["case"].pk},
    **{f"interventions:{name}": (lambda w, c: {"case_pk": c["case"].pk, "pk": c["intervention"].pk})
       for name in ("breach", "letter_pdf", "letter_docx")},
    "interventions:template_edit": lambda w, c: {"letter": "warning_letter_1"},
    "risk:person": lambda w, c: {"pk": c["victim"].pk},
    "risk:assess": lambda w, c: {"pk": c["victim"].pk},
    "referrals:new": lambda w, c: {"pk": c["victim"].pk},
    "referrals:detail": lambda w, c: {"pk": c["referral"].pk},
    **{f"casereview:{name}": (lambda w, c: {"pk": c["application"].pk})
       for name in ("detail", "decision", "meeting", "close", "match")},
    **{f"taskgroup:{name}": (lambda w, c: {"pk": c["meeting"].pk}) for name in ("meeting", "minutes", "action_new")},
    "taskgroup:action_done": lambda w, c: {"pk": c["meeting"].pk, "action_pk": c["action"].pk},
    "api:report": lambda w, c: {"pk": c["report"].pk},
    "places:place": lambda w, c: {"pk": c["report"].place_id},
    "api:case": lambda w, c: {"pk": c["case"].pk},
    "api:person": lambda w, c: {"pk": c["victim"].pk},
    **{f"api:taskgroup_{name}": (lambda w, c: {"pk": c["meeting"].pk}) for name in ("meeting", "minutes", "actions")},
    "api:taskgroup_action_done": lambda w, c: {"pk": c["meeting"].pk, "action_pk": c["action"].pk},
    "api:interventions": lambda w, c: {"case_pk": c["case"].pk},
    "api:intervention_breach": lambda w, c: {"case_pk": c["case"].pk, "pk": c["intervention"].pk},
    **{f"api:{name}": (lambda w, c: {"pk": c["referral"].pk}) for name in ("referral", "referral_status")},
    **{f"api:{name}": (lambda w, c: {"pk": c["victim"].pk}) for name in ("person_referrals", "risk_assessments")},
    "api:risk_question_set": lambda w, c: {"kind": "victim"},
    "api:letter_template": lambda w, c: {"letter": "warning_letter_1"},
    **{f"api:{name}": (lambda w, c: {"pk": c["application"].pk})
       for name in ("case_review", "case_review_decision", "case_review_meeting", "case_review_close")},
}

# Query strings some URLs need to name a second record.
QUERY = {"casework:person_merge": lambda w, c: f"?duplicate={c['duplicate'].pk}"}

# What each POST sends: a change that goes through where it is allowed, so a refusal is a refusal.
SENDS = {
    "casework:report_new": lambda w, c: {"occurred_on": day(), "category": "noise", "source": "phone",
                                         "description": "Music through the wall", "role": "victim"},
    "casework:case_open": lambda w, c: {"title": "Another look"},
    "casework:report_add_person": lambda w, c: {"person": c["perpetrator"].pk, "role": "witness"},
    "casework:report_add_new_person": lambda w, c: {"first_name": "Matrix", "last_name": "Witness",
                                                    "role": "witness"},
    "casework:person_consent": lambda w, c: {"basis": "consent", "state": "given", "decided_on": day(),
                                             "method": "verbal"},
    "casework:person_merge": lambda w, c: {},
    "casework:case_link_report": lambda w, c: {"reference": c["spare_report"].reference},
    "casework:case_add_party": lambda w, c: {"person": c["victim"].pk, "role": "witness"},
    "casework:case_share": lambda w, c: {"organisation": w["police"].pk, "agreement": w["police_agreement"].pk},
    "casework:case_unshare": lambda w, c: {},
    "casework:case_lead": lambda w, c: {"lead_officer": w["colleague"].pk},
    "casework:case_close": lambda w, c: {"outcome": "improved", "closed_on": day()},
    "casework:case_reopen": lambda w, c: {},
    "casework:agreement_new": lambda w, c: {
        "title": "Matrix agreement", "purpose": "Testing", "lawful_basis": "public_task",
        "parties": [w["council"].pk, w["housing"].pk], "starts_on": day(), "review_on": day(365)},
    "interventions:new": lambda w, c: {"person": c["perpetrator"].pk, "kind": "verbal_warning", "issued_on": day()},
    "interventions:breach": lambda w, c: {"breached_on": day()},
    "interventions:template_edit": lambda w, c: {"title": "First warning",
                                                 "body": "Dear {person_name}, this is a warning."},
    "risk:assess": lambda w, c: {"assessed_on": day(), **{f"q{pk}": "yes" for pk in w["victim_questions"]}},
    "referrals:new": lambda w, c: {"service": "youth_inclusion", "referred_on": day()},
    "referrals:detail": lambda w, c: {"status": "accepted", "on": day()},
    "casereview:new": lambda w, c: {"received_on": day(), "description": "Nothing was done",
                                    "applicant_name": "Sam Applicant"},
    "casereview:threshold": lambda w, c: {"complaints": 4, "window_months": 6, "complaint_within_days": 31,
                                          "individuals": 0},
    "casereview:decision": lambda w, c: {"threshold_met": "no", "decided_on": day()},
    "casereview:meeting": lambda w, c: {"meeting_on": day(), "recommendations": "Mediation"},
    "casereview:close": lambda w, c: {},
    # Nothing ticked: the linked report is unlinked.
    "casereview:match": lambda w, c: {},
    "casereview:procedure": lambda w, c: {"decision_days": 12, "review_days": 20, "outcome_days": 10},
    "taskgroup:new": lambda w, c: {"held_on": day(), "title": "Matrix meeting"},
    "taskgroup:minutes": lambda w, c: {"minutes": "Discussed the case"},
    "taskgroup:action_new": lambda w, c: {"organisation": w["council"].pk, "description": "Call round",
                                          "due_on": day(7)},
    "taskgroup:action_done": lambda w, c: {},
    "api:reports": lambda w, c: {"occurred_on": day(), "category": "noise", "source": "phone",
                                 "description": "Music through the wall", "role": "victim"},
    "api:taskgroup_minutes": lambda w, c: {"minutes": "Discussed the case"},
    "api:taskgroup_actions": lambda w, c: {"organisation": w["council"].pk, "description": "Call round",
                                           "due_on": day(7)},
    "api:taskgroup_action_done": lambda w, c: {},
    "api:interventions": lambda w, c: {"person": c["perpetrator"].pk, "kind": "verbal_warning", "issued_on": day()},
    "api:intervention_breach": lambda w, c: {"breached_on": day()},
    "api:referral_status": lambda w, c: {"status": "accepted", "on": day()},
    "api:person_referrals": lambda w, c: {"service": "youth_inclusion", "referred_on": day()},
    "api:risk_assessments": lambda w, c: {"kind": "victim", "answers": {str(pk): True
                                                                        for pk in w["victim_questions"]}},
    "api:case_review_decision": lambda w, c: {"threshold_met": False, "decided_on": day()},
    "api:case_review_meeting": lambda w, c: {"meeting_on": day(), "recommendations": "Mediation"},
    "api:case_review_close": lambda w, c: {},
    "api:taskgroup_meetings": lambda w, c: {"held_on": day(), "title": "Matrix meeting"},
    "api:case_reviews": lambda w, c: {"received_on": day(), "description": "Nothing was done",
                                      "applicant_name": "Sam Applicant"},
    "api:case_review_threshold": lambda w, c: {"complaints": 4, "window_months": 6, "complaint_within_days": 31,
                                               "individuals": 0, "hate_incident": False},
    "api:letter_template": lambda w, c: {"title": "First warning", "body": "Dear {person_name}, this is a warning."},
}


def casework_url_names(patterns=None, namespaces=()):
    """Namespaced names of every URL whose view lives in one of CASEWORK_APPS, through includes. Pages open
    to everyone (an app's `public` module: applying for a case review, ADR 63) are not casework pages:
    the URL sweep's PUBLIC list and their own tests cover them."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from casework_url_names(pattern.url_patterns, inner)
        elif (pattern.callback.__module__.startswith(tuple(f"eunomia.{app}." for app in CASEWORK_APPS))
              and not pattern.callback.__module__.endswith(".public")):
            yield ":".join(namespaces + (pattern.name or f"unnamed {pattern.pattern}",))


def _case(w, state, by):
    """A case owned by the council with everything a URL can name, shared with Testvale Homes as
    `state` says."""
    council, housing, partnership = w["council"], w["housing"], w["partnership"]
    now = timezone.now()
    victim = casework_actions.add_person(by=by, partnership=partnership, organisation=council,
                                         first_name=state.title(), last_name="Victim", address="4 Mill Lane")
    perpetrator = casework_actions.add_person(by=by, partnership=partnership, organisation=council,
                                              first_name=state.title(), last_name="Neighbour",
                                              date_of_birth=datetime.date(1990, 1, 1))
    duplicate = casework_actions.add_person(by=by, partnership=partnership, organisation=council,
                                            first_name=state.title(), last_name="Victim")
    report = casework_actions.record_report(
        by=by, partnership=partnership, organisation=council, occurred_at=now - datetime.timedelta(hours=2),
        reported_at=now - datetime.timedelta(hours=1), category="noise", source="phone",
        description="Music all night", address="4 Mill Lane",
        people=[(victim, "victim"), (perpetrator, "perpetrator"), (duplicate, "witness")])
    spare_report = casework_actions.record_report(
        by=by, partnership=partnership, organisation=council, occurred_at=now - datetime.timedelta(hours=2),
        reported_at=now - datetime.timedelta(hours=1), category="nuisance", source="phone", description="Shouting")
    case = casework_actions.open_case_from_report(by=by, partnership=partnership, organisation=council,
                                                  report=report, title=f"Mill Lane ({state})")
    intervention = intervention_actions.record_intervention(by=by, case=case, person=perpetrator,
                                                            kind="warning_letter_1", issued_on=TODAY)
    risk_actions.assess(by=by, person=victim, question_set=risk_actions.question_set(partnership, "victim"),
                        yes_ids=set())
    referral = referral_actions.refer(by=by, person=victim, organisation=council, service="mediation", case=case)
    application = casereview_actions.receive_application(
        by=by, partnership=partnership, organisation=council, received_on=TODAY, description="Nothing was done",
        applicant=victim, reports=[report])
    casereview_actions.record_decision(by=by, application=application, threshold_met=True, decided_on=TODAY)
    share = None
    if state != "never":
        share = casework_actions.share_case(by=by, case=case, organisation=housing, agreement=w["agreement"])
    meeting = taskgroup_actions.create_meeting(by=by, partnership=partnership, organisation=council, held_on=TODAY,
                                               title="ASB Task Group", attendees=[housing] if share else [],
                                               cases=[case])
    action = taskgroup_actions.add_action(by=by, meeting=meeting, organisation=council, description="Visit",
                                          due_on=TODAY)
    share_pk = share.pk if share else 0  # no share: a number no share has
    if state == "unshared":
        casework_actions.unshare_case(by=by, share=share)
    if state == "closed":
        casework_actions.close_case(by=by, case=case, outcome="improved", closed_on=TODAY)
    return locals()


@pytest.fixture
def world(partnership, council, housing, other_partnership, make_member, system_user, manager):
    police = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Police",
                                              kind="police", joined_on=datetime.date(2010, 1, 1))
    elsewhere = partner_actions.add_organisation(by=system_user, partnership=other_partnership,
                                                 name="Elsewhere Council")
    agreement = casework_actions.add_agreement(
        by=manager, partnership=partnership, title="ASB Task Group ISA", purpose="Managing ASB cases together",
        lawful_basis="public_task", parties=[council, housing], starts_on=datetime.date(2024, 1, 1),
        review_on=datetime.date(2099, 1, 1))
    police_agreement = casework_actions.add_agreement(
        by=manager, partnership=partnership, title="Police ISA", purpose="Joint patrols",
        lawful_basis="public_task", parties=[council, police], starts_on=datetime.date(2024, 1, 1),
        review_on=datetime.date(2099, 1, 1))
    w = {"partnership": partnership, "other_partnership": other_partnership, "council": council,
         "housing": housing, "police": police, "elsewhere": elsewhere, "agreement": agreement,
         "police_agreement": police_agreement}
    author = make_member("csu_officer", partnership, council, email="author@eunomia.test")
    w["cases"] = {state: _case(w, state, author) for state in STATES}
    w["colleague"] = make_member("csu_officer", partnership, council, email="colleague@eunomia.test")  # a new lead
    questions = risk_actions.question_set(partnership, "victim").questions
    w["victim_questions"] = list(questions.values_list("pk", flat=True))
    return w


def _member(w, make_member, role, relation):
    organisation = {"own": w["council"], "partner": w["housing"], "police": w["police"],
                    "elsewhere": w["elsewhere"]}[relation]
    partnership = w["other_partnership"] if relation == "elsewhere" else w["partnership"]
    return make_member(role, partnership, organisation, email=f"{role}.{relation}@eunomia.test")


def _querysets():
    return {model._meta.label: model.objects.order_by("pk") for label in CASEWORK_APPS
            for model in apps.get_app_config(label).get_models(include_auto_created=True)}


def _state():
    """Every casework record, field by field, and the audit log's length: what a refused POST must
    leave as it was."""
    return {label: list(queryset.values()) for label, queryset in _querysets().items()}


@functools.cache
def _state_sql():
    return [(label, *queryset.values().query.sql_with_params()) for label, queryset in _querysets().items()]


def _raw_state():
    """The rows of `_state()` as the database gives them, before each field is made a Python value (the
    same query): rows equal here are equal in `_state()`, so a request that leaves these as they were
    changed nothing, and only one that did not need be compared field by field (most are refused)."""
    rows = {}
    with connection.cursor() as cursor:
        for label, sql, params in _state_sql():
            cursor.execute(sql, params)
            rows[label] = cursor.fetchall()
    return rows


def _changed(before):
    """Whether a record differs, field by field, from `before`: (`_state()`, `_raw_state()`) as they were."""
    state, raw = before
    return _raw_state() != raw and _state() != state


def _expected(key, who, relation, state):
    method, name = key.split(" ")
    row = MATRIX[key]
    if who is None:
        return "sign in"
    if method == "GET" and set(MATRIX[key]) == {405}:
        return 405
    if relation == "elsewhere":
        return 404
    if NEEDS.get(key, CASEWORK) not in HOLDS[who]:
        return 404 if key in NOT_FOUND_WITHOUT else 403
    return row[RELATIONS.index(relation) * len(STATES) + STATES.index(state)]


def _outcome(client, method, url, data, *, api, anonymous, before):
    """What the request came to, in the terms of the matrix, with the database put back after.
    `before` is (`_state()`, `_raw_state()`) as every request finds it: each one is rolled back."""
    with transaction.atomic():
        events = AuditEvent.objects.count()
        if method == "POST":
            response = client.post(url, data, **({"content_type": "application/json"} if api else {}))
        else:
            response = client.get(url)
        changed = method == "POST" and _changed(before)
        logged = AuditEvent.objects.count() != events
        transaction.set_rollback(True)
    status = response.status_code
    if (status in (403, 404, 405) or anonymous) and (changed or logged):
        return f"{status}, but something changed"
    if anonymous and api and status in (401, 403) and response.get("Content-Type") == "application/json":
        return "sign in"
    if anonymous and status == 302 and urlsplit(response["Location"]).path == reverse("accounts:login"):
        return "sign in"
    if method == "POST" and status in (201, 302):
        return DONE if changed else SAME
    return status


# Every role in every relation, except that a role without casework is refused on its role before
# its organisation is looked at: its "partner" and "police" cells are its "own" ones, so those two
# readers would only repeat them (the suite runs on two databases; time is not free).
WHO = [(role, relation) for role in HOLDS for relation in RELATIONS
       if CASEWORK in HOLDS[role] or relation in ("own", "elsewhere")] + [(None, None)]


def _this_pass(readers):
    """The matrix is the suite's slowest test, and the suite runs on both databases: each pass
    checks half the readers, alternating relations within each role so that both databases meet
    every role and every relation (own, partner, police, elsewhere), and a full run checks every
    reader once. EUNOMIA_FULL_MATRIX=1 checks them all in one pass (ADR 33)."""
    if os.environ.get("EUNOMIA_FULL_MATRIX") == "1":
        return readers
    postgres = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    roles, relations = list(HOLDS) + [None], list(RELATIONS) + [None]
    return [(role, relation) for role, relation in readers
            if (roles.index(role) + relations.index(relation)) % 2 == postgres]


@pytest.mark.parametrize("who, relation", _this_pass(WHO),
                         ids=[f"{r}-{o}" if r else "anonymous" for r, o in _this_pass(WHO)])
def test_who_may_see_and_change_what(who, relation, world, make_member, fast_client_for):
    client = fast_client_for(_member(world, make_member, who, relation) if who else None)
    answered, wrong = {}, []
    before = _state(), _raw_state()
    for state in STATES:
        case = world["cases"][state]
        for key in MATRIX:
            method, name = key.split(" ")
            kwargs = {"slug": "testvale", **(ADDRESS[name](world, case) if name in ADDRESS else {})}
            url = reverse(name, kwargs=kwargs) + (QUERY[name](world, case) if name in QUERY else "")
            data = SENDS[name](world, case) if method == "POST" else {}
            if (method, url) not in answered:  # pages that name no case answer the same in every state
                answered[method, url] = _outcome(client, method, url, data, api=name.startswith("api:"),
                                                  anonymous=who is None, before=before)
            expected = _expected(key, who, relation, state)
            if answered[method, url] != expected:
                wrong.append(f"{key} ({state}): {url} came to {answered[method, url]}, expected {expected}")
    assert not wrong, f"{who} in {relation}:\n" + "\n".join(wrong)


def test_the_matrix_covers_every_casework_url_and_every_role():
    names = set(casework_url_names())
    rows = {key.split(" ")[1] for key in MATRIX}
    assert names - rows == set(), "casework URLs with no row in the matrix"
    assert rows - names == set(), "rows in the matrix for URLs that do not exist"
    assert {key.split(" ")[1] for key in MATRIX if key.startswith("GET ")} == names, "every URL needs a GET row"
    assert {key.split(" ")[1] for key in MATRIX if key.startswith("POST ")} == set(SENDS)
    assert set(HOLDS) == set(ROLES), "every role needs its column of what it holds"
    assert len(names) > 40  # the walker itself reaches the casework apps
