from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit.queries import events_for_object
from eunomia.core.periods import plan_period
from eunomia.core.rendering import form_page, posted
from eunomia.figures import actions, drilldown
from eunomia.figures.forms import (ComputedFigureForm, DerivedFigureForm, DisclosureRuleForm, FigureDefinitionForm,
                                   ManualFigureForm, RecordValueForm, parse_measure_choice)
from eunomia.figures.models import Figure, PublishedFigure, Unit
from eunomia.figures.protection import counts_in_words, withheld_alone
from eunomia.figures.queries import disclosure_rule, figures_visible_to, missing_value_filter
from eunomia.figures.uses import keeper_of, uses_of
from eunomia.partners.access import partnership_view, require
from eunomia.partners.queries import organisations_in


def _list_url(partnership):
    return reverse("figures:list", args=[partnership.slug])


def _detail_url(figure):
    return reverse("figures:detail", args=[figure.partnership.slug, figure.name])


@partnership_view(Permission.FIGURE_VIEW, nav_section="figures")
def figure_list(request, partnership):
    figures = figures_visible_to(request.user, partnership)
    missing_only = request.GET.get("missing") == "1"
    if missing_only:
        figures = figures.filter(missing_value_filter())
    rule = disclosure_rule(partnership)
    figures = list(figures)
    for figure in figures:
        figure.not_for_publication = withheld_alone(figure, rule)
    return render(request, "figures/list.html", {"figures": figures, "missing_only": missing_only, "rule": rule})


@partnership_view(Permission.FIGURE_VIEW, nav_section="figures")
def figure_detail(request, partnership, name):
    figure = get_object_or_404(figures_visible_to(request.user, partnership), name=name)
    rule = disclosure_rule(partnership)
    return render(request, "figures/detail.html", {
        "figure": figure,
        "counts": counts_in_words(figure, rule),
        "not_for_publication": withheld_alone(figure, rule),
        "revisions": figure.revisions.select_related("recorded_by", "figure"),
        "uses": uses_of(figure),
        "lists_records": figure.kind == Figure.Kind.COMPUTED and drilldown.lists_records(figure.measure),
        "published": PublishedFigure.objects.filter(partnership=partnership, name=figure.name).defer(
            "record_ids", "open_records"),
        "can_record": has_permission(request.user, Permission.FIGURE_RECORD_VALUE, partnership=partnership, obj=figure),
        "events": events_for_object(figure)[:50] if has_permission(
            request.user, Permission.AUDIT_VIEW, partnership=partnership) else None,
    })


def _period(partnership, start_year):
    return plan_period(start_year, partnership.year_start_month)


@partnership_view(Permission.FIGURE_EDIT, nav_section="figures")
def figure_create_manual(request, partnership):
    form = ManualFigureForm(posted(request), partnership=partnership, organisations=organisations_in(partnership))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start, end = _period(partnership, data["year"])
        with form.showing_refusal():
            figure = actions.create_figure(
                by=request.user, partnership=partnership, name=data["name"], title=data["title"], unit=data["unit"],
                definition=data["definition"], source=data["source"], period_start=start, period_end=end,
                owner_organisation=data["owner_organisation"], counts=data["counts"],
            )
            messages.success(request, f"Figure {figure.title} added. Record its value when you have it.")
            return redirect(_detail_url(figure))
    return form_page(request, form, page_title="Add a figure entered by hand", back_url=_list_url(partnership))


@partnership_view(Permission.FIGURE_EDIT, nav_section="figures")
def figure_create_computed(request, partnership):
    form = ComputedFigureForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start, end = _period(partnership, data["year"])
        key, params = parse_measure_choice(data["measure"])
        with form.showing_refusal():
            figure = actions.create_figure(
                by=request.user, partnership=partnership, name=data["name"], title=data["title"], unit="",
                period_start=start, period_end=end, kind=Figure.Kind.COMPUTED, measure=key, measure_params=params,
            )
            messages.success(request, f"Figure {figure.title} added and calculated")
            return redirect(_detail_url(figure))
    return form_page(request, form, page_title="Add a figure calculated from records", back_url=_list_url(partnership),
                     intro="Eunomia works the value out from its own records, and again whenever you recalculate.")


@partnership_view(Permission.FIGURE_EDIT, nav_section="figures")
def figure_create_derived(request, partnership):
    form = DerivedFigureForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start, end = _period(partnership, data["year"])
        with form.showing_refusal():
            figure = actions.create_derived_figure(
                by=request.user, partnership=partnership, name=data["name"], title=data["title"],
                operation=data["operation"], inputs=data["inputs"], definition=data["definition"],
                period_start=start, period_end=end)
            messages.success(request, f"Figure {figure.title} added. It follows its figures when they change.")
            return redirect(_detail_url(figure))
    return form_page(request, form, page_title="Add a figure worked out from other figures",
                     back_url=_list_url(partnership),
                     intro="Eunomia works it out from the figures you name, shows the working in the plan's note, "
                           "and works it out again whenever one of them changes.")


@partnership_view(Permission.FIGURE_EDIT, nav_section="figures")
def figure_edit(request, partnership, name):
    figure = get_object_or_404(figures_visible_to(request.user, partnership), name=name)
    initial = {f: getattr(figure, f) for f in ("title", "definition", "source", "owner_organisation", "counts", "unit")}
    form = FigureDefinitionForm(posted(request), initial=initial, organisations=organisations_in(partnership),
                                counts_chosen=figure.kind == Figure.Kind.MANUAL and figure.unit == Unit.COUNT)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.update_figure(by=request.user, figure=figure, **form.cleaned_data)
            messages.success(request, "Figure updated")
            return redirect(_detail_url(figure))
    return form_page(request, form, page_title=f"Change the definition of {figure.title}", back_url=_detail_url(figure))


@partnership_view(Permission.FIGURE_VIEW, nav_section="figures")
def figure_record(request, partnership, name):
    figure = get_object_or_404(figures_visible_to(request.user, partnership), name=name)
    require(request.user, Permission.FIGURE_RECORD_VALUE, partnership=partnership, obj=figure)
    if figure.kind != Figure.Kind.MANUAL:
        messages.error(request, "This figure is calculated from records. Recalculate it instead.")
        return redirect(_detail_url(figure))
    keeper = keeper_of(figure)
    if keeper is not None:
        return redirect(keeper.page_url)
    form = RecordValueForm(posted(request), unit=figure.unit)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_value(by=request.user, figure=figure, value=form.cleaned_data.get("value"),
                                 text_value=form.cleaned_data.get("text_value", ""),
                                 evidence=form.cleaned_data["evidence"])
            messages.success(request, f"Value of {figure.title} saved")
            return redirect(_detail_url(figure))
    return form_page(request, form, page_title=f"Record the value of {figure.title}", back_url=_detail_url(figure),
                     caption=f"{figure.period_start:%-d %B %Y} to {figure.period_end:%-d %B %Y}", intro=figure.definition)


@require_POST
@partnership_view(Permission.FIGURE_VIEW, nav_section="figures")
def figure_recalculate(request, partnership, name):
    figure = get_object_or_404(figures_visible_to(request.user, partnership), name=name, kind=Figure.Kind.COMPUTED)
    require(request.user, Permission.FIGURE_EDIT, partnership=partnership)
    before = figure.recorded_at
    figure = actions.recalculate_figure(by=request.user, figure=figure)
    messages.success(request, "Recalculated: the value changed" if figure.recorded_at != before
                     else "Recalculated: the value is unchanged")
    return redirect(_detail_url(figure))


@require_POST
@partnership_view(Permission.FIGURE_EDIT, nav_section="figures")
def figure_recalculate_all(request, partnership):
    changed = actions.recalculate_all(by=request.user, partnership=partnership)
    messages.success(request, f"Calculated figures recalculated: {changed} changed")
    return redirect(_list_url(partnership))


@partnership_view(Permission.PLAN_PUBLISH, nav_section="figures")
def disclosure_rule_edit(request, partnership):
    """The partnership's rule for publishing counts of people (ADR 65): the CSP manager's, as the one
    who publishes."""
    rule = disclosure_rule(partnership)
    form = DisclosureRuleForm(posted(request), initial={"threshold": rule.threshold,
                                                        "secondary": "yes" if rule.secondary else "no"})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.set_disclosure_rule(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, _("Disclosure rule saved. It applies to what is published from now on."))
            return redirect(_list_url(partnership))
    return form_page(request, form, page_title=_("Rule for publishing counts of people"),
                     back_url=_list_url(partnership), template="figures/disclosure_rule.html", rule=rule)
