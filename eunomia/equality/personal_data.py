"""What equality monitoring holds on a person: in the subject access export of a casework person
(eunomia.records), in the DA person's own export (eunomia.domesticabuse.personal_data), and erased with
a casework person under the retention schedule (eunomia.casework.retention)."""

from django.utils.translation import gettext as _

from eunomia.casework.retention import also_erase
from eunomia.core.equality import QUESTIONS
from eunomia.domesticabuse.personal_data import also_holds
from eunomia.equality import actions
from eunomia.equality.models import DaPersonEquality, PersonEquality
from eunomia.records.registry import holds


def _rows(row):
    if row is None:
        return []
    answers = {str(question.label): str(question.label_of(getattr(row, question.name)) or _("Not recorded"))
               for question in QUESTIONS}
    answers[_("Last changed")] = f"{row.updated_at:%-d %B %Y}"
    return [(_("Equality monitoring answers"), answers)]


@holds("Equality monitoring", order=4)
def casework_person_answers(person):
    return _rows(PersonEquality.objects.filter(person=person).first())


@also_holds
def da_person_answers(person):
    return [(_("Equality monitoring"), _rows(DaPersonEquality.objects.filter(person=person).first()))]


@also_erase
def erase_casework_answers(people):
    actions.erase_people_answers(person.pk for person in people)
