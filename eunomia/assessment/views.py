from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.assessment import actions, document, report
from eunomia.assessment.analysis import assess, partner_slug, settings_for
from eunomia.assessment.forms import AdoptForm, FigureForm, PeriodsForm, SettingsForm
from eunomia.assessment.table import counts_table
from eunomia.audit import actions as audit
from eunomia.core.periods import PeriodError
from eunomia.core.rendering import form_page, posted
from eunomia.core.spreadsheet import to_csv, to_xlsx
from eunomia.crime.counts import crime_types
from eunomia.crime.measures import ISSUE_CHOICES
from eunomia.evidence.queries import partner_measures_in
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure
from eunomia.geography import queries as geography
from eunomia.partners.access import partnership_view
from eunomia.plans.queries import plans_in

MAP_LEVELS = {"lsoa": "LSOAs", "ward": "wards"}


def _assessment(request, partnership):
    """The periods form (from the query string) and the assessment it asks for, or the form's
    errors and no assessment."""
    form = PeriodsForm(request.GET if request.GET.get("period") or request.GET.get("compare") else None)
    if form.is_bound and not form.is_valid():
        return form, None, None
    data = form.cleaned_data if form.is_bound else {}
    try:
        assessment = assess(partnership=partnership, current=data.get("period"), previous=data.get("compare"))
    except PeriodError as problem:
        if form.is_bound:
            form.add_error("compare" if data.get("compare") else "period", str(problem))
            return form, None, None
        return form, None, str(problem)
    return form, assessment, None


def _query(assessment, **extra):
    return urlencode({"period": assessment.current.code, "compare": assessment.previous.code, **extra})


@partnership_view(Permission.ASSESSMENT_VIEW, nav_section="assessment")
def assessment_page(request, partnership):
    form, a, no_data = _assessment(request, partnership)
    context = {"form": form, "assessment": a, "no_data": no_data}
    if a is None:
        return render(request, "assessment/page.html", context, status=400 if form.errors else 200)
    level = request.GET.get("map") if request.GET.get("map") in MAP_LEVELS else "ward"
    areas = geography.lsoas_of(partnership) if level == "lsoa" else geography.wards_of(partnership)
    geometries = dict(areas.exclude(geometry=None).values_list("code", "geometry"))
    can_plan = has_permission(request.user, Permission.PLAN_EDIT, partnership=partnership)
    can_figure = has_permission(request.user, Permission.FIGURE_EDIT, partnership=partnership)
    context.update({
        "query": _query(a),
        "map_level": level, "map_levels": MAP_LEVELS,
        "map": report.area_map(a, level=level, geometries=geometries),
        "trend_charts": report.trend_charts(a),
        "issues_chart": report.issues_chart(a),
        "issues_table": report.issues_table(a),
        "monthly_table": report.monthly_table(a),
        "hot_spot_tables": report.hot_spot_tables(a),
        "repeat_table": report.repeat_table(a),
        "harm_table": report.harm_table(a) if a.harm["set"] else None,
        "concern_table": report.concern_table(a) if a.concern and a.concern.survey else None,
        "partner_table": report.partner_table(a) if a.partner_data else None,
        "matrix_table": report.matrix_table(a),
        "sources": report.sources(a),
        "can_plan": can_plan, "can_figure": can_figure,
        "adopt_form": AdoptForm(plans=list(plans_in(partnership)), matrix=a.matrix) if can_plan else None,
        "figure_form": _figure_form(partnership) if can_figure else None,
    })
    return render(request, "assessment/page.html", context)


def _figure_form(partnership, data=None):
    areas = [(area.code, f"{area.name} ({area.code})") for area in
             list(geography.lads_of(partnership)) + list(geography.wards_of(partnership).order_by("name"))]
    return FigureForm(data, issues=ISSUE_CHOICES, areas=areas)


DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
}


@partnership_view(Permission.ASSESSMENT_VIEW, nav_section="assessment")
def assessment_download(request, partnership, fmt):
    form, a, no_data = _assessment(request, partnership)
    if a is None:
        # Nothing to download: the page says why (no data held yet, or the periods asked for are wrong).
        return render(request, "assessment/page.html", {"form": form, "assessment": None, "no_data": no_data},
                      status=400 if form.errors else 200)
    content_type, extension = DOWNLOADS[fmt]
    if fmt == "csv":
        header, rows, _ = counts_table(a.scope, a.current, a.previous)
        body = to_csv(header, rows).encode("utf-8")
    elif fmt == "xlsx":
        body = to_xlsx(document.sheets(a))
    else:
        wards = geography.wards_of(partnership).exclude(geometry=None)
        doc = document.assessment_document(a, geometries=dict(wards.values_list("code", "geometry")))
        body = document.render(doc, fmt)
    audit.record(by=request.user, action="assessment.downloaded", obj=partnership, partnership=partnership,
                 data={"format": fmt, "period": a.current.code, "compare": a.previous.code})
    response = HttpResponse(body, content_type=content_type)
    name = f"{partnership.slug}-assessment-{a.current.start:%Y-%m}-to-{a.current.end:%Y-%m}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@partnership_view(Permission.PLAN_EDIT, nav_section="assessment")
def assessment_settings(request, partnership):
    settings = settings_for(partnership)
    types = list(crime_types().values())
    partner = [(partner_slug(m.pk), m.title) for m in partner_measures_in(partnership)]
    initial = {f"weight_{c}": w for c, w in settings.weights.items()}
    initial["recommend"] = settings.recommend
    initial.update({f"vulnerability_{t.slug}": settings.vulnerability_of(t.slug)[0] for t in types})
    initial.update({f"vulnerability_{slug}": settings.vulnerability_of(slug)[0] for slug, _ in partner})
    form = SettingsForm(posted(request), initial=initial, crime_types=types, partner_issues=partner)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_settings(by=request.user, partnership=partnership, weights=form.weights(),
                                  recommend=form.cleaned_data["recommend"], vulnerability=form.vulnerability())
            messages.success(request, "The priority matrix settings were saved")
            return redirect("assessment:page", partnership.slug)
    return form_page(request, form, page_title="Priority matrix settings",
                     back_url=reverse("assessment:page", args=[partnership.slug]),
                     intro="The weights say how much each criterion counts when issues are ranked; the "
                           "vulnerability levels say how far each issue falls on vulnerable people.")


@require_POST
@partnership_view(Permission.PLAN_EDIT, nav_section="assessment")
def assessment_adopt(request, partnership):
    form, a, no_data = _assessment(request, partnership)
    if a is None:
        return render(request, "assessment/page.html", {"form": form, "assessment": None, "no_data": no_data},
                      status=400)
    plans = list(plans_in(partnership))
    adopt = AdoptForm(request.POST, plans=plans, matrix=a.matrix)
    if adopt.is_valid():
        plan = next(p for p in plans if str(p.pk) == adopt.cleaned_data["plan"])
        with adopt.showing_refusal():
            added, skipped = actions.adopt_priorities(by=request.user, plan=plan, assessment=a,
                                                      slugs=adopt.cleaned_data["issues"])
            text = f"{len(added)} priorities added to the {plan.label} plan"
            if skipped:
                text += f"; already there: {', '.join(skipped)}"
            messages.success(request, text)
            return redirect("plans:detail", partnership.slug, plan.start_year)
    return form_page(request, adopt, page_title="Add recommended priorities to a plan",
                     back_url=reverse("assessment:page", args=[partnership.slug]) + "?" + _query(a))


@require_POST
@partnership_view(Permission.FIGURE_EDIT, nav_section="assessment")
def assessment_figure(request, partnership):
    form, a, no_data = _assessment(request, partnership)
    if a is None:
        return render(request, "assessment/page.html", {"form": form, "assessment": None, "no_data": no_data},
                      status=400)
    figure_form = _figure_form(partnership, request.POST)
    if figure_form.is_valid():
        data = figure_form.cleaned_data
        area = data["area"]
        key = ("assessment.area_crime_" if area else "assessment.crime_") + data["what"]
        params = {"issue": data["issue"], **({"area": area} if area else {})}
        issue_name = dict(ISSUE_CHOICES)[data["issue"]]
        where = dict(figure_form.fields["area"].choices)[area] if area else partnership.name
        title = (f"{issue_name} in {where}, {a.current.label}" if data["what"] == "count"
                 else f"Change in {issue_name.lower()} in {where}, {a.current.label} on the 12 months before"
                 if len(a.current) == 12 else f"Change in {issue_name.lower()} in {where}, {a.current.label}")
        with figure_form.showing_refusal():
            figure = figure_actions.create_figure(
                by=request.user, partnership=partnership, title=title, unit="", name=data["name"],
                period_start=a.current.start, period_end=a.current.last_day, kind=Figure.Kind.COMPUTED,
                measure=key, measure_params=params)
            messages.success(request, f"Figure {figure.title} made: name it in the plan as [[{figure.name}]]")
            return redirect("figures:detail", partnership.slug, figure.name)
    return form_page(request, figure_form, page_title="Make a number of the assessment a figure",
                     back_url=reverse("assessment:page", args=[partnership.slug]) + "?" + _query(a))
