"""Residents' survey: concerns must be the assessment's issues (crime types), and the query gives
each issue's share of respondents and its rank-weighted score."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from eunomia.audit.models import AuditEvent
from eunomia.evidence import actions
from eunomia.evidence.models import Survey
from eunomia.evidence.queries import survey_concerns
from tests.evidence.conftest import csv_bytes

GOOD = csv_bytes(
    "respondent,area_code,concern_1,concern_2,concern_3",
    "r1,E01024717,Anti-social behaviour,Burglary,Drugs",
    "r2,,burglary,anti-social  behaviour,",
    "r3,E05005000,Drugs,,",
    "r4,,,,",
)


def refusal(partnership, *lines):
    with pytest.raises(ValidationError) as caught:
        actions.read_survey(partnership=partnership, data=csv_bytes("respondent,area_code,concern_1,concern_2,"
                                                                    "concern_3", *lines))
    return caught.value.message_dict["file"]


def test_shares_and_rank_weighted_scores(areas, partnership, analyst):
    result = actions.import_survey(by=analyst, partnership=partnership, name="Survey 2025", data=GOOD,
                                   file_name="survey.csv", fieldwork_start=datetime.date(2025, 3, 1),
                                   fieldwork_end=datetime.date(2025, 5, 1))
    assert (result.respondents, result.concerns) == (4, 6)
    assert AuditEvent.objects.filter(action="evidence.survey_imported").count() == 1

    concerns = survey_concerns(partnership)
    assert concerns.survey == result.survey and concerns.respondents == 4
    by_name = {i.name: i for i in concerns.issues}
    assert [i.name for i in concerns.issues] == ["Anti-social behaviour", "Burglary", "Drugs"]
    asb, burglary, drugs = by_name["Anti-social behaviour"], by_name["Burglary"], by_name["Drugs"]
    assert (asb.count, asb.percent, asb.first, asb.points) == (2, 50.0, 1, 5)
    assert (burglary.count, burglary.points) == (2, 5)
    assert (drugs.count, drugs.percent, drugs.points) == (2, 50.0, 4)
    assert asb.weighted_percent == pytest.approx(100 * 5 / 12)


def test_the_latest_survey_is_the_one_reported(areas, partnership, analyst):
    one = csv_bytes("respondent,concern_1", "a,Drugs")
    actions.import_survey(by=analyst, partnership=partnership, name="2025", data=one, file_name="a.csv",
                          fieldwork_end=datetime.date(2025, 5, 1))
    actions.import_survey(by=analyst, partnership=partnership, name="2023", data=one, file_name="b.csv",
                          fieldwork_end=datetime.date(2023, 5, 1))
    assert survey_concerns(partnership).survey.name == "2025"


def test_no_survey_gives_an_empty_answer(partnership):
    concerns = survey_concerns(partnership)
    assert (concerns.survey, concerns.respondents, concerns.issues) == (None, 0, [])


def test_an_unknown_issue_is_refused_with_its_line_and_the_accepted_names(areas, partnership):
    messages = refusal(partnership, "r1,,Burglary,Fly tipping,")
    assert messages[0] == "'Fly tipping' (concern_2) on line 2 is not one of the issues."
    assert messages[1].startswith("The issues are: Anti-social behaviour, Bicycle theft, Burglary")
    assert "Violent crime" not in messages[1], "retired police.uk categories are not offered"


@pytest.mark.parametrize("line, expected", [
    ("r1,,Burglary,burglary,", "Line 2 names Burglary twice (concern_1 and concern_2)."),
    ("r1,,Burglary,,Drugs", "Line 2 gives concern_3 but leaves concern_2 blank"),
    ("r1,E01999999,Burglary,,", "E01999999 on line 2 is not an area of Testvale"),
    (",,Burglary,,", "Line 2 has no respondent reference."),
])
def test_bad_lines_are_refused(areas, partnership, line, expected):
    (message,) = refusal(partnership, line)
    assert message.startswith(expected)


def test_a_respondent_given_twice_is_refused(areas, partnership):
    assert refusal(partnership, "r1,,Burglary,,", "r1,,Drugs,,") == ["Respondent r1 on line 3 is already on line 2."]


def test_reimport_replaces_and_a_refused_file_keeps_the_old(areas, partnership, analyst, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_bytes(GOOD)
    call_command("import_survey", str(path), partnership="testvale", name="Survey", fieldwork_start="2025-03")
    path.write_bytes(csv_bytes("respondent,concern_1", "a,Drugs"))
    call_command("import_survey", str(path), partnership="testvale", name="Survey")
    assert Survey.objects.get().respondents == 1
    path.write_bytes(csv_bytes("respondent,concern_1", "a,Drugs", "b,Graffiti"))
    with pytest.raises(CommandError, match="survey.csv: 'Graffiti' \\(concern_1\\) on line 3"):
        call_command("import_survey", str(path), partnership="testvale", name="Survey")
    assert Survey.objects.get().respondents == 1 and Survey.objects.get().concerns.count() == 1
