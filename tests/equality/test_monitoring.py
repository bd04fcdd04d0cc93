"""Equality monitoring of casework and DA people: optional answers with "Prefer not to say", read and
changed only through the person (a person the reader may not see is a 404; DA answers only for DA
holders), every read and change audited without the answers themselves, in subject access, merged with
the person and erased with them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.audit.queries import events_for_partnership, without_domains
from eunomia.casework import actions as casework
from eunomia.casework import retention
from eunomia.core.equality import PREFER_NOT_TO_SAY
from eunomia.domesticabuse import actions as da
from eunomia.domesticabuse import personal_data as da_personal_data
from eunomia.equality import actions
from eunomia.equality.models import DaPersonEquality, PersonEquality
from eunomia.home.views import RESTRICTED_AUDIT_DOMAINS
from eunomia.records.sar import sections_for
from tests.clock import at

TODAY = timezone.localdate()
ANSWERS = {"ethnicity": "irish", "sex": "female", "religion": PREFER_NOT_TO_SAY, "age_band": "65_74"}


@pytest.fixture
def world(partnership, council, housing, make_member):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    idva = make_member("da_specialist", partnership, council)
    dana = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                               last_name="Ellis")
    casework.record_report(by=csu, partnership=partnership, organisation=council, occurred_at=at(TODAY),
                           reported_at=at(TODAY), category="noise", source="phone", description="Music",
                           people=[(dana, "victim")])
    victim = da.save_person(by=idva, partnership=partnership, first_name="Vic", last_name="Tim")
    return {"csu": csu, "practitioner": practitioner, "idva": idva, "dana": dana, "victim": victim}


def url(name, person, partnership_slug="testvale"):
    return reverse(f"equality:{name}", args=[partnership_slug, person.pk])


def test_no_answer_is_required_and_saving_none_keeps_no_row(world, client_for):
    client = client_for(world["csu"])
    response = client.post(url("person_change", world["dana"]), {})

    assert response.status_code == 302
    assert not PersonEquality.objects.exists()
    event = AuditEvent.objects.filter(action="equality.person_answers_saved").get()
    assert event.data == {"questions_changed": []}


def test_answers_are_saved_shown_and_audited_without_their_values(world, client_for):
    client = client_for(world["csu"])
    form = client.get(url("person_change", world["dana"])).content.decode()
    assert form.count(f'value="{PREFER_NOT_TO_SAY}"') == 8 and "Not asked or not answered" in form

    client.post(url("person_change", world["dana"]), ANSWERS)

    row = PersonEquality.objects.get(person=world["dana"])
    assert (row.ethnicity, row.sex, row.religion, row.age_band, row.sexual_orientation) == (
        "irish", "female", PREFER_NOT_TO_SAY, "65_74", "")
    saved = AuditEvent.objects.filter(action="equality.person_answers_saved").get()
    assert saved.data == {"questions_changed": ["age_band", "ethnicity", "religion", "sex"]}
    assert "irish" not in str(saved.data)
    page = client.get(url("person", world["dana"])).content.decode()
    assert "Irish" in page and "Prefer not to say" in page and "65 to 74" in page
    assert AuditEvent.objects.filter(action="equality.person_answers_viewed", object_id=str(world["dana"].pk),
                                     object_type="casework.person").count() == 1
    assert AuditEvent.objects.filter(action="equality.person_answers_form_viewed").count() == 1


def test_an_answer_can_be_cleared_and_clearing_every_one_removes_the_row(world):
    actions.save_person_answers(by=world["csu"], person=world["dana"], answers=ANSWERS)
    actions.save_person_answers(by=world["csu"], person=world["dana"], answers={**ANSWERS, "sex": ""})
    assert PersonEquality.objects.get().sex == ""

    actions.save_person_answers(by=world["csu"], person=world["dana"], answers={})
    assert not PersonEquality.objects.exists()


@pytest.mark.parametrize("answers, field", [
    ({"ethnicity": "martian"}, "ethnicity"),
    ({"long_term_condition": "no", "reduced_ability": "a_little"}, "reduced_ability"),
])
def test_a_bad_answer_is_refused_by_the_action_naming_the_question(world, answers, field):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refusal:
        actions.save_person_answers(by=world["csu"], person=world["dana"], answers=answers)
    assert field in refusal.value.message_dict
    assert not PersonEquality.objects.exists() and AuditEvent.objects.count() == before


def test_hostile_input_is_refused_in_words_and_nothing_saved(world, client_for):
    client = client_for(world["csu"])
    before = AuditEvent.objects.count()
    response = client.post(url("person_change", world["dana"]), {
        "ethnicity": "<script>alert(1)</script>", "sex": "x" * 100_000, "religion": "jewish\x00"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "Choose one of the answers listed" in content
    assert not PersonEquality.objects.exists()
    assert not AuditEvent.objects.filter(action="equality.person_answers_saved").exists()
    assert AuditEvent.objects.count() == before + 1  # only the form's read


def test_a_person_the_reader_may_not_see_is_a_404_and_nothing_is_audited(world, client_for, analyst):
    actions.save_person_answers(by=world["csu"], person=world["dana"], answers=ANSWERS)
    before = AuditEvent.objects.count()
    # Housing's practitioner sees only Housing's records and cases shared with it.
    practitioner = client_for(world["practitioner"])
    assert practitioner.get(url("person", world["dana"])).status_code == 404
    assert practitioner.post(url("person_change", world["dana"]), {"sex": "male"}).status_code == 404
    # The analyst works no casework at all.
    assert client_for(analyst).get(url("person", world["dana"])).status_code == 403
    assert PersonEquality.objects.get().sex == "female"
    assert AuditEvent.objects.count() == before


def test_a_case_shared_with_a_partner_lets_them_read_the_answers(world, client_for, partnership, council, housing,
                                                                 manager):
    actions.save_person_answers(by=world["csu"], person=world["dana"], answers=ANSWERS)
    case = casework.open_case(by=world["csu"], partnership=partnership, organisation=council, title="Music")
    casework.add_party(by=world["csu"], case=case, person=world["dana"], role="victim")
    agreement = casework.add_agreement(
        by=manager, partnership=partnership, title="ASB Task Group ISA", purpose="Managing ASB cases together",
        lawful_basis="public_task", parties=[council, housing], starts_on=datetime.date(2024, 1, 1),
        review_on=datetime.date(2099, 1, 1))
    casework.share_case(by=world["csu"], case=case, organisation=housing, agreement=agreement)

    page = client_for(world["practitioner"]).get(url("person", world["dana"]))
    assert page.status_code == 200 and "Irish" in page.content.decode()


def test_another_partnerships_member_gets_a_404(world, client_for, outsider):
    assert client_for(outsider).get(url("person", world["dana"])).status_code == 404
    assert client_for(outsider).get(url("da_person", world["victim"])).status_code == 404


# Domestic abuse ---------------------------------------------------------------------------------------------

def test_da_answers_only_for_da_holders(world, client_for, manager):
    actions.save_da_person_answers(by=world["idva"], person=world["victim"], answers={"sex": "male"})
    for reader in (manager, world["csu"]):
        client = client_for(reader)
        assert client.get(url("da_person", world["victim"])).status_code == 404
        assert client.post(url("da_person_change", world["victim"]), {"sex": "female"}).status_code == 404
    assert DaPersonEquality.objects.get().sex == "male"

    idva = client_for(world["idva"])
    assert "Male" in idva.get(url("da_person", world["victim"])).content.decode()
    assert idva.post(url("da_person_change", world["victim"]), {"sex": PREFER_NOT_TO_SAY}).status_code == 302
    assert DaPersonEquality.objects.get().sex == PREFER_NOT_TO_SAY


def test_da_events_stay_in_the_da_audit_trail(world, client_for, partnership):
    client = client_for(world["idva"])
    client.get(url("da_person_change", world["victim"]))
    client.post(url("da_person_change", world["victim"]), {"sex": "female"})
    client.get(url("da_person", world["victim"]))

    da_events = AuditEvent.objects.filter(action__startswith="equality.da_person")
    assert da_events.count() == 3  # form viewed, saved, page viewed
    assert set(da_events.values_list("object_type", flat=True)) == {"domesticabuse.daperson"}
    visible = without_domains(events_for_partnership(partnership), RESTRICTED_AUDIT_DOMAINS)
    assert not visible.filter(action__startswith="equality.da_person").exists()


def test_the_person_pages_link_to_the_answers_and_never_show_them(world, client_for):
    actions.save_person_answers(by=world["csu"], person=world["dana"], answers=ANSWERS)
    actions.save_da_person_answers(by=world["idva"], person=world["victim"], answers={"ethnicity": "roma"})
    casework_page = client_for(world["csu"]).get(f"/p/testvale/casework/people/{world['dana'].pk}/").content.decode()
    assert url("person", world["dana"]) in casework_page and "Irish" not in casework_page
    da_page = client_for(world["idva"]).get(
        f"/p/testvale/domestic-abuse/people/{world['victim'].pk}/").content.decode()
    assert url("da_person", world["victim"]) in da_page and "Roma" not in da_page


# Subject access, merging, erasure ----------------------------------------------------------------------------

def test_subject_access_includes_the_answers(world):
    actions.save_person_answers(by=world["csu"], person=world["dana"], answers=ANSWERS)
    actions.save_da_person_answers(by=world["idva"], person=world["victim"], answers={"ethnicity": "roma"})

    [(heading, fields)] = dict(sections_for(world["dana"]))["Equality monitoring"]
    assert fields["What is your ethnic group?"] == "Irish"
    assert fields["What is your religion?"] == "Prefer not to say"
    assert fields["Which of the following best describes your sexual orientation?"] == "Not recorded"
    [(_, da_fields)] = dict(da_personal_data.sections_of(world["victim"]))["Equality monitoring"]
    assert da_fields["What is your ethnic group?"] == "Roma"


def test_subject_access_without_answers_has_no_equality_section(world):
    assert "Equality monitoring" not in dict(sections_for(world["dana"]))
    assert "Equality monitoring" not in dict(da_personal_data.sections_of(world["victim"]))


def test_merging_keeps_the_kept_persons_answers_or_takes_the_duplicates(world, partnership, council):
    twin = casework.add_person(by=world["csu"], partnership=partnership, organisation=council, first_name="Dana",
                               last_name="Ellis")
    third = casework.add_person(by=world["csu"], partnership=partnership, organisation=council, first_name="Dana",
                                last_name="Ellis")
    actions.save_person_answers(by=world["csu"], person=world["dana"], answers={"sex": "female"})
    actions.save_person_answers(by=world["csu"], person=twin, answers={"sex": "male"})
    actions.save_person_answers(by=world["csu"], person=third, answers={"age_band": "18_24"})

    casework.merge_people(by=world["csu"], kept=world["dana"], duplicate=twin)
    assert list(PersonEquality.objects.filter(person=world["dana"]).values_list("sex", flat=True)) == ["female"]
    assert not PersonEquality.objects.filter(person=twin).exists()

    fresh = casework.add_person(by=world["csu"], partnership=partnership, organisation=council, first_name="Dana",
                                last_name="Ellis")
    casework.merge_people(by=world["csu"], kept=fresh, duplicate=third)
    assert PersonEquality.objects.get(person=fresh).age_band == "18_24"


def test_erasure_under_the_retention_schedule_removes_the_answers(world, partnership, council, system_user):
    actions.save_person_answers(by=world["csu"], person=world["dana"], answers=ANSWERS)
    old = casework.add_person(by=world["csu"], partnership=partnership, organisation=council, first_name="Old",
                              last_name="Record")
    actions.save_person_answers(by=world["csu"], person=old, answers={"sex": "male"})
    from_long_ago = TODAY - datetime.timedelta(days=365 * 7)
    type(old).objects.filter(pk=old.pk).update(created_at=at(from_long_ago))

    erased = retention.erase(partnership, today=TODAY, by=system_user)

    assert [p.pk for p in erased.people] == [old.pk]
    assert not PersonEquality.objects.filter(person=old).exists()
    assert PersonEquality.objects.filter(person=world["dana"]).exists()
