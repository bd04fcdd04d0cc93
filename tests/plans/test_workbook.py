"""A plan year downloaded as a workbook (issue 11): one sheet each for its priorities, themes,
objectives, areas of focus, actions, targets and figures, numbers as numbers, read back with openpyxl."""

import io

from openpyxl import load_workbook

from eunomia.audit.models import AuditEvent
from eunomia.plans import actions
from eunomia.plans.models import PlanYear, Target


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
                               "Figures", "Text"]
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


# Loading a plan from a workbook --------------------------------------------------------------------

def workbook_of(client, year):
    return client.get(f"/p/testvale/plans/{year}/workbook/").content


def edit(data, changes):
    """The workbook `data` with `changes` {(sheet, row, column header): value}."""
    book = load_workbook(io.BytesIO(data))
    for (sheet, row, column), value in changes.items():
        header = [c.value for c in book[sheet][1]]
        book[sheet].cell(row=row, column=header.index(column) + 1).value = value  # (value=None would not clear)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, year, data, name="plan.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/p/testvale/plans/upload/", {"start_year": str(year),
                                                     "file": SimpleUploadedFile(name, data)})


def test_a_downloaded_plan_loads_back_as_another_year_with_its_actions_and_targets(manager, plans, client_for):
    client = client_for(manager)
    data = edit(workbook_of(client, 2024), {("Targets", 2, "Actual"): None, ("Targets", 3, "Actual"): None})
    response = upload(client, 2020, data)
    assert response.status_code == 302, response.content.decode()[:4000]
    assert [str(m) for m in response.wsgi_request._messages][0].endswith(
        "Added: 1 priority, 1 action, 2 targets. Changed: nothing.")
    plan = PlanYear.objects.get(start_year=2020)
    assert [p.title for p in plan.priorities.all()] == ["Anti-social behaviour"]
    action = plan.actions.get()
    assert (action.title, action.owner_organisation.name) == ("Refer neighbour disputes to mediation",
                                                              "Testvale Homes")
    assert sorted(t.measure for t in action.targets.all()) == ["Cases with behaviour improved",
                                                               "Referrals to mediation"]
    assert AuditEvent.objects.filter(action="plan.target_added").count() >= 2  # through the same actions


def test_seed_cells_load_as_partnerships_type_them(manager, plans, client_for):
    client = client_for(manager)
    data = edit(workbook_of(client, 2024), {
        ("Targets", 2, "Baseline"): "N/A", ("Targets", 2, "Target"): "74 families", ("Targets", 2, "Actual"): None,
        ("Targets", 3, "Baseline"): "New project", ("Targets", 3, "Target"): "50% of cases",
        ("Targets", 3, "Actual"): None})
    assert upload(client, 2021, data).status_code == 302
    targets = {t.measure: t for t in Target.objects.filter(action__plan__start_year=2021)}
    assert (targets["Referrals to mediation"].baseline_note, targets["Referrals to mediation"].target_value) == (
        "N/A", 74)
    assert (targets["Cases with behaviour improved"].baseline_note,
            targets["Cases with behaviour improved"].target_value) == ("New project", 50)


def test_every_problem_is_named_by_sheet_row_and_column_and_nothing_is_saved(manager, plans, client_for):
    client = client_for(manager)
    data = edit(workbook_of(client, 2024), {
        ("Actions", 2, "Lead organisation"): "Nowhere Council", ("Actions", 2, "Priority"): "Burglary",
        ("Targets", 2, "Target"): "forty", ("Targets", 3, "Action ref"): "A9"})
    before = (PlanYear.objects.count(), Target.objects.count(), AuditEvent.objects.count())
    response = upload(client, 2022, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved: the workbook has 4 problems" in page
    for words in ("There is no organisation called Nowhere Council in the directory",
                  "Burglary is not on the Priorities sheet", "Write the target as a number, like 40",
                  "There is no action A9 on the Actions sheet"):
        assert words in page
    assert (PlanYear.objects.count(), Target.objects.count(), AuditEvent.objects.count()) == before


def test_a_file_that_is_not_a_workbook_is_refused_in_words(manager, plans, client_for):
    response = upload(client_for(manager), 2022, b"not a spreadsheet at all")
    assert response.status_code == 400
    assert "It is not an .xlsx workbook" in response.content.decode()


def test_a_row_the_actions_refuse_undoes_the_whole_load(manager, plans, client_for):
    client = client_for(manager)
    data = edit(workbook_of(client, 2024), {("Targets", 2, "Target"): None, ("Targets", 2, "Direction"): "reach"})
    before = (PlanYear.objects.count(), Target.objects.count(), AuditEvent.objects.count())
    response = upload(client, 2023, data)
    assert response.status_code == 400
    assert "Enter the target, give a change on the baseline" in response.content.decode()
    assert (PlanYear.objects.count(), Target.objects.count(), AuditEvent.objects.count()) == before
