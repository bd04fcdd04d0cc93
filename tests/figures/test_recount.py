"""A published figure keeps what it counted and can be counted again (ADR 69): still the same, or
what came in and went out since (added after publication, changed into or out of the period, gone
altogether), named where the reader may see it and counted for its holder where not. The staff
pages behind a figure: its records for each reader, the CSV, the recount, each audited."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.casework.models import Report
from eunomia.figures import actions as figure_actions
from eunomia.figures import drilldown, recount
from eunomia.figures.models import Figure, PublishedFigure
from eunomia.partners import actions as partner_actions
from tests.clock import at
from tests.signin import force_sign_in

SEPTEMBER = (datetime.date(2026, 9, 1), datetime.date(2026, 9, 30))


def day(d, month=9):
    return datetime.date(2026, month, d)


@pytest.fixture
def w(partnership, council, housing, make_member, system_user):
    """Reports of the council and of the housing association in September, a figure counting them,
    and the figure kept as a publication printed it."""
    council_officer = make_member("csu_officer", partnership, council)
    housing_officer = make_member("partner_practitioner", partnership, housing)
    analyst = make_member("analyst", partnership, council)

    def report(on, by=council_officer, organisation=council, month=9):
        return casework.record_report(by=by, partnership=partnership, organisation=organisation,
                                      occurred_at=at(day(on, month)), reported_at=at(day(on, month), 13),
                                      category="noise", source="phone", description="Loud music", people=[])

    reports = [report(3), report(10), report(20, by=housing_officer, organisation=housing), report(5, month=10)]
    figure = figure_actions.create_figure(
        by=system_user, partnership=partnership, name="asb-reports-september", title="ASB reports in September",
        unit="count", period_start=SEPTEMBER[0], period_end=SEPTEMBER[1], kind=Figure.Kind.COMPUTED,
        measure="casework.reports", measure_params={"category": "all"})
    figure_actions.recalculate_figure(by=system_user, figure=figure)
    figure.refresh_from_db()

    def publish():
        kept = recount.keep(figure=figure, shown="3", withheld=False, recorded="Calculated", publication="Plan v1",
                            publication_url="/published/testvale/2026/v1/", published_at=timezone.now())
        kept.save()
        return kept

    class World:
        pass

    world = World()
    world.__dict__.update(partnership=partnership, council=council, housing=housing, figure=figure,
                          reports=reports, report=report, publish=publish, council_officer=council_officer,
                          housing_officer=housing_officer, analyst=analyst)
    return world


def test_a_kept_figure_holds_its_records_ids_and_digest(w):
    kept = w.publish()
    assert w.figure.value == 3
    assert kept.record_kind == "casework.report" and kept.record_count == 3
    assert recount.unpack_ids(kept.record_ids) == sorted(r.pk for r in w.reports[:3])
    assert kept.digest == drilldown.digest("casework.report", [r.pk for r in w.reports[:3]])
    assert not kept.open_records, "casework records are personal: their rows are never kept for the public"


def test_ids_pack_and_unpack_whatever_their_gaps():
    for ids in ([], [1], [5, 3, 900000, 4], list(range(1, 2000, 7))):
        assert recount.unpack_ids(recount.pack_ids(ids)) == sorted(ids)


def test_a_published_figure_cannot_be_changed(w):
    kept = w.publish()
    with pytest.raises(Exception, match="cannot be changed"):
        PublishedFigure.objects.filter(pk=kept.pk).update(shown="4")


def test_nothing_changed_is_still_the_same(w):
    kept = w.publish()
    result = recount.recount(kept, user=w.council_officer)
    assert result.possible and result.same and result.value == 3 and result.count_now == 3
    assert result.added == result.removed == [] and result.gone == 0


def test_a_record_added_after_publication_is_named_with_when_and_by_whom(w):
    kept = w.publish()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2), tick=False):
        added = w.report(25, by=w.housing_officer, organisation=w.housing)
        result = recount.recount(kept, user=w.housing_officer)
    assert not result.same and result.value == 4 and result.added_count == 1 and result.removed_count == 0
    assert [c.record.pk for c in result.added] == [added.pk]
    when = timezone.localtime(added.created_at)
    assert result.added[0].how == f"added on {when:%-d %B %Y} by Testvale Homes"
    # The council's officer may not see the housing association's report: counted for its holder.
    hidden = recount.recount(kept, user=w.council_officer)
    assert hidden.added == [] and hidden.added_held == [("Testvale Homes", 1)] and hidden.added_count == 1


def test_a_record_that_is_gone_is_counted_as_no_longer_held(w):
    kept = w.publish()
    Report.objects.filter(pk=w.reports[0].pk).delete()  # as an erasure would
    result = recount.recount(kept, user=w.council_officer)
    assert result.value == 2 and result.gone == 1 and result.removed == [] and result.removed_count == 1


def test_records_moved_into_and_out_of_the_period_are_named(partnership, council, make_member, system_user):
    officer = make_member("csu_officer", partnership, council)
    stranger_org = casework_org(partnership, system_user)
    stranger = make_member("csu_officer", partnership, stranger_org)

    def closed(opened, closed_on):
        case = casework.open_case(by=officer, partnership=partnership, organisation=council, title="Noise",
                                  opened_on=opened)
        return casework.close_case(by=officer, case=case, outcome="improved", closed_on=closed_on)

    in_september, in_august = closed(day(1), day(15)), closed(datetime.date(2026, 8, 1), datetime.date(2026, 8, 20))
    figure = figure_actions.create_figure(
        by=system_user, partnership=partnership, name="cases-closed-september", title="Cases closed",
        unit="count", period_start=SEPTEMBER[0], period_end=SEPTEMBER[1], kind=Figure.Kind.COMPUTED,
        measure="casework.cases_closed", measure_params={"outcome": "all"})
    kept = recount.keep(figure=figure, shown="1", withheld=False, recorded="", publication="Plan v1",
                        publication_url="/p/", published_at=timezone.now())
    kept.save()
    # One closure moved out of September, the other into it.
    casework.reopen_case(by=officer, case=in_september)
    casework.close_case(by=officer, case=in_september, outcome="improved", closed_on=day(2, month=10))
    casework.reopen_case(by=officer, case=in_august)
    casework.close_case(by=officer, case=in_august, outcome="ceased", closed_on=day(29))
    result = recount.recount(kept, user=officer)
    assert result.value == 1 and not result.same
    assert [c.record.pk for c in result.added] == [in_august.pk]
    assert result.added[0].how == "recorded before publication and changed since, so it is counted now"
    assert [c.record.pk for c in result.removed] == [in_september.pk]
    assert result.removed[0].how == "counted at publication and changed since, so it is no longer counted"
    # Someone who sees neither case gets the counts, attributed.
    blind = recount.recount(kept, user=stranger)
    assert blind.added == blind.removed == []
    assert blind.added_held == [("Testvale Council", 1)] and blind.removed_held == [("Testvale Council", 1)]


def casework_org(partnership, system_user):
    return partner_actions.add_organisation(by=system_user, partnership=partnership, name="Testvale Mediation",
                                            kind="voluntary", joined_on=datetime.date(2010, 1, 1))


def test_kept_ids_that_no_longer_match_their_digest_are_reported(w):
    kept = w.publish()
    forged = PublishedFigure.objects.get(pk=kept.pk)
    forged.record_ids = recount.pack_ids([w.reports[0].pk])
    assert recount.recount(forged, user=w.council_officer).intact is False
    assert recount.recount(kept, user=w.council_officer).intact is True


def test_a_figure_entered_by_hand_has_nothing_to_recount(w, system_user):
    figure = figure_actions.create_figure(
        by=system_user, partnership=w.partnership, name="by-hand", title="By hand", unit="count", counts="events",
        period_start=SEPTEMBER[0], period_end=SEPTEMBER[1], owner_organisation=w.council,
        definition="Counted on paper", source="The council")
    figure_actions.record_value(by=system_user, figure=figure, value=7, evidence="Counted on paper")
    kept = recount.keep(figure=figure, shown="7", withheld=False, recorded="", publication="Plan v1",
                        publication_url="/p/", published_at=timezone.now())
    assert not kept.digest
    result = recount.recount(kept, user=w.council_officer)
    assert not result.possible and "entered by hand" in result.why_not


# The staff pages ---------------------------------------------------------------------------------

def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_the_records_page_shows_what_the_reader_may_see_and_counts_the_rest(client, w):
    force_sign_in(client, w.council_officer)
    url = reverse("figures:records", args=["testvale", w.figure.name])
    page = client.get(url).content.decode()
    council_refs = [r.reference for r in w.reports[:2]]
    assert all(ref in page for ref in council_refs)
    assert w.reports[2].reference not in page, "the housing association's report is not the council's to see"
    assert "1 further report held by Testvale Homes" in " ".join(page.split())
    event = _events("figure.records_viewed")[-1]
    assert sorted(event.data["ids"]) == sorted(r.pk for r in w.reports[:2]) and event.data["held"] == 1


def test_the_records_csv_holds_the_visible_rows_and_is_audited(client, w):
    force_sign_in(client, w.housing_officer)
    response = client.get(reverse("figures:records_csv", args=["testvale", w.figure.name]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Record", "Date", "Reference"]
    assert [row[2] for row in rows[1:] if len(row) > 2] == [w.reports[2].reference]
    assert ["2 further reports held by Testvale Council, which you may not see"] in rows
    event = _events("figure.records_exported")[-1]
    assert event.data["ids"] == [w.reports[2].pk] and event.actor == w.housing_officer.email


def test_the_recount_page_says_still_or_what_changed_and_is_audited(client, w):
    kept = w.publish()
    force_sign_in(client, w.council_officer)
    url = reverse("figures:recount", args=["testvale", w.figure.name, kept.pk])
    assert "Still 3" in client.get(url).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5), tick=False):
        w.report(26)
        page = " ".join(client.get(url).content.decode().split())
    assert "Now 4: 1 record added, 0 removed." in page
    assert _events("figure.recounted")[-1].data["same"] is False


def test_a_figure_entered_by_hand_says_it_has_no_records_and_another_partnerships_is_not_found(
        client, w, other_partnership, system_user):
    figure = figure_actions.create_figure(
        by=system_user, partnership=w.partnership, name="by-hand", title="By hand", unit="count", counts="events",
        period_start=SEPTEMBER[0], period_end=SEPTEMBER[1], owner_organisation=w.council,
        definition="Counted on paper", source="The council")
    force_sign_in(client, w.council_officer)
    page = client.get(reverse("figures:records", args=["testvale", figure.name])).content.decode()
    assert "entered by hand, so there are no records behind it" in page
    csv_text = client.get(reverse("figures:records_csv", args=["testvale", figure.name])).content.decode("utf-8-sig")
    assert "No records: It was entered by hand" in csv_text
    assert client.get(reverse("figures:records", args=["elsewhere", w.figure.name])).status_code == 404
