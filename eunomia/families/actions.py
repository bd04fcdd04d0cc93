"""Writes of Family Focus: each checked in plain words (a ValidationError naming the field), written
and audited in one transaction. Callers find the records through eunomia.families.queries and check
the permission (CASE_EDIT and the family's lead organisation to change a family; FAMILY_MANAGE to
override eligibility, change rule sets and approve claims; CLAIM_VERIFY to record spot checks)."""

import json
import random
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.casework.models import CaseParty, ReportPerson
from eunomia.families import assess, queries
from eunomia.families import rules as rule_documents
from eunomia.families.models import (Claim, ClaimLine, Fact, Family, FamilyMember, FamilyShare, Goal, PlanAction,
                                     ProblemEvidence, Relationship, Review, RuleSet, SpotCheck, Support)

NUMBERED_FACTS = {Fact.Kind.FIXED_TERM_EXCLUSIONS, Fact.Kind.UNAUTHORISED_ABSENCE, Fact.Kind.YOUTH_OFFENCE}


def _day(value):
    return f"{value:%-d %B %Y}"


def _not_future(day, field, what, today=None):
    if day is None:
        raise ValidationError({field: f"Enter {what}"})
    if day > (today or timezone.localdate()):
        raise ValidationError({field: f"{what[0].upper()}{what[1:]} must be today or in the past"})


# Rule sets ------------------------------------------------------------------------------------------

def save_rule_set(*, by, partnership, programme, phase, starts_on, ends_on, rules, rule_set=None):
    """Add a rule set, or change one (`rule_set`) no family has been attached under."""
    errors = {}
    if not programme.strip():
        errors["programme"] = "Enter the programme's name"
    if not phase.strip():
        errors["phase"] = "Enter the phase, like \"Phase 2, 2015 to 2020\""
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "The phase must end on or after the day it starts"
    try:
        rule_documents.parse(rules)
    except ValidationError as error:
        errors["rules"] = error.messages
    if rule_set is not None and rule_set.families.exclude(attached_on=None).exists():
        errors["rules"] = ("Families are attached under this rule set, so its rules can no longer change: add a "
                           "rule set for the next phase instead")
    duplicate = RuleSet.objects.filter(partnership=partnership, programme=programme.strip(), phase=phase.strip())
    if duplicate.exclude(pk=rule_set.pk if rule_set else None).exists():
        errors["phase"] = f"{programme.strip()} already has a rule set for {phase.strip()}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if rule_set is None:
            rule_set = RuleSet(partnership=partnership, created_by=by)
        before = None if rule_set.pk is None else rule_set.rules
        rule_set.programme, rule_set.phase = programme.strip(), phase.strip()
        rule_set.starts_on, rule_set.ends_on = starts_on, ends_on
        rule_set.rules = rules if isinstance(rules, dict) else json.loads(rules)
        rule_set.save()
        audit.record(by=by, action="families.rule_set_saved", obj=rule_set, partnership=partnership,
                     data={"before": before, "after": rule_set.rules})
    return rule_set


def add_preset(*, by, partnership, preset):
    """Add one of the rule sets kept with Eunomia (rules.presets())."""
    known = rule_documents.presets()
    if preset not in known:
        raise ValidationError({"preset": "Choose one of the rule sets listed"})
    programme, phase, starts_on, ends_on, rules = known[preset]
    return save_rule_set(by=by, partnership=partnership, programme=programme, phase=phase, starts_on=starts_on,
                         ends_on=ends_on, rules=rules)


# Families and members ---------------------------------------------------------------------------------

def _next_reference(partnership):
    last = (Family.objects.filter(partnership=partnership, reference__startswith="FF-")
            .order_by("-reference").values_list("reference", flat=True).first())
    return f"FF-{int(last[3:]) + 1 if last else 1:05d}"


def identify(*, by, partnership, organisation, rule_set, identified_on, lead_professional=None):
    """A family identified for the programme, led by `organisation` (its owner)."""
    _not_future(identified_on, "identified_on", "the date the family was identified")
    if rule_set.partnership_id != partnership.pk:
        raise ValidationError({"rule_set": "Choose a rule set of this partnership"})
    with transaction.atomic():
        family = Family.objects.create(partnership=partnership, owner_organisation=organisation, rule_set=rule_set,
                                       reference=_next_reference(partnership), identified_on=identified_on,
                                       lead_professional=lead_professional, created_by=by)
        audit.record(by=by, action="families.identified", obj=family, partnership=partnership,
                     data={"rule_set": rule_set.pk, "organisation": organisation.pk})
    return family


def add_member(*, by, family, person, relationship):
    """Link a casework person (found through people_visible_to by the caller) to the family."""
    if person.partnership_id != family.partnership_id:
        raise ValidationError({"person": "Choose a person of this partnership"})
    if person.merged_into_id:
        raise ValidationError({"person": f"{person} was merged into another record: choose that one"})
    if relationship not in Relationship.values:
        raise ValidationError({"relationship": "Choose the person's place in the family"})
    if family.members.filter(person=person).exists():
        raise ValidationError({"person": f"{person} is already a member of {family}"})
    with transaction.atomic():
        member = FamilyMember.objects.create(family=family, person=person, relationship=relationship)
        audit.record(by=by, action="families.member_added", obj=family, partnership=family.partnership,
                     data={"person": person.pk, "relationship": relationship})
    return member


def share(*, by, family, organisation, agreement):
    """Share a family with another organisation under an agreement both are party to."""
    parties = set(agreement.parties.values_list("id", flat=True))
    if agreement.partnership_id != family.partnership_id:
        raise ValidationError({"agreement": "Choose an agreement of this partnership"})
    if organisation.pk == family.owner_organisation_id:
        raise ValidationError({"organisation": "The family is already led by that organisation"})
    if family.owner_organisation_id not in parties or organisation.pk not in parties:
        raise ValidationError({"organisation": f"{organisation} and the family's lead organisation must both be "
                                               f"parties to {agreement}: share under an agreement that names both"})
    if agreement.starts_on > timezone.localdate():
        raise ValidationError({"agreement": f"{agreement} starts on {_day(agreement.starts_on)}"})
    with transaction.atomic():
        found, created = FamilyShare.objects.get_or_create(family=family, organisation=organisation,
                                                           defaults={"agreement": agreement, "shared_by": by})
        if created:
            audit.record(by=by, action="families.shared", obj=family, partnership=family.partnership,
                         data={"organisation": organisation.pk, "agreement": agreement.pk})
    return found


# Facts and evidence -----------------------------------------------------------------------------------

def check_fact(*, member, kind, value, period_start, period_end, source, today=None):
    """{field: message} for a fact that cannot be recorded (empty when it can)."""
    errors = {}
    if kind not in Fact.Kind.values:
        errors["kind"] = "Choose what the fact is"
    if not source or not source.strip():
        errors["source"] = "Say where the fact comes from (the school's return, the DWP's data share, ...)"
    if period_start is None:
        errors["period_start"] = "Enter the first day the fact covers"
    if period_end is None:
        errors["period_end"] = "Enter the last day the fact covers"
    elif period_end > (today or timezone.localdate()):
        errors["period_end"] = "The last day must be today or in the past"
    if period_start and period_end and period_end < period_start:
        errors["period_end"] = "The last day must be on or after the first"
    if kind in NUMBERED_FACTS and value is None:
        errors["value"] = "Enter the number: exclusions, offences, or the percentage of sessions missed"
    if value is not None and value < 0:
        errors["value"] = "The number cannot be below 0"
    if kind == Fact.Kind.UNAUTHORISED_ABSENCE and value is not None and value > 100:
        errors["value"] = "A percentage of sessions is from 0 to 100"
    if kind in (Fact.Kind.CONTINUOUS_EMPLOYMENT, Fact.Kind.PROGRESS_TO_WORK, Fact.Kind.OUT_OF_WORK_BENEFITS) \
            and member is not None and member.is_child:
        errors["member"] = f"{Fact.Kind(kind).label.split(' (')[0]} is recorded for an adult of the family"
    return errors


def record_fact(*, by, family, member, kind, value=None, period_start, period_end, source, source_organisation=None,
                note="", import_batch=""):
    if member.family_id != family.pk:
        raise ValidationError({"member": "Choose a member of this family"})
    errors = check_fact(member=member, kind=kind, value=value, period_start=period_start, period_end=period_end,
                        source=source)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        fact = Fact.objects.create(family=family, member=member, kind=kind, value=value, period_start=period_start,
                                   period_end=period_end, source=source.strip(),
                                   source_organisation=source_organisation, note=note.strip(),
                                   import_batch=import_batch, entered_by=by)
        audit.record(by=by, action="families.fact_recorded", obj=family, partnership=family.partnership,
                     data={"fact": fact.pk, "member": member.pk, "kind": kind, "batch": import_batch})
    return fact


def add_evidence(*, by, family, problem, report=None, case=None, da_incident=None, fact=None):
    """Evidence that the family holds `problem`: a report or case naming one of its members, a DA
    incident (the caller checks DA_EDIT), or one of its facts; from a source the rule set accepts."""
    rules = rule_documents.parse(family.rule_set.rules)
    known = rules.problem_by_key.get(problem)
    if known is None:
        raise ValidationError({"problem": "Choose one of the rule set's problems"})
    given = [(name, record) for name, record in (("report", report), ("case", case), ("da_incident", da_incident),
                                                   ("fact", fact)) if record is not None]
    if len(given) != 1:
        raise ValidationError({"problem": "Give one piece of evidence: a report, a case, an incident or a fact"})
    name, record = given[0]
    source = f"fact:{fact.kind}" if fact is not None else name
    if source not in known.evidence:
        allowed = ", ".join(rule_documents.EVIDENCE_SOURCES[s] for s in known.evidence)
        raise ValidationError({name: f"{known.label} is shown by: {allowed}"})
    people = family.members.values("person_id")
    if fact is not None and fact.family_id != family.pk:
        raise ValidationError({"fact": "Choose a fact of this family"})
    if report is not None and not ReportPerson.objects.filter(report=report, person_id__in=people).exists():
        raise ValidationError({"report": f"{report} names no member of {family}"})
    if case is not None and not CaseParty.objects.filter(case=case, person_id__in=people).exists():
        raise ValidationError({"case": f"{case.reference} has no member of {family} as a party"})
    if fact is None and record.partnership_id != family.partnership_id:
        raise ValidationError({name: "Choose a record of this partnership"})
    with transaction.atomic():
        evidence = ProblemEvidence.objects.create(family=family, problem=problem, recorded_by=by, **{name: record})
        audit.record(by=by, action="families.evidence_added", obj=family, partnership=family.partnership,
                     data={"problem": problem, name: record.pk})
    return evidence


# Attachment -------------------------------------------------------------------------------------------

def attach(*, by, family, on, override_reason="", may_override=False):
    """Attach an identified family on `on`. A family that does not meet its rule set's eligibility is
    refused, naming what is missing, unless the CSP manager (`may_override`) gives a reason. The
    override is checked here too, not only by the caller: it is the one way round the rule."""
    may_override = may_override and by is not None and queries.may_manage(by, family.partnership)
    if family.status != Family.Status.IDENTIFIED:
        raise ValidationError({"on": f"{family} is already {family.get_status_display().lower()}"})
    _not_future(on, "on", "the date of attachment")
    if on < family.identified_on:
        raise ValidationError({"on": f"A family is attached on or after the day it was identified "
                                     f"({_day(family.identified_on)})"})
    rule_set = family.rule_set
    if not rule_set.starts_on <= on <= rule_set.ends_on:
        raise ValidationError({"on": f"{rule_set} runs from {_day(rule_set.starts_on)} to {_day(rule_set.ends_on)}"})
    rules = rule_documents.parse(rule_set.rules)
    result = assess.eligibility(assess.load([family])[family.pk], rules)
    override_reason = override_reason.strip()
    if not family.members.exists():
        raise ValidationError({"on": "Add the family's members before attaching it"})
    if not result.eligible:
        if not override_reason:
            raise ValidationError({"override_reason": f"{family} does not meet {rule_set}'s eligibility. "
                                                      + result.reasons + (" The CSP manager may attach it with a "
                                                                          "reason." if may_override else "")})
        if not may_override:
            raise ValidationError({"override_reason": "Only the CSP manager may attach a family that does not meet "
                                                      "the rule"})
    elif override_reason:
        raise ValidationError({"override_reason": f"{family} meets the rule: attach it without an override"})
    with transaction.atomic():
        family.status, family.attached_on = Family.Status.ATTACHED, on
        if override_reason:
            family.override_reason, family.override_by, family.override_at = override_reason, by, timezone.now()
        family.save()
        audit.record(by=by, action="families.attached_by_override" if override_reason else "families.attached",
                     obj=family, partnership=family.partnership, reason=override_reason,
                     data={"on": on.isoformat(), "held": sorted(result.held), "eligible": result.eligible})
    return family


def close(*, by, family, on):
    if family.status != Family.Status.ATTACHED:
        raise ValidationError({"on": "Only an attached family is closed"})
    _not_future(on, "on", "the date the work ended")
    if on < family.attached_on:
        raise ValidationError({"on": f"The work cannot end before attachment ({_day(family.attached_on)})"})
    with transaction.atomic():
        family.status, family.closed_on = Family.Status.CLOSED, on
        family.save()
        audit.record(by=by, action="families.closed", obj=family, partnership=family.partnership,
                     data={"on": on.isoformat()})
    return family


# The family's plan -------------------------------------------------------------------------------------

def _attached(family, field):
    if family.attached_on is None:
        raise ValidationError({field: "Attach the family before its plan"})


def agree_plan(*, by, family, on):
    _attached(family, "on")
    _not_future(on, "on", "the date the plan was agreed")
    if on < family.attached_on:
        raise ValidationError({"on": f"The plan is agreed on or after attachment ({_day(family.attached_on)})"})
    with transaction.atomic():
        family.plan_agreed_on = on
        family.save(update_fields=["plan_agreed_on"])
        audit.record(by=by, action="families.plan_agreed", obj=family, partnership=family.partnership,
                     data={"on": on.isoformat()})
    return family


def add_goal(*, by, family, text, problem=""):
    _attached(family, "text")
    if not text.strip():
        raise ValidationError({"text": "Say what the family is working towards"})
    if problem and problem not in rule_documents.parse(family.rule_set.rules).problem_by_key:
        raise ValidationError({"problem": "Choose one of the rule set's problems, or none"})
    with transaction.atomic():
        goal = Goal.objects.create(family=family, text=text.strip(), problem=problem)
        audit.record(by=by, action="families.goal_added", obj=family, partnership=family.partnership,
                     data={"goal": goal.pk})
    return goal


def add_action(*, by, family, text, owner, due_on, goal=None):
    _attached(family, "text")
    if not text.strip():
        raise ValidationError({"text": "Say what is to be done"})
    if due_on is None:
        raise ValidationError({"due_on": "Enter the date it is due"})
    if not owner.seats.filter(partnership_id=family.partnership_id).exists():  # an organisation has no partnership
        raise ValidationError({"owner": "Choose an organisation of this partnership"})
    if goal is not None and goal.family_id != family.pk:
        raise ValidationError({"goal": "Choose a goal of this family"})
    with transaction.atomic():
        action = PlanAction.objects.create(family=family, goal=goal, text=text.strip(), owner=owner, due_on=due_on)
        audit.record(by=by, action="families.action_added", obj=family, partnership=family.partnership,
                     data={"action": action.pk, "owner": owner.pk, "due_on": due_on.isoformat()})
    return action


def complete_action(*, by, action, on):
    _not_future(on, "on", "the date it was done")
    if action.done_on is not None:
        raise ValidationError({"on": f"It was done on {_day(action.done_on)}"})
    with transaction.atomic():
        action.done_on = on
        action.save(update_fields=["done_on"])
        audit.record(by=by, action="families.action_done", obj=action.family, partnership=action.family.partnership,
                     data={"action": action.pk, "on": on.isoformat()})
    return action


def add_review(*, by, family, reviewed_on, summary):
    _attached(family, "summary")
    _not_future(reviewed_on, "reviewed_on", "the date of the review")
    if reviewed_on < family.attached_on:
        raise ValidationError({"reviewed_on": f"A review is on or after attachment ({_day(family.attached_on)})"})
    if not summary.strip():
        raise ValidationError({"summary": "Say what the review found"})
    with transaction.atomic():
        review = Review.objects.create(family=family, reviewed_on=reviewed_on, summary=summary.strip(), recorded_by=by)
        audit.record(by=by, action="families.reviewed", obj=family, partnership=family.partnership,
                     data={"review": review.pk})
    return review


def link_support(*, by, family, intervention=None, referral=None):
    """Point the family's plan at an intervention or referral (the caller found it through the scoped
    queries) of one of its members."""
    people = set(family.members.values_list("person_id", flat=True))
    record = intervention or referral
    if (intervention is None) == (referral is None):
        raise ValidationError({"support": "Choose one intervention or referral"})
    if record.person_id not in people:
        raise ValidationError({"support": f"It was given to {record.person}, who is not a member of {family}"})
    with transaction.atomic():
        support = Support.objects.create(family=family, intervention=intervention, referral=referral, linked_by=by)
        audit.record(by=by, action="families.support_linked", obj=family, partnership=family.partnership,
                     data={"intervention": intervention.pk if intervention else None,
                           "referral": referral.pk if referral else None})
    return support


# Claims -------------------------------------------------------------------------------------------------

def create_claim(*, by, partnership, rule_set, title, period_start, period_end):
    errors = {}
    if not title.strip():
        errors["title"] = "Enter the claim's name, like \"Claim for October 2025\""
    if period_start is None:
        errors["period_start"] = "Enter the first day of the period claimed for"
    if period_end is None:
        errors["period_end"] = "Enter the last day of the period claimed for"
    elif period_start and period_end < period_start:
        errors["period_end"] = "The period must end on or after its first day"
    elif period_end > timezone.localdate():
        errors["period_end"] = "A claim is for a period that has ended or ends today"
    if rule_set.partnership_id != partnership.pk:
        errors["rule_set"] = "Choose a rule set of this partnership"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        claim = Claim.objects.create(partnership=partnership, rule_set=rule_set, title=title.strip(),
                                     period_start=period_start, period_end=period_end, created_by=by)
        audit.record(by=by, action="families.claim_created", obj=claim, partnership=partnership)
    return claim


def _draft(claim):
    if claim.status != Claim.Status.DRAFT:
        raise ValidationError({"claim": f"{claim} was approved on {_day(timezone.localtime(claim.approved_at))} and "
                                        f"is locked"})


def add_lines(*, by, claim, entries):
    """Claim `entries` ((family, outcome key) pairs; outcome rules.ATTACHMENT for the attachment fee)
    in `claim`, assessed on its last day. Each must be met and never claimed before (nor an outcome it
    excludes); any refusal refuses them all, each named. Each line keeps its evidence frozen."""
    _draft(claim)
    if not entries:
        raise ValidationError({"families": ["Choose at least one family to claim for"]})
    rules = rule_documents.parse(claim.rule_set.rules)
    families = {family.pk: family for family, _ in entries}
    records = assess.load(families.values())
    earlier = {}
    for family_id, outcome, title in (ClaimLine.objects.filter(family_id__in=families)
                                      .exclude(status=ClaimLine.Status.WITHDRAWN)
                                      .values_list("family_id", "outcome", "claim__title")):
        earlier[(family_id, outcome)] = title
    problems, lines, seen = [], [], set()
    for family, key in entries:
        name = f"{family.reference}, {rules.label_of(key).lower()}"
        if family.rule_set_id != claim.rule_set_id:
            problems.append(f"{family.reference} is under {family.rule_set}, not {claim.rule_set}")
            continue
        if family.attached_on is None or family.attached_on > claim.period_end:
            problems.append(f"{family.reference} was not attached by the end of the claim's period")
            continue
        if key != rule_documents.ATTACHMENT and key not in rules.outcome_by_key:
            problems.append(f"{name}: not an outcome of {claim.rule_set}")
            continue
        if (family.pk, key) in earlier or (family.pk, key) in seen:
            problems.append(f"{name}: already claimed in {earlier.get((family.pk, key), claim.title)}")
            continue
        # Whichever of two outcomes names the other, a family is paid for only one of them: an outcome a
        # document lists in `excludes` without the other listing it back still may not follow it.
        excludes = set(rules.outcome_by_key[key].excludes if key in rules.outcome_by_key else ())
        excludes |= {other.key for other in rules.outcomes if key in other.excludes}
        excluded = [other.key for other in rules.outcomes if other.key in excludes
                    and ((family.pk, other.key) in earlier or (family.pk, other.key) in seen)]
        if excluded:
            problems.append(f"{name}: {rules.label_of(excluded[0]).lower()} was already claimed for the family, "
                            f"and the rule set pays for only one of them")
            continue
        if key == rule_documents.ATTACHMENT:
            evidence = {"family": family.reference, "rule_set": str(claim.rule_set), "outcome": key,
                        "outcome_label": "Attachment fee", "attached_on": family.attached_on.isoformat(),
                        "eligible": not family.override_reason, "override_reason": family.override_reason}
            amount = rules.attachment_fee(family.attached_on)
        else:
            result = next(r for r in assess.outcomes(records[family.pk], rules, claim.period_end) if r.key == key)
            if not result.met:
                problems.append(f"{name}: not met on {_day(claim.period_end)}. {result.reason}")
                continue
            evidence = assess.snapshot(records[family.pk], rules, result, rule_set=claim.rule_set)
            amount = rules.outcome_by_key[key].amount_for(family.attached_on)
        # Only a line that will be written counts against the entries after it: one refused for not
        # being met must not make a later one read as excluded by it.
        seen.add((family.pk, key))
        lines.append(ClaimLine(claim=claim, family=family, outcome=key, amount=amount, evidence=evidence,
                               digest=assess.digest(evidence)))
    if problems:
        raise ValidationError({"families": problems})
    try:
        with transaction.atomic():
            ClaimLine.objects.bulk_create(lines, batch_size=500)
            audit.record(by=by, action="families.claim_lines_added", obj=claim, partnership=claim.partnership,
                         data={"lines": [[line.family_id, line.outcome] for line in lines]})
    except IntegrityError:
        raise ValidationError({"families": ["Another claim took one of these families for the same outcome just "
                                            "now: look at the claims and try again"]}) from None
    return lines


def remove_line(*, by, line):
    _draft(line.claim)
    with transaction.atomic():
        audit.record(by=by, action="families.claim_line_removed", obj=line.claim, partnership=line.claim.partnership,
                     data={"family": line.family_id, "outcome": line.outcome})
        line.delete()


def approve_claim(*, by, claim):
    """The CSP manager approves a draft claim with at least one line: it is locked from then on."""
    _draft(claim)
    if not claim.lines.exists():
        raise ValidationError({"claim": "Add the families claimed for before approving the claim"})
    with transaction.atomic():
        claim.status, claim.approved_at, claim.approved_by = Claim.Status.APPROVED, timezone.now(), by
        claim.save()
        audit.record(by=by, action="families.claim_approved", obj=claim, partnership=claim.partnership,
                     data={"lines": claim.lines.count(),
                           "digests": sorted(claim.lines.values_list("digest", flat=True))})
    return claim


# Verification ---------------------------------------------------------------------------------------------

def draw_sample(family_ids, size, seed):
    """`size` of `family_ids`, drawn with `seed`: the same ids and seed always give the same sample."""
    return random.Random(seed).sample(sorted(set(family_ids)), size)


def draw_spot_check(*, by, claim, size, seed=None):
    """Draw `size` of an approved claim's families for an auditor, with `seed` (a new random one when
    not given), recorded so anyone can draw the same sample again."""
    if claim.status != Claim.Status.APPROVED:
        raise ValidationError({"size": "Approve the claim before drawing its spot check"})
    if hasattr(claim, "spot_check"):
        drawn = timezone.localtime(claim.spot_check.drawn_at)
        raise ValidationError({"size": f"Its spot check was drawn on {_day(drawn)}"})
    families = list(claim.lines.order_by().values_list("family_id", flat=True).distinct())
    if size is None or not 1 <= size <= len(families):
        raise ValidationError({"size": f"Draw from 1 to {len(families)} families (the number claimed for)"})
    if seed is not None and by is not None and by.pk in (claim.created_by_id, claim.approved_by_id):
        # A seed chosen by the claimant could be tried until it gave a kind sample: theirs is always random.
        raise ValidationError({"seed": "Whoever made or approved a claim draws its spot check with a random seed: "
                                       "leave the seed empty"})
    if seed is None:
        seed = secrets.randbelow(2**53)
    elif not 0 <= seed < 2**63:
        raise ValidationError({"seed": "The seed is a whole number from 0 to 9223372036854775807"})
    with transaction.atomic():
        check = SpotCheck.objects.create(claim=claim, size=size, seed=seed, sample=draw_sample(families, size, seed),
                                         drawn_by=by)
        audit.record(by=by, action="families.spot_check_drawn", obj=claim, partnership=claim.partnership,
                     data={"size": size, "seed": seed, "sample": check.sample})
    return check


def record_check(*, by, line, passed, reason=""):
    """The auditor's finding on one sampled line: passed (verified) or failed (withdrawn, with the reason)."""
    claim = line.claim
    if not hasattr(claim, "spot_check") or line.family_id not in claim.spot_check.sample:
        raise ValidationError({"passed": f"{line.family.reference} was not drawn for the spot check"})
    if by is not None and by.pk in (claim.created_by_id, claim.approved_by_id):
        raise ValidationError({"passed": "Whoever made or approved a claim does not check it"})
    if line.status != ClaimLine.Status.CLAIMED:
        raise ValidationError({"passed": f"It was already {line.get_status_display().lower()} on "
                                         f"{_day(timezone.localtime(line.checked_at))}"})
    if passed is None:
        raise ValidationError({"passed": "Say whether the evidence bears the claim out"})
    reason = reason.strip()
    if not passed and not reason:
        raise ValidationError({"reason": "Say why it fails: the claim line is withdrawn with it"})
    if passed and line.digest != assess.digest(line.evidence):
        # Evidence changed since it was frozen cannot bear a claim out; failing it (withdrawing the line) is
        # still open, so a tampered line does not stay claimed.
        raise ValidationError({"passed": "Its frozen evidence no longer matches its digest, so it cannot pass: fail "
                                         "it, and report this to the partnership's data protection officer"})
    with transaction.atomic():
        line.status = ClaimLine.Status.VERIFIED if passed else ClaimLine.Status.WITHDRAWN
        line.withdrawn_reason = "" if passed else reason
        line.checked_at, line.checked_by = timezone.now(), by
        line.save()
        audit.record(by=by, action="families.claim_line_verified" if passed else "families.claim_line_withdrawn",
                     obj=claim, partnership=claim.partnership, reason=reason,
                     data={"line": line.pk, "family": line.family_id, "outcome": line.outcome})
    return line
