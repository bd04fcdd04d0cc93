"""The CSU briefing's open actions (Task Group actions on the person's cases, risk reviews due) and
its printed sheet: what is on it is what the page shows the same reader, and printing it is audited."""

import datetime
import io

import pytest
from pypdf import PdfReader

from eunomia.audit.models import AuditEvent
from eunomia.briefing import report as report_module
from eunomia.briefing.report import briefing
from eunomia.casework import actions
from eunomia.casework.models import RepeatRule
from eunomia.risk import actions as risk
from eunomia.taskgroup import actions as taskgroup
from tests.casework.test_casework import TODAY, at, world  # noqa: F401  (the fixture)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def briefed(world, settings):  # noqa: F811
    """Dana (flagged, so on the briefing) is a party to the council's case, discussed at a Task Group
    meeting the council chaired with housing there: one action overdue on the day, one due later,
    one done; and her risk review fell due the day before."""
    w = world
    actions.add_party(by=w["csu"], case=w["case"], person=w["victim"], role="victim")
    meeting = taskgroup.create_meeting(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                                       held_on=TODAY - 20 * DAY, title="ASB Task Group", attendees=[w["council"]],
                                       cases=[w["case"]])
    overdue = taskgroup.add_action(by=w["csu"], meeting=meeting, organisation=w["council"], case=w["case"],
                                   description="Send warning letter 2", due_on=TODAY - DAY)
    later = taskgroup.add_action(by=w["csu"], meeting=meeting, organisation=w["council"], case=w["case"],
                                 description="Visit the neighbours", due_on=TODAY + 5 * DAY)
    done = taskgroup.add_action(by=w["csu"], meeting=meeting, organisation=w["council"], case=w["case"],
                                description="Fit a door alarm", due_on=TODAY - 10 * DAY)
    taskgroup.complete_action(by=w["csu"], action=done, done_on=TODAY - 12 * DAY)
    victims = risk.question_set(w["partnership"], "victim")
    assessment = risk.assess(by=w["csu"], person=w["victim"], question_set=victims, yes_ids=set(),
                             assessed_on=TODAY - 91 * DAY)  # standard risk: review after 90 days
    return {**w, "meeting": meeting, "overdue": overdue, "later": later, "assessment": assessment}


def test_open_actions_stand_beside_the_person(briefed, client_for):
    w = briefed
    html = client_for(w["csu"]).get(f"/p/testvale/casework/briefing/?day={TODAY}&period=day").content.decode()
    row = html[html.index("Dana Ellis"):html.index("</tr>", html.index("Dana Ellis"))]
    assert "Send warning letter 2" in row and "Visit the neighbours" in row and "Fit a door alarm" not in row
    # Soonest due first, the overdue one marked; the review is due the day the assessment said.
    assert w["assessment"].review_on == TODAY - DAY
    assert row.index("Send warning letter 2") < row.index("Visit the neighbours")
    assert row.count("Overdue") == 2  # the letter and the review
    assert "Review the victim risk assessment" in row


def test_actions_of_a_meeting_the_reader_did_not_attend_are_not_shown(briefed, client_for):
    """Shared the case, the housing practitioner sees Dana, but not the council's meeting's actions:
    housing was not at that meeting."""
    w = briefed
    actions.share_case(by=w["csu"], case=w["case"], organisation=w["housing"], agreement=w["agreement"], on=TODAY)
    html = client_for(w["practitioner"]).get(f"/p/testvale/casework/briefing/?day={TODAY}&period=day").content.decode()
    assert "Dana Ellis" in html
    assert "Send warning letter 2" not in html
    assert "Review the victim risk assessment" in html


def text_of(pdf):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_printed_sheet_holds_the_page_and_its_export_is_audited(briefed, client_for):
    w = briefed
    client = client_for(w["csu"])
    page = client.get(f"/p/testvale/casework/briefing/?day={TODAY}&period=day").content.decode()
    assert f"/p/testvale/casework/briefing/sheet.pdf?day={TODAY}&amp;period=day" in page
    response = client.get(f"/p/testvale/casework/briefing/sheet.pdf?day={TODAY}&period=day", REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="csu-briefing-{TODAY}-1-day.pdf"'
    text = text_of(response.content)
    assert "OFFICIAL-SENSITIVE" in text and "CSU briefing, 20 November 2026" in text
    assert "Dana Ellis" in text and "OVERDUE: Send warning letter 2" in text and "Visit the neighbours" in text
    assert "4 Mill Lane" not in text.split("Repeat locations")[-1]  # one report there: not a repeat location
    event = AuditEvent.objects.filter(action="casework.briefing_exported").get()
    assert (event.actor, event.ip_address) == (w["csu"].email, "192.0.2.9")
    assert event.data == {"day": TODAY.isoformat(), "days": 1, "format": "pdf", "people": [w["victim"].pk]}


def test_the_sheet_holds_only_what_the_reader_may_see(briefed, client_for):
    text = text_of(client_for(briefed["practitioner"]).get(
        f"/p/testvale/casework/briefing/sheet.pdf?day={TODAY}&period=day").content)
    assert "Dana Ellis" not in text and "No one to brief on" in text


@pytest.mark.parametrize("query", ["day=2026-02-31", "day=2999-01-01", "period=fortnight"])
def test_a_sheet_of_a_day_that_is_not_one_is_refused_in_words(briefed, client_for, query):
    response = client_for(briefed["csu"]).get(f"/p/testvale/casework/briefing/sheet.pdf?{query}")
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert not AuditEvent.objects.filter(action="casework.briefing_exported").exists()


def test_readers_without_casework_cannot_print_it(briefed, client_for):
    assert client_for(briefed["analyst"]).get("/p/testvale/casework/briefing/sheet.pdf").status_code == 403
    assert client_for(briefed["outsider"]).get("/p/testvale/casework/briefing/sheet.pdf").status_code == 404


def test_a_long_briefing_comes_in_pages_and_the_sheet_has_everyone(world, client_for, partnership, settings):  # noqa: F811
    """51 flagged victims on the day: 50 on the first page (most reports first, then by name), one on
    the second; a page past the last is the last; the sheet lists all 51."""
    w = world
    for n in range(50):
        person = actions.add_person(by=w["csu"], partnership=partnership, organisation=w["council"],
                                    first_name="Resident", last_name=f"Abbott {n:02d}", flags=["disability"])
        actions.record_report(by=w["csu"], partnership=partnership, organisation=w["council"], occurred_at=at(TODAY),
                              reported_at=at(TODAY, 14), category="noise", source="phone", description="Noise",
                              people=[(person, "victim")])
    client = client_for(w["csu"])
    first = client.get(f"/p/testvale/casework/briefing/?day={TODAY}&period=day").content.decode()
    assert "51 people to brief on, 50 to a page: page 1 of 2" in first
    assert "Dana Ellis" not in first and "Resident Abbott 00" in first and "Resident Abbott 49" in first
    assert f'href="?day={TODAY}&amp;period=day&amp;page=2" rel="next"' in first
    for page in (2, 9):
        second = client.get(f"/p/testvale/casework/briefing/?day={TODAY}&period=day&page={page}").content.decode()
        assert "page 2 of 2" in second and "Dana Ellis" in second and "Resident Abbott" not in second
    assert AuditEvent.objects.filter(action="casework.briefing_viewed").latest("pk").data["people"] == [w["victim"].pk]
    text = text_of(client.get(f"/p/testvale/casework/briefing/sheet.pdf?day={TODAY}&period=day").content)
    assert "Dana Ellis" in text and "Resident Abbott 00" in text and "Resident Abbott 49" in text


def test_repeat_places_count_the_rules_window_of_reports_the_reader_may_see(world):  # noqa: F811
    """4 Mill Lane (tv1 2ab) is on the day's briefing. Under a rule of 3 reports in 91 days the
    council sees 3 there (the day's, one 30 days before and one on the window's first day); housing's
    report there is not the council's to see, one a day before the window does not count, and the same
    address with another postcode is another place."""
    w = world

    def report_at(days_before, *, by=w["csu"], organisation=w["council"], postcode="tv1 2ab"):
        actions.record_report(by=by, partnership=w["partnership"], organisation=organisation,
                              occurred_at=at(TODAY - days_before * DAY, 9), reported_at=at(TODAY, 13),
                              category="noise", source="phone", description="Music", address="4 Mill Lane",
                              postcode=postcode, people=[])

    rule = RepeatRule(partnership=w["partnership"], reports=3, days=91)

    def places(reader):
        return [{k: p[k] for k in ("address", "postcode", "n")}  # and the place's pk, to link to it (ADR 70)
                for p in briefing(reader, w["partnership"], on=TODAY, rule=rule, days=1).places]

    report_at(30)
    report_at(91)  # the day before the window's first
    report_at(10, by=w["practitioner"], organisation=w["housing"])
    report_at(5, postcode="tv9 9zz")
    assert places(w["csu"]) == []  # 2 of the window's 3 are the council's
    report_at(90)  # the window's first day
    assert places(w["csu"]) == [{"address": "4 Mill Lane", "postcode": "TV1 2AB", "n": 3}]
    assert places(w["practitioner"]) == []  # none of the day's reports there is housing's


def test_the_page_lists_the_busiest_repeat_places_and_the_sheet_every_one(world, client_for, monkeypatch):  # noqa: F811
    """Three repeat places on the day: 4 Mill Lane (4 reports the council sees), 9 Oak Road (5, of
    which 2 are housing's) and 1 Ash Close (3). Listing two, the page shows Mill Lane and Ash Close
    after Oak Road's 3; read one place at a time, it still finds them."""
    w = world
    monkeypatch.setattr(report_module, "PLACES_SHOWN", 2)
    monkeypatch.setattr(report_module, "PLACES_READ", 1)

    def reports_at(address, postcode, days_before, *, by=w["csu"], organisation=w["council"]):
        for days in days_before:
            actions.record_report(by=by, partnership=w["partnership"], organisation=organisation,
                                  occurred_at=at(TODAY - days * DAY, 9), reported_at=at(TODAY, 13),
                                  category="noise", source="phone", description="Music", address=address,
                                  postcode=postcode, people=[])

    reports_at("4 Mill Lane", "tv1 2ab", [3, 4, 5])  # and the world's report of the day
    reports_at("9 Oak Road", "TV2 1AA", [0, 1, 2])
    reports_at("9 Oak Road", "TV2 1AA", [3, 4], by=w["practitioner"], organisation=w["housing"])
    reports_at("1 Ash Close", "TV3 1AA", [0, 1, 2])
    rule = RepeatRule(partnership=w["partnership"])
    on_page = briefing(w["csu"], w["partnership"], on=TODAY, rule=rule, days=1, page=1)
    assert [(p["address"], p["n"]) for p in on_page.places] == [("4 Mill Lane", 4), ("1 Ash Close", 3)]
    assert on_page.more_places
    every = briefing(w["csu"], w["partnership"], on=TODAY, rule=rule, days=1)
    assert [(p["address"], p["n"]) for p in every.places] == [("4 Mill Lane", 4), ("1 Ash Close", 3), ("9 Oak Road", 3)]
    assert not every.more_places
    html = client_for(w["csu"]).get(f"/p/testvale/casework/briefing/?day={TODAY}&period=day").content.decode()
    assert "The 2 repeat locations with most reports are listed here." in html and "9 Oak Road" not in html
    assert "9 Oak Road" in text_of(client_for(w["csu"]).get(
        f"/p/testvale/casework/briefing/sheet.pdf?day={TODAY}&period=day").content)
