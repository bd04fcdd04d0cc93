"""People: consent recorded per person with its history, merging duplicates (every link moves, the
duplicate's address still leads to the kept person, refusals in words), possible duplicates offered
before a report is saved, and the search-based person picker. Each page is audited and a person the
reader may not see is a 404."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casereview import actions as casereview
from eunomia.casework import actions, queries
from eunomia.casework.models import CaseParty, Consent, Person, Report, ReportPerson
from eunomia.equality import actions as equality
from eunomia.families import actions as family_actions
from eunomia.interventions import actions as interventions
from eunomia.partners import actions as partner_actions
from eunomia.records.sar import sections_for
from eunomia.referrals import actions as referrals
from eunomia.risk import actions as risk
from tests.clock import at
from tests.families import helpers as families

TODAY = timezone.localdate()




def person_url(person, rest=""):
    return f"/p/testvale/casework/people/{person.pk}/{rest}"


@pytest.fixture
def world(partnership, council, housing, make_member, outsider):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    analyst = make_member("analyst", partnership, council)
    dana = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                              last_name="Ellis", date_of_birth=datetime.date(1950, 3, 1), address="4 Mill Lane",
                              postcode="TV1 2AB", phone="01234 111222", flags=["older"])
    report = actions.record_report(
        by=csu, partnership=partnership, organisation=council, occurred_at=at(TODAY), reported_at=at(TODAY, 13),
        category="noise", source="phone", description="Music all night", address="4 Mill Lane", postcode="TV1 2AB",
        people=[(dana, "victim")])
    tenant = actions.add_person(by=practitioner, partnership=partnership, organisation=housing, first_name="Dana",
                                last_name="Ellis", date_of_birth=datetime.date(1950, 3, 1))
    actions.record_report(by=practitioner, partnership=partnership, organisation=housing, occurred_at=at(TODAY),
                          reported_at=at(TODAY), category="nuisance", source="housing", description="Stairwell",
                          people=[(tenant, "victim")])
    return locals()


# Consent -------------------------------------------------------------------------------------------

def test_consent_is_kept_as_history_with_the_latest_shown_and_every_change_audited(world, client_for):
    w = world
    client = client_for(w["csu"])
    page = client.get(person_url(w["dana"])).content.decode()
    assert "No consent or other lawful basis has been recorded" in page
    assert person_url(w["dana"], "consent/") in page

    before = AuditEvent.objects.count()
    assert client.get(person_url(w["dana"], "consent/")).status_code == 200
    assert AuditEvent.objects.latest("id").action == "casework.consent_form_viewed"
    response = client.post(person_url(w["dana"], "consent/"), {
        "basis": "consent", "state": "given", "decided_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "method": "verbal", "note": "Agreed on the phone to sharing with Testvale Homes"})
    assert response.status_code == 302 and response["Location"] == person_url(w["dana"])
    response = client.post(person_url(w["dana"], "consent/"), {
        "basis": "consent", "state": "withdrawn", "decided_on": TODAY.isoformat(), "method": "written", "note": ""})
    assert response.status_code == 302

    given, withdrawn = Consent.objects.filter(person=w["dana"]).order_by("id")
    assert (given.state, given.method, given.recorded_by, given.recorded_for) == ("given", "verbal", w["csu"],
                                                                                w["council"])
    assert (withdrawn.state, withdrawn.decided_on, withdrawn.method) == ("withdrawn", TODAY, "written")
    events = AuditEvent.objects.filter(action="casework.consent_recorded", object_id=str(w["dana"].pk)).order_by("id")
    assert [e.data["state"] for e in events] == ["given", "withdrawn"]
    assert events[0].data["consent"] == given.pk and events[0].actor == w["csu"].email
    assert AuditEvent.objects.count() == before + 3

    page = client.get(person_url(w["dana"])).content.decode()
    latest = page.split("<h2 class=\"govuk-heading-m\">Consent</h2>")[1].split("</dl>")[0]
    assert "Withdrawn" in latest and "Given" not in latest  # the latest is what applies
    assert "Consent history, newest first" in page and "Agreed on the phone" in page
    viewed = AuditEvent.objects.filter(action="casework.person_viewed").latest("id")
    assert viewed.data["consents"] == [withdrawn.pk, given.pk]


def test_another_lawful_basis_needs_no_consent_details(world, client_for):
    w = world
    response = client_for(w["csu"]).post(person_url(w["dana"], "consent/"), {
        "basis": "public_task", "state": "given", "decided_on": "2026-01-01", "method": "online", "note": "s.115"})
    assert response.status_code == 302
    consent = Consent.objects.get(person=w["dana"])
    assert (consent.basis, consent.state, consent.decided_on, consent.method, consent.note) == (
        "public_task", "", None, "", "s.115")
    assert "No consent needed" in str(consent)


@pytest.mark.parametrize("posted, field, message", [
    ({}, "basis", "Choose whether consent applies or which other lawful basis is relied on"),
    ({"basis": "legitimate_interests"}, "basis",
     "Choose whether consent applies or which other lawful basis is relied on"),
    ({"basis": "consent", "decided_on": "2026-01-01", "method": "verbal"}, "state",
     "Choose whether consent was given, refused or withdrawn"),
    ({"basis": "consent", "state": "given", "decided_on": "2026-01-01"}, "method",
     "Choose how consent was obtained: verbally, in writing or online"),
    ({"basis": "consent", "state": "given", "method": "verbal"}, "decided_on",
     "Enter the date consent was given, refused or withdrawn"),
    ({"basis": "consent", "state": "given", "method": "verbal", "decided_on": "yesterday"}, "decided_on",
     "Enter the date of consent like 2026-11-24"),
    ({"basis": "consent", "state": "given", "method": "verbal",
      "decided_on": (TODAY + datetime.timedelta(days=1)).isoformat()}, "decided_on",
     "The date of consent must be today or in the past"),
    ({"basis": "consent", "state": "given", "method": "verbal", "decided_on": "1949-12-31"}, "decided_on",
     "The date of consent cannot be before Dana Ellis was born"),
    ({"basis": "consent", "state": "withdrawn", "method": "verbal", "decided_on": "2026-01-01"}, "state",
     "Consent can be withdrawn only when Dana Ellis has given it: record it as refused"),
])
def test_bad_consent_is_refused_in_words_and_nothing_is_saved(world, client_for, posted, field, message):
    w = world
    before = AuditEvent.objects.filter(action="casework.consent_recorded").count()
    response = client_for(w["csu"]).post(person_url(w["dana"], "consent/"), posted)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and f'href="#id_{field}' in html
    assert not Consent.objects.exists()
    assert AuditEvent.objects.filter(action="casework.consent_recorded").count() == before


def test_consent_of_a_person_not_seen_is_not_found_and_needs_case_edit(world, client_for):
    w = world
    practitioner = client_for(w["practitioner"])
    assert practitioner.get(person_url(w["dana"], "consent/")).status_code == 404
    assert practitioner.post(person_url(w["dana"], "consent/"), {"basis": "public_task"}).status_code == 404
    assert client_for(w["analyst"]).get(person_url(w["dana"], "consent/")).status_code == 403
    outsider = client_for(w["outsider"])
    assert outsider.post(person_url(w["dana"], "consent/"), {"basis": "public_task"}).status_code == 404
    assert not Consent.objects.exists()


def test_consent_is_in_the_subject_access_export(world):
    w = world
    actions.record_consent(by=w["csu"], person=w["dana"], organisation=w["council"], basis="consent", state="refused",
                           decided_on=datetime.date(2026, 2, 3), method="written", note="Letter of 3 February")
    sections = dict(sections_for(w["dana"]))
    (heading, fields), = sections["Consent"]
    assert (fields["Consent"], fields["On"], fields["Obtained"], fields["Note"], fields["Recorded by"]) == (
        "Refused", "3 February 2026", "In writing", "Letter of 3 February", "Testvale Council")


# Merging people -------------------------------------------------------------------------------------

@pytest.fixture
def duplicates(world, partnership, council):
    """Dana Ellis entered twice by the council, the duplicate named everywhere a person can be."""
    w = world
    csu = w["csu"]
    dup = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                             last_name="Elis", phone="07700 900123", flags=["mental_health", "older"])
    # The same report naming both in the same role (kept once), and in another role (kept).
    ReportPerson.objects.create(report=w["report"], person=dup, role="victim")
    ReportPerson.objects.create(report=w["report"], person=dup, role="witness")
    second = actions.record_report(by=csu, partnership=partnership, organisation=council, occurred_at=at(TODAY),
                                   reported_at=at(TODAY), category="personal", source="phone",
                                   description="Shouted at", people=[(dup, "complainant")])
    case = actions.open_case_from_report(by=csu, partnership=partnership, organisation=council, report=w["report"],
                                         title="Mill Lane")
    actions.add_party(by=csu, case=case, person=dup, role="perpetrator")
    victim_set = risk.question_set(partnership, "victim")
    assessment = risk.assess(by=csu, person=dup, question_set=victim_set,
                             yes_ids=list(victim_set.questions.values_list("id", flat=True)[:1]))
    referral = referrals.refer(by=csu, person=dup, organisation=council, service="mediation")
    letter = interventions.record_intervention(by=csu, case=case, person=dup, kind="verbal_warning",
                                               issued_on=TODAY)
    review = casereview.receive_application(by=csu, partnership=partnership, organisation=council,
                                            received_on=TODAY, description="Nothing done", applicant=dup)
    consent = actions.record_consent(by=csu, person=dup, organisation=council, basis="consent", state="given",
                                     decided_on=TODAY, method="verbal")
    answers = equality.save_person_answers(by=csu, person=dup, answers={"sex": "female"})
    household = families.family(csu, partnership, council, families.rule_set(csu, partnership))
    member = family_actions.add_member(by=csu, family=household, person=dup, relationship="parent")
    earlier = actions.add_person(by=csu, partnership=partnership, organisation=council, first_name="D",
                                 last_name="Ellis")
    actions.merge_people(by=csu, kept=dup, duplicate=earlier)
    return {**w, **locals()}


def links_to(person):
    """How many rows of each table name `person`, over every relation to Person in every app."""
    return {rel.related_model._meta.label_lower:
            rel.related_model._base_manager.filter(**{rel.field.name: person}).count()
            for rel in actions._person_links()}


def test_merging_moves_every_link_in_every_app_to_the_kept_person(duplicates):
    d = duplicates
    kept, dup = d["dana"], d["dup"]
    before_kept, before_dup = links_to(kept), links_to(dup)
    # The fixture names the duplicate in every table that can name a person.
    assert all(before_dup.values()), before_dup

    actions.merge_people(by=d["csu"], kept=kept, duplicate=dup)

    dup.refresh_from_db()
    kept.refresh_from_db()
    assert dup.merged_into == kept
    assert not any(links_to(dup).values())
    after = links_to(kept)
    dropped = 1  # the report named both as victim: kept once
    rows = "casework.reportperson"
    assert after[rows] == before_kept[rows] + before_dup[rows] - dropped
    assert set(ReportPerson.objects.filter(person=kept).values_list("report_id", "role")) == {
        (d["report"].pk, "victim"), (d["report"].pk, "witness"), (d["second"].pk, "complainant")}
    # The case took the report's people as parties: the victim twice, kept once.
    assert set(CaseParty.objects.filter(person=kept).values_list("role", flat=True)) == {"victim", "witness",
                                                                                       "perpetrator"}
    for model in ("risk.riskassessment", "referrals.referral", "interventions.intervention",
                  "casereview.casereviewapplication", "casework.consent", "equality.personequality",
                  "families.familymember"):
        assert after[model] == before_kept[model] + before_dup[model], model
    assert set(Person.objects.filter(merged_into=kept)) == {dup, d["earlier"]}
    d["earlier"].refresh_from_db()
    assert d["earlier"].merged_into == kept  # an earlier merge follows on
    assert kept.flags == ["mental_health", "older"]
    assert (kept.first_name, kept.last_name, kept.phone) == ("Dana", "Ellis", "01234 111222")  # details unchanged

    event = AuditEvent.objects.filter(action="casework.people_merged").latest("id")
    assert (event.object_id, event.data["kept"], event.data["duplicate"]) == (str(kept.pk), kept.pk, dup.pk)
    assert event.data["dropped"] == {"casework.reportperson": 1, "casework.caseparty": 1}
    assert event.data["moved"]["risk.riskassessment"] == 1 and event.data["moved"]["casework.person"] == 1

    # The merged record now shows in the kept person's subject access export.
    sections = dict(sections_for(kept))
    assert [fields["Name"] for _, fields in sections["Records merged into this one"]] == ["Dana Elis", "D Ellis"]


def test_a_merged_duplicate_is_no_longer_listed_and_its_address_leads_to_the_kept_person(duplicates, client_for,
                                                                                        partnership):
    d = duplicates
    kept, dup = d["dana"], d["dup"]
    actions.merge_people(by=d["csu"], kept=kept, duplicate=dup)
    assert not queries.people_visible_to(d["csu"], partnership).filter(pk=dup.pk).exists()
    assert list(queries.search_people(queries.people_visible_to(d["csu"], partnership), "Elis")) == []
    client = client_for(d["csu"])
    response = client.get(person_url(dup))
    assert response.status_code == 302 and response["Location"] == person_url(kept)
    page = client.get(person_url(kept)).content.decode()
    assert f"Record {dup.pk} was merged into this one" in page
    assert client.get(person_url(d["earlier"]))["Location"] == person_url(kept)  # the earlier merge too
    # Someone who may not see the kept person learns nothing from the old address.
    assert client_for(d["practitioner"]).get(person_url(dup)).status_code == 404
    briefing = client.get(f"/p/testvale/casework/briefing/?day={TODAY}").content.decode()
    assert "Dana Elis<" not in briefing and "Dana Ellis" in briefing


def test_merging_through_the_pages_search_confirm_merge_each_audited(duplicates, client_for):
    d = duplicates
    kept, dup = d["dana"], d["dup"]
    client = client_for(d["csu"])
    page = client.get(person_url(kept)).content.decode()
    assert person_url(kept, "merge/") in page and "Merge a duplicate into this person" in page

    before = AuditEvent.objects.count()
    html = client.get(person_url(kept, "merge/")).content.decode()
    assert "Dana Elis" not in html and AuditEvent.objects.count() == before  # no one listed unasked
    html = client.get(person_url(kept, "merge/?q=dana")).content.decode()
    assert f"?duplicate={dup.pk}" in html and f"?duplicate={kept.pk}" not in html
    assert f"?duplicate={d['tenant'].pk}" not in html  # the housing provider's Dana Ellis is not the council's to see
    searched = AuditEvent.objects.latest("id")
    assert (searched.action, searched.data["search"], searched.data["ids"]) == ("casework.people_searched", "dana",
                                                                                 [dup.pk])

    confirm = client.get(person_url(kept, f"merge/?duplicate={dup.pk}"))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    for shown in ("Dana Elis", "07700 900123", "01234 111222", "A merge cannot be undone"):
        assert shown in html, shown
    previewed = AuditEvent.objects.latest("id")
    assert (previewed.action, previewed.data) == ("casework.merge_previewed", {"kept": kept.pk, "duplicate": dup.pk})

    response = client.post(person_url(kept, f"merge/?duplicate={dup.pk}"))
    assert response.status_code == 302 and response["Location"] == person_url(kept)
    dup.refresh_from_db()
    assert dup.merged_into == kept
    assert AuditEvent.objects.filter(action="casework.people_merged", data__duplicate=dup.pk).count() == 1


def test_merges_that_cannot_be_are_refused_in_words_and_change_nothing(duplicates, client_for, partnership,
                                                                       other_partnership, system_user):
    d = duplicates
    kept, dup = d["dana"], d["dup"]
    client = client_for(d["csu"])
    before = (links_to(kept), links_to(dup), AuditEvent.objects.filter(action="casework.people_merged").count())

    response = client.post(person_url(kept, f"merge/?duplicate={kept.pk}"))
    assert response.status_code == 400
    assert "You cannot merge a person into themselves" in response.content.decode()
    response = client.get(person_url(kept, f"merge/?duplicate={kept.pk}"))
    assert response.status_code == 400 and "There is a problem" in response.content.decode()

    response = client.post(person_url(kept, f"merge/?duplicate={d['earlier'].pk}"))
    assert response.status_code == 400
    assert f"Record {d['earlier'].pk} has already been merged into record {dup.pk}" in response.content.decode()

    # A person the officer may not see is not found, whether asked for or posted.
    assert client.get(person_url(kept, f"merge/?duplicate={d['tenant'].pk}")).status_code == 404
    assert client.post(person_url(kept, f"merge/?duplicate={d['tenant'].pk}")).status_code == 404
    assert client.post(person_url(kept, "merge/?duplicate=nonsense")).status_code == 404
    assert client_for(d["practitioner"]).post(person_url(kept, f"merge/?duplicate={d['tenant'].pk}")).status_code == 404
    assert client_for(d["analyst"]).get(person_url(kept, "merge/")).status_code == 403

    elsewhere = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Far Council")
    stranger = actions.add_person(by=system_user, partnership=other_partnership, organisation=elsewhere,
                                  first_name="Dana", last_name="Ellis")
    with pytest.raises(ValidationError, match="belong to different partnerships"):
        actions.merge_people(by=d["csu"], kept=kept, duplicate=stranger)
    with pytest.raises(ValidationError, match="has been merged into record"):
        actions.merge_people(by=d["csu"], kept=d["earlier"], duplicate=kept)

    assert (links_to(kept), links_to(dup), AuditEvent.objects.filter(action="casework.people_merged").count()) == before


def test_a_merge_that_fails_part_way_leaves_everything_as_it_was(duplicates, monkeypatch):
    d = duplicates
    kept, dup = d["dana"], d["dup"]
    before = (links_to(kept), links_to(dup))

    def refuse(**kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(actions.audit, "record", refuse)
    with pytest.raises(RuntimeError):
        actions.merge_people(by=d["csu"], kept=kept, duplicate=dup)
    dup.refresh_from_db()
    kept.refresh_from_db()
    assert dup.merged_into is None and kept.flags == ["older"]
    assert (links_to(kept), links_to(dup)) == before


# Possible duplicates offered before a report is saved -------------------------------------------------

NEW_REPORT = "/p/testvale/casework/reports/new/"


def report(**person):
    return {"occurred_on": TODAY.isoformat(), "category": "noise", "source": "phone", "description": "Drums",
            "role": "victim", **person}


def test_a_person_already_recorded_is_offered_before_saving_and_can_be_used(world, client_for):
    w = world
    client = client_for(w["csu"])
    reports, people = Report.objects.count(), Person.objects.count()
    typed = report(first_name="dana", last_name="ellis", date_of_birth="1950-03-01", address="Flat 2, Tower Road")

    response = client.post(NEW_REPORT, typed)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing has been saved yet" in html
    assert f'value="{w["dana"].pk}"' in html and "Use Dana Ellis, born 1 March 1950, 4 Mill Lane TV1 2AB" in html
    assert "This is someone new" in html
    assert f'value="{w["tenant"].pk}"' not in html  # the housing provider's Dana Ellis is not offered to the council
    assert 'value="Flat 2, Tower Road"' in html and "Drums" in html  # what was typed is kept
    assert (Report.objects.count(), Person.objects.count()) == (reports, people)
    offered = AuditEvent.objects.latest("id")
    assert (offered.action, offered.data["people"], offered.actor) == ("casework.possible_duplicates_offered",
                                                                        [w["dana"].pk], w["csu"].email)

    response = client.post(NEW_REPORT, {**typed, "offered": "True", "match": str(w["dana"].pk)})

    assert response.status_code == 302
    saved = Report.objects.latest("id")
    assert list(saved.people_links.values_list("person_id", "role")) == [(w["dana"].pk, "victim")]
    assert Person.objects.count() == people


def test_someone_new_is_recorded_as_a_new_person_even_with_the_same_name(world, client_for):
    w = world
    client = client_for(w["csu"])
    people = Person.objects.count()
    typed = report(first_name="Dana", last_name="Ellis", date_of_birth="1950-03-01", phone="07700 900999",
                   email="dana@example.com", offered="True")
    response = client.post(NEW_REPORT, {**typed})
    assert response.status_code == 400
    assert "Choose one of the people already recorded, or say this is someone new" in response.content.decode()
    response = client.post(NEW_REPORT, {**typed, "match": str(w["tenant"].pk)})
    assert response.status_code == 400
    assert "Choose one of the people offered, or say this is someone new" in response.content.decode()
    assert Person.objects.count() == people

    response = client.post(NEW_REPORT, {**typed, "match": "new"})

    assert response.status_code == 302
    person = Person.objects.latest("id")
    assert Person.objects.count() == people + 1 and person.pk != w["dana"].pk
    assert (person.phone, person.email) == ("07700 900999", "dana@example.com")


@pytest.mark.parametrize("typed, offered", [
    ({"first_name": "Dana", "last_name": "Ellis"}, True),  # no date of birth given: the name is enough
    ({"first_name": "Dana", "last_name": "Ellis", "date_of_birth": "1960-01-01"}, False),  # born another day
    ({"first_name": "Dana", "last_name": "Ellis", "date_of_birth": "1960-01-01", "address": "4 mill lane"}, True),
    ({"first_name": "Dana", "last_name": "Ellis", "date_of_birth": "1960-01-01", "postcode": "tv1 2ab"}, True),
    ({"first_name": "Pat", "last_name": "Other", "phone": "01234 111222"}, True),  # the same phone, another name
    ({"first_name": "Pat", "last_name": "Other"}, False),
])
def test_who_counts_as_possibly_the_same_person(world, partnership, typed, offered):
    w = world
    visible = queries.people_visible_to(w["csu"], partnership)
    details = {"date_of_birth": None, "address": "", "postcode": "", "phone": "", "email": "", **typed}
    if details["date_of_birth"]:
        details["date_of_birth"] = datetime.date.fromisoformat(details["date_of_birth"])
    assert (w["dana"] in queries.possible_duplicates(visible, **details)) is offered


def test_reports_at_the_same_place_are_offered_before_saving(world, client_for):
    w = world
    client = client_for(w["csu"])
    reports = Report.objects.count()
    typed = report(postcode="TV1 2AB", address="6 Mill Lane")
    response = client.post(NEW_REPORT, typed)
    assert response.status_code == 200 and w["report"].reference in response.content.decode()
    assert "Reports at the same place" in response.content.decode()
    assert AuditEvent.objects.latest("id").data == {"people": [], "reports": [w["report"].pk]}
    assert Report.objects.count() == reports
    # Weeks later in the same postcode is not nearby (only the known place there is offered, ADR 70); the
    # same address always is.
    far = (TODAY - datetime.timedelta(days=30)).isoformat()
    response = client.post(NEW_REPORT, {**typed, "occurred_on": far})
    assert response.status_code == 200 and "Reports at the same place" not in response.content.decode()
    assert client.post(NEW_REPORT, {**typed, "occurred_on": far, "offered": "True"}).status_code == 302
    assert client.post(NEW_REPORT, {**typed, "occurred_on": far, "address": "4 Mill Lane"}).status_code == 200
    # Having seen them, the recorder records the report.
    assert client.post(NEW_REPORT, {**typed, "offered": "True"}).status_code == 302
    assert Report.objects.count() == reports + 2


# The person picker -----------------------------------------------------------------------------------

def test_the_person_picker_finds_by_name_among_visible_people_only(world, client_for, partnership, council):
    w = world
    case = actions.open_case(by=w["csu"], partnership=partnership, organisation=council, title="Mill Lane")
    for n in range(25):
        actions.add_person(by=w["csu"], partnership=partnership, organisation=council, first_name=f"Sam{n:02d}",
                           last_name="Many")
    url = f"/p/testvale/casework/cases/{case.pk}/add-person/"
    client = client_for(w["csu"])

    before = AuditEvent.objects.count()
    html = client.get(url).content.decode()
    assert "Dana Ellis" not in html and "Many" not in html and AuditEvent.objects.count() == before
    html = client.get(url + "?q=ellis+dana").content.decode()
    assert f'value="{w["dana"].pk}"' in html and f'value="{w["tenant"].pk}"' not in html
    event = AuditEvent.objects.latest("id")
    assert (event.action, event.object_id, event.data) == ("casework.people_searched", str(case.pk),
                                                           {"search": "ellis dana", "ids": [w["dana"].pk]})
    html = client.get(url + "?q=many").content.decode()
    assert html.count('name="person"') == 20 and "20 people match" in html
    assert "No one you may see matches" in client.get(url + "?q=hale").content.decode()

    response = client.post(url + "?q=ellis", {"person": w["tenant"].pk, "role": "witness"})
    assert response.status_code == 400 and "Choose a person from the search results" in response.content.decode()
    response = client.post(url + "?q=ellis", {"person": w["dana"].pk, "role": "witness"})
    assert response.status_code == 302
    assert CaseParty.objects.filter(case=case, person=w["dana"], role="witness").exists()


def test_only_the_owning_organisation_merges_a_person(world, client_for, partnership, council, housing, manager):
    """A partner seeing the council's Dana Ellis through a shared case reads her record but neither
    merges it nor merges into it: the council's records are the council's to rewrite."""
    w = world
    case = actions.open_case_from_report(by=w["csu"], partnership=partnership, organisation=council,
                                         report=w["report"], title="Mill Lane")
    agreement = actions.add_agreement(by=manager, partnership=partnership, title="ISA", purpose="ASB",
                                      lawful_basis="public_task", parties=[council, housing],
                                      starts_on=datetime.date(2024, 1, 1), review_on=datetime.date(2099, 1, 1))
    actions.share_case(by=w["csu"], case=case, organisation=housing, agreement=agreement)
    partner = client_for(w["practitioner"])
    page = partner.get(person_url(w["dana"]))
    assert page.status_code == 200 and "Merge a duplicate" not in page.content.decode()
    assert "Merge a duplicate" in partner.get(person_url(w["tenant"])).content.decode()
    assert partner.get(person_url(w["dana"], "merge/")).status_code == 403
    assert partner.post(person_url(w["dana"], f"merge/?duplicate={w['tenant'].pk}")).status_code == 403
    assert partner.post(person_url(w["tenant"], f"merge/?duplicate={w['dana'].pk}")).status_code == 403
    html = partner.get(person_url(w["tenant"], "merge/?q=dana")).content.decode()
    assert f"?duplicate={w['dana'].pk}" not in html
    assert Person.objects.filter(merged_into__isnull=False).count() == 0
