from django import forms

from eunomia.core.forms import GovukForm
from eunomia.notifications.models import Preference


class PreferenceForm(GovukForm):
    submit_label = "Save"

    email = forms.ChoiceField(
        label="When should we email you about new notifications?", choices=Preference.Email.choices,
        widget=forms.RadioSelect,
        help_text="Emails say only how many notifications are waiting and link here: never what they are about. "
                  "Notifications are always listed in Eunomia, whichever you choose.",
        error_messages={"required": "Choose how often to be emailed"})
