"""Risk assessment pages. People are found only through people_visible_to (anyone else is a 404)
and every page showing personal data writes an audit event."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.casework import queries as casework
from eunomia.core.rendering import form_page, posted
from eunomia.partners.access import partnership_view
from eunomia.risk import actions, queries
from eunomia.risk.forms import AssessmentForm
from eunomia.risk.models import QuestionSet


def _person(request, partnership, pk):
    return get_object_or_404(casework.people_visible_to(request.user, partnership), pk=pk)


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def person_assessments(request, partnership, pk):
    person = _person(request, partnership, pk)
    assessments = list(person.risk_assessments.select_related("question_set", "assessed_by"))
    audit.record(by=request.user, action="risk.assessments_viewed", obj=person, partnership=partnership,
                 data={"assessments": [a.pk for a in assessments]})
    return render(request, "risk/person.html", {
        "person": person, "assessments": assessments, "today": timezone.localdate(),
        "kinds": QuestionSet.Kind.choices})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def assess(request, partnership, pk):
    person = _person(request, partnership, pk)
    kind = request.GET.get("kind", QuestionSet.Kind.VICTIM)
    if kind not in QuestionSet.Kind.values:
        raise Http404("No such kind of assessment")
    question_set = actions.question_set(partnership, kind)
    form = AssessmentForm(posted(request), question_set=question_set)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            assessment = actions.assess(by=request.user, person=person, question_set=question_set,
                                        yes_ids=form.yes_ids(), assessed_on=form.cleaned_data["assessed_on"])
            messages.success(request, f"{assessment.get_band_display()} risk (score {assessment.score}): "
                                      f"review by {assessment.review_on:%-d %B %Y}")
            return redirect("risk:person", partnership.slug, person.pk)
    audit.record(by=request.user, action="risk.assess_form_viewed", obj=person, partnership=partnership,
                 data={"kind": kind})
    bands = (f"Standard risk up to {question_set.standard_max} points, medium up to {question_set.medium_max}, "
             f"high above {question_set.medium_max}.")
    return form_page(request, form, page_title=f"{question_set.title}: {person}", caption="Risk assessment",
                     intro=bands, back_url=reverse("risk:person", args=[partnership.slug, person.pk]))


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def overdue(request, partnership):
    today = timezone.localdate()
    due = queries.overdue(request.user, partnership, today=today)
    audit.record(by=request.user, action="risk.overdue_viewed", partnership=partnership,
                 data={"assessments": [a.pk for a in due], "people": [a.person_id for a in due]})
    return render(request, "risk/overdue.html", {"due": due, "today": today})
