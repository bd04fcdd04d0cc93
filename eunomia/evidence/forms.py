from django import forms

from eunomia.core.dates import MonthField
from eunomia.core.fields import NumberField
from eunomia.core.forms import GovukForm, required
from eunomia.evidence.csvfiles import MAX_BYTES
from eunomia.figures.forms import NAME_HELP, PeriodMixin
from eunomia.figures.models import Counts, figure_name_validator
from eunomia.partners.models import Organisation


class CsvFileField(forms.FileField):
    """A CSV file, read whole: the files here are small tables of counts."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": "Choose a CSV file to upload",
                                             "empty": "The file is empty.", "invalid": "Choose a CSV file to upload"})
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. "
                                        "Split it into smaller files.")
        return upload


class PartnerDatasetForm(GovukForm):
    submit_label = "Upload counts"
    organisation = forms.ModelChoiceField(
        label="Organisation the counts come from", queryset=Organisation.objects.none(),
        empty_label="Choose an organisation", error_messages=required("Choose the organisation the counts come from"))
    name = forms.CharField(label="Name of the dataset", max_length=200,
                           error_messages=required("Enter a name for the dataset, like 'Deliberate fires'"),
                           help_text="Like 'Deliberate fires'. Uploading a dataset of the same name from the same "
                                     "organisation replaces it.")
    source = forms.CharField(label="Source", max_length=300, required=False,
                             help_text="The system or report the counts come from.")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    file = CsvFileField(label="CSV file", help_text="Columns period,area_code,category,count. The period is a "
                                                    "month, like 2025-03; the area code is the district's, a "
                                                    "ward's or an LSOA's.")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class SurveyForm(GovukForm):
    submit_label = "Upload survey"
    name = forms.CharField(label="Name of the survey", max_length=200,
                           error_messages=required("Enter a name for the survey, like 'Residents' survey 2025'"),
                           help_text="Uploading a survey of the same name replaces it.")
    fieldwork_start = MonthField(what="The month fieldwork started", label="Fieldwork started", required=False, help_text="A month, like 2025-03.")
    fieldwork_end = MonthField(what="The month fieldwork ended", label="Fieldwork ended", required=False, help_text="A month, like 2025-05.")
    file = CsvFileField(label="CSV file", help_text="Columns respondent,area_code,concern_1,concern_2,concern_3. "
                                                    "Each concern is a crime type, like Anti-social behaviour or "
                                                    "Burglary; area_code, concern_2 and concern_3 may be blank.")


class HarmWeightForm(GovukForm):
    submit_label = "Save weight"
    weight = NumberField(label="Weight in days", required=False,
                         help_text="Days of imprisonment, as in the Crime Harm Index. Leave blank if this crime "
                                   "type is not weighted (that is not the same as 0).",
                         invalid_message="Enter the weight as a number of days, like 7.5")
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="Reason for the change", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages=required("Say why the weight is being changed"),
                             help_text="Kept in the audit log with the old and new weight.")

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and weight < 0:
            raise forms.ValidationError("The weight cannot be negative")
        return weight


class PartnerMeasureForm(GovukForm):
    """Register a category of a partner dataset as a figure source (ADR 71)."""

    submit_label = "Register the measure"
    category = forms.ChoiceField(label="Category to count", error_messages={
        **required("Choose the category of the dataset to count"),
        "invalid_choice": "Choose one of the dataset's categories"})
    title = forms.CharField(label="Title", max_length=200, error_messages=required(
        "Enter a title, like 'Deliberate fires'"), help_text="What a reader sees, like 'Deliberate fires'.")
    definition = forms.CharField(label="What it counts, in plain words", widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages=required("Say exactly what is counted, in plain words"),
                                 help_text="Exactly what the partner counts, so two people would get the same "
                                           "number, like 'Fires started on purpose that the fire service attended'.")
    counts = forms.ChoiceField(label="Does it count people or events?", choices=Counts.choices,
                               widget=forms.RadioSelect, error_messages=required(
                                   "Say whether it counts people or events"),
                               help_text="Counts of people are published under the partnership's disclosure rule.")
    harm_weight = NumberField(label="Harm weight in days (optional)", required=False,
                              help_text="Days of imprisonment for each one counted, as the harm weights give them, "
                                        "for the priority matrix. Leave blank if it is not weighted (not the same "
                                        "as 0).", invalid_message="Enter the weight as a number of days, like 7.5")

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose a category")] + [(c, c) for c in categories]

    def clean_harm_weight(self):
        weight = self.cleaned_data["harm_weight"]
        if weight is not None and weight < 0:
            raise forms.ValidationError("The weight cannot be negative")
        return weight


class PartnerFigureForm(PeriodMixin, GovukForm):
    """Make a figure of a registered partner measure, for a plan year and an area."""

    submit_label = "Make the figure"
    area = forms.ChoiceField(label="Area", error_messages=required("Choose the area to count"))
    title = forms.CharField(label="Title", max_length=200, error_messages=required("Enter a title for the figure"))
    name = forms.CharField(label="Name", max_length=100, required=False, help_text=NAME_HELP,
                           validators=[figure_name_validator])

    def __init__(self, *args, partnership, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_period_field(partnership)
        self.fields["area"].choices = areas
        self.order_fields(["year", "area", "title", "name"])
