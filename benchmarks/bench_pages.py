"""Server time of the plan page and the public page of a plan with 20 priorities and 400 targets.

Measured in-process with Django's test client through the whole middleware stack (sessions,
authentication, CSP, templates), median of 20 requests after 3 warm-up requests. Reference in the
same run: the health page (`/health/`, one `SELECT 1`), the floor any request pays here.
Aim (issue 2): both pages under 150 ms.
"""

import datetime

from common import database_arg, report, setup_django, timed

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

    client = Client()
    client.force_login(manager)
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


if __name__ == "__main__":
    main(database_arg())
