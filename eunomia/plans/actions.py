"""Every change to a plan goes through here: one transaction, one audit event, and the plan's
approval cleared, so that what is published is always what was approved."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.audit.changes import field_changes
from eunomia.core.dates import EARLIEST, LATEST, add_days, add_months, in_range
from eunomia.core.periods import check_plan_year, year_label
from eunomia.figures import actions as figure_actions
from eunomia.figures import recount
from eunomia.figures.models import Figure, Unit
from eunomia.figures.queries import figures_named
from eunomia.jobs import actions as job_actions
from eunomia.partners.queries import organisations_during
from eunomia.plans import jobs as plan_jobs
from eunomia.plans import publishing, queries
from eunomia.plans.models import (ITEM_LISTS, ITEM_NOUNS, MAX_PLAN_YEARS, MEASURED_UNITS, Action, FocusArea, Milestone, Objective, PlanYear, Priority,
                                  PublishedVersion, Section, Target, Theme)
from eunomia.plans.narrative import FIGURE_TOKEN, block_problems, figure_names_in
from eunomia.plans.report import Gap, plan_document

ITEM_MODELS = {"priority": Priority, "theme": Theme, "objective": Objective, "focus_area": FocusArea}
ITEM_FIELDS = ("title", "description")


class PublicationRefused(Exception):
    def __init__(self, gaps):
        super().__init__(f"{len(gaps)} things must be put right before publishing")
        self.gaps = gaps


def _edited(plan):
    """Mark the draft changed: it needs approving again before it can be published."""
    plan.edited_at = timezone.now()
    plan.approved_at = None
    plan.approved_by = None
    plan.save(update_fields=["edited_at", "approved_at", "approved_by"])


def _next_position(queryset):
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


# Plan years ----------------------------------------------------------------------------------

def _check_span(partnership, start_year, years, *, plan=None):
    """Refusals for a plan covering `years` years from `start_year`: each year within the years a
    plan may have, and no year already in another of the partnership's plans."""
    if not 1 <= years <= MAX_PLAN_YEARS:
        raise ValidationError({"years": f"A plan covers from 1 to {MAX_PLAN_YEARS} years"})
    for year in (start_year, start_year + years - 1):
        refusal = check_plan_year(partnership, year)
        if refusal:
            raise ValidationError({"start_year" if year == start_year else "years": refusal})
    others = PlanYear.objects.filter(partnership=partnership, start_year__lte=start_year + years - 1).exclude(
        pk=getattr(plan, "pk", None))
    clash = next((other for other in others.order_by("start_year") if other.last_year >= start_year), None)
    if clash is not None:
        field = "start_year" if clash.covers(start_year) else "years"
        raise ValidationError({field: f"There is already a plan for {clash.label}"})


def create_plan(*, by, partnership, start_year, title="", copy_from=None, years=1):
    refusal = check_plan_year(partnership, start_year)
    if refusal:
        raise ValidationError({"start_year": refusal})
    with transaction.atomic():
        # One at a time per partnership, so two plans cannot both take the same year.
        type(partnership).objects.select_for_update().filter(pk=partnership.pk).first()
        _check_span(partnership, start_year, years)
        plan = PlanYear(partnership=partnership, start_year=start_year, years=years, edited_at=timezone.now())
        plan.title = title.strip() or f"Partnership Plan {plan.long_label}"
        plan.save()
        bodies = {}
        if copy_from is not None:
            bodies = {s.kind: s.body for s in copy_from.sections.all()}
            for kind, model in ITEM_MODELS.items():
                for item in getattr(copy_from, ITEM_LISTS[kind]).all():
                    model.objects.create(plan=plan, title=item.title, description=item.description,
                                         position=item.position,
                                         **({"working_group": item.working_group} if hasattr(item, "working_group") else {}))
        Section.objects.bulk_create(Section(plan=plan, kind=kind, body=bodies.get(kind, "")) for kind in Section.Kind.values)
        audit.record(by=by, action="plan.created", obj=plan,
                     data={"start_year": start_year, "years": years, "copied_from": copy_from.pk if copy_from else None})
    return plan


def update_plan(*, by, plan, title, years=None):
    """Change the plan's title and, for a plan revised over several years, how many years it covers
    (refused while a target would fall outside them)."""
    years = plan.years if years is None else years
    with transaction.atomic():
        if years != plan.years:
            type(plan.partnership).objects.select_for_update().filter(pk=plan.partnership_id).first()
            _check_span(plan.partnership, plan.start_year, years, plan=plan)
            last_day = plan.year_period(plan.start_year + years - 1)[1]
            outside = Target.objects.filter(action__plan=plan, due_on__gt=last_day).order_by("due_on").first()
            if outside is not None:
                raise ValidationError({"years": f"The target {outside.measure} is due on {outside.due_on:%-d %B %Y}, "
                                                f"after the plan would end: change its date first"})
        changes = field_changes(plan, {"title": title, "years": years})
        plan.title, plan.years = title, years
        _edited(plan)
        plan.save(update_fields=["title", "years"])
        audit.record(by=by, action="plan.updated", obj=plan, data=changes)
    return plan


# Priorities, themes, objectives, areas of focus ----------------------------------------------------

def add_item(*, by, plan, kind, title, description="", working_group=None):
    model = ITEM_MODELS[kind]
    extra = {"working_group": working_group} if kind in ("priority", "theme") else {}
    with transaction.atomic():
        item = model.objects.create(plan=plan, title=title.strip(), description=description.strip(),
                                    position=_next_position(model.objects.filter(plan=plan)), **extra)
        _edited(plan)
        audit.record(by=by, action=f"plan.{kind}_added", obj=item, partnership=plan.partnership,
                     data={"title": item.title})
    return item


def update_item(*, by, item, kind, **fields):
    with transaction.atomic():
        changes = field_changes(item, fields)
        for field, value in fields.items():
            setattr(item, field, value.strip() if isinstance(value, str) else value)
        item.save()
        _edited(item.plan)
        audit.record(by=by, action=f"plan.{kind}_updated", obj=item, partnership=item.plan.partnership, data=changes)
    return item


def move_item(*, by, item, kind, direction):
    """Swap an item with its neighbour above (direction -1) or below (+1)."""
    siblings = list(type(item).objects.filter(plan=item.plan).order_by("position", "id"))
    index = siblings.index(item)
    other = index + direction
    if not 0 <= other < len(siblings):
        return item
    with transaction.atomic():
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings, start=1):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position"])
        _edited(item.plan)
        audit.record(by=by, action=f"plan.{kind}_moved", obj=item, partnership=item.plan.partnership,
                     data={"direction": direction})
    return item


def what_to_do_with_actions(kind):
    """What must happen to the actions a plan item holds before it can go."""
    return "Move or delete" if kind == "priority" else "Unlink from it, or delete,"


def _refuse_while_holding(obj, kind, noun, held_noun, what_to_do):
    held = queries.held_by(obj, kind)
    if held:
        many = len(held) != 1
        raise ValidationError(f"{obj.title} holds {len(held)} "
                              f"{held_noun}{'s' if many else ''}: {'; '.join(held)}. {what_to_do} "
                              f"{'them' if many else 'it'} before deleting the {noun}.")


def delete_item(*, by, item, kind):
    """Delete a priority, theme, objective or area of focus; a priority holding actions is refused,
    naming them."""
    _refuse_while_holding(item, kind, ITEM_NOUNS[kind], "action", what_to_do_with_actions(kind))
    with transaction.atomic():
        plan = item.plan
        audit.record(by=by, action=f"plan.{kind}_deleted", obj=item, partnership=plan.partnership,
                     data={"title": item.title})
        item.delete()
        _edited(plan)


# Actions ----------------------------------------------------------------------------------------

def _check_priority(plan, priority):
    if priority.plan_id != plan.pk:
        raise ValidationError({"priority": "Choose one of this plan's priorities"})


def _check_partners(plan, owner_organisation, other_leads, delivery_partners):
    """Leads are organisations that were members of the partnership during the plan's years (a
    past plan keeps the members of its time), each named once; delivery partners may be any
    organisation in the directory, and none is also a lead."""
    members = set(organisations_during(plan.partnership, plan.period_start, plan.period_end).values_list("pk", flat=True))
    errors = {}
    if owner_organisation is not None and owner_organisation.pk not in members:
        errors["owner_organisation"] = (f"{owner_organisation} was not a member of the partnership in {plan.label}: a "
                                        "lead must be one (make it a delivery partner, or correct when it joined in "
                                        "the directory)")
    outsiders = [o.name for o in other_leads if o.pk not in members]
    if outsiders:
        errors["other_leads"] = (f"{', '.join(outsiders)} {'was' if len(outsiders) == 1 else 'were'} not a member of "
                                 f"the partnership in {plan.label}: add {'it' if len(outsiders) == 1 else 'them'} as "
                                 "a delivery partner instead")
    if owner_organisation is not None and owner_organisation.pk in {o.pk for o in other_leads}:
        errors["other_leads"] = f"{owner_organisation} is the first lead already"
    leads = {o.pk for o in other_leads} | ({owner_organisation.pk} if owner_organisation else set())
    both = [o.name for o in delivery_partners if o.pk in leads]
    if both:
        errors["delivery_partners"] = f"{', '.join(both)} leads the action: a lead is not also a delivery partner"
    if errors:
        raise ValidationError(errors)


def _check_serves(plan, serves):
    """The objectives, themes and areas of focus an action serves are its own plan's."""
    for relation, items in serves.items():
        if any(item.plan_id != plan.pk for item in items):
            noun = {"objectives": "key objectives", "themes": "cross-cutting themes",
                    "focus_areas": "areas of focus"}[relation]
            raise ValidationError({relation: f"Choose from this plan's {noun}"})


def add_action(*, by, plan, priority, title, owner_organisation, status=Action.Status.NOT_STARTED, other_leads=(),
               delivery_partners=(), objectives=(), themes=(), focus_areas=()):
    _check_priority(plan, priority)
    _check_partners(plan, owner_organisation, other_leads, delivery_partners)
    serves = {"objectives": objectives, "themes": themes, "focus_areas": focus_areas}
    _check_serves(plan, serves)
    with transaction.atomic():
        action = Action.objects.create(
            plan=plan, priority=priority, title=title.strip(), owner_organisation=owner_organisation, status=status,
            position=_next_position(Action.objects.filter(plan=plan, priority=priority)),
        )
        related = {"other_leads": other_leads, "delivery_partners": delivery_partners, **serves}
        for relation, chosen in related.items():
            getattr(action, relation).set(chosen)
        _edited(plan)
        audit.record(by=by, action="plan.action_added", obj=action,
                     data={"title": action.title, "owner": owner_organisation.pk, "status": status,
                           **{relation: sorted(o.pk for o in chosen) for relation, chosen in related.items()}})
    return action


def update_action(*, by, action, other_leads=None, delivery_partners=None, objectives=None, themes=None,
                  focus_areas=None, **fields):
    if "priority" in fields:
        _check_priority(action.plan, fields["priority"])
    if other_leads is not None or delivery_partners is not None or "owner_organisation" in fields:
        _check_partners(action.plan, fields.get("owner_organisation", action.owner_organisation),
                        action.other_leads.all() if other_leads is None else other_leads,
                        action.delivery_partners.all() if delivery_partners is None else delivery_partners)
    serves = {"objectives": objectives, "themes": themes, "focus_areas": focus_areas}
    _check_serves(action.plan, {r: items for r, items in serves.items() if items is not None})
    with transaction.atomic():
        changes = field_changes(action, fields)
        for field, value in fields.items():
            setattr(action, field, value)
        action.save()
        related = {"other_leads": other_leads, "delivery_partners": delivery_partners, **serves}
        for relation, chosen in related.items():
            if chosen is None:
                continue
            before = sorted(getattr(action, relation).values_list("pk", flat=True))
            after = sorted(o.pk for o in chosen)
            if before != after:
                changes[relation] = [before, after]
                getattr(action, relation).set(chosen)
        _edited(action.plan)
        audit.record(by=by, action="plan.action_updated", obj=action, data=changes)
    return action


def delete_action(*, by, action):
    """Delete an action; one holding targets is refused, naming them (a target's figure and its
    actuals go with it, so each is deleted on purpose)."""
    _refuse_while_holding(action, "action", "action", "target", "Delete")
    with transaction.atomic():
        plan = action.plan
        audit.record(by=by, action="plan.action_deleted", obj=action, data={"title": action.title})
        action.delete()
        _edited(plan)


# Targets ----------------------------------------------------------------------------------------

def _check_target_values(*, unit, baseline_value, baseline_note, target_value, target_text, direction=None,
                         change_percent=None):
    errors = {}
    if unit in MEASURED_UNITS and baseline_value is None and not (baseline_note or "").strip():
        errors["baseline_value"] = ("Enter a baseline, usually last year's actual, or say why there is none "
                                    "(for example 'New service')")
    if unit == Unit.TEXT and not (target_text or "").strip():
        errors["target_text"] = "Describe the milestone to be reached"
    if unit == Unit.YES_NO and target_value is None:
        errors["target_value"] = "Enter the target"
    if unit in MEASURED_UNITS:
        if target_value is not None and change_percent is not None:
            errors["change_percent"] = "Give the target as a number or as a change on the baseline, not both"
        elif target_value is None and (change_percent is not None or direction != Target.Direction.REACH):
            # a relative or direction-only target is measured from the baseline
            if baseline_value is None and "baseline_value" not in errors:
                errors["baseline_value"] = ("A target without a number is measured from the baseline: enter the "
                                            "baseline as a number")
            if change_percent is not None and direction not in (Target.Direction.INCREASE, Target.Direction.DECREASE):
                errors["direction"] = "A change on the baseline is an increase or a decrease"
            if change_percent is not None and not 0 < change_percent < 1000:
                errors["change_percent"] = "Give the change as a percentage above 0, like 5 for 5%"
        elif target_value is None:
            errors["target_value"] = ("Enter the target, give a change on the baseline, or choose increase, decrease "
                                      "or maintain to be measured from the baseline")
    for field, value in (("baseline_value", baseline_value), ("target_value", target_value)):
        if value is None or field in errors:
            continue
        try:
            figure_actions.check_value(unit, value, "")
        except ValidationError as error:
            errors[field] = error.message_dict["value"]
    if errors:
        raise ValidationError(errors)


def _check_due_on(due_on):
    if due_on is not None and not in_range(due_on):
        raise ValidationError({"due_on": f"The date the target is due must be between {EARLIEST:%-d %B %Y} and "
                                         f"{LATEST:%-d %B %Y}"})


def add_target(*, by, action, measure, unit, direction=Target.Direction.REACH, baseline_value=None,
               baseline_note="", target_value=None, target_text="", due_on=None, definition="", source="",
               figure=None, change_percent=None, counts=""):
    """A target for an action. Its actual is `figure` if given (for example a calculated figure),
    otherwise a new figure entered by hand, owned by the action's organisation, counting `counts`
    (people or events, ADR 65; people if not said)."""
    plan = action.plan
    if unit in (Unit.YES_NO, Unit.TEXT):
        direction, change_percent = Target.Direction.REACH, None
        baseline_value = None if unit == Unit.TEXT else baseline_value
    _check_target_values(unit=unit, baseline_value=baseline_value, baseline_note=baseline_note,
                         target_value=target_value, target_text=target_text, direction=direction,
                         change_percent=change_percent)
    _check_due_on(due_on)
    if figure is not None:
        if figure.partnership_id != plan.partnership_id:
            raise ValidationError({"figure": "Choose one of this partnership's figures"})
        if figure.unit != unit:
            raise ValidationError({"figure": f"{figure.title} is a {figure.get_unit_display().lower()}, "
                                             f"not a {Target.TargetUnit(unit).label.lower()}"})
        if Target.objects.filter(actual=figure).exists():
            raise ValidationError({"figure": f"{figure.title} is already the actual of another target"})
    due_on = due_on or plan.year_period(plan.start_year)[1]
    year = plan.year_of(due_on)
    with transaction.atomic():
        if figure is None:
            period_start, period_end = plan.year_period(year)
            figure = figure_actions.create_figure(
                by=by, partnership=plan.partnership, title=measure,
                name=figure_actions.unique_figure_name(plan.partnership, f"{measure} {year_label(year).replace('/', '-')}"),
                unit=unit, period_start=period_start, period_end=period_end,
                definition=definition.strip() or f"{measure}, {year_label(year)}: the actual for the target of the "
                                                  f"action '{action.title}'.",
                source=source.strip() or f"Reported by {action.owner_organisation}",
                owner_organisation=action.owner_organisation, counts=counts,
            )
        target = Target.objects.create(
            action=action, measure=measure.strip(), unit=unit, direction=direction, baseline_value=baseline_value,
            baseline_note=baseline_note.strip(), target_value=target_value, target_text=target_text.strip(),
            change_percent=change_percent, due_on=due_on, actual=figure,
            position=_next_position(Target.objects.filter(action=action)),
        )
        _edited(plan)
        audit.record(by=by, action="plan.target_added", obj=target, data={
            "measure": target.measure, "unit": unit, "direction": direction, "baseline": baseline_value,
            "baseline_note": baseline_note, "target": target_value, "target_text": target_text,
            "change_percent": change_percent, "figure": figure.pk})
    return target


def update_target(*, by, target, **fields):
    allowed = {"measure", "direction", "baseline_value", "baseline_note", "target_value", "target_text", "due_on",
               "change_percent"}
    if set(fields) - allowed:
        raise ValueError(f"update_target cannot change {set(fields) - allowed}")
    merged = {f: fields.get(f, getattr(target, f)) for f in ("baseline_value", "baseline_note", "target_value",
                                                             "target_text", "direction", "change_percent")}
    _check_target_values(unit=target.unit, **merged)
    _check_due_on(fields.get("due_on"))
    plan = target.action.plan
    year_before = target.year
    if "due_on" in fields and fields["due_on"] and plan.year_of(fields["due_on"]) != year_before \
            and target.milestones.exists():
        raise ValidationError({"due_on": f"The target has milestones within {target.year_label}: remove them "
                                         "before moving it to another year"})
    with transaction.atomic():
        changes = field_changes(target, fields)
        for field, value in fields.items():
            setattr(target, field, value.strip() if isinstance(value, str) else value)
        target.save()
        figure = target.actual
        if target.year != year_before and figure.kind == Figure.Kind.MANUAL and \
                (figure.period_start, figure.period_end) == plan.year_period(year_before):
            # a yearly target moved to another year of the plan: its actual is for that year now
            start, end = plan.year_period(target.year)
            figure_actions.update_figure(by=by, figure=figure, period_start=start, period_end=end)
        _edited(plan)
        audit.record(by=by, action="plan.target_updated", obj=target, data=changes)
    return target


def delete_target(*, by, target):
    figure = target.actual
    named_in = queries.sections_naming(figure)
    with transaction.atomic():
        plan = target.action.plan
        audit.record(by=by, action="plan.target_deleted", obj=target, partnership=plan.partnership,
                     data={"measure": target.measure, "figure": figure.pk})
        milestone_figures = [m.actual for m in target.milestones.select_related("actual")]
        target.delete()
        for milestone_figure in milestone_figures:
            audit.record(by=by, action="figure.deleted", obj=milestone_figure, data={"name": milestone_figure.name})
            milestone_figure.delete()
        if not named_in:
            # The figure existed only as this target's actual; its history goes with it (the
            # audit log keeps every value it had).
            audit.record(by=by, action="figure.deleted", obj=figure, data={"name": figure.name})
            figure.delete()
        _edited(plan)


def record_actual(*, by, target, value=None, text_value="", milestone_met=None, evidence, via="manual"):
    """Record what a target reached. A milestone described in words also needs the judgement
    whether it was met."""
    figure = target.actual
    if figure.kind == Figure.Kind.COMPUTED:
        raise ValidationError(f"The actual of this target is the calculated figure {figure.title}; recalculate it instead")
    if target.unit == Unit.TEXT and milestone_met is None:
        raise ValidationError({"milestone_met": "Say whether the milestone was met"})
    with transaction.atomic():
        figure_actions.record_value(by=by, figure=figure, value=value, text_value=text_value, evidence=evidence, via=via)
        if target.unit == Unit.TEXT:
            target.milestone_met = milestone_met
            target.save(update_fields=["milestone_met"])
        audit.record(by=by, action="plan.actual_recorded", obj=target,
                     data={"figure": figure.pk, "milestone_met": milestone_met})
    target.actual.refresh_from_db()
    return target


# Milestones within a target's year ----------------------------------------------------------------

def quarter_ends(plan, year):
    """The last day of each quarter of the plan year starting in `year`."""
    start = plan.year_period(year)[0]
    return [add_days(add_months(start, 3 * n), -1) for n in (1, 2, 3, 4)]


def _check_milestone_aim(target, due_on, aim):
    where = f"{due_on:%-d %B %Y}"
    if target.unit == Unit.TEXT:
        if not str(aim).strip():
            raise ValidationError({f"by-{due_on}": f"Describe the milestone to reach by {where}"})
        return None, str(aim).strip()
    try:
        figure_actions.check_value(target.unit, aim, "")
    except ValidationError as error:
        raise ValidationError({f"by-{due_on}": f"By {where}: {' '.join(error.message_dict['value'])}"}) from None
    return Decimal(aim), ""


def set_milestones(*, by, target, aims):
    """Set the target's milestones within its year: `aims` maps each date to its aim (a number, or
    words for a milestone in words); None removes the milestone of that date, refused once it has an
    actual. Each milestone's actual is a new figure for the year so far, to its date. All or nothing."""
    plan = target.action.plan
    year_start, year_end = plan.year_period(target.year)
    existing = {m.due_on: m for m in target.milestones.select_related("actual")}
    errors = {}
    for due_on, aim in aims.items():
        if not year_start <= due_on <= year_end:
            errors[f"by-{due_on}"] = (f"{due_on:%-d %B %Y} is not in the target's year, {target.year_label}: a "
                                   f"milestone is a step within it")
        elif aim is None and due_on in existing and existing[due_on].actual.has_value:
            errors[f"by-{due_on}"] = (f"The milestone of {due_on:%-d %B %Y} has its actual recorded, so it stays; "
                                   "change its aim instead")
        elif aim is not None:
            try:
                _check_milestone_aim(target, due_on, aim)
            except ValidationError as error:
                errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    owner = target.actual.owner_organisation or target.action.owner_organisation
    with transaction.atomic():
        for due_on, aim in sorted(aims.items()):
            milestone = existing.get(due_on)
            if aim is None:
                if milestone is not None:
                    figure = milestone.actual
                    audit.record(by=by, action="plan.milestone_removed", obj=milestone, partnership=plan.partnership,
                                 data={"target": target.pk, "due_on": due_on})
                    milestone.delete()
                    figure.delete()
                continue
            value, text = _check_milestone_aim(target, due_on, aim)
            if milestone is None:
                figure = figure_actions.create_figure(
                    by=by, partnership=plan.partnership, title=f"{target.measure}, {target.year_label} to "
                                                               f"{due_on:%-d %B %Y}",
                    name=figure_actions.unique_figure_name(plan.partnership, f"{target.actual.name} to {due_on}"),
                    unit=target.unit, period_start=year_start, period_end=due_on, owner_organisation=owner,
                    definition=f"{target.measure}, from the start of {target.year_label} to {due_on:%-d %B %Y}: the "
                               f"actual for the milestone of the target '{target.measure}' (action '{target.action.title}').",
                    source=target.actual.source)
                milestone = Milestone.objects.create(target=target, due_on=due_on, target_value=value,
                                                     target_text=text, actual=figure)
                audit.record(by=by, action="plan.milestone_set", obj=milestone, partnership=plan.partnership,
                             data={"target": target.pk, "due_on": due_on, "aim": value, "aim_text": text})
            elif (milestone.target_value, milestone.target_text) != (value, text):
                changes = field_changes(milestone, {"target_value": value, "target_text": text})
                milestone.target_value, milestone.target_text = value, text
                milestone.save(update_fields=["target_value", "target_text"])
                audit.record(by=by, action="plan.milestone_changed", obj=milestone, partnership=plan.partnership,
                             data=changes)
        _edited(plan)
    return list(target.milestones.select_related("actual"))


def record_milestone_actual(*, by, milestone, value=None, text_value="", milestone_met=None, evidence,
                            via="manual"):
    """Record what a milestone reached by its date (the year so far)."""
    if milestone.unit == Unit.TEXT and milestone_met is None:
        raise ValidationError({"milestone_met": "Say whether the milestone was met"})
    with transaction.atomic():
        figure_actions.record_value(by=by, figure=milestone.actual, value=value, text_value=text_value,
                                    evidence=evidence, via=via)
        if milestone.unit == Unit.TEXT:
            milestone.milestone_met = milestone_met
            milestone.save(update_fields=["milestone_met"])
        audit.record(by=by, action="plan.milestone_actual_recorded", obj=milestone,
                     partnership=milestone.target.action.plan.partnership,
                     data={"figure": milestone.actual_id, "milestone_met": milestone_met})
    milestone.actual.refresh_from_db()
    return milestone


# Narrative --------------------------------------------------------------------------------------

def save_section(*, by, section, body):
    body = body.replace("\r\n", "\n").strip()
    unclosed = body.count("[[") - len(FIGURE_TOKEN.findall(body))
    if unclosed > 0:
        raise ValidationError({"body": "A figure name is not written in full: write it as [[figure-name]], "
                                       "with two square brackets on each side"})
    misplaced = block_problems(body)
    if misplaced:
        raise ValidationError({"body": misplaced})
    names = figure_names_in(body)
    known = set(Figure.objects.filter(partnership=section.plan.partnership, name__in=names).values_list("name", flat=True))
    unknown = sorted(names - known)
    if unknown:
        listed = ", ".join(f"[[{n}]]" for n in unknown)
        raise ValidationError({"body": f"The text names {listed}, but there is no figure with "
                                       f"{'that name' if len(unknown) == 1 else 'those names'}. "
                                       "Check the spelling against the list of figures, or add the figure first."})
    with transaction.atomic():
        section.body = body
        section.save(update_fields=["body"])
        _edited(section.plan)
        audit.record(by=by, action="plan.section_saved", obj=section, data={"kind": section.kind, "figures": sorted(names)})
    return section


# Carry-over -------------------------------------------------------------------------------------

def carry_over_action(*, by, action, to_plan, priority=None):
    """Continue an unfinished action in the next plan, under `priority` (one of that plan's), or if
    none is given under the priority titled as its old one, made when there is none. Its targets
    come too, with last year's actual as the new baseline where there is one."""
    if to_plan.partnership_id != action.plan.partnership_id or to_plan.start_year != action.plan.last_year + 1:
        raise ValidationError("An action can only be carried over into the next year's plan")
    if action.status == Action.Status.COMPLETE:
        raise ValidationError(f"{action.title} is complete; there is nothing to carry over")
    if Action.objects.filter(carried_from=action).exists():
        raise ValidationError(f"{action.title} has already been carried over")
    if priority is not None and priority.plan_id != to_plan.pk:
        raise ValidationError({"priority": f"Choose one of the priorities of {to_plan.label}"})
    with transaction.atomic():
        priority = priority or queries.matching_priority(to_plan, action.priority.title)
        if priority is None:
            priority = add_item(by=by, plan=to_plan, kind="priority", title=action.priority.title.strip(),
                                description=action.priority.description, working_group=action.priority.working_group)
        new = Action.objects.create(
            plan=to_plan, priority=priority, title=action.title, owner_organisation=action.owner_organisation,
            status=Action.Status.NOT_STARTED, carried_from=action,
            position=_next_position(Action.objects.filter(plan=to_plan, priority=priority)),
        )
        new.other_leads.set(action.other_leads.all())
        new.delivery_partners.set(action.delivery_partners.all())
        for target in action.targets.select_related("actual"):
            previous_actual = target.actual.value if target.unit in MEASURED_UNITS else None
            add_target(
                by=by, action=new, measure=target.measure, unit=target.unit, direction=target.direction,
                baseline_value=previous_actual if previous_actual is not None else target.baseline_value,
                baseline_note="" if previous_actual is not None else target.baseline_note,
                target_value=target.target_value, target_text=target.target_text,
                source=target.actual.source,
            )
        action.status = Action.Status.CARRIED_OVER
        action.save(update_fields=["status"])
        _edited(action.plan)
        _edited(to_plan)
        audit.record(by=by, action="plan.action_carried_over", obj=action, data={"to": new.pk, "to_plan": to_plan.pk})
    return new


def carry_over(*, by, plan, choices):
    """Carry last year's actions into `plan` in one go: `choices` maps each action to carry to the
    priority of `plan` it goes under (None: the priority titled as its old one, made if missing).
    All or nothing. Returns the new actions."""
    if queries.previous_plan(plan) is None:
        raise ValidationError(f"There is no {year_label(plan.start_year - 1)} plan to carry actions over from")
    with transaction.atomic():
        return [carry_over_action(by=by, action=action, to_plan=plan, priority=priority)
                for action, priority in choices.items()]


def carry_over_unfinished(*, by, plan):
    """Carry every action of last year's plan that is neither complete nor carried already into
    `plan`, each under the priority of the same title (carry_over refuses when there is no last year)."""
    offered = [c for c in queries.carry_over_candidates(plan) if not c.reason]
    return carry_over(by=by, plan=plan, choices={c.action: c.priority for c in offered})


# Approval and publication ---------------------------------------------------------------------------

def approve_plan(*, by, plan):
    with transaction.atomic():
        plan = PlanYear.objects.select_for_update().get(pk=plan.pk)
        if plan.approved_at is not None:
            raise ValidationError("This version of the plan is already approved")
        plan.approved_at = timezone.now()
        plan.approved_by = by
        plan.save(update_fields=["approved_at", "approved_by"])
        audit.record(by=by, action="plan.approved", obj=plan, data={"edited_at": plan.edited_at})
    return plan


_publication_checks = []


def publication_check(function):
    """Register function(plan) -> list of Gap: a rule of an app above plans that must hold before the
    plan is published (an equality impact assessment per priority, say), from its `plan_uses` module."""
    _publication_checks.append(function)
    return function


def publication_gaps(plan, *, public=False):
    """Everything that stops the plan being published now, each with who must put it right; and the
    document (`public`: as it would be published, under the disclosure rule, ADR 65)."""
    document, gaps = plan_document(plan, public=public)
    for check in _publication_checks:
        gaps.extend(check(plan))
    if plan.approved_at is None:
        gaps.insert(0, Gap("The plan has not been approved since it was last changed", owner="Partnership board"))
    return document, gaps


def _figure_notes(value):
    """Every figure note entry in a document (the dicts themselves, to be changed in place)."""
    if isinstance(value, dict):
        if value.get("type") == "figure_notes":
            return list(value["entries"])
        return [entry for item in value.values() for entry in _figure_notes(item)]
    if isinstance(value, list):
        return [entry for item in value for entry in _figure_notes(item)]
    return []


def _keep_figures(plan, document, *, number, published_at):
    """Keep every figure the document prints as it prints it, with the records it counted (ADR 69),
    and link each figure note to its public page "how this was counted"."""
    entries = _figure_notes(document)
    figures = figures_named(plan.partnership, [entry["name"] for entry in entries])
    version_url = reverse("published:version", args=[plan.partnership.slug, plan.start_year, number])
    kept = []
    for entry in entries:
        published = recount.keep(
            figure=figures[entry["name"]], shown=entry["value"], withheld=bool(entry.get("withheld")),
            recorded=entry.get("recorded", ""), publication=f"{plan.title}, version {number}",
            publication_url=version_url, published_at=published_at)
        published.save()
        # The path: the page links it as it is, the PDF and DOCX print it after the site's address.
        entry["how_counted"] = reverse("published:how_counted", args=[plan.partnership.slug, published.pk])
        kept.append(published)
    return kept


def publish_plan(*, by, plan, in_background=True):
    """Freeze the plan into a new published version, public at once, and queue the job that makes
    its PDF, large-print PDF and DOCX (docs/adr/0054); `version.documents_job` is that job.
    `in_background=False` makes them before returning instead (the demo, which runs no worker).

    Calculated figures are brought up to date first, so the document carries today's values.
    Refused, with every gap listed, while anything is missing or the plan is not approved."""
    figure_actions.recalculate_all(by=by, partnership=plan.partnership)
    plan = PlanYear.objects.select_related("partnership").get(pk=plan.pk)
    # The version frozen holds only what the partnership's disclosure rule lets out (ADR 65): no
    # small count of people is in the stored document, and so none in its files.
    document, gaps = publication_gaps(plan, public=True)
    if gaps:
        raise PublicationRefused(gaps)
    published_at = timezone.now()
    number = (PublishedVersion.objects.filter(plan=plan).aggregate(m=Max("number"))["m"] or 0) + 1
    document["version"] = {"number": number, "published_at": published_at.isoformat(),
                           "published_on": timezone.localtime(published_at).strftime("%-d %B %Y")}
    job = None
    with transaction.atomic():
        locked = PlanYear.objects.select_for_update().get(pk=plan.pk)
        latest = PublishedVersion.objects.filter(plan=plan).aggregate(m=Max("number"))["m"] or 0
        if locked.edited_at != plan.edited_at or locked.approved_at is None or latest + 1 != number:
            raise ValidationError("The plan changed while it was being published. Check it and publish again.")
        # The files live in PublishedDocument rows, each written once whole; these columns hold the
        # files only of versions published before ADR 54.
        kept = _keep_figures(plan, document, number=number, published_at=published_at)
        version = PublishedVersion.objects.create(
            plan=plan, number=number, published_at=published_at, published_by=by, document=document,
            pdf=b"", large_print_pdf=b"", docx=b"",
        )
        audit.record(by=by, action="plan.published", obj=version, partnership=plan.partnership,
                     data={"plan": plan.pk, "number": number, "figures": sorted(k.pk for k in kept)})
        if in_background:
            job = job_actions.enqueue(by=by, kind=plan_jobs.BUILD_DOCUMENTS, params={"version": version.pk},
                                      partnership=plan.partnership)
    if not in_background:
        publishing.build_documents(version)
    version.documents_job = job
    return version
