"""The equality questions (eunomia.core.equality): the GSS harmonised categories, every question optional with
"Prefer not to say", and the characteristics figures count by."""

import pytest
from django.template import Context, Template

from eunomia.core.equality import (CHARACTERISTICS, ETHNIC_GROUPS, ETHNICITY, PREFER_NOT_TO_SAY, QUESTIONS,
                                   EqualityForm, answers_of, disability_status, set_answers)


def test_ethnicity_has_the_five_groups_and_nineteen_categories_of_the_2021_census():
    assert [label for _, label, _ in ETHNIC_GROUPS] == [
        "Asian, Asian British or Asian Welsh", "Black, Black British, Black Welsh, Caribbean or African",
        "Mixed or Multiple ethnic groups", "White", "Other ethnic group"]
    assert [len(options) for _, _, options in ETHNIC_GROUPS] == [5, 3, 4, 5, 2]
    assert len(ETHNICITY.categories) == 19


def test_every_question_offers_prefer_not_to_say_last_and_none_is_required():
    form = EqualityForm()
    for question in QUESTIONS:
        assert question.choices[-1][0] == PREFER_NOT_TO_SAY
        assert not form.fields[question.name].required
    assert EqualityForm({}).is_valid()


def test_answers_are_kept_as_given_and_copied_onto_a_record():
    form = EqualityForm({"ethnicity": "roma", "sex": PREFER_NOT_TO_SAY, "age_band": "25_34"})
    assert form.is_valid()

    class Record:
        pass

    record = Record()
    set_answers(record, form.cleaned_data)
    assert answers_of(record) == {"ethnicity": "roma", "sex": PREFER_NOT_TO_SAY, "gender_identity": "",
                                  "sexual_orientation": "", "religion": "", "long_term_condition": "",
                                  "reduced_ability": "", "age_band": "25_34"}


def test_an_answer_not_offered_is_refused_in_words():
    form = EqualityForm({"religion": "<script>alert(1)</script>"})
    assert not form.is_valid()
    assert form.errors["religion"] == ["Choose one of the answers listed"]


def test_no_condition_but_reduced_ability_is_refused_on_the_follow_up():
    form = EqualityForm({"long_term_condition": "no", "reduced_ability": "a_lot"})
    assert not form.is_valid()
    assert "no condition or illness" in form.errors["reduced_ability"][0]
    assert EqualityForm({"long_term_condition": "no", "reduced_ability": "not_at_all"}).is_valid()


@pytest.mark.parametrize("condition, reduced, status", [
    ("yes", "a_lot", "disabled"), ("yes", "a_little", "disabled"), ("yes", "not_at_all", "not_disabled"),
    ("no", "", "not_disabled"), ("yes", "", "not_recorded"), ("", "", "not_recorded"),
    (PREFER_NOT_TO_SAY, "", PREFER_NOT_TO_SAY), ("yes", PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY),
])
def test_disability_is_derived_as_the_gss_standard_does(condition, reduced, status):
    assert disability_status({"long_term_condition": condition, "reduced_ability": reduced}) == status


def test_every_characteristic_places_every_possible_answer_in_one_of_its_categories():
    for characteristic in CHARACTERISTICS:
        values = {value for value, _ in characteristic.categories}
        assert characteristic.category_of({}) == "not_recorded"
        for question in QUESTIONS:
            for value, _ in question.choices:
                assert characteristic.category_of({question.name: value}) in values


def test_only_asks_a_subset_one_question_a_page():
    form = EqualityForm({"sex": "female"}, only=["sex"])
    assert list(form.fields) == ["sex"] and form.is_valid()


def test_the_form_draws_ethnicity_as_groups_numbered_as_one_list_and_keeps_the_answer():
    form = EqualityForm({"ethnicity": "irish", "sex": "male"}, clearable=True)
    form.is_valid()
    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
    assert 'id="id_ethnicity_1" value="bangladeshi"' in html
    assert 'id="id_ethnicity_21" value=""' in html  # 19 categories, prefer not to say, not asked
    assert 'value="irish" checked' in html
    assert html.count("<legend") == 1 + 5 + len(QUESTIONS) - 1
    assert "Not asked or not answered" in html
    assert "Not asked or not answered" not in Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": EqualityForm()}))
