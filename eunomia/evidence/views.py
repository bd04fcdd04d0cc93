from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from eunomia.accounts.roles import Permission
from eunomia.core.rendering import form_page, posted
from eunomia.crime.models import CrimeType
from eunomia.evidence import actions, queries
from eunomia.evidence.forms import HarmWeightForm, PartnerDatasetForm, SurveyForm
from eunomia.evidence.models import HarmWeight
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
            return redirect(_index_url(partnership))
    return form_page(request, form, page_title="Upload a partner's counts", back_url=_index_url(partnership),
                     intro="Monthly counts from a partner organisation, such as deliberate fires or assault-related "
                           "A&E attendances. A file with any problem is refused whole, and the problems are listed "
                           "with their line numbers.")


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
