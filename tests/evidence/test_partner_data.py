"""Partner datasets: the layout read as documented, every kind of bad line refused with its line
number, and a replacement that is all or nothing."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from eunomia.audit.models import AuditEvent
from eunomia.evidence import actions
from eunomia.evidence.models import PartnerCount, PartnerDataset
from eunomia.evidence.queries import partner_counts
from tests.evidence.conftest import csv_bytes

GOOD = csv_bytes(
    "Period,Area_Code,CATEGORY,Count",
    "2025-01,E07000115,Deliberate fires,12",
    "2025-01,E01024717,Deliberate fires,\"1,204\"",
    "2025-03,E05005000,Deliberate fires,0",
    "2025-03,e01024718,Secondary fires,4",
    bom=True,
)


def load(by, partnership, organisation, data=GOOD, name="Fires"):
    return actions.import_partner_dataset(by=by, partnership=partnership, organisation=organisation, name=name,
                                          data=data, file_name="fires.csv", source="Incident recording system")


def refusal(partnership, data):
    with pytest.raises(ValidationError) as caught:
        actions.read_partner_counts(partnership=partnership, data=data)
    return caught.value.message_dict["file"]


def test_a_good_file_is_stored_and_read_back_by_month_with_missing_months(areas, partnership, council, analyst):
    result = load(analyst, partnership, council)
    assert result.rows == 4 and not result.replaced
    assert (result.first_month, result.last_month) == (datetime.date(2025, 1, 1), datetime.date(2025, 3, 1))
    assert PartnerCount.objects.get(area_code="E01024717").count == 1204
    assert PartnerCount.objects.filter(area_code="E01024718").exists(), "area codes are upper-cased"
    event = AuditEvent.objects.get(action="evidence.partner_dataset_imported")
    assert event.data["rows"] == 4 and event.actor == analyst.email

    (series,) = partner_counts(partnership, start=datetime.date(2024, 12, 1), end=datetime.date(2025, 3, 31))
    fires, secondary = series.categories
    assert series.dataset.name == "Fires" and fires.category == "Deliberate fires"
    assert fires.monthly == [(datetime.date(2024, 12, 1), None), (datetime.date(2025, 1, 1), 1216),
                             (datetime.date(2025, 2, 1), None), (datetime.date(2025, 3, 1), 0)]
    assert fires.missing == [datetime.date(2024, 12, 1), datetime.date(2025, 2, 1)]
    assert fires.total == 1216 and fires.by_area == {"E07000115": 12, "E01024717": 1204, "E05005000": 0}
    assert secondary.monthly[3] == (datetime.date(2025, 3, 1), 4) and secondary.total == 4


@pytest.mark.parametrize("lines, expected", [
    (["2025-01,E01999999,Fires,3"], "E01999999 on line 2 is not an area of Testvale Community Safety Partnership"),
    (["2025-01,E01024800,Fires,3"], "E01024800 on line 2 is not an area of Testvale"),
    (["2025-01,X1,Fires,3"], "'X1' on line 2 is not an ONS area code"),
    (["2025-13,E01024717,Fires,3"], "The period on line 2 is '2025-13': write the month as YYYY-MM"),
    (["Jan 2025,E01024717,Fires,3"], "The period on line 2 is 'Jan 2025'"),
    (["2999-01,E01024717,Fires,3"], "The period 2999-01 on line 2 is in the future."),
    (["2025-01,E01024717,Fires,-3"], "The count on line 2 is -3: a count cannot be negative."),
    (["2025-01,E01024717,Fires,three"], "The count on line 2 is 'three', which is not a whole number."),
    (["2025-01,E01024717,Fires,2.5"], "The count on line 2 is '2.5', which is not a whole number."),
    (["2025-01,E01024717,Fires,"], "Line 2 has no count."),
    (["2025-01,E01024717,,3"], "Line 2 has no category."),
    (["2025-01,E01024717,Fires,3", "2025-01,E01024718,Fires,3", "2025-01,E01024717,Fires,4"],
     "Line 4 repeats line 2: both give 2025-01, E01024717, 'Fires'"),
])
def test_each_bad_line_is_refused_with_its_line_number(areas, partnership, lines, expected):
    messages = refusal(partnership, csv_bytes("period,area_code,category,count", *lines))
    assert len(messages) == 1 and messages[0].startswith(expected), messages


@pytest.mark.parametrize("data, expected", [
    (b"", "The file is empty."),
    (b"\xef\xbb\xbf \n", "The file is empty."),
    (csv_bytes("period,area_code,category,count"), "The file has a header line but no data lines."),
    (csv_bytes("period,area,category,count", "2025-01,E01024717,Fires,3"), "The file has no 'area_code' column."),
    (csv_bytes("period,area_code,category,count", "2025-01,E01024717,Caf\u00e9,3").replace(b"\xc3\xa9", b"\xe9"),
     "The file is not UTF-8 text: line 2 has characters that cannot be read."),
])
def test_files_that_cannot_be_read_at_all_are_refused_plainly(areas, partnership, data, expected):
    (message,) = refusal(partnership, data)
    assert message.startswith(expected)


def test_every_problem_is_listed_up_to_twenty(areas, partnership):
    lines = [f"2025-01,E0199{i:04d},Fires,-1" for i in range(15)]
    messages = refusal(partnership, csv_bytes("period,area_code,category,count", *lines))
    assert len(messages) == 21 and messages[-1] == "... and 10 more problems not listed"
    assert messages[0].startswith("E01990000 on line 2 is not an area") and "line 2" in messages[1]


def test_reimporting_replaces_and_a_refused_file_keeps_the_old_one(areas, partnership, council, housing, analyst):
    load(analyst, partnership, council)
    load(analyst, partnership, housing)  # same name, another organisation: a dataset of its own
    replacement = csv_bytes("period,area_code,category,count", "2025-02,E01024717,Deliberate fires,7")
    result = load(analyst, partnership, council, data=replacement)
    assert result.replaced and PartnerDataset.objects.count() == 2
    assert list(result.dataset.counts.values_list("count", flat=True)) == [7]

    bad = csv_bytes("period,area_code,category,count", "2025-02,E01024717,Deliberate fires,7", "2025-02,E0,x,1")
    with pytest.raises(ValidationError):
        load(analyst, partnership, council, data=bad)
    assert list(PartnerDataset.objects.get(organisation=council).counts.values_list("count", flat=True)) == [7]


def test_a_failure_while_writing_leaves_the_old_dataset_whole(areas, partnership, council, analyst):
    load(analyst, partnership, council)
    events = AuditEvent.objects.count()
    replacement = csv_bytes("period,area_code,category,count", "2025-02,E01024717,Deliberate fires,7")
    with mock.patch("eunomia.evidence.actions.audit.record", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            load(analyst, partnership, council, data=replacement)
    dataset = PartnerDataset.objects.get()
    assert dataset.rows == 4 and dataset.counts.count() == 4 and AuditEvent.objects.count() == events


def test_the_organisation_must_sit_on_the_partnership(areas, partnership, analyst, other_partnership, system_user):
    from eunomia.partners import actions as partner_actions

    stranger = partner_actions.add_organisation(by=system_user, partnership=other_partnership, name="Far Fire")
    with pytest.raises(ValidationError) as caught:
        load(analyst, partnership, stranger)
    assert "organisation" in caught.value.message_dict and not PartnerDataset.objects.exists()


def test_the_command_imports_and_reports_refusals_with_file_and_line(areas, partnership, council, tmp_path, capsys):
    good = tmp_path / "fires.csv"
    good.write_bytes(GOOD)
    call_command("import_partner_data", str(good), partnership="testvale", organisation="testvale council",
                 name="Fires")
    assert "4 counts, 2025-01 to 2025-03" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("period,area_code,category,count", "2025-01,E01999999,Fires,3"))
    with pytest.raises(CommandError, match="bad.csv: E01999999 on line 2 is not an area"):
        call_command("import_partner_data", str(bad), partnership="testvale", organisation="Testvale Council",
                     name="Fires")
    with pytest.raises(CommandError, match="not a member organisation"):
        call_command("import_partner_data", str(good), partnership="testvale", organisation="Nobody", name="Fires")
    assert PartnerDataset.objects.get().rows == 4
