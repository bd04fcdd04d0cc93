"""Interventions on ASB cases: each rule of the ladder at its edge, nothing saved on a refusal, the
pages a 404 for a case the reader may not see, letters as PDF and DOCX, and every read audited."""

import datetime
import io

import docx
import pypdf
import pytest
from django.core.exceptions import ValidationError

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.interventions import actions, rules
from eunomia.interventions.models import Intervention, Kind, LetterTemplate

TODAY = datetime.date(2026, 11, 20)
OPENED = datetime.date(2026, 1, 5)


@pytest.fixture
def world(partnership, council, housing, make_member):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    case = casework.open_case(by=csu, partnership=partnership, organisation=council, title="Mill Lane noise",
                              opened_on=OPENED)
    # Jordan turns 16 on 10 June 2026; Kit turns 10 the same day.
    teen = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Jordan",
                               last_name="Vale", date_of_birth=datetime.date(2010, 6, 10))
    child = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Kit",
                                last_name="Rowe", date_of_birth=datetime.date(2016, 6, 10))
    unknown = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Lee",
                                  last_name="Marsh")
    victim = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                                 last_name="Ellis")
    for person in (teen, child, unknown):
        casework.add_party(by=csu, case=case, person=person, role="perpetrator")
    casework.add_party(by=csu, case=case, person=victim, role="victim")
    return locals()


def give(w, person, kind, on, **extra):
    return actions.record_intervention(by=w["csu"], case=w["case"], person=w[person], kind=kind, issued_on=on,
                                       today=TODAY, **extra)


def refused(w, person, kind, on, **extra):
    count, events = Intervention.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        give(w, person, kind, on, **extra)
    assert (Intervention.objects.count(), AuditEvent.objects.count()) == (count, events)
    return " ".join(m for messages in raised.value.message_dict.values() for m in messages)


def test_a_community_protection_warning_needs_16_on_the_day(world):
    message = refused(world, "teen", Kind.CPW, datetime.date(2026, 6, 9))
    assert message == ("A Community Protection Warning needs the person to be 16 or over: Jordan Vale was 15 "
                       "on 9 June 2026")
    assert give(world, "teen", Kind.CPW, datetime.date(2026, 6, 10)).pk


@pytest.mark.parametrize("issued_on,refusal", [
    (datetime.date(2026, 6, 9), "A Community Protection Notice needs the person to be 16 or over: A B was 15 "
                                "on 9 June 2026"),
    (datetime.date(2026, 6, 10), None),
])
def test_a_community_protection_notice_needs_16_on_the_day(issued_on, refusal):
    """Through the rules alone: the warning before it was given (say, before the date of birth was
    corrected), and the notice is still refused the day before the 16th birthday."""
    errors = rules.refusals(kind="cpn", person_name="A B", date_of_birth=datetime.date(2010, 6, 10),
                            issued_on=issued_on, today=TODAY, case_opened_on=OPENED, is_perpetrator=True,
                            person_earlier=[("cpw", datetime.date(2026, 5, 1))], case_earlier=[],
                            on_conviction=False)
    assert errors.get("kind") == refusal


def test_a_civil_injunction_needs_10_on_the_day(world):
    assert refused(world, "child", Kind.INJUNCTION, datetime.date(2026, 6, 9)) == (
        "A civil injunction needs the person to be 10 or over: Kit Rowe was 9 on 9 June 2026")
    assert give(world, "child", Kind.INJUNCTION, datetime.date(2026, 6, 10)).pk


def test_an_unknown_age_is_refused_where_an_age_limit_applies(world):
    for kind in (Kind.CPW, Kind.INJUNCTION):
        assert "date of birth is not recorded: record it first" in refused(world, "unknown", kind, TODAY)
    assert give(world, "unknown", Kind.LETTER_1, TODAY).pk  # no age limit on a letter


def test_a_letter_stage_cannot_be_skipped(world):
    message = refused(world, "teen", Kind.LETTER_2, TODAY)
    assert message == ("Warning letter 2 needs warning letter 1 first for Jordan Vale in this case: "
                       "a letter stage cannot be skipped")
    give(world, "child", Kind.LETTER_1, TODAY)  # someone else's letter 1 does not count
    assert "needs warning letter 1 first" in refused(world, "teen", Kind.LETTER_2, TODAY)
    give(world, "teen", Kind.LETTER_1, TODAY - datetime.timedelta(days=1))
    assert "needs warning letter 2 first" in refused(world, "teen", Kind.LETTER_3, TODAY)
    # Letter 2 dated before letter 1 is still a skipped stage.
    assert "needs warning letter 1 first" in refused(world, "teen", Kind.LETTER_2, TODAY - datetime.timedelta(days=2))
    give(world, "teen", Kind.LETTER_2, TODAY)
    assert give(world, "teen", Kind.LETTER_3, TODAY).pk


def test_a_notice_needs_its_warning_and_an_order_its_notice(world):
    assert "needs a Community Protection Warning first" in refused(world, "teen", Kind.CPN, TODAY)
    assert "needs a closure notice first" in refused(world, "teen", Kind.CLOSURE_ORDER, TODAY)
    give(world, "unknown", Kind.CLOSURE_NOTICE, TODAY)  # a closure notice is on the premises: any party's counts
    assert give(world, "teen", Kind.CLOSURE_ORDER, TODAY).pk


def test_a_criminal_behaviour_order_needs_a_conviction(world):
    assert "made only on conviction" in refused(world, "teen", Kind.CBO, TODAY)
    assert give(world, "teen", Kind.CBO, TODAY, on_conviction=True).on_conviction


def test_dates_and_parties(world):
    assert "cannot be in the future" in refused(world, "teen", Kind.VERBAL_WARNING, TODAY + datetime.timedelta(days=1))
    assert "before the case was opened, on 5 January 2026" in refused(
        world, "teen", Kind.VERBAL_WARNING, OPENED - datetime.timedelta(days=1))
    assert give(world, "teen", Kind.VERBAL_WARNING, OPENED).pk
    # Someone born after the date (a mistyped date of birth) is refused for any kind of intervention.
    world["child"].date_of_birth = datetime.date(2026, 3, 1)
    world["child"].save()
    assert "Kit Rowe was born on 1 March 2026, after this date" in refused(
        world, "child", Kind.VERBAL_WARNING, datetime.date(2026, 2, 28))
    assert "Dana Ellis is not an alleged perpetrator in this case" in refused(world, "victim", Kind.MEDIATION, TODAY)


def test_the_rules_alone():
    facts = dict(person_name="A B", date_of_birth=datetime.date(2000, 2, 29), today=TODAY,
                 case_opened_on=OPENED, is_perpetrator=True, person_earlier=[], case_earlier=[], on_conviction=False)
    assert rules.refusals(kind="warning_letter_1", issued_on=TODAY, **facts) == {}
    assert rules.refusals(kind="nonsense", issued_on=TODAY, **facts) == {
        "kind": "Choose a kind of intervention from the list"}
    assert rules.age_on(datetime.date(2010, 2, 28), datetime.date(2026, 2, 28)) == 16
    assert rules.age_on(datetime.date(2010, 3, 1), datetime.date(2026, 2, 28)) == 15


def test_breaches(world):
    item = give(world, "teen", Kind.LETTER_1, datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="before the intervention was given"):
        actions.record_breach(by=world["csu"], intervention=item, breached_on=datetime.date(2026, 2, 28), today=TODAY)
    actions.record_breach(by=world["csu"], intervention=item, breached_on=datetime.date(2026, 3, 1), today=TODAY,
                          notes="Shouting again")
    with pytest.raises(ValidationError, match="already recorded"):
        actions.record_breach(by=world["csu"], intervention=item, breached_on=TODAY, today=TODAY)
    item.refresh_from_db()
    assert (item.breached_on, item.breach_notes) == (datetime.date(2026, 3, 1), "Shouting again")
    assert AuditEvent.objects.filter(action="interventions.breach_recorded", object_id=str(item.pk)).count() == 1


def base(w):
    return f"/p/testvale/interventions/cases/{w['case'].pk}/"


def test_pages_are_not_found_for_a_case_the_reader_cannot_see(world, client_for, outsider, analyst):
    item = give(world, "teen", Kind.LETTER_1, TODAY)
    urls = [base(world), base(world) + "new/", base(world) + f"{item.pk}/breach/",
            base(world) + f"{item.pk}/letter.pdf", base(world) + f"{item.pk}/letter.docx"]
    events = AuditEvent.objects.count()
    for user, expected in ((world["practitioner"], 404), (outsider, 404), (analyst, 403)):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == expected, (user, url)
        assert client.post(base(world) + "new/", {"person": world["teen"].pk, "kind": "verbal_warning",
                                                  "issued_on": "2026-11-01"}).status_code == expected
    assert AuditEvent.objects.count() == events and Intervention.objects.count() == 1
    # Another case's intervention is not found under this case.
    other = casework.open_case(by=world["csu"], partnership=world["partnership"], organisation=world["council"],
                               title="Other")
    wrong_case = f"/p/testvale/interventions/cases/{other.pk}/{item.pk}/breach/"
    assert client_for(world["csu"]).get(wrong_case).status_code == 404


def test_recording_through_the_form(world, client_for):
    client = client_for(world["csu"])
    page = client.get(base(world) + "new/").content.decode()
    assert "Jordan Vale" in page and "Dana Ellis" not in page  # only alleged perpetrators are offered
    response = client.post(base(world) + "new/", {"person": world["teen"].pk, "kind": "warning_letter_2",
                                                  "issued_on": "2026-11-01"})
    assert response.status_code == 400
    assert "a letter stage cannot be skipped" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert client.post(base(world) + "new/", {"person": world["victim"].pk, "kind": "mediation",
                                              "issued_on": "2026-11-01"}).status_code == 400
    assert client.post(base(world) + "new/", {"person": "x", "kind": "zzz", "issued_on": "soon"}).status_code == 400
    assert not Intervention.objects.exists()
    response = client.post(base(world) + "new/", {"person": world["teen"].pk, "kind": "warning_letter_1",
                                                  "issued_on": "2026-11-01", "notes": "Hand delivered"})
    assert response.status_code == 302
    item = Intervention.objects.get()
    response = client.post(base(world) + f"{item.pk}/breach/", {"breached_on": "2026-10-01"})
    assert response.status_code == 400 and "cannot be before the intervention" in response.content.decode()
    assert client.post(base(world) + f"{item.pk}/breach/", {"breached_on": "2026-11-02"}).status_code == 302
    html = client.get(base(world)).content.decode()
    assert "Warning letter 1" in html and "Hand delivered" in html and "Breached" in html


def test_every_page_and_download_is_audited(world, client_for):
    item = give(world, "teen", Kind.LETTER_1, TODAY)
    client = client_for(world["csu"])
    pages = {
        base(world): "interventions.listed",
        base(world) + "new/": "interventions.form_viewed",
        base(world) + f"{item.pk}/breach/": "interventions.breach_form_viewed",
        base(world) + f"{item.pk}/letter.pdf": "interventions.letter_downloaded",
        base(world) + f"{item.pk}/letter.docx": "interventions.letter_downloaded",
    }
    for url, action in pages.items():
        before = AuditEvent.objects.count()
        assert client.get(url, REMOTE_ADDR="192.0.2.9").status_code == 200, url
        event = AuditEvent.objects.order_by("-id").first()
        assert AuditEvent.objects.count() == before + 1, url
        assert (event.action, event.actor, event.ip_address) == (action, world["csu"].email, "192.0.2.9"), url
    assert event.data == {"case": world["case"].pk, "person": world["teen"].pk, "format": "docx",
                          "kind": "warning_letter_1"}
    recorded = AuditEvent.objects.get(action="interventions.recorded")
    assert recorded.object_id == str(item.pk) and recorded.data["kind"] == "warning_letter_1"


def test_letters_as_pdf_and_docx(world, client_for):
    world["teen"].address, world["teen"].postcode = "7 Mill Lane", "TV1 2AB"
    world["teen"].save()
    item = give(world, "teen", Kind.LETTER_1, datetime.date(2026, 11, 3))
    client = client_for(world["csu"])
    response = client.get(base(world) + f"{item.pk}/letter.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Jordan Vale" in text and world["case"].reference in text and "3 November 2026" in text
    response = client.get(base(world) + f"{item.pk}/letter.docx")
    assert response.content.startswith(b"PK")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert "Dear Jordan Vale," in paragraphs and world["csu"].full_name in paragraphs
    # A verbal warning has no letter.
    verbal = give(world, "teen", Kind.VERBAL_WARNING, TODAY)
    assert client.get(base(world) + f"{verbal.pk}/letter.pdf").status_code == 404


def test_templates_are_edited_per_partnership(world, client_for):
    client = client_for(world["csu"])
    assert "Warning letter 1" in client.get("/p/testvale/interventions/letters/").content.decode()
    url = "/p/testvale/interventions/letters/warning_letter_1/"
    response = client.post(url, {"title": "First warning", "body": "Dear {person_name}, {unknown_thing}"})
    assert response.status_code == 400 and "{unknown_thing} is not a placeholder" in response.content.decode()
    assert not LetterTemplate.objects.exists()
    assert client.post(url, {"title": "First warning", "body": "Hello {person_name}\n{person_name.__class__}"
                             }).status_code == 400
    assert client.post(url, {"title": "First warning for {person_name}",
                             "body": "Hello {person_name} about {case_reference}."}).status_code == 302
    assert AuditEvent.objects.filter(action="interventions.template_saved").count() == 1
    assert client.get("/p/testvale/interventions/letters/verbal_warning/").status_code == 404
    item = give(world, "teen", Kind.LETTER_1, TODAY)
    docx_file = client.get(base(world) + f"{item.pk}/letter.docx").content
    paragraphs = [p.text for p in docx.Document(io.BytesIO(docx_file)).paragraphs]
    assert f"Hello Jordan Vale about {world['case'].reference}." in paragraphs
    assert "First warning for Jordan Vale" in paragraphs
