"""A monitoring return through the real pages: a draft, submitted, sent back with reasons, corrected
and submitted again, accepted, and the project's figures then counting it; the form's refusals in
plain words; and who may fill which return: every role against every action, each refused POST
changing nothing at all."""

from decimal import Decimal

import pytest

from eunomia.audit.models import AuditEvent
from eunomia.figures.models import Figure
from eunomia.projects.figures import measure_key, project_key
from eunomia.projects.models import Return, ReturnDecision, ReturnValue, ReviewFigure
from tests.projects.helpers import (PAGES, Q1, Q3, Q4, fill, funded, people, return_form,  # noqa: F401
                                    return_url)
from tests.projects.objects import fund, in_january_2026, measures, pcc, project  # noqa: F401
from tests.test_forms import assert_refused, error_summary

pytestmark = pytest.mark.django_db


def figure(key):
    return ReviewFigure.objects.select_related("figure").get(key=key).figure


def test_the_return_journey_from_draft_to_accepted_with_the_figures_updated(manager, practitioner, funded,
                                                                           client_for, in_january_2026):
    provider, csp = client_for(practitioner), client_for(manager)
    sessions, people_measure = measures(funded)
    url = return_url(funded, Q3)

    # A draft may leave what is not yet known empty.
    response = provider.post(url, return_form(funded, spend="", sessions="", people="", action="draft"))
    assert response.status_code == 302 and response["Location"] == url
    record = Return.objects.get()
    assert (record.status, record.spend, record.values.count()) == ("draft", None, 0)
    page = provider.get(url).content.decode()
    assert "Draft" in page and "The return was saved as a draft" in page

    provider.post(url, return_form(funded, spend="1,250.50", sessions="9", people="4", action="draft"))
    response = provider.post(url, return_form(funded, spend="1,250.50", sessions="9", people="4"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.spend) == ("submitted", Decimal("1250.50"))
    assert figure(project_key(funded, "spend", 2025)).value == Decimal("0.00"), "only accepted returns count"
    assert "Save as draft" not in provider.get(url).content.decode()

    # Sending back needs reasons; they are kept and shown to the provider.
    response = csp.post(return_url(funded, Q3, "send-back/"), {"reasons": "  "})
    assert_refused(response, "id_reasons", "Say what the provider must put right")
    record.refresh_from_db()
    assert record.status == "submitted" and not ReturnDecision.objects.exists()
    response = csp.post(return_url(funded, Q3, "send-back/"), {"reasons": "Nine sessions, but the diary has eight."})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "sent_back"
    page = provider.get(url).content.decode()
    assert "Nine sessions, but the diary has eight." in page and "Save as draft" in page
    assert 'value="9"' in page, "the form keeps what was reported, to be corrected"

    response = provider.post(url, return_form(funded, spend="1250.50", sessions="8", people="4"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "submitted"

    response = csp.post(return_url(funded, Q3, "accept/"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == "accepted"
    assert list(record.decisions.values_list("decision", flat=True)) == ["sent_back", "accepted"]
    page = provider.get(url).content.decode()
    assert "Nine sessions, but the diary has eight." in page and "Accepted" in page
    assert "Save as draft" not in page and "Accept the return" not in csp.get(url).content.decode()

    # The figures the plan's review quotes now count it.
    assert figure(project_key(funded, "spend", 2025)).value == Decimal("1250.50")
    assert figure(measure_key(sessions, "total", 2025)).value == 8
    assert figure(measure_key(sessions, "cost", 2025)).value == Decimal("156.31")
    assert figure(measure_key(people_measure, "total", 2025)).value == 4
    project_page = csp.get(f"{PAGES}/{funded.pk}/").content.decode()
    spend_figure = figure(project_key(funded, "spend", 2025))
    assert f"/p/testvale/figures/{spend_figure.name}/" in project_page and "£1,250.50" in project_page

    # Accepted is final: a late change is refused in words, and nothing changes.
    before = (Return.objects.values_list("status", "spend").get(), AuditEvent.objects.count())
    response = provider.post(url, return_form(funded, spend="1.00"))
    assert response.status_code == 400
    assert "The return for Q3 2025/26 is accepted: it can no longer be changed" in response.content.decode()
    assert (Return.objects.values_list("status", "spend").get(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("form, field, message", [
    ({"spend": "ten pounds"}, "id_spend", "Enter the spend in pounds and pence, like 1250.50"),
    ({"spend": "-5"}, "id_spend", "Spend cannot be less than £0.00"),
    ({"spend": "NaN"}, "id_spend", "Enter the spend in pounds and pence, like 1250.50"),
    ({"sessions": "2.5"}, "sessions", "Enter Sessions held as a whole number, 0 or more"),
    ({"sessions": "NaN"}, "sessions", "Enter Sessions held as a whole number, like 12"),
    ({"sessions": "1e400"}, "sessions", "Enter Sessions held as a whole number, 0 or more"),
    ({"sessions": "-1"}, "sessions", "Enter Sessions held as a whole number, 0 or more"),
    ({"sessions": ""}, "sessions", "Enter Sessions held for the period (0 if none)"),
    ({"spend": ""}, "id_spend", "Enter the spend for the period (0 if nothing was spent)"),
])
def test_the_return_form_refuses_in_plain_words(form, field, message, practitioner, funded, client_for,
                                                in_january_2026):
    sessions, _ = measures(funded)
    field = f"id_measure_{sessions.pk}" if field == "sessions" else field
    response = client_for(practitioner).post(return_url(funded, Q3), return_form(funded, **form))
    assert_refused(response, field, message)
    assert not Return.objects.exists() and not AuditEvent.objects.filter(action__startswith="projects.return").exists()


def test_a_return_is_submitted_only_once_its_period_has_ended_and_every_problem_is_said_at_once(
        practitioner, funded, client_for, in_january_2026):
    sessions, people_measure = measures(funded)
    client = client_for(practitioner)
    response = client.post(return_url(funded, Q4), return_form(funded))
    assert_refused(response, "id_spend", "The period Q4 2025/26 ends on 31 March 2026: the return can be submitted "
                                         "from that day. Save it as a draft until then.")
    assert not Return.objects.exists()
    # A draft of it is kept meanwhile.
    assert client.post(return_url(funded, Q4), return_form(funded, action="draft")).status_code == 302
    assert Return.objects.get().status == "draft"

    response = client.post(return_url(funded, Q3), return_form(funded, spend="x", sessions="", people="-2"))
    assert response.status_code == 400
    assert error_summary(response) == [
        ("#id_spend", "Enter the spend in pounds and pence, like 1250.50"),
        (f"#id_measure_{sessions.pk}", "Enter Sessions held for the period (0 if none)"),
        (f"#id_measure_{people_measure.pk}", "Enter Young people not reoffending as a whole number, 0 or more")]
    assert Return.objects.count() == 1


# Who may fill which return ----------------------------------------------------------------------------------

ACTIONS = {
    # Q3 (October to December 2025) has ended and has no return yet.
    "save draft": (lambda project: return_url(project, Q3), lambda project: return_form(project, action="draft")),
    "submit": (lambda project: return_url(project, Q3), lambda project: return_form(project)),
    # Q1 was submitted and waits for the CSP manager.
    "accept": (lambda project: return_url(project, Q1, "accept/"), lambda project: {}),
    "send back": (lambda project: return_url(project, Q1, "send-back/"),
                  lambda project: {"reasons": "Say what the sessions were"}),
}
#                           save draft  submit  accept  send back
MAY = {
    "csp_manager":           (302,       302,    302,    302),
    "analyst":               (403,       403,    403,    403),
    "csu_officer":           (403,       403,    403,    403),
    "provider_practitioner": (302,       302,    403,    403),
    "other_practitioner":    (403,       403,    403,    403),
    "board_member":          (403,       403,    403,    403),
    "outsider":              (404,       404,    404,    404),
}


def everything():
    """Every row the return actions could write, and the figures they move."""
    return (list(Return.objects.order_by("pk").values_list("pk", "status", "spend", "narrative", "submitted_at")),
            list(ReturnValue.objects.order_by("pk").values_list("pk", "measure", "value")),
            list(ReturnDecision.objects.order_by("pk").values_list("pk", "decision", "reasons")),
            list(Figure.objects.order_by("pk").values_list("pk", "value")), AuditEvent.objects.count())


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", list(MAY))
def test_who_may_fill_and_decide_which_return(who, action, people, funded, practitioner, fast_client_for,
                                              in_january_2026):
    fill(practitioner, funded, Q1)
    url, data = ACTIONS[action]
    expected = MAY[who][list(ACTIONS).index(action)]
    before = everything()

    response = fast_client_for(people[who]).post(url(funded), data(funded))

    assert response.status_code == expected
    if expected == 302:
        assert everything() != before
        wanted = {"save draft": (Q3, "draft"), "submit": (Q3, "submitted"), "accept": (Q1, "accepted"),
                  "send back": (Q1, "sent_back")}[action]
        assert Return.objects.get(period_start=wanted[0]).status == wanted[1]
    else:
        assert everything() == before


def test_another_organisations_draft_is_not_found_to_a_practitioner_who_may_not_fill_it(people, funded,
                                                                                       practitioner,
                                                                                       fast_client_for,
                                                                                       in_january_2026):
    fill(practitioner, funded, Q3, submit=False)
    before = everything()
    client = fast_client_for(people["other_practitioner"])
    assert client.get(return_url(funded, Q3)).status_code == 404
    assert client.post(return_url(funded, Q3), return_form(funded)).status_code == 404
    assert everything() == before
