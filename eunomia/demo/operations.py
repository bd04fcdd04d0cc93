"""Harrowdale's operations log, events and campaigns for the demo, over last financial year and this
one: test purchases at the town's shops and off-licences (some sold to the volunteer), licensed-
premises visits, a training session for partners' staff, Community Payback projects, the Safer
Towns scheme with its members and exclusions, an enforcement operation, and two campaigns with
their events. Built through the real actions by the demo's officers, so it is audited as in use and
every figure from it counts these records. No person is named anywhere in it (ADR 60).

Run after the plans are built: the knife crime campaign serves this year's plan's priority."""

import datetime
from decimal import Decimal

from django.utils import timezone

from eunomia.core.periods import plan_period
from eunomia.operations import actions
from eunomia.operations.queries import priorities_of

# key, trading name, kind, address, postcode (all invented; postcodes of the right shape only)
PREMISES = [
    ("market_stores", "Market Street Stores", "shop", "14 Market Street\nHarrowdale", "HW1 2AD"),
    ("harrow_wines", "Harrow Wines", "off_licence", "3 Station Road\nHarrowdale", "HW1 3BQ"),
    ("plough", "The Plough", "pub", "1 Mill Lane\nHarrowdale", "HW2 4PL"),
    ("red_lion", "The Red Lion", "pub", "22 High Street\nHarrowdale", "HW1 2AH"),
    ("station_convenience", "Station Road Convenience", "shop", "40 Station Road\nHarrowdale", "HW1 3BT"),
    ("vape_corner", "Vape Corner", "shop", "7 Bridge Street\nHarrowdale", "HW1 1DZ"),
    ("late_kitchen", "Late Kitchen", "restaurant", "9 Bridge Street\nHarrowdale", "HW1 1EA"),
    ("cellar_bar", "The Cellar Bar", "nightclub", "2 Church Lane\nHarrowdale", "HW1 2EB"),
]


def build_operations_demo(demo, partnership, *, today=None):
    """The operations log of the demo partnership, dated from `demo.current` (this financial year's
    first year) and never after today."""
    today = today or timezone.localdate()
    last_start, _ = plan_period(demo.current - 1, partnership.year_start_month)
    this_start, _ = plan_period(demo.current, partnership.year_start_month)

    def last_year(days):
        """`days` into last year."""
        return last_start + datetime.timedelta(days=days)

    def this_year(days):
        """`days` into this year, or today if that is still to come."""
        return min(this_start + datetime.timedelta(days=days), today)

    orgs, csu, manager, housing = demo.orgs, demo.users["csu"], demo.manager, demo.users["housing"]
    council, police = orgs["council"], orgs["police"]
    premises = {key: actions.add_premises(by=manager, partnership=partnership, owner_organisation=council, name=name,
                                          kind=kind, address=address, postcode=postcode)
                for key, name, kind, address, postcode in PREMISES}

    # Test purchases by the council's trading standards officers, with an underage volunteer.
    purchases = [
        (last_year(40), "market_stores", "alcohol", "pass", ""),
        (last_year(40), "harrow_wines", "alcohol", "fail", "Warning letter sent; staff training offered."),
        (last_year(41), "station_convenience", "tobacco", "pass", ""),
        (last_year(150), "vape_corner", "vapes", "fail", "Advice visit; test purchase to be repeated."),
        (last_year(210), "vape_corner", "vapes", "pass", "Repeat test: refused. No further action."),
        (last_year(280), "market_stores", "knives", "pass", ""),
        (this_year(20), "harrow_wines", "alcohol", "pass", "Refused; the new till prompt was used."),
        (this_year(60), "station_convenience", "vapes", "fail", "Referred to the licensing team for review."),
        (this_year(61), "market_stores", "vapes", "pass", ""),
    ]
    for made_on, key, product, result, follow_up in purchases:
        actions.record_test_purchase(by=manager, partnership=partnership, owner_organisation=council,
                                     premises=premises[key], made_on=made_on, product=product, result=result,
                                     follow_up=follow_up)

    # Licensed-premises visits by the police licensing officer.
    visits = [
        (last_year(70), "plough", "routine", "Door staff register up to date; CCTV working."),
        (last_year(120), "cellar_bar", "complaint", "Noise from the rear door after midnight. Management agreed to "
                                                    "keep it closed after 23:00."),
        (last_year(135), "cellar_bar", "follow_up", "Rear door kept closed; no further complaints."),
        (last_year(300), "red_lion", "joint", "Joint visit with the fire service: fire exits clear."),
        (this_year(30), "plough", "routine", "All conditions met."),
        (this_year(45), "late_kitchen", "application", "Late-night refreshment application: conditions agreed."),
    ]
    for visited_on, key, purpose, findings in visits:
        actions.record_visit(by=csu, partnership=partnership, owner_organisation=police, premises=premises[key],
                             visited_on=visited_on, purpose=purpose, findings=findings)

    actions.record_training(
        by=csu, partnership=partnership, owner_organisation=police, held_on=last_year(95),
        topic="Spotting the signs of exploitation in licensed premises and takeaways",
        attendance={police: 6, council: 4, orgs["harrowdale_homes"]: 8, orgs["youth"]: 3})
    actions.record_training(
        by=csu, partnership=partnership, owner_organisation=police, held_on=this_year(50),
        topic="Refusing sales: the challenge 25 scheme for shop staff",
        attendance={council: 2, orgs["watch"]: 5})

    # Community Payback: projects nominated by partners, recorded by Harrowdale Homes' officer for its own.
    actions.record_payback_project(
        by=housing, partnership=partnership, owner_organisation=orgs["harrowdale_homes"],
        nominated_by=orgs["harrowdale_homes"], site="Footpath between Mill Lane and Station Road",
        work="Litter cleared, undergrowth cut back, graffiti painted over.", nominated_on=last_year(60),
        hours=Decimal("84.0"), completed_on=last_year(110))
    actions.record_payback_project(
        by=housing, partnership=partnership, owner_organisation=orgs["harrowdale_homes"],
        nominated_by=orgs["watch"], site="Willow Court garages", work="Clearing fly-tipped waste and repainting.",
        nominated_on=this_year(15), hours=Decimal("37.5"))

    _safer_towns(manager, partnership, council, premises, last_year, this_year)

    actions.record_enforcement_operation(
        by=csu, partnership=partnership, owner_organisation=police, name="Operation Lantern",
        starts_on=last_year(200), ends_on=last_year(213), partners=[council, orgs["fire"]],
        results="Two weeks of evening patrols in the town centre: 14 dispersal notices, 3 premises given advice, "
                "2 bikes seized.")
    actions.record_enforcement_operation(
        by=csu, partnership=partnership, owner_organisation=police, name="Operation Quiet Streets",
        starts_on=this_year(35), partners=[council, orgs["harrowdale_homes"]],
        results="Nuisance motorbikes on the estates: 4 warnings so far.")
    _campaigns(demo, partnership, csu, council, police, last_year, this_year)


def _safer_towns(manager, partnership, council, premises, last_year, this_year):
    scheme = actions.set_up_scheme(
        by=manager, partnership=partnership, owner_organisation=council, name="Safer Towns Harrowdale",
        started_on=last_year(0) - datetime.timedelta(days=365),
        description="Town-centre shops, pubs and bars share information and exclude those who cause trouble from "
                    "every member's premises.")
    for key in ("market_stores", "plough", "red_lion", "cellar_bar"):
        actions.add_scheme_member(by=manager, scheme=scheme, premises=premises[key], joined_on=last_year(10))
    actions.add_scheme_member(by=manager, scheme=scheme, premises=premises["harrow_wines"], joined_on=last_year(90))
    leaver = scheme.members.get(premises=premises["cellar_bar"])
    actions.record_leaving(by=manager, member=leaver, left_on=last_year(250))
    actions.add_scheme_member(by=manager, scheme=scheme, premises=premises["late_kitchen"], joined_on=this_year(40))
    year = last_year(0).year
    exclusions = [(f"ST-{year}-001", last_year(30), last_year(30 + 180)),
                  (f"ST-{year}-002", last_year(160), last_year(160 + 365)),
                  (f"ST-{year}-003", last_year(320), last_year(320 + 90)),
                  (f"ST-{year + 1}-001", this_year(25), this_year(25) + datetime.timedelta(days=365))]
    for reference, starts_on, ends_on in exclusions:
        actions.add_exclusion(by=manager, scheme=scheme, reference=reference, starts_on=starts_on, ends_on=ends_on)


def _campaigns(demo, partnership, csu, council, police, last_year, this_year):
    # This year's plan's priorities by the words before any comma ("Anti-social behaviour"), when it is built.
    priorities = {p.title.split(",")[0]: p for p in priorities_of(partnership).filter(plan__start_year=demo.current)}
    winter = actions.start_campaign(
        by=csu, partnership=partnership, owner_organisation=police, name="Lock it, light it: winter burglary campaign",
        aim="Fewer burglaries in the dark evenings: timer switches and door locks, and neighbours looking out.",
        starts_on=last_year(215), ends_on=last_year(275))
    for days, name, audience, place, people, leaflets, views in [
            (216, "Timer switch giveaway", "Residents of the Willow Court estate", "Willow Court community room", 85,
             300, 0),
            (230, "Crime prevention stall", "Shoppers", "Market Street", 140, 450, 0),
            (240, "Winter safety video", "Residents of the district", "Online", 0, 0, 5200)]:
        actions.record_event(by=csu, partnership=partnership, owner_organisation=police, campaign=winter,
                             name=name, held_on=last_year(days), audience=audience, place=place,
                             partners=[council, demo.orgs["watch"]], materials="Leaflets, timer switches",
                             people_attended=people, leaflets=leaflets, online_views=views)
    knives = actions.start_campaign(
        by=csu, partnership=partnership, owner_organisation=police, name="Knife crime awareness",
        aim="Young people know the risks of carrying a knife and where to get help.", starts_on=this_year(0),
        priority=priorities.get("Anti-social behaviour"))
    for days, name, audience, place, people, leaflets in [
            (10, "Assembly at Harrowdale Academy", "Year 9 pupils", "Harrowdale Academy", 210, 0),
            (40, "Parents' evening talk", "Parents of secondary pupils", "Harrowdale Library", 35, 60)]:
        actions.record_event(by=csu, partnership=partnership, owner_organisation=police, campaign=knives, name=name,
                             held_on=this_year(days), audience=audience, place=place,
                             partners=[demo.orgs["youth"]], materials="Knife crime leaflets, a short film",
                             people_attended=people, leaflets=leaflets,
                             priority=priorities.get("Anti-social behaviour"))
    actions.record_event(by=csu, partnership=partnership, owner_organisation=council, name="Neighbourhood Watch AGM",
                         held_on=last_year(180), audience="Neighbourhood Watch coordinators",
                         place="Civic Centre", partners=[demo.orgs["watch"]], people_attended=48, leaflets=100)
