"""The demo: two invented partnerships in the invented county of Northshire.

Harrowdale has three years of plans: two years ago (closed, every actual recorded), last year
(approved and published) and this year (a draft two small steps from publishable: one actual and
one figure are missing, for a newcomer to record in the browser before approving and publishing).
Fenmarsh shares some organisations with Harrowdale and has one draft plan, to show a county
analyst working for two partnerships.

Harrowdale also has its geography and three years of police.uk crime data, for the strategic
assessment: invented files in the real formats (demo_area.py), imported through the real importers.

Everything is written through the same actions the pages use, by the demo users, so the audit
log, figure histories and permissions are as in real use. Years are counted from today, so the
demo never goes stale. Places, people, organisations, phone numbers (Ofcom's drama range 01632
960xxx), postcodes and ONS codes are all made up; web and email addresses use `.example`.
"""

import datetime
import tempfile
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from eunomia.accounts import actions as account_actions
from eunomia.accounts.models import User
from eunomia.accounts.roles import ROLES
from eunomia.audit import actions as audit
from eunomia.core import demo_area
from eunomia.core.periods import plan_period, year_containing, year_label
from eunomia.crime.importer import import_police_files
from eunomia.crime.models import CrimeRecord, DataMonth, Force
from eunomia.domesticabuse.demo import build_da_demo
from eunomia.figures import actions as figure_actions
from eunomia.figures.models import Figure
from eunomia.geography import actions as geography_actions
from eunomia.geography.models import Area
from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Organisation, Partnership
from eunomia.plans import actions as plan_actions
from eunomia.plans.models import Action, PlanYear, PublishedVersion, Target
from eunomia.tasking.demo import build_tasking_demo

DEMO_PASSWORD = "harrowdale-demo"
HARROWDALE = "harrowdale"
FENMARSH = "fenmarsh"


class DemoError(Exception):
    """The demo cannot be removed or built as asked."""


# People ------------------------------------------------------------------------------------------

# (key, email, full name, [(partnership slug, organisation key, role)])
USERS = [
    ("manager", "manager@harrowdale.example", "Helen Varga", [(HARROWDALE, "council", "csp_manager")]),
    ("analyst", "analyst@harrowdale.example", "Sam Okonjo", [(HARROWDALE, "council", "analyst")]),
    ("csu", "csu@harrowdale.example", "Dan Hollins", [(HARROWDALE, "police", "csu_officer")]),
    ("housing", "housing@harrowdale.example", "Marcus Dunmore",
     [(HARROWDALE, "harrowdale_homes", "partner_practitioner")]),
    ("idva", "idva@harrowdale.example", "Leah Fontaine", [(HARROWDALE, "brightwater", "da_specialist")]),
    ("board", "board@harrowdale.example", "Ruth Ashby", [(HARROWDALE, "police", "board_member")]),
    ("county_analyst", "county.analyst@northshire.example", "Kit Halloran",
     [(HARROWDALE, "county", "analyst"), (FENMARSH, "county", "analyst")]),
    ("fenmarsh_manager", "manager@fenmarsh.example", "Morgan Reedley", [(FENMARSH, "fenmarsh_council", "csp_manager")]),
]
DEMO_EMAILS = [email for _, email, _, _ in USERS]

# Organisations: one directory for the whole installation, so Fenmarsh reuses Northshire's
# county-wide services. Postcode areas HW (Harrowdale) and FX (Fenmarsh) do not exist.
ORGANISATIONS = {
    "council": dict(name="Harrowdale District Council", kind="council",
                    address="Civic Centre\nMarket Street\nHarrowdale\nHW1 2AB", phone="01632 960100",
                    email="enquiries@harrowdale.example", website="www.harrowdale.example"),
    "police": dict(name="Northshire Police", kind="police",
                   address="Harrowdale Police Station\nStation Road\nHarrowdale\nHW1 3CD", phone="01632 960200",
                   email="contact@northshire-police.example", website="www.northshire-police.example"),
    "fire": dict(name="Northshire Fire and Rescue Service", kind="fire",
                 address="Western Division HQ\nFurnace Lane\nHarrowdale\nHW2 4EF", phone="01632 960300",
                 website="www.northshire-fire.example"),
    "health": dict(name="Northshire Integrated Care Board", kind="health",
                   address="Aldergate House\nCastle Way\nNorthbridge\nNB1 5GH", phone="01632 960310",
                   website="www.northshire-icb.example"),
    "probation": dict(name="Probation Service, Northshire", kind="probation",
                      address="14 Quarry Road\nHarrowdale\nHW1 6JK", phone="01632 960320",
                      website="www.northshire-probation.example"),
    "harrowdale_homes": dict(name="Harrowdale Homes", kind="housing",
                             address="Tenant Hub\n3 Willow Parade\nHarrowdale\nHW3 7LM", phone="0800 960 330",
                             email="tenancy@harrowdale-homes.example", website="www.harrowdale-homes.example"),
    "kestrel": dict(name="Kestrel Housing Association", kind="housing",
                    address="Kestrel House\nMill Race\nCopley Ford\nHW4 8NP", phone="01632 960340",
                    website="www.kestrel-housing.example"),
    "youth": dict(name="Northshire Youth Service", kind="youth",
                  address="The Foundry Youth Centre\nCanal Street\nHarrowdale\nHW1 9QR", phone="01632 960350",
                  website="www.northshire.example/youth"),
    "mediation": dict(name="Harrowdale and District Mediation", kind="voluntary",
                      address="Unit 2, Bridge Studios\nHarrowdale\nHW2 1ST", phone="01632 960360",
                      email="help@harrowdale-mediation.example", website="www.harrowdale-mediation.example"),
    "brightwater": dict(name="Brightwater Domestic Abuse Service", kind="voluntary",
                        address="PO Box 4410\nHarrowdale\nHW1 0BW", phone="01632 960370",
                        website="www.brightwater-support.example"),
    "watch": dict(name="Harrowdale Neighbourhood Watch Association", kind="voluntary",
                  address="c/o Harrowdale Police Station\nStation Road\nHarrowdale\nHW1 3CD",
                  website="www.harrowdale-watch.example"),
    "county": dict(name="Northshire County Council", kind="council",
                   address="County Hall\nCastle Way\nNorthbridge\nNB1 1AA", phone="01632 960000",
                   website="www.northshire.example"),
    "fenmarsh_council": dict(name="Fenmarsh District Council", kind="council",
                             address="Council Offices\nDyke Road\nFenmarsh\nFX1 2AB", phone="01632 960500",
                             email="enquiries@fenmarsh.example", website="www.fenmarsh.example"),
}
HARROWDALE_MEMBERS = ["council", "police", "fire", "health", "probation", "harrowdale_homes", "kestrel", "youth",
                      "mediation", "brightwater", "watch", "county"]
FENMARSH_MEMBERS = ["fenmarsh_council", "police", "fire", "county"]

# (key, organisation, name, job title, email, phone)
CONTACTS = [
    ("varga", "council", "Helen Varga", "Community Safety Manager", "helen.varga@harrowdale.example", "01632 960101"),
    ("achterberg", "council", "Tom Achterberg", "Anti-social Behaviour Officer", "tom.achterberg@harrowdale.example",
     "01632 960102"),
    ("whitlow", "police", "Grace Whitlow", "Inspector, Harrowdale Neighbourhood Policing",
     "grace.whitlow@northshire-police.example", "01632 960201"),
    ("dunmore", "harrowdale_homes", "Marcus Dunmore", "Head of Tenancy Services",
     "marcus.dunmore@harrowdale-homes.example", "0800 960 331"),
    ("sorensen", "brightwater", "Nadia Sorensen", "Service Manager", "nadia.sorensen@brightwater-support.example",
     "01632 960371"),
    ("pryce", "health", "Owen Pryce", "Drug and Alcohol Commissioning Manager", "owen.pryce@northshire-icb.example",
     "01632 960311"),
    ("carraway", "mediation", "Beth Carraway", "Mediation Coordinator", "beth.carraway@harrowdale-mediation.example",
     "01632 960361"),
]

# (name, purpose, lead organisation, lead contact, member organisations)
WORKING_GROUPS = [
    ("Anti-social Behaviour and Environmental Crime Group",
     "Writes and runs the action plan for anti-social behaviour, and oversees the ASB Task Group.",
     "council", "achterberg",
     ["council", "police", "fire", "harrowdale_homes", "kestrel", "youth", "mediation", "watch"]),
    ("Domestic Abuse Forum",
     "Writes and runs the action plan for domestic abuse, and checks that victims get help quickly.",
     "brightwater", "sorensen",
     ["brightwater", "police", "council", "harrowdale_homes", "kestrel", "health", "probation"]),
    ("Drugs and Alcohol Group",
     "Writes and runs the action plan for drug and alcohol misuse, from prevention to treatment.",
     "health", "pryce", ["health", "police", "youth", "council", "probation"]),
]

PRIORITIES = [
    ("Anti-social behaviour, including environmental crime and criminal damage",
     "Nuisance neighbours, fly-tipping, graffiti and damage to property: the problems residents raise most."),
    ("Domestic abuse", "Keeping victims safe, cutting repeat victimisation and holding abusers to account."),
    ("Drug and alcohol misuse", "Reducing the harm drugs and alcohol do, and getting people into treatment."),
]
THEMES = [
    ("Cutting reoffending", "A duty of every community safety partnership."),
    ("Acting early", "Help at the first sign of trouble, before problems grow."),
    ("Mental health", "Many people the partnership works with have mental health needs."),
    ("Protecting vulnerable residents", "People who call again and again, or who are at risk, come first."),
    ("Young people", "Not a priority of its own, but every working group considers young people."),
]
OBJECTIVES = [
    "Fewer anti-social behaviour incidents reported to the police than last year",
    "Fewer victims of domestic abuse coming back to services within a year",
    "More people starting treatment for drug or alcohol use",
    "Every repeat or vulnerable caller contacted within two working days",
]
FOCUS_AREAS = [
    ("Cutting reoffending",
     "The Probation Service and Northshire Police will lead the partnership's work with people who offend "
     "again and again. Through the county's integrated offender management scheme they will look at what "
     "lies behind each person's offending, from housing and work to drink and drugs, and bring in the "
     "partners who can help with each of them."),
    ("Acting early",
     "Stopping a problem before it grows spares victims harm and saves partners money. The youth service "
     "and the council's family support team will work with families whose children are starting to get "
     "into trouble, and the ASB Task Group will refer people for help at the first sign of a problem "
     "rather than the last."),
    ("Mental health",
     "Many of the people discussed at the ASB Task Group have mental health needs that nobody has picked "
     "up. The Integrated Care Board will send a practitioner to the Task Group every month to help "
     "partners find the right service for each person."),
    ("Protecting vulnerable residents",
     "Every repeat or vulnerable caller is discussed at the Community Safety Unit's morning briefing and "
     "given a named officer, who stays in touch until the problem is solved and checks afterwards that "
     "it has not come back."),
]
NEW_FOCUS_AREA = (
    "Safer evenings in the town centre",
    "Residents and traders have told us that the town centre feels less safe after dark. The police, the "
    "council's licensing team and the Pubwatch members will walk the centre together each quarter and "
    "agree what needs to change, from lighting to late-night transport.",
)


# Plan contents ---------------------------------------------------------------------------------------

def _target(measure, unit, *, target=None, text="", direction="reach", baseline=None, note="", definition="",
            source=""):
    return dict(measure=measure, unit=unit, direction=direction, baseline_value=baseline, baseline_note=note,
                target_value=target, target_text=text, definition=definition, source=source)


def _actual(value=None, *, evidence, by="analyst", text="", met=None, first=None):
    """What a target reached; `first` is an earlier value that was recorded and then corrected."""
    return dict(value=value, text=text, met=met, evidence=evidence, by=by, first=first)


@dataclass
class ActionSpec:
    key: str
    priority: int
    owner: str
    title: str
    status: str
    target: dict | None = None
    actual: dict | None = None


MEDIATION = dict(definition="Neighbour disputes referred to Harrowdale and District Mediation by any partner "
                            "during the year, each dispute counted once however many households it involves.",
                 source="Harrowdale and District Mediation: year-end return to the partnership")
TASK_GROUP = dict(definition="Cases the ASB Task Group closed during the year in which the behaviour stopped or "
                             "improved enough for the case to leave its agenda, as a share of all cases it closed.",
                  source="Harrowdale District Council: ASB Task Group case log")
FLY_TIPPING = dict(definition="Reports of fly-tipping on land owned by Kestrel Housing Association, from tenants, "
                              "staff and the council, each site and day counted once.",
                   source="Kestrel Housing Association: estate services reports")
PAYBACK = dict(definition="Community Payback projects in Harrowdale that residents nominated and the Probation "
                          "Service completed during the year.",
               source="Probation Service, Northshire: Community Payback project list")
IDVA = dict(definition="High-risk domestic abuse cases heard at the Harrowdale MARAC whose victim accepted support "
                       "from an independent domestic violence adviser (IDVA), as a share of all cases heard.",
            source="Brightwater Domestic Abuse Service: MARAC and IDVA case records")
OUTREACH_DA = dict(definition="Victims assessed as medium or standard risk who received at least one session of "
                              "support from Brightwater's outreach workers during the year.",
                   source="Brightwater Domestic Abuse Service: quarterly return")
STAFF_TRAINED = dict(definition="Front-line Harrowdale Homes staff who completed the half-day course on spotting "
                                "and responding to domestic abuse during the year.",
                     source="Harrowdale Homes: training records")
YOUNG_PEOPLE = dict(definition="Young people aged 11 to 19 spoken to by the youth service's outreach team in "
                               "the district's hot spots for underage drinking, each young person counted once.",
                    source="Northshire Youth Service: outreach session records")
TREATMENT = dict(definition="Adults arrested in Harrowdale for an offence linked to drugs who started treatment "
                            "within three months, as a share of those assessed in custody.",
                 source="Northshire Integrated Care Board: treatment provider returns")
TEST_PURCHASES = dict(definition="Test purchase operations at shops and licensed premises selling alcohol, "
                                 "run by the police with the council's licensing team.",
                      source="Northshire Police: licensing operations log")

ASB, DA, DRUGS = 0, 1, 2


def actions_two_years_ago():
    return [
        ActionSpec("task_group", ASB, "council", "Run the ASB Task Group and improve behaviour in its cases",
                   Action.Status.COMPLETE,
                   _target("Task Group cases closed with behaviour improved", "percentage", target=80, baseline=76,
                           **TASK_GROUP),
                   _actual(82, evidence="Task Group case log at 31 March, checked by the ASB officer")),
        ActionSpec("mediation", ASB, "mediation", "Refer neighbour disputes to community mediation",
                   Action.Status.COMPLETE,
                   _target("Referrals to mediation", "count", target=50, baseline=41, direction="increase",
                           **MEDIATION),
                   _actual(53, evidence="Mediation service's year-end return, received in April")),
        ActionSpec("fly_tipping", ASB, "kestrel", "Cut fly-tipping on Kestrel's estates with new bin stores and "
                   "camera patrols", Action.Status.COMPLETE,
                   _target("Fly-tipping reports on Kestrel estates", "count", target=180, baseline=212,
                           direction="decrease", **FLY_TIPPING),
                   _actual(171, evidence="Kestrel estate services report for the year")),
        ActionSpec("online_form", ASB, "council", "Launch an online form for reporting anti-social behaviour",
                   Action.Status.COMPLETE,
                   _target("Online reporting form live on the council's website", "yes_no", target=1,
                           definition="Whether residents can report anti-social behaviour through a form on the "
                                      "council's website by the end of the year.",
                           source="Harrowdale District Council: digital services team"),
                   _actual(1, evidence="Form went live on the council's website in October")),
        ActionSpec("payback", ASB, "probation", "Ask residents to nominate Community Payback projects",
                   Action.Status.COMPLETE,
                   _target("Resident-nominated Community Payback projects completed", "count", target=10, baseline=0,
                           **PAYBACK),
                   _actual(12, evidence="Community Payback project list at year end")),
        ActionSpec("idva", DA, "brightwater", "Support high-risk victims through the new IDVA service",
                   Action.Status.COMPLETE,
                   _target("MARAC cases supported by an IDVA", "percentage", target=50, note="New service", **IDVA),
                   _actual(57, evidence="Brightwater's MARAC report to the Domestic Abuse Forum, April")),
        ActionSpec("outreach_da", DA, "brightwater", "Support medium and standard-risk victims through outreach",
                   Action.Status.COMPLETE,
                   _target("Victims supported by outreach workers", "count", target=110, baseline=96,
                           direction="increase", **OUTREACH_DA),
                   _actual(118, evidence="Brightwater's fourth-quarter return")),
        ActionSpec("staff_training", DA, "harrowdale_homes", "Train front-line housing staff to spot domestic abuse",
                   Action.Status.COMPLETE,
                   _target("Housing staff trained", "count", target=30, baseline=12, **STAFF_TRAINED),
                   _actual(34, by="housing", evidence="Harrowdale Homes training register")),
        ActionSpec("drop_in", DA, "brightwater", "Open a weekly domestic abuse drop-in in the town centre",
                   Action.Status.COMPLETE,
                   _target("Weekly drop-in open", "text", text="A drop-in open every week in the town centre",
                           definition="Whether a domestic abuse drop-in was running every week in Harrowdale town "
                                      "centre by the end of the year, and where.",
                           source="Brightwater Domestic Abuse Service"),
                   _actual(text="Opened in September at Harrowdale Library and held every Tuesday since",
                           met=True, evidence="Brightwater's report to the Domestic Abuse Forum")),
        ActionSpec("young_people", DRUGS, "youth", "Send youth outreach workers to underage drinking hot spots",
                   Action.Status.COMPLETE,
                   _target("Young people reached by outreach", "count", target=350, baseline=310, **YOUNG_PEOPLE),
                   _actual(344, evidence="Youth service outreach records, year total")),
        ActionSpec("treatment", DRUGS, "health", "Refer adults arrested for drug offences into treatment",
                   Action.Status.COMPLETE,
                   _target("Arrested adults starting treatment", "percentage", target=40, baseline=31,
                           direction="increase", **TREATMENT),
                   _actual(36, evidence="Treatment provider's annual return to the ICB")),
    ]


def actions_last_year():
    return [
        ActionSpec("task_group", ASB, "council", "Run the ASB Task Group and improve behaviour in its cases",
                   Action.Status.COMPLETE,
                   _target("Task Group cases closed with behaviour improved", "percentage", target=80, baseline=82,
                           **TASK_GROUP),
                   _actual(79, evidence="Task Group case log at 31 March")),
        ActionSpec("mediation", ASB, "mediation", "Refer neighbour disputes to community mediation",
                   Action.Status.COMPLETE,
                   _target("Referrals to mediation", "count", target=60, baseline=53, direction="increase",
                           **MEDIATION),
                   _actual(58, first=(56, "Mediation service's year-end return"),
                           evidence="Mediation service's year-end return, corrected: two March referrals had "
                                    "been logged in April")),
        ActionSpec("fly_tipping", ASB, "kestrel", "Cut fly-tipping on Kestrel's estates with new bin stores and "
                   "camera patrols", Action.Status.ON_TRACK,
                   _target("Fly-tipping reports on Kestrel estates", "count", target=150, baseline=171,
                           direction="decrease", **FLY_TIPPING),
                   _actual(163, evidence="Kestrel estate services report for the year")),
        ActionSpec("payback", ASB, "probation", "Ask residents to nominate Community Payback projects",
                   Action.Status.COMPLETE,
                   _target("Resident-nominated Community Payback projects completed", "count", target=15,
                           baseline=12, **PAYBACK),
                   _actual(15, evidence="Community Payback project list at year end")),
        ActionSpec("idva", DA, "brightwater", "Support high-risk victims through the IDVA service",
                   Action.Status.COMPLETE,
                   _target("MARAC cases supported by an IDVA", "percentage", target=60, baseline=57, **IDVA),
                   _actual(64, evidence="Brightwater's MARAC report to the Domestic Abuse Forum, April")),
        ActionSpec("outreach_da", DA, "brightwater", "Support medium and standard-risk victims through outreach",
                   Action.Status.COMPLETE,
                   _target("Victims supported by outreach workers", "count", target=125, baseline=118,
                           direction="increase", **OUTREACH_DA),
                   _actual(131, evidence="Brightwater's fourth-quarter return")),
        # Its actual is left for the newcomer to record: the demo's first gap.
        ActionSpec("staff_training", DA, "harrowdale_homes", "Train front-line housing staff to spot domestic abuse",
                   Action.Status.COMPLETE,
                   _target("Housing staff trained", "count", target=40, baseline=34, **STAFF_TRAINED)),
        ActionSpec("housing_policy", DA, "kestrel", "Agree one domestic abuse policy for both housing providers",
                   Action.Status.AT_RISK,
                   _target("Joint housing policy adopted", "text",
                           text="Policy adopted by Harrowdale Homes and Kestrel Housing Association",
                           definition="Whether both housing providers in the district have adopted the joint "
                                      "domestic abuse policy, and where each stands.",
                           source="Kestrel Housing Association: board minutes"),
                   _actual(text="Harrowdale Homes adopted the policy in January; Kestrel's board will consider it "
                                "in June", met=False, evidence="Minutes of both boards, seen by the analyst")),
        ActionSpec("publicise", DA, "council", "Keep the list of domestic abuse services on the council's website up "
                   "to date", Action.Status.COMPLETE),
        ActionSpec("young_people", DRUGS, "youth", "Send youth outreach workers to underage drinking hot spots",
                   Action.Status.COMPLETE,
                   _target("Young people reached by outreach", "count", target=350, baseline=344, **YOUNG_PEOPLE),
                   _actual(362, evidence="Youth service outreach records, year total")),
        ActionSpec("treatment", DRUGS, "health", "Refer adults arrested for drug offences into treatment",
                   Action.Status.COMPLETE,
                   _target("Arrested adults starting treatment", "percentage", target=40, baseline=36,
                           direction="increase", **TREATMENT),
                   _actual(41, evidence="Treatment provider's annual return to the ICB")),
        ActionSpec("pubwatch", DRUGS, "police", "Relaunch Pubwatch in Harrowdale town centre", Action.Status.COMPLETE,
                   _target("Pubwatch relaunched with a banning scheme", "yes_no", target=1,
                           definition="Whether the town-centre Pubwatch met again with a written banning scheme "
                                      "signed by its members by the end of the year.",
                           source="Northshire Police: licensing officer"),
                   _actual(1, evidence="Pubwatch minutes and the signed scheme, July")),
    ]


def actions_this_year():
    """This year's new actions; two more are carried over from last year."""
    return [
        ActionSpec("task_group", ASB, "council", "Run the ASB Task Group and improve behaviour in its cases",
                   Action.Status.ON_TRACK,
                   _target("Task Group cases closed with behaviour improved", "percentage", target=80, baseline=79,
                           **TASK_GROUP)),
        ActionSpec("mediation", ASB, "mediation", "Refer neighbour disputes to community mediation",
                   Action.Status.ON_TRACK,
                   _target("Referrals to mediation", "count", target=60, baseline=58, direction="increase",
                           **MEDIATION)),
        ActionSpec("payback", ASB, "probation", "Ask residents to nominate Community Payback projects",
                   Action.Status.ON_TRACK,
                   _target("Resident-nominated Community Payback projects completed", "count", target=18,
                           baseline=15, **PAYBACK)),
        ActionSpec("case_system", ASB, "council", "Move council and police ASB cases onto one shared case system",
                   Action.Status.AT_RISK,
                   _target("Shared ASB case system in use", "yes_no", target=1,
                           definition="Whether council and police ASB officers are recording their cases in one "
                                      "shared system by the end of the year.",
                           source="Harrowdale District Council: ASB team")),
        ActionSpec("idva", DA, "brightwater", "Support high-risk victims through the IDVA service",
                   Action.Status.ON_TRACK,
                   _target("MARAC cases supported by an IDVA", "percentage", target=65, baseline=64, **IDVA)),
        ActionSpec("outreach_da", DA, "brightwater", "Support medium and standard-risk victims through outreach",
                   Action.Status.ON_TRACK,
                   _target("Victims supported by outreach workers", "count", target=135, baseline=131,
                           direction="increase", **OUTREACH_DA)),
        ActionSpec("sanctuary", DA, "harrowdale_homes", "Fit security measures so victims can stay safely at home",
                   Action.Status.NOT_STARTED,
                   _target("Homes made safer under the sanctuary scheme", "count", target=25, note="New scheme",
                           definition="Homes of domestic abuse victims where Harrowdale Homes fitted extra locks, "
                                      "alarms or doors during the year so the victim could stay.",
                           source="Harrowdale Homes: repairs records")),
        ActionSpec("publicise", DA, "council", "Keep the list of domestic abuse services on the council's website up "
                   "to date", Action.Status.ON_TRACK),
        ActionSpec("young_people", DRUGS, "youth", "Send youth outreach workers to underage drinking hot spots",
                   Action.Status.ON_TRACK,
                   _target("Young people reached by outreach", "count", target=375, baseline=362, **YOUNG_PEOPLE)),
        ActionSpec("test_purchases", DRUGS, "police", "Run test purchases at shops selling alcohol",
                   Action.Status.NOT_STARTED,
                   _target("Test purchase operations", "count", target=12, baseline=10, **TEST_PURCHASES)),
    ]


CARRIED_OVER = ["fly_tipping", "housing_policy"]


# Figures named in the text ---------------------------------------------------------------------------

def _slug(start_year):
    return f"{start_year}-{(start_year + 1) % 100:02d}"


# (name stem, title, unit, owner, definition, source)
TEXT_FIGURES = [
    ("csu-repeat-callers", "Repeat and vulnerable callers handled by the Community Safety Unit", "count", "police",
     "People who reported anti-social behaviour to the police three or more times in 30 days, or who were "
     "assessed as vulnerable when they called, and whose cases the Community Safety Unit took on during the "
     "year. Each person is counted once.",
     "Northshire Police: Community Safety Unit case list"),
    ("asb-task-group-cases", "Cases discussed by the ASB Task Group", "count", "council",
     "Adults, young people and families discussed at one or more monthly meetings of the ASB Task Group during "
     "the year, each counted once.",
     "Harrowdale District Council: ASB Task Group minutes"),
    ("mediation-cases", "Neighbour disputes taken on by Harrowdale and District Mediation", "count", "mediation",
     "Neighbour disputes in which the mediation service met both sides at least once during the year.",
     "Harrowdale and District Mediation: case records"),
    ("outreach-sessions", "Evening outreach sessions run by the youth service", "count", "youth",
     "Evening sessions of two hours or more in which outreach workers were out in the district's hot spots "
     "for underage drinking.",
     "Northshire Youth Service: session diary"),
    ("recorded-crime-fall", "Fall in police-recorded crime", "percentage", "police",
     "How far the number of crimes recorded by Northshire Police in the Harrowdale district fell compared with "
     "the year before, as a percentage of the year before.",
     "Northshire Police: recorded crime, Harrowdale district"),
    ("asb-incidents-fall", "Fall in anti-social behaviour incidents reported to the police", "percentage", "police",
     "How far the number of anti-social behaviour incidents reported to Northshire Police in the Harrowdale "
     "district fell compared with the year before, as a percentage of the year before.",
     "Northshire Police: incident log, Harrowdale district"),
]

# Values for the year two years ago and last year. None is the demo's second gap. A pair is a value
# recorded and then corrected, so the figure's history shows the correction.
TEXT_FIGURE_VALUES = {
    "csu-repeat-callers": (143, None),
    "asb-task-group-cases": ((61, 64), 58),
    "mediation-cases": (47, (50, 52)),
    "outreach-sessions": (38, 44),
    "recorded-crime-fall": ("4.2", "2.6"),
    "asb-incidents-fall": ("7.9", "5.1"),
}
TEXT_FIGURE_EVIDENCE = {
    "csu-repeat-callers": "Community Safety Unit case list, exported on 4 April",
    "asb-task-group-cases": "Task Group minutes for the year",
    "mediation-cases": "Mediation service's year-end return",
    "outreach-sessions": "Youth service session diary",
    "recorded-crime-fall": "Police performance report to the partnership board, April",
    "asb-incidents-fall": "Police performance report to the partnership board, April",
}
CORRECTION = "Corrected after checking the case list: some cases had been counted in the wrong year"

# (name stem, title, measure, params, year offset from the plan that names it: 0 its own year, -1 the year reviewed)
COMPUTED_FIGURES = [
    ("member-organisations", "Member organisations of the partnership", "partners.member_organisations", {}, 0),
    ("targets-met-share", "Share of the plan's targets met", "plans.targets_met_share", {}, -1),
    ("actions-complete", "Actions completed", "plans.actions_by_status", {"status": "complete"}, -1),
]


# Narrative ------------------------------------------------------------------------------------------

def introduction_last_year(y, r):
    return f"""This is the Harrowdale Community Safety Partnership's plan for {year_label(y)}. It sets out what the \
partnership's [[member-organisations-{_slug(y)}]] member organisations will do together this year to reduce crime \
and anti-social behaviour in the district, and how we will know whether it worked.

The plan rests on the strategic assessment the partnership carried out last autumn. The assessment looked at \
police and council records, at our partners' own case records and at what residents told us through the \
council's residents' survey and at ward meetings. The board has kept the three priorities of last year: \
anti-social behaviour (including environmental crime and criminal damage), domestic abuse, and drug and alcohol \
misuse.

The Community Safety Unit, where council and police officers work side by side in the Civic Centre, handled \
[[csu-repeat-callers-{_slug(r)}]] repeat or vulnerable callers in {year_label(r)}. Each of them is discussed at \
the unit's morning briefing until the problem they reported has been dealt with.

Most of the work in this plan is paid for from the Police and Crime Commissioner's community safety grant and \
from the partnership fund, to which the council, the two housing associations and the fire service contribute. \
Every project the partnership pays for reports its progress to the board each quarter."""


def introduction_this_year(y, r):
    return f"""Welcome to the Harrowdale Community Safety Partnership's plan for {year_label(y)}. \
[[member-organisations-{_slug(y)}]] organisations sit on the partnership this year, from the council and the \
police to the voluntary groups that know our neighbourhoods best.

Harrowdale remains a safe place to live, and recorded crime fell again last year. But the strategic assessment \
shows that the harm is concentrated: a small number of streets, households and people account for much of what \
is reported, and many of them are known to several partners at once. This plan is about reaching them sooner and \
together.

The Community Safety Unit handled [[csu-repeat-callers-{_slug(r)}]] repeat or vulnerable callers in \
{year_label(r)}, against [[csu-repeat-callers-{_slug(r - 1)}]] the year before. This year the unit will move \
its cases onto the same system as the council's anti-social behaviour team, so that every officer can see the \
whole history of a case.

The board has kept its three priorities, and two actions that were not finished last year continue in this plan."""


def review_of_actions(r):
    s = _slug(r)
    return f"""Police-recorded crime in Harrowdale fell by [[recorded-crime-fall-{s}]] in {year_label(r)} \
compared with the year before, and anti-social behaviour incidents reported to the police fell by \
[[asb-incidents-fall-{s}]].

The partnership met [[targets-met-share-{s}]] of the targets it set itself for {year_label(r)}, and \
[[actions-complete-{s}]] of its actions were finished by the end of the year. The tables below show each action, \
its target and what it achieved. Where a target was missed, the working group responsible has told the board \
what it will do differently."""


def review_of_projects(r):
    s = _slug(r)
    return f"""Alongside the actions above, the partnership funded or supported a number of projects during \
{year_label(r)}. Some of what they achieve is hard to count, but together they help people across the district \
feel safer. The main ones are described below.

## Anti-social behaviour

The ASB Task Group met every month and discussed [[asb-task-group-cases-{s}]] cases: adults, young people and \
families whose behaviour was harming their neighbours. Partners share information about them under the \
partnership's information sharing agreement. The steps the group took included:

- a visit and a first warning letter from the council or the police;
- Acceptable Behaviour Contracts agreed with the person and, for young people, their family;
- restorative meetings between the person and the neighbours affected;
- referrals to mediation, to mental health services and to family support.

Harrowdale and District Mediation took on [[mediation-cases-{s}]] neighbour disputes during the year, most of \
them referred by the two housing associations.

## Domestic abuse

Brightwater Domestic Abuse Service supported victims at every level of risk, from the weekly drop-in at the \
library to the independent advisers who work with the victims heard at MARAC. The Domestic Abuse Forum \
reviewed each quarter how quickly victims were contacted after a referral.

## Drugs and alcohol

The youth service's outreach team ran [[outreach-sessions-{s}]] evening sessions in the parks and \
town-centre spots where young people gather to drink, talking to them about the risks and pointing them to \
activities and support."""


def priorities_text(y):
    return f"""The priorities for {y} come from the partnership's strategic assessment, written in the autumn \
from police, council and partner data and from residents' views gathered at community events and through the \
council's residents' survey. The board discussed the assessment at a workshop in January and agreed the \
priorities below.

Reducing reoffending is a duty the law places on every community safety partnership, so it runs through every \
priority. The Probation Service reports to the board each quarter on reoffending by people living in \
Harrowdale, and the partnership supports the county's integrated offender management scheme.

Young people are not a priority of their own, but each working group is asked how its actions affect them. \
The partnership keeps watch on every other kind of crime through its monthly tasking meeting, where partners \
can be asked to act on a problem as soon as it appears."""


THE_PLAN_TEXT = """Each priority has a working group made up of the partners who know most about it. The \
working groups run the action plans below and report on them to the board every quarter. Work that partners do \
anyway as part of their day-to-day jobs is not listed: the plan shows what they will do together, over and \
above it.

The partnership has also set itself key objectives for the year, and a small number of areas of focus that \
every working group will keep in mind."""

FIRST_INTRODUCTION = """This is the Harrowdale Community Safety Partnership's plan for {y}: the first the \
partnership has kept in Eunomia. It sets out the priorities the board agreed after this year's strategic \
assessment and the actions each working group will take.

The partnership brings together the council, the police, the fire service, health, probation, the two housing \
associations and the voluntary groups working in the district."""


# Building ------------------------------------------------------------------------------------------

@dataclass
class _Demo:
    current: int
    users: dict = field(default_factory=dict)
    orgs: dict = field(default_factory=dict)
    contacts: dict = field(default_factory=dict)
    groups: list = field(default_factory=list)

    @property
    def manager(self):
        return self.users["manager"]

    @property
    def analyst(self):
        return self.users["analyst"]


def demo_exists():
    return Partnership.objects.filter(slug=HARROWDALE).exists()


def build_demo():
    """Build the demo unless it is already there. Returns the Harrowdale partnership, or None when
    the demo existed already (so running it twice changes nothing)."""
    if demo_exists():
        return None
    # Both demo partnerships keep the usual April-to-March year.
    demo = _Demo(current=year_containing(timezone.localdate(), 4))
    with transaction.atomic():
        _users(demo)
        harrowdale = _harrowdale(demo)
        fenmarsh = _fenmarsh(demo)
        _memberships(demo, {HARROWDALE: harrowdale, FENMARSH: fenmarsh})
        _harrowdale_area(demo)
        _harrowdale_evidence(demo, harrowdale)
        _harrowdale_casework(demo, harrowdale)
        build_da_demo(demo, harrowdale)
        _harrowdale_plans(demo, harrowdale)
        build_tasking_demo(demo, harrowdale)
        _fenmarsh_plan(demo, fenmarsh)
    return harrowdale


def _users(demo):
    # One hash for every demo user: hashing is slow on purpose (most of a second each), and the
    # demo users share one published password anyway.
    hashed = make_password(DEMO_PASSWORD)
    for key, email, full_name, _ in USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = account_actions.create_user(by=None, email=email, full_name=full_name)
            user.password = hashed
            user.save(update_fields=["password"])
        demo.users[key] = user


def _seat(demo, *, by, partnership, key, joined_on):
    """Give the organisation a seat, adding it to the directory first if it is not there."""
    details = ORGANISATIONS[key]
    organisation = Organisation.objects.filter(name=details["name"]).first()
    if organisation is None:
        organisation = partner_actions.add_organisation(by=by, partnership=partnership, joined_on=joined_on, **details)
    else:
        partner_actions.join_partnership(by=by, partnership=partnership, organisation=organisation, joined_on=joined_on)
    demo.orgs[key] = organisation


def _harrowdale(demo):
    partnership = partner_actions.create_partnership(
        by=demo.manager, name="Harrowdale Community Safety Partnership (demo)", slug=HARROWDALE, is_demo=True,
        # Made up: the shape of an English district's ONS code, in a range no district uses.
        local_authority_codes=["E07999901"],
        address="Community Safety Unit\nCivic Centre\nMarket Street\nHarrowdale\nHW1 2AB",
        phone="01632 960123", email="csp@harrowdale.example", website="www.harrowdale-safer.example",
    )
    joined_on = datetime.date(demo.current - 8, 4, 1)
    for key in HARROWDALE_MEMBERS:
        _seat(demo, by=demo.manager, partnership=partnership, key=key, joined_on=joined_on)
    for key, org, name, job_title, email, phone in CONTACTS:
        demo.contacts[key] = partner_actions.add_contact(
            by=demo.manager, partnership=partnership, organisation=demo.orgs[org], name=name, job_title=job_title,
            email=email, phone=phone)
    for name, purpose, lead, contact, members in WORKING_GROUPS:
        demo.groups.append(partner_actions.save_working_group(
            by=demo.manager, partnership=partnership, name=name, purpose=purpose, lead_organisation=demo.orgs[lead],
            lead_contact=demo.contacts[contact], member_organisations=[demo.orgs[m] for m in members]))
    return partnership


def _fenmarsh(demo):
    partnership = partner_actions.create_partnership(
        by=demo.users["fenmarsh_manager"], name="Fenmarsh Community Safety Partnership (demo)", slug=FENMARSH,
        is_demo=True, local_authority_codes=["E07999902"],  # made up, like Harrowdale's
        address="Council Offices\nDyke Road\nFenmarsh\nFX1 2AB", phone="01632 960501",
        email="csp@fenmarsh.example", website="www.fenmarsh.example/community-safety",
    )
    joined_on = datetime.date(demo.current - 3, 4, 1)
    for key in FENMARSH_MEMBERS:
        _seat(demo, by=demo.users["fenmarsh_manager"], partnership=partnership, key=key, joined_on=joined_on)
    return partnership


def _memberships(demo, partnerships):
    for key, _, _, memberships in USERS:
        for slug, org, role in memberships:
            by = demo.users["fenmarsh_manager"] if slug == FENMARSH else demo.manager
            account_actions.add_membership(by=by, user=demo.users[key], partnership=partnerships[slug],
                                           organisation=demo.orgs[org], role=role)


def _harrowdale_area(demo):
    """Harrowdale's boundaries, population and three years of police.uk data: written as files in
    the real formats (eunomia/core/demo_area.py) and imported through the real importers, as a
    partnership would, so the strategic assessment has data on a machine with nothing downloaded."""
    with tempfile.TemporaryDirectory(prefix="eunomia-demo-") as directory:
        files = demo_area.write_demo_files(directory, today=timezone.localdate())
        for path in files.boundaries:
            geography_actions.import_boundaries(by=demo.analyst, path=path)
        geography_actions.import_population(by=demo.analyst, path=files.population)
        report = import_police_files(by=demo.analyst, paths=[files.police])
    if report.refused:
        raise DemoError("The demo's police.uk files were refused: " + "; ".join(report.refused))


# Invented weights (days), in the layout of the Cambridge Crime Harm Index file a partnership would
# import; the demo must not pass off the real index's numbers as its own.
DEMO_HARM_WEIGHTS = {
    "Violence and sexual offences": 180, "Robbery": 365, "Burglary": 90, "Possession of weapons": 100,
    "Drugs": 25, "Criminal damage and arson": 15, "Public order": 10, "Theft from the person": 20,
    "Vehicle crime": 8, "Shoplifting": 2, "Bicycle theft": 3, "Other theft": 4, "Other crime": 20,
}
# Residents' top concerns and how often each is named first, second or third.
DEMO_CONCERNS = {"Anti-social behaviour": 45, "Burglary": 25, "Drugs": 22, "Violence and sexual offences": 18,
                 "Vehicle crime": 14, "Criminal damage and arson": 10, "Shoplifting": 6, "Robbery": 4}


def _harrowdale_evidence(demo, partnership):
    """The fire service's deliberate fires, Harrowdale Homes' ASB reports, a residents' survey and
    invented harm weights, imported as CSV through the evidence app's real importers."""
    import csv
    import io
    import random

    from eunomia.evidence import actions as evidence

    rng = random.Random(demo_area.SEED + 1)
    months = demo_area.months_before(timezone.localdate(), 24)

    def csv_bytes(header, rows):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")

    weights = csv_bytes(["crime_type", "cchi_days"], DEMO_HARM_WEIGHTS.items())
    evidence.import_harm_weights(by=demo.analyst, partnership=partnership, data=weights, file_name="demo-weights.csv",
                                 name="Demonstration harm weights (invented)",
                                 source="Invented for the Eunomia demonstration; not the Cambridge Crime Harm Index",
                                 licence="None needed: invented", url="")
    fires = [(f"{m:%Y-%m}", demo_area.LAD_CODE, "Deliberate fires", max(0, round(9 + 5 * (m.month in (4, 5, 6, 7, 8))
                                                                                + rng.gauss(0, 2))))
             for m in months]
    evidence.import_partner_dataset(by=demo.analyst, partnership=partnership, organisation=demo.orgs["fire"],
                                    name="Deliberate fires", data=csv_bytes(["period", "area_code", "category", "count"], fires),
                                    file_name="deliberate-fires.csv", source="Incident recording system")
    reports = [(f"{m:%Y-%m}", demo_area.LAD_CODE, category, max(0, round(base - n * fall + rng.gauss(0, 3))))
               for n, m in enumerate(months) for category, base, fall in (("Noise", 40, 0.4), ("Nuisance neighbours", 25, 0.2))]
    evidence.import_partner_dataset(by=demo.analyst, partnership=partnership, organisation=demo.orgs["harrowdale_homes"],
                                    name="ASB reports by tenants",
                                    data=csv_bytes(["period", "area_code", "category", "count"], reports),
                                    file_name="asb-reports.csv", source="Housing management system")
    names, weights_ = list(DEMO_CONCERNS), list(DEMO_CONCERNS.values())
    respondents = []
    for n in range(1, 413):
        chosen = []
        while len(chosen) < rng.choice((1, 2, 3, 3)):
            pick = rng.choices(names, weights_)[0]
            if pick not in chosen:
                chosen.append(pick)
        respondents.append([f"R{n:04d}", ""] + chosen + [""] * (3 - len(chosen)))
    survey = csv_bytes(["respondent", "area_code", "concern_1", "concern_2", "concern_3"], respondents)
    evidence.import_survey(by=demo.analyst, partnership=partnership, name="Harrowdale residents' survey",
                           data=survey, file_name="residents-survey.csv", fieldwork_start=months[2],
                           fieldwork_end=months[0])


# Invented residents of Harrowdale for the casework screens: (first, last, year of birth, flags).
DEMO_PEOPLE = [
    ("Maureen", "Tolley", 1941, ["older", "isolated"]), ("Priya", "Shah", 1987, []),
    ("Tom", "Garside", 1975, ["mental_health"]), ("Kyle", "Benson", 2009, ["child"]),
    ("Dean", "Rowe", 1996, []), ("Agnes", "Whitlow", 1952, ["disability"]),
]


def _harrowdale_casework(demo, partnership):
    """A few weeks of the CSU's work: reports to the police and to Harrowdale Homes, one resident
    reporting again and again, a case shared with the housing provider under the Task Group's
    agreement, and last week's Task Group meeting."""
    from eunomia.casework import actions as casework
    from eunomia.casework.models import CaseParty, SharingAgreement
    from eunomia.taskgroup import actions as taskgroup

    today = timezone.localdate()
    police, homes = demo.orgs["police"], demo.orgs["harrowdale_homes"]
    csu, housing = demo.users["csu"], demo.users["housing"]
    people = {last: casework.add_person(by=csu, partnership=partnership, organisation=police, first_name=first,
                                        last_name=last, date_of_birth=datetime.date(born, 6, 1), flags=flags,
                                        address=f"{n + 3} Kingsmead Close", postcode="HW3 4KC")
              for n, (first, last, born, flags) in enumerate(DEMO_PEOPLE)}

    def when(days_ago, hour=21):
        return timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days_ago),
                                                             datetime.time(hour)))

    reports = []
    for days_ago, category, text, victim in [
        (3, "personal", "Youths kicking a football against her windows and shouting abuse", "Tolley"),
        (19, "personal", "Eggs thrown at the front door; called names through the letterbox", "Tolley"),
        (40, "nuisance", "Group gathering on the green by her flat until late", "Tolley"),
        (6, "noise", "Loud music from the flat above until 3am", "Shah"),
        (12, "hate", "Racist graffiti sprayed on the garden wall", "Whitlow"),
        (25, "criminal_damage", "Car tyres slashed outside the house", "Garside"),
    ]:
        reports.append(casework.record_report(
            by=csu, partnership=partnership, organisation=police, occurred_at=when(days_ago),
            reported_at=when(days_ago, 22), category=category, source="police", description=text,
            address=people[victim].address, postcode="HW3 4KC",
            people=[(people[victim], "victim"), (people["Benson"], "perpetrator")]
            if victim == "Tolley" else [(people[victim], "victim")]))
    casework.record_report(by=housing, partnership=partnership, organisation=homes, occurred_at=when(8),
                           reported_at=when(7, 10), category="nuisance", source="housing",
                           description="Tenant reports drug dealing in the stairwell of Willow Court",
                           address="Willow Court", postcode="HW3 7LM")
    case = casework.open_case(by=csu, partnership=partnership, organisation=police,
                              title="Kingsmead Close: youths targeting an older resident", reports=reports[:3],
                              opened_on=today - datetime.timedelta(days=18))
    CaseParty.objects.create(case=case, person=people["Tolley"], role="victim")
    CaseParty.objects.create(case=case, person=people["Benson"], role="perpetrator")
    agreement = SharingAgreement.objects.create(
        partnership=partnership, title="Harrowdale ASB Task Group information sharing agreement",
        purpose="Sharing information on ASB cases to protect victims and agree actions with perpetrators",
        lawful_basis=SharingAgreement.LawfulBasis.PUBLIC_TASK, starts_on=datetime.date(today.year - 2, 4, 1),
        review_on=datetime.date(today.year + 1, 3, 31))
    agreement.parties.set([police, homes, demo.orgs["council"], demo.orgs["kestrel"]])
    casework.share_case(by=csu, case=case, organisation=homes, agreement=agreement)
    meeting = taskgroup.create_meeting(by=csu, partnership=partnership, organisation=police,
                                       held_on=today - datetime.timedelta(days=7), title="ASB Task Group",
                                       attendees=[homes], cases=[case])
    taskgroup.save_minutes(by=csu, meeting=meeting, minutes="Kingsmead Close discussed. Harrowdale Homes to visit "
                           "the family of the young person; police to increase patrols on the green.")
    taskgroup.add_action(by=csu, meeting=meeting, organisation=homes, due_on=today + datetime.timedelta(days=7),
                         description="Home visit to the young person's family with a warning letter", case=case)
    taskgroup.add_action(by=csu, meeting=meeting, organisation=police, due_on=today - datetime.timedelta(days=2),
                         description="Patrols on the green in the evenings for two weeks", case=case)


def _remove_harrowdale_area():
    """Harrowdale's crime data and areas, which only the demo writes (its codes are invented)."""
    months = DataMonth.objects.filter(force__name=demo_area.FORCE)
    CrimeRecord.objects.filter(data_month__in=months).delete()
    months.delete()
    Force.objects.filter(name=demo_area.FORCE, months__isnull=True).delete()
    # Areas point at their district with PROTECT: LSOAs first, then wards and MSOAs, then the district.
    Area.objects.filter(type=Area.Type.LSOA, lad__code=demo_area.LAD_CODE).delete()
    Area.objects.filter(lad__code=demo_area.LAD_CODE).delete()
    Area.objects.filter(code=demo_area.LAD_CODE).delete()


def _add_actions(demo, plan, specs):
    priorities = list(plan.priorities.all())
    made = {}
    for spec in specs:
        action = plan_actions.add_action(by=demo.manager, plan=plan, priority=priorities[spec.priority],
                                         title=spec.title, owner_organisation=demo.orgs[spec.owner],
                                         status=spec.status)
        target = None
        if spec.target:
            target = plan_actions.add_target(by=demo.manager, action=action, **spec.target)
        made[spec.key] = (action, target)
    return made


def _record_actuals(demo, made, specs):
    for spec in specs:
        if spec.actual is None:
            continue
        _, target = made[spec.key]
        actual = spec.actual
        by = demo.users[actual["by"]]
        if actual["first"] is not None:
            first, evidence = actual["first"]
            plan_actions.record_actual(by=by, target=target, value=first, evidence=evidence)
        plan_actions.record_actual(by=by, target=target, value=actual["value"], text_value=actual["text"],
                                   milestone_met=actual["met"], evidence=actual["evidence"])


def _text_figures(demo, partnership, start_year, which):
    """Figures for `start_year` that the next year's plan quotes; `which` picks the year's value."""
    period_start, period_end = plan_period(start_year, partnership.year_start_month)
    for stem, title, unit, owner, definition, source in TEXT_FIGURES:
        figure = figure_actions.create_figure(
            by=demo.analyst, partnership=partnership, name=f"{stem}-{_slug(start_year)}",
            title=f"{title}, {year_label(start_year)}", unit=unit, period_start=period_start, period_end=period_end,
            definition=definition, source=source, owner_organisation=demo.orgs[owner])
        value = TEXT_FIGURE_VALUES[stem][which]
        if value is None:
            continue
        if isinstance(value, tuple):
            first, value = value
            figure_actions.record_value(by=demo.analyst, figure=figure, value=first,
                                        evidence=TEXT_FIGURE_EVIDENCE[stem])
            figure_actions.record_value(by=demo.analyst, figure=figure, value=value,
                                        evidence=f"{TEXT_FIGURE_EVIDENCE[stem]}. {CORRECTION}")
        else:
            figure_actions.record_value(by=demo.analyst, figure=figure, value=value,
                                        evidence=TEXT_FIGURE_EVIDENCE[stem])


def _computed_figures(demo, partnership, plan_year):
    for stem, title, measure, params, offset in COMPUTED_FIGURES:
        start_year = plan_year + offset
        period_start, period_end = plan_period(start_year, partnership.year_start_month)
        figure_actions.create_figure(
            by=demo.analyst, partnership=partnership, name=f"{stem}-{_slug(start_year)}",
            title=f"{title}, {year_label(start_year)}", unit="count", period_start=period_start,
            period_end=period_end, kind=Figure.Kind.COMPUTED, measure=measure, measure_params=params)


def _sections(demo, plan, bodies):
    sections = {s.kind: s for s in plan.sections.all()}
    for kind, body in bodies.items():
        plan_actions.save_section(by=demo.manager, section=sections[kind], body=body)


def _harrowdale_plans(demo, partnership):
    c = demo.current
    manager = demo.manager

    # Two years ago: closed, every actual recorded.
    oldest = plan_actions.create_plan(by=manager, partnership=partnership, start_year=c - 2)
    for (title, description), group in zip(PRIORITIES, demo.groups):
        plan_actions.add_item(by=manager, plan=oldest, kind="priority", title=title, description=description,
                              working_group=group)
    for title, description in THEMES:
        plan_actions.add_item(by=manager, plan=oldest, kind="theme", title=title, description=description)
    for title in OBJECTIVES:
        plan_actions.add_item(by=manager, plan=oldest, kind="objective", title=title)
    for title, description in FOCUS_AREAS:
        plan_actions.add_item(by=manager, plan=oldest, kind="focus_area", title=title, description=description)
    specs = actions_two_years_ago()
    made = _add_actions(demo, oldest, specs)
    _sections(demo, oldest, {
        "introduction": FIRST_INTRODUCTION.format(y=oldest.label),
        "priorities": priorities_text(oldest.label),
        "the_plan": THE_PLAN_TEXT,
    })
    _record_actuals(demo, made, specs)

    # Last year: its plan, approved by the board and published; then its year's actuals, all but one.
    last = plan_actions.create_plan(by=manager, partnership=partnership, start_year=c - 1, copy_from=oldest)
    last_specs = actions_last_year()
    last_made = _add_actions(demo, last, last_specs)
    _text_figures(demo, partnership, c - 2, which=0)
    _computed_figures(demo, partnership, c - 1)
    _sections(demo, last, {
        "introduction": introduction_last_year(c - 1, c - 2),
        "review_of_actions": review_of_actions(c - 2),
        "review_of_projects": review_of_projects(c - 2),
        "priorities": priorities_text(last.label),
        "the_plan": THE_PLAN_TEXT,
    })
    plan_actions.approve_plan(by=demo.users["board"], plan=last)
    plan_actions.publish_plan(by=manager, plan=last)
    _record_actuals(demo, last_made, last_specs)

    # This year: a draft with two unfinished actions carried over.
    this = plan_actions.create_plan(by=manager, partnership=partnership, start_year=c, copy_from=last)
    plan_actions.add_item(by=manager, plan=this, kind="focus_area", title=NEW_FOCUS_AREA[0],
                          description=NEW_FOCUS_AREA[1])
    for key in CARRIED_OVER:
        plan_actions.carry_over_action(by=manager, action=last_made[key][0], to_plan=this)
    _add_actions(demo, this, actions_this_year())
    _text_figures(demo, partnership, c - 1, which=1)
    _computed_figures(demo, partnership, c)
    _sections(demo, this, {
        "introduction": introduction_this_year(c, c - 1),
        "review_of_actions": review_of_actions(c - 1),
        "review_of_projects": review_of_projects(c - 1),
        "priorities": priorities_text(this.label),
        "the_plan": THE_PLAN_TEXT,
    })


def _fenmarsh_plan(demo, partnership):
    manager = demo.users["fenmarsh_manager"]
    plan = plan_actions.create_plan(by=manager, partnership=partnership, start_year=demo.current)
    priorities = [
        plan_actions.add_item(by=manager, plan=plan, kind="priority", title=title, description=description)
        for title, description in [
            ("Rural and farm crime", "Thefts of machinery, fuel and livestock, and hare coursing on farmland."),
            ("Anti-social behaviour", "Nuisance and damage in the market towns, especially on summer evenings."),
            ("Domestic abuse", "Reaching victims in isolated villages, far from services."),
        ]
    ]
    plan_actions.add_item(by=manager, plan=plan, kind="objective",
                          title="Every farm in the district offered a crime prevention visit within two years")
    farms = plan_actions.add_action(by=manager, plan=plan, priority=priorities[0],
                                    owner_organisation=demo.orgs["police"],
                                    title="Offer crime prevention visits to farms", status=Action.Status.ON_TRACK)
    plan_actions.add_target(by=manager, action=farms, measure="Farms visited", unit="count", target_value=120,
                            baseline_value=85, direction="increase",
                            definition="Farms in Fenmarsh given a crime prevention visit by the rural crime team.",
                            source="Northshire Police: rural crime team")
    plan_actions.add_action(by=manager, plan=plan, priority=priorities[2], owner_organisation=demo.orgs["county"],
                            title="Run a domestic abuse outreach bus to the villages once a month")
    plan_actions.save_section(by=manager, section=plan.sections.get(kind="introduction"), body=(
        "This is the Fenmarsh Community Safety Partnership's draft plan for "
        f"{plan.label}. Fenmarsh is a rural district of small market towns and scattered villages, and its "
        "priorities reflect that: crime on farms, nuisance in the towns on summer evenings, and victims of "
        "domestic abuse who live a long way from help.\n\n"
        "The plan is still being written; the board will consider it at its next meeting."))


# Removing ------------------------------------------------------------------------------------------

def remove_demo():
    """Delete the demo partnerships, their plans, figures and people, so the demo can be built again.

    A published version can never be deleted (the database refuses on PostgreSQL, by design), so a
    demo whose plans have been published cannot be removed from inside Eunomia: raises DemoError
    saying how to start again instead."""
    partnerships = list(Partnership.objects.filter(is_demo=True))
    if PublishedVersion.objects.filter(plan__partnership__in=partnerships).exists():
        database = connection.settings_dict["NAME"]
        empty_it = (f"delete the file {database}" if connection.vendor == "sqlite"
                    else f"drop the database {database} and create it again")
        raise DemoError(
            "The demo holds published plans, and published versions can never be deleted. To start the demo "
            f"again from an empty database, {empty_it}, then run `python manage.py migrate` and "
            "`python manage.py load_demo`.")
    with transaction.atomic():
        for partnership in partnerships:
            plans = PlanYear.objects.filter(partnership=partnership)
            # Targets hold their figures and actions their priorities with PROTECT: delete from the leaves.
            Target.objects.filter(action__plan__in=plans).delete()
            Action.objects.filter(plan__in=plans).delete()
            plans.delete()
            audit.record(by=None, action="demo.removed", obj=partnership, data={"name": partnership.name})
            partnership.delete()
        _remove_harrowdale_area()
        User.objects.filter(email__in=DEMO_EMAILS).delete()
        for details in ORGANISATIONS.values():
            try:
                with transaction.atomic():
                    Organisation.objects.filter(name=details["name"], seats__isnull=True).delete()
            except ProtectedError:
                pass  # still used by a partnership that is not part of the demo


def sign_in_details():
    """(email, what the person can do) for every demo user, for the command to print."""
    lines = []
    for _, email, full_name, memberships in USERS:
        roles = "; ".join(f"{ROLES[role].label}, {ORGANISATIONS[org]['name']} ({slug})"
                          for slug, org, role in memberships)
        lines.append((email, f"{full_name}: {roles}"))
    return lines

