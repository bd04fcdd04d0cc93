"""The Family Focus programme's pages (ADR 68): its rule sets, its claims, their spot checks and the
claim schedule sent to the funder.

Who sees what:
- The programme's home page, its rule sets and its claims' totals: whoever works families, manages
  the programme or checks its claims (`queries.may_see_claims`). Totals name no one.
- A claim's lines: those `queries.lines_visible_to` gives the reader (the families they see; for a
  programme auditor, the families drawn for its spot check) and, for the CSP manager (FAMILY_MANAGE),
  every line of the claim: the claim return is theirs to approve and send, so they see all of it,
  by family reference, though a family's own page stays the lead organisation's.
- Changing rule sets, making and approving claims: FAMILY_MANAGE. Drawing and recording a spot
  check: CLAIM_VERIFY (the auditor draws the sample, so the claimant does not choose it).

Every read of claim lines, the spot check's evidence and every export is audited."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from eunomia.accounts.roles import Permission
from eunomia.audit import actions as audit
from eunomia.core.formatting import Unit, format_value
from eunomia.core.rendering import form_page, posted, showing_refusal_message
from eunomia.families import actions, assess, exports, queries
from eunomia.families import rules as rule_documents
from eunomia.families.claim_forms import (CheckForm, ClaimForm, ConfirmForm, LinesForm, OutcomeForm, PresetForm,
                                          RuleSetForm, SpotCheckForm, rules_text)
from eunomia.families.models import Claim, ClaimLine, Fact, Relationship
from eunomia.partners.access import partnership_view

NAV = "families"
DOWNLOADS = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _url(partnership, name, *args):
    return reverse(f"family_claims:{name}", args=[partnership.slug, *args])


def _may_see(request, partnership):
    if not queries.may_see_claims(request.user, partnership):
        raise PermissionDenied


def _money(amount):
    return format_value(Unit.MONEY, amount)


def _day(value):
    return f"{value:%-d %B %Y}"


def _family_url(partnership, family_id):
    return reverse("families:detail", args=[partnership.slug, family_id])


# The programme's home page ------------------------------------------------------------------------------

@partnership_view(None, nav_section=NAV)
def home(request, partnership):
    _may_see(request, partnership)
    claims = list(queries.claims_of(partnership))
    totals = exports.claim_totals(claims)
    return render(request, "families/claims/home.html", {
        "rule_sets": queries.rule_sets_of(partnership), "claims": [(claim, totals[claim.pk]) for claim in claims],
        "may_manage": queries.may_manage(request.user, partnership)})


# Rule sets ----------------------------------------------------------------------------------------------

def _rule_set(partnership, pk):
    return get_object_or_404(queries.rule_sets_of(partnership), pk=pk)


def _locked(rule_set):
    """Families are attached under it, so its rules may no longer change (ADR 68)."""
    return rule_set.families.exclude(attached_on=None).exists()


def condition_in_words(condition):
    """What a condition asks, with its settings, as a reader would say it."""
    s = condition.settings
    if condition.kind == "asb_fall":
        return (f"ASB reports naming a member as alleged perpetrator fall by at least {s['fall_percent']}%: the "
                f"{s['months']} months before the start against the latest {s['months']} months")
    if condition.kind == "offending_fall":
        return (f"Proven offences by the family's young people fall by at least {s['fall_percent']}%: the "
                f"{s['months']} months before the start against the latest {s['months']} months")
    if condition.kind == "school":
        return (f"Each child's unauthorised absence over their latest {s['terms']} terms averages under "
                f"{s['absence_below_percent']}%, with fewer than {s['exclusions_below']} fixed-term exclusions over "
                f"those terms")
    if condition.kind == "employment":
        return (f"An adult in continuous employment for at least {s['weeks']} weeks, starting after the start and "
                f"ending in the latest {s['months']} months")
    return f"An adult starting a work programme or training in the latest {s['months']} months"


def _payments(payments):
    return [(_day(payment.starts_on), _money(payment.amount)) for payment in payments]


def _rules_as_tables(rules):
    """The rule document as the rule set's page shows it: every part in words."""
    return {
        "problems_needed": rules.problems_needed,
        "problems": [{"key": p.key, "label": p.label,
                      "evidence": [rule_documents.EVIDENCE_SOURCES[source] for source in p.evidence]}
                     for p in rules.problems],
        "outcomes": [{"key": o.key, "label": o.label, "payments": _payments(o.payments),
                      "excludes": [rules.label_of(key) for key in o.excludes],
                      "conditions": [{"label": c.label, "words": condition_in_words(c),
                                      "when": (f"When the family holds {rules.label_of(c.problem).lower()}"
                                               if c.problem else "Always")} for c in o.conditions]}
                     for o in rules.outcomes],
        "attachment_fees": _payments(rules.attachment_fees),
    }


@partnership_view(None, nav_section=NAV)
def rule_set_detail(request, partnership, pk):
    _may_see(request, partnership)
    rule_set = _rule_set(partnership, pk)
    try:
        tables, problems = _rules_as_tables(queries.rules_of(rule_set)), []
    except ValidationError as error:  # stored before a check it now fails: say so, never a 500
        tables, problems = None, error.messages
    return render(request, "families/claims/rule_set.html", {
        "rule_set": rule_set, "tables": tables, "problems": problems, "document": rules_text(rule_set.rules),
        "locked": _locked(rule_set), "may_manage": queries.may_manage(request.user, partnership)})


@partnership_view(Permission.FAMILY_MANAGE, nav_section=NAV)
def rule_set_preset(request, partnership):
    form = PresetForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            rule_set = actions.add_preset(by=request.user, partnership=partnership, preset=form.cleaned_data["preset"])
            messages.success(request, f"The rule set {rule_set} was added")
            return redirect(_url(partnership, "rule_set", rule_set.pk))
    return form_page(request, form, page_title="Add a rule set from the national programme",
                     back_url=_url(partnership, "home"),
                     intro="The national programme's phases as published, kept with Eunomia. Check their amounts "
                           "against your grant letter; a local phase is a new rule set copied from one of them.")


def _save_rule_set(request, partnership, form, rule_set=None):
    data = form.cleaned_data
    return actions.save_rule_set(by=request.user, partnership=partnership, programme=data["programme"],
                                 phase=data["phase"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                                 rules=data["rules"], rule_set=rule_set)


@partnership_view(Permission.FAMILY_MANAGE, nav_section=NAV)
def rule_set_new(request, partnership):
    """A rule set of the partnership's own, starting from a copy of another's rules (?copy=<id>)."""
    initial = {}
    copied = request.GET.get("copy", "")
    if copied.isdigit():
        source = queries.rule_sets_of(partnership).filter(pk=int(copied)).first()
        if source is not None:
            initial = {"programme": source.programme, "rules": rules_text(source.rules)}
    form = RuleSetForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            rule_set = _save_rule_set(request, partnership, form)
            messages.success(request, f"The rule set {rule_set} was added")
            return redirect(_url(partnership, "rule_set", rule_set.pk))
    return form_page(request, form, page_title="Add a rule set", back_url=_url(partnership, "home"))


@partnership_view(Permission.FAMILY_MANAGE, nav_section=NAV)
def rule_set_edit(request, partnership, pk):
    rule_set = _rule_set(partnership, pk)
    form = RuleSetForm(posted(request), initial={
        "programme": rule_set.programme, "phase": rule_set.phase, "starts_on": rule_set.starts_on,
        "ends_on": rule_set.ends_on, "rules": rules_text(rule_set.rules)})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            _save_rule_set(request, partnership, form, rule_set)
            messages.success(request, "The rule set was saved")
            return redirect(_url(partnership, "rule_set", rule_set.pk))
    intro = ("Families are attached under this rule set, so its rules can no longer change: add a rule set for the "
             "next phase instead." if _locked(rule_set) else
             "Its rules can change until a family is attached under it.")
    return form_page(request, form, page_title="Change the rule set", caption=str(rule_set), intro=intro,
                     back_url=_url(partnership, "rule_set", rule_set.pk))


# Claims ---------------------------------------------------------------------------------------------------

def _claim(partnership, pk):
    return get_object_or_404(queries.claims_of(partnership).select_related("spot_check"), pk=pk)


def _lines(user, partnership, claim):
    """The lines of `claim` this reader sees (the module's docstring says why the CSP manager sees all)."""
    return queries.lines_visible_to(user, partnership, claim)


def _line_rows(request, partnership, lines, rules):
    seen = set(queries.families_visible_to(request.user, partnership)
               .filter(pk__in={line.family_id for line in lines}).values_list("pk", flat=True))
    return [{"line": line, "label": rules.label_of(line.outcome), "amount": _money(line.amount),
             "family_url": _family_url(partnership, line.family_id) if line.family_id in seen else None}
            for line in lines]


@partnership_view(Permission.FAMILY_MANAGE, nav_section=NAV)
def claim_new(request, partnership):
    form = ClaimForm(posted(request), rule_sets=queries.rule_sets_of(partnership))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            claim = actions.create_claim(by=request.user, partnership=partnership, **form.cleaned_data)
            messages.success(request, f"The claim {claim} was started: add the families claimed for")
            return redirect(_url(partnership, "claim", claim.pk))
    return form_page(request, form, page_title="Start a claim", back_url=_url(partnership, "home"),
                     intro="A claim lists families and the outcome each met (or its attachment fee), judged on the "
                           "period's last day. The CSP manager approves it; it is then locked.")


@partnership_view(None, nav_section=NAV)
def claim_detail(request, partnership, pk):
    _may_see(request, partnership)
    claim = _claim(partnership, pk)
    rules = queries.rules_of(claim.rule_set)
    lines = list(_lines(request.user, partnership, claim))
    totals = exports.claim_totals([claim])[claim.pk]
    audit.record_read(by=request.user, action="families.claim_viewed", objects=lines, partnership=partnership)
    may_manage = queries.may_manage(request.user, partnership)
    may_verify = queries.may_verify(request.user, partnership)
    draft = claim.status == Claim.Status.DRAFT
    return render(request, "families/claims/claim.html", {
        "claim": claim, "rows": _line_rows(request, partnership, lines, rules), "totals": totals,
        "money": {"attachment_fees": _money(totals.attachment_fees), "results": _money(totals.results),
                  "total": _money(totals.total), "withdrawn": _money(totals.withdrawn_amount)},
        "not_listed": totals.lines - len(lines), "draft": draft,
        "spot_check": getattr(claim, "spot_check", None), "may_change": may_manage and draft,
        "may_verify": may_verify, "may_draw": may_verify and not draft and not hasattr(claim, "spot_check")})


def _taken_outcomes(rules, outcome):
    """Outcomes a family already claimed for (and not withdrawn) cannot now be claimed for `outcome`."""
    if outcome == rule_documents.ATTACHMENT:
        return {outcome}
    return {outcome, *rules.outcome_by_key[outcome].excludes}


def _candidates(visible, claim, rules, outcome):
    """[(family, amount)] of the families in `visible` attached by the claim's last day, not yet
    claimed for `outcome` (nor one it excludes), that meet it on that day."""
    taken = ClaimLine.objects.filter(outcome__in=_taken_outcomes(rules, outcome)).exclude(
        status=ClaimLine.Status.WITHDRAWN).values("family_id")
    families = list(visible.filter(attached_on__isnull=False, attached_on__lte=claim.period_end)
                    .exclude(pk__in=taken).order_by("reference"))
    if outcome == rule_documents.ATTACHMENT:
        return [(family, rules.attachment_fee(family.attached_on)) for family in families]
    records = assess.load(families)
    found = []
    for family in families:
        result = next(r for r in assess.outcomes(records[family.pk], rules, claim.period_end) if r.key == outcome)
        if result.met:
            found.append((family, rules.outcome_by_key[outcome].amount_for(family.attached_on)))
    return found


@partnership_view(Permission.FAMILY_MANAGE, nav_section=NAV)
def claim_add(request, partnership, pk):
    """Choose an outcome (sent with GET), then tick the families that meet it (POSTed to add_lines)."""
    claim = _claim(partnership, pk)
    back = _url(partnership, "claim", claim.pk)
    if claim.status != Claim.Status.DRAFT and request.method != "POST":
        messages.error(request, f"{claim} is approved and locked: no family can be added")
        return redirect(back)
    rules = queries.rules_of(claim.rule_set)
    asked = request.POST if request.method == "POST" else (request.GET if "outcome" in request.GET else None)
    chooser = OutcomeForm(asked, rules=rules)
    if asked is None or not chooser.is_valid():
        return form_page(request, chooser, page_title="Add families to the claim", caption=str(claim), back_url=back,
                         intro=f"Families are judged on the claim's last day, {_day(claim.period_end)}.")
    outcome = chooser.cleaned_data["outcome"]
    visible = queries.claimable_families(request.user, partnership).filter(rule_set=claim.rule_set)
    candidates = _candidates(visible, claim, rules, outcome)
    shown = [(family.pk, f"{family.reference}, attached {_day(family.attached_on)}: {_money(amount)}")
             for family, amount in candidates]
    form = LinesForm(posted(request), families=visible, shown=shown, initial={"outcome": outcome})
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            lines = actions.add_lines(by=request.user, claim=claim,
                                      entries=[(family, outcome) for family in form.cleaned_data["families"]])
            messages.success(request, f"{len(lines)} famil{'y was' if len(lines) == 1 else 'ies were'} added to the "
                                      f"claim for {rules.label_of(outcome).lower()}")
            return redirect(back)
    audit.record_read(by=request.user, action="families.claim_candidates_viewed",
                      objects=[family for family, _ in candidates], partnership=partnership)
    return render(request, "families/claims/add_lines.html", {
        "claim": claim, "form": form, "label": rules.label_of(outcome), "shown": shown, "back_url": back,
        "choose_url": _url(partnership, "claim_add", claim.pk)}, status=400 if form.errors else 200)


@require_POST
@partnership_view(Permission.FAMILY_MANAGE, nav_section=NAV)
def line_remove(request, partnership, pk, line_pk):
    claim = _claim(partnership, pk)
    line = get_object_or_404(ClaimLine.objects.filter(claim=claim).select_related("claim", "family"), pk=line_pk)
    with showing_refusal_message(request):
        actions.remove_line(by=request.user, line=line)
        messages.success(request, f"{line.family.reference} was taken off the claim")
    return redirect(_url(partnership, "claim", claim.pk))


@partnership_view(Permission.FAMILY_MANAGE, nav_section=NAV)
def claim_approve(request, partnership, pk):
    claim = _claim(partnership, pk)
    back = _url(partnership, "claim", claim.pk)
    if claim.status != Claim.Status.DRAFT and request.method != "POST":
        messages.info(request, f"{claim} is already approved")
        return redirect(back)
    form = ConfirmForm(posted(request), submit_label="Approve the claim")
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            actions.approve_claim(by=request.user, claim=claim)
            messages.success(request, f"{claim} was approved: it is now locked")
            return redirect(back)
    totals = exports.claim_totals([claim])[claim.pk]
    return form_page(request, form, page_title="Approve the claim", caption=str(claim), back_url=back,
                     intro=f"{totals.lines} line{'s' if totals.lines != 1 else ''} for {_money(totals.total)} "
                           f"({_money(totals.attachment_fees)} in attachment fees, {_money(totals.results)} in "
                           f"results). Once approved the claim is locked: no line can be added or taken off, and "
                           f"its spot check can be drawn.")


# Spot checks --------------------------------------------------------------------------------------------

@partnership_view(Permission.CLAIM_VERIFY, nav_section=NAV)
def spot_check_draw(request, partnership, pk):
    claim = _claim(partnership, pk)
    if hasattr(claim, "spot_check") and request.method != "POST":
        return redirect(_url(partnership, "spot_check", claim.pk))
    form = SpotCheckForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with form.showing_refusal():
            check = actions.draw_spot_check(by=request.user, claim=claim, size=form.cleaned_data["size"],
                                            seed=form.cleaned_data["seed"])
            messages.success(request, f"{check.size} famil{'y was' if check.size == 1 else 'ies were'} drawn with "
                                      f"the seed {check.seed}")
            return redirect(_url(partnership, "spot_check", claim.pk))
    families = claim.lines.order_by().values("family_id").distinct().count()
    return form_page(request, form, page_title="Draw the spot check", caption=str(claim),
                     back_url=_url(partnership, "claim", claim.pk),
                     intro=f"A random sample of the claim's {families} famil{'y' if families == 1 else 'ies'}, "
                           f"whose frozen evidence the auditor checks line by line.")


def _on(text):
    try:
        return _day(datetime.date.fromisoformat(text))
    except (TypeError, ValueError):
        return str(text)


def _relationship(value):
    return Relationship(value).label if value in Relationship.values else value


def _fact_kind(value):
    return Fact.Kind(value).label if value in Fact.Kind.values else value


def _comparison(comparison):
    """A condition's comparison (assess.ConditionResult.comparison) as (what, value) rows."""
    rows = []
    if "before" in comparison:
        rows += [("Before the start", f"{comparison['before']}, from {_on(comparison['before_from'])} to "
                                      f"{_on(comparison['before_to'])}"),
                 ("Latest", f"{comparison['latest']}, from {_on(comparison['latest_from'])} to "
                            f"{_on(comparison['latest_to'])}"),
                 ("Fall needed", f"{comparison['fall_needed_percent']}%")]
    elif "children" in comparison:
        rows += [("Terms looked at", comparison["terms"]),
                 ("Absence needed", f"under {comparison['absence_below_percent']}%"),
                 ("Fixed-term exclusions needed", f"fewer than {comparison['exclusions_below']}")]
        for child in comparison["children"]:
            if "absence_percent" in child:
                value = (f"{child['absence_percent']}% unauthorised absence, {child['exclusions']} fixed-term "
                         f"exclusions: {'met' if child['met'] else 'not met'}")
            else:
                value = f"{child['terms']} terms' attendance recorded since the start"
            rows.append((f"Member {child['member']}", value))
    elif "from" in comparison:
        rows.append(("Window", f"{_on(comparison['from'])} to {_on(comparison['to'])}"))
    return rows


def _evidence_item(item):
    window = {"before": "Before the start", "latest": "Latest"}.get(item.get("window"), "")
    if "report" in item:
        return {"window": window, "record": f"ASB report {item['report']}",
                "what": "ASB report naming a member as alleged perpetrator", "member": "", "when": _on(item["on"]),
                "value": "", "source": "Casework"}
    return {"window": window, "record": f"Fact {item.get('fact')}", "what": _fact_kind(item.get("kind")),
            "member": f"Member {item['member']}" if item.get("member") else "",
            "when": f"{_on(item.get('from'))} to {_on(item.get('to'))}",
            "value": "" if item.get("value") is None else item["value"], "source": item.get("source", "")}


def readable_evidence(evidence):
    """A line's frozen evidence (assess.snapshot, or an attachment fee's) in words for the auditor.
    It holds no names: members by number and relationship, records by reference and id."""
    if evidence.get("outcome") == rule_documents.ATTACHMENT:
        eligible = ("Yes: it met the rule set's eligibility" if evidence.get("eligible") else
                    f"No: attached by the CSP manager's override. Reason: {evidence.get('override_reason', '')}")
        return {"summary": [("Family", evidence.get("family", "")), ("Rule set", evidence.get("rule_set", "")),
                            ("Claimed for", "Attachment fee"), ("Attached on", _on(evidence.get("attached_on"))),
                            ("Eligible", eligible)], "members": [], "conditions": []}
    return {
        "summary": [("Family", evidence.get("family", "")), ("Rule set", evidence.get("rule_set", "")),
                    ("Claimed for", evidence.get("outcome_label", "")),
                    ("Measured from", _on(evidence.get("start"))), ("Judged on", _on(evidence.get("as_of"))),
                    ("Result", evidence.get("reason", ""))],
        "members": [f"Member {m['member']}: {_relationship(m['relationship'])}" for m in evidence.get("members", [])],
        "conditions": [{"label": c.get("label", c.get("kind", "")),
                        "state": "Met" if c.get("met") else "Does not apply" if not c.get("relevant") else "Not met",
                        "reason": c.get("reason", ""), "comparison": _comparison(c.get("comparison") or {}),
                        "evidence": [_evidence_item(item) for item in c.get("evidence", [])]}
                       for c in evidence.get("conditions", [])],
    }


def _spot_check_page(request, partnership, claim, *, bound=None):
    """The auditor's page: each sampled line with its frozen evidence, whether it still matches its
    digest, and the form recording the check. `bound`: a line's form that was refused, shown again."""
    lines = queries.sampled_lines(claim)
    if lines:
        audit.record(by=request.user, action="families.spot_check_viewed", obj=claim, partnership=partnership,
                     data={"lines": [line.pk for line in lines]})
    rules = queries.rules_of(claim.rule_set)
    made_it = request.user.pk in (claim.created_by_id, claim.approved_by_id)
    seen = set(queries.families_visible_to(request.user, partnership)
               .filter(pk__in={line.family_id for line in lines}).values_list("pk", flat=True))
    rows = []
    for line in lines:
        form = None
        if line.status == ClaimLine.Status.CLAIMED and not made_it:
            form = bound[1] if bound and bound[0] == line.pk else CheckForm(line=line.pk)
            form.helper.form_action = _url(partnership, "line_check", claim.pk, line.pk)
        rows.append({"line": line, "label": rules.label_of(line.outcome), "amount": _money(line.amount),
                     "evidence": readable_evidence(line.evidence),
                     "digest_matches": assess.digest(line.evidence) == line.digest, "form": form,
                     "family_url": _family_url(partnership, line.family_id) if line.family_id in seen else None})
    refused = bound[1] if bound else None
    return render(request, "families/claims/spot_check.html", {
        "claim": claim, "spot_check": getattr(claim, "spot_check", None), "rows": rows, "made_it": made_it,
        "form": refused}, status=400 if refused is not None else 200)


@partnership_view(Permission.CLAIM_VERIFY, nav_section=NAV)
def spot_check(request, partnership, pk):
    return _spot_check_page(request, partnership, _claim(partnership, pk))


@require_POST
@partnership_view(Permission.CLAIM_VERIFY, nav_section=NAV)
def line_check(request, partnership, pk, line_pk):
    claim = _claim(partnership, pk)
    line = next((line for line in queries.sampled_lines(claim) if line.pk == line_pk), None)
    if line is None:
        raise Http404
    form = CheckForm(request.POST, line=line.pk)
    if form.is_valid():
        with form.showing_refusal():
            actions.record_check(by=request.user, line=line, passed=form.verdict, reason=form.cleaned_data["reason"])
            messages.success(request, f"{line.family.reference} was {'verified' if form.verdict else 'withdrawn'}")
            return redirect(_url(partnership, "spot_check", claim.pk) + f"#line-{line.pk}")
    return _spot_check_page(request, partnership, claim, bound=(line.pk, form))


# The claim schedule ------------------------------------------------------------------------------------

@partnership_view(None, nav_section=NAV)
def claim_schedule(request, partnership, pk, fmt):
    _may_see(request, partnership)
    if fmt not in DOWNLOADS:
        raise Http404
    claim = _claim(partnership, pk)
    lines = list(_lines(request.user, partnership, claim))
    body = exports.schedule_csv(claim, lines) if fmt == "csv" else exports.schedule_xlsx(claim, lines)
    audit.record(by=request.user, action="families.claim_exported", obj=claim, partnership=partnership,
                 data={"format": fmt, "lines": sorted(line.pk for line in lines)})
    response = HttpResponse(body, content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-claim-{claim.pk}-schedule.{fmt}"'
    return response
