"""Equality for the Harrowdale demo (ADR 66): monitoring answers on some casework and DA people (some
of them "Prefer not to say", some questions left unasked, as in real use), an equality impact
assessment signed off by the CSP manager for each priority of this year's and last year's plans, and
the partnership's setting that publication needs them. Every answer and text is invented."""

from django.utils import timezone

from eunomia.accounts.models import User
from eunomia.casework.models import Person
from eunomia.core.dates import add_months
from eunomia.domesticabuse.models import DaPerson
from eunomia.equality import actions
from eunomia.equality.models import ProtectedCharacteristic
from eunomia.plans.models import Priority

PREFER = "prefer_not_to_say"

CASEWORK_ANSWERS = {
    "Tolley": {"ethnicity": "white_british", "sex": "female", "religion": "christian", "long_term_condition": "yes",
               "reduced_ability": "a_lot", "age_band": "75_plus"},
    "Shah": {"ethnicity": "indian", "sex": "female", "gender_identity": "same", "sexual_orientation": PREFER,
             "religion": "hindu", "long_term_condition": "no", "age_band": "35_44"},
    "Garside": {"ethnicity": "white_british", "sex": "male", "long_term_condition": "yes",
                "reduced_ability": "a_little", "age_band": "45_54"},
    "Whitlow": {"ethnicity": PREFER, "sex": "female", "religion": "no_religion", "age_band": "65_74"},
}

DA_ANSWERS = {
    ("Jade", "Marlow"): {"ethnicity": "white_and_black_caribbean", "sex": "female", "gender_identity": "same",
                         "sexual_orientation": "straight", "long_term_condition": "yes", "reduced_ability": "a_little",
                         "age_band": "35_44"},
    ("Priya", "Kellet"): {"ethnicity": "pakistani", "sex": "female", "religion": "muslim", "age_band": "35_44"},
    ("Owen", "Tasker"): {"ethnicity": "white_british", "sex": "male", "sexual_orientation": PREFER,
                         "age_band": "45_54"},
}

NEUTRAL = ("neutral", "")

ASSESSMENTS = {
    "Anti-social behaviour": {
        "who_is_affected": "Residents of the estates where most reports come from, older and disabled residents who "
                           "are more often repeat victims, and young people named in reports.",
        "evidence": "Casework equality figures for the year; the residents' survey; repeat-victim figures; youth "
                    "service returns.",
        "impacts": {"age": ("positive", "Older residents are prioritised as vulnerable victims; young people are "
                                        "offered diversion before enforcement."),
                    "disability": ("positive", "Vulnerability screening takes account of disability and mental "
                                               "health."),
                    "race": ("negative", "Reports from some estates with more Black and Asian residents are lower "
                                         "than the survey suggests: under-reporting."),
                    "religion": ("neutral", "")},
        "mitigations": "Third-party reporting centres in community venues; leaflets in the five most spoken "
                       "languages; outreach with the mosque and the Gurdwara.",
        "decision": "adjust",
    },
    "Domestic abuse": {
        "who_is_affected": "Victims of domestic abuse of every sex and sexual orientation, their children, and "
                           "perpetrators referred to programmes.",
        "evidence": "DA support equality figures; MARAC data; SafeLives practitioner guidance; the service's "
                    "feedback survey.",
        "impacts": {"sex": ("positive", "Services are open to male victims, who are publicised to specifically."),
                    "sexual_orientation": ("positive", "Training for IDVAs on abuse in same-sex relationships."),
                    "gender_reassignment": ("positive", "Refuge places are offered by gender identity."),
                    "pregnancy": ("positive", "Midwives refer directly to the IDVA service.")},
        "mitigations": "",
        "decision": "no_change",
    },
    "Drug and alcohol misuse": {
        "who_is_affected": "People using drugs or alcohol harmfully, their families, and residents near the town "
                           "centre.",
        "evidence": "Treatment service returns; hospital admissions; the residents' survey.",
        "impacts": {"age": ("neutral", "Young people's treatment is commissioned separately."),
                    "disability": ("positive", "Dual-diagnosis pathway with mental health services.")},
        "mitigations": "",
        "decision": "no_change",
    },
}


def build_equality_demo(demo, partnership):
    today = timezone.localdate()
    csu, idva = demo.users["csu"], User.objects.get(pk=demo.users["idva"].pk)
    for last_name, answers in CASEWORK_ANSWERS.items():
        person = Person.objects.get(partnership=partnership, last_name=last_name, merged_into=None)
        actions.save_person_answers(by=csu, person=person, answers=answers)
    for (first_name, last_name), answers in DA_ANSWERS.items():
        person = DaPerson.objects.get(partnership=partnership, first_name=first_name, last_name=last_name)
        actions.save_da_person_answers(by=idva, person=person, answers=answers)

    actions.set_settings(by=demo.manager, partnership=partnership, assessment_required_per_priority=True)
    priorities = Priority.objects.filter(plan__partnership=partnership,
                                         plan__start_year__in=[demo.current - 1, demo.current])
    for priority in priorities.select_related("plan"):
        written = ASSESSMENTS[priority.title.split(",")[0]]
        impacts = {c: written["impacts"].get(c, NEUTRAL) for c in ProtectedCharacteristic.values}
        assessment = actions.save_assessment(
            by=demo.manager, subject=priority, who_is_affected=written["who_is_affected"],
            evidence=written["evidence"], mitigations=written["mitigations"], decision=written["decision"],
            decision_reason="", review_on=add_months(today, 6),
            impacts=impacts)
        actions.sign_off_assessment(by=demo.manager, assessment=assessment)
