"""A plan year downloaded as a workbook (issue 11): one sheet each for its priorities, themes,
objectives, areas of focus, actions, targets and figures, numbers as numbers, read back with openpyxl."""

import datetime
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
                               "Figures", "Text", "Organisations"]
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


# Actuals in words, yes or no, the text, leads of the plan's own years, plans of several years --------

def test_actuals_in_words_and_yes_or_no_load_with_the_judgement(manager, plans, client_for):
    previous = plans["previous"]
    action = previous.actions.get()
    actions.add_target(by=manager, action=action, measure="Policy adopted", unit="text",
                       target_text="Adopted by all partners")
    actions.add_target(by=manager, action=action, measure="Themis running", unit="yes_no", target_value=1)
    client = client_for(manager)
    book = load_workbook(io.BytesIO(workbook_of(client, 2024)))
    rows_by_measure = {row[1].value: row[0].row for row in book["Targets"].iter_rows(min_row=2) if row[1].value}
    policy, themis = rows_by_measure["Policy adopted"], rows_by_measure["Themis running"]
    data = edit(workbook_of(client, 2024), {("Targets", policy, "Actual in words"): "Adopted in March"})
    refused = upload(client, 2024, data)
    assert refused.status_code == 400
    assert [str(p) for p in refused.context["problems"]] == [
        f"Targets, row {policy}, column Milestone met: Say whether the milestone was met: Yes or No"]
    data = edit(data, {("Targets", policy, "Milestone met"): "Yes", ("Targets", themis, "Actual"): "yes"})
    assert upload(client, 2024, data).status_code == 302
    targets = {t.measure: t for t in Target.objects.filter(action=action).select_related("actual")}
    assert (targets["Policy adopted"].actual.text_value, targets["Policy adopted"].milestone_met) == (
        "Adopted in March", True)
    assert targets["Themis running"].actual.value == 1
    again = load_workbook(io.BytesIO(workbook_of(client, 2024)))
    header = [c.value for c in again["Targets"][1]]
    assert again["Targets"].cell(row=policy, column=header.index("Milestone met") + 1).value == "Yes"


def test_the_text_goes_out_and_comes_back_with_the_workbook(manager, plans, client_for):
    client = client_for(manager)
    book = load_workbook(io.BytesIO(workbook_of(client, 2025)))
    text = {row[0]: row[1] for row in rows(book["Text"])[1:] if row[0] in ("Introduction", "The plan")}
    assert text["Introduction"] == plans["current"].sections.get(kind="introduction").body
    data = edit(workbook_of(client, 2025), {("Text", 6, "Text"): "We will do what we said.\n\n- Reduce ASB"})
    assert rows(load_workbook(io.BytesIO(data))["Text"])[5][0] == "The plan"
    assert upload(client, 2025, data).status_code == 302
    assert plans["current"].sections.get(kind="the_plan").body == "We will do what we said.\n\n- Reduce ASB"
    refused = upload(client, 2025, edit(data, {("Text", 6, "Text"): "Referrals rose to [[no-such-figure]]"}))
    assert [str(p) for p in refused.context["problems"]][0].startswith(
        "Text, row 6, column Text: The text names [[no-such-figure]]")
    assert plans["current"].sections.get(kind="the_plan").body == "We will do what we said.\n\n- Reduce ASB"


def test_a_lead_is_a_member_in_the_plans_own_year(manager, partnership, plans, client_for, system_user):
    from eunomia.partners import actions as partner_actions

    left = partner_actions.add_organisation(by=system_user, partnership=partnership, name="Old Probation Trust",
                                            kind="probation", joined_on=datetime.date(2009, 4, 1))
    partner_actions.leave_partnership(by=system_user, partnership=partnership, organisation=left,
                                      left_on=datetime.date(2015, 5, 31))
    partner_actions.add_organisation(by=system_user, partnership=partnership, name="New Homes",
                                     kind="housing", joined_on=datetime.date(2020, 1, 1))
    client = client_for(manager)
    data = edit(workbook_of(client, 2024), {("Actions", 2, "Lead organisation"): "Old Probation Trust",
                                            ("Actions", 2, "Other leads"): "New Homes"})
    refused = upload(client, 2014, data)
    page = refused.content.decode()
    assert "New Homes was not a member of the partnership in 2014/15" in page
    assert "Old Probation Trust" not in page  # a member in 2014/15, though it has left since
    data = edit(data, {("Actions", 2, "Other leads"): None})
    assert upload(client, 2014, data).status_code == 302
    assert PlanYear.objects.get(start_year=2014).actions.get().owner_organisation == left


def test_a_plan_of_three_years_loads_with_a_target_for_each_year(manager, plans, client_for):
    client = client_for(manager)
    data = edit(workbook_of(client, 2024), {
        ("Targets", 2, "Due"): datetime.date(2015, 3, 31), ("Targets", 2, "Actual"): None,
        ("Targets", 3, "Measure"): "Referrals to mediation", ("Targets", 3, "Kind of target"): "Count",
        ("Targets", 3, "Direction"): "increase", ("Targets", 3, "Baseline"): 33, ("Targets", 3, "Target"): 45,
        ("Targets", 3, "Due"): datetime.date(2016, 3, 31), ("Targets", 3, "Actual"): None,
        ("Targets", 3, "Figure name"): None})
    response = client.post("/p/testvale/plans/upload/", {
        "start_year": "2014", "years": "3",
        "file": __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile("plan.xlsx", data)})
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = PlanYear.objects.get(start_year=2014)
    assert plan.label == "2014/15 to 2016/17"
    targets = sorted(Target.objects.filter(action__plan=plan), key=lambda t: t.due_on)
    assert [(t.measure, t.year_label, t.target_value) for t in targets] == [
        ("Referrals to mediation", "2014/15", 40), ("Referrals to mediation", "2015/16", 45)]


def test_organisations_and_their_spells_come_in_with_the_plan(manager, partnership, plans, client_for):
    from eunomia.partners.models import Organisation, PartnershipMember

    client = client_for(manager)
    book = load_workbook(io.BytesIO(workbook_of(client, 2024)))
    members = {row[0]: row for row in rows(book["Organisations"])[1:] if row[0] and row[0] != "Notes"}
    assert members["Testvale Homes"][2] == datetime.datetime(2010, 1, 1)  # a member since 2010: its spell
    sheet = book["Organisations"]
    sheet.insert_rows(2, 3)
    for row, values in enumerate([
            ["West Kent Probation Trust", "Probation", "2009-04-01", "2015-05-31", "Garden Road", "", "", ""],
            ["Kenward Trust", "Voluntary sector", None, None, "", "01622 000000", "info@kenward.example", ""],
            ["Maidstone Mediation", "Voluntary", None, None, "", "", "not an email", ""]], start=2):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column).value = value
    book["Actions"].cell(row=2, column=4).value = "West Kent Probation Trust"
    book["Actions"].cell(row=2, column=6).value = "Kenward Trust\nMaidstone Mediation"
    out = io.BytesIO()
    book.save(out)
    before = Organisation.objects.count()

    refused = upload(client, 2014, out.getvalue())
    assert [str(p) for p in refused.context["problems"]] == [
        "Organisations, row 4, column Email: not an email is not an email address"]
    assert Organisation.objects.count() == before

    sheet.cell(row=4, column=7).value = ""
    out = io.BytesIO()
    book.save(out)
    response = upload(client, 2014, out.getvalue())
    assert response.status_code == 302
    assert "3 organisations, 1 membership spell" in [str(m) for m in response.wsgi_request._messages][0]
    probation = Organisation.objects.get(name="West Kent Probation Trust")
    spell = PartnershipMember.objects.get(organisation=probation)
    assert (spell.joined_on, spell.left_on) == (datetime.date(2009, 4, 1), datetime.date(2015, 5, 31))
    assert not PartnershipMember.objects.filter(organisation__name="Kenward Trust").exists()
    action = PlanYear.objects.get(start_year=2014).actions.get()
    assert action.owner_organisation == probation
    assert sorted(o.name for o in action.delivery_partners.all()) == ["Kenward Trust", "Maidstone Mediation"]
    assert AuditEvent.objects.filter(action="organisation.created").count() >= 3

    # Loaded again, nothing is added twice; a lead who left before 2016 cannot lead 2016/17.
    assert upload(client, 2014, out.getvalue()).status_code == 302
    assert Organisation.objects.count() == before + 3
    late = upload(client, 2016, out.getvalue())
    assert "Actions, row 2, column Lead organisation: West Kent Probation Trust was not a member of the " \
           "partnership in 2016/17" in " ".join(str(p) for p in late.context["problems"])


def test_yes_no_targets_and_evidence_load_from_their_cells(manager, plans, client_for):
    previous = plans["previous"]
    actions.add_target(by=manager, action=previous.actions.get(), measure="Themis running", unit="yes_no",
                       target_value=1)
    client = client_for(manager)
    book = load_workbook(io.BytesIO(workbook_of(client, 2024)))
    row = next(r[0].row for r in book["Targets"].iter_rows(min_row=2) if r[1].value == "Themis running")
    data = edit(workbook_of(client, 2024), {("Targets", row, "Target"): "Yes", ("Targets", row, "Actual"): "No",
                                            ("Targets", row, "Evidence"): "Board minutes, March"})
    assert upload(client, 2022, data).status_code == 302
    themis = Target.objects.select_related("actual").get(action__plan__start_year=2022, measure="Themis running")
    assert (themis.target_value, themis.actual.value, themis.actual.evidence) == (1, 0, "Board minutes, March")
