from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import has_permission, organisations_granted
from eunomia.accounts.roles import Permission
from eunomia.core.periods import year_label
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.figures.queries import figures_visible_to
from eunomia.partners.access import partnership_view, require
from eunomia.partners.queries import directory_of, organisations_during
from eunomia.plans import actions, queries, workbook
from eunomia.plans.actions import ITEM_MODELS, PublicationRefused
from eunomia.plans.forms import (ActionForm, ActualForm, CarryOverForm, ConfirmForm, MilestonesForm, PlanForm,
                                 PlanItemForm, PlanTitleForm, SectionForm, TargetForm, WorkbookUploadForm)
from eunomia.plans.models import ITEM_NOUNS, Action, Milestone, Section, Target
from eunomia.plans.narrative import BLOCKS
from eunomia.plans.overview import plan_overview
from eunomia.plans.report import plan_document
from eunomia.plans.rollup import differences_in, rollups_of
from eunomia.plans.upload import WorkbookRefused, load_plan

# URL word -> item kind, for the four simple lists of a plan.
ITEM_KINDS = {"priorities": "priority", "themes": "theme", "objectives": "objective", "focus-areas": "focus_area"}


def _plan(request, partnership, year):
    return get_object_or_404(queries.plans_visible_to(request.user, partnership), start_year=year)


def _plan_url(plan, anchor=""):
    url = reverse("plans:detail", args=[plan.partnership.slug, plan.start_year])
    return f"{url}#{anchor}" if anchor else url


@partnership_view(Permission.PLAN_VIEW, nav_section="plans")
def plan_list(request, partnership):
    return render(request, "plans/list.html", {"plans": queries.plans_visible_to(request.user, partnership)})


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def plan_create(request, partnership):
    form = PlanForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["start_year"]
        copy_from = None
        if form.cleaned_data["copy_previous"]:
            copy_from = queries.plan_covering(partnership.pk, year - 1)
            if copy_from is None:
                form.add_error("copy_previous", "There is no plan for the year before to copy")
        if not form.errors:
            with form.showing_refusal():
                plan = actions.create_plan(by=request.user, partnership=partnership, start_year=year,
                                           title=form.cleaned_data["title"], copy_from=copy_from,
                                           years=form.cleaned_data["years"])
                messages.success(request, f"{plan.title} started")
                return redirect(_plan_url(plan))
    return form_page(request, form, page_title="Start a new plan year",
                     back_url=reverse("plans:list", args=[partnership.slug]))


@partnership_view(Permission.PLAN_VIEW, nav_section="plans")
def plan_detail(request, partnership, year):
    plan = _plan(request, partnership, year)
    context = {"plan": plan, **plan_overview(plan)}
    context["plan_base_url"] = _plan_url(plan)
    context["can_edit"] = has_permission(request.user, Permission.PLAN_EDIT, partnership=partnership)
    if context["reviewed"].plan is not None:
        context["reviewed_url"] = _plan_url(context["reviewed"].plan)
    context["can_record_all"] = has_permission(request.user, Permission.TARGET_RECORD_ACTUAL, partnership=partnership)
    # Only the organisations whose targets this reader may record: a board member's council is not one.
    context["my_organisations"] = organisations_granted(request.user, Permission.TARGET_RECORD_ACTUAL, partnership)
    context["rollups"] = rollups_of(action for group in context["groups"] for action, _ in group.actions)
    return render(request, "plans/detail.html", context)


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def plan_edit(request, partnership, year):
    plan = _plan(request, partnership, year)
    form = PlanTitleForm(posted(request), initial={"title": plan.title, "years": plan.years})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.update_plan(by=request.user, plan=plan, title=form.cleaned_data["title"],
                                years=form.cleaned_data["years"])
            messages.success(request, "Plan saved")
            return redirect(_plan_url(plan))
    return form_page(request, form, page_title="Change the plan's title or years", back_url=_plan_url(plan))


# The four simple lists -----------------------------------------------------------------------------

def _item_kind(kinds):
    kind = ITEM_KINDS.get(kinds)
    if kind is None:
        raise Http404
    return kind


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def item_create(request, partnership, year, kinds):
    plan, kind = _plan(request, partnership, year), _item_kind(kinds)
    form = PlanItemForm(posted(request), kind=kind, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        item = actions.add_item(by=request.user, plan=plan, kind=kind, **form.cleaned_data)
        messages.success(request, f"Added: {item.title}")
        return redirect(_plan_url(plan, kinds))
    return form_page(request, form, page_title=f"Add {'an' if ITEM_NOUNS[kind][0] in 'aeiou' else 'a'} {ITEM_NOUNS[kind]}", caption=plan.title,
                     back_url=_plan_url(plan, kinds))


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def item_edit(request, partnership, year, kinds, pk):
    plan, kind = _plan(request, partnership, year), _item_kind(kinds)
    item = get_object_or_404(ITEM_MODELS[kind].objects.filter(plan=plan), pk=pk)
    fields = ["title", "description", "working_group"]
    form = PlanItemForm(posted(request), kind=kind, partnership=partnership,
                        initial={f: getattr(item, f, None) for f in fields})
    if request.method == "POST" and "delete" in request.POST:
        return _deleting(request, noun=ITEM_NOUNS[kind], title=item.title, caption=plan.title,
                         held=queries.held_by(item, kind), held_noun="action",
                         what_to_do=actions.what_to_do_with_actions(kind),
                         consequence=f"The {ITEM_NOUNS[kind]} goes from the draft plan. Published versions keep it.",
                         done_url=_plan_url(plan, kinds),
                         delete=lambda: actions.delete_item(by=request.user, item=item, kind=kind))
    if request.method == "POST" and form.is_valid():
        actions.update_item(by=request.user, item=item, kind=kind, **form.cleaned_data)
        messages.success(request, f"Saved: {form.cleaned_data['title']}")
        return redirect(_plan_url(plan, kinds))
    return form_page(request, form, page_title=f"Change the {ITEM_NOUNS[kind]}", caption=plan.title,
                     back_url=_plan_url(plan, kinds), template="plans/item_form.html", noun=ITEM_NOUNS[kind])


@require_POST
@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def item_move(request, partnership, year, kinds, pk):
    plan, kind = _plan(request, partnership, year), _item_kind(kinds)
    item = get_object_or_404(ITEM_MODELS[kind].objects.filter(plan=plan), pk=pk)
    actions.move_item(by=request.user, item=item, kind=kind, direction=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(_plan_url(plan, kinds))


def _deleting(request, *, noun, title, caption, held, consequence, done_url, delete, held_noun="", what_to_do=""):
    """The one way a plan page deletes: its Delete button asks first, saying what goes with it, or
    what must go before it while it still holds actions or targets; the confirmed button deletes."""
    if "confirmed" not in request.POST or held:
        page_title = (f"The {noun} ‘{title}’ cannot be deleted yet" if held else f"Delete the {noun} ‘{title}’?")
        return render(request, "plans/confirm_delete.html", {
            "page_title": page_title, "caption": caption, "noun": noun, "held": held, "held_noun": held_noun,
            "what_to_do": what_to_do, "consequence": consequence, "back_url": request.path})
    with showing_refusal_message(request):
        delete()
        messages.success(request, f"Deleted: {title}")
        return redirect(done_url)
    return redirect(request.path)


# Actions ------------------------------------------------------------------------------------------

def _action_form(request, plan, initial=None):
    # Leads: the organisations that were members during the plan's years.
    return ActionForm(posted(request), plan=plan,
                      organisations=organisations_during(plan.partnership, plan.period_start, plan.period_end),
                      directory=directory_of(plan.partnership), initial=initial)


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def action_create(request, partnership, year):
    plan = _plan(request, partnership, year)
    form = _action_form(request, plan, initial={"priority": request.GET.get("priority"), "status": "not_started"})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            action = actions.add_action(by=request.user, plan=plan, **form.cleaned_data)
            messages.success(request, "Action added. Add a target to measure it.")
            return redirect(_plan_url(plan, f"action-{action.pk}"))
    return form_page(request, form, page_title="Add an action", caption=plan.title, back_url=_plan_url(plan, "actions"))


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def action_edit(request, partnership, year, pk):
    plan = _plan(request, partnership, year)
    action = get_object_or_404(Action.objects.filter(plan=plan), pk=pk)
    if request.method == "POST" and "delete" in request.POST:
        return _deleting(request, noun="action", title=action.title, caption=plan.title,
                         held=queries.held_by(action, "action"), held_noun="target", what_to_do="Delete",
                         consequence="The action goes from the draft plan. Published versions keep it.",
                         done_url=_plan_url(plan, "actions"),
                         delete=lambda: actions.delete_action(by=request.user, action=action))
    form = _action_form(request, plan, initial={
        **{f: getattr(action, f) for f in ("title", "priority", "owner_organisation", "status")},
        **{relation: getattr(action, relation).all()
           for relation in ("other_leads", "delivery_partners", "objectives", "themes", "focus_areas")}})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.update_action(by=request.user, action=action, **form.cleaned_data)
            messages.success(request, "Action saved")
            return redirect(_plan_url(plan, f"action-{action.pk}"))
    next_plan = queries.next_plan(plan)
    return form_page(request, form, page_title="Change the action", caption=plan.title,
                     back_url=_plan_url(plan, f"action-{action.pk}"), template="plans/action_form.html",
                     action=action, next_plan=next_plan, plan=plan, rollup=rollups_of([action]).get(action.pk))


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def action_carry_over(request, partnership, year, pk):
    """Carry one action over: the next plan's carry-over page, showing just this action."""
    plan = _plan(request, partnership, year)
    action = get_object_or_404(Action.objects.filter(plan=plan), pk=pk)
    next_plan = queries.next_plan(plan)
    if next_plan is None:
        messages.error(request, "Start next year's plan first, then carry the action over into it")
        return redirect(_plan_url(plan, f"action-{action.pk}"))
    return redirect(reverse("plans:carry_over_unfinished", args=[partnership.slug, next_plan.start_year])
                    + f"?action={action.pk}")


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def carry_over_unfinished(request, partnership, year):
    """Last year's unfinished actions, each with the priority of this plan it would go under (the
    one of the same title, or a new one), to change or leave out; and those not offered, with why."""
    plan = _plan(request, partnership, year)
    previous = queries.previous_plan(plan)
    if previous is None:
        messages.error(request, f"There is no {year_label(plan.start_year - 1)} plan to carry actions over from")
        return redirect(_plan_url(plan, "actions"))
    only = [int(pk) for pk in request.GET.getlist("action") if pk.isdigit()] or None
    candidates = queries.carry_over_candidates(plan, only=only)
    form = CarryOverForm(posted(request), candidates=candidates, priorities=plan.priorities.order_by("position"))
    if request.method == "POST" and form.is_valid():
        chosen = form.choices()
        with form.showing_refusal():
            carried = actions.carry_over(by=request.user, plan=plan, choices=chosen)
            left = len(form.candidates) - len(carried)
            done = "; ".join(f"{a.title} (under {a.priority.title})" for a in carried) or "none"
            messages.success(request, f"Carried over {len(carried)} action{pluralize(len(carried))} from "
                                      f"{previous.label}: {done}."
                             + (f" {left} left in {previous.label} as you chose." if left else ""))
            return redirect(_plan_url(plan, "actions"))
    return form_page(request, form, page_title=f"Carry over {previous.label}'s unfinished actions",
                     caption=plan.title, back_url=_plan_url(plan, "actions"), template="plans/carry_over.html",
                     skipped=[c for c in candidates if c.reason], previous=previous,
                     intro=f"Each action goes under the priority of {plan.label} with the same title, or a new "
                           f"priority of that title. Choose another, or leave an action out. Its targets come "
                           f"too, with {previous.label}'s actual as the new baseline.")


# Targets ------------------------------------------------------------------------------------------

def _target(plan, pk):
    return get_object_or_404(Target.objects.filter(action__plan=plan).select_related("action", "actual"), pk=pk)


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def target_create(request, partnership, year, action_pk):
    plan = _plan(request, partnership, year)
    action = get_object_or_404(Action.objects.filter(plan=plan), pk=action_pk)
    form = TargetForm(posted(request), partnership=partnership, initial={"direction": "reach"})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            target = actions.add_target(by=request.user, action=action, **form.cleaned_data)
            messages.success(request, f"Target added: {target.measure}")
            return redirect(_plan_url(plan, f"action-{action.pk}"))
    return form_page(request, form, page_title="Add a target", caption=action.title,
                     back_url=_plan_url(plan, f"action-{action.pk}"))


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def target_edit(request, partnership, year, pk):
    plan = _plan(request, partnership, year)
    target = _target(plan, pk)
    back = _plan_url(plan, f"action-{target.action_id}")
    if request.method == "POST" and "delete" in request.POST:
        return _deleting(request, noun="target", title=target.measure, caption=target.action.title, held=[],
                         consequence=f"The target goes, and with it its actual, the figure {target.actual.title}, "
                                     f"with every value recorded for it. Published versions keep them.",
                         done_url=back, delete=lambda: actions.delete_target(by=request.user, target=target))
    fields = ("measure", "direction", "baseline_value", "baseline_note", "target_value", "change_percent",
              "target_text")
    form = TargetForm(posted(request), editing=True,
                      initial={"unit": target.unit, **{f: getattr(target, f) for f in fields}})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.update_target(by=request.user, target=target, **form.cleaned_data)
            messages.success(request, "Target saved")
            return redirect(back)
    return form_page(request, form, page_title="Change the target", caption=target.action.title, back_url=back,
                     template="plans/target_form.html", target=target)


@partnership_view(Permission.PLAN_VIEW, nav_section="plans")
def target_actual(request, partnership, year, pk):
    plan = _plan(request, partnership, year)
    target = _target(plan, pk)
    require(request.user, Permission.TARGET_RECORD_ACTUAL, partnership=partnership, obj=target)
    back = _plan_url(plan, f"target-{target.pk}")
    form = ActualForm(posted(request), target=target)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_actual(by=request.user, target=target, **form.cleaned_data)
            messages.success(request, f"Actual saved: {target.measure}")
            return redirect(back)
    return form_page(request, form, page_title=f"Record the actual: {target.measure}",
                     caption=f"{target.action.title} ({target.year_label})", back_url=back,
                     template="plans/actual_form.html", target=target)


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def target_milestones(request, partnership, year, pk):
    plan = _plan(request, partnership, year)
    target = _target(plan, pk)
    back = _plan_url(plan, f"target-{target.pk}")
    form = MilestonesForm(posted(request), target=target, quarter_ends=actions.quarter_ends(plan, target.year))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.set_milestones(by=request.user, target=target, aims=form.aims())
            messages.success(request, f"Milestones saved: {target.measure}")
            return redirect(back)
    return form_page(request, form, page_title=f"Quarterly milestones: {target.measure}",
                     caption=f"{target.action.title} ({target.year_label})", back_url=back,
                     intro=f"What the target should have reached by the end of each quarter of {target.year_label}, "
                           f"counting from the start of the year. Each milestone gets its own actual; the "
                           f"year's actual is still the one that counts.")


@partnership_view(Permission.PLAN_VIEW, nav_section="plans")
def milestone_actual(request, partnership, year, pk):
    plan = _plan(request, partnership, year)
    milestone = get_object_or_404(Milestone.objects.filter(target__action__plan=plan).select_related(
        "target__action", "actual"), pk=pk)
    require(request.user, Permission.TARGET_RECORD_ACTUAL, partnership=partnership, obj=milestone)
    back = _plan_url(plan, f"target-{milestone.target_id}")
    form = ActualForm(posted(request), target=milestone)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_milestone_actual(by=request.user, milestone=milestone, **form.cleaned_data)
            messages.success(request, f"Actual saved: {milestone}")
            return redirect(back)
    return form_page(request, form, page_title=f"Record the milestone's actual: {milestone.target.measure}",
                     caption=f"By {milestone.due_on:%-d %B %Y}, from the start of {milestone.target.year_label}",
                     back_url=back, template="plans/actual_form.html", target=milestone)


# Text ---------------------------------------------------------------------------------------------

@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def section_edit(request, partnership, year, kind):
    plan = _plan(request, partnership, year)
    section = get_object_or_404(Section.objects.filter(plan=plan), kind=kind)
    form = SectionForm(posted(request), initial={"body": section.body})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_section(by=request.user, section=section, body=form.cleaned_data["body"])
            messages.success(request, f"{section} saved")
            return redirect(_plan_url(plan, f"section-{section.kind}"))
    figures = figures_visible_to(request.user, partnership).order_by("-period_start", "title")
    return form_page(request, form, page_title=f"Edit: {section}", caption=plan.title,
                     back_url=_plan_url(plan, f"section-{section.kind}"), template="plans/section_form.html",
                     figures=figures, blocks=BLOCKS)


# Preview, approval and publication ------------------------------------------------------------------

@partnership_view(Permission.PLAN_VIEW, nav_section="plans")
def plan_preview(request, partnership, year):
    plan = _plan(request, partnership, year)
    document, gaps = plan_document(plan)
    return render(request, "plans/preview.html", {"plan": plan, "document": document,
                                                  **_gaps_for(request, partnership, gaps)})


def _gaps_for(request, partnership, gaps):
    """The gaps, and which of their links this reader may follow: a gap is a link only to a page that
    will let them put it right (ADR 42)."""
    target_ids = {gap.target_id for gap in gaps if gap.target_id}
    targets = Target.objects.filter(pk__in=target_ids).select_related("action").prefetch_related("action__other_leads")
    return {
        "gaps": gaps,
        "gap_targets": {target.pk for target in targets if has_permission(
            request.user, Permission.TARGET_RECORD_ACTUAL, partnership=partnership, obj=target)},
        "may_edit_text": has_permission(request.user, Permission.PLAN_EDIT, partnership=partnership),
    }


@partnership_view(Permission.PLAN_VIEW, nav_section="plans")
def plan_workbook(request, partnership, year):
    """The plan year as an .xlsx workbook: priorities, themes, objectives, areas of focus, actions,
    targets and figures, one sheet each."""
    plan = _plan(request, partnership, year)
    response = HttpResponse(workbook.plan_workbook(plan),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-plan-{plan.file_label}.xlsx"'
    return response


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def plan_upload(request, partnership):
    """Create or update a draft plan from a workbook, checked whole first (plans/upload.py)."""
    form = WorkbookUploadForm(posted(request), request.FILES or None, partnership=partnership)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            loaded = load_plan(by=request.user, partnership=partnership, start_year=form.cleaned_data["start_year"],
                               years=form.cleaned_data["years"], data=upload.read(), file_name=upload.name)
        except WorkbookRefused as refused:
            problems = refused.problems
            form.add_error("file", f"Nothing was saved: the workbook has {len(problems)} "
                                   f"problem{pluralize(len(problems))}, listed below")
        else:
            made, changed = loaded.in_words(created=True), loaded.in_words(created=False)
            messages.success(request, f"{loaded.plan.title} loaded from {upload.name}. Added: {made or 'nothing'}. "
                                      f"Changed: {changed or 'nothing'}.")
            return redirect(_plan_url(loaded.plan))
    return form_page(request, form, page_title="Load a plan from a workbook", template="plans/upload.html",
                     back_url=reverse("plans:list", args=[partnership.slug]), problems=problems,
                     intro="Download any plan as a workbook to see the layout. A plan year that does not exist yet "
                           "is created; one that does is updated: rows are matched by their titles, and nothing "
                           "is deleted.")


@partnership_view(Permission.PLAN_APPROVE, nav_section="plans")
def plan_approve(request, partnership, year):
    plan = _plan(request, partnership, year)
    form = ConfirmForm(posted(request), submit_label="Approve the plan")
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.approve_plan(by=request.user, plan=plan)
            messages.success(request, f"{plan.title} approved")
            return redirect(_plan_url(plan))
    _, gaps = plan_document(plan)
    return form_page(request, form, page_title=f"Approve {plan.title}", back_url=_plan_url(plan),
                     template="plans/approve.html", plan=plan, **_gaps_for(request, partnership, gaps))


@partnership_view(Permission.PLAN_PUBLISH, nav_section="plans")
def plan_publish(request, partnership, year):
    plan = _plan(request, partnership, year)
    form = ConfirmForm(posted(request), submit_label="Publish the plan")
    gaps = None
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            try:
                version = actions.publish_plan(by=request.user, plan=plan)
            except PublicationRefused as refusal:
                gaps = refusal.gaps
                raise ValidationError(f"The plan cannot be published yet: {len(gaps)} "
                                      f"thing{'s' if len(gaps) != 1 else ''} must be put right first") from refusal
            messages.success(request, f"{plan.title} published as version {version.number}")
            return redirect("published:version", partnership.slug, plan.start_year, version.number)
    if gaps is None:
        gaps = actions.publication_gaps(plan)[1]
    return form_page(request, form, page_title=f"Publish {plan.title}", back_url=_plan_url(plan),
                     template="plans/publish.html", plan=plan, differences=differences_in(plan),
                     **_gaps_for(request, partnership, gaps))
