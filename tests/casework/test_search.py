"""Search through the index (ADR 51): parts of names, ranking, visibility applied in the same query,
and the index kept in step by every write, merges and erasure included. Runs on both databases."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from eunomia.casework import actions, queries, retention, search
from eunomia.casework.models import Person, Report, SharingAgreement
from eunomia.core.dates import add_years
from tests.clock import at

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def w(partnership, council, housing, make_member):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)

    def person(first, last, *, by=csu, organisation=council, **details):
        return actions.add_person(by=by, partnership=partnership, organisation=organisation, first_name=first,
                                  last_name=last, **details)

    def report(people, *, by=csu, organisation=council, **details):
        details = {"address": "", "postcode": "", "description": "Shouting in the street", **details}
        return actions.record_report(by=by, partnership=partnership, organisation=organisation,
                                     occurred_at=at(TODAY), reported_at=at(TODAY, 13), category="noise",
                                     source="phone", people=[(p, "victim") for p in people], **details)

    return {"csu": csu, "practitioner": practitioner, "person": person, "report": report, "council": council,
            "housing": housing, "partnership": partnership}


def people(w, text, reader=None):
    visible = queries.people_visible_to(reader or w["csu"], w["partnership"])
    return list(queries.search_people(visible, text))


def reports(w, text, reader=None):
    return list(queries.search_reports(queries.reports_visible_to(reader or w["csu"], w["partnership"]), text)[0])


def indexed_people():
    """Who the index holds, by id (SQLite's FTS table; on PostgreSQL the index is the table's own)."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {search.PEOPLE_TABLE}")
        return {row[0] for row in cursor.fetchall()}


def test_parts_of_names_are_found_and_whole_names_rank_first(w):
    goldsmith = w["person"]("Ann", "Goldsmith")
    smithson = w["person"]("Bo", "Smithson")
    smith = w["person"]("Cy", "Smith")
    w["person"]("Di", "Jones")
    assert people(w, "oldsmi") == [goldsmith]  # a part from the middle of a name
    assert people(w, "SMITH") == [smith, smithson, goldsmith]  # the name, then names it starts, then inside
    assert people(w, "Jo") == [p for p in Person.objects.filter(last_name="Jones")]  # shorter than a trigram
    assert people(w, "smith cy") == [smith]  # every word must match
    for text in ('"smith', "smith*", "NEAR(smith jones)", "smith OR jones", "{first_name}:cy", "100%", "_"):
        assert people(w, text) == [] and reports(w, text) == []  # typed text is never query syntax
    assert people(w, "\x00smith") == [smith, smithson, goldsmith]  # a NUL is dropped, not an error


def test_reports_are_found_by_address_postcode_text_and_names_ranked(w):
    smith, goldsmith = w["person"]("Cy", "Smith"), w["person"]("Ann", "Goldsmith")
    older = w["report"]([smith], address="4 Mill Lane", postcode="TV1 2AB")
    newer = w["report"]([goldsmith], description="Fly-tipping behind the garages")
    assert reports(w, "smith") == [older, newer]  # the whole name first, though older
    assert reports(w, "mill lan") == [older]
    assert reports(w, "tv1 2ab") == [older]
    assert reports(w, "garages") == [newer]
    assert reports(w, newer.reference) == [newer]
    assert reports(w, "nowhere") == []
    # Both databases alike: part of a word of the text, and words in different columns together.
    assert reports(w, "garag") == [newer]
    assert reports(w, "mill shouting") == [older] and reports(w, "TV1 shout lane") == [older]


def test_cases_are_found_by_party_names_ranked(w):
    smith, goldsmith = w["person"]("Cy", "Smith"), w["person"]("Ann", "Goldsmith")
    first = actions.open_case_from_report(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                                          report=w["report"]([smith]), title="Noise")
    second = actions.open_case_from_report(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                                           report=w["report"]([goldsmith]), title="Fly-tipping")
    visible = queries.cases_visible_to(w["csu"], w["partnership"])
    assert list(queries.search_cases(visible, "smith")[0]) == [first, second]
    assert list(queries.search_cases(visible, "goldsm")[0]) == [second]


def test_words_may_match_a_name_and_the_text_of_one_report(w):
    lewis, green = w["person"]("Sam", "Lewis"), w["person"]("Jo", "Green")
    both = w["report"]([lewis], address="12 Green Lane")
    named_only = w["report"]([lewis], address="3 Mill Road")
    other_green = w["report"]([green], address="5 Mill Road")
    assert reports(w, "lewis green") == [both]  # one word a name, the other in the address
    assert reports(w, "green mill") == [other_green]  # a name and the address, another person
    assert reports(w, "lewis mill") == [named_only]
    assert reports(w, "green lane") == [both]
    assert reports(w, "lewis jones") == []


def test_a_search_ranks_only_the_newest_matches_and_says_so(w, client_for, monkeypatch):
    """Past SEARCH_LIMIT matches (by text, or by a person's name) only the newest are ranked, and the
    page says more match (ADR 58)."""
    monkeypatch.setattr(queries, "SEARCH_LIMIT", 3)
    lewis = w["person"]("Sam", "Lewis")
    made = [w["report"]([], address=f"{n} Green Lane") for n in range(5)]
    named = [w["report"]([lewis], address=f"{n} Mill Road") for n in range(4)]
    found, capped = queries.search_reports(queries.reports_visible_to(w["csu"], w["partnership"]), "green lane")
    assert capped and sorted(r.pk for r in found) == [r.pk for r in made[2:]]
    found, capped = queries.search_reports(queries.reports_visible_to(w["csu"], w["partnership"]), "lewis")
    assert capped and sorted(r.pk for r in found) == [r.pk for r in named[1:]]
    cottage = w["report"]([], address="Green Cottage")
    found, capped = queries.search_reports(queries.reports_visible_to(w["csu"], w["partnership"]), "cottage green")
    assert not capped and list(found) == [cottage]
    page = client_for(w["csu"]).get("/p/testvale/casework/?q=green+lane").content.decode()
    assert "than a search ranks" in page
    assert "than a search ranks" not in client_for(w["csu"]).get("/p/testvale/casework/?q=cottage").content.decode()


def test_a_case_search_ranks_only_the_newest_matches_and_says_so(w, client_for, monkeypatch):
    monkeypatch.setattr(queries, "SEARCH_LIMIT", 2)
    opened = [actions.open_case_from_report(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                                            report=w["report"]([]), title=f"Noise at {n} Mill Road")
              for n in range(3)]
    found, capped = queries.search_cases(queries.cases_visible_to(w["csu"], w["partnership"]), "mill road")
    assert capped and sorted(c.pk for c in found) == [c.pk for c in opened[1:]]
    assert "than a search ranks" in client_for(w["csu"]).get("/p/testvale/casework/cases/?q=mill").content.decode()


def test_a_search_never_returns_what_the_reader_may_not_see(w, partnership):
    tenant = w["person"]("Robin", "Hale", by=w["practitioner"], organisation=w["housing"])
    theirs = w["report"]([tenant], by=w["practitioner"], organisation=w["housing"], address="9 Hale Court")
    assert people(w, "hale") == [] and reports(w, "hale") == []
    assert people(w, "hale", reader=w["practitioner"]) == [tenant]
    assert reports(w, "hale", reader=w["practitioner"]) == [theirs]
    visible = queries.people_visible_to(w["csu"], partnership)
    assert list(queries.possible_duplicates(visible, first_name="Robin", last_name="Hale")) == []
    case = actions.open_case_from_report(by=w["practitioner"], partnership=partnership, organisation=w["housing"],
                                         report=theirs, title="Stairwell")
    agreement = SharingAgreement.objects.create(
        partnership=partnership, title="ISA", purpose="Managing ASB cases together", lawful_basis="public_task",
        starts_on=datetime.date(2024, 1, 1), review_on=datetime.date(2027, 1, 1))
    agreement.parties.set([w["council"], w["housing"]])
    actions.share_case(by=w["practitioner"], case=case, organisation=w["council"], agreement=agreement, on=TODAY)
    assert people(w, "hale") == [tenant] and reports(w, "hale") == [theirs]


def test_possible_duplicates_come_through_the_index_same_birthday_first(w, partnership):
    born = datetime.date(1980, 5, 1)
    unknown = w["person"]("Dana", "Ellis")
    same = w["person"]("dana", "ELLIS", date_of_birth=born)
    w["person"]("Dana", "Ellison", date_of_birth=born)
    visible = queries.people_visible_to(w["csu"], partnership)
    assert list(queries.possible_duplicates(visible, first_name="Dana", last_name="Ellis",
                                            date_of_birth=born)) == [same, unknown]


def test_the_index_follows_edits(w):
    person = w["person"]("Cy", "Smith")
    Person.objects.filter(pk=person.pk).update(last_name="Okafor")
    assert people(w, "smith") == [] and people(w, "okaf") == [person]
    person.refresh_from_db()
    person.first_name = "Kofi"
    person.save()
    assert people(w, "kofi") == [person] and people(w, "cy") == []
    report = w["report"]([], address="4 Mill Lane")
    report.address = "7 Station Road"
    report.save()
    assert reports(w, "mill") == [] and reports(w, "station") == [report]


def test_a_merged_duplicate_leaves_the_index_and_its_reports_follow_the_kept_person(w):
    kept, duplicate = w["person"]("Dana", "Ellis"), w["person"]("Dana", "Elis")
    report = w["report"]([duplicate])
    actions.merge_people(by=w["csu"], kept=kept, duplicate=duplicate)
    assert people(w, "dana") == [kept]
    assert reports(w, "ellis") == [report]
    assert reports(w, "elis") == [] and people(w, "elis") == []  # the duplicate's name is gone with it
    assert indexed_people() in (None, {kept.pk})


def test_erased_people_leave_the_index_in_the_same_transaction(w, partnership):
    person = w["person"]("Dana", "Ellis")
    report = w["report"]([person], address="4 Mill Lane", description="Dana Ellis shouted")
    later = add_years(timezone.localdate(), retention.YEARS) + datetime.timedelta(days=1)  # whatever today is
    with transaction.atomic():
        erased = retention.erase(partnership, today=later)
        assert erased.people == [person] and erased.reports == [report]
        assert indexed_people() in (None, set())
        assert people(w, "ellis") == [] and reports(w, "ellis") == [] and reports(w, "mill") == []
        assert people(w, "erased") == []
    assert search.ERASED == retention.ERASED


def test_rebuilding_the_index_fills_it_from_the_tables(w):
    person = w["person"]("Cy", "Smith")
    report = w["report"]([], postcode="TV1 2AB")
    if connection.vendor == "sqlite":  # rows loaded round the triggers, as a bulk load may
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {search.PEOPLE_TABLE}")
            cursor.execute(f"DELETE FROM {search.REPORTS_TABLE}")
        assert people(w, "smith") == [] and reports(w, "tv1") == []
    call_command("rebuild_search_index", verbosity=0)
    assert people(w, "smith") == [person] and reports(w, "tv1") == [report]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 and its triggers are SQLite's")
def test_the_index_and_its_triggers_survive_every_migration(db):
    # Django rebuilds a SQLite table to alter some columns, dropping its triggers: this says so.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'casework_%_search_%'")
        assert {row[0] for row in cursor.fetchall()} == {
            f"{table}_{event}" for table in (search.PEOPLE_TABLE, search.REPORTS_TABLE)
            for event in ("insert", "update", "delete")}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN indexes are PostgreSQL's")
def test_report_searches_can_use_the_indexes(w):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casework_report")
        # A small table: make the planner show it can, rather than read it all through one index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = Report.objects.filter(search.reports_matching("mill")).explain()
    assert "casework_report_search_trgm" in plan
    # Every word in one scan of it, whichever column each is in (migration 0010).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {search._reports_with_postgres(['green', 'lane'])[0]}", ["%green%", "%lane%"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("Bitmap Index Scan on casework_report_search_trgm") == 1
