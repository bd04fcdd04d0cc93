"""Risk assessments: scores and bands at their edges, review dates per band, the overdue list, a
person the reader may not see is a 404, every page audited, and the CSU briefing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eunomia.audit.models import AuditEvent
from eunomia.casework import actions as casework
from eunomia.risk import actions, queries
from eunomia.risk.models import Band, QuestionSet, RiskAssessment

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(partnership, council, housing, make_member, outsider):
    csu = make_member("csu_officer", partnership, council)
    practitioner = make_member("partner_practitioner", partnership, housing)
    analyst = make_member("analyst", partnership, council)
    victim = casework.add_person(by=csu, partnership=partnership, organisation=council, first_name="Dana",
                                 last_name="Ellis")
    victims = actions.question_set(partnership, "victim")
    return locals()


def yes_for(question_set, points):
    """Question ids answered yes adding up to exactly `points`."""
    chosen, total = set(), 0
    for question in sorted(question_set.questions.all(), key=lambda q: -q.points):
        if total + question.points <= points:
            chosen.add(question.pk)
            total += question.points
    assert total == points
    return chosen


def test_default_sets_are_made_once_with_sensible_questions(partnership):
    victims = actions.question_set(partnership, "victim")
    perpetrators = actions.question_set(partnership, "perpetrator")
    assert actions.question_set(partnership, "victim") == victims
    assert QuestionSet.objects.filter(partnership=partnership).count() == 2
    assert 9 <= victims.questions.count() <= 12 and 9 <= perpetrators.questions.count() <= 12
    assert any("unsafe in their own home" in q.text for q in victims.questions.all())
    assert victims.standard_max < victims.medium_max
    with pytest.raises(ValidationError):
        actions.question_set(partnership, "bystander")


@pytest.mark.parametrize("offset,band", [(0, Band.STANDARD), (1, Band.MEDIUM)])
def test_a_score_at_the_standard_upper_bound_is_standard(world, offset, band):
    w = world
    score = w["victims"].standard_max + offset
    assessment = actions.assess(by=w["csu"], person=w["victim"], question_set=w["victims"],
                                yes_ids=yes_for(w["victims"], score))
    assert (assessment.score, assessment.band) == (score, band)


@pytest.mark.parametrize("offset,band", [(0, Band.MEDIUM), (1, Band.HIGH)])
def test_a_score_at_the_medium_upper_bound_is_medium(world, offset, band):
    w = world
    score = w["victims"].medium_max + offset
    assessment = actions.assess(by=w["csu"], person=w["victim"], question_set=w["victims"],
                                yes_ids=yes_for(w["victims"], score))
    assert (assessment.score, assessment.band) == (score, band)


def test_no_yes_answers_score_nothing_and_answers_keep_the_questions_as_asked(world):
    w = world
    assessment = actions.assess(by=w["csu"], person=w["victim"], question_set=w["victims"], yes_ids=set())
    assert (assessment.score, assessment.band) == (0, Band.STANDARD)
    first = w["victims"].questions.first()
    text = first.text
    first.text = "Changed later"
    first.save()
    assessment.refresh_from_db()
    assert assessment.answers[0]["text"] == text and assessment.answers[0]["yes"] is False


@pytest.mark.parametrize("score_of,days", [("none", 90), ("medium", 28), ("high", 7)])
def test_the_review_date_follows_the_band(world, score_of, days):
    w = world
    s = w["victims"]
    points = {"none": 0, "medium": s.medium_max, "high": s.medium_max + 1}[score_of]
    on = datetime.date(2026, 10, 1)
    assessment = actions.assess(by=w["csu"], person=w["victim"], question_set=s, yes_ids=yes_for(s, points),
                                assessed_on=on)
    assert assessment.review_on == on + datetime.timedelta(days=days)


def test_review_days_and_bands_are_configurable_per_set(world):
    w = world
    s = actions.set_bands(by=w["csu"], question_set=w["victims"], standard_max=2, medium_max=3, high_review_days=1)
    assessment = actions.assess(by=w["csu"], person=w["victim"], question_set=s, yes_ids=yes_for(s, 4),
                                assessed_on=datetime.date(2026, 10, 1))
    assert (assessment.band, assessment.review_on) == (Band.HIGH, datetime.date(2026, 10, 2))
    with pytest.raises(ValidationError, match="above the highest standard"):
        actions.set_bands(by=w["csu"], question_set=s, standard_max=3, medium_max=3)
    assert AuditEvent.objects.filter(action="risk.bands_changed").count() == 1


def test_bad_assessments_are_refused_and_nothing_saved(world, partnership):
    w = world
    tomorrow = timezone.localdate() + DAY
    with pytest.raises(ValidationError, match="today or in the past"):
        actions.assess(by=w["csu"], person=w["victim"], question_set=w["victims"], yes_ids=set(), assessed_on=tomorrow)
    perpetrators = actions.question_set(partnership, "perpetrator")
    with pytest.raises(ValidationError, match="not in this assessment"):
        actions.assess(by=w["csu"], person=w["victim"], question_set=w["victims"],
                       yes_ids={perpetrators.questions.first().pk})
    assert not RiskAssessment.objects.exists()


def test_the_overdue_list_holds_latest_reviews_due_before_today(world, partnership, client_for):
    w = world
    today = timezone.localdate()
    s = w["victims"]
    high = yes_for(s, s.medium_max + 1)
    # Reviewed 7 days after: assessed 8 days ago is overdue, 7 days ago is due today (not overdue).
    late = casework.add_person(by=w["csu"], partnership=partnership, organisation=w["council"],
                               first_name="Lee", last_name="Late")
    actions.assess(by=w["csu"], person=late, question_set=s, yes_ids=high, assessed_on=today - 8 * DAY)
    actions.assess(by=w["csu"], person=w["victim"], question_set=s, yes_ids=high, assessed_on=today - 7 * DAY)
    # Overdue once, but assessed again since: the newer assessment is the one that counts.
    again = casework.add_person(by=w["csu"], partnership=partnership, organisation=w["council"],
                                first_name="Ash", last_name="Again")
    actions.assess(by=w["csu"], person=again, question_set=s, yes_ids=high, assessed_on=today - 30 * DAY)
    actions.assess(by=w["csu"], person=again, question_set=s, yes_ids=set(), assessed_on=today - 1 * DAY)
    # Housing's own person: overdue, but the council's officer may not see them.
    theirs = casework.add_person(by=w["practitioner"], partnership=partnership, organisation=w["housing"],
                                 first_name="Hidden", last_name="Tenant")
    actions.assess(by=w["practitioner"], person=theirs, question_set=s, yes_ids=high, assessed_on=today - 60 * DAY)

    assert [a.person for a in queries.overdue(w["csu"], partnership, today=today)] == [late]
    assert [a.person for a in queries.overdue(w["practitioner"], partnership, today=today)] == [theirs]
    html = client_for(w["csu"]).get("/p/testvale/risk/overdue/").content.decode()
    assert "Lee Late" in html and "Hidden Tenant" not in html and "Dana Ellis" not in html
    event = AuditEvent.objects.filter(action="risk.overdue_viewed").get()
    assert event.data["people"] == [late.pk]


def test_people_the_reader_may_not_see_are_not_found(world, client_for, outsider):
    w = world
    pk = w["victim"].pk
    for url in (f"/p/testvale/risk/people/{pk}/", f"/p/testvale/risk/people/{pk}/assess/"):
        assert client_for(w["practitioner"]).get(url).status_code == 404, url
        assert client_for(outsider).get(url).status_code == 404, url
        assert client_for(w["analyst"]).get(url).status_code == 403, url
    yes = {f"q{q.pk}": "no" for q in w["victims"].questions.all()}
    assert client_for(w["practitioner"]).post(f"/p/testvale/risk/people/{pk}/assess/",
                                              {"assessed_on": "2026-11-01", **yes}).status_code == 404
    assert not RiskAssessment.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="risk.", actor=w["practitioner"].email).exists()


def test_assessing_through_the_page_is_audited_and_errors_answer_400(world, client_for):
    w = world
    client = client_for(w["csu"])
    url = f"/p/testvale/risk/people/{w['victim'].pk}/assess/"
    response = client.get(url + "?kind=perpetrator")
    assert response.status_code == 200 and "Perpetrator risk assessment" in response.content.decode()
    assert AuditEvent.objects.filter(action="risk.assess_form_viewed").latest("id").data == {"kind": "perpetrator"}
    assert client.get(url + "?kind=bystander").status_code == 404

    questions = list(w["victims"].questions.all())
    answers = {f"q{q.pk}": "yes" if n < 2 else "no" for n, q in enumerate(questions)}
    missing = dict(answers)
    missing.pop(f"q{questions[-1].pk}")
    response = client.post(url, {"assessed_on": "2026-11-01", **missing})
    assert response.status_code == 400
    assert f"Answer question {len(questions)}, yes or no" in response.content.decode()
    future = (timezone.localdate() + DAY).isoformat()
    response = client.post(url, {"assessed_on": future, **answers})
    assert response.status_code == 400 and "today or in the past" in response.content.decode()
    assert not RiskAssessment.objects.exists()

    response = client.post(url, {"assessed_on": "2026-11-01", **answers})
    assert response.status_code == 302
    assessment = RiskAssessment.objects.get()
    assert assessment.score == questions[0].points + questions[1].points
    event = AuditEvent.objects.filter(action="risk.assessed").get()
    assert (event.object_id, event.data["person"], event.actor) == (str(assessment.pk), w["victim"].pk,
                                                                    w["csu"].email)
    before = AuditEvent.objects.count()
    html = client.get(f"/p/testvale/risk/people/{w['victim'].pk}/").content.decode()
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").data == {"assessments": [assessment.pk]}
    assert assessment.get_band_display() in html


def test_the_briefing_lists_people_at_medium_or_high_risk(world, client_for, partnership):
    w = world
    s = w["victims"]
    today = timezone.localdate()
    medium = casework.add_person(by=w["csu"], partnership=partnership, organisation=w["council"],
                                 first_name="Mo", last_name="Medium")
    actions.assess(by=w["csu"], person=medium, question_set=s, yes_ids=yes_for(s, s.medium_max))
    # High once, standard since: the latest counts, so not briefed on.
    calmer = casework.add_person(by=w["csu"], partnership=partnership, organisation=w["council"],
                                 first_name="Cal", last_name="Calmer")
    actions.assess(by=w["csu"], person=calmer, question_set=s, yes_ids=yes_for(s, s.medium_max + 1),
                   assessed_on=today - 10 * DAY)
    actions.assess(by=w["csu"], person=calmer, question_set=s, yes_ids=set(), assessed_on=today)
    html = client_for(w["csu"]).get(f"/p/testvale/casework/briefing/?day={today}").content.decode()
    assert "Mo Medium" in html and "Medium risk" in html
    assert "Cal Calmer" not in html
    event = AuditEvent.objects.filter(action="casework.briefing_viewed").get()
    assert medium.pk in event.data["people"] and calmer.pk not in event.data["people"]
    assert "Mo Medium" not in client_for(w["practitioner"]).get("/p/testvale/casework/briefing/").content.decode()
