"""Every link of the error summary goes to an element of the page: for radios and checkboxes, the
first of their inputs (numbered from 1), not the group's name, which no element has."""

import re

from django import forms
from django.template import Context, Template

from eunomia.core.forms import GovukForm


class EveryKind(GovukForm):
    result = forms.ChoiceField(choices=[("pass", "Pass"), ("fail", "Fail")], widget=forms.RadioSelect)
    partners = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple)
    agreed = forms.BooleanField()
    name = forms.CharField()
    areas = forms.MultipleChoiceField(choices=[("a", "A")])


def test_each_error_links_to_an_element_on_the_page():
    form = EveryKind({})
    assert not form.is_valid()
    html = Template("{% load crispy_forms_tags %}{% include 'core/partials/error_summary.html' %}{% crispy form %}"
                    ).render(Context({"form": form}))
    targets = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'href="#([^"]+)"', targets)
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert links == ["id_result_1", "id_partners_1", "id_agreed", "id_name", "id_areas"]
    assert set(links) <= ids
