"""The Family Focus API: families scoped as the pages scope them (another organisation's family is a
404) and audited; DA evidence masked from readers without DA permission; claims as totals to those who
may see them, with the lines of the families the reader sees; the programme's figures, exact."""

import datetime

import pytest

from eunomia.audit.models import AuditEvent
from eunomia.audit.queries import within_domains
from eunomia.casework import actions as casework_actions
from eunomia.core.dates import LATEST
from eunomia.core.periods import plan_period, year_containing
from eunomia.domesticabuse import actions as da_actions
from eunomia.families import actions, figures
from eunomia.families.models import Fact
from eunomia.partners import actions as partner_actions
from eunomia.records.sar import sections_for
from tests.families import helpers as h
from tests.families.test_measures import world  # noqa: F401  (the fixture: families A to G)

API = "/api/v1/partnerships/testvale"


@pytest.fixture
def police(partnership, system_user):
    return partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Police",
                                            kind="police", joined_on=datetime.date(2010, 1, 1))


@pytest.fixture
def readers(make_member, partnership, council, police, manager, analyst, practitioner, board_member, outsider):
    return {
        "owner": make_member("csu_officer", partnership, council),
        "manager": manager,
        "da": make_member("da_specialist", partnership, council),
        "shared": practitioner,  # housing, once the family is shared with it
        "unshared": make_member("partner_practitioner", partnership, police),
        "elsewhere": outsider,
        "analyst": analyst,
        "board": board_member,
        "auditor": make_member("programme_auditor", partnership, council),
    }


@pytest.fixture
def family(manager, partnership, council, readers):
    """The Fletchers, led by the council: Kyle named in an ASB report, a DA incident, Dana's benefits;
    attached, and claimed for their attachment fee in an approved claim."""
    rule_set = h.rule_set(manager, partnership)
    found = h.household(manager, partnership, council, rule_set, identified_on=h.days_ago(100))
    report = h.asb(manager, found, "Kyle", h.days_ago(120))
    actions.add_evidence(by=manager, family=found, problem="crime_asb", report=report)
    victim = da_actions.save_person(by=readers["da"], partnership=partnership, first_name="Dana", last_name="Fletcher")
    incident = da_actions.record_incident(by=readers["da"], victim=victim, perpetrator=None,
                                          occurred_on=h.days_ago(110), description="Door kicked in")
    actions.add_evidence(by=readers["da"], family=found, problem="domestic_abuse", da_incident=incident)
    actions.attach(by=manager, family=found, on=h.days_ago(90))
    claim = actions.create_claim(by=manager, partnership=partnership, rule_set=rule_set, title="Claim",
                                 period_start=h.days_ago(90), period_end=h.days_ago(1))
    actions.add_lines(by=manager, claim=claim, entries=[(found, "attachment")])
    actions.approve_claim(by=manager, claim=claim)
    found.claim, found.incident, found.report = claim, incident, report
    return found


def share_with_housing(manager, partnership, council, housing, family):
    agreement = casework_actions.add_agreement(
        by=manager, partnership=partnership, title="Family Focus ISA", purpose="Working with families together",
        lawful_basis="public_task", parties=[council, housing], starts_on=h.days_ago(10), review_on=LATEST)
    actions.share(by=manager, family=family, organisation=housing, agreement=agreement)


def get(client, path, **params):
    return client.get(f"{API}/{path}", params)


# Families -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who, listed, detail", [
    ("owner", 1, 200), ("manager", 1, 200), ("da", 1, 200), ("shared", 0, 404), ("unshared", 0, 404),
    ("analyst", 403, 403), ("board", 403, 403), ("elsewhere", 404, 404),
])
def test_a_family_is_found_only_by_its_lead_organisation_and_those_it_is_shared_with(
        fast_client_for, readers, family, who, listed, detail):
    client = fast_client_for(readers[who])
    listing = get(client, "families/")
    if listed in (403, 404):
        assert listing.status_code == listed
    else:
        assert listing.status_code == 200 and listing.json()["count"] == listed
    assert get(client, f"families/{family.pk}/").status_code == detail


def test_sharing_lets_the_partner_read_it(fast_client_for, readers, family, manager, partnership, council, housing):
    client = fast_client_for(readers["shared"])
    assert get(client, f"families/{family.pk}/").status_code == 404
    share_with_housing(manager, partnership, council, housing, family)
    assert get(client, f"families/{family.pk}/").status_code == 200
    assert [row["reference"] for row in get(client, "families/").json()["results"]] == [family.reference]


def test_the_detail_gives_members_problems_eligibility_status_and_dates_and_is_audited(fast_client_for, readers,
                                                                                        family):
    answer = get(fast_client_for(readers["owner"]), f"families/{family.pk}/").json()
    members = list(family.members.order_by("id"))
    assert answer["members"] == [{"person_id": m.person_id, "relationship": m.relationship} for m in members]
    assert [m["relationship"] for m in answer["members"]] == ["parent", "child", "child"]
    assert (answer["status"], answer["identified_on"], answer["attached_on"], answer["closed_on"]) == (
        "attached", h.days_ago(100).isoformat(), h.days_ago(90).isoformat(), None)
    assert answer["lead_organisation"] == "Testvale Council" and answer["member_count"] == 3
    held = {p["key"]: p["evidence"] for p in answer["problems"] if p["held"]}
    assert held == {"crime_asb": 1, "domestic_abuse": 1}
    assert answer["eligibility"]["eligible"] is True and answer["eligibility"]["problems_needed"] == 2
    event = AuditEvent.objects.get(action="families.viewed", actor_id=readers["owner"].pk)
    assert event.object_id == str(family.pk)
    assert event.data["via"] == "api" and event.data["people"] == [m.person_id for m in members]


def test_the_list_is_audited_with_the_families_shown_and_filters_by_status(fast_client_for, readers, family):
    client = fast_client_for(readers["owner"])
    assert get(client, "families/", status="attached").json()["count"] == 1
    assert get(client, "families/", status="identified").json()["count"] == 0
    assert get(client, "families/", status="lost").status_code == 400
    events = AuditEvent.objects.filter(action="families.listed", actor_id=readers["owner"].pk).order_by("id")
    assert [(e.data["status"], e.data["ids"], e.data["via"]) for e in events] == [
        ("attached", [family.pk], "api"), ("identified", [], "api")]


def test_a_da_incident_is_named_only_to_da_holders_and_their_read_is_in_the_da_log(fast_client_for, readers, family):
    def da_evidence(who):
        answer = get(fast_client_for(readers[who]), f"families/{family.pk}/").json()
        return [e for e in answer["evidence"] if e["problem"] == "domestic_abuse"]

    assert da_evidence("owner") == [{"problem": "domestic_abuse", "source": "da_incident", "report_id": None,
                                     "case_id": None, "fact_id": None, "da_incident_id": None}]
    assert not within_domains(AuditEvent.objects.filter(actor_id=readers["owner"].pk), ("domesticabuse.",)).exists()
    assert da_evidence("da")[0]["da_incident_id"] == family.incident.pk
    read = within_domains(AuditEvent.objects.filter(actor_id=readers["da"].pk, action="families.da_evidence_viewed"),
                          ("domesticabuse.",)).get()
    assert read.data["ids"] == [family.incident.pk]


# Claims -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who, status", [
    ("manager", 200), ("owner", 200), ("shared", 200), ("auditor", 200), ("analyst", 403), ("board", 403),
    ("elsewhere", 404),
])
def test_claims_are_read_by_those_who_work_manage_or_check_the_programme(fast_client_for, readers, family, who,
                                                                         status):
    client = fast_client_for(readers[who])
    assert get(client, "family-claims/").status_code == status
    assert get(client, f"family-claims/{family.claim.pk}/").status_code == status


def test_a_claim_gives_its_totals_to_all_and_its_lines_to_those_who_see_the_families(fast_client_for, readers,
                                                                                     family):
    listed = get(fast_client_for(readers["shared"]), "family-claims/").json()["results"]
    assert [(c["title"], c["status"], c["lines"], c["attachment_fees"], c["total"]) for c in listed] == [
        ("Claim", "approved", 1, "1000.00", "1000.00")]
    partner = get(fast_client_for(readers["shared"]), f"family-claims/{family.claim.pk}/").json()
    assert partner["visible_lines"] == [] and partner["lines"] == 1
    assert not AuditEvent.objects.filter(action="families.claim_viewed").exists()
    owner = get(fast_client_for(readers["owner"]), f"family-claims/{family.claim.pk}/").json()
    line = family.claim.lines.get()
    assert [(row["family_reference"], row["outcome"], row["outcome_label"], row["amount"], row["status"])
            for row in owner["visible_lines"]] == [(family.reference, "attachment", "Attachment fee", "1000.00",
                                                     "claimed")]
    assert owner["visible_lines"][0]["digest"] == line.digest
    assert owner["visible_lines"][0]["evidence"] == line.evidence
    event = AuditEvent.objects.get(action="families.claim_viewed", actor_id=readers["owner"].pk)
    assert event.data == {"object_type": "families.claimline", "ids": [line.pk], "via": "api"}


def test_a_claim_not_of_the_partnership_is_not_found(fast_client_for, readers, family):
    client = fast_client_for(readers["manager"])
    assert get(client, f"family-claims/{family.claim.pk + 1000}/").status_code == 404
    assert get(client, f"families/{family.pk + 1000}/").status_code == 404


# The programme's figures ----------------------------------------------------------------------------------

def test_the_figures_are_the_measures_numbers_exact_to_every_member_who_reads_figures(world, partnership,
                                                                                      fast_client_for, analyst,
                                                                                      outsider):
    # The year 383 days ago holds A's attachment (380 days ago), B's (385) or both: a small count.
    year = year_containing(h.days_ago(383), partnership.year_start_month)
    start, end = plan_period(year, partnership.year_start_month)
    expected = figures.programme_figures(partnership, start, end)
    response = get(fast_client_for(analyst), f"families/figures/{year}/")
    assert response.status_code == 200
    answer = response.json()
    assert (answer["start"], answer["end"], answer["as_of"]) == (start.isoformat(), end.isoformat(),
                                                                 expected.as_of.isoformat())
    assert (answer["identified"], answer["attached"], answer["with_plan"]) == (
        expected.identified, expected.attached, expected.with_plan)
    assert answer["programme"] == {"families": expected.programme.families, "met_any": expected.programme.met("any"),
                                   "met_none": expected.programme.met_none}
    assert answer["comparison"]["families"] == expected.comparison.families
    assert [(o["key"], o["programme"], o["comparison"]) for o in answer["outcomes"]] == [
        (key, expected.programme.met(key), expected.comparison.met(key)) for key, _label in expected.outcomes]
    claims = expected.claims
    assert answer["claims"] == {
        "claimed": len(claims.claimed), "verified": len(claims.verified), "withdrawn": len(claims.withdrawn),
        "claimed_attachment": len(claims.attachment), "claimed_results": len(claims.results),
        "money_attachment": f"{claims.money_attachment:.2f}", "money_results": f"{claims.money_results:.2f}",
        "money_total": f"{claims.money_total:.2f}"}
    assert answer["disclosure"]["threshold"] == 5
    # Exact, not as published: small counts are given as they are.
    assert 0 < answer["attached"] < 5
    assert get(fast_client_for(outsider), f"families/figures/{year}/").status_code == 404


def test_figures_for_a_year_no_plan_could_have_are_not_found(fast_client_for, manager):
    client = fast_client_for(manager)
    for year in (1999, 3000, 99999999):
        response = get(client, f"families/figures/{year}/")
        assert response.status_code == 404 and "Choose a year from" in response.json()["detail"]


# Subject access -------------------------------------------------------------------------------------------

def test_a_subject_access_export_lists_the_families_a_person_is_in_and_the_facts_about_them(
        manager, partnership, council, housing, family):
    share_with_housing(manager, partnership, council, housing, family)
    dana = h.member(family, "Dana")
    h.fact(manager, family, "Dana", Fact.Kind.OUT_OF_WORK_BENEFITS, h.days_ago(200), h.days_ago(150),
           source="DWP data share")
    actions.agree_plan(by=manager, family=family, on=h.days_ago(80))
    sections = dict(sections_for(dana.person))
    assert sections["Family Focus"] == [
        (f"Family {family.reference}", {
            "Relationship": "Parent or carer", "Programme": str(family.rule_set), "Status": "Attached",
            "Identified": f"{h.days_ago(100):%-d %B %Y}", "Attached": f"{h.days_ago(90):%-d %B %Y}",
            "Plan agreed": f"{h.days_ago(80):%-d %B %Y}", "Work ended": "", "Led by": "Testvale Council",
            "Shared with": "Testvale Homes"}),
        (f"Family {family.reference}: Out-of-work benefits", {
            "From": f"{h.days_ago(200):%-d %B %Y}", "To": f"{h.days_ago(150):%-d %B %Y}", "Value": "",
            "Source": "DWP data share", "From organisation": "", "Note": "", "Recorded": f"{h.TODAY:%-d %B %Y}"}),
    ]
    # Kyle's record lists the family, not his mother's benefits; the DA evidence is in neither.
    kyle = dict(sections_for(h.member(family, "Kyle").person))["Family Focus"]
    assert [heading for heading, _fields in kyle] == [f"Family {family.reference}"]
    assert kyle[0][1]["Relationship"] == "Child"
    assert "Door kicked in" not in str(sections["Family Focus"]) + str(kyle)
    stranger = casework_actions.add_person(by=manager, partnership=partnership, organisation=council,
                                           first_name="Sam", last_name="Other")
    assert "Family Focus" not in dict(sections_for(stranger))
