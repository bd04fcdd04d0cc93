"""Every change to funds, projects, returns and evaluations: checked, then written in one
transaction with its audit event. Money is Decimal pounds and pence throughout (ADR 59)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.core.formatting import Unit, format_value
from eunomia.core.periods import year_containing
from eunomia.partners.queries import seats_in
from eunomia.plans.models import Action, Objective, Priority
from eunomia.projects import figures as review_figures
from eunomia.projects.models import (PENNY, PERIOD_MONTHS, Allocation, BudgetLine, Evaluation, Fund, Project,
                                     ProjectDocument, ProjectMeasure, Return, ReturnDecision, ReturnValue)
from eunomia.projects.periods import period_starting, years_of

# The largest amount a fund, allocation, budget line or return may hold: £999,999,999,999.99.
MAX_MONEY = Decimal("999999999999.99")
# Agreements and contracts: the formats a partnership files them in, up to 10 MB.
DOCUMENT_TYPES = {".pdf": "application/pdf",
                  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  ".odt": "application/vnd.oasis.opendocument.text"}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def money(value, field, what):
    """`value` as exact pounds and pence, or a ValidationError on `field` saying what is wrong."""
    if isinstance(value, float):
        raise TypeError("Money is never a float: pass a Decimal or a string")
    try:
        amount = Decimal(str(value).strip().replace(",", "").lstrip("£"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"Enter {what} in pounds and pence, like 1250.50"}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"Enter {what} in pounds and pence, like 1250.50"})
    # Before rounding: 1e30 to the penny has more digits than Decimal's arithmetic holds.
    if abs(amount) > MAX_MONEY:
        raise ValidationError({field: f"{what[0].upper()}{what[1:]} is too large"})
    if amount != amount.quantize(PENNY):
        raise ValidationError({field: f"Enter {what} to the penny at most, like 1250.50"})
    return amount.quantize(PENNY)


def whole_number(value):
    """`value` (a count typed as people write it: " 1,234 ") as a Decimal, or None if it is not a
    finite number; whether it is whole and not negative is the caller's to say."""
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def pounds(amount):
    return format_value(Unit.MONEY, amount)


def _text(value):
    return (value or "").strip()


def _member(partnership, organisation):
    return seats_in(partnership).filter(organisation=organisation).exists()


def _audit_money(data):
    return {key: str(value) if isinstance(value, Decimal) else value for key, value in data.items()}


# Funds ----------------------------------------------------------------------------------------

def allocated_from(fund):
    return Allocation.objects.filter(fund=fund).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def create_fund(*, by, partnership, funder, name, start_year, amount, conditions="", schedule="quarterly",
                return_due_days=30, reference=""):
    amount = money(amount, "amount", "the amount")
    if amount <= 0:
        raise ValidationError({"amount": "A fund's amount must be more than £0.00"})
    if not _text(name):
        raise ValidationError({"name": "Enter the fund's name"})
    if Fund.objects.filter(partnership=partnership, name=_text(name), start_year=start_year).exists():
        raise ValidationError({"name": f"The partnership already has a fund called {_text(name)} for that year"})
    with transaction.atomic():
        fund = Fund.objects.create(partnership=partnership, funder=funder, name=_text(name), start_year=start_year,
                                   amount=amount, conditions=_text(conditions), schedule=schedule,
                                   return_due_days=return_due_days, reference=_text(reference), created_by=by)
        audit.record(by=by, action="projects.fund_created", obj=fund, partnership=partnership,
                     data=_audit_money({"funder": funder.pk, "amount": amount, "year": start_year}))
        review_figures.sync_fund(fund)
    return fund


def update_fund(*, by, fund, **fields):
    """Change a fund. Its amount may not fall below what is already allocated from it."""
    if "amount" in fields:
        fields["amount"] = money(fields["amount"], "amount", "the amount")
        if fields["amount"] <= 0:
            raise ValidationError({"amount": "A fund's amount must be more than £0.00"})
    if "name" in fields or "start_year" in fields:
        name, year = _text(fields.get("name", fund.name)), fields.get("start_year", fund.start_year)
        if not name:
            raise ValidationError({"name": "Enter the fund's name"})
        if Fund.objects.filter(partnership=fund.partnership, name=name, start_year=year).exclude(pk=fund.pk).exists():
            raise ValidationError({"name": f"The partnership already has a fund called {name} for that year"})
    with transaction.atomic():
        fund = Fund.objects.select_for_update().get(pk=fund.pk)
        if "amount" in fields:
            allocated = allocated_from(fund)
            if fields["amount"] < allocated:
                raise ValidationError({"amount": f"{pounds(allocated)} of {fund} is already allocated to projects: "
                                                 f"the fund cannot be less than that"})
        changes = {}
        for name, value in fields.items():
            value = _text(value) if isinstance(value, str) else value
            if getattr(fund, name) != value:
                changes[name] = {"before": getattr(fund, name), "after": value}
                setattr(fund, name, value)
        if changes:
            fund.save()
            audit.record(by=by, action="projects.fund_updated", obj=fund, partnership=fund.partnership,
                         data={k: _audit_money(v) for k, v in changes.items()})
            review_figures.sync_fund(fund)
    return fund


def allocate(*, by, fund, project, amount, made_on, note=""):
    """Give `amount` of `fund` to `project`. Refused when the fund has less than that left."""
    amount = money(amount, "amount", "the amount")
    if amount <= 0:
        raise ValidationError({"amount": "An allocation must be more than £0.00"})
    if fund.partnership_id != project.partnership_id:
        raise ValidationError({"fund": "Choose one of this partnership's funds"})
    with transaction.atomic():
        # Locking the fund's row makes two allocations from it take turns: neither can spend what
        # the other has just taken.
        fund = Fund.objects.select_for_update().select_related("partnership").get(pk=fund.pk)
        left = fund.amount - allocated_from(fund)
        if amount > left:
            raise ValidationError({"amount": f"{fund} has {pounds(left)} left to allocate, and "
                                             f"{pounds(amount)} was asked for {project}"})
        allocation = Allocation.objects.create(fund=fund, project=project, amount=amount, made_on=made_on,
                                               note=_text(note), created_by=by)
        _follow_fund_schedule(project)
        audit.record(by=by, action="projects.allocated", obj=allocation, partnership=fund.partnership,
                     data=_audit_money({"fund": fund.pk, "project": project.pk, "amount": amount,
                                        "left_after": left - amount}))
        review_figures.sync_project(project)
        review_figures.sync_fund(fund)
    return allocation


def _follow_fund_schedule(project):
    """A project with no return yet reports as often as the most demanding of its funds asks."""
    if project.returns.exists():
        return
    funds = Fund.objects.filter(allocations__project=project).distinct()
    schedule = min((f.schedule for f in funds), key=lambda s: PERIOD_MONTHS[s], default=project.schedule)
    due_days = min((f.return_due_days for f in funds), default=project.return_due_days)
    if (schedule, due_days) != (project.schedule, project.return_due_days):
        Project.objects.filter(pk=project.pk).update(schedule=schedule, return_due_days=due_days)
        project.schedule, project.return_due_days = schedule, due_days


def remove_allocation(*, by, allocation):
    with transaction.atomic():
        Fund.objects.select_for_update().get(pk=allocation.fund_id)
        audit.record(by=by, action="projects.allocation_removed", obj=allocation,
                     partnership=allocation.project.partnership,
                     data=_audit_money({"fund": allocation.fund_id, "project": allocation.project_id,
                                        "amount": allocation.amount}))
        allocation.delete()
        review_figures.sync_project(allocation.project)
        review_figures.sync_fund(allocation.fund)


# Projects -------------------------------------------------------------------------------------

PROJECT_FIELDS = ("title", "description", "status", "owner_organisation", "lead_organisation", "lead_role",
                  "start_on", "end_on", "schedule", "return_due_days")


def _check_project(partnership, fields, *, project=None):
    errors = {}
    title = _text(fields.get("title"))
    if not title:
        errors["title"] = "Enter the project's name"
    elif Project.objects.filter(partnership=partnership, title=title).exclude(pk=getattr(project, "pk", None)).exists():
        errors["title"] = f"The partnership already has a project called {title}"
    lead = fields.get("lead_organisation")
    if lead is not None and not _member(partnership, lead):
        errors["lead_organisation"] = f"{lead} is not a member of {partnership}: the lead must be a member organisation"
    start, end = fields.get("start_on"), fields.get("end_on")
    if start and end and end < start:
        errors["end_on"] = "The project must end on or after the day it starts"
    if project is not None and start and end:
        outside = project.returns.exclude(period_start__gte=start, period_end__lte=end)
        if outside.exists():
            first = outside.first()
            errors["start_on"] = (f"The project has a return for {first.period_label}, outside those dates: "
                                  f"keep the dates around every return")
    if errors:
        raise ValidationError(errors)


def _plan_links(partnership, priorities, objectives, actions):
    for items, model, field in ((priorities, Priority, "priorities"), (objectives, Objective, "objectives"),
                                (actions, Action, "actions")):
        if any(item.plan.partnership_id != partnership.pk for item in items):
            raise ValidationError({field: "Choose from this partnership's plans"})


def create_project(*, by, partnership, title, owner_organisation, lead_organisation, start_on, end_on,
                   description="", status=Project.Status.PLANNED, lead_role="", schedule="quarterly",
                   return_due_days=30, priorities=(), objectives=(), actions=()):
    fields = {"title": title, "lead_organisation": lead_organisation, "start_on": start_on, "end_on": end_on}
    _check_project(partnership, fields)
    _plan_links(partnership, priorities, objectives, actions)
    with transaction.atomic():
        project = Project.objects.create(
            partnership=partnership, title=_text(title), description=_text(description), status=status,
            owner_organisation=owner_organisation, lead_organisation=lead_organisation, lead_role=_text(lead_role),
            start_on=start_on, end_on=end_on, schedule=schedule, return_due_days=return_due_days, created_by=by)
        project.priorities.set(priorities)
        project.objectives.set(objectives)
        project.actions.set(actions)
        audit.record(by=by, action="projects.project_created", obj=project, partnership=partnership,
                     data={"provider": owner_organisation.pk, "start_on": start_on, "end_on": end_on})
        review_figures.sync_project(project)
    return project


def update_project(*, by, project, priorities=None, objectives=None, actions=None, **fields):
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"Projects have no field {', '.join(sorted(unknown))}")
    merged = {name: getattr(project, name) for name in PROJECT_FIELDS} | fields
    _check_project(project.partnership, merged, project=project)
    _plan_links(project.partnership, priorities or (), objectives or (), actions or ())
    if ("owner_organisation" in fields and fields["owner_organisation"] != project.owner_organisation
            and project.returns.exclude(status=Return.Status.ACCEPTED).exists()):
        raise ValidationError({"owner_organisation": "The provider has returns in progress: decide them before "
                                                     "the project changes provider"})
    # Its returns are for the periods the schedule cut: a new schedule would leave them matching none.
    if "schedule" in fields and fields["schedule"] != project.schedule and project.returns.exists():
        raise ValidationError({"schedule": "The project already has returns for its reporting periods: its "
                                           "schedule cannot change now"})
    with transaction.atomic():
        changes = {}
        for name, value in fields.items():
            value = _text(value) if isinstance(value, str) else value
            if getattr(project, name) != value:
                changes[name] = {"before": str(getattr(project, name)), "after": str(value)}
                setattr(project, name, value)
        project.save()
        for name, items in (("priorities", priorities), ("objectives", objectives), ("actions", actions)):
            if items is not None:
                before = set(getattr(project, name).values_list("pk", flat=True))
                if before != {i.pk for i in items}:
                    changes[name] = {"before": sorted(before), "after": sorted(i.pk for i in items)}
                    getattr(project, name).set(items)
        if changes:
            audit.record(by=by, action="projects.project_updated", obj=project, partnership=project.partnership,
                         data=changes)
        review_figures.sync_project(project)
    return project


def add_budget_line(*, by, project, start_year, heading, amount):
    amount = money(amount, "amount", "the amount")
    if amount <= 0:
        raise ValidationError({"amount": "A budget line must be more than £0.00"})
    if not _text(heading):
        raise ValidationError({"heading": "Say what the money is for, like Staff or Venue hire"})
    if start_year not in years_of(project):
        raise ValidationError({"start_year": "Choose a year the project runs in"})
    if project.budget_lines.filter(start_year=start_year, heading=_text(heading)).exists():
        raise ValidationError({"heading": "The project already has a budget line with that heading for that year"})
    with transaction.atomic():
        line = BudgetLine.objects.create(project=project, start_year=start_year, heading=_text(heading), amount=amount)
        audit.record(by=by, action="projects.budget_line_added", obj=line, partnership=project.partnership,
                     data=_audit_money({"project": project.pk, "year": start_year, "amount": amount}))
        review_figures.sync_project(project)
    return line


def remove_budget_line(*, by, line):
    with transaction.atomic():
        audit.record(by=by, action="projects.budget_line_removed", obj=line, partnership=line.project.partnership,
                     data=_audit_money({"project": line.project_id, "amount": line.amount}))
        line.delete()
        review_figures.sync_project(line.project)


def add_measure(*, by, project, kind, name, annual_target):
    if not _text(name):
        raise ValidationError({"name": "Say what is counted, like Sessions held"})
    if project.measures.filter(name=_text(name)).exists():
        raise ValidationError({"name": f"The project already counts {_text(name)}"})
    target = whole_number(annual_target)
    if target is None:
        raise ValidationError({"annual_target": "Enter the target as a whole number, like 40"})
    if target < 0 or target != target.to_integral_value() or target >= Decimal("1e12"):
        raise ValidationError({"annual_target": "Enter the target as a whole number, 0 or more"})
    with transaction.atomic():
        position = project.measures.count()
        measure = ProjectMeasure.objects.create(project=project, kind=kind, name=_text(name), annual_target=target,
                                                position=position)
        audit.record(by=by, action="projects.measure_added", obj=measure, partnership=project.partnership,
                     data={"project": project.pk, "kind": kind, "target": str(target)})
        review_figures.sync_project(project)
    return measure


def remove_measure(*, by, measure):
    if measure.values.exists():
        raise ValidationError(f"Returns already count {measure.name}: it cannot be removed")
    project = measure.project
    with transaction.atomic():
        review_figures.drop_measure(measure)
        audit.record(by=by, action="projects.measure_removed", obj=measure, partnership=project.partnership,
                     data={"project": project.pk})
        measure.delete()
    return project


# Returns --------------------------------------------------------------------------------------

OPEN = (Return.Status.DRAFT, Return.Status.SENT_BACK)


def save_return(*, by, project, period_start, spend=None, values=None, narrative="", submit=False, today=None):
    """Keep the provider's return for a period as a draft, or submit it (`submit=True`).

    A return may be edited while it is a draft or has been sent back; once submitted it waits for
    the CSP manager. Submitting needs the period to have ended, the spend and every measure's count.
    `values` maps each of the project's measures to its count (None for not yet known)."""
    today = today or timezone.localdate()
    period = period_starting(project, period_start)
    if period is None:
        raise ValidationError({"period_start": "Choose one of the project's reporting periods"})
    if today < period.start:
        raise ValidationError({"period_start": f"The period {period.label} starts on {period.start:%-d %B %Y}: its "
                                               f"return can be written from that day"})
    values = dict(values or {})
    errors = {}
    if spend not in (None, ""):
        try:
            spend = money(spend, "spend", "the spend")
        except ValidationError as error:
            errors.update(error.message_dict)
        else:
            if spend < 0:
                errors["spend"] = "Spend cannot be less than £0.00"
    else:
        spend = None
    measures = list(project.measures.all())
    counted = {}
    for measure in measures:
        value = values.get(measure)
        if value in (None, ""):
            continue
        value = whole_number(value)
        if value is None:
            errors[f"measure_{measure.pk}"] = f"Enter {measure.name} as a whole number, like 12"
            continue
        if value < 0 or value != value.to_integral_value() or value >= Decimal("1e12"):
            errors[f"measure_{measure.pk}"] = f"Enter {measure.name} as a whole number, 0 or more"
            continue
        counted[measure] = value
    if submit:
        if today < period.end:
            errors["__all__"] = (f"The period {period.label} ends on {period.end:%-d %B %Y}: the return can be "
                                 f"submitted from that day. Save it as a draft until then.")
        if spend is None and "spend" not in errors:
            errors["spend"] = "Enter the spend for the period (0 if nothing was spent)"
        for measure in measures:
            if measure not in counted and f"measure_{measure.pk}" not in errors:
                errors[f"measure_{measure.pk}"] = f"Enter {measure.name} for the period (0 if none)"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = Return.objects.select_for_update().filter(project=project, period_start=period.start).first()
        if existing is not None and existing.status not in OPEN:
            raise ValidationError(f"The return for {period.label} is {existing.get_status_display().lower()}: "
                                  f"it can no longer be changed")
        record = existing or Return(project=project, period_start=period.start, period_end=period.end)
        record.period_end = period.end
        record.spend = spend
        record.narrative = _text(narrative)
        record.saved_at = timezone.now()
        record.saved_by = by
        record.status = Return.Status.SUBMITTED if submit else (record.status if existing else Return.Status.DRAFT)
        if submit:
            record.submitted_at = record.saved_at
        record.save()
        ReturnValue.objects.filter(return_record=record).exclude(measure__in=list(counted)).delete()
        for measure, value in counted.items():
            ReturnValue.objects.update_or_create(return_record=record, measure=measure, defaults={"value": value})
        audit.record(by=by, action="projects.return_submitted" if submit else "projects.return_saved", obj=record,
                     partnership=project.partnership,
                     data={"project": project.pk, "period": period.label,
                           "spend": None if spend is None else str(spend),
                           "values": {str(m.pk): str(v) for m, v in counted.items()}})
    return record


def accept_return(*, by, record):
    return _decide(by=by, record=record, decision=ReturnDecision.Decision.ACCEPTED, reasons="")


def send_back(*, by, record, reasons):
    if not _text(reasons):
        raise ValidationError({"reasons": "Say what the provider must put right"})
    return _decide(by=by, record=record, decision=ReturnDecision.Decision.SENT_BACK, reasons=_text(reasons))


def _decide(*, by, record, decision, reasons):
    with transaction.atomic():
        record = Return.objects.select_for_update().select_related("project__partnership").get(pk=record.pk)
        if record.status != Return.Status.SUBMITTED:
            raise ValidationError(f"The return is {record.get_status_display().lower()}: only a submitted return "
                                  f"can be accepted or sent back")
        record.status = Return.Status.ACCEPTED if decision == ReturnDecision.Decision.ACCEPTED \
            else Return.Status.SENT_BACK
        record.save(update_fields=["status"])
        ReturnDecision.objects.create(return_record=record, decision=decision, reasons=reasons,
                                      decided_at=timezone.now(), decided_by=by)
        audit.record(by=by, action=f"projects.return_{decision}", obj=record, partnership=record.project.partnership,
                     data={"project": record.project_id, "reasons": reasons})
        if decision == ReturnDecision.Decision.ACCEPTED:
            start_year = year_containing(record.period_start, record.project.partnership.year_start_month)
            review_figures.recalculate_project(record.project, by=by, start_year=start_year)
    return record


# Evaluations and documents -----------------------------------------------------------------------

def record_evaluation(*, by, project, evaluated_on, method, findings, recommendation, today=None):
    today = today or timezone.localdate()
    errors = {}
    if evaluated_on > today:
        errors["evaluated_on"] = "The evaluation's date cannot be in the future"
    if not _text(method):
        errors["method"] = "Say how the project was evaluated, like Survey of participants and police data"
    if not _text(findings):
        errors["findings"] = "Say what the evaluation found"
    if recommendation not in Evaluation.Recommendation.values:
        errors["recommendation"] = "Choose continue, change or stop"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        evaluation = Evaluation.objects.create(project=project, evaluated_on=evaluated_on, method=_text(method),
                                               findings=_text(findings), recommendation=recommendation,
                                               recorded_by=by)
        audit.record(by=by, action="projects.evaluation_recorded", obj=evaluation, partnership=project.partnership,
                     data={"project": project.pk, "recommendation": recommendation})
    return evaluation


def attach_document(*, by, project, title, filename, content):
    """Keep a grant agreement or contract with the project. `content` is the file's bytes."""
    name = (filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    errors = {}
    if suffix not in DOCUMENT_TYPES:
        errors["file"] = "Attach the agreement as a PDF, Word (.docx) or OpenDocument (.odt) file"
    elif not content:
        errors["file"] = "The file is empty"
    elif len(content) > MAX_DOCUMENT_BYTES:
        errors["file"] = "The file is larger than 10 MB"
    elif suffix == ".pdf" and not content.startswith(b"%PDF-"):
        errors["file"] = "The file is named .pdf but is not a PDF"
    elif suffix in (".docx", ".odt") and not content.startswith(b"PK\x03\x04"):
        errors["file"] = f"The file is named {suffix} but is not a {suffix[1:].upper()} document"
    if not _text(title):
        errors["title"] = "Give the document a title, like Grant agreement 2025/26"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        document = ProjectDocument.objects.create(
            project=project, title=_text(title)[:200], filename=name[:200], content_type=DOCUMENT_TYPES[suffix],
            size=len(content), content=content, uploaded_at=timezone.now(), uploaded_by=by)
        audit.record(by=by, action="projects.document_attached", obj=document, partnership=project.partnership,
                     data={"project": project.pk, "filename": document.filename, "bytes": len(content)})
    return document
