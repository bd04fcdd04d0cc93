"""What apps above figures do with a figure (eunomia.figures.uses): its page names the target it is
the actual of and the plan text naming it, and a target's actual is recorded through the target,
from the figure's page and its API alike."""

import datetime

from eunomia.figures import actions as figure_actions
from eunomia.figures.uses import keeper_of, uses_of
from eunomia.plans import actions as plan_actions


def test_a_targets_figure_names_its_target_and_the_text_naming_it(plans, client_for, manager, system_user):
    referrals = plans["referrals"]
    plan_actions.save_section(by=system_user, section=plans["current"].sections.get(kind="introduction"),
                              body=f"Referrals reached [[{referrals.actual.name}]] last year.")
    uses = {use.label: [link.text for link in use.links] for use in uses_of(referrals.actual)}
    assert uses == {"Actual of target": ["Referrals to mediation (2024/25)"], "Named in": ["Introduction (2025/26)"]}
    page = client_for(manager).get(f"/p/testvale/figures/{referrals.actual.name}/").content.decode()
    assert f'href="/p/testvale/plans/2024/#target-{referrals.pk}">Referrals to mediation (2024/25)</a>' in page
    assert ">Introduction (2025/26)</a>" in page


def test_a_figure_of_its_own_has_no_uses_and_no_keeper(partnership, manager):
    figure = figure_actions.create_figure(by=manager, partnership=partnership, name="asb", title="ASB", unit="count",
                                          definition="Reports of ASB", source="Police",
                                          period_start=datetime.date(2025, 4, 1), period_end=datetime.date(2026, 3, 31))
    assert uses_of(figure) == [] and keeper_of(figure) is None


def test_recording_a_targets_figure_from_its_page_goes_to_the_target(plans, client_for, manager):
    referrals = plans["referrals"]
    response = client_for(manager).get(f"/p/testvale/figures/{referrals.actual.name}/record/")
    assert response.status_code == 302
    assert response["Location"] == f"/p/testvale/plans/2024/targets/{referrals.pk}/actual/"
