from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from eunomia.core.formatting import format_value

register = template.Library()

STATUS_COLOURS = {
    "met": "green",
    "not_met": "red",
    "not_yet_due": "grey",
    "missing": "orange",
    "not_started": "grey",
    "on_track": "blue",
    "at_risk": "orange",
    "complete": "green",
    "carried_over": "purple",
}


@register.filter
def figure_value(figure):
    """A figure's value for a page, or a visible 'Not recorded'."""
    text = format_value(figure.unit, figure.value, figure.text_value)
    if not text:
        return mark_safe('<span class="eunomia-missing">Not recorded</span>')
    return text


@register.filter
def number(value, unit="count"):
    if value is None:
        return ""
    return format_value(unit, value)


@register.simple_tag
def status_tag(key, label):
    colour = STATUS_COLOURS.get(key, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, label)


@register.filter
def error_link(field, field_id):
    """Where an error summary's link for `field` goes: the field itself, or for radios and
    checkboxes (whose inputs are numbered from 1) the first of them, as the Design System asks."""
    if isinstance(field.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        return f"{field_id}_1"
    if isinstance(field.field.widget, forms.MultiWidget) and field_id == field.auto_id:
        # An error on a date input as a whole goes to its first input (the day).
        return f"{field_id}_0"
    return field_id
