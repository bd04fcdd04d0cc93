from contextlib import contextmanager
from functools import cached_property

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms
from django.core.exceptions import ValidationError


class GovukFormMixin:
    """Every form renders through crispy-forms-gds with one submit button; the page template
    draws the error summary (core/partials/error_summary.html)."""

    submit_label = "Save"
    # The browser's own validation (of `required`, type="email") would stop the form before the
    # server could answer with the GOV.UK error summary; GOV.UK turns it off with `novalidate`.
    use_required_attribute = False

    @cached_property
    def helper(self):
        # Built when the form is drawn, after subclasses have added their fields: FormHelper(form)
        # lays out every field, and only a laid-out form gets the GOV.UK label and legend sizes.
        helper = FormHelper(self)
        helper.form_tag = True
        helper.form_method = "post"
        helper.attrs = {"novalidate": ""}
        helper.label_size = Size.SMALL
        helper.legend_size = Size.SMALL
        # A refusal that is not about one field is shown above the form as well as in the summary.
        helper.show_non_field_errors = True
        helper.add_input(Submit("submit", self.submit_label))
        return helper

    @contextmanager
    def showing_refusal(self):
        """The one way a view runs an action for a submitted form:

            with form.showing_refusal():
                thing = actions.do_it(by=request.user, ...)
                messages.success(request, "Done")
                return redirect(...)
            return form_page(request, form, ...)

        An action refusing with a ValidationError leaves the block at once; its messages go on the
        fields it names, or on the form as a whole, and the page shows them with the form."""
        try:
            yield
        except ValidationError as error:
            self.add_action_errors(error)

    def add_action_errors(self, error: ValidationError):
        """Put an action's refusal on the fields it names, or on the form as a whole."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


def required(message):
    return {"required": message}
