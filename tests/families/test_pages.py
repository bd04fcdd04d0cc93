"""The Family Focus pages for staff: who reads a family and who changes it, the domestic abuse
evidence masked from readers without DA permission, what is audited, refusals that change nothing,
and a family taken from identification to its plan through the pages."""

import datetime
import html

import pytest
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.audit.queries import within_domains
from eunomia.casework import actions as casework_actions
from eunomia.core.dates import LATEST
from eunomia.domesticabuse import actions as da_actions
from eunomia.families import actions, views
from eunomia.families.models import Family, Relationship
from eunomia.partners import actions as partner_actions
from eunomia.referrals import actions as referral_actions
from tests.families import helpers as h
from tests.families.page_objects import state

FAMILIES = "/p/testvale/families"
INCIDENT = "Door kicked in during an argument over money"
INCIDENT_DAY = h.days_ago(444)


@pytest.fixture
def police(partnership, system_user):
    return partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Police",
                                            kind="police", joined_on=datetime.date(2010, 1, 1))


@pytest.fixture
def readers(make_member, partnership, council, police, manager, analyst, practitioner, board_member, outsider):
    """owner: the council leads the family; shared: housing, which it is shared with; unshared: the
    police, in the partnership but not shared with; elsewhere: another partnership's member."""
    return {
        "owner": make_member("csu_officer", partnership, council),
        "manager": manager,
        "da": make_member("da_specialist", partnership, council),
        "shared": practitioner,
        "unshared": make_member("partner_practitioner", partnership, police),
        "elsewhere": outsider,
        "no_casework": analyst,
        "board": board_member,
    }


@pytest.fixture
def family(manager, partnership, council, housing, readers):
    """The Fletchers, led by the council and shared with housing: Kyle named in an ASB report, and a
    domestic abuse incident as evidence."""
    rule_set = h.rule_set(manager, partnership)
    found = h.household(manager, partnership, council, rule_set)
    report = h.asb(manager, found, "Kyle", h.days_ago(430))
    actions.add_evidence(by=manager, family=found, problem="crime_asb", report=report)
    victim = da_actions.save_person(by=readers["da"], partnership=partnership, first_name="Dana", last_name="Fletcher")
    incident = da_actions.record_incident(by=readers["da"], victim=victim, perpetrator=None, occurred_on=INCIDENT_DAY,
                                          description=INCIDENT)
    actions.add_evidence(by=readers["da"], family=found, problem="domestic_abuse", da_incident=incident)
    agreement = casework_actions.add_agreement(
        by=manager, partnership=partnership, title="Family Focus ISA", purpose="Working with families together",
        lawful_basis="public_task", parties=[council, housing], starts_on=h.days_ago(10), review_on=LATEST)
    actions.share(by=manager, family=found, organisation=housing, agreement=agreement)
    found.report = report
    return found


def page(client, family, tail=""):
    return client.get(f"{FAMILIES}/{family.pk}/{tail}")


def text(response):
    return html.unescape(response.content.decode())


# Who reads a family, and who changes it ----------------------------------------------------------------

@pytest.mark.parametrize("who, status", [
    ("owner", 200), ("manager", 200), ("da", 200), ("shared", 200),
    ("unshared", 404), ("elsewhere", 404), ("no_casework", 403), ("board", 403),
])
def test_the_family_page_by_reader(fast_client_for, readers, family, who, status):
    response = page(fast_client_for(readers[who]), family)

    assert response.status_code == status
    if status == 200:
        assert "Kyle Fletcher" in text(response)


@pytest.mark.parametrize("who, listed", [("owner", True), ("shared", True), ("unshared", False)])
def test_the_list_shows_only_the_families_a_reader_may_see(fast_client_for, readers, family, who, listed):
    response = fast_client_for(readers[who]).get(f"{FAMILIES}/")

    assert response.status_code == 200
    assert (family.reference in text(response)) is listed
    assert "Kyle" not in text(response), "the list names no one"


def test_the_lead_organisation_changes_the_family_and_the_shared_one_only_reads_it(fast_client_for, readers, family):
    owner, shared = text(page(fast_client_for(readers["owner"]), family)), text(page(fast_client_for(readers["shared"]),
                                                                                      family))

    assert f"{FAMILIES}/{family.pk}/members/add/" in owner and "only Testvale Council can change it" not in owner
    assert f"{FAMILIES}/{family.pk}/members/add/" not in shared and "only Testvale Council can change it" in shared
    # Housing sees the family, not the council's casework: names without links to the people and reports.
    assert f"/p/testvale/casework/people/{h.member(family, 'Kyle').person_id}/" in owner
    assert f"/p/testvale/casework/people/{h.member(family, 'Kyle').person_id}/" not in shared
    assert f"/p/testvale/casework/reports/{family.report.pk}/" in owner
    assert f"/p/testvale/casework/reports/{family.report.pk}/" not in shared and family.report.reference in shared


@pytest.mark.parametrize("tail, posted", [
    ("members/add/", {"person": "1", "relationship": "child"}),
    ("facts/add/", {"member": "1", "kind": "health", "period_start": "2025-01-01", "period_end": "2025-02-01",
                    "source": "GP"}),
    ("attach/", {"on": "2025-01-01"}),
    ("share/", {"organisation": "1", "agreement": "1"}),
    ("plan/goals/add/", {"text": "School every day"}),
])
@pytest.mark.parametrize("who, status", [("shared", 403), ("unshared", 404), ("elsewhere", 404), ("board", 403)])
def test_only_the_lead_organisation_changes_a_family(fast_client_for, readers, family, tail, posted, who, status):
    before, events = state(), AuditEvent.objects.count()

    assert fast_client_for(readers[who]).get(f"{FAMILIES}/{family.pk}/{tail}").status_code == status
    assert fast_client_for(readers[who]).post(f"{FAMILIES}/{family.pk}/{tail}", posted).status_code == status

    assert (state(), AuditEvent.objects.count()) == (before, events)


def test_a_plan_action_of_a_family_not_seen_is_not_found(fast_client_for, readers, manager, partnership, council):
    elsewhere = h.household(manager, partnership, council, h.rule_set(manager, partnership, phase="Other"))
    for kind, problem in (("out_of_work_benefits", "worklessness"), ("health", "health")):
        actions.add_evidence(by=manager, family=elsewhere, problem=problem,
                             fact=h.fact(manager, elsewhere, "Dana", kind, h.days_ago(500), h.days_ago(450)))
    actions.attach(by=manager, family=elsewhere, on=h.days_ago(400))
    plan_action = actions.add_action(by=manager, family=elsewhere, text="Visit", owner=council, due_on=h.TODAY)
    url = f"{FAMILIES}/plan-actions/{plan_action.pk}/done/"

    assert fast_client_for(readers["unshared"]).post(url, {"on": h.TODAY.isoformat()}).status_code == 404
    assert fast_client_for(readers["owner"]).post(url, {"on": h.TODAY.isoformat()}).status_code == 302
    plan_action.refresh_from_db()
    assert plan_action.done_on == h.TODAY


# Domestic abuse evidence ----------------------------------------------------------------------------------

def test_a_reader_without_da_permission_sees_only_that_there_is_domestic_abuse(fast_client_for, readers, family):
    shown = text(page(fast_client_for(readers["owner"]), family))

    assert "Domestic abuse: yes" in shown
    assert INCIDENT not in shown and "Door kicked" not in shown
    assert f"{INCIDENT_DAY:%-d %B %Y}" not in shown and f"{INCIDENT_DAY:%-d %b %Y}" not in shown
    assert "/domestic-abuse/" not in shown and "Domestic abuse incident" not in shown
    assert not within_domains(AuditEvent.objects.filter(actor_id=readers["owner"].pk), ("domesticabuse.",)).exists()


def test_a_da_holder_sees_the_incident_and_the_read_is_in_the_da_audit_log(fast_client_for, readers, family):
    shown = text(page(fast_client_for(readers["da"]), family))

    assert INCIDENT in shown and f"{INCIDENT_DAY:%-d %B %Y}" in shown
    assert "Domestic abuse: yes" not in shown
    read = within_domains(AuditEvent.objects.filter(actor_id=readers["da"].pk, action="families.da_evidence_viewed"),
                          ("domesticabuse.",)).get()
    assert read.data["ids"] == [family.evidence.get(problem="domestic_abuse").da_incident_id]


def test_only_a_da_editor_may_name_an_incident_as_evidence(fast_client_for, readers, family):
    incident_id = family.evidence.get(problem="domestic_abuse").da_incident_id
    before = state()

    owner = fast_client_for(readers["owner"]).post(f"{FAMILIES}/{family.pk}/evidence/add/",
                                                   {"problem": "domestic_abuse", "da_incident": str(incident_id)})
    missing = fast_client_for(readers["da"]).post(f"{FAMILIES}/{family.pk}/evidence/add/",
                                                  {"problem": "domestic_abuse", "da_incident": "999999"})

    assert owner.status_code == 400 and 'name="da_incident"' not in owner.content.decode()
    assert "Choose one piece of evidence: a report, a case or a fact" in text(owner)
    assert missing.status_code == 400
    assert "There is no domestic abuse incident 999999 that you may see" in text(missing)
    assert state() == before
    assert 'name="da_incident"' in page(fast_client_for(readers["da"]), family, "evidence/add/").content.decode()


# Audit -------------------------------------------------------------------------------------------------------

def test_reading_families_is_audited(fast_client_for, readers, family):
    reader = readers["shared"]
    client = fast_client_for(reader)

    client.get(f"{FAMILIES}/")
    page(client, family)

    listed = AuditEvent.objects.get(actor_id=reader.pk, action="families.listed")
    assert listed.data["ids"] == [family.pk]
    viewed = AuditEvent.objects.get(actor_id=reader.pk, action="families.viewed")
    assert (viewed.object_type, viewed.object_id) == ("families.family", str(family.pk))
    assert sorted(viewed.data["people"]) == sorted(family.members.values_list("person_id", flat=True))
    assert len(viewed.data["evidence"]) == 2


def test_a_refused_page_writes_no_audit_event(fast_client_for, readers, family):
    events = AuditEvent.objects.count()

    assert page(fast_client_for(readers["unshared"]), family).status_code == 404
    assert page(fast_client_for(readers["no_casework"]), family).status_code == 403

    assert AuditEvent.objects.count() == events


# Attaching, and the CSP manager's override -------------------------------------------------------------------

def test_the_override_reason_is_offered_only_to_the_csp_manager(fast_client_for, readers, family):
    for who, offered in (("manager", True), ("owner", False), ("da", False)):
        client = fast_client_for(readers[who])
        for tail in ("", "attach/"):
            assert ('name="override_reason"' in page(client, family, tail).content.decode()) is offered, (who, tail)


def test_an_ineligible_family_is_refused_naming_what_is_missing(fast_client_for, readers, manager, partnership,
                                                               council):
    family = h.household(manager, partnership, council, h.rule_set(manager, partnership))
    on = h.days_ago(5).isoformat()
    before = state()

    response = fast_client_for(readers["owner"]).post(f"{FAMILIES}/{family.pk}/attach/", {"on": on})
    # The CSP manager too, until they give a reason.
    unreasoned = fast_client_for(readers["manager"]).post(f"{FAMILIES}/{family.pk}/attach/", {"on": on})

    assert response.status_code == 400
    assert "Holds 0 of the problems; the rule set needs 2, so 2 more are missing, from: Crime or anti-social " \
           "behaviour; Children not attending school regularly" in text(response)
    assert f"{family.reference} does not meet" in text(response) and "The CSP manager may" not in text(response)
    assert unreasoned.status_code == 400 and "The CSP manager may attach it with a reason" in text(unreasoned)
    assert state() == before

    reason = "Known to every agency; the evidence is being gathered"
    done = fast_client_for(readers["manager"]).post(f"{FAMILIES}/{family.pk}/attach/",
                                                    {"on": on, "override_reason": reason})

    assert done.status_code == 302
    family.refresh_from_db()
    assert (family.status, family.attached_on, family.override_reason) == (Family.Status.ATTACHED, h.days_ago(5),
                                                                           reason)
    assert reason in text(page(fast_client_for(readers["owner"]), family))
    assert AuditEvent.objects.filter(action="families.attached_by_override", object_id=str(family.pk)).exists()


def test_an_override_the_owner_sends_anyway_is_refused(fast_client_for, readers, manager, partnership, council):
    """A reason posted by someone who is not offered the field changes nothing."""
    family = h.household(manager, partnership, council, h.rule_set(manager, partnership))
    before = state()

    response = fast_client_for(readers["owner"]).post(f"{FAMILIES}/{family.pk}/attach/", {
        "on": h.days_ago(5).isoformat(), "override_reason": "Because I say so"})

    assert response.status_code == 400
    assert state() == before


@pytest.mark.parametrize("days, attached", [(0, True), (-1, False)])
def test_a_family_is_attached_on_a_day_up_to_today(fast_client_for, readers, family, days, attached):
    actions.add_evidence(by=readers["manager"], family=family, problem="health", fact=h.fact(
        readers["manager"], family, "Dana", "health", h.days_ago(500), h.days_ago(450)))
    on = h.TODAY + datetime.timedelta(days=-days)

    response = fast_client_for(readers["owner"]).post(f"{FAMILIES}/{family.pk}/attach/", {"on": on.isoformat()})

    assert response.status_code == (302 if attached else 400)
    family.refresh_from_db()
    assert family.attached_on == (on if attached else None)


# Lists ------------------------------------------------------------------------------------------------------

def test_the_list_filters_by_status_and_pages(fast_client_for, readers, family, manager, partnership, council,
                                               monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    rule_set = family.rule_set
    others = [h.family(manager, partnership, council, rule_set, members=[
        ("Sam", f"Reed{n}", h.TODAY.replace(year=h.TODAY.year - 30, day=1), Relationship.PARENT)]) for n in range(2)]
    client = fast_client_for(readers["owner"])

    first, second = client.get(f"{FAMILIES}/"), client.get(f"{FAMILIES}/?page=2")
    attached = client.get(f"{FAMILIES}/?status=attached")

    assert [f.reference in text(first) for f in [family, *others]] == [True, True, False]
    assert others[1].reference in text(second) and "page=2" in text(first)
    assert "No families with this status" in text(attached)
    assert f"{FAMILIES}/identify/" in text(first)


def test_the_menu_offers_families_to_caseworkers_only(fast_client_for, readers, partnership):
    for who, offered in (("owner", True), ("shared", True), ("no_casework", False), ("board", False)):
        menu = fast_client_for(readers[who]).get("/p/testvale/plans/").content.decode()
        assert (f'href="{FAMILIES}/"' in menu) is offered, who


# From identification to a plan, through the pages ---------------------------------------------------------------

def test_a_family_from_identification_to_its_plan(fast_client_for, readers, manager, partnership, council, housing):
    rule_set = h.rule_set(manager, partnership)
    owner = readers["owner"]
    client = fast_client_for(owner)
    dana = h.person(manager, partnership, council, "Dana", "Fletcher", h.TODAY.replace(year=h.TODAY.year - 38, day=1))
    kyle = h.person(manager, partnership, council, "Kyle", "Fletcher", h.TODAY.replace(year=h.TODAY.year - 14, day=1))

    # Someone of another organisation cannot lead it.
    refused = client.post(f"{FAMILIES}/identify/", {"rule_set": rule_set.pk, "identified_on": h.days_ago(60),
                                                    "lead_professional": readers["shared"].pk})
    assert refused.status_code == 400 and "Choose a lead professional from the list" in text(refused)
    assert not Family.objects.exists()

    response = client.post(f"{FAMILIES}/identify/", {"rule_set": rule_set.pk, "identified_on": h.days_ago(60),
                                                     "lead_professional": owner.pk})
    family = Family.objects.get()
    assert response["Location"] == f"{FAMILIES}/{family.pk}/"
    assert (family.owner_organisation, family.lead_professional, family.identified_on) == (council, owner,
                                                                                          h.days_ago(60))

    search = client.get(f"{FAMILIES}/{family.pk}/members/add/?q=Fletcher")
    assert "Dana Fletcher" in text(search) and "Kyle Fletcher" in text(search)
    assert set(AuditEvent.objects.get(action="families.people_searched").data["ids"]) == {dana.pk, kyle.pk}
    for person, relationship in ((dana, "parent"), (kyle, "child")):
        assert client.post(f"{FAMILIES}/{family.pk}/members/add/?q=Fletcher",
                           {"person": person.pk, "relationship": relationship}).status_code == 302
    assert client.post(f"{FAMILIES}/{family.pk}/members/add/?q=Fletcher",
                       {"person": kyle.pk, "relationship": "child"}).status_code == 400

    member = family.members.get(person=dana)
    for kind in ("out_of_work_benefits", "health"):
        assert client.post(f"{FAMILIES}/{family.pk}/facts/add/", {
            "member": member.pk, "kind": kind, "value": "", "period_start": h.days_ago(90).isoformat(),
            "period_end": h.days_ago(61).isoformat(), "source": "DWP data share", "note": ""}).status_code == 302
    health, benefits = family.facts.order_by("kind")
    # A fact of the wrong kind for the problem is refused by the rule set's words.
    wrong = client.post(f"{FAMILIES}/{family.pk}/evidence/add/", {"problem": "crime_asb", "fact": health.pk})
    assert wrong.status_code == 400 and "Crime or anti-social behaviour is shown by" in text(wrong)
    for problem, fact in (("worklessness", benefits), ("health", health)):
        assert client.post(f"{FAMILIES}/{family.pk}/evidence/add/", {"problem": problem, "fact": fact.pk}
                           ).status_code == 302

    assert client.post(f"{FAMILIES}/{family.pk}/attach/", {"on": h.days_ago(30).isoformat()}).status_code == 302
    assert client.post(f"{FAMILIES}/{family.pk}/plan/agree/", {"on": h.days_ago(29).isoformat()}).status_code == 302
    assert client.post(f"{FAMILIES}/{family.pk}/plan/goals/add/", {"text": "Dana back to work",
                                                                   "problem": "worklessness"}).status_code == 302
    goal = family.goals.get()
    assert client.post(f"{FAMILIES}/{family.pk}/plan/actions/add/", {
        "text": "Housing benefit review", "owner": housing.pk, "due_on": h.TODAY.isoformat(), "goal": goal.pk,
    }).status_code == 302
    plan_action = family.actions.get()
    assert client.post(f"{FAMILIES}/plan-actions/{plan_action.pk}/done/", {"on": h.TODAY.isoformat()}
                       ).status_code == 302
    assert client.post(f"{FAMILIES}/{family.pk}/plan/reviews/add/", {
        "reviewed_on": h.TODAY.isoformat(), "summary": "Good progress"}).status_code == 302
    referral = referral_actions.refer(by=owner, person=dana, organisation=council, service="mediation")
    assert client.post(f"{FAMILIES}/{family.pk}/support/link/", {"support": f"referral:{referral.pk}"}
                       ).status_code == 302

    family.refresh_from_db()
    assert (family.status, family.attached_on, family.plan_agreed_on) == ("attached", h.days_ago(30),
                                                                          h.days_ago(29))
    plan_action.refresh_from_db()
    assert plan_action.done_on == h.TODAY
    shown = text(page(client, family))
    for words in ("Eligible", "Dana back to work (worklessness or financial exclusion)", "Housing benefit review",
                  "Good progress", "referral to", "An adult into continuous employment", f"/referrals/{referral.pk}/"):
        assert words in shown, words
    # Linked support is not offered again.
    assert f"referral:{referral.pk}" not in page(client, family, "support/link/").content.decode()


def test_outcomes_show_each_condition_with_its_comparison(fast_client_for, readers, manager, partnership, council):
    family = h.household(manager, partnership, council, h.rule_set(manager, partnership))
    for day in (430, 420, 410, 405, 401):
        report = h.asb(manager, family, "Kyle", h.days_ago(day))
    h.asb(manager, family, "Kyle", h.days_ago(20))
    actions.add_evidence(by=manager, family=family, problem="crime_asb", report=report)
    actions.add_evidence(by=manager, family=family, problem="worklessness", fact=h.fact(
        manager, family, "Dana", "out_of_work_benefits", h.days_ago(500), h.days_ago(450)))
    actions.attach(by=manager, family=family, on=h.days_ago(400))

    shown = text(page(fast_client_for(readers["owner"]), family))

    assert ('Significant and sustained progress: <strong class="govuk-tag govuk-tag--green">Met</strong>' in shown)
    assert 'An adult into continuous employment: <strong class="govuk-tag govuk-tag--grey">Not met</strong>' in shown
    assert "Before the start: 5, from" in shown and "Latest: 1, from" in shown and "Fall needed: 60%" in shown
    assert f"Outcomes on {timezone.localdate():%-d %B %Y}" in shown
