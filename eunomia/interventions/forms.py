from django import forms

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.interventions.models import Kind

DATE_HELP = "For example, 2026-11-24"


class InterventionForm(GovukForm):
    submit_label = "Record the intervention"
    person = forms.TypedChoiceField(label="Given to", coerce=int,
                                    error_messages={"required": "Choose who it was given to",
                                                    "invalid_choice": "Choose someone from the list"})
    kind = forms.ChoiceField(label="Intervention", choices=[("", "Choose one")] + Kind.choices,
                             error_messages={"required": "Choose the intervention",
                                             "invalid_choice": "Choose an intervention from the list"})
    issued_on = DayField(label="Date given", help_text=DATE_HELP,
                                error_messages={"required": "Enter the date it was given",
                                                "invalid": "Enter the date it was given like 2026-11-24"})
    on_conviction = forms.BooleanField(label="Made on conviction (Criminal Behaviour Orders only)", required=False)
    notes = forms.CharField(label="Result and notes (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "Choose a person")] + [(p.pk, str(p)) for p in people]


class BreachForm(GovukForm):
    submit_label = "Record the breach"
    breached_on = DayField(label="Date of the breach", help_text=DATE_HELP,
                                  error_messages={"required": "Enter the date of the breach",
                                                  "invalid": "Enter the date of the breach like 2026-11-24"})
    notes = forms.CharField(label="What happened (optional)", widget=forms.Textarea, required=False)


class TemplateForm(GovukForm):
    submit_label = "Save the template"
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Give the letter a title"})
    body = forms.CharField(label="Text of the letter", widget=forms.Textarea(attrs={"rows": 20}),
                           error_messages={"required": "Write the text of the letter"})
