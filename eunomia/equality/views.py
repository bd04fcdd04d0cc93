"""Equality pages: a person's monitoring answers (reached only through the person: a casework person
the reader may see, a DA person only for DA holders; anyone else gets a 404), impact assessments, the
partnership's setting and the equality figures for staff (exact values, not for publication)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eunomia.accounts.permissions import has_permission
from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.core.equality import CHARACTERISTICS, QUESTIONS, EqualityForm, answers_of
from eunomia.core.periods import plan_period, year_containing, year_label
from eunomia.core.rendering import form_page, posted
from eunomia.domesticabuse.views import da_view
from eunomia.equality import actions, measures, queries
from eunomia.equality.forms import AssessmentForm, SettingsForm, SignOffForm, YearForm
from eunomia.equality.models import ProtectedCharacteristic
from eunomia.figures import disclosure
from eunomia.figures.queries import disclosure_rule
from eunomia.partners.access import partnership_view
from eunomia.plans.models import PlanYear, Priority
from eunomia.plans.queries import plans_visible_to
from eunomia.projects.models import Project
from eunomia.projects.queries import projects_in


def _answer_rows(row):
    return [(question.label, question.label_of(getattr(row, question.name)) if row else "")
            for question in QUESTIONS]


# Monitoring of casework people -------------------------------------------------------------------------------

def _casework_person(request, partnership, pk):
    person = queries.casework_person(request.user, partnership, pk)
    if person is None:
        raise Http404
    return person


@partnership_view(Permission.CASE_VIEW, nav_section="casework")
def person(request, partnership, pk):
    person = _casework_person(request, partnership, pk)
    row = queries.answers_of_person(person)
    audit.record(by=request.user, action="equality.person_answers_viewed", obj=person, partnership=partnership,
                 data={"recorded": row is not None})
    return render(request, "equality/person.html", {
        "person": person, "row": row, "rows": _answer_rows(row), "caption": _("Person"),
        "back_url": reverse("casework:person", args=[partnership.slug, person.pk]),
        "change_url": reverse("equality:person_change", args=[partnership.slug, person.pk]),
        "may_change": has_permission(request.user, Permission.CASE_EDIT, partnership=partnership)})


@partnership_view(Permission.CASE_EDIT, nav_section="casework")
def person_change(request, partnership, pk):
    person = _casework_person(request, partnership, pk)
    row = queries.answers_of_person(person)
    form = EqualityForm(posted(request), initial=answers_of(row) if row else {}, clearable=True)
    page = reverse("equality:person", args=[partnership.slug, person.pk])
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_person_answers(by=request.user, person=person, answers=form.cleaned_data)
            messages.success(request, _("Equality monitoring answers saved for %(person)s") % {"person": person})
            return redirect(page)
    audit.record(by=request.user, action="equality.person_answers_form_viewed", obj=person, partnership=partnership)
    return form_page(request, form, page_title=_("Equality monitoring"), caption=str(person), back_url=page,
                     intro=_(INTRO))


INTRO = ("Ask these questions only with the person's agreement, and tell them why: so the partnership can check "
         "that its services reach everyone fairly. Every question is optional, and \u201cPrefer not to say\u201d is "
         "always an answer. The answers are seen only by those who may see this person.")


# Monitoring of domestic abuse people -----------------------------------------------------------------------

def _da_person(request, partnership, pk):
    person = queries.da_person(request.user, partnership, pk)
    if person is None:
        raise Http404
    return person


@da_view()
def da_person(request, partnership, pk):
    person = _da_person(request, partnership, pk)
    row = queries.answers_of_da_person(person)
    # Named against the DA person, so the event is in the DA domain's audit trail only.
    audit.record(by=request.user, action="equality.da_person_answers_viewed", obj=person, partnership=partnership,
                 data={"recorded": row is not None})
    return render(request, "equality/person.html", {
        "person": person, "row": row, "rows": _answer_rows(row), "caption": _("Domestic abuse"),
        "back_url": reverse("domesticabuse:person", args=[partnership.slug, person.pk]),
        "change_url": reverse("equality:da_person_change", args=[partnership.slug, person.pk]),
        "may_change": has_permission(request.user, Permission.DA_EDIT, partnership=partnership)})


@da_view(edit=True)
def da_person_change(request, partnership, pk):
    person = _da_person(request, partnership, pk)
    row = queries.answers_of_da_person(person)
    form = EqualityForm(posted(request), initial=answers_of(row) if row else {}, clearable=True)
    page = reverse("equality:da_person", args=[partnership.slug, person.pk])
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.save_da_person_answers(by=request.user, person=person, answers=form.cleaned_data)
            messages.success(request, _("Equality monitoring answers saved for %(person)s") % {"person": person})
            return redirect(page)
    audit.record(by=request.user, action="equality.da_person_answers_form_viewed", obj=person,
                 partnership=partnership)
    return form_page(request, form, page_title=_("Equality monitoring"), caption=str(person), back_url=page,
                     intro=_(INTRO))


# Equality impact assessments ------------------------------------------------------------------------------------

@partnership_view(Permission.PLAN_VIEW, nav_section="plans")
def home(request, partnership):
    """Every plan with its priorities, and every project, each with its assessment or none; and the setting."""
    plans = list(plans_visible_to(request.user, partnership))
    for plan in plans:
        plan.assessment = queries.assessment_of(plan)
        plan.priority_list = queries.priorities_with_assessments(plan)
    projects = list(projects_in(partnership).prefetch_related("equality_assessments"))
    for project in projects:
        project.assessment = next(iter(project.equality_assessments.all()), None)
    held = {permission: has_permission(request.user, permission, partnership=partnership)
            for permission in (Permission.PLAN_EDIT, Permission.PLAN_PUBLISH)}
    return render(request, "equality/home.html", {
        "plans": plans, "projects": projects, "settings": queries.settings_of(partnership),
        "may_write": held[Permission.PLAN_EDIT], "may_sign_off": held[Permission.PLAN_PUBLISH]})


def _assessment(request, partnership, pk):
    return get_object_or_404(queries.assessments_visible_to(request.user, partnership), pk=pk)


@partnership_view(Permission.PLAN_VIEW, nav_section="plans")
def assessment(request, partnership, pk):
    found = _assessment(request, partnership, pk)
    impacts = {impact.characteristic: impact for impact in found.impacts.all()}
    return render(request, "equality/assessment.html", {
        "assessment": found,
        "impacts": [(label, impacts.get(value)) for value, label in ProtectedCharacteristic.choices],
        "may_write": has_permission(request.user, Permission.PLAN_EDIT, partnership=partnership),
        "may_sign_off": has_permission(request.user, Permission.PLAN_PUBLISH, partnership=partnership)})


def _write(request, partnership, subject, existing):
    form = AssessmentForm(posted(request), initial=AssessmentForm.initial_from(existing))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            saved = actions.save_assessment(by=request.user, subject=subject, **form.action_arguments())
            messages.success(request, _("Equality impact assessment saved") + (
                "" if saved.is_signed_off else ". " + _("It needs the CSP manager's sign-off.")))
            return redirect("equality:assessment", partnership.slug, saved.pk)
    title = (_("Change the equality impact assessment") if existing else _("Write an equality impact assessment"))
    back = (reverse("equality:assessment", args=[partnership.slug, existing.pk]) if existing
            else reverse("equality:home", args=[partnership.slug]))
    caption = existing.subject_label if existing else _subject_caption(subject)
    return form_page(request, form, page_title=title, caption=caption, back_url=back, intro=_(
        "Assess the plan, priority or project for its effect on people who share each protected characteristic of "
        "the Equality Act 2010. This is a partnership record read by every member: describe groups, never name "
        "anyone. A change after sign-off needs signing off again."))


def _subject_caption(subject):
    if isinstance(subject, PlanYear):
        return _("The plan %(label)s") % {"label": subject.label}
    if isinstance(subject, Priority):
        return _("Priority: %(title)s") % {"title": subject.title}
    return _("Project: %(title)s") % {"title": subject.title}


def _new_or_change(request, partnership, subject):
    existing = queries.assessment_of(subject)
    if existing is not None and request.method != "POST":
        return redirect("equality:assessment_change", partnership.slug, existing.pk)
    return _write(request, partnership, subject, existing)


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def plan_assessment_new(request, partnership, pk):
    subject = get_object_or_404(plans_visible_to(request.user, partnership), pk=pk)
    return _new_or_change(request, partnership, subject)


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def priority_assessment_new(request, partnership, pk):
    subject = get_object_or_404(Priority.objects.select_related("plan__partnership"),
                                plan__in=plans_visible_to(request.user, partnership), pk=pk)
    return _new_or_change(request, partnership, subject)


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def project_assessment_new(request, partnership, pk):
    subject = get_object_or_404(Project.objects.select_related("partnership"), partnership=partnership, pk=pk)
    return _new_or_change(request, partnership, subject)


@partnership_view(Permission.PLAN_EDIT, nav_section="plans")
def assessment_change(request, partnership, pk):
    found = _assessment(request, partnership, pk)
    return _write(request, partnership, found.subject, found)


@partnership_view(Permission.PLAN_PUBLISH, nav_section="plans")
def assessment_sign_off(request, partnership, pk):
    found = _assessment(request, partnership, pk)
    form = SignOffForm(posted(request))
    page = reverse("equality:assessment", args=[partnership.slug, found.pk])
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.sign_off_assessment(by=request.user, assessment=found)
            messages.success(request, _("Equality impact assessment signed off"))
            return redirect(page)
    return form_page(request, form, page_title=_("Sign off the equality impact assessment"),
                     caption=found.subject_label, back_url=page, intro=_(
                         "Signing off says the CSP manager has read the assessment as it is written now and agrees "
                         "with its decision. A later change needs signing off again."))


@partnership_view(Permission.PLAN_PUBLISH, nav_section="plans")
def settings(request, partnership):
    current = queries.settings_of(partnership)
    initial = {"assessment_required_per_priority": "yes" if current.assessment_required_per_priority else "no"}
    form = SettingsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.set_settings(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, _("Equality setting saved"))
            return redirect("equality:home", partnership.slug)
    return form_page(request, form, page_title=_("Equality impact assessments before publication"),
                     caption=_("Equality"), back_url=reverse("equality:home", args=[partnership.slug]), intro=_(
                         "With this on, a plan cannot be published until each of its priorities has an equality "
                         "impact assessment signed off by the CSP manager; each one missing is listed as a gap."))


# Equality figures for staff ----------------------------------------------------------------------------------

GROUP_TITLES = {
    "casework_victims": _("Victims and complainants of anti-social behaviour"),
    "casework_perpetrators": _("Alleged perpetrators of anti-social behaviour"),
    "da_supported": _("Domestic abuse victims supported"),
}


def _tables(group, partnership, start, end, rule):
    """One table per characteristic: (label, [(category label, count, text as published)], total, total as
    published)."""
    counts = measures.counts_by_characteristic(group, partnership, start, end)
    tables = []
    for characteristic in CHARACTERISTICS:
        values = [counts[characteristic.key][value] for value, _label in characteristic.categories]
        statuses = disclosure.protect_table([values + [counts[measures.ALL]]], rule=rule, row_totals=True)[0]
        rows = [(label, value, rule.text(value, status))
                for (_value, label), value, status in zip(characteristic.categories, values, statuses)]
        tables.append((characteristic.label, rows, counts[measures.ALL], rule.text(counts[measures.ALL], statuses[-1])))
    return tables


@partnership_view(Permission.FIGURE_VIEW, nav_section="figures")
def figures(request, partnership):
    """Exact counts, for staff only: each with what publication would show under the disclosure rule."""
    current = year_containing(timezone.localdate(), partnership.year_start_month)
    form = YearForm(request.GET or None, partnership=partnership, initial={"year": current})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else current
    start, end = plan_period(year, partnership.year_start_month)
    rule = disclosure_rule(partnership)
    # Exact small counts of DA victims by ethnicity or sexual orientation could point to someone the reader
    # may not know is a DA victim: only DA holders see them here; everyone reads the figures as published.
    da_holder = has_permission(request.user, Permission.DA_VIEW, partnership=partnership)
    groups = [(title, _tables(group, partnership, start, end, rule)) for group, title in GROUP_TITLES.items()
              if da_holder or group != "da_supported"]
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "equality/figures.html", {
        "form": form, "year_label": year_label(year), "start": start, "end": end, "groups": groups,
        "rule": rule, "da_holder": da_holder}, status=status)
