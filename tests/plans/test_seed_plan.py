"""The real seed plan entered by workbook (issue 11): the 2013/14 and 2014/15 workbooks that
benchmarks/seed_plan.py builds from the seed's text (kept outside the repository, in ../shared/seed/)
pass the upload's checks whole and load, as `make bench ONLY=seed_plan` enters them through the pages."""

import datetime

import pytest

from benchmarks import seed_plan
from eunomia.figures.models import Figure
from eunomia.partners.models import Organisation
from eunomia.partners.queries import organisations_in
from eunomia.plans.upload import WorkbookRefused, check_and_read, load_plan, read_rows

pytestmark = pytest.mark.skipif(not seed_plan.SEED.exists(), reason=f"The seed plan is not on this machine: "
                                f"{seed_plan.SEED} (kept outside the repository, in ../shared/seed/)")


@pytest.fixture
def seed():
    return seed_plan.read_seed()


def checked(partnership, year, data):
    try:
        return check_and_read(partnership, year, read_rows(data))
    except WorkbookRefused as refused:
        pytest.fail("\n".join(str(problem) for problem in refused.problems))


def test_the_seed_reads_as_its_plan_and_members(seed):
    assert [len(rows) for rows in seed["review"].values()] == [9, 15, 11]
    asb = {title: (baseline, target) for title, baseline, target in seed["review"]["Anti-social behaviour"]}
    # The block the PDF extraction wrapped, repaired: one row per action, its cells put back together.
    assert asb["Develop 'Themis' to case manage ASB cases"] == ("N/A", "Themis up and running")
    assert asb["Link in with the 'Family Focus' initiative to provide early intervention to families "
               "committing ASB"] == ("New project", "74 families")
    assert asb["Nominate at least 20 projects to Community Payback"] == ("8", "20")
    assert asb["Work with Registered Social Landlords to prevent ASB especially nuisance neighbour reports"] == (
        "N/A", "N/A")
    assert asb["Review the ASB Policy and ensure adoption by key partners"] == ("N/A", "Adoption of policy")
    assert len(seed["dropped"]) == 5  # the stray cells, listed by the benchmark
    assert [t for t, _ in seed["themes"]] == ["Reducing reoffending", "Prevention and education", "Mental health",
                                              "Vulnerable households and individuals", "Positive activities"]
    assert len(seed["objectives"]) == 4 and len(seed["focus_areas"]) == 5
    names = [m["name"] for m in seed["members"]]
    assert len(names) == 15 and names[0] == seed_plan.COUNCIL
    assert {"Kent Police", "Clinical Commissioning Group", "Russet Homes", "Moat Housing"} <= set(names)
    assert "Kenward Trust" not in names and "Kenward Trust" in [p["name"] for p in seed["providers"]]
    assert not any(seed_plan.TOKEN.search(text) for text in seed["texts"].values())  # every XX is a figure now


def test_the_seed_workbooks_pass_the_checks_and_load(manager, partnership, seed):
    books, actuals = seed_plan.build_workbooks(seed)
    checked(partnership, seed_plan.REVIEWED_YEAR, books[seed_plan.REVIEWED_YEAR])  # its Organisations sheet
    # brings the members and providers the 2014/15 workbook names, so that one is checked once they are in

    reviewed = load_plan(by=manager, partnership=partnership, start_year=seed_plan.REVIEWED_YEAR,
                         data=books[seed_plan.REVIEWED_YEAR], file_name="seed-2013-14.xlsx").plan
    assert [p.title for p in reviewed.priorities.all()] == ["Anti-social behaviour", "Domestic Abuse",
                                                           "Substance misuse"]
    assert reviewed.actions.count() == 35
    members = set(organisations_in(partnership, on=datetime.date(2014, 4, 1)).values_list("name", flat=True))
    assert members - {"Testvale Council"} == {m["name"] for m in seed["members"]}  # the fixture's council
    assert "Kenward Trust" not in members
    assert Organisation.objects.filter(name="Kenward Trust").exists()
    targets = [t for a in reviewed.actions.all() for t in a.targets.all()]
    assert len(targets) == 35 and all(t.actual.has_value for t in targets)
    assert all(t.milestone_met for t in targets if t.unit == "text")
    landlords = reviewed.actions.get(title__startswith="Work with Registered Social Landlords")
    assert [o.name for o in landlords.leads] == [seed_plan.COUNCIL, "Moat Housing", "Russet Homes"]
    family_focus = reviewed.actions.get(title__startswith="Link in with the 'Family Focus'").targets.get()
    assert (family_focus.unit, family_focus.baseline_note, family_focus.target_value) == ("count", "New project", 74)

    checked(partnership, seed_plan.PLAN_YEAR, books[seed_plan.PLAN_YEAR])
    plan = load_plan(by=manager, partnership=partnership, start_year=seed_plan.PLAN_YEAR,
                     data=books[seed_plan.PLAN_YEAR], file_name="seed-2014-15.xlsx").plan
    assert [p.title for p in plan.priorities.all()] == ["Anti-Social Behaviour", "Domestic Abuse", "Substance Misuse"]
    assert (plan.themes.count(), plan.objectives.count(), plan.focus_areas.count()) == (5, 4, 5)
    assert all(section.body for section in plan.sections.all())
    sources = set(Figure.objects.filter(partnership=partnership).values_list("source", flat=True))
    assert sources == {seed_plan.ILLUSTRATIVE, seed_plan.ILLUSTRATIVE_ACTUAL}
