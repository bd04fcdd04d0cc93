import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.db.models.functions import Length

from eunomia.accounts.permissions import has_permission
from eunomia.core.periods import year_label
from eunomia.accounts.roles import Permission
from eunomia.jobs.models import Job
from eunomia.plans.jobs import BUILD_DOCUMENTS
from eunomia.plans.models import (Action, Milestone, PlanYear, Priority, PublishedDocument, PublishedVersion, Section,
                                  Target)
from eunomia.plans.narrative import FIGURE_TOKEN


def plans_in(partnership):
    return PlanYear.objects.filter(partnership=partnership).select_related("partnership").prefetch_related(
        Prefetch("versions", queryset=PublishedVersion.objects.only("id", "plan_id", "number", "published_at"))
    )


def plans_visible_to(user, partnership):
    if not has_permission(user, Permission.PLAN_VIEW, partnership=partnership):
        return PlanYear.objects.none()
    return plans_in(partnership)


def actions_visible_to(user, partnership):
    """The actions of the plans `user` may read (they hold no personal data: every plan reader's)."""
    return Action.objects.filter(plan__in=plans_visible_to(user, partnership).values("pk"))


def targets_visible_to(user, partnership):
    return Target.objects.filter(action__plan__in=plans_visible_to(user, partnership).values("pk"))


def plan_covering(partnership_id, start_year):
    """The partnership's plan whose years include `start_year`, or None."""
    plan = PlanYear.objects.filter(partnership_id=partnership_id, start_year__lte=start_year).order_by(
        "-start_year").first()
    return plan if plan is not None and plan.covers(start_year) else None


def previous_plan(plan):
    """The plan before this one: the one covering the year before it starts."""
    return plan_covering(plan.partnership_id, plan.start_year - 1)


@dataclass(frozen=True)
class UnderReview:
    """The year a plan reviews and the plan holding that year's targets (None if not in Eunomia)."""
    plan: object
    year: int

    @property
    def label(self):
        return year_label(self.year)

    def holds(self, target):
        return self.plan.year_of(target.due_on) == self.year


def under_review(plan, today):
    """A plan reviews the year before the one it is revised for: a plan of one year (or in its first
    year) the year before it starts, from the plan before it; a plan of several years revised in a
    later year its own targets of the year before."""
    revised_for = plan.year_of(min(max(today, plan.period_start), plan.period_end))
    if revised_for > plan.start_year:
        return UnderReview(plan, revised_for - 1)
    return UnderReview(previous_plan(plan), plan.start_year - 1)


def next_plan(plan):
    return PlanYear.objects.filter(partnership_id=plan.partnership_id, start_year=plan.last_year + 1).first()


def targets_with_figures():
    return Target.objects.select_related("actual")


def actions_with_targets(plan):
    """The plan's actions in order, each with its targets and their actual figures: [(action, [target])].

    Two queries joined in Python. (prefetch_related would build a queryset per action, which for a
    plan of 200 actions cost more than the queries themselves.)"""
    actions = list(
        Action.objects.filter(plan=plan)
        .select_related("priority", "owner_organisation")
        .prefetch_related("other_leads", "delivery_partners", "objectives", "themes", "focus_areas")
        .order_by("priority__position", "priority_id", "position", "id")
    )
    targets = {}
    for target in targets_with_figures().filter(action__plan=plan).order_by("position", "id"):
        targets.setdefault(target.action_id, []).append(target)
    milestones = {}
    for milestone in Milestone.objects.filter(target__action__plan=plan).select_related("actual"):
        milestones.setdefault(milestone.target_id, []).append(milestone)
    for action in actions:
        action.plan = plan  # each target knows its action and plan (and year) without a query
        for target in targets.get(action.pk, []):
            target.action = action
            target.milestone_list = milestones.get(target.pk, [])
            for milestone in target.milestone_list:
                milestone.target = target
    return [(action, targets.get(action.pk, [])) for action in actions]


def target_statuses(plan, year=None):
    """What deciding each target's status needs, as plain values, in the plan's order; with `year`,
    only the targets falling in that year of the plan."""
    rows = Target.objects.filter(action__plan=plan).order_by(
        "action__priority__position", "action__position", "action_id", "position", "id").values(
        "id", "measure", "unit", "direction", "target_value", "baseline_value", "change_percent", "due_on",
        "milestone_met", "actual__value", "action_id",
        "actual__text_value", "action__title", "action__owner_organisation_id", "action__owner_organisation__name")
    return rows if year is None else [row for row in rows if plan.year_of(row["due_on"]) == year]


def lead_ids_of(action_ids):
    """{action id: the ids of all its lead organisations (Action.owner_organisation_ids)} for plain rows."""
    leads = {pk: {owner} for pk, owner in Action.objects.filter(pk__in=action_ids).values_list(
        "pk", "owner_organisation_id")}
    for action_id, organisation_id in Action.other_leads.through.objects.filter(action_id__in=action_ids).values_list(
            "action_id", "organisation_id"):
        leads[action_id].add(organisation_id)
    return leads


def targets_in(plan):
    return targets_with_figures().filter(action__plan=plan).select_related("action__owner_organisation")


def latest_version(plan):
    return plan.versions.order_by("-number").first()


def published_versions():
    """Published versions: public, so no user is needed to read them."""
    return PublishedVersion.objects.select_related("plan__partnership")


def documents_job(version):
    """The latest job making the version's files, or None (versions published before ADR 54)."""
    return Job.objects.filter(kind=BUILD_DOCUMENTS, params__version=version.pk).order_by("-created_at", "-id").first()


def published_file(version, kind):
    """The bytes of one of the version's files, or None while it is not made. Versions published
    before ADR 54 hold theirs in their own row (fetch the version with that field)."""
    content = (PublishedDocument.objects.filter(version_id=version.pk, kind=kind)
               .values_list("content", flat=True).first())
    if content is None:
        content = getattr(version, kind) or None
    return bytes(content) if content is not None else None


def file_states(version):
    """For each of the version's files: "ready", "preparing" (its job is queued or running) or
    "unavailable" (its job failed or was cancelled)."""
    made = set(PublishedDocument.objects.filter(version_id=version.pk).values_list("kind", flat=True))
    # Sizes, not contents: a version published before ADR 54 holds its files in its own row.
    sizes = PublishedVersion.objects.filter(pk=version.pk).values_list(
        Length("pdf"), Length("large_print_pdf"), Length("docx")).first()
    made |= {kind for kind, size in zip(("pdf", "large_print_pdf", "docx"), sizes or ()) if size}
    if len(made) == len(PublishedDocument.Kind):
        return {kind: "ready" for kind in made}, None
    job = documents_job(version)
    waiting = "preparing" if job is not None and job.is_active else "unavailable"
    return {kind.value: "ready" if kind.value in made else waiting for kind in PublishedDocument.Kind}, job


def sections_naming(figure):
    """Sections whose text names the figure (searched in the database, confirmed by the parser)."""
    candidates = Section.objects.filter(
        plan__partnership_id=figure.partnership_id, body__contains=figure.name
    ).select_related("plan")
    return [s for s in candidates if figure.name in {m.group(1) for m in FIGURE_TOKEN.finditer(s.body)}]


def targets_in_plans(plans):
    return targets_with_figures().filter(action__plan__in=plans).select_related("action__owner_organisation", "action__plan__partnership")


def held_by(obj, kind):
    """What stops `obj` (a plan item of `kind`, or an action with kind "action") being deleted: the
    actions a priority holds or an objective, theme or area of focus is served by, the targets an
    action holds; each as its title, in plan order."""
    if kind in ("priority", "objective", "theme", "focus_area"):
        return list(obj.actions.order_by("position", "id").values_list("title", flat=True))
    if kind == "action":
        return list(obj.targets.order_by("pk").values_list("measure", flat=True))
    return []


def title_key(text):
    """A title as people type it, for comparing: 'Anti-social  behaviour ' is 'anti-social behaviour'."""
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def same_title(a, b):
    return title_key(a) == title_key(b)


def matching_priority(plan, title):
    """The priority of `plan` whose title is `title`, as people type titles, or None."""
    return next((p for p in Priority.objects.filter(plan=plan).order_by("position") if same_title(p.title, title)),
                None)


@dataclass
class CarryOverCandidate:
    """One of last year's actions, as the carry-over page shows it: either carried over where
    `priority` says (a priority of the new plan, or None for a new one named like the old), or
    skipped for `reason`."""

    action: Action
    priority: Priority | None = None
    reason: str = ""


def carry_over_candidates(plan, *, only=None):
    """Last year's actions with what carrying them into `plan` would do. An action marked "Carried
    over" by hand, with no copy in this plan, is offered: the mark says what was meant."""
    previous = previous_plan(plan)
    if previous is None:
        return []
    found = Action.objects.filter(plan=previous).select_related("priority", "owner_organisation", "carried_to__priority",
                                                                "carried_to__plan")
    if only is not None:
        found = found.filter(pk__in=only)
    candidates = []
    for action in found.order_by("priority__position", "position", "id"):
        copy = getattr(action, "carried_to", None)
        if copy is not None:
            reason = f"already carried over into {copy.plan.label}, under {copy.priority.title}"
        elif action.status == Action.Status.COMPLETE:
            reason = "complete"
        else:
            reason = ""
        candidates.append(CarryOverCandidate(action, None if reason else matching_priority(plan, action.priority.title),
                                             reason))
    return candidates
