"""Referral pages. Referrals are found only through referrals_visible_to, people only through
people_visible_to (anything else is a 404); every page showing personal data is audited."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from eunomia.accounts.permissions import has_permission, organisations_of
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import queries as casework
from eunomia.core.paging import page_of
from eunomia.core.rendering import form_page, posted
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import acting_organisation
from eunomia.referrals import actions, queries
from eunomia.referrals.forms import ReferralForm, StatusForm
from eunomia.referrals.models import Referral

PAGE_SIZE = 100


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def referral_list(request, partnership):
    status = request.GET.get("status", "")
    referrals = queries.referrals_visible_to(request.user, partnership).select_related("person", "made_by")
    if status in Referral.Status.values:
        referrals = referrals.filter(status=status)
    page = page_of(referrals, request.GET.get("page"), per_page=PAGE_SIZE)
    shown = list(page.object_list)
    audit.record(by=request.user, action="referrals.listed", partnership=partnership,
                 data={"status": status, "page": page.number, "ids": [r.pk for r in shown]})
    return render(request, "referrals/list.html", {"referrals": shown, "status": status,
                                                   "statuses": Referral.Status.choices, "page": page,
                                                   "query": urlencode({"status": status}) if status else ""})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def referral_new(request, partnership, pk):
    person = get_object_or_404(casework.people_visible_to(request.user, partnership), pk=pk)
    cases = casework.cases_visible_to(request.user, partnership)
    theirs = cases.filter(Q(parties__person=person) | Q(reports__people_links__person=person)).distinct()
    form = ReferralForm(posted(request), cases=theirs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = acting_organisation(request.user, partnership)
        case = theirs.filter(pk=data["case"]).first() if data["case"] else None
        with form.showing_refusal():
            referral = actions.refer(by=request.user, person=person, organisation=organisation,
                                     service=data["service"], service_detail=data["service_detail"],
                                     referred_on=data["referred_on"], case=case)
            messages.success(request, f"{person} referred to {referral.get_service_display().lower()}")
            return redirect("referrals:detail", partnership.slug, referral.pk)
    audit.record(by=request.user, action="referrals.form_viewed", obj=person, partnership=partnership)
    return form_page(request, form, page_title=f"Refer {person} to a service", caption="Referral",
                     back_url=reverse("casework:person", args=[partnership.slug, person.pk]))


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def referral_detail(request, partnership, pk):
    referral = get_object_or_404(queries.referrals_visible_to(request.user, partnership).select_related(
        "person", "made_by", "case"), pk=pk)
    choices = [(s, Referral.Status(s).label) for s in Referral.Status.values if s in actions.NEXT[referral.status]]
    # A referral moves on only by the organisation that made it; others who may see the person read it.
    may_edit = (has_permission(request.user, Permission.CASE_EDIT, partnership=partnership)
                and referral.made_by_id in organisations_of(request.user, partnership))
    form = StatusForm(posted(request), choices=choices) if choices and may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form is None:  # closed: nothing more to change
            return redirect("referrals:detail", partnership.slug, referral.pk)
        if form.is_valid():
            data = form.cleaned_data
            with form.showing_refusal():
                actions.update_status(by=request.user, referral=referral, status=data["status"], on=data["on"],
                                      outcome=data["outcome"])
                messages.success(request, f"Referral {referral.get_status_display().lower()}")
                return redirect("referrals:detail", partnership.slug, referral.pk)
    case_shown = referral.case if referral.case and casework.cases_visible_to(
        request.user, partnership).filter(pk=referral.case_id).exists() else None
    audit.record(by=request.user, action="referrals.viewed", obj=referral, partnership=partnership,
                 data={"person": referral.person_id})
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render(request, "referrals/detail.html", {"referral": referral, "form": form, "case": case_shown},
                  status=status)

