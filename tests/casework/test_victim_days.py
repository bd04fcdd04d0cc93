"""The counts per person and day the briefing reads (VictimDay, ADR 52) always equal counting from
the reports: after recording, naming, merging, erasing and a rule change with its job, and at the
edges of the rule's window (its first day and its last)."""

import datetime
import io
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from eunomia.audit.models import AuditEvent
from eunomia.briefing import report as briefing
from eunomia.casework import actions, derived, queries, retention
from eunomia.casework.models import Person, RepeatRule, VictimDay
from eunomia.jobs import actions as jobs
from eunomia.jobs.models import Job
from eunomia.risk import actions as risk
from eunomia.risk import queries as risk_queries
from eunomia.risk.models import RiskAssessment
from tests.casework.test_casework import TODAY, world  # noqa: F401  (the fixture)

DAY = datetime.timedelta(days=1)
LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(day, hour=0, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def stored(partnership):
    return set(VictimDay.objects.filter(partnership=partnership).values_list("person_id", "day", "reports"))


def assert_stored_is_counted(partnership, *, on, rule):
    """The stored rows equal those counted from scratch, and so do the window's counts."""
    kept = stored(partnership)
    derived.rebuild(partnership)
    assert stored(partnership) == kept
    people = list(Person.objects.filter(partnership=partnership).values_list("pk", flat=True))
    assert (queries.stored_victim_report_counts(people, on=on, rule=rule)
            == queries.victim_report_counts(people, on=on, rule=rule))


def record(w, person, when, role="victim"):
    return actions.record_report(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                                 occurred_at=when, reported_at=london(TODAY, 23, 59), category="personal",
                                 source="phone", description="Shouted at", people=[(person, role)])


@pytest.fixture
def edges(world, time_machine):  # noqa: F811
    """Sam is named in reports at the first instant of the default window to TODAY (90 days before,
    midnight London time), at its last (23:59 on TODAY), and one minute before it opens."""
    time_machine.move_to(london(TODAY + DAY, 9))
    w = world
    sam = actions.add_person(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                             first_name="Sam", last_name="Edge")
    first = record(w, sam, london(TODAY - 90 * DAY))
    last = record(w, sam, london(TODAY, 23, 59))
    before = record(w, sam, london(TODAY - 91 * DAY, 23, 59))
    return {**w, "sam": sam, "first": first, "last": last, "before": before}


def test_the_window_counts_its_first_and_last_day_and_not_the_day_before(edges):
    w, rule = edges, RepeatRule()
    counts = queries.stored_victim_report_counts([w["sam"].pk], on=TODAY, rule=rule)
    assert counts == {w["sam"].pk: 2}
    # A day later the first day has left the window; the day before opened it with all three.
    assert queries.stored_victim_report_counts([w["sam"].pk], on=TODAY + DAY, rule=rule) == {w["sam"].pk: 1}
    assert queries.stored_victim_report_counts([w["sam"].pk], on=TODAY - DAY, rule=rule) == {w["sam"].pk: 2}
    for on in (TODAY - DAY, TODAY, TODAY + DAY):
        assert_stored_is_counted(w["partnership"], on=on, rule=rule)


def test_naming_again_in_another_role_counts_the_report_once(edges):
    w = edges
    actions.link_person(by=w["csu"], report=w["last"], person=w["sam"], role="complainant")
    actions.link_person(by=w["csu"], report=w["housing_report"], person=w["sam"], role="witness")  # not a victim
    assert VictimDay.objects.get(person=w["sam"], day=TODAY).reports == 1
    actions.link_person(by=w["csu"], report=w["council_report"], person=w["sam"], role="victim")
    assert VictimDay.objects.get(person=w["sam"], day=TODAY).reports == 2
    assert_stored_is_counted(w["partnership"], on=TODAY, rule=RepeatRule())


def test_a_merge_adds_the_duplicates_days_to_the_kept_person(edges):
    w = edges
    dup = actions.add_person(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                             first_name="Sam", last_name="Edge")
    record(w, dup, london(TODAY, 8))
    actions.link_person(by=w["csu"], report=w["last"], person=dup, role="victim")  # the same report as Sam's
    actions.merge_people(by=w["csu"], kept=w["sam"], duplicate=dup)
    assert not VictimDay.objects.filter(person=dup).exists()
    assert VictimDay.objects.get(person=w["sam"], day=TODAY).reports == 2
    assert_stored_is_counted(w["partnership"], on=TODAY, rule=RepeatRule())
    event = AuditEvent.objects.filter(action="casework.people_merged").latest("id")
    assert "casework.victimday" not in event.data["moved"] and "casework.victimday" not in event.data["dropped"]


def test_erasing_reports_takes_their_days_away(edges, time_machine):
    w = edges
    later = TODAY + (365 * 6 + 100) * DAY
    time_machine.move_to(london(later, 9))
    found = retention.erase(w["partnership"], today=later)
    assert w["first"] in found.reports
    assert not VictimDay.objects.filter(person=w["sam"]).exists()
    assert_stored_is_counted(w["partnership"], on=TODAY, rule=RepeatRule())


def test_a_rule_change_counts_again_in_a_job_and_the_briefing_follows(edges):
    w = edges
    partnership = w["partnership"]
    rule = queries.repeat_rule(partnership)
    assert w["sam"].pk not in queries.repeat_victims(Person.objects.all(), on=TODAY, rule=rule)
    VictimDay.objects.filter(person=w["sam"], day=TODAY).delete()  # drifted, as bulk-written rows may be

    rule, job = actions.set_repeat_rule(by=w["csu"], partnership=partnership, reports=2, days=91)
    assert (rule.reports, rule.days) == (2, 91) and job.kind == "casework.recompute_flags"
    assert AuditEvent.objects.filter(action="casework.repeat_rule_changed").exists()
    claimed = jobs.claim_next(worker="test")
    assert claimed.pk == job.pk
    assert jobs.run_job(claimed).status == Job.Status.SUCCEEDED
    assert_stored_is_counted(partnership, on=TODAY, rule=queries.repeat_rule(partnership))

    found = briefing.briefing(w["csu"], partnership, on=TODAY, rule=queries.repeat_rule(partnership), days=1)
    row = next(row for row in found.rows if row.person == w["sam"])
    assert (row.reports, row.repeat) == (2, True)


@pytest.mark.parametrize("reports,days,field", [(1, 91, "reports"), (3, 0, "days"), (3, 1000, "days")])
def test_a_rule_that_is_not_one_is_refused_and_nothing_changes(world, reports, days, field):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        actions.set_repeat_rule(by=world["csu"], partnership=world["partnership"], reports=reports, days=days)
    assert field in refused.value.message_dict
    assert not RepeatRule.objects.exists() and not Job.objects.exists()


def test_the_command_counts_a_store_written_in_bulk(edges):
    w = edges
    VictimDay.objects.all().delete()
    out = io.StringIO()
    call_command("recompute_casework_flags", stdout=out)
    assert "testvale:" in out.getvalue()
    assert VictimDay.objects.get(person=w["sam"], day=TODAY).reports == 1
    assert_stored_is_counted(w["partnership"], on=TODAY, rule=RepeatRule())


def marked(partnership):
    return set(RiskAssessment.objects.filter(question_set__partnership=partnership, is_latest=True)
               .values_list("pk", flat=True))


def assert_marks_are_latest(partnership):
    """The marked assessments are exactly those risk.queries.latest chooses."""
    assert marked(partnership) == {a.pk for a in risk_queries.latest(RiskAssessment.objects.all())}
    people = list(Person.objects.filter(partnership=partnership).values_list("pk", flat=True))
    assert (risk_queries.stored_latest_risk(people)
            == risk_queries.latest_risk(Person.objects.filter(pk__in=people)))


def test_the_latest_risk_is_marked_through_assessing_merging_and_the_command(edges):
    w = edges
    victims = risk.question_set(w["partnership"], "victim")
    perpetrators = risk.question_set(w["partnership"], "perpetrator")
    high = set(victims.questions.values_list("id", flat=True))
    old = risk.assess(by=w["csu"], person=w["sam"], question_set=victims, yes_ids=high, assessed_on=TODAY - 10 * DAY)
    assert old.is_latest
    newer = risk.assess(by=w["csu"], person=w["sam"], question_set=victims, yes_ids=set(), assessed_on=TODAY)
    backdated = risk.assess(by=w["csu"], person=w["sam"], question_set=victims, yes_ids=high,
                            assessed_on=TODAY - 20 * DAY)  # entered late: not the latest
    risk.assess(by=w["csu"], person=w["sam"], question_set=perpetrators, yes_ids=set(), assessed_on=TODAY - 5 * DAY)
    assert newer.is_latest and not backdated.is_latest
    assert_marks_are_latest(w["partnership"])

    dup = actions.add_person(by=w["csu"], partnership=w["partnership"], organisation=w["council"],
                             first_name="Sam", last_name="Edge")
    later = risk.assess(by=w["csu"], person=dup, question_set=victims, yes_ids=high, assessed_on=TODAY)
    actions.merge_people(by=w["csu"], kept=w["sam"], duplicate=dup)
    assert_marks_are_latest(w["partnership"])
    later.refresh_from_db()
    assert later.is_latest  # the same day as Sam's, entered after it
    found = briefing.briefing(w["csu"], w["partnership"], on=TODAY, rule=RepeatRule(), days=1)
    assert next(row for row in found.rows if row.person == w["sam"]).risk == later

    RiskAssessment.objects.update(is_latest=False)  # as a store written in bulk has them
    call_command("recompute_casework_flags", partnership="testvale", stdout=io.StringIO())
    assert_marks_are_latest(w["partnership"])
