from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from eunomia.accounts.roles import Permission
from eunomia.core.periods import plan_period
from eunomia.core.rendering import form_page, posted
from eunomia.crime.models import CrimeType
from eunomia.evidence import actions, queries
from eunomia.evidence.forms import HarmWeightForm, PartnerDatasetForm, PartnerFigureForm, PartnerMeasureForm, SurveyForm
from eunomia.evidence.measures import ALL, KEY
from eunomia.evidence.models import HarmWeight
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure
from eunomia.geography.queries import lads_of, wards_of
from eunomia.partners.access import partnership_view
from eunomia.partners.queries import organisations_in


def _index_url(partnership):
    return reverse("evidence:index", args=[partnership.slug])


def _files(request):
    return request.FILES if request.method == "POST" else None


@partnership_view(Permission.ASSESSMENT_VIEW, nav_section="evidence")
def index(request, partnership):
    weight_set = queries.active_weight_set(partnership)
    return render(request, "evidence/index.html", {
        "datasets": queries.datasets_in(partnership),
        "surveys": queries.surveys_in(partnership),
        "concerns": queries.survey_concerns(partnership),
        "weight_set": weight_set,
    })


@partnership_view(Permission.DATA_IMPORT, nav_section="evidence")
def partner_dataset_upload(request, partnership):
    form = PartnerDatasetForm(posted(request), _files(request), organisations=organisations_in(partnership))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            result = actions.import_partner_dataset(
                by=request.user, partnership=partnership, organisation=data["organisation"], name=data["name"],
                source=data["source"], notes=data["notes"], data=data["file"].read(), file_name=data["file"].name)
            messages.success(request, f"{result.dataset.name}: {result.rows:,} counts from "
                                      f"{result.first_month:%B %Y} to {result.last_month:%B %Y} imported"
                                      f"{', replacing the earlier upload' if result.replaced else ''}")
            if result.measures_without_rows:
                messages.warning(request, "This file has no counts for the categories of "
                                          + ", ".join(result.measures_without_rows)
                                          + ": their figures will have no value until a file has them again")
            return redirect(_index_url(partnership))
    return form_page(request, form, page_title="Upload a partner's counts", back_url=_index_url(partnership),
                     intro="Monthly counts from a partner organisation, such as deliberate fires or assault-related "
                           "A&E attendances. A file with any problem is refused whole, and the problems are listed "
                           "with their line numbers.")


def _dataset_url(dataset):
    return reverse("evidence:partner_dataset", args=[dataset.partnership.slug, dataset.pk])


@partnership_view(Permission.ASSESSMENT_VIEW, nav_section="evidence")
def partner_dataset(request, partnership, pk):
    dataset = get_object_or_404(queries.datasets_in(partnership), pk=pk)
    measures = list(queries.partner_measures_in(partnership).filter(dataset=dataset))
    figures = queries.figures_of_measures(partnership, measures)
    return render(request, "evidence/partner_dataset.html", {
        "dataset": dataset, "uploads": queries.uploads_of(dataset), "categories": queries.categories_of(dataset),
        "rows": [(measure, figures.get(measure.pk, [])) for measure in measures],
    })


@partnership_view(Permission.DATA_IMPORT, nav_section="evidence")
def partner_measure_new(request, partnership, pk):
    dataset = get_object_or_404(queries.datasets_in(partnership), pk=pk)
    form = PartnerMeasureForm(posted(request), categories=queries.categories_of(dataset))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            registered = actions.register_partner_measure(
                by=request.user, dataset=dataset, category=data["category"], title=data["title"],
                definition=data["definition"], counts=data["counts"], harm_weight=data["harm_weight"])
            messages.success(request, f"{registered.title} registered: make a figure of it below")
            return redirect(_dataset_url(dataset))
    return form_page(request, form, page_title="Register a category as a measure", back_url=_dataset_url(dataset),
                     caption=f"{dataset.organisation}: {dataset.name}",
                     intro="A figure of the measure is the sum of the category's monthly counts over the figure's "
                           "period. A period with a month the dataset has no counts for has no value: missing is "
                           "not zero.")


def _figure_areas(partnership):
    return [(ALL, f"The partnership's whole area ({partnership.name})")] + [
        (area.code, f"{area.name} ({area.code})")
        for area in list(lads_of(partnership).order_by("name")) + list(wards_of(partnership).order_by("name"))]


@partnership_view(Permission.FIGURE_EDIT, nav_section="evidence")
def partner_measure_figure(request, partnership, pk):
    registered = get_object_or_404(queries.partner_measures_in(partnership), pk=pk)
    back = _dataset_url(registered.dataset)
    form = PartnerFigureForm(posted(request), partnership=partnership, areas=_figure_areas(partnership),
                             initial={"area": ALL, "title": registered.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start, end = plan_period(data["year"], partnership.year_start_month)
        with form.showing_refusal():
            figure = figure_actions.create_figure(
                by=request.user, partnership=partnership, title=data["title"], unit="", name=data["name"],
                period_start=start, period_end=end, kind=Figure.Kind.COMPUTED, measure=KEY,
                measure_params={"measure": str(registered.pk), "area": data["area"]})
            messages.success(request, f"Figure {figure.title} made: name it in the plan as [[{figure.name}]]")
            return redirect("figures:detail", partnership.slug, figure.name)
    return form_page(request, form, page_title=f"Make a figure of {registered.title}", back_url=back,
                     caption=f"{registered.dataset.organisation}: {registered.dataset.name}",
                     intro="The figure is the sum of the monthly counts over the year, and is worked out again "
                           "whenever figures are recalculated. A year with a month the partner has sent no counts "
                           "for has no value until they do.")


@partnership_view(Permission.DATA_IMPORT, nav_section="evidence")
def survey_upload(request, partnership):
    form = SurveyForm(posted(request), _files(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            result = actions.import_survey(
                by=request.user, partnership=partnership, name=data["name"], data=data["file"].read(),
                file_name=data["file"].name, fieldwork_start=data["fieldwork_start"],
                fieldwork_end=data["fieldwork_end"])
            messages.success(request, f"{result.survey.name}: {result.respondents:,} respondents imported"
                                      f"{', replacing the earlier upload' if result.replaced else ''}")
            return redirect(_index_url(partnership))
    return form_page(request, form, page_title="Upload a residents' survey", back_url=_index_url(partnership),
                     intro="Each respondent's top concerns, up to three, in order. A file with any problem is "
                           "refused whole, and the problems are listed with their line numbers.")


@partnership_view(Permission.ASSESSMENT_VIEW, nav_section="evidence")
def harm_weights_page(request, partnership):
    weight_set = queries.active_weight_set(partnership)
    return render(request, "evidence/harm_weights.html", {
        "weight_set": weight_set, "rows": queries.weight_rows(weight_set)})


@partnership_view(Permission.DATA_IMPORT, nav_section="evidence")
def harm_weight_edit(request, partnership, crime_type):
    weight_set = queries.active_weight_set(partnership)
    if weight_set is None:
        raise Http404
    crime_type = get_object_or_404(CrimeType, slug=crime_type)
    current = HarmWeight.objects.filter(weight_set=weight_set, crime_type=crime_type).first()
    initial = {"weight": current.days if current else None, "note": current.note if current else ""}
    form = HarmWeightForm(posted(request), initial=initial)
    back = reverse("evidence:harm_weights", args=[partnership.slug])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with form.showing_refusal():
            actions.update_harm_weight(by=request.user, weight_set=weight_set, crime_type=crime_type,
                                       weight=data["weight"], note=data["note"], reason=data["reason"])
            messages.success(request, f"Weight of {crime_type.name} saved")
            return redirect(back)
    return form_page(request, form, page_title=f"Change the weight of {crime_type.name}", back_url=back,
                     caption=weight_set.name)
