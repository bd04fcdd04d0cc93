from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm

from eunomia.accounts import throttle
from eunomia.core.forms import GovukForm, GovukFormMixin, required


class SignInForm(GovukForm):
    submit_label = "Sign in"
    email = forms.EmailField(label="Email address", max_length=254,
                             error_messages={**required("Enter your email address"),
                                             "invalid": "Enter an email address in the right format, like name@example.org"},
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))
    password = forms.CharField(label="Password", strip=False, error_messages=required("Enter your password"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user = None

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if not email or not password:
            return cleaned
        ip_address = self.request.META.get("REMOTE_ADDR")
        if throttle.is_locked_out(email=email, ip_address=ip_address):
            raise forms.ValidationError(
                f"Too many failed attempts to sign in. Wait {throttle.lockout_wait()}, then try again."
            )
        self.user = authenticate(self.request, email=email.lower(), password=password)
        if self.user is None:
            throttle.record_failure(email=email, ip_address=ip_address)
            raise forms.ValidationError("The email address or password is not right")
        throttle.clear_failures(email=email)
        return cleaned


class ChangePasswordForm(GovukFormMixin, PasswordChangeForm):
    """Django's password change, with GOV.UK markup and messages in plain words."""

    submit_label = "Change password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.fields["new_password2"].label = "New password again"
