"""The Family Focus programme pages (ADR 68): rule sets, claims, the spot check and its auditor, and
the claim schedule, through the real pages. Who may do what, refusals shown again with a 400 and
nothing changed, no names in what is exported, and a spot check anyone can draw again."""

import csv
import html
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from eunomia.audit.models import AuditEvent
from eunomia.families import actions, assess, rules
from eunomia.families.models import Claim, ClaimLine, Fact, RuleSet, SpotCheck
from tests.families import helpers as h

BASE = "/p/testvale/family-claims"
NAMES = ("Dana", "Kyle", "Mia", "Fletcher", "Priya", "Tunde", "Okafor", "Ewa", "Jan", "Nowak")
# Odd pence, so that any sum in floating point would show.
FEE, RESULT = "1000.10", "800.20"


def _pence_rules():
    document = rules.presets()["phase-2-2015-20"][4]
    outcomes = [{**outcome, "payments": [{"from": "2015-04-01", "amount": RESULT}]} for outcome in document["outcomes"]]
    return {"outcomes": outcomes, "attachment_fees": [{"from": "2015-04-01", "amount": FEE}]}


def _eligible_on_facts(by, family, first_name):
    for kind, problem in ((Fact.Kind.OUT_OF_WORK_BENEFITS, "worklessness"), (Fact.Kind.HEALTH, "health")):
        fact = h.fact(by, family, first_name, kind, h.days_ago(500), h.days_ago(450), source="DWP data share")
        actions.add_evidence(by=by, family=family, problem=problem, fact=fact)


@pytest.fixture
def world(manager, practitioner, make_member, partnership, council, housing, analyst, outsider):
    """Three attached families under a rule set paying £1,000.10 to attach and £800.20 a result:
    `progressing` (the council's) meets significant progress (ASB fell from 5 reports to none);
    `stuck` (the council's) meets nothing; `elsewhere` (Testvale Homes') is seen by its practitioner only."""
    rule_set = h.rule_set(manager, partnership, **_pence_rules())
    progressing = h.household(manager, partnership, council, rule_set)
    for days in (430, 420, 410, 405, 401):
        report = h.asb(manager, progressing, "Kyle", h.days_ago(days))
    benefits = h.fact(manager, progressing, "Dana", Fact.Kind.OUT_OF_WORK_BENEFITS, h.days_ago(500), h.days_ago(450))
    actions.add_evidence(by=manager, family=progressing, problem="crime_asb", report=report)
    actions.add_evidence(by=manager, family=progressing, problem="worklessness", fact=benefits)
    stuck = h.family(manager, partnership, council, rule_set, members=[
        ("Priya", "Okafor", h.TODAY.replace(year=h.TODAY.year - 40, day=1), "parent"),
        ("Tunde", "Okafor", h.TODAY.replace(year=h.TODAY.year - 12, day=1), "child")])
    _eligible_on_facts(manager, stuck, "Priya")
    elsewhere = h.family(manager, partnership, housing, rule_set, members=[
        ("Ewa", "Nowak", h.TODAY.replace(year=h.TODAY.year - 35, day=1), "parent"),
        ("Jan", "Nowak", h.TODAY.replace(year=h.TODAY.year - 10, day=1), "child")])
    _eligible_on_facts(manager, elsewhere, "Ewa")
    for family in (progressing, stuck, elsewhere):
        actions.attach(by=manager, family=family, on=h.days_ago(400))
    return {"rule_set": rule_set, "progressing": progressing, "stuck": stuck, "elsewhere": elsewhere,
            "manager": manager, "practitioner": practitioner, "analyst": analyst, "outsider": outsider,
            "csu_officer": make_member("csu_officer", partnership, council),
            "auditor": make_member("programme_auditor", partnership, council)}


def _claim(world, partnership, *, approve=False):
    """A claim of four lines: every family's attachment fee and progressing's significant progress."""
    claim = actions.create_claim(by=world["manager"], partnership=partnership, rule_set=world["rule_set"],
                                 title="Claim for the quarter", period_start=h.days_ago(90), period_end=h.TODAY)
    actions.add_lines(by=world["manager"], claim=claim, entries=[
        (world["progressing"], rules.ATTACHMENT), (world["progressing"], "significant_progress"),
        (world["stuck"], rules.ATTACHMENT), (world["elsewhere"], rules.ATTACHMENT)])
    if approve:
        actions.approve_claim(by=world["manager"], claim=claim)
    return claim


@pytest.fixture
def claim(world, partnership):
    return _claim(world, partnership)


@pytest.fixture
def approved(world, partnership):
    return _claim(world, partnership, approve=True)


def _seed_drawing(claim, family, size=1):
    """A seed whose sample of `claim` is `family` first."""
    ids = list(claim.lines.order_by().values_list("family_id", flat=True).distinct())
    return next(seed for seed in range(1000) if actions.draw_sample(ids, size, seed)[0] == family.pk)


def _text(response):
    return html.unescape(response.content.decode())


def _lines_state():
    return list(ClaimLine.objects.values_list("pk", "status", "withdrawn_reason", "amount").order_by("pk"))


# The programme's home page ---------------------------------------------------------------------------------

def test_the_home_page_shows_each_claim_by_its_totals_in_exact_pence(world, approved, fast_client_for):
    line = approved.lines.get(family=world["stuck"])
    actions.draw_spot_check(by=world["auditor"], claim=approved, size=3, seed=1)
    actions.record_check(by=world["auditor"], line=line, passed=False, reason="No evidence of the health problem")

    response = fast_client_for(world["csu_officer"]).get(f"{BASE}/")

    assert response.status_code == 200
    row = _text(response).split("Claim for the quarter", 1)[1].split("</tr>", 1)[0]
    cells = [cell.strip() for cell in row.split('govuk-table__cell--numeric">')[1:]]
    assert [cell.split("<", 1)[0] for cell in cells] == ["3", "0", "1", "£2,000.20", "£800.20", "£2,800.40"]
    assert not any(name in _text(response) for name in NAMES)


@pytest.mark.parametrize("who, status", [("csu_officer", 200), ("practitioner", 200), ("auditor", 200),
                                         ("manager", 200), ("analyst", 403), ("outsider", 404)])
def test_the_home_page_is_for_those_who_work_manage_or_check_the_programme(world, who, status, fast_client_for):
    assert fast_client_for(world[who]).get(f"{BASE}/").status_code == status


# Rule sets ----------------------------------------------------------------------------------------------------

def test_a_rule_set_reads_as_tables_and_as_its_document(world, fast_client_for):
    response = fast_client_for(world["csu_officer"]).get(f"{BASE}/rule-sets/{world['rule_set'].pk}/")

    text = _text(response)
    assert response.status_code == 200
    assert "at least <strong>2</strong> of these 6 problems" in text
    assert "Crime or anti-social behaviour" in text and "ASB report" in text
    assert "Proven offences by a young person (number in the period)" in text
    assert ("ASB reports naming a member as alleged perpetrator fall by at least 60%: the 6 months before the start "
            "against the latest 6 months") in text
    assert "When the family holds crime or anti-social behaviour" in text
    assert "Not paid as well as: An adult into continuous employment." in text
    assert "£800.20" in text and "£1,000.10" in text and "1 April 2015" in text
    assert '"problems_needed": 2' in text
    assert "Change the rule set" not in text, "only the CSP manager changes rule sets"


def test_the_csp_manager_adds_a_rule_set_of_the_national_programme(world, partnership, fast_client_for):
    client = fast_client_for(world["manager"])

    response = client.post(f"{BASE}/rule-sets/national/", {"preset": "phase-1-2012-15"})

    added = RuleSet.objects.get(phase="Phase 1, 2012 to 2015")
    assert response["Location"] == f"{BASE}/rule-sets/{added.pk}/"
    assert added.rules == rules.presets()["phase-1-2012-15"][4]
    again = client.post(f"{BASE}/rule-sets/national/", {"preset": "phase-1-2012-15"})
    assert again.status_code == 400
    assert "Family Focus (Troubled Families) already has a rule set for Phase 1, 2012 to 2015" in _text(again)
    assert RuleSet.objects.filter(phase="Phase 1, 2012 to 2015").count() == 1


@pytest.mark.parametrize("who, status", [("practitioner", 403), ("csu_officer", 403), ("auditor", 403),
                                         ("outsider", 404)])
def test_only_the_csp_manager_adds_rule_sets(world, who, status, fast_client_for):
    before = RuleSet.objects.count()

    response = fast_client_for(world[who]).post(f"{BASE}/rule-sets/national/", {"preset": "phase-1-2012-15"})

    assert response.status_code == status
    assert RuleSet.objects.count() == before


def _rule_set_posted(rule_set, text):
    return {"programme": rule_set.programme, "phase": "Draft phase", "starts_on": rule_set.starts_on.isoformat(),
            "ends_on": rule_set.ends_on.isoformat(), "rules": text}


def test_a_rule_set_whose_rules_are_wrong_is_refused_naming_each_fault(world, partnership, fast_client_for):
    rule_set = actions.save_rule_set(by=world["manager"], partnership=partnership, programme="Family Focus",
                                     phase="Local", starts_on=h.days_ago(10), ends_on=h.TODAY,
                                     rules=rules.presets()["phase-2-2015-20"][4])
    document = {**rule_set.rules, "problems_needed": 9, "attachment_fees": [{"from": "2015-04-01", "amount": "£1"}]}
    before = (rule_set.rules, AuditEvent.objects.count())

    response = fast_client_for(world["manager"]).post(f"{BASE}/rule-sets/{rule_set.pk}/edit/",
                                                      _rule_set_posted(rule_set, json.dumps(document)))

    assert response.status_code == 400
    summary = _text(response).split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    assert summary.count("<li>") == 2
    assert "problems_needed: give a whole number from 1 to the number of problems (6)" in summary
    assert 'attachment_fees[0].amount: give pounds and pence as text, like "800.00", from 0 to 99999.99' in summary
    rule_set.refresh_from_db()
    assert (rule_set.rules, rule_set.phase, AuditEvent.objects.count()) == (before[0], "Local", before[1])


def test_a_rule_set_with_families_attached_cannot_change(world, fast_client_for):
    rule_set = world["rule_set"]
    client = fast_client_for(world["manager"])
    assert "Change the rule set" not in _text(client.get(f"{BASE}/rule-sets/{rule_set.pk}/"))

    response = client.post(f"{BASE}/rule-sets/{rule_set.pk}/edit/", _rule_set_posted(rule_set, json.dumps(
        rule_set.rules)))

    assert response.status_code == 400
    assert "Families are attached under this rule set, so its rules can no longer change" in _text(response)
    rule_set.refresh_from_db()
    assert rule_set.phase == "Local rules"


# Making a claim ---------------------------------------------------------------------------------------------------

def test_the_csp_manager_makes_a_claim_of_the_families_that_meet_an_outcome(world, partnership, fast_client_for):
    client = fast_client_for(world["manager"])
    response = client.post(f"{BASE}/claims/new/", {
        "rule_set": world["rule_set"].pk, "title": "Claim for the quarter", "period_start": h.days_ago(90).isoformat(),
        "period_end": h.TODAY.isoformat()})
    claim = Claim.objects.get()
    assert response["Location"] == f"{BASE}/claims/{claim.pk}/"
    progressing, stuck, elsewhere = world["progressing"], world["stuck"], world["elsewhere"]

    listed = _text(client.get(f"{BASE}/claims/{claim.pk}/add/?outcome=significant_progress"))

    # The council's manager sees the council's families: the one that met it is offered, the others not.
    assert f'value="{progressing.pk}"' in listed and progressing.reference in listed
    assert stuck.reference not in listed and elsewhere.reference not in listed
    viewed = AuditEvent.objects.filter(action="families.claim_candidates_viewed").latest("id")
    assert viewed.data["ids"] == [progressing.pk]

    response = client.post(f"{BASE}/claims/{claim.pk}/add/", {"outcome": "significant_progress",
                                                               "families": [progressing.pk]})

    assert response["Location"] == f"{BASE}/claims/{claim.pk}/"
    line = claim.lines.get()
    assert (line.family, line.outcome, line.amount, line.status) == (progressing, "significant_progress",
                                                                     Decimal(RESULT), "claimed")
    assert line.digest == assess.digest(line.evidence)
    # Claimed once: it is no longer offered, and attachment fees are offered for both council families.
    assert progressing.reference not in _text(client.get(f"{BASE}/claims/{claim.pk}/add/?outcome=significant_progress"))
    fees = _text(client.get(f"{BASE}/claims/{claim.pk}/add/?outcome=attachment"))
    assert progressing.reference in fees and stuck.reference in fees and "£1,000.10" in fees


@pytest.mark.parametrize("family, outcome, message", [
    ("stuck", "significant_progress", "{reference}, significant and sustained progress: not met on {today}. Not met: "
                                      "none of its conditions applies to this family"),
    ("progressing", "attachment", "{reference}, attachment fee: already claimed in Claim for the quarter"),
    ("progressing", "employment", "{reference}, an adult into continuous employment: significant and sustained "
                                  "progress was already claimed for the family, and the rule set pays for only one of "
                                  "them"),
])
def test_families_that_cannot_be_claimed_are_refused_and_nothing_is_added(world, claim, family, outcome, message,
                                                                          fast_client_for):
    family = world[family]
    before = (_lines_state(), AuditEvent.objects.filter(action="families.claim_lines_added").count())

    response = fast_client_for(world["manager"]).post(f"{BASE}/claims/{claim.pk}/add/", {
        "outcome": outcome, "families": [family.pk]})

    assert response.status_code == 400
    assert message.format(reference=family.reference, today=f"{h.TODAY:%-d %B %Y}") in _text(response)
    assert (_lines_state(), AuditEvent.objects.filter(action="families.claim_lines_added").count()) == before


def test_choosing_no_family_or_an_outcome_not_listed_is_refused(world, claim, fast_client_for):
    client = fast_client_for(world["manager"])
    before = _lines_state()

    nothing = client.post(f"{BASE}/claims/{claim.pk}/add/", {"outcome": "attachment"})
    unknown = client.get(f"{BASE}/claims/{claim.pk}/add/?outcome=turned_around")
    not_seen = client.post(f"{BASE}/claims/{claim.pk}/add/", {"outcome": "attachment", "families": [999999]})

    assert nothing.status_code == 400 and "Choose at least one family to claim for" in _text(nothing)
    assert unknown.status_code == 400 and "Choose one of the outcomes listed" in _text(unknown)
    # A family that is not the partnership's (here, none at all) cannot be picked through the page.
    assert not_seen.status_code == 400 and "Choose families from the list" in _text(not_seen)
    assert _lines_state() == before


def test_a_line_is_taken_off_a_draft_but_not_off_an_approved_claim(world, claim, fast_client_for):
    client = fast_client_for(world["manager"])
    line = claim.lines.get(family=world["stuck"])

    response = client.post(f"{BASE}/claims/{claim.pk}/lines/{line.pk}/remove/")

    assert response["Location"] == f"{BASE}/claims/{claim.pk}/"
    assert not ClaimLine.objects.filter(pk=line.pk).exists()
    actions.approve_claim(by=world["manager"], claim=claim)
    other = claim.lines.get(family=world["elsewhere"])
    client.post(f"{BASE}/claims/{claim.pk}/lines/{other.pk}/remove/")
    assert ClaimLine.objects.filter(pk=other.pk).exists()
    assert "is locked" in _text(client.get(f"{BASE}/claims/{claim.pk}/"))


# Approving ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who, status", [("practitioner", 403), ("csu_officer", 403), ("auditor", 403),
                                         ("outsider", 404)])
def test_only_the_csp_manager_approves_a_claim(world, claim, who, status, fast_client_for):
    client = fast_client_for(world[who])

    assert client.get(f"{BASE}/claims/{claim.pk}/approve/").status_code == status
    assert client.post(f"{BASE}/claims/{claim.pk}/approve/").status_code == status

    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT


def test_the_csp_manager_approves_a_claim_after_a_confirmation(world, claim, fast_client_for):
    client = fast_client_for(world["manager"])

    page = _text(client.get(f"{BASE}/claims/{claim.pk}/approve/"))
    response = client.post(f"{BASE}/claims/{claim.pk}/approve/")

    assert "4 lines for £3,800.50 (£3,000.30 in attachment fees, £800.20 in results)" in page
    assert response["Location"] == f"{BASE}/claims/{claim.pk}/"
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.approved_by == world["manager"]


def test_an_empty_claim_is_not_approved(world, partnership, fast_client_for):
    empty = actions.create_claim(by=world["manager"], partnership=partnership, rule_set=world["rule_set"],
                                 title="Empty", period_start=h.days_ago(9), period_end=h.TODAY)

    response = fast_client_for(world["manager"]).post(f"{BASE}/claims/{empty.pk}/approve/")

    assert response.status_code == 400
    assert "Add the families claimed for before approving the claim" in _text(response)
    empty.refresh_from_db()
    assert empty.status == Claim.Status.DRAFT


# What each reader sees of a claim ------------------------------------------------------------------------------

def test_a_reader_sees_the_lines_of_the_families_they_work_with_and_the_totals_of_all(world, claim, fast_client_for):
    progressing, stuck, elsewhere = world["progressing"], world["stuck"], world["elsewhere"]

    council = _text(fast_client_for(world["csu_officer"]).get(f"{BASE}/claims/{claim.pk}/"))
    homes = _text(fast_client_for(world["practitioner"]).get(f"{BASE}/claims/{claim.pk}/"))

    assert f'href="/p/testvale/families/{progressing.pk}/">{progressing.reference}</a>' in council
    assert stuck.reference in council and elsewhere.reference not in council
    assert "1 line of families you do not work with is counted in the totals but not listed" in council
    assert elsewhere.reference in homes and progressing.reference not in homes
    assert "3 lines of families you do not work with are counted in the totals but not listed" in homes
    for page in (council, homes):
        assert "£3,800.50" in page and not any(name in page for name in NAMES)
    viewed = AuditEvent.objects.filter(action="families.claim_viewed").order_by("id")
    assert [len(event.data["ids"]) for event in viewed] == [3, 1]


def test_the_csp_manager_sees_every_line_of_the_claim_they_send(world, claim, fast_client_for):
    page = _text(fast_client_for(world["manager"]).get(f"{BASE}/claims/{claim.pk}/"))

    elsewhere = world["elsewhere"]
    # Listed by reference, but the family's page stays Testvale Homes': no link to it.
    assert f"{elsewhere.reference}</th>" in page
    assert f"/families/{elsewhere.pk}/" not in page
    assert "counted in the totals but not listed" not in page


# The spot check -------------------------------------------------------------------------------------------------------

def test_a_spot_check_drawn_through_the_page_can_be_drawn_again_from_its_seed(world, approved, fast_client_for):
    client = fast_client_for(world["auditor"])

    response = client.post(f"{BASE}/claims/{approved.pk}/spot-check/draw/", {"size": "2", "seed": "20261206"})

    assert response["Location"] == f"{BASE}/claims/{approved.pk}/spot-check/"
    ids = list(approved.lines.values_list("family_id", flat=True))
    check = SpotCheck.objects.get(claim=approved)
    assert (check.seed, check.sample) == (20261206, actions.draw_sample(ids, 2, 20261206))
    page = _text(client.get(f"{BASE}/claims/{approved.pk}/spot-check/"))
    assert "<code class=\"eunomia-token\">20261206</code>" in page
    assert "the same seed and the same claim always draw the same families" in page
    references = {family.pk: family.reference for family in (world["progressing"], world["stuck"], world["elsewhere"])}
    drawn = ", ".join(references[pk] for pk in check.sample)
    assert f"2, in the order drawn: {drawn}" in page


def test_a_spot_check_drawn_without_a_seed_shows_the_one_it_drew_with(world, approved, fast_client_for):
    client = fast_client_for(world["auditor"])

    client.post(f"{BASE}/claims/{approved.pk}/spot-check/draw/", {"size": "1", "seed": ""})

    check = SpotCheck.objects.get(claim=approved)
    assert check.sample == actions.draw_sample(approved.lines.values_list("family_id", flat=True), 1, check.seed)
    assert f"with the seed <code class=\"eunomia-token\">{check.seed}</code>" in _text(
        client.get(f"{BASE}/claims/{approved.pk}/"))


@pytest.mark.parametrize("posted, message", [
    ({"size": "4"}, "Draw from 1 to 3 families (the number claimed for)"),
    ({"size": ""}, "Enter how many families to draw"),
    ({"size": "2", "seed": "-1"}, "The seed cannot be below 0"),
    ({"size": "2", "seed": "lucky"}, "Enter the seed as a whole number"),
])
def test_a_spot_check_that_cannot_be_drawn_is_refused(world, approved, posted, message, fast_client_for):
    response = fast_client_for(world["auditor"]).post(f"{BASE}/claims/{approved.pk}/spot-check/draw/", posted)

    assert response.status_code == 400
    assert message in _text(response)
    assert not SpotCheck.objects.exists()


def test_no_spot_check_is_drawn_from_a_draft_or_by_whoever_does_not_check_claims(world, claim, fast_client_for):
    draft = fast_client_for(world["auditor"]).post(f"{BASE}/claims/{claim.pk}/spot-check/draw/", {"size": "1"})
    practitioner = fast_client_for(world["practitioner"]).post(f"{BASE}/claims/{claim.pk}/spot-check/draw/",
                                                               {"size": "1"})

    assert draft.status_code == 400 and "Approve the claim before drawing its spot check" in _text(draft)
    assert practitioner.status_code == 403
    assert not SpotCheck.objects.exists()


def test_the_auditor_sees_only_the_sampled_lines_with_their_frozen_evidence(world, approved, fast_client_for):
    progressing, stuck, elsewhere = world["progressing"], world["stuck"], world["elsewhere"]
    actions.draw_spot_check(by=world["auditor"], claim=approved, size=1, seed=_seed_drawing(approved, progressing))
    client = fast_client_for(world["auditor"])

    page = _text(client.get(f"{BASE}/claims/{approved.pk}/spot-check/"))
    claim_page = _text(client.get(f"{BASE}/claims/{approved.pk}/"))

    for text in (page, claim_page):
        assert progressing.reference in text
        assert stuck.reference not in text and elsewhere.reference not in text
        assert not any(name in text for name in NAMES)
    # The auditor works no family, so the family's own page is not linked.
    assert f"/families/{progressing.pk}/" not in page
    reports = sorted(r["report"] for c in approved.lines.get(outcome="significant_progress").evidence["conditions"]
                     for r in c["evidence"])
    assert len(reports) == 5 and all(f"ASB report {reference}" in page for reference in reports)
    assert "5, from" in page and "Fall needed" in page and "60%" in page
    assert "Member 1: Parent or carer" in page and "Member 2: Child" in page
    assert page.count("Evidence matches its digest") == 2
    viewed = AuditEvent.objects.get(action="families.spot_check_viewed")
    assert viewed.data["lines"] == [line.pk for line in approved.lines.filter(family=progressing).order_by("outcome")]


def test_the_auditor_passes_and_fails_sampled_lines(world, approved, fast_client_for):
    progressing = world["progressing"]
    actions.draw_spot_check(by=world["auditor"], claim=approved, size=1, seed=_seed_drawing(approved, progressing))
    client = fast_client_for(world["auditor"])
    fee, result = approved.lines.get(outcome=rules.ATTACHMENT, family=progressing), approved.lines.get(
        outcome="significant_progress")
    url = f"{BASE}/claims/{approved.pk}/spot-check/lines"
    before = _lines_state()

    refused = client.post(f"{url}/{result.pk}/", {f"line{result.pk}-passed": "fail", f"line{result.pk}-reason": " "})

    assert refused.status_code == 400
    assert "Say why it fails: the claim line is withdrawn with it" in _text(refused)
    assert f'href="#id_line{result.pk}-reason"' in refused.content.decode()
    assert f'id="id_line{result.pk}-reason"' in refused.content.decode()
    assert f'id="id_line{fee.pk}-passed_1"' in refused.content.decode(), "each line's form has ids of its own"
    assert _lines_state() == before

    assert client.post(f"{url}/{fee.pk}/", {f"line{fee.pk}-passed": "pass"}).status_code == 302
    assert client.post(f"{url}/{result.pk}/", {f"line{result.pk}-passed": "fail",
                                               f"line{result.pk}-reason": "The reports moved to a neighbour"}
                       ).status_code == 302

    fee.refresh_from_db()
    result.refresh_from_db()
    assert (fee.status, result.status, result.withdrawn_reason) == ("verified", "withdrawn",
                                                                     "The reports moved to a neighbour")
    page = _text(client.get(f"{BASE}/claims/{approved.pk}/spot-check/"))
    assert "Record the check" not in page and "Reason: The reports moved to a neighbour" in page


def test_a_line_not_drawn_is_not_found_by_the_auditor(world, approved, fast_client_for):
    actions.draw_spot_check(by=world["auditor"], claim=approved, size=1,
                            seed=_seed_drawing(approved, world["progressing"]))
    other = approved.lines.get(family=world["stuck"])

    response = fast_client_for(world["auditor"]).post(
        f"{BASE}/claims/{approved.pk}/spot-check/lines/{other.pk}/", {f"line{other.pk}-passed": "pass"})

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "claimed"


def test_whoever_approved_the_claim_does_not_check_it(world, approved, fast_client_for):
    actions.draw_spot_check(by=world["auditor"], claim=approved, size=3, seed=3)
    line = approved.lines.get(family=world["stuck"])
    client = fast_client_for(world["manager"])

    page = _text(client.get(f"{BASE}/claims/{approved.pk}/spot-check/"))
    response = client.post(f"{BASE}/claims/{approved.pk}/spot-check/lines/{line.pk}/",
                           {f"line{line.pk}-passed": "pass"})

    assert "You made or approved this claim, so someone else records its checks" in page
    assert "Record the check" not in page
    assert response.status_code == 400 and "Whoever made or approved a claim does not check it" in _text(response)
    line.refresh_from_db()
    assert line.status == "claimed"


def test_evidence_changed_after_it_was_claimed_is_shown_and_cannot_pass(world, approved, fast_client_for):
    actions.draw_spot_check(by=world["auditor"], claim=approved, size=3, seed=3)
    line = approved.lines.get(outcome="significant_progress")
    ClaimLine.objects.filter(pk=line.pk).update(evidence={**line.evidence, "reason": "Met: trust me"})
    client = fast_client_for(world["auditor"])

    page = _text(client.get(f"{BASE}/claims/{approved.pk}/spot-check/"))
    response = client.post(f"{BASE}/claims/{approved.pk}/spot-check/lines/{line.pk}/",
                           {f"line{line.pk}-passed": "pass"})

    assert page.count("Evidence matches its digest") == 3
    assert "The evidence no longer matches the digest taken when the line was claimed" in page
    assert response.status_code == 400 and "no longer matches its digest" in _text(response)
    line.refresh_from_db()
    assert line.status == "claimed"


@pytest.mark.parametrize("who, status", [("practitioner", 403), ("csu_officer", 403), ("analyst", 403),
                                         ("outsider", 404)])
def test_only_those_who_check_claims_open_the_spot_check(world, approved, who, status, fast_client_for):
    actions.draw_spot_check(by=world["auditor"], claim=approved, size=3, seed=3)

    assert fast_client_for(world[who]).get(f"{BASE}/claims/{approved.pk}/spot-check/").status_code == status
    assert not AuditEvent.objects.filter(action="families.spot_check_viewed").exists()


# The claim schedule ---------------------------------------------------------------------------------------------------

def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_schedule_lists_each_line_by_reference_with_exact_amounts_and_no_names(world, approved, fast_client_for):
    response = fast_client_for(world["manager"]).get(f"{BASE}/claims/{approved.pk}/schedule.csv")

    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="testvale-claim-' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert not any(name in text for name in NAMES)
    header, *rows = _csv_rows(response)
    assert header[:8] == ["Claim", "Period start", "Period end", "Family reference", "Outcome", "Outcome label",
                          "Attached on", "Amount (£)"]
    assert sorted(row[7] for row in rows) == sorted([RESULT, FEE, FEE, FEE])
    result = next(row for row in rows if row[4] == "significant_progress")
    line = approved.lines.get(outcome="significant_progress")
    assert result[3] == world["progressing"].reference and result[5] == "Significant and sustained progress"
    assert result[1:3] == [h.days_ago(90).isoformat(), h.TODAY.isoformat()]
    assert result[6] == h.days_ago(400).isoformat() and result[8] == "Claimed"
    assert result[9].split("; ") == [item["report"] for c in line.evidence["conditions"] for item in c["evidence"]]
    assert result[10] == line.digest
    exported = AuditEvent.objects.get(action="families.claim_exported")
    assert exported.data == {"format": "csv", "lines": sorted(approved.lines.values_list("pk", flat=True))}


def test_the_schedule_as_a_spreadsheet_keeps_amounts_as_numbers(world, approved, fast_client_for):
    response = fast_client_for(world["manager"]).get(f"{BASE}/claims/{approved.pk}/schedule.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)][1:5]
    assert sum(Decimal(str(row[7])) for row in rows) == Decimal("3800.50")
    text = " ".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)
    assert not any(name in text for name in NAMES)


def test_each_reader_exports_the_lines_they_see(world, approved, fast_client_for):
    actions.draw_spot_check(by=world["auditor"], claim=approved, size=1,
                            seed=_seed_drawing(approved, world["stuck"]))
    references = {}
    for who in ("manager", "csu_officer", "practitioner", "auditor"):
        response = fast_client_for(world[who]).get(f"{BASE}/claims/{approved.pk}/schedule.csv")
        references[who] = sorted(row[3] for row in _csv_rows(response)[1:])
    progressing, stuck, elsewhere = (world[name].reference for name in ("progressing", "stuck", "elsewhere"))

    assert references == {"manager": sorted([progressing, progressing, stuck, elsewhere]),
                          "csu_officer": sorted([progressing, progressing, stuck]),
                          "practitioner": [elsewhere], "auditor": [stuck]}


@pytest.mark.parametrize("who, url, status", [
    ("analyst", "schedule.csv", 403), ("outsider", "schedule.csv", 404), ("manager", "schedule.pdf", 404),
    ("outsider", "", 404), ("analyst", "", 403),
])
def test_the_claim_and_its_schedule_are_refused_to_others(world, approved, who, url, status, fast_client_for):
    assert fast_client_for(world[who]).get(f"{BASE}/claims/{approved.pk}/{url}").status_code == status
    assert not AuditEvent.objects.filter(action__in=["families.claim_exported", "families.claim_viewed"]).exists()


def test_another_partnerships_claim_is_not_found(world, approved, outsider, other_partnership, fast_client_for):
    response = fast_client_for(outsider).get(f"/p/elsewhere/family-claims/claims/{approved.pk}/")

    assert response.status_code == 404
