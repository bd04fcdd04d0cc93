"""Family Focus pages for staff: the families list, identifying a family, a family's page (its
members, eligibility and evidence, facts, plan, support, outcomes and claims) and the forms that
change it. Families are found only through families_visible_to (another organisation's family is a
404); only the lead organisation changes one (else a 403), the organisations it is shared with read
it. Every page showing a family writes an audit event. A DA incident used as evidence is shown only
as "Domestic abuse: yes" to a reader without DA permission (ADR 68)."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.models import User
from eunomia.accounts.permissions import has_permission
from eunomia.accounts.queries import current_memberships
from eunomia.accounts.roles import ROLES, Permission
from eunomia.audit import actions as audit
from eunomia.casework import queries as casework
from eunomia.casework.forms import PersonSearchForm
from eunomia.core.paging import page_of
from eunomia.core.rendering import form_page, posted
from eunomia.domesticabuse import queries as domestic_abuse
from eunomia.families import actions, assess, forms, imports, queries
from eunomia.families import rules as rule_documents
from eunomia.families.models import Fact, Family, PlanAction, Support
from eunomia.interventions.models import Intervention
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import acting_organisation, organisations_in
from eunomia.referrals import queries as referrals

PAGE_SIZE = 50
# Roles that work cases, and so may lead a family: a lead professional must be able to open it.
_CASEWORK_ROLES = [key for key, role in ROLES.items()
                   if {Permission.CASE_VIEW, Permission.CASE_EDIT} <= set(role.grants)]


def _family(request, partnership, pk, *, change=False):
    """The family if the reader may see it (else 404); to change it they must belong to its lead
    organisation (else 403): the organisations it is shared with read it."""
    family = get_object_or_404(queries.families_visible_to(request.user, partnership).select_related(
        "rule_set", "owner_organisation", "lead_professional", "override_by"), pk=pk)
    if change and not queries.owns_family(request.user, partnership, family):
        raise PermissionDenied
    return family


def _possible_leads(partnership, organisation):
    """The active people of `organisation` with a current membership in a role that works cases."""
    members = current_memberships().filter(partnership=partnership, organisation=organisation,
                                           role__in=_CASEWORK_ROLES)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("full_name", "email")


def _back(partnership, family):
    return reverse("families:detail", args=[partnership.slug, family.pk])


def _form(request, partnership, family, form, *, name, act, page_title, intro=None, **extra):
    """The one shape of a family's form pages: a valid POST runs `act(cleaned data)`, an action whose
    refusal shows on the form, and returns to the family with the message `act` returns; otherwise
    the form (a 400 with its errors), its showing audited as it names the family."""
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            messages.success(request, act(form.cleaned_data))
            return redirect("families:detail", partnership.slug, family.pk)
    audit.record(by=request.user, action="families.form_viewed", obj=family, partnership=partnership,
                 data={"form": name})
    return form_page(request, form, page_title=page_title, caption=f"Family {family.reference}",
                     back_url=_back(partnership, family), intro=intro, family=family, **extra)


# The list and identifying a family ---------------------------------------------------------------------

@partnership_view(Permission.CASE_VIEW, nav_section="families")
def family_list(request, partnership):
    status = request.GET.get("status", "")
    if status not in Family.Status.values:
        status = ""
    families = (queries.families_visible_to(request.user, partnership).select_related("owner_organisation")
                .annotate(member_count=Count("members")))
    if status:
        families = families.filter(status=status)
    page = page_of(families, request.GET.get("page"), per_page=PAGE_SIZE)
    shown = list(page.object_list)
    audit.record(by=request.user, action="families.listed", partnership=partnership,
                 data={"status": status, "page": page.number, "ids": [family.pk for family in shown]})
    return render(request, "families/list.html", {
        "families": shown, "status": status, "statuses": Family.Status.choices, "page": page,
        "query": urlencode({"status": status}) if status else ""})


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def family_identify(request, partnership):
    organisation = acting_organisation(request.user, partnership)
    rule_sets = queries.rule_sets_of(partnership)
    form = forms.IdentifyForm(posted(request), rule_sets=rule_sets, people=_possible_leads(partnership, organisation))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            family = actions.identify(by=request.user, partnership=partnership, organisation=organisation,
                                      rule_set=data["rule_set"], identified_on=data["identified_on"],
                                      lead_professional=data["lead_professional"])
            messages.success(request, f"Family {family.reference} identified: add its members next")
            return redirect("families:detail", partnership.slug, family.pk)
    intro = (f"The family will be led by {organisation}: only its members can change it, and it can be shared "
             f"with partners under an information sharing agreement.")
    if not rule_sets.exists():
        intro += " There is no rule set yet: the CSP manager adds one before a family can be identified."
    return form_page(request, form, page_title="Identify a family", caption="Family Focus", intro=intro,
                     back_url=reverse("families:list", args=[partnership.slug]))


# A family's page ---------------------------------------------------------------------------------------

def _day(iso):
    return f"{datetime.date.fromisoformat(iso):%-d %B %Y}"


def _comparison(condition):
    """A condition's comparison in words: the windows and counts of a fall, the school thresholds,
    the window work is looked for in."""
    found = condition.comparison
    if "before" in found:
        return [f"Before the start: {found['before']}, from {_day(found['before_from'])} to {_day(found['before_to'])}",
                f"Latest: {found['latest']}, from {_day(found['latest_from'])} to {_day(found['latest_to'])}",
                f"Fall needed: {found['fall_needed_percent']}%"]
    if "terms" in found:
        return [f"Each child under {found['absence_below_percent']}% unauthorised absence, with fewer than "
                f"{found['exclusions_below']} fixed-term exclusions, over the latest {found['terms']} terms"]
    if "from" in found:
        return [f"Looked for from {_day(found['from'])} to {_day(found['to'])}"]
    return []


def _evidence(request, partnership, family, may_see_da):
    """The family's evidence by problem key, each piece as (kind, record, may the reader open it in
    casework). A DA incident's record is left out for a reader who may not see it."""
    pieces = list(family.evidence.select_related("report", "case", "da_incident__victim", "fact__member__person"))
    report_ids = casework.reports_visible_to(request.user, partnership).filter(
        pk__in=[e.report_id for e in pieces if e.report_id]).values_list("pk", flat=True)
    case_ids = casework.cases_visible_to(request.user, partnership).filter(
        pk__in=[e.case_id for e in pieces if e.case_id]).values_list("pk", flat=True)
    report_ids, case_ids = set(report_ids), set(case_ids)
    by_problem = {}
    for piece in pieces:
        if piece.report_id:
            row = ("report", piece.report, piece.report_id in report_ids)
        elif piece.case_id:
            row = ("case", piece.case, piece.case_id in case_ids)
        elif piece.da_incident_id:
            row = ("da_incident", piece.da_incident if may_see_da else None, may_see_da)
        else:
            row = ("fact", piece.fact, True)
        by_problem.setdefault(piece.problem, []).append(row)
    return pieces, by_problem


def _support(request, partnership, family):
    """The support linked to the plan, each as (support, may the reader open it in casework)."""
    rows = list(family.support.select_related("intervention__person", "intervention__case", "referral__person"))
    cases = set(casework.cases_visible_to(request.user, partnership).filter(
        pk__in=[s.intervention.case_id for s in rows if s.intervention_id]).values_list("pk", flat=True))
    seen_referrals = set(referrals.referrals_visible_to(request.user, partnership).filter(
        pk__in=[s.referral_id for s in rows if s.referral_id]).values_list("pk", flat=True))
    return [(s, s.intervention.case_id in cases if s.intervention_id else s.referral_id in seen_referrals)
            for s in rows]


@partnership_view(Permission.CASE_VIEW, nav_section="families")
def family_detail(request, partnership, pk):
    family = _family(request, partnership, pk)
    today = timezone.localdate()
    rules = queries.rules_of(family.rule_set)
    records = assess.load([family])[family.pk]
    eligibility = assess.eligibility(records, rules)
    may_see_da = domestic_abuse.may_see_da(request.user, partnership)
    pieces, evidence = _evidence(request, partnership, family, may_see_da)
    members = list(family.members.select_related("person"))
    seen_people = set(casework.people_visible_to(request.user, partnership).filter(
        pk__in=[m.person_id for m in members]).values_list("pk", flat=True))
    facts = list(family.facts.select_related("member__person", "source_organisation"))
    owner = queries.owns_family(request.user, partnership, family)
    may_edit = owner and has_permission(request.user, Permission.CASE_EDIT, partnership=partnership)
    may_manage = queries.may_manage(request.user, partnership)
    outcomes = [(result, [(c, _comparison(c)) for c in result.conditions])
                for result in assess.outcomes(records, rules, today)]
    audit.record(by=request.user, action="families.viewed", obj=family, partnership=partnership, data={
        "people": [m.person_id for m in members], "evidence": [e.pk for e in pieces], "facts": [f.pk for f in facts]})
    incidents = [e.da_incident for e in pieces if e.da_incident_id]
    if may_see_da and incidents:
        # The incidents' details were shown: a read of DA records, in the DA domain's own log (ADR 42).
        audit.record_read(by=request.user, action="families.da_evidence_viewed", objects=incidents,
                          partnership=partnership)
    return render(request, "families/detail.html", {
        "family": family, "today": today, "eligibility": eligibility,
        "members": [(m, m.person_id in seen_people, m.person.age_on(today)) for m in members],
        "problems": [(p, eligibility.held.get(p.key, 0), evidence.get(p.key, [])) for p in rules.problems],
        "facts": facts,
        "goals": [(goal, rules.label_of(goal.problem) if goal.problem else "") for goal in family.goals.all()],
        "plan_actions": list(family.actions.select_related("owner", "goal")),
        "reviews": list(family.reviews.select_related("recorded_by")),
        "support": _support(request, partnership, family),
        "shares": list(family.shares.select_related("organisation", "agreement").order_by("organisation__name")),
        "outcomes": outcomes, "start": records.start,
        "claim_lines": [(line, rules.label_of(line.outcome))
                        for line in family.claim_lines.select_related("claim").order_by("claim__period_end", "id")],
        "owner": owner, "may_edit": may_edit, "may_manage": may_manage,
        "attach_form": _attach_form(partnership, family, may_manage) if may_edit else None,
    })


def _attach_form(partnership, family, may_override):
    """The attach form on the family's page, posting to the attach page (which shows any refusal)."""
    if family.status != Family.Status.IDENTIFIED:
        return None
    form = forms.AttachForm(may_override=may_override)
    form.helper.form_action = reverse("families:attach", args=[partnership.slug, family.pk])
    return form


# Members, evidence and facts -----------------------------------------------------------------------------

@partnership_view(Permission.CASE_EDIT, nav_section="families")
def member_add(request, partnership, pk):
    """Add a casework person, found by searching their name (the page never lists everyone)."""
    family = _family(request, partnership, pk, change=True)
    visible = casework.people_visible_to(request.user, partnership)
    search = PersonSearchForm(request.GET)
    text = search.cleaned_data["q"].strip() if search.is_valid() else ""
    found = list(casework.search_people(visible.exclude(family_links__family=family), text))
    # Any person the reader may see can be chosen; only the search results are offered.
    form = forms.AddMemberForm(posted(request), people=visible)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        with form.showing_refusal():
            actions.add_member(by=request.user, family=family, person=person,
                               relationship=form.cleaned_data["relationship"])
            messages.success(request, f"{person} added to family {family.reference}")
            return redirect("families:detail", partnership.slug, family.pk)
    form.fields["person"].queryset = casework.in_order(visible, [p.pk for p in found])  # as ranked
    if text:  # the results are personal data shown on the page
        audit.record(by=request.user, action="families.people_searched", obj=family, partnership=partnership,
                     data={"search": text, "ids": [p.pk for p in found]})
    return form_page(request, form, page_title="Add a member to the family", caption=f"Family {family.reference}",
                     back_url=_back(partnership, family), template="casework/person_picker.html", search=search,
                     text=text, found=found)


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def evidence_add(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    rules = queries.rules_of(family.rule_set)
    people = family.members.values("person_id")
    reports = (casework.reports_visible_to(request.user, partnership).filter(people_links__person__in=people)
               .distinct().order_by("-occurred_at", "-id"))
    cases = casework.cases_visible_to(request.user, partnership).filter(parties__person__in=people).distinct()
    names_incidents = has_permission(request.user, Permission.DA_EDIT, partnership=partnership)
    form = forms.EvidenceForm(
        posted(request), problems=rules.problems, reports=reports, cases=cases,
        facts=family.facts.select_related("member__person"),
        da_incidents=domestic_abuse.incidents_visible_to(request.user, partnership) if names_incidents else None)

    def act(data):
        actions.add_evidence(by=request.user, family=family, problem=data["problem"], **form.source())
        return f"Evidence of {rules.problem_by_key[data['problem']].label.lower()} added"

    accepted = [(p.label, [rule_documents.EVIDENCE_SOURCES[s] for s in p.evidence]) for p in rules.problems]
    return _form(request, partnership, family, form, name="evidence", act=act, page_title="Add evidence of a problem",
                 template="families/evidence_form.html", accepted=accepted,
                 intro="Give one piece of evidence at a time, from a source the rule set accepts for the problem. "
                       "A report or case must name a member of the family; a fact is recorded first.")


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def fact_add(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    form = forms.FactForm(posted(request), members=family.members.select_related("person"))

    def act(data):
        fact = actions.record_fact(by=request.user, family=family, member=data["member"], kind=data["kind"],
                                   value=data["value"], period_start=data["period_start"],
                                   period_end=data["period_end"], source=data["source"], note=data["note"])
        return f"{fact.get_kind_display().split(' (')[0]} recorded for {data['member'].person}"

    return _form(request, partnership, family, form, name="fact", act=act, page_title="Record a fact",
                 intro="A fact from a partner's records about one member: a school's exclusions and absence, "
                       "benefits, offences, work. It may then be given as evidence of a problem.")


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def fact_import(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    form = forms.FactImportForm(posted(request), request.FILES if request.method == "POST" else None)

    def act(data):
        facts = imports.import_facts(by=request.user, family=family, data=data["file"].read())
        return f"{len(facts)} fact{'s' if len(facts) != 1 else ''} imported"

    return _form(request, partnership, family, form, name="fact_import", act=act, page_title="Import facts",
                 template="families/fact_import.html", layout=imports.LAYOUT, kinds=Fact.Kind.choices,
                 members=list(family.members.select_related("person")),
                 intro="A CSV file with one fact a line. Every line is checked first: if any is wrong, nothing is "
                       "saved and every problem is listed with its line and column.")


# Sharing, attaching and closing ------------------------------------------------------------------------------

@partnership_view(Permission.CASE_EDIT, nav_section="families")
def family_share(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    form = forms.ShareForm(posted(request), organisations=organisations_in(partnership).exclude(
        pk=family.owner_organisation_id), agreements=casework.agreements_of(partnership))

    def act(data):
        share = actions.share(by=request.user, family=family, organisation=data["organisation"],
                              agreement=data["agreement"])
        return f"Family {family.reference} shared with {share.organisation} under {share.agreement}"

    return _form(request, partnership, family, form, name="share", act=act, page_title="Share the family",
                 intro=f"Share only under an information sharing agreement that names both "
                       f"{family.owner_organisation} and the organisation you share with. Its members will see the "
                       f"family, its members, evidence, facts and plan; only {family.owner_organisation} changes it.")


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def family_attach(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    if family.status != Family.Status.IDENTIFIED:
        messages.error(request, f"Family {family.reference} is already {family.get_status_display().lower()}")
        return redirect("families:detail", partnership.slug, family.pk)
    may_override = queries.may_manage(request.user, partnership)
    form = forms.AttachForm(posted(request), may_override=may_override)

    def act(data):
        reason = data.get("override_reason", "")
        actions.attach(by=request.user, family=family, on=data["on"], override_reason=reason,
                       may_override=may_override)
        return f"Family {family.reference} attached" + (" by override" if reason.strip() else "")

    eligibility = assess.eligibility(assess.load([family])[family.pk], queries.rules_of(family.rule_set))
    return _form(request, partnership, family, form, name="attach", act=act, page_title="Attach the family",
                 intro=f"{family.rule_set}: {eligibility.reasons}")


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def family_close(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    if family.status != Family.Status.ATTACHED:
        messages.error(request, f"Family {family.reference} is {family.get_status_display().lower()}: only an "
                                f"attached family's work is closed")
        return redirect("families:detail", partnership.slug, family.pk)
    form = forms.CloseForm(posted(request))

    def act(data):
        actions.close(by=request.user, family=family, on=data["on"])
        return f"The work with family {family.reference} is closed"

    return _form(request, partnership, family, form, name="close", act=act, page_title="Close the family's work",
                 intro=f"Attached on {family.attached_on:%-d %B %Y}. The work ends on a day from then to today.")


# The plan and support ---------------------------------------------------------------------------------------

@partnership_view(Permission.CASE_EDIT, nav_section="families")
def plan_agree(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    form = forms.PlanAgreedForm(posted(request))

    def act(data):
        actions.agree_plan(by=request.user, family=family, on=data["on"])
        return f"Plan agreed on {data['on']:%-d %B %Y}"

    return _form(request, partnership, family, form, name="plan_agree", act=act, page_title="Record the plan as agreed",
                 intro="The date the family and the lead professional agreed the plan: on or after attachment.")


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def goal_add(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    form = forms.GoalForm(posted(request), problems=queries.rules_of(family.rule_set).problems)

    def act(data):
        actions.add_goal(by=request.user, family=family, text=data["text"], problem=data["problem"])
        return "Goal added to the plan"

    return _form(request, partnership, family, form, name="goal", act=act, page_title="Add a goal to the plan")


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def action_add(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    form = forms.ActionForm(posted(request), organisations=organisations_in(partnership), goals=family.goals.all())

    def act(data):
        actions.add_action(by=request.user, family=family, text=data["text"], owner=data["owner"],
                           due_on=data["due_on"], goal=data["goal"])
        return f"Action for {data['owner']} added to the plan"

    return _form(request, partnership, family, form, name="action", act=act, page_title="Add an action to the plan")


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def action_done(request, partnership, pk):
    plan_action = get_object_or_404(PlanAction.objects.select_related("family", "owner"), pk=pk,
                                    family__in=queries.families_visible_to(request.user, partnership))
    family = _family(request, partnership, plan_action.family_id, change=True)
    if plan_action.done_on is not None:
        messages.error(request, f"It was done on {plan_action.done_on:%-d %B %Y}")
        return redirect("families:detail", partnership.slug, family.pk)
    form = forms.ActionDoneForm(posted(request))

    def act(data):
        actions.complete_action(by=request.user, action=plan_action, on=data["on"])
        return "Action marked done"

    return _form(request, partnership, family, form, name="action_done", act=act, page_title="Mark the action done",
                 intro=f"{plan_action.text} ({plan_action.owner}, due {plan_action.due_on:%-d %B %Y})")


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def review_add(request, partnership, pk):
    family = _family(request, partnership, pk, change=True)
    form = forms.ReviewForm(posted(request))

    def act(data):
        actions.add_review(by=request.user, family=family, reviewed_on=data["reviewed_on"], summary=data["summary"])
        return "Review recorded"

    return _form(request, partnership, family, form, name="review", act=act, page_title="Record a review of the plan")


@partnership_view(Permission.CASE_EDIT, nav_section="families")
def support_link(request, partnership, pk):
    """Point the plan at an intervention or referral of a member, found through what the reader may
    see in casework (an intervention through its case)."""
    family = _family(request, partnership, pk, change=True)
    people = family.members.values("person_id")
    linked = Support.objects.filter(family=family)
    interventions = (Intervention.objects.filter(case__in=casework.cases_visible_to(request.user, partnership),
                                                 person_id__in=people)
                     .exclude(pk__in=linked.filter(intervention__isnull=False).values("intervention_id"))
                     .select_related("person"))
    offered_referrals = (referrals.referrals_visible_to(request.user, partnership).filter(person_id__in=people)
                         .exclude(pk__in=linked.filter(referral__isnull=False).values("referral_id"))
                         .select_related("person"))
    form = forms.SupportForm(posted(request), interventions=interventions, referrals=offered_referrals)

    def act(data):
        actions.link_support(by=request.user, family=family, **form.chosen())
        return "Support linked to the plan"

    intro = ("Interventions and referrals of the family's members that you may see in casework, not yet linked."
             if form.fields["support"].choices else
             "There is no intervention or referral of the family's members that you may see and that is not linked "
             "already. Record them in casework first.")
    return _form(request, partnership, family, form, name="support", act=act, page_title="Link support to the plan",
                 intro=intro)
