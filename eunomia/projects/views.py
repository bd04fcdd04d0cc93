"""Pages for the partnership's funds, projects, their monitoring returns and the year's portfolio.

Every record is fetched through the partnership's scoped queries, so another partnership's is a 404;
a return still being written is a 404 to those `queries.returns_visible_to` does not show it."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.core.dates import DateError, parse_day
from eunomia.core.periods import plan_years, year_containing, year_label
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.core.spreadsheet import to_csv, to_xlsx
from eunomia.partners.access import partnership_view
from eunomia.partners.models import Organisation
from eunomia.partners.queries import organisations_in
from eunomia.projects import actions, queries
from eunomia.projects.figures import figures_of_project
from eunomia.projects.forms import (AllocationForm, BudgetLineForm, DocumentForm, EvaluationForm, FundForm,
                                    MeasureForm, ProjectForm, ReturnForm, SendBackForm)
from eunomia.projects.models import Return
from eunomia.projects.periods import years_of
from eunomia.projects.portfolio import portfolio_table

NAV = "projects"
DOWNLOADS = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _url(partnership, name, *args):
    return reverse(name, args=[partnership.slug, *args])


def _directory():
    """Funders and providers: any organisation in the directory, member of a partnership or not."""
    return Organisation.objects.order_by("name")


# Dashboard -----------------------------------------------------------------------------------------

def _chosen_year(request, partnership, years):
    """The year asked for in ?year=, or this financial year; a year not listed is said, not a 500."""
    current = year_containing(timezone.localdate(), partnership.year_start_month)
    wanted = request.GET.get("year", "")
    if not wanted:
        return current, ""
    if wanted.isdigit() and int(wanted) in years:
        return int(wanted), ""
    return current, f"There are no projects in the year asked for: showing {year_label(current)}"


def _late_rows(request, partnership, today):
    """The late returns this reader should see, and whether they may fill them: a provider's
    practitioner sees their own organisation's only, each with a link to fill it."""
    fillers = queries.fillers_of(request.user, partnership)
    if fillers is None:
        late, may_fill = queries.late_returns(partnership, today=today), True
    elif fillers:
        late, may_fill = queries.late_returns(partnership, today=today, organisations=fillers), True
    else:
        late, may_fill = queries.late_returns(partnership, today=today), False
    visible = set(queries.returns_visible_to(request.user, partnership).values_list("pk", flat=True))
    rows = [{"project": project, "state": state, "label": _label(state, visible)} for project, state in late]
    return rows, may_fill, fillers


def _label(state, visible):
    """The state of a period's return in words, without telling a reader who may not see a draft that
    one is being written."""
    if state.record is not None and state.record.pk not in visible:
        return "Late: not submitted" if state.is_late else "Not submitted"
    return state.label


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def dashboard(request, partnership):
    today = timezone.localdate()
    years = queries.years_held(partnership, today=today)
    year, problem = _chosen_year(request, partnership, years)
    late, may_fill_late, fillers = _late_rows(request, partnership, today)
    may_review = queries.may_review(request.user, partnership)
    projects = queries.portfolio(partnership, year, today=today)
    return render(request, "projects/dashboard.html", {
        "years": [(y, year_label(y)) for y in years], "year": year, "year_label": year_label(year),
        "year_problem": problem, "late": late, "may_fill_late": may_fill_late,
        "own_organisation_only": bool(fillers),
        "waiting": list(queries.returns_waiting(partnership)) if may_review else [],
        "may_review": may_review, "projects": projects,
        "funds": queries.funds_with_totals(partnership, start_year=year),
        "may_edit": has_permission(request.user, Permission.PROJECT_EDIT, partnership=partnership)})


# Funds ---------------------------------------------------------------------------------------------

def _fund(partnership, pk):
    """The fund with what it has allocated and has left (404 if it is not this partnership's)."""
    funds = queries.funds_with_totals(partnership, pk=pk)
    if not funds:
        raise Http404
    return funds[0]


def _fund_form(request, partnership, initial=None):
    return FundForm(posted(request), partnership=partnership, organisations=_directory(), initial=initial)


FUND_FIELDS = ("name", "funder", "start_year", "amount", "schedule", "return_due_days", "conditions", "reference")


@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def fund_new(request, partnership):
    year = year_containing(timezone.localdate(), partnership.year_start_month)
    form = _fund_form(request, partnership, initial={"start_year": year})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            fund = actions.create_fund(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, f"The fund {fund} was added")
            return redirect("projects:fund", partnership.slug, fund.pk)
    return form_page(request, form, page_title="Add a fund", back_url=_url(partnership, "projects:dashboard"))


@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def fund_edit(request, partnership, pk):
    fund = _fund(partnership, pk)
    form = _fund_form(request, partnership, initial={name: getattr(fund, name) for name in FUND_FIELDS})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.update_fund(by=request.user, fund=fund, **form.cleaned_data)
            messages.success(request, "The fund was saved")
            return redirect("projects:fund", partnership.slug, fund.pk)
    return form_page(request, form, page_title="Change the fund", caption=str(fund),
                     back_url=_url(partnership, "projects:fund", fund.pk))


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def fund_detail(request, partnership, pk):
    fund = _fund(partnership, pk)
    return render(request, "projects/fund.html", {
        "fund": fund, "allocations": queries.allocations_in(partnership).filter(fund=fund),
        "may_edit": has_permission(request.user, Permission.PROJECT_EDIT, partnership=partnership)})


@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def fund_allocate(request, partnership, pk):
    fund = _fund(partnership, pk)
    form = AllocationForm(posted(request), projects=queries.projects_in(partnership),
                          initial={"made_on": timezone.localdate(), "project": request.GET.get("project")})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            allocation = actions.allocate(by=request.user, fund=fund, **form.cleaned_data)
            messages.success(request, f"{actions.pounds(allocation.amount)} was allocated to {allocation.project}")
            return redirect("projects:fund", partnership.slug, fund.pk)
    return form_page(request, form, page_title="Allocate money to a project", caption=str(fund),
                     intro=f"{actions.pounds(fund.left)} of the fund is left to allocate.",
                     back_url=_url(partnership, "projects:fund", fund.pk))


@require_POST
@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def allocation_remove(request, partnership, pk):
    allocation = get_object_or_404(queries.allocations_in(partnership), pk=pk)
    with showing_refusal_message(request):
        actions.remove_allocation(by=request.user, allocation=allocation)
        messages.success(request, f"The allocation of {actions.pounds(allocation.amount)} to {allocation.project} "
                                   f"was removed")
    return redirect("projects:fund", partnership.slug, allocation.fund_id)


# Projects ------------------------------------------------------------------------------------------

def _project(partnership, pk):
    return get_object_or_404(queries.projects_in(partnership), pk=pk)


def _project_form(request, partnership, plans, initial=None):
    return ProjectForm(posted(request), providers=_directory(), members=organisations_in(partnership), plans=plans,
                       initial=initial)


PROJECT_FIELDS = ("title", "description", "owner_organisation", "lead_organisation", "lead_role", "start_on",
                  "end_on", "status", "schedule", "return_due_days")


@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def project_new(request, partnership):
    # A new project is most often for this year or the next: their plans' items are offered.
    year = year_containing(timezone.localdate(), partnership.year_start_month)
    plans = queries.plans_serving(partnership, [year, year + 1])
    form = _project_form(request, partnership, plans)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PROJECT_FIELDS}
        with form.showing_refusal():
            project = actions.create_project(by=request.user, partnership=partnership, **data,
                                             **{kind: form.links(kind) for kind, _ in ProjectForm.LINKS})
            messages.success(request, f"The project {project} was added")
            return redirect("projects:project", partnership.slug, project.pk)
    return form_page(request, form, page_title="Add a project", back_url=_url(partnership, "projects:dashboard"))


@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def project_edit(request, partnership, pk):
    project = _project(partnership, pk)
    plans = queries.plans_serving(partnership, years_of(project))
    initial = {name: getattr(project, name) for name in PROJECT_FIELDS} | ProjectForm.initial_links(project, plans)
    form = _project_form(request, partnership, plans, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PROJECT_FIELDS}
        offered = {plan.pk for plan in plans}
        # Links to plans not offered here (the project's dates moved) are kept as they are.
        links = {kind: form.links(kind) + [item for item in getattr(project, kind).all() if item.plan_id not in offered]
                 for kind, _ in ProjectForm.LINKS}
        with form.showing_refusal():
            actions.update_project(by=request.user, project=project, **data, **links)
            messages.success(request, "The project was saved")
            return redirect("projects:project", partnership.slug, project.pk)
    return form_page(request, form, page_title="Change the project", caption=project.title,
                     back_url=_url(partnership, "projects:project", project.pk))


def _with_year_labels(lines):
    lines = list(lines)
    for line in lines:
        line.year_label = year_label(line.start_year)
    return lines


def _figure_rows(project):
    figures = figures_of_project(project)
    return sorted(figures.values(), key=lambda figure: (figure.period_start, figure.title))


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def project_detail(request, partnership, pk):
    projects = queries.with_returns(queries.projects_in(partnership)).prefetch_related(
        "priorities__plan", "objectives__plan", "actions__plan")
    project = get_object_or_404(projects, pk=pk)
    today = timezone.localdate()
    visible = set(queries.returns_visible_to(request.user, partnership).filter(project=project)
                  .values_list("pk", flat=True))
    periods = [{"state": state, "label": _label(state, visible),
                "shown": state.record is None or state.record.pk in visible}
               for state in queries.period_states(project, today=today)]
    return render(request, "projects/project.html", {
        "project": project, "periods": periods, "today": today,
        "years": [(year_label(year), queries.value_for_year(project, year, today=today)) for year in years_of(project)],
        "allocations": project.allocations.all(), "budget_lines": _with_year_labels(project.budget_lines.all()),
        "measures": project.measures.all(), "evaluations": project.evaluations.all(),
        "documents": queries.documents_in(partnership).filter(project=project),
        "funders": queries.funders_of(project), "figures": _figure_rows(project),
        "may_edit": has_permission(request.user, Permission.PROJECT_EDIT, partnership=partnership),
        "may_fill": queries.may_fill(request.user, project)})


@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def budget_line_new(request, partnership, pk):
    project = _project(partnership, pk)
    form = BudgetLineForm(posted(request), years=years_of(project))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.add_budget_line(by=request.user, project=project, **form.cleaned_data)
            messages.success(request, f"The budget line {form.cleaned_data['heading']} was added")
            return redirect(_url(partnership, "projects:project", project.pk) + "#budget")
    return form_page(request, form, page_title="Add a budget line", caption=project.title,
                     back_url=_url(partnership, "projects:project", project.pk))


@require_POST
@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def budget_line_remove(request, partnership, pk):
    line = get_object_or_404(queries.budget_lines_in(partnership), pk=pk)
    with showing_refusal_message(request):
        actions.remove_budget_line(by=request.user, line=line)
        messages.success(request, f"The budget line {line} was removed")
    return redirect(_url(partnership, "projects:project", line.project_id) + "#budget")


@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def measure_new(request, partnership, pk):
    project = _project(partnership, pk)
    form = MeasureForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.add_measure(by=request.user, project=project, **form.cleaned_data)
            messages.success(request, f"The project now counts {form.cleaned_data['name']}")
            return redirect(_url(partnership, "projects:project", project.pk) + "#measures")
    return form_page(request, form, page_title="Add an output or outcome", caption=project.title,
                     back_url=_url(partnership, "projects:project", project.pk))


@require_POST
@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def measure_remove(request, partnership, pk):
    measure = get_object_or_404(queries.measures_in(partnership), pk=pk)
    with showing_refusal_message(request):
        actions.remove_measure(by=request.user, measure=measure)
        messages.success(request, f"The project no longer counts {measure.name}")
    return redirect(_url(partnership, "projects:project", measure.project_id) + "#measures")


@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def evaluation_new(request, partnership, pk):
    project = _project(partnership, pk)
    form = EvaluationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.record_evaluation(by=request.user, project=project, **form.cleaned_data)
            messages.success(request, "The evaluation was recorded")
            return redirect(_url(partnership, "projects:project", project.pk) + "#evaluations")
    return form_page(request, form, page_title="Record an evaluation", caption=project.title,
                     back_url=_url(partnership, "projects:project", project.pk))


@partnership_view(Permission.PROJECT_EDIT, nav_section=NAV)
def document_new(request, partnership, pk):
    project = _project(partnership, pk)
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # One byte past the limit is enough for the action to say the file is too large.
        content = upload.read(actions.MAX_DOCUMENT_BYTES + 1)
        with form.showing_refusal():
            actions.attach_document(by=request.user, project=project, title=form.cleaned_data["title"],
                                    filename=upload.name, content=content)
            messages.success(request, f"{form.cleaned_data['title']} was attached")
            return redirect(_url(partnership, "projects:project", project.pk) + "#documents")
    return form_page(request, form, page_title="Attach an agreement or contract", caption=project.title,
                     back_url=_url(partnership, "projects:project", project.pk))


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def document_download(request, partnership, pk):
    document = get_object_or_404(queries.documents_in(partnership).defer(None), pk=pk)
    audit.record(by=request.user, action="projects.document_downloaded", obj=document, partnership=partnership,
                 data={"project": document.project_id, "filename": document.filename})
    return FileResponse(io.BytesIO(bytes(document.content)), as_attachment=True, filename=document.filename,
                        content_type=document.content_type)


# Returns -------------------------------------------------------------------------------------------

def _period(request, partnership, pk, period):
    """The project and its reporting period starting on `period` (YYYY-MM-DD); a 404 for a day that
    starts none of its periods, and for a return the reader may not see."""
    project = get_object_or_404(queries.projects_in(partnership).prefetch_related("returns", "measures"), pk=pk)
    try:
        start = parse_day(period)
    except DateError:
        raise Http404 from None
    state = queries.period_state(project, start)
    if state is None:
        raise Http404
    if state.record is not None and not queries.returns_visible_to(request.user, partnership).filter(
            pk=state.record.pk).exists():
        raise Http404
    return project, state


def _return_url(partnership, project, state):
    return _url(partnership, "projects:return", project.pk, state.period.start.isoformat())


def _return_initial(project, record):
    if record is None:
        return {}
    values = {value.measure_id: value.value for value in record.values.all()}
    initial = {"spend": "" if record.spend is None else f"{record.spend}", "narrative": record.narrative}
    initial |= {f"measure_{m.pk}": values.get(m.pk, "") for m in project.measures.all()}
    return initial


def _return_page(request, partnership, project, state, *, form=None):
    record = state.record
    fillable = (queries.may_fill(request.user, project) and state.is_open
                and (record is None or record.status in actions.OPEN))
    reviewable = (record is not None and record.status == Return.Status.SUBMITTED
                  and queries.may_review(request.user, partnership))
    measures = list(project.measures.all())
    if form is None and fillable:
        form = ReturnForm(measures=measures, initial=_return_initial(project, record))
    values = {value.measure_id: value.value for value in record.values.all()} if record else {}
    send_back_form = None
    if reviewable:
        send_back_form = SendBackForm()
        send_back_form.helper.form_action = _url(partnership, "projects:return_send_back", project.pk,
                                                 state.period.start.isoformat())
    errors = form is not None and bool(form.errors)
    return render(request, "projects/return.html", {
        "project": project, "state": state, "record": record, "form": form, "fillable": form is not None,
        "reviewable": reviewable, "send_back_form": send_back_form, "today": timezone.localdate(),
        "rows": [(measure, values.get(measure.pk)) for measure in measures],
        "decisions": record.decisions.all() if record else [], "has_errors": errors,
        "return_url": _return_url(partnership, project, state)}, status=400 if errors else 200)


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def return_page(request, partnership, pk, period):
    """A project period's return: what was reported and decided; the form for those who fill it."""
    project, state = _period(request, partnership, pk, period)
    if request.method != "POST":
        return _return_page(request, partnership, project, state)
    if not queries.may_fill(request.user, project):
        raise PermissionDenied
    measures = list(project.measures.all())
    form = ReturnForm(request.POST, measures=measures)
    if form.is_valid():
        data, submit = form.cleaned_data, request.POST.get("action") == ReturnForm.SUBMIT
        with form.showing_refusal():
            actions.save_return(by=request.user, project=project, period_start=state.period.start,
                                spend=data["spend"], narrative=data["narrative"], submit=submit,
                                values={m: data[f"measure_{m.pk}"] for m in measures})
            messages.success(request, "The return was submitted to the CSP manager" if submit
                             else "The return was saved as a draft")
            return redirect(_return_url(partnership, project, state))
    return _return_page(request, partnership, project, state, form=form)


@require_POST
@partnership_view(Permission.RETURN_REVIEW, nav_section=NAV)
def return_accept(request, partnership, pk, period):
    project, state = _period(request, partnership, pk, period)
    if state.record is None:
        raise Http404
    with showing_refusal_message(request):
        actions.accept_return(by=request.user, record=state.record)
        messages.success(request, "The return was accepted: its figures now count")
    return redirect(_return_url(partnership, project, state))


@partnership_view(Permission.RETURN_REVIEW, nav_section=NAV)
def return_send_back(request, partnership, pk, period):
    project, state = _period(request, partnership, pk, period)
    if state.record is None:
        raise Http404
    form = SendBackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.send_back(by=request.user, record=state.record, reasons=form.cleaned_data["reasons"])
            messages.success(request, "The return was sent back to the provider")
            return redirect(_return_url(partnership, project, state))
    return form_page(request, form, page_title="Send the return back", caption=f"{project}: {state.period.label}",
                     intro="The provider sees your reasons with the return, corrects it and submits it again.",
                     back_url=_return_url(partnership, project, state))


# Portfolio ------------------------------------------------------------------------------------------

def _portfolio_year(partnership, year):
    if year not in plan_years(partnership):
        raise Http404
    return year


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def portfolio(request, partnership, year):
    year = _portfolio_year(partnership, year)
    today = timezone.localdate()
    rows = queries.portfolio(partnership, year, today=today)
    for value in rows:
        value.funders = queries.funders_of(value.project, year)
    return render(request, "projects/portfolio.html", {"year": year, "year_label": year_label(year), "rows": rows})


@partnership_view(Permission.PLAN_VIEW, nav_section=NAV)
def portfolio_download(request, partnership, year, fmt):
    year = _portfolio_year(partnership, year)
    if fmt not in DOWNLOADS:
        raise Http404
    header, rows, notes = portfolio_table(partnership, year, today=timezone.localdate())
    if fmt == "csv":
        body = to_csv(header, rows).encode("utf-8")
    else:
        body = to_xlsx([(f"Projects {year_label(year).replace('/', '-')}", header, rows, notes)])
    response = HttpResponse(body, content_type=DOWNLOADS[fmt])
    name = f"{partnership.slug}-projects-{year_label(year).replace('/', '-')}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
