"""The parameters of every equality URL, for the shared URL sweeps (tests/test_url_sweep.py,
tests/test_forms.py): an assessment is written for `plan` to name."""

from django.utils import timezone

from eunomia.core.dates import add_years
from eunomia.equality import actions
from eunomia.equality.models import ProtectedCharacteristic


def write_assessment(by, subject):
    return actions.save_assessment(
        by=by, subject=subject, who_is_affected="Residents", evidence="Survey", mitigations="", decision="no_change",
        decision_reason="", review_on=add_years(timezone.localdate(), 1),
        impacts={c: ("neutral", "") for c in ProtectedCharacteristic.values})


def equality_pks(*, by, person, da_person, plan, priority, project):
    """{URL name: pk} for every equality URL taking one."""
    assessment = write_assessment(by, plan)
    return {
        "equality:person": person, "equality:person_change": person,
        "equality:da_person": da_person, "equality:da_person_change": da_person,
        **dict.fromkeys(("equality:assessment", "equality:assessment_change", "equality:assessment_sign_off"),
                        assessment.pk),
        "equality:plan_assessment_new": plan.pk, "equality:priority_assessment_new": priority,
        "equality:project_assessment_new": project,
    }
