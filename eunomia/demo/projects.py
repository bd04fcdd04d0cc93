"""Harrowdale's funds and projects: the PCC's grant and the Local Partnership Fund for each of the
last three years, six projects and commissioned services with their quarterly returns, and an
evaluation or two. Built through the real actions, so every figure in the plans' review of projects
comes from these returns.

Of last year's returns one is late (Harrowdale Homes has not started its fourth quarter's: the demo's
housing officer can fill it) and one was sent back (Brightwater's third quarter), so this year's plan
shows both as gaps until they are put right. The years before are complete, so last year's published
plan carries its generated review."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from eunomia.core.periods import plan_period
from eunomia.partners import actions as partner_actions
from eunomia.partners.models import Organisation
from eunomia.plans.models import PlanYear
from eunomia.projects import actions
from eunomia.projects.periods import periods_of

PCC = "Office of the Police and Crime Commissioner for Northshire"
SCHOOLS_TRUST = "Harrowdale Schools Wellbeing Trust"

# key, title, provider, lead, lead role, first and last year (offsets from this year), priority (by
# position in the plan), description, [(kind, name, annual target)], {fund: share of each year's money}
PROJECTS = [
    ("mediation", "Neighbour mediation service", "mediation", "council", "Community Safety Manager", -2, 0, 0,
     "Trained volunteer mediators help neighbours in dispute find an agreement before the dispute becomes "
     "anti-social behaviour. Most cases are referred by the two housing associations.",
     [("output", "Cases taken on", 60), ("output", "Mediation sessions held", 120),
      ("outcome", "Disputes resolved by agreement", 40)], {"lpf": Decimal("0.35")}),
    ("idva", "Independent domestic violence advisers", "brightwater", "police", "Detective Inspector, Public "
     "Protection", -2, 0, 1,
     "Two independent domestic violence advisers support victims at high risk of serious harm, from the first "
     "contact after a MARAC referral to the end of any court case.",
     [("output", "Victims supported", 150), ("outcome", "Victims feeling safer at case closure", 100)],
     {"pcc": Decimal("0.40")}),
    ("outreach", "Evening youth outreach", "youth", "council", "Community Safety Officer", -2, -1, 2,
     "Youth workers visit the parks and town-centre spots where young people gather to drink, talk to them about "
     "the risks of alcohol and drugs, and point them to activities and support.",
     [("output", "Outreach sessions held", 80), ("output", "Young people reached", 600),
      ("outcome", "Young people referred to activities", 50)], {"pcc": Decimal("0.20"), "lpf": Decimal("0.15")}),
    ("schools", "Drug and alcohol education in schools", "schools_trust", "council", "Community Safety Officer",
     -2, -1, 2,
     "Sessions for Year 8 and Year 10 pupils in the district's five secondary schools on drugs, alcohol and "
     "the law, with a follow-up session for parents.",
     [("output", "School sessions held", 40), ("output", "Pupils reached", 1500)], {"lpf": Decimal("0.20")}),
    ("tenancy", "Early help for tenancies at risk", "harrowdale_homes", "council", "ASB Officer", -1, 0, 0,
     "A tenancy support officer works with households whose anti-social behaviour puts their tenancy at risk, "
     "before enforcement is needed.",
     [("output", "Households supported", 45), ("outcome", "Tenancies kept without enforcement", 30)],
     {"lpf": Decimal("0.25")}),
    ("homes", "Safer homes for repeat victims", "fire", "police", "Neighbourhood Inspector", -1, 0, 0,
     "Fire and rescue crews fit locks, lighting and alarms in the homes of repeat victims of burglary and "
     "anti-social behaviour, and give fire safety advice on the same visit.",
     [("output", "Homes made safer", 80)], {"pcc": Decimal("0.25")}),
]

FUNDS = {
    # key: (name, funder, amount for each of the three years, oldest first, conditions)
    "pcc": ("Crime Reduction Grant", PCC, [Decimal("48000.00"), Decimal("45000.00"), Decimal("42000.00")],
            "Spent on the priorities of the Police and Crime Plan; quarterly returns within 30 days of each quarter's "
            "end; unspent money returned to the Commissioner. The grant is being reduced each year."),
    "lpf": ("Local Partnership Fund", "council", [Decimal("20000.00"), Decimal("20000.00"), Decimal("20000.00")],
            "The council's contribution to the partnership, allocated by the board. Returns each quarter."),
}

LATE = ("tenancy", -1, 4)  # project, year offset, quarter: never started
SENT_BACK = ("idva", -1, 3)
SENT_BACK_REASONS = ("The spend for the quarter is £2,150.00 more than a quarter of the grant, and the narrative "
                     "does not say why. Please check the figure, and say what the extra spend was for.")


def _organisation(demo, partnership, key):
    if key == "schools_trust":
        found = Organisation.objects.filter(name=SCHOOLS_TRUST).first()
        return found or partner_actions.add_organisation(
            by=demo.manager, partnership=partnership, name=SCHOOLS_TRUST, kind="voluntary", member=False)
    if key == PCC:
        found = Organisation.objects.filter(name=PCC).first()
        return found or partner_actions.add_organisation(by=demo.manager, partnership=partnership, name=PCC,
                                                         kind="other", member=False)
    return demo.orgs[key]


def build_projects_demo(demo, partnership, *, today=None):
    """Funds, projects, allocations and returns. Run before the plans are built: last year's plan is
    published from them. Returns the projects by key, for `link_projects_to_plans`."""
    today = today or timezone.localdate()
    c = demo.current
    manager = demo.manager
    funds = {}
    for key, (name, funder, amounts, conditions) in FUNDS.items():
        for offset, amount in zip((-2, -1, 0), amounts):
            funds[key, offset] = actions.create_fund(
                by=manager, partnership=partnership, funder=_organisation(demo, partnership, funder), name=name,
                start_year=c + offset, amount=amount, conditions=conditions, reference=f"NS-CSP-{c + offset}-{key}")
    made = {}
    for index, (key, title, provider, lead, role, first, last, _, description, measures, shares) in enumerate(PROJECTS):
        start_on = plan_period(c + first, 4)[0]
        end_on = plan_period(c + last, 4)[1]
        status = "running" if end_on >= today else "finished"
        project = actions.create_project(
            by=manager, partnership=partnership, title=title, description=description, status=status,
            owner_organisation=_organisation(demo, partnership, provider), lead_organisation=demo.orgs[lead],
            lead_role=role, start_on=start_on, end_on=end_on)
        for kind, name, target in measures:
            actions.add_measure(by=manager, project=project, kind=kind, name=name, annual_target=target)
        for offset in range(first, last + 1):
            year_total = Decimal(0)
            for fund_key, share in shares.items():
                fund = funds[fund_key, offset]
                amount = (fund.amount * share).quantize(Decimal("1"))
                year_total += amount
                actions.allocate(by=manager, fund=fund, project=project, amount=amount,
                                 made_on=max(fund.period[0], start_on), note="Agreed by the board in March")
            actions.add_budget_line(by=manager, project=project, start_year=c + offset, heading="Delivery",
                                    amount=year_total)
        _returns(demo, project, key, index, first, today)
        made[key] = project
    actions.record_evaluation(
        by=manager, project=made["mediation"], evaluated_on=datetime.date(c - 1, 5, 14),
        method="Follow-up calls to both sides three months after each case closed; housing associations' ASB records",
        findings="Four in five agreements were holding after three months, and the housing associations opened "
                 "fewer ASB cases on the streets where mediation worked.",
        recommendation="continue", today=today)
    actions.record_evaluation(
        # Early in the plan year's first weeks, 22 April is still ahead: then it was evaluated today.
        by=manager, project=made["outreach"], evaluated_on=min(datetime.date(c, 4, 22), today),
        method="Youth workers' session logs and a survey of the young people met",
        findings="The sessions reached the young people they were meant for, but few referrals to activities "
                 "followed: most activities are in the daytime.",
        recommendation="change", today=today)
    return made


def _returns(demo, project, key, index, first_offset, today):
    """A return for every period ended by today: accepted once its due date has passed, otherwise
    submitted and waiting (or a draft); but for the late one and the one sent back."""
    c = demo.current
    rng = random.Random(f"{key}-{index}")
    provider_user = demo.users["housing"] if key == "tenancy" else demo.manager
    measures = list(project.measures.all())
    allocations = {}
    for allocation in project.allocations.select_related("fund"):
        allocations[allocation.fund.start_year] = allocations.get(allocation.fund.start_year, 0) + allocation.amount
    for period in periods_of(project):
        if period.end >= today:
            break
        quarter = int(period.label[1]) if period.label.startswith("Q") else 1
        where = (key, period.start_year - c, quarter)
        if where == LATE:
            continue
        spend = (allocations.get(period.start_year, Decimal(0)) / 4 * Decimal(rng.uniform(0.85, 1.05))).quantize(
            Decimal("0.01"))
        if where == SENT_BACK:
            spend += Decimal("2150.00")
        values = {m: round(float(m.annual_target) / 4 * rng.uniform(0.7, 1.2)) for m in measures}
        narrative = (f"Delivered as planned in {period.label}." if rng.random() < 0.6 else
                     f"A busy quarter: referrals rose in {period.label}, and the waiting list was kept under a month.")
        # Not yet due: every other provider has submitted; the rest still have a draft.
        submit = period.due_on < today or where == SENT_BACK or index % 2 == 0
        record = actions.save_return(by=provider_user, project=project, period_start=period.start, spend=spend,
                                     values=values, narrative=narrative, submit=submit, today=today)
        if where == SENT_BACK:
            actions.send_back(by=demo.manager, record=record, reasons=SENT_BACK_REASONS)
        elif period.due_on < today:
            actions.accept_return(by=demo.manager, record=record)


def link_projects_to_plans(demo, partnership, made):
    """Each project serves the priorities of the plan for its last year (built after the projects)."""
    plans = {p.start_year: p for p in PlanYear.objects.filter(partnership=partnership)}
    for spec in PROJECTS:
        key, last, priority = spec[0], spec[6], spec[7]
        project = made[key]
        plan = plans.get(demo.current + last)
        if plan is None:
            continue
        chosen = list(plan.priorities.all())[priority:priority + 1]
        actions.update_project(by=demo.manager, project=project, priorities=chosen)
