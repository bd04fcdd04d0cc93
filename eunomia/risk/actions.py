"""Writes of risk assessments: each checked in plain words, written and audited in one transaction."""


from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from eunomia.audit import actions as audit
from eunomia.core.dates import add_days
from eunomia.risk import defaults, derived
from eunomia.risk.models import Question, QuestionSet, RiskAssessment


def question_set(partnership, kind):
    """The partnership's set for `kind`, made from the defaults the first time it is asked for."""
    found = QuestionSet.objects.filter(partnership=partnership, kind=kind).first()
    if found:
        return found
    if kind not in defaults.SETS:
        raise ValidationError({"kind": "Choose a victim or a perpetrator assessment"})
    spec = defaults.SETS[kind]
    try:
        with transaction.atomic():
            made = QuestionSet.objects.create(partnership=partnership, kind=kind, title=spec["title"],
                                              standard_max=spec["standard_max"], medium_max=spec["medium_max"])
            Question.objects.bulk_create(Question(question_set=made, text=text, points=points, position=n)
                                         for n, (text, points) in enumerate(spec["questions"], start=1))
            audit.record(by=None, action="risk.question_set_created", obj=made, partnership=partnership,
                         data={"kind": kind})
    except IntegrityError:  # made by another request at the same moment
        return QuestionSet.objects.get(partnership=partnership, kind=kind)
    return made


def set_bands(*, by, question_set, standard_max, medium_max, standard_review_days=None, medium_review_days=None,
              high_review_days=None):
    """Change where the bands start and how soon each is reviewed."""
    if standard_max >= medium_max:
        raise ValidationError({"medium_max": "The highest medium score must be above the highest standard score"})
    days = {"standard_review_days": standard_review_days, "medium_review_days": medium_review_days,
            "high_review_days": high_review_days}
    for name, value in days.items():
        if value is not None and value < 1:
            raise ValidationError({name: "A review must be at least one day after the assessment"})
    with transaction.atomic():
        question_set.standard_max, question_set.medium_max = standard_max, medium_max
        for name, value in days.items():
            if value is not None:
                setattr(question_set, name, value)
        question_set.save()
        audit.record(by=by, action="risk.bands_changed", obj=question_set, partnership=question_set.partnership,
                     data={"standard_max": standard_max, "medium_max": medium_max,
                           **{k: getattr(question_set, k) for k in days}})
    return question_set


def score(question_set, yes_ids):
    """(score, band, answers as asked) for the questions answered yes."""
    answers = [{"question": q.pk, "text": q.text, "points": q.points, "yes": q.pk in yes_ids}
               for q in question_set.questions.all()]
    total = sum(a["points"] for a in answers if a["yes"])
    return total, question_set.band_of(total), answers


def assess(*, by, person, question_set, yes_ids, assessed_on=None):
    """Record an assessment of `person` (who must be visible to `by`: the caller found them through
    people_visible_to). The review date follows from the band."""
    today = timezone.localdate()
    assessed_on = assessed_on or today
    if assessed_on > today:
        raise ValidationError({"assessed_on": "The date of the assessment must be today or in the past"})
    if question_set.partnership_id != person.partnership_id:
        raise ValidationError("That question set belongs to another partnership")
    unknown = set(yes_ids) - set(question_set.questions.values_list("id", flat=True))
    if unknown:
        raise ValidationError("Some answers are to questions not in this assessment: reload the page")
    total, band, answers = score(question_set, set(yes_ids))
    review_on = add_days(assessed_on, question_set.review_days(band))
    with transaction.atomic():
        assessment = RiskAssessment.objects.create(
            person=person, question_set=question_set, answers=answers, score=total, band=band,
            assessed_on=assessed_on, review_on=review_on, assessed_by=by)
        derived.refresh_latest([person.pk])
        assessment.refresh_from_db(fields=["is_latest"])
        audit.record(by=by, action="risk.assessed", obj=assessment, partnership=person.partnership,
                     data={"person": person.pk, "kind": question_set.kind, "score": total, "band": band})
    return assessment
