from django import forms
from django.utils import timezone

from eunomia.core.dates import DayField
from eunomia.core.forms import GovukForm
from eunomia.referrals.models import Referral

DATE_HELP = "For example, 2026-11-24"


class ReferralForm(GovukForm):
    submit_label = "Make the referral"
    service = forms.ChoiceField(label="Service", choices=[("", "Choose a service")] + Referral.Service.choices,
                                error_messages={"required": "Choose the service the person is referred to"})
    service_detail = forms.CharField(label="Which service (if other)", max_length=200, required=False)
    referred_on = DayField(label="Date of the referral", help_text=DATE_HELP, initial=timezone.localdate,
                                  error_messages={"required": "Enter the date of the referral",
                                                  "invalid": "Enter the date of the referral like 2026-11-24"})
    case = forms.TypedChoiceField(label="Case (optional)", required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, cases):
        super().__init__(data)
        self.fields["case"].choices = [("", "No case")] + [(c.pk, str(c)) for c in cases]


class StatusForm(GovukForm):
    submit_label = "Update the referral"
    status = forms.ChoiceField(label="New status", widget=forms.RadioSelect,
                               error_messages={"required": "Choose the new status"})
    on = DayField(label="Date", help_text=DATE_HELP, initial=timezone.localdate,
                         error_messages={"required": "Enter the date", "invalid": "Enter the date like 2026-11-24"})
    outcome = forms.CharField(label="Outcome (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, data=None, *, choices):
        super().__init__(data)
        self.fields["status"].choices = choices
