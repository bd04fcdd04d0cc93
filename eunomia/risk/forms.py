from django import forms
from django.utils import timezone

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm

YES_NO = [("yes", "Yes"), ("no", "No")]


class AssessmentForm(GovukForm):
    """One yes/no question per question of the set, each to be answered."""

    submit_label = "Save the assessment"

    def __init__(self, data=None, *, question_set):
        super().__init__(data)
        self.question_set = question_set
        self.questions = list(question_set.questions.all())
        self.fields["assessed_on"] = DayField(
            label="Date of the assessment", help_text="For example, 2026-11-24", initial=timezone.localdate,
            error_messages={"required": "Enter the date of the assessment",
                            "invalid": "Enter the date of the assessment like 2026-11-24"})
        for number, question in enumerate(self.questions, start=1):
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=f"{number}. {question.text}", choices=YES_NO, widget=forms.RadioSelect,
                help_text=f"{question.points} point{'s' if question.points != 1 else ''} if yes",
                error_messages={"required": f"Answer question {number}, yes or no"})

    def yes_ids(self):
        return {q.pk for q in self.questions if self.cleaned_data.get(f"q{q.pk}") == "yes"}
