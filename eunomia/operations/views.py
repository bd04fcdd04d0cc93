"""The operations log's pages. Every record is read through its scoped query (another partnership's is
a 404), recorded by those who may record for an organisation, and changed only by those who may
change it (a partner practitioner: their own organisation's, a 403 otherwise), through the actions."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.roles import Permission
from eunomia.core.paging import page_of
from eunomia.core.rendering import form_page, posted
from eunomia.operations import actions, queries, summary
from eunomia.operations.forms import (
    CampaignForm, EnforcementForm, EventForm, ExclusionForm, LeavingForm, PaybackForm, PremisesForm, SchemeForm,
    SchemeMemberForm, TestPurchaseForm, TrainingForm, VisitForm,
)
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import acting_organisation

NAV = "operations"
PER_PAGE = 50


def _url(partnership, name, *args):
    return reverse(name, args=[partnership.slug, *args])


def _log_url(partnership, kind=""):
    url = _url(partnership, "operations:log")
    return f"{url}?{urlencode({'type': kind})}" if kind else url


# The log --------------------------------------------------------------------------------------------------

@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def log(request, partnership):
    wanted = request.GET.get("type", "")
    kind = queries.KIND_BY_KEY.get(wanted)
    page, problem = None, ""
    if kind is not None:
        page = page_of(queries.records_of(partnership, kind), request.GET.get("page"), per_page=PER_PAGE)
        entries = [queries.Entry(kind, record) for record in page]
    else:
        if wanted:
            problem = "There is no type of record called that: showing every type"
        entries = queries.recent_records(partnership)
    return render(request, "operations/log.html", {
        "kinds": queries.KINDS, "chosen": kind, "entries": entries, "page": page, "filter_problem": problem,
        "query": urlencode({"type": kind.key}) if kind else "",
        "may_record": queries.may_record(request.user, partnership)})


# One type's pages, made from its description ------------------------------------------------------------------

@dataclass(frozen=True)
class Pages:
    """A type of record's pages: its words, form, scoped query, actions and addresses."""

    noun: str
    kind: str
    form: type
    query: object
    create: object
    change: object
    detail: str
    edit: str
    new_title: str
    # partnership -> the form's other arguments (the premises, the directory, the priorities offered).
    options: object = field(default=lambda partnership: {})
    was: str = "was"

    def back(self, partnership):
        if self.kind:
            return _log_url(partnership, self.kind)
        return _url(partnership, "operations:premises_list")


def _may_record_for(request, partnership):
    organisations = queries.recording_organisations(request.user, partnership)
    if not organisations.exists():
        raise PermissionDenied
    return organisations


def _new(request, partnership, pages, *, initial=None, back_url=None):
    organisations = _may_record_for(request, partnership)
    acting = acting_organisation(request.user, partnership)
    owner = acting.pk if acting and organisations.filter(pk=acting.pk).exists() else None
    form = pages.form(posted(request), organisations=organisations,
                      initial={"owner_organisation": owner, **(initial or {})}, **pages.options(partnership))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            record = pages.create(by=request.user, partnership=partnership, **form.action_data())
            messages.success(request, f"The {pages.noun} {pages.was} recorded")
            return redirect(pages.detail, partnership.slug, record.pk)
    return _form_page(request, partnership, form, page_title=pages.new_title,
                      back_url=back_url or pages.back(partnership))


def _form_page(request, partnership, form, **kwargs):
    return form_page(request, form, template="operations/form.html",
                     premises_url=_url(partnership, "operations:premises_new"), **kwargs)


def _record(partnership, pages, pk):
    return get_object_or_404(pages.query(partnership), pk=pk)


def _to_change(request, partnership, record):
    if not queries.may_change(request.user, partnership, record):
        raise PermissionDenied
    return record


def _edit(request, partnership, pages, pk):
    record = _to_change(request, partnership, _record(partnership, pages, pk))
    form = pages.form(posted(request), initial=pages.form.initial_from(record), **pages.options(partnership))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            pages.change(by=request.user, record=record, **form.action_data())
            messages.success(request, f"The {pages.noun} {pages.was} changed")
            return redirect(pages.detail, partnership.slug, record.pk)
    return _form_page(request, partnership, form, page_title=f"Change the {pages.noun}", caption=str(record),
                      back_url=_url(partnership, pages.detail, record.pk))


def _detail(request, partnership, pages, pk, *, template="operations/record.html", extra=None):
    record = _record(partnership, pages, pk)
    return render(request, template, {
        "record": record, "rows": summary.rows(record), "noun": pages.noun, "back_url": pages.back(partnership),
        "edit_url": _url(partnership, pages.edit, record.pk),
        "may_change": queries.may_change(request.user, partnership, record),
        "may_record": queries.may_record(request.user, partnership), **(extra(record) if extra else {})})


def _premises_offered(partnership):
    return {"premises": queries.premises_in(partnership)}


def _directory(partnership):
    return {"directory": queries.organisations_named_by(partnership)}


def _priorities(partnership):
    return {"priorities": queries.priorities_of(partnership)}


def _event_options(partnership):
    return {**_directory(partnership), **_priorities(partnership), "campaigns": queries.campaigns_in(partnership)}


PREMISES = Pages("premises", "", PremisesForm, queries.premises_in, actions.add_premises, actions.change_premises,
                 "operations:premises", "operations:premises_edit", "Add premises", was="were")
TEST_PURCHASES = Pages("test purchase", "test-purchases", TestPurchaseForm, queries.test_purchases_in,
                       actions.record_test_purchase, actions.change_test_purchase, "operations:test_purchase",
                       "operations:test_purchase_edit", "Record a test purchase", _premises_offered)
VISITS = Pages("visit", "visits", VisitForm, queries.visits_in, actions.record_visit, actions.change_visit,
               "operations:visit", "operations:visit_edit", "Record a licensed-premises visit", _premises_offered)
TRAINING = Pages("training session", "training", TrainingForm, queries.training_in, actions.record_training,
                 actions.change_training, "operations:training", "operations:training_edit",
                 "Record a training session", _directory)
PAYBACK = Pages("Community Payback project", "payback", PaybackForm, queries.payback_in,
                actions.record_payback_project, actions.change_payback_project, "operations:payback",
                "operations:payback_edit", "Record a Community Payback project", _directory)
SCHEMES = Pages("scheme", "schemes", SchemeForm, queries.schemes_in, actions.set_up_scheme, actions.change_scheme,
                "operations:scheme", "operations:scheme_edit", "Set up a scheme")
ENFORCEMENT = Pages("enforcement operation", "enforcement", EnforcementForm, queries.enforcement_in,
                    actions.record_enforcement_operation, actions.change_enforcement_operation,
                    "operations:enforcement", "operations:enforcement_edit", "Record an enforcement operation",
                    _directory)
CAMPAIGNS = Pages("campaign", "campaigns", CampaignForm, queries.campaigns_in, actions.start_campaign,
                  actions.change_campaign, "operations:campaign", "operations:campaign_edit", "Start a campaign",
                  _priorities)
EVENTS = Pages("event", "events", EventForm, queries.events_in, actions.record_event, actions.change_event,
               "operations:event", "operations:event_edit", "Record an event", _event_options)


def _pages_of(pages, *, extra=None, template="operations/record.html"):
    """The new, detail and edit views of one type of record."""
    @partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
    def new(request, partnership):
        return _new(request, partnership, pages)

    @partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
    def detail(request, partnership, pk):
        return _detail(request, partnership, pages, pk, template=template, extra=extra)

    @partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
    def edit(request, partnership, pk):
        return _edit(request, partnership, pages, pk)

    return new, detail, edit


test_purchase_new, test_purchase_detail, test_purchase_edit = _pages_of(TEST_PURCHASES)
visit_new, visit_detail, visit_edit = _pages_of(VISITS)
training_new, training_detail, training_edit = _pages_of(TRAINING)
payback_new, payback_detail, payback_edit = _pages_of(PAYBACK)
enforcement_new, enforcement_detail, enforcement_edit = _pages_of(ENFORCEMENT)


# Premises ----------------------------------------------------------------------------------------------------

@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def premises_list(request, partnership):
    page = page_of(queries.premises_in(partnership), request.GET.get("page"), per_page=PER_PAGE)
    return render(request, "operations/premises_list.html", {
        "page": page, "may_record": queries.may_record(request.user, partnership)})


premises_new, premises_detail, premises_edit = _pages_of(PREMISES, extra=lambda premises: queries.records_at(premises),
                                                         template="operations/premises.html")


# Schemes, their members and exclusions ----------------------------------------------------------------------

def _scheme_extra(scheme):
    today = timezone.localdate()
    return {"members": scheme.members.select_related("premises"), "exclusions": scheme.exclusions.all(),
            "today": today, "members_today": queries.members_on(scheme, today).count(),
            "exclusions_today": queries.exclusions_active_on(scheme, today).count()}


scheme_new, scheme_detail, scheme_edit = _pages_of(SCHEMES, extra=_scheme_extra, template="operations/scheme.html")


def _scheme_to_change(request, partnership, pk):
    return _to_change(request, partnership, get_object_or_404(queries.schemes_in(partnership), pk=pk))


def _scheme_url(partnership, scheme_pk):
    return _url(partnership, "operations:scheme", scheme_pk)


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def scheme_member_new(request, partnership, pk):
    scheme = _scheme_to_change(request, partnership, pk)
    form = SchemeMemberForm(posted(request), premises=queries.premises_in(partnership),
                            initial={"joined_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            member = actions.add_scheme_member(by=request.user, scheme=scheme, **form.cleaned_data)
            messages.success(request, f"{member.premises.name} joined {scheme}")
            return redirect("operations:scheme", partnership.slug, scheme.pk)
    return _form_page(request, partnership, form, page_title="Add a member", caption=str(scheme),
                      back_url=_scheme_url(partnership, scheme.pk))


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def member_leave(request, partnership, pk):
    member = _to_change(request, partnership, get_object_or_404(queries.scheme_members_in(partnership), pk=pk))
    form = LeavingForm(posted(request), initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_leaving(by=request.user, member=member, **form.cleaned_data)
            messages.success(request, f"{member.premises.name} left {member.scheme}")
            return redirect("operations:scheme", partnership.slug, member.scheme_id)
    return _form_page(request, partnership, form, page_title=f"{member.premises.name} leaves the scheme",
                      caption=str(member.scheme), back_url=_scheme_url(partnership, member.scheme_id))


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def exclusion_new(request, partnership, pk):
    scheme = _scheme_to_change(request, partnership, pk)
    form = ExclusionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            exclusion = actions.add_exclusion(by=request.user, scheme=scheme, **form.cleaned_data)
            messages.success(request, f"Exclusion {exclusion.reference} was recorded")
            return redirect("operations:scheme", partnership.slug, scheme.pk)
    return _form_page(request, partnership, form, page_title="Record an exclusion", caption=str(scheme),
                      back_url=_scheme_url(partnership, scheme.pk),
                      intro="Record the scheme's reference and the dates only. Who was excluded stays in the "
                            "scheme's own records, not here.")


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def exclusion_edit(request, partnership, pk):
    exclusion = _to_change(request, partnership, get_object_or_404(queries.exclusions_in(partnership), pk=pk))
    form = ExclusionForm(posted(request), initial={"reference": exclusion.reference,
                                                    "starts_on": exclusion.starts_on, "ends_on": exclusion.ends_on})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.change_exclusion(by=request.user, exclusion=exclusion, **form.cleaned_data)
            messages.success(request, f"Exclusion {exclusion.reference} was changed")
            return redirect("operations:scheme", partnership.slug, exclusion.scheme_id)
    return _form_page(request, partnership, form, page_title="Change the exclusion", caption=str(exclusion.scheme),
                      back_url=_scheme_url(partnership, exclusion.scheme_id))


# Campaigns and events -----------------------------------------------------------------------------------------

def _campaign_extra(campaign):
    return {"events": campaign.events.select_related("owner_organisation").order_by("held_on", "id"),
            "reach": queries.campaign_reach(campaign)}


campaign_new, campaign_detail, campaign_edit = _pages_of(CAMPAIGNS, extra=_campaign_extra,
                                                         template="operations/campaign.html")
_, event_detail, event_edit = _pages_of(EVENTS)


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def event_new(request, partnership):
    """An event, in the campaign named in the address (?campaign=) when it is one of the partnership's."""
    wanted = request.GET.get("campaign", "")
    # A number of more digits than an id has is no campaign (and would overflow the database's integer).
    an_id = wanted.isdigit() and len(wanted) < 12
    campaign = queries.campaigns_in(partnership).filter(pk=wanted).first() if an_id else None
    if campaign is None:
        return _new(request, partnership, EVENTS)
    return _new(request, partnership, EVENTS, initial={"campaign": campaign.pk},
                back_url=_url(partnership, "operations:campaign", campaign.pk))
