"""The records behind the interventions figure (ADR 69): the interventions given, for every kind and
group; a reader sees those in the cases they may see, and the rest are counted for the organisation
holding each case. The demo gives only one intervention, in a case its readers see whole."""

from decimal import Decimal

from eunomia.casework.models import CaseParty
from eunomia.interventions import actions as interventions
from tests.figures.records_check import assert_records_add_up, drilled, held, shown
from tests.figures.test_casework_measures import OCTOBER, day, w  # noqa: F401 (the fixture)


def test_interventions_are_listed_through_the_cases_the_reader_may_see(w, partnership, other_partnership):  # noqa: F811
    council_case, housing_case = w["case"](day(9, 1)), w["case"](day(9, 1), by=w["tenancy"])
    other_case = w["case"](day(9, 1), by=w["stranger"])
    jordan, sam = w["person"]("Jordan", date_of_birth=day(1, 1, 2000)), w["person"]("Sam", by=w["tenancy"],
                                                                                  date_of_birth=day(1, 1, 1990))
    stranger = w["person"]("Alex", by=w["stranger"])
    for case, person in ((council_case, jordan), (housing_case, sam), (other_case, stranger)):
        CaseParty.objects.create(case=case, person=person, role="perpetrator")

    def give(case, person, kind, on, by=w["csu"]):
        interventions.record_intervention(by=by, case=case, person=person, kind=kind, issued_on=on)

    give(council_case, jordan, "verbal_warning", day(10, 1))
    give(council_case, jordan, "warning_letter_1", day(10, 15))
    give(council_case, jordan, "mediation", day(9, 30))  # the day before the period
    give(housing_case, sam, "cpw", day(10, 10), by=w["tenancy"])
    give(other_case, stranger, "verbal_warning", day(10, 2), by=w["stranger"])  # another partnership's

    assert_records_add_up("interventions.by_type", partnership, **OCTOBER)
    assert_records_add_up("interventions.by_type", other_partnership, **OCTOBER)
    # The housing officer sees their own case's Community Protection Warning; the council's two warnings
    # are counted for the council.
    found = drilled("interventions.by_type", partnership, **OCTOBER, user=w["tenancy"], kind="warnings")
    assert found.totals.count == 3
    assert [i.get_kind_display() for i in found.visible] == ["Community Protection Warning"]
    assert [line[2] for line in shown(found)] == ["Community Protection Warning"]
    assert held(found) == [("Testvale Council", 2, Decimal(0))]
    everything = drilled("interventions.by_type", partnership, **OCTOBER, user=w["csu"], kind="all")
    assert [i.kind for i in everything.visible] == ["warning_letter_1", "verbal_warning"]  # newest first
    assert held(everything) == [("Testvale Homes", 1, Decimal(0))]  # a case the council was not shared
