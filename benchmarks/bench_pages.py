"""Server time of the plan page and the public page of a plan with 20 priorities and 400 targets.

Measured in-process with Django's test client through the whole middleware stack (sessions,
authentication, CSP, templates), median of 20 requests after 3 warm-up requests. Reference in the
same run: the health page (`/health/`, one `SELECT 1`), the floor any request pays here.
Aim (issue 2): both pages under 150 ms.

Then (issue 14) the projects portfolio and a project's page, at 50 projects each with four years
of quarterly returns (800 returns, all accepted through the real actions), as p95 of 40 requests
against the health page's p95 in the same run. Aim: under 150 ms.
"""

import datetime

from common import database_arg, percentile_time, report, setup_django, timed

PRIORITIES = 20
ACTIONS_PER_PRIORITY = 10
TARGETS_PER_ACTION = 2


def build(manager, partnership, organisation):
    from eunomia.plans import actions

    previous = actions.create_plan(by=manager, partnership=partnership, start_year=2024)
    _fill(previous, manager, organisation, record=True)
    current = actions.create_plan(by=manager, partnership=partnership, start_year=2025)
    _fill(current, manager, organisation, record=False)
    actions.save_section(by=manager, section=current.sections.get(kind="introduction"),
                         body="A plan of benchmark size.\n\n- Twenty priorities\n- Four hundred targets")
    return current


PROJECTS = 50
PROJECT_YEARS = (2021, 2022, 2023, 2024)


def build_portfolio(manager, partnership, organisation):
    """50 projects, each running four financial years with three measures and a return a quarter."""
    from decimal import Decimal

    from eunomia.projects import actions
    from eunomia.projects.periods import periods_of

    funds = {year: actions.create_fund(by=manager, partnership=partnership, funder=organisation, name="Bench fund",
                                       start_year=year, amount="1000000.00") for year in PROJECT_YEARS}
    for n in range(PROJECTS):
        project = actions.create_project(
            by=manager, partnership=partnership, title=f"Project {n + 1}", owner_organisation=organisation,
            lead_organisation=organisation, start_on=datetime.date(PROJECT_YEARS[0], 4, 1),
            end_on=datetime.date(PROJECT_YEARS[-1] + 1, 3, 31), status="finished",
            description="A benchmark project.")
        for kind, name, target in (("output", "Sessions held", 40), ("output", "People reached", 200),
                                   ("outcome", "Outcomes achieved", 20)):
            actions.add_measure(by=manager, project=project, kind=kind, name=name, annual_target=target)
        measures = list(project.measures.all())
        for year in PROJECT_YEARS:
            actions.allocate(by=manager, fund=funds[year], project=project, amount="12000.00",
                             made_on=datetime.date(year, 4, 1))
            actions.add_budget_line(by=manager, project=project, start_year=year, heading="Delivery",
                                    amount="12500.00")
        for q, period in enumerate(periods_of(project)):
            record = actions.save_return(by=manager, project=project, period_start=period.start,
                                         spend=Decimal("2950.25") + q, values={m: 5 + (q + n) % 7 for m in measures},
                                         narrative="Delivered as planned.", submit=True)
            actions.accept_return(by=manager, record=record)
    return project


def _fill(plan, manager, organisation, *, record):
    from eunomia.plans import actions

    for p in range(PRIORITIES):
        priority = actions.add_item(by=manager, plan=plan, kind="priority", title=f"Priority {p + 1}")
        for a in range(ACTIONS_PER_PRIORITY):
            action = actions.add_action(by=manager, plan=plan, priority=priority, owner_organisation=organisation,
                                        title=f"Action {a + 1} of priority {p + 1}", status="on_track")
            for t in range(TARGETS_PER_ACTION):
                target = actions.add_target(by=manager, action=action, measure=f"Measure {t + 1} of action {a + 1}",
                                            unit="count", direction="increase", baseline_value=30 + t, target_value=40)
                if record:
                    actions.record_actual(by=manager, target=target, value=35 + a, evidence="Benchmark data")


def main(database):
    setup_django(database)
    from django.test import Client

    from eunomia.accounts.models import Membership, User
    from eunomia.partners import actions as partners
    from eunomia.plans import actions

    manager = User.objects.create_user("bench@eunomia.test", "bench-password", full_name="Bench")
    partnership = partners.create_partnership(by=manager, name="Bench CSP", slug="bench",
                                              local_authority_codes=["E07000115"], phone="01234 567890")
    organisation = partners.add_organisation(by=manager, partnership=partnership, name="Bench Council",
                                             joined_on=datetime.date(2000, 1, 1))
    Membership.objects.create(user=manager, partnership=partnership, organisation=organisation, role="csp_manager")
    seconds, plan = timed(lambda: build(manager, partnership, organisation))
    report("pages_build_800_targets", seconds, "s", database)
    actions.approve_plan(by=manager, plan=plan)
    seconds, version = timed(lambda: actions.publish_plan(by=manager, plan=plan))
    report("publish_400_target_plan", seconds, "s", database)

    from eunomia.accounts.second_factor import SATISFIED

    client = Client()
    client.force_login(manager)
    session = client.session  # the manager's second factor given, as after signing in (ADR 46)
    session[SATISFIED] = "authenticator"
    session.save()
    anonymous = Client()

    def get(c, url):
        response = c.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    floor, _ = timed(lambda: get(client, "/health/"), repeat=20, warmup=3)
    report("health_page", floor * 1000, "ms", database)
    plan_page, _ = timed(lambda: get(client, "/p/bench/plans/2025/"), repeat=20, warmup=3)
    report("plan_page_400_targets", plan_page * 1000, "ms", database)
    report("plan_page_vs_health_page", plan_page / floor, "ratio", database)
    public_page, _ = timed(lambda: get(anonymous, "/published/bench/2025/"), repeat=20, warmup=3)
    report("public_page_400_targets", public_page * 1000, "ms", database)
    report("public_page_vs_health_page", public_page / floor, "ratio", database)

    seconds, project = timed(lambda: build_portfolio(manager, partnership, organisation))
    report("projects_build_50_projects_800_returns", seconds, "s", database)
    # As eunomia/wsgi.py does when a server starts: what is loaded is frozen, out of the cycle
    # collector's full collections (and with it the build's leftovers, which a server never holds).
    import gc

    gc.collect()
    gc.freeze()
    health_p95 = percentile_time(lambda: get(client, "/health/"))
    report("health_page_p95", health_p95 * 1000, "ms", database)
    portfolio = percentile_time(lambda: get(client, f"/p/bench/projects/portfolio/{PROJECT_YEARS[-1]}/"))
    report("portfolio_page_50_projects_p95", portfolio * 1000, "ms", database)
    report("portfolio_page_vs_health_page_p95", portfolio / health_p95, "ratio", database)
    project_page = percentile_time(lambda: get(client, f"/p/bench/projects/{project.pk}/"))
    report("project_page_16_returns_p95", project_page * 1000, "ms", database)
    report("project_page_vs_health_page_p95", project_page / health_p95, "ratio", database)


if __name__ == "__main__":
    main(database_arg())
