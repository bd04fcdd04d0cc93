"""A plan year downloaded as a workbook (issue 11): one sheet each for its priorities, themes,
objectives, areas of focus, actions, targets and figures, numbers as numbers, read back with openpyxl."""

import io

from openpyxl import load_workbook

from eunomia.plans import actions


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_plan_downloads_as_a_workbook_of_its_parts(manager, plans, housing, client_for):
    previous = plans["previous"]
    actions.add_item(by=manager, plan=previous, kind="objective", title="Reduce anti-social behaviour")
    response = client_for(manager).get("/p/testvale/plans/2024/workbook/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="testvale-plan-2024-25.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Priorities", "Themes", "Objectives", "Areas of focus", "Actions", "Targets",
                               "Figures"]
    assert rows(book["Priorities"])[1][0] == "Anti-social behaviour"
    assert rows(book["Objectives"])[1][0] == "Reduce anti-social behaviour"
    action = rows(book["Actions"])[1]
    assert action[:4] == ["A1", "Anti-social behaviour", "Refer neighbour disputes to mediation", "Testvale Homes"]
    targets = {row[1]: row for row in rows(book["Targets"])[1:] if row[0]}
    referrals = targets["Referrals to mediation"]
    assert referrals[0] == "A1" and referrals[4] == 33 and referrals[6] == 40 and referrals[10] is None
    improved = targets["Cases with behaviour improved"]
    assert improved[10] == 85 and isinstance(improved[10], int)  # a number, not text
    figure_names = [row[0] for row in rows(book["Figures"])[1:] if row[0] and row[0] != "Notes"]
    assert plans["referrals"].actual.name in figure_names


def test_another_partnerships_user_cannot_download_it(plans, outsider, client_for):
    assert client_for(outsider).get("/p/testvale/plans/2024/workbook/").status_code == 404
