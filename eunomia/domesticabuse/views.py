"""Domestic abuse pages. A user without DA_VIEW in the partnership gets a 404 for every one of them
(not a 403: the domain's existence is not revealed, ADR 0026). Records are fetched through
eunomia.domesticabuse.queries, and every page showing a DA record writes an audit event."""

import functools

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.documents import render as documents
from eunomia.domesticabuse import actions, dash, personal_data, queries
from eunomia.domesticabuse.forms import (ChecklistForm, EndSupportForm, IncidentForm, MaracAreaForm, MeetingActionForm,
                                         MeetingCaseForm, MeetingForm, MinutesForm, PersonForm, ProgrammeForm,
                                         ReferralForm, SafetyPlanForm, SearchForm, SendForm, SupportForm)
from eunomia.domesticabuse.models import MeetingAction, Referral
from eunomia.partners.queries import organisations_in, partnerships_visible_to
from eunomia.records.sar import subject_access_document


def da_view(*, edit=False):
    """Like partners.access.partnership_view, but a user without the DA permission gets a 404. It goes
    outside require_POST, so even a POST-only page answers them 404, not 405."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, slug, *args, **kwargs):
            partnership = get_object_or_404(partnerships_visible_to(request.user), slug=slug)
            needed = Permission.DA_EDIT if edit else Permission.DA_VIEW
            if not (queries.may_see_da(request.user, partnership)
                    and has_permission(request.user, needed, partnership=partnership)):
                raise Http404("No such page")
            request.partnership = partnership
            request.nav_section = "domesticabuse"
            return view(request, partnership, *args, **kwargs)

        return wrapped

    return decorate


def _person(request, partnership, pk):
    return get_object_or_404(queries.people_visible_to(request.user, partnership), pk=pk)


def _person_url(partnership, person):
    return reverse("domesticabuse:person", args=[partnership.slug, person.pk])


# Each list on the dashboard shows at most this many, and says how many there are.
DASHBOARD_LIMIT = 20


def _limited(rows):
    rows = list(rows)
    return {"shown": rows[:DASHBOARD_LIMIT], "total": len(rows)}


@da_view()
def home(request, partnership):
    """The DA worker's dashboard (ADR 0031): who needs a MARAC referral, drafts and what they lack, open
    support and its safety plans, the next and last MARAC and its overdue actions; and the search."""
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    user, today = request.user, timezone.localdate()
    people = queries.people_visible_to(user, partnership)
    found = list(queries.search_people(people, text)[:50]) if text else []
    needing = _limited(queries.checklists_needing_referral(user, partnership))
    escalating = _limited(queries.victims_reaching_escalation(user, partnership))
    drafts = _limited(queries.referrals_visible_to(user, partnership).filter(status=Referral.Status.DRAFT)
                      .select_related("victim", "perpetrator").order_by("created_at", "id"))
    for draft in drafts["shown"]:
        draft.missing = actions.missing_for_sending(draft)
    support = _limited(queries.open_support(user, partnership))
    next_meeting, last_meeting = queries.next_and_last_meeting(user, partnership, today)
    overdue = _limited(queries.overdue_meeting_actions(user, partnership, today))
    audit.record(by=user, action="domesticabuse.searched" if text else "domesticabuse.home_viewed",
                 partnership=partnership, data={
                     "search": text, "people": [p.pk for p in found],
                     "referrals": [r.pk for r in drafts["shown"]],
                     "checklists": [c.pk for c in needing["shown"]],
                     "escalation": [victim.pk for victim, _, _ in escalating["shown"]],
                     "support": [s.pk for s in support["shown"]],
                     "meetings": [m.pk for m in (next_meeting, last_meeting) if m],
                     "meeting_actions": [a.pk for a in overdue["shown"]]})
    return render(request, "domesticabuse/home.html", {
        "form": form, "found": found, "search": text, "needing": needing, "escalating": escalating,
        "drafts": drafts, "support": support, "next_meeting": next_meeting, "last_meeting": last_meeting,
        "overdue": overdue, "today": today, "threshold": dash.HIGH_RISK_SCORE})


@da_view(edit=True)
def person_new(request, partnership):
    form = PersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            person = actions.save_person(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, f"{person} added")
            return redirect(_person_url(partnership, person))
    return form_page(request, form, page_title="Add a victim or perpetrator", caption="Domestic abuse",
                     back_url=reverse("domesticabuse:home", args=[partnership.slug]))


@da_view()
def person(request, partnership, pk):
    person = _person(request, partnership, pk)
    incidents = list(person.incidents_as_victim.select_related("perpetrator"))
    for incident in incidents:
        incident.repeat_marac = queries.is_repeat(person, incident.perpetrator, incident.occurred_on)
    areas = list(queries.marac_areas_visible_to(request.user, partnership))
    context = {
        "person": person, "incidents": incidents,
        "as_perpetrator": list(person.incidents_as_perpetrator.select_related("victim")),
        "checklists": list(person.checklists.select_related("assessor")),
        "referrals": list(person.referrals_as_victim.select_related("perpetrator")),
        "support": list(person.support_episodes.all()),
        "safety_plans": list(person.safety_plans.all()),
        "programme": list(person.programme_referrals.all()),
        "escalation": [a for a in areas if queries.escalation(person, a)],
    }
    audit.record(by=request.user, action="domesticabuse.person_viewed", obj=person, partnership=partnership)
    return render(request, "domesticabuse/person.html", context)


@da_view(edit=True)
def person_edit(request, partnership, pk):
    person = _person(request, partnership, pk)
    form = PersonForm(posted(request), initial={k: getattr(person, k) for k in actions.PERSON_FIELDS})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_person(by=request.user, partnership=partnership, person=person,
                                **form.cleaned_data)
            messages.success(request, f"{person}'s details saved")
            return redirect(request.GET.get("next") if _safe_next(request, partnership) else
                            _person_url(partnership, person))
    audit.record(by=request.user, action="domesticabuse.person_edit_viewed", obj=person, partnership=partnership)
    return form_page(request, form, page_title=f"Change the details of {person}", caption="Domestic abuse",
                     back_url=_person_url(partnership, person))


def _safe_next(request, partnership):
    return request.GET.get("next", "").startswith(f"/p/{partnership.slug}/domestic-abuse/")


@da_view()
def person_export(request, partnership, pk):
    """Everything the DA service holds on one person, for a subject access request (ADR 0027)."""
    person = _person(request, partnership, pk)
    audit.record(by=request.user, action="domesticabuse.person_exported", obj=person, partnership=partnership)
    document = subject_access_document(partnership, f"Domestic abuse records held on {person}",
                                       personal_data.sections_of(person))
    response = HttpResponse(documents.to_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="domestic-abuse-record-{person.pk}.pdf"'
    return response


@da_view(edit=True)
def incident_new(request, partnership, pk):
    victim = _person(request, partnership, pk)
    people = queries.people_visible_to(request.user, partnership).exclude(pk=victim.pk)
    form = IncidentForm(posted(request), people=people)
    if request.method == "POST" and form.is_valid():
        perpetrator = _optional(people, form.cleaned_data["perpetrator"])
        with form.showing_refusal():
            incident = actions.record_incident(
                by=request.user, victim=victim, perpetrator=perpetrator, occurred_on=form.cleaned_data["occurred_on"],
                description=form.cleaned_data["description"])
            repeat = queries.is_repeat(victim, perpetrator, incident.occurred_on)
            messages.success(request, "Incident recorded" + (": a repeat MARAC case (within 12 months of the last "
                                                             "referral), tell the MARAC" if repeat else ""))
            return redirect(_person_url(partnership, victim))
    audit.record(by=request.user, action="domesticabuse.incident_form_viewed", obj=victim, partnership=partnership)
    return form_page(request, form, page_title=f"Record an incident against {victim}", caption="Domestic abuse",
                     back_url=_person_url(partnership, victim))


def _optional(queryset, pk):
    return None if pk is None else get_object_or_404(queryset, pk=pk)


@da_view(edit=True)
def checklist_new(request, partnership, pk):
    victim = _person(request, partnership, pk)
    people = queries.people_visible_to(request.user, partnership).exclude(pk=victim.pk)
    areas = list(queries.marac_areas_visible_to(request.user, partnership)) or [actions.default_marac_area(partnership)]
    incidents = victim.incidents_as_victim.all()
    form = ChecklistForm(posted(request), people=people, incidents=incidents, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            checklist = actions.complete_checklist(
                by=request.user, victim=victim, answers=form.answers(), assessed_on=data["assessed_on"],
                marac_area=get_object_or_404(queries.marac_areas_visible_to(request.user, partnership),
                                             pk=data["marac_area"]),
                perpetrator=_optional(people, data["perpetrator"]), incident=_optional(incidents, data["incident"]),
                judgement_level=data["judgement_level"], judgement_reasons=data["judgement_reasons"])
            messages.success(request, f"Checklist saved: score {checklist.score}, "
                                      f"{checklist.get_level_display().lower()} risk")
            return redirect("domesticabuse:checklist", partnership.slug, checklist.pk)
    audit.record(by=request.user, action="domesticabuse.checklist_form_viewed", obj=victim, partnership=partnership)
    return form_page(request, form, page_title=f"DASH risk checklist: {victim}", caption="Domestic abuse",
                     intro=f"Answer every question. {dash.HIGH_RISK_SCORE} or more yes answers is high risk and "
                           "needs a MARAC referral. Your professional judgement can raise the level, not lower it.",
                     back_url=_person_url(partnership, victim))


@da_view()
def checklist(request, partnership, pk):
    found = get_object_or_404(queries.checklists_visible_to(request.user, partnership)
                              .select_related("victim", "perpetrator", "assessor", "marac_area", "incident"), pk=pk)
    grounds = actions.referral_grounds(found)
    audit.record(by=request.user, action="domesticabuse.checklist_viewed", obj=found, partnership=partnership)
    return render(request, "domesticabuse/checklist.html", {
        "checklist": found, "grounds": grounds and Referral.Grounds(grounds[0]).label,
        "referral": found.referrals.first(), "threshold": dash.HIGH_RISK_SCORE})


@da_view(edit=True)
@require_POST
def referral_new(request, partnership, pk):
    found = get_object_or_404(queries.checklists_visible_to(request.user, partnership), pk=pk)
    with showing_refusal_message(request):
        referral = actions.make_referral(by=request.user, checklist=found)
        return redirect("domesticabuse:referral", partnership.slug, referral.pk)
    return redirect("domesticabuse:checklist", partnership.slug, found.pk)


def _referral(request, partnership, pk):
    return get_object_or_404(queries.referrals_visible_to(request.user, partnership)
                             .select_related("victim", "perpetrator", "marac_area", "checklist", "incident"), pk=pk)


def _referral_page(request, partnership, found, *, form=None, send_form=None):
    may_edit = has_permission(request.user, Permission.DA_EDIT, partnership=partnership)
    people = queries.people_visible_to(request.user, partnership).exclude(pk=found.victim_id)
    form = form or ReferralForm(people=people, initial={"perpetrator": found.perpetrator_id, "reasons": found.reasons})
    send_form = send_form or SendForm()
    send_form.helper.form_action = reverse("domesticabuse:referral_send", args=[partnership.slug, found.pk])
    audit.record(by=request.user, action="domesticabuse.referral_viewed", obj=found, partnership=partnership)
    missing = actions.missing_for_sending(found) if found.status == Referral.Status.DRAFT else []
    refused = (form.is_bound and form.errors) or (send_form.is_bound and send_form.errors)
    return render(request, "domesticabuse/referral.html", {
        "referral": found, "form": form, "send_form": send_form, "missing": missing, "may_edit": may_edit,
        "edit_victim": reverse("domesticabuse:person_edit", args=[partnership.slug, found.victim_id])
                       + f"?next={request.path}",
        "edit_perpetrator": found.perpetrator_id and (
            reverse("domesticabuse:person_edit", args=[partnership.slug, found.perpetrator_id])
            + f"?next={request.path}"),
    }, status=400 if refused else 200)


@da_view()
def referral(request, partnership, pk):
    found = _referral(request, partnership, pk)
    if request.method != "POST":
        return _referral_page(request, partnership, found)
    if not has_permission(request.user, Permission.DA_EDIT, partnership=partnership):
        raise Http404("No such page")
    people = queries.people_visible_to(request.user, partnership).exclude(pk=found.victim_id)
    form = ReferralForm(request.POST, people=people)
    if form.is_valid():
        with form.showing_refusal():
            actions.update_referral(
                by=request.user, referral=found, perpetrator=_optional(people, form.cleaned_data["perpetrator"]),
                reasons=form.cleaned_data["reasons"])
            messages.success(request, "Draft saved")
            return redirect("domesticabuse:referral", partnership.slug, found.pk)
    return _referral_page(request, partnership, found, form=form)


@da_view(edit=True)
@require_POST
def referral_send(request, partnership, pk):
    found = _referral(request, partnership, pk)
    send_form = SendForm(request.POST)
    if send_form.is_valid():
        with send_form.showing_refusal():
            actions.send_referral(by=request.user, referral=found)
            messages.success(request, "Referral sent to MARAC" + (": this is a repeat referral" if found.is_repeat else ""))
            return redirect("domesticabuse:referral", partnership.slug, found.pk)
    found.refresh_from_db()
    return _referral_page(request, partnership, found, send_form=send_form)


@da_view(edit=True)
def support_new(request, partnership, pk):
    victim = _person(request, partnership, pk)
    form = SupportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.start_support(by=request.user, victim=victim, **form.cleaned_data)
            messages.success(request, "Support started")
            return redirect(_person_url(partnership, victim))
    audit.record(by=request.user, action="domesticabuse.support_form_viewed", obj=victim, partnership=partnership)
    return form_page(request, form, page_title=f"Start support for {victim}", caption="Domestic abuse",
                     back_url=_person_url(partnership, victim))


@da_view(edit=True)
def support_end(request, partnership, pk):
    episode = get_object_or_404(queries.support_visible_to(request.user, partnership).select_related("victim"), pk=pk)
    form = EndSupportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.end_support(by=request.user, episode=episode, **form.cleaned_data)
            messages.success(request, "Support ended")
            return redirect(_person_url(partnership, episode.victim))
    audit.record(by=request.user, action="domesticabuse.support_viewed", obj=episode, partnership=partnership)
    return form_page(request, form, page_title=f"End {episode.get_kind_display().lower()} for {episode.victim}",
                     caption="Domestic abuse", back_url=_person_url(partnership, episode.victim))


@da_view(edit=True)
def safety_plan_new(request, partnership, pk):
    victim = _person(request, partnership, pk)
    form = SafetyPlanForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.add_safety_plan(by=request.user, victim=victim, **form.cleaned_data)
            messages.success(request, "Safety plan saved")
            return redirect(_person_url(partnership, victim))
    audit.record(by=request.user, action="domesticabuse.safety_plan_form_viewed", obj=victim, partnership=partnership)
    return form_page(request, form, page_title=f"Safety plan for {victim}", caption="Domestic abuse",
                     back_url=_person_url(partnership, victim))


@da_view(edit=True)
def programme_new(request, partnership, pk):
    perpetrator = _person(request, partnership, pk)
    form = ProgrammeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.refer_to_programme(
                by=request.user, perpetrator=perpetrator, programme=data["programme"], referred_on=data["referred_on"],
                self_referral=data["self_referral"] == "yes", referred_by=data["referred_by"])
            messages.success(request, "Programme referral recorded")
            return redirect(_person_url(partnership, perpetrator))
    audit.record(by=request.user, action="domesticabuse.programme_form_viewed", obj=perpetrator,
                 partnership=partnership)
    return form_page(request, form, page_title=f"Perpetrator programme referral: {perpetrator}",
                     caption="Domestic abuse", back_url=_person_url(partnership, perpetrator))


@da_view()
def areas(request, partnership):
    may_edit = has_permission(request.user, Permission.DA_EDIT, partnership=partnership)
    form = MaracAreaForm(posted(request) if may_edit else None)
    if request.method == "POST":
        if not may_edit:
            raise Http404("No such page")
        if form.is_valid():
            with form.showing_refusal():
                actions.save_marac_area(by=request.user, partnership=partnership, **form.cleaned_data)
                messages.success(request, "MARAC area saved")
                return redirect("domesticabuse:areas", partnership.slug)
    found = list(queries.marac_areas_visible_to(request.user, partnership))
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "domesticabuse/areas.html", {"areas": found, "form": form, "may_edit": may_edit},
                  status=status)


@da_view(edit=True)
def area_edit(request, partnership, pk):
    area = get_object_or_404(queries.marac_areas_visible_to(request.user, partnership), pk=pk)
    form = MaracAreaForm(posted(request), initial={"name": area.name, "escalation_incidents": area.escalation_incidents,
                                                   "escalation_months": area.escalation_months})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_marac_area(by=request.user, partnership=partnership, area=area,
                                    **form.cleaned_data)
            messages.success(request, "MARAC area saved")
            return redirect("domesticabuse:areas", partnership.slug)
    return form_page(request, form, page_title=f"Change {area}", caption="MARAC areas",
                     back_url=reverse("domesticabuse:areas", args=[partnership.slug]))



# MARAC meetings ---------------------------------------------------------------------------------

def _meeting(request, partnership, pk):
    return get_object_or_404(queries.meetings_visible_to(request.user, partnership).select_related("marac_area"), pk=pk)


def _meeting_url(partnership, meeting):
    return reverse("domesticabuse:meeting", args=[partnership.slug, meeting.pk])


@da_view()
def meetings(request, partnership):
    may_edit = has_permission(request.user, Permission.DA_EDIT, partnership=partnership)
    areas = list(queries.marac_areas_visible_to(request.user, partnership)) or [actions.default_marac_area(partnership)]
    organisations = organisations_in(partnership)
    form = MeetingForm(posted(request) if may_edit else None, areas=areas, organisations=organisations)
    if request.method == "POST":
        if not may_edit:
            raise Http404("No such page")
        if form.is_valid():
            data = form.cleaned_data
            with form.showing_refusal():
                made = actions.create_meeting(
                    by=request.user, partnership=partnership, held_on=data["held_on"],
                    marac_area=get_object_or_404(queries.marac_areas_visible_to(request.user, partnership),
                                                 pk=data["marac_area"]),
                    present=list(organisations.filter(pk__in=data["present"])),
                    apologies=list(organisations.filter(pk__in=data["apologies"])))
                messages.success(request, "Meeting created")
                return redirect(_meeting_url(partnership, made))
    found = list(queries.meetings_visible_to(request.user, partnership).select_related("marac_area"))
    return render(request, "domesticabuse/meetings.html", {"meetings": found, "form": form, "may_edit": may_edit},
                  status=400 if form.is_bound and form.errors else 200)


@da_view()
def meeting(request, partnership, pk):
    found = _meeting(request, partnership, pk)
    cases = list(found.cases.select_related("referral__victim", "referral__perpetrator"))
    audit.record(by=request.user, action="domesticabuse.meeting_viewed", obj=found, partnership=partnership,
                 data={"referrals": [c.referral_id for c in cases]})
    return render(request, "domesticabuse/meeting.html", {
        "meeting": found, "cases": cases, "present": list(found.present.order_by("name")),
        "apologies": list(found.apologies.order_by("name")),
        "actions": list(found.actions.select_related("owner_organisation", "case__referral__victim")),
        "carried": list(queries.open_actions_before(found)), "today": timezone.localdate()})


@da_view(edit=True)
def meeting_case_new(request, partnership, pk):
    found = _meeting(request, partnership, pk)
    referrals = (queries.referrals_visible_to(request.user, partnership).filter(status=Referral.Status.SENT)
                 .exclude(meeting_cases__meeting=found).select_related("victim"))
    form = MeetingCaseForm(posted(request), referrals=referrals)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.add_case(
                by=request.user, meeting=found, referral=get_object_or_404(referrals, pk=form.cleaned_data["referral"]),
                information_shared=form.cleaned_data["information_shared"])
            messages.success(request, "Case added")
            return redirect(_meeting_url(partnership, found))
    audit.record(by=request.user, action="domesticabuse.meeting_case_form_viewed", obj=found, partnership=partnership)
    return form_page(request, form, page_title=f"Add a case to {found}", caption="MARAC meeting",
                     back_url=_meeting_url(partnership, found))


@da_view(edit=True)
def meeting_action_new(request, partnership, pk):
    found = _meeting(request, partnership, pk)
    organisations = organisations_in(partnership)
    cases = found.cases.select_related("referral__victim")
    form = MeetingActionForm(posted(request), organisations=organisations, cases=cases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.add_meeting_action(
                by=request.user, meeting=found, description=data["description"], due_on=data["due_on"],
                owner_organisation=get_object_or_404(organisations, pk=data["owner_organisation"]),
                case=_optional(cases, data["case"]))
            messages.success(request, "Action added")
            return redirect(_meeting_url(partnership, found))
    audit.record(by=request.user, action="domesticabuse.meeting_action_form_viewed", obj=found,
                 partnership=partnership)
    return form_page(request, form, page_title=f"Add an action: {found}", caption="MARAC meeting",
                     back_url=_meeting_url(partnership, found))


@da_view(edit=True)
def meeting_minutes(request, partnership, pk):
    found = _meeting(request, partnership, pk)
    form = MinutesForm(posted(request), initial={"minutes": found.minutes})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_minutes(by=request.user, meeting=found,
                                 minutes=form.cleaned_data["minutes"])
            messages.success(request, "Minutes saved")
            return redirect(_meeting_url(partnership, found))
    audit.record(by=request.user, action="domesticabuse.minutes_viewed", obj=found, partnership=partnership)
    return form_page(request, form, page_title=f"Minutes: {found}", caption="MARAC meeting (restricted)",
                     back_url=_meeting_url(partnership, found))


@da_view(edit=True)
@require_POST
def meeting_action_done(request, partnership, pk):
    action = get_object_or_404(MeetingAction.objects.filter(
        meeting__in=queries.meetings_visible_to(request.user, partnership)).select_related("meeting"), pk=pk)
    with showing_refusal_message(request):
        actions.complete_meeting_action(by=request.user, action=action)
        messages.success(request, "Action marked done")
    back = request.POST.get("back", "")
    if not back.startswith(f"/p/{partnership.slug}/domestic-abuse/"):
        back = _meeting_url(partnership, action.meeting)
    return redirect(back)
