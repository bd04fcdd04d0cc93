"""Claims and their spot checks, at the level of the actions (ADR 68): a family is claimed once per
outcome and never for two that exclude each other, only for what it meets on the claim's last day,
all of a batch or none; each line's evidence is frozen with a digest; an approved claim is locked;
a spot check is drawn reproducibly and checked by someone who neither made nor approved the claim."""

import copy
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.families import actions, assess, queries, rules
from eunomia.families.models import ClaimLine, Fact
from tests.families import helpers as h

ONE_DAY = datetime.timedelta(days=1)
ATTACHMENT = rules.ATTACHMENT
PROGRESS = "significant_progress"


@pytest.fixture
def phase_2(manager, partnership):
    return h.rule_set(manager, partnership)


@pytest.fixture
def approver(make_member, partnership, housing):
    return make_member("csp_manager", partnership, housing, email="second.manager@eunomia.test")


@pytest.fixture
def auditor(make_member, partnership, council):
    return make_member("programme_auditor", partnership, council)


def claim_for(by, rule_set, title="Claim for the year", period_end=h.TODAY):
    return actions.create_claim(by=by, partnership=rule_set.partnership, rule_set=rule_set, title=title,
                                period_start=period_end - datetime.timedelta(days=364), period_end=period_end)


def refused(action, **kwargs):
    with pytest.raises(ValidationError) as error:
        action(**kwargs)
    return error.value.message_dict


def eligible(by, partnership, organisation, rule_set, attached_on=None):
    """The household holding health and worklessness (Phase 2 needs two), attached `attached_on`
    (a year ago unless given)."""
    family = h.household(by, partnership, organisation, rule_set, identified_on=h.days_ago(500))
    h.hold(by, family, "worklessness", "Dana", Fact.Kind.OUT_OF_WORK_BENEFITS)
    h.hold(by, family, "health", "Dana", Fact.Kind.HEALTH)
    h.attach(by, family, attached_on or h.days_ago(365))
    return family


def employed(by, family, last_day=h.TODAY):
    """The mother in work from the day after attachment to `last_day`: more than 26 weeks."""
    h.fact(by, family, "Dana", Fact.Kind.CONTINUOUS_EMPLOYMENT, family.attached_on + ONE_DAY, last_day,
           source="DWP data share")


def fresh(family, as_of=h.TODAY, key=PROGRESS):
    family.refresh_from_db()
    records = assess.load([family])[family.pk]
    parsed = rules.parse(family.rule_set.rules)
    result = next(r for r in assess.outcomes(records, parsed, as_of) if r.key == key)
    return result, assess.snapshot(records, parsed, result, rule_set=family.rule_set)


def lines_added():
    return AuditEvent.objects.filter(action="families.claim_lines_added").count()


# Once per outcome -------------------------------------------------------------------------------------------

def test_a_family_is_claimed_once_per_outcome(manager, partnership, council, phase_2):
    family = h.turned_around(manager, partnership, council, phase_2)
    first = claim_for(manager, phase_2, "First claim")
    progress, fee = actions.add_lines(by=manager, claim=first, entries=[(family, PROGRESS), (family, ATTACHMENT)])
    assert (progress.amount, fee.amount) == (Decimal("800.00"), Decimal("1000.00"))
    second = claim_for(manager, phase_2, "Second claim")
    assert refused(actions.add_lines, by=manager, claim=second, entries=[(family, PROGRESS)]) == {
        "families": [f"{family.reference}, significant and sustained progress: already claimed in First claim"]}
    other = h.turned_around(manager, partnership, council, phase_2)
    assert refused(actions.add_lines, by=manager, claim=second, entries=[(other, ATTACHMENT), (other, ATTACHMENT)]) == {
        "families": [f"{other.reference}, attachment fee: already claimed in Second claim"]}
    assert not second.lines.exists()
    actions.remove_line(by=manager, line=progress)
    [again] = actions.add_lines(by=manager, claim=second, entries=[(family, PROGRESS)])
    assert (again.claim, again.outcome) == (second, PROGRESS)
    assert list(ClaimLine.objects.filter(family=family).values_list("claim__title", "outcome").order_by("id")) == [
        ("First claim", ATTACHMENT), ("Second claim", PROGRESS)]


def test_one_refused_entry_refuses_the_batch_each_named(manager, partnership, council, phase_2):
    good = h.turned_around(manager, partnership, council, phase_2)
    unmet = eligible(manager, partnership, council, phase_2)
    late = eligible(manager, partnership, council, phase_2, attached_on=h.TODAY)
    claim = claim_for(manager, phase_2, period_end=h.days_ago(1))
    elsewhere = h.rule_set(manager, partnership, phase="Another phase")
    stranger = h.household(manager, partnership, council, elsewhere)
    events = lines_added()
    errors = refused(actions.add_lines, by=manager, claim=claim, entries=[
        (good, PROGRESS), (good, ATTACHMENT), (unmet, PROGRESS), (unmet, "family_stability"), (late, ATTACHMENT),
        (stranger, ATTACHMENT)])
    assert errors == {"families": [
        f"{unmet.reference}, significant and sustained progress: not met on {h.days_ago(1):%-d %B %Y}. Not met: none "
        "of its conditions applies to this family",
        f"{unmet.reference}, family_stability: not an outcome of {phase_2}",
        f"{late.reference} was not attached by the end of the claim's period",
        f"{stranger.reference} is under {elsewhere}, not {phase_2}",
    ]}
    assert not ClaimLine.objects.exists()
    assert lines_added() == events
    assert refused(actions.add_lines, by=manager, claim=claim, entries=[]) == {
        "families": ["Choose at least one family to claim for"]}
    assert len(actions.add_lines(by=manager, claim=claim, entries=[(good, PROGRESS), (good, ATTACHMENT)])) == 2
    assert lines_added() == events + 1


def test_an_unmet_outcome_is_refused_with_the_reason_it_fails(manager, partnership, council, phase_2):
    family = h.turned_around(manager, partnership, council, phase_2)
    h.asb(manager, family, "Kyle", h.days_ago(3))  # 5 before, 3 since: a fall of 40%
    claim = claim_for(manager, phase_2)
    [message] = refused(actions.add_lines, by=manager, claim=claim, entries=[(family, PROGRESS)])["families"]
    assert message == (f"{family.reference}, significant and sustained progress: not met on {h.TODAY:%-d %B %Y}. "
                       "Not met: fall in anti-social behaviour")


def test_the_claim_is_assessed_on_its_last_day(manager, partnership, council, phase_2):
    family = eligible(manager, partnership, council, phase_2)
    employed(manager, family, last_day=h.days_ago(10))
    early = claim_for(manager, phase_2, "Early", period_end=h.days_ago(11))
    [message] = refused(actions.add_lines, by=manager, claim=early, entries=[(family, "employment")])["families"]
    assert message.startswith(f"{family.reference}, an adult into continuous employment: not met on "
                              f"{h.days_ago(11):%-d %B %Y}.")
    [line] = actions.add_lines(by=manager, claim=claim_for(manager, phase_2, "On time", period_end=h.days_ago(10)),
                               entries=[(family, "employment")])
    assert line.evidence["as_of"] == h.days_ago(10).isoformat()
    assert line.evidence["conditions"][0]["evidence"][0]["to"] == h.days_ago(10).isoformat()


# Outcomes that exclude each other ------------------------------------------------------------------------------

def test_phase_2_pays_for_progress_or_employment_never_both(manager, partnership, council, phase_2):
    family = h.turned_around(manager, partnership, council, phase_2)
    employed(manager, family)
    assert fresh(family)[0].met and fresh(family, key="employment")[0].met
    claim = claim_for(manager, phase_2)
    both = [(family, "employment"), (family, PROGRESS)]
    assert refused(actions.add_lines, by=manager, claim=claim, entries=both) == {
        "families": [f"{family.reference}, significant and sustained progress: an adult into continuous employment "
                     "was already claimed for the family, and the rule set pays for only one of them"]}
    actions.add_lines(by=manager, claim=claim, entries=[(family, PROGRESS)])
    assert refused(actions.add_lines, by=manager, claim=claim_for(manager, phase_2, "Later"),
                   entries=[(family, "employment")]) == {
        "families": [f"{family.reference}, an adult into continuous employment: significant and sustained progress "
                     "was already claimed for the family, and the rule set pays for only one of them"]}


def test_an_exclusion_named_one_way_holds_both_ways(manager, partnership, council):
    document = copy.deepcopy(rules.presets()["phase-2-2015-20"][4])
    document["outcomes"][1]["excludes"] = []  # employment names nothing; significant progress names employment
    rule_set = h.rule_set(manager, partnership, outcomes=document["outcomes"])
    family = h.turned_around(manager, partnership, council, rule_set)
    employed(manager, family)
    claim = claim_for(manager, rule_set)
    actions.add_lines(by=manager, claim=claim, entries=[(family, PROGRESS)])
    assert refused(actions.add_lines, by=manager, claim=claim, entries=[(family, "employment")]) == {
        "families": [f"{family.reference}, an adult into continuous employment: significant and sustained progress "
                     "was already claimed for the family, and the rule set pays for only one of them"]}


def test_an_unmet_entry_does_not_exclude_the_next(manager, partnership, council, phase_2):
    family = eligible(manager, partnership, council, phase_2)
    employed(manager, family)
    assert refused(actions.add_lines, by=manager, claim=claim_for(manager, phase_2),
                   entries=[(family, PROGRESS), (family, "employment")]) == {
        "families": [f"{family.reference}, significant and sustained progress: not met on {h.TODAY:%-d %B %Y}. Not "
                     "met: none of its conditions applies to this family"]}


# Payments by the day of attachment ------------------------------------------------------------------------------

def test_fees_and_results_are_paid_at_the_rate_of_the_day_of_attachment(manager, partnership, council):
    change = h.days_ago(200).isoformat()
    document = copy.deepcopy(rules.presets()["phase-2-2015-20"][4])
    document["outcomes"][0]["payments"] = [{"from": "2015-04-01", "amount": "700.00"},
                                           {"from": change, "amount": "1400.00"}]
    rule_set = h.rule_set(manager, partnership, outcomes=document["outcomes"],
                          attachment_fees=[{"from": "2015-04-01", "amount": "3200.00"},
                                           {"from": change, "amount": "2400.00"}])
    before = h.turned_around(manager, partnership, council, rule_set, attached_on=h.days_ago(201))
    on = h.turned_around(manager, partnership, council, rule_set, attached_on=h.days_ago(200))
    lines = actions.add_lines(by=manager, claim=claim_for(manager, rule_set), entries=[
        (before, ATTACHMENT), (on, ATTACHMENT), (before, PROGRESS), (on, PROGRESS)])
    assert [(line.family, line.outcome, line.amount) for line in lines] == [
        (before, ATTACHMENT, Decimal("3200.00")), (on, ATTACHMENT, Decimal("2400.00")),
        (before, PROGRESS, Decimal("700.00")), (on, PROGRESS, Decimal("1400.00"))]
    assert lines[1].evidence == {"family": on.reference, "rule_set": str(rule_set), "outcome": ATTACHMENT,
                                 "outcome_label": "Attachment fee", "attached_on": h.days_ago(200).isoformat(),
                                 "eligible": True, "override_reason": ""}


def test_an_overridden_familys_fee_says_so(manager, partnership, council, phase_2):
    family = h.household(manager, partnership, council, phase_2)
    actions.attach(by=manager, family=family, on=h.days_ago(5), override_reason="Five agencies involved",
                   may_override=True)
    [line] = actions.add_lines(by=manager, claim=claim_for(manager, phase_2), entries=[(family, ATTACHMENT)])
    assert (line.evidence["eligible"], line.evidence["override_reason"]) == (False, "Five agencies involved")


# Approval ---------------------------------------------------------------------------------------------------------

def test_an_approved_claim_is_locked(manager, approver, partnership, council, phase_2):
    family = h.turned_around(manager, partnership, council, phase_2)
    claim = claim_for(manager, phase_2)
    assert refused(actions.approve_claim, by=approver, claim=claim) == {
        "claim": ["Add the families claimed for before approving the claim"]}
    [line] = actions.add_lines(by=manager, claim=claim, entries=[(family, ATTACHMENT)])
    actions.approve_claim(by=approver, claim=claim)
    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == ("approved", approver)
    [event] = AuditEvent.objects.filter(action="families.claim_approved")
    assert event.data == {"lines": 1, "digests": [line.digest]}
    locked = {"claim": [f"{claim} was approved on {h.TODAY:%-d %B %Y} and is locked"]}
    assert refused(actions.add_lines, by=manager, claim=claim, entries=[(family, PROGRESS)]) == locked
    assert refused(actions.remove_line, by=manager, line=ClaimLine.objects.get(pk=line.pk)) == locked
    assert refused(actions.approve_claim, by=approver, claim=claim) == locked
    assert list(claim.lines.values_list("outcome", flat=True)) == [ATTACHMENT]


# Frozen evidence -----------------------------------------------------------------------------------------------------

def test_a_lines_evidence_stays_as_it_was_claimed(manager, partnership, council, phase_2):
    family = h.turned_around(manager, partnership, council, phase_2)
    offences = [h.fact(manager, family, "Kyle", Fact.Kind.YOUTH_OFFENCE, day, day, value=value, source="YOT")
                for day, value in ((family.attached_on - datetime.timedelta(days=40), 2),
                                   (family.attached_on - ONE_DAY, 1), (h.days_ago(15), 1))]
    result, evidence = fresh(family)
    assert result.met
    [line] = actions.add_lines(by=manager, claim=claim_for(manager, phase_2), entries=[(family, PROGRESS)])
    stored = ClaimLine.objects.get(pk=line.pk)
    assert stored.evidence == evidence
    assert stored.digest == line.digest == assess.digest(stored.evidence) == assess.digest(evidence)
    offending = next(c for c in stored.evidence["conditions"] if c["kind"] == "offending_fall")
    assert (offending["comparison"]["before"], offending["comparison"]["latest"]) == (3, 1)
    assert [e["fact"] for e in offending["evidence"]] == [f.pk for f in offences]

    # The records change after the claim: a report in the latest window, one offence altered, another deleted.
    h.asb(manager, family, "Kyle", h.days_ago(2))
    Fact.objects.filter(pk=offences[0].pk).update(value=5)
    offences[2].delete()
    now, now_evidence = fresh(family)
    assert not now.met
    assert now_evidence != evidence
    stored = ClaimLine.objects.get(pk=line.pk)
    assert stored.evidence == evidence
    assert stored.digest == line.digest == assess.digest(stored.evidence)
    assert assess.digest(now_evidence) != stored.digest


def test_evidence_with_a_part_of_an_offence_is_frozen_as_json(manager, partnership, council, phase_2):
    """A fact's number is a decimal: the evidence keeps it as text, and its digest still holds once stored."""
    family = h.turned_around(manager, partnership, council, phase_2)
    h.fact(manager, family, "Kyle", Fact.Kind.YOUTH_OFFENCE, family.attached_on - ONE_DAY, family.attached_on - ONE_DAY,
           value="1.5", source="YOT")
    [line] = actions.add_lines(by=manager, claim=claim_for(manager, phase_2), entries=[(family, PROGRESS)])
    stored = ClaimLine.objects.get(pk=line.pk)
    offending = next(c for c in stored.evidence["conditions"] if c["kind"] == "offending_fall")
    assert (offending["comparison"]["before"], offending["comparison"]["latest"]) == ("1.50", 0)
    assert stored.evidence == line.evidence
    assert assess.digest(stored.evidence) == stored.digest


# Spot checks ---------------------------------------------------------------------------------------------------------

@pytest.fixture
def approved(manager, approver, partnership, council, phase_2):
    """A claim for four families' attachment fees, made by the manager and approved by another."""
    families = [eligible(manager, partnership, council, phase_2) for _ in range(4)]
    claim = claim_for(manager, phase_2)
    actions.add_lines(by=manager, claim=claim, entries=[(family, ATTACHMENT) for family in families])
    actions.approve_claim(by=approver, claim=claim)
    claim.refresh_from_db()
    return claim


def line_of(claim, family_id):
    return ClaimLine.objects.get(claim=claim, family_id=family_id)


def test_the_same_seed_and_families_draw_the_same_sample():
    ids = [41, 7, 19, 3, 88, 23]
    assert actions.draw_sample(ids, 3, 2026) == actions.draw_sample(list(reversed(ids)) + [7], 3, 2026)
    assert actions.draw_sample(ids, 3, 2026) == [3, 19, 88]  # anyone with the seed redraws it, in this order
    assert actions.draw_sample(ids, 3, 2027) != actions.draw_sample(ids, 3, 2026)
    assert sorted(actions.draw_sample(ids, 6, 1)) == sorted(ids)


def test_a_spot_check_is_drawn_with_its_seed_recorded(manager, auditor, partnership, approved):
    check = actions.draw_spot_check(by=auditor, claim=approved, size=2, seed=2026)
    claimed = list(approved.lines.values_list("family_id", flat=True))
    assert (check.size, check.seed) == (2, 2026)
    assert check.sample == actions.draw_sample(claimed, 2, 2026) == actions.draw_sample(claimed, 2, check.seed)
    [event] = AuditEvent.objects.filter(action="families.spot_check_drawn")
    assert event.data == {"size": 2, "seed": 2026, "sample": check.sample}
    assert [line.family_id for line in queries.sampled_lines(approved)] == check.sample


def test_a_seed_is_chosen_when_none_is_given_and_redraws_the_sample(auditor, approved):
    check = actions.draw_spot_check(by=auditor, claim=approved, size=3)
    claimed = approved.lines.values_list("family_id", flat=True)
    assert check.sample == actions.draw_sample(claimed, 3, check.seed)


@pytest.mark.parametrize("size, seed, expected", [
    (0, 1, {"size": ["Draw from 1 to 4 families (the number claimed for)"]}),
    (5, 1, {"size": ["Draw from 1 to 4 families (the number claimed for)"]}),
    (None, 1, {"size": ["Draw from 1 to 4 families (the number claimed for)"]}),
    (2, -1, {"seed": ["The seed is a whole number from 0 to 9223372036854775807"]}),
    (2, 2**63, {"seed": ["The seed is a whole number from 0 to 9223372036854775807"]}),
])
def test_a_sample_is_of_1_to_all_the_families(auditor, approved, size, seed, expected):
    assert refused(actions.draw_spot_check, by=auditor, claim=approved, size=size, seed=seed) == expected
    assert not hasattr(type(approved).objects.get(pk=approved.pk), "spot_check")


def test_all_the_families_may_be_drawn(auditor, approved):
    check = actions.draw_spot_check(by=auditor, claim=approved, size=4, seed=2**63 - 1)
    assert sorted(check.sample) == sorted(approved.lines.values_list("family_id", flat=True))


def test_a_spot_check_is_drawn_once_and_only_on_an_approved_claim(manager, auditor, partnership, council, phase_2,
                                                                  approved):
    draft = claim_for(manager, phase_2, "Draft")
    actions.add_lines(by=manager, claim=draft, entries=[(eligible(manager, partnership, council, phase_2),
                                                         ATTACHMENT)])
    assert refused(actions.draw_spot_check, by=auditor, claim=draft, size=1, seed=1) == {
        "size": ["Approve the claim before drawing its spot check"]}
    actions.draw_spot_check(by=auditor, claim=approved, size=1, seed=1)
    approved.refresh_from_db()
    assert refused(actions.draw_spot_check, by=auditor, claim=approved, size=1, seed=2) == {
        "size": [f"Its spot check was drawn on {h.TODAY:%-d %B %Y}"]}
    assert approved.spot_check.seed == 1


def test_only_the_sampled_lines_are_checked(auditor, approved):
    check = actions.draw_spot_check(by=auditor, claim=approved, size=1, seed=5)
    [unsampled, *_] = approved.lines.exclude(family_id__in=check.sample)
    assert refused(actions.record_check, by=auditor, line=unsampled, passed=True) == {
        "passed": [f"{unsampled.family.reference} was not drawn for the spot check"]}
    assert ClaimLine.objects.get(pk=unsampled.pk).status == ClaimLine.Status.CLAIMED


def test_who_made_or_approved_the_claim_does_not_check_it(manager, approver, auditor, approved):
    check = actions.draw_spot_check(by=auditor, claim=approved, size=1, seed=5)
    line = line_of(approved, check.sample[0])
    for user in (manager, approver):
        assert refused(actions.record_check, by=user, line=line, passed=True) == {
            "passed": ["Whoever made or approved a claim does not check it"]}
    assert ClaimLine.objects.get(pk=line.pk).status == ClaimLine.Status.CLAIMED
    actions.record_check(by=auditor, line=line, passed=True)
    assert ClaimLine.objects.get(pk=line.pk).status == ClaimLine.Status.VERIFIED


def test_a_pass_verifies_the_line_once(auditor, approved):
    check = actions.draw_spot_check(by=auditor, claim=approved, size=2, seed=5)
    line = line_of(approved, check.sample[0])
    assert refused(actions.record_check, by=auditor, line=line, passed=None) == {
        "passed": ["Say whether the evidence bears the claim out"]}
    actions.record_check(by=auditor, line=line, passed=True)
    line = ClaimLine.objects.get(pk=line.pk)
    assert (line.status, line.checked_by, line.withdrawn_reason) == (ClaimLine.Status.VERIFIED, auditor, "")
    assert refused(actions.record_check, by=auditor, line=line, passed=False, reason="Second thoughts") == {
        "passed": [f"It was already verified on {h.TODAY:%-d %B %Y}"]}
    assert ClaimLine.objects.get(pk=line.pk).status == ClaimLine.Status.VERIFIED
    assert AuditEvent.objects.filter(action="families.claim_line_verified").count() == 1


def test_a_fail_needs_a_reason_and_withdraws_the_line(manager, auditor, phase_2, approved):
    check = actions.draw_spot_check(by=auditor, claim=approved, size=2, seed=5)
    line = line_of(approved, check.sample[0])
    assert refused(actions.record_check, by=auditor, line=line, passed=False, reason="  ") == {
        "reason": ["Say why it fails: the claim line is withdrawn with it"]}
    assert ClaimLine.objects.get(pk=line.pk).status == ClaimLine.Status.CLAIMED
    actions.record_check(by=auditor, line=line, passed=False, reason=" No benefits record found for the mother ")
    line = ClaimLine.objects.get(pk=line.pk)
    assert (line.status, line.withdrawn_reason) == (ClaimLine.Status.WITHDRAWN,
                                                    "No benefits record found for the mother")
    [event] = AuditEvent.objects.filter(action="families.claim_line_withdrawn")
    assert (event.reason, event.data["line"]) == ("No benefits record found for the mother", line.pk)
    assert refused(actions.record_check, by=auditor, line=line, passed=True) == {
        "passed": [f"It was already withdrawn on {h.TODAY:%-d %B %Y}"]}
    # Withdrawn, the line no longer stands: the family may be claimed for the fee again.
    [again] = actions.add_lines(by=manager, claim=claim_for(manager, phase_2, "Resubmitted"),
                                entries=[(line.family, ATTACHMENT)])
    assert again.amount == line.amount


def test_evidence_changed_in_the_database_fails_its_digest(auditor, approved):
    check = actions.draw_spot_check(by=auditor, claim=approved, size=1, seed=5)
    line = line_of(approved, check.sample[0])
    tampered = {**line.evidence, "attached_on": h.days_ago(700).isoformat()}
    ClaimLine.objects.filter(pk=line.pk).update(evidence=tampered)
    line = ClaimLine.objects.get(pk=line.pk)
    assert refused(actions.record_check, by=auditor, line=line, passed=True) == {
        "passed": ["Its frozen evidence no longer matches its digest, so it cannot pass: fail it, and report this to "
                   "the partnership's data protection officer"]}
    assert ClaimLine.objects.get(pk=line.pk).status == ClaimLine.Status.CLAIMED
    actions.record_check(by=auditor, line=line, passed=False, reason="The evidence was changed after the claim")
    assert ClaimLine.objects.get(pk=line.pk).status == ClaimLine.Status.WITHDRAWN


def test_whoever_approved_a_claim_draws_its_sample_only_with_a_random_seed(manager, approved):
    assert refused(actions.draw_spot_check, by=approved.approved_by, claim=approved, size=1, seed=7) == {
        "seed": ["Whoever made or approved a claim draws its spot check with a random seed: leave the seed empty"]}
    check = actions.draw_spot_check(by=approved.approved_by, claim=approved, size=1)
    assert check.sample == actions.draw_sample(approved.lines.values_list("family_id", flat=True), 1, check.seed)
