from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm

from eunomia.accounts import throttle
from eunomia.accounts.tokens import TOKEN_DAYS
from eunomia.core.addresses import client_address
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
        ip_address = client_address(self.request)
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

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.fields["new_password2"].label = "New password again"

    def clean_old_password(self):
        """The current password, throttled as signing in is: guessing it here counts the same."""
        email, address = self.user.email, client_address(self.request)
        if throttle.is_locked_out(email=email, ip_address=address):
            raise forms.ValidationError(
                f"Too many wrong passwords. Wait {throttle.lockout_wait()}, then try again.")
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            throttle.record_failure(email=email, ip_address=address)
            raise


class ChoosePasswordForm(GovukForm):
    """A new person's first password, from an invitation; checked by Django's validators in the action."""

    submit_label = "Accept and create my account"
    password1 = forms.CharField(label="Choose a password", strip=False, error_messages=required("Choose a password"),
                                help_text="At least 12 characters, not a common password and not like your name or "
                                          "email address.",
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label="The password again", strip=False,
                                error_messages=required("Enter the password again"),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", "The two passwords are not the same")
        return cleaned


class ResetRequestForm(GovukFormMixin, PasswordResetForm):
    submit_label = "Send the link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Your work email address"
        self.fields["email"].error_messages.update({**required("Enter your email address"),
                                                    "invalid": "Enter an email address in the right format, like "
                                                               "name@example.org"})


class ResetPasswordForm(GovukFormMixin, SetPasswordForm):
    submit_label = "Save the new password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.fields["new_password2"].label = "New password again"


class TokenForm(GovukForm):
    submit_label = "Create the token"
    name = forms.CharField(label="Name", max_length=100, error_messages=required("Name the token"),
                           help_text="What uses it, like 'Monthly figures script'.")
    days = forms.TypedChoiceField(label="How long it lasts", coerce=int, widget=forms.RadioSelect,
                                  choices=[(d, f"{d} days") for d in TOKEN_DAYS], initial=90,
                                  error_messages=required("Choose how long it lasts"))


class SecondFactorCodeForm(GovukForm):
    submit_label = "Continue"
    code = forms.CharField(label="Code", max_length=40, error_messages=required("Enter the code"),
                           help_text="The 6 numbers your authenticator app shows now, or one of your recovery codes.",
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false",
                                                         "class": "govuk-input--width-10"}))


class AuthenticatorCodeForm(GovukForm):
    submit_label = "Set up the app"
    code = forms.CharField(label="Code from the app", max_length=10, error_messages=required("Enter the code the app "
                                                                                              "shows"),
                           help_text="The 6 numbers it shows now.",
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "spellcheck": "false", "class": "govuk-input--width-5"}))
