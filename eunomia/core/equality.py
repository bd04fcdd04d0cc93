"""Equality monitoring, ADR 66: models subclass EqualityAnswers, pages show EqualityForm, answers_of/set_answers copy.

The questions and categories follow the GSS harmonised standards for England (the 2021 Census
questions) where one exists; the sources are written down in docs/adr/0066. Every question has
"Prefer not to say" and none is required: a blank answer means "not asked or not answered".
Write-in answers ("Any other ... background, please describe") are not kept: a free-text answer can
name someone, and figures need categories.

Other apps build on three things here:
- `QUESTIONS`: each question's field name, wording, hint and categories (a public form may ask them one
  per page with `EqualityForm(only=[...])`);
- `EqualityAnswers`: the abstract model with one blank-able field per question;
- `CHARACTERISTICS`: how answers are counted in figures (ethnic group from the detailed ethnicity,
  disability from the two health questions), with "Prefer not to say" and "Not recorded" as categories.
"""

from dataclasses import dataclass, field
from functools import cached_property

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eunomia.core.forms import GovukForm

PREFER_NOT_TO_SAY = "prefer_not_to_say"
NOT_RECORDED = "not_recorded"
PREFER_NOT_TO_SAY_LABEL = _("Prefer not to say")
NOT_RECORDED_LABEL = _("Not recorded")
ANSWER_MAX_LENGTH = 40


@dataclass(frozen=True)
class Question:
    name: str  # the model field and the form field
    label: str
    hint: str
    # (value, label) pairs, "Prefer not to say" last. Ethnicity's are grouped: see `groups`.
    categories: tuple
    # Only ethnicity: (group value, group label, values in the group) in the standard's order.
    groups: tuple = field(default=())

    @property
    def choices(self):
        return (*self.categories, (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL))

    def label_of(self, value):
        return dict(self.choices).get(value, "")


ASIAN, BLACK, MIXED, WHITE, OTHER = "asian", "black", "mixed", "white", "other"

ETHNIC_GROUPS = (
    (ASIAN, _("Asian, Asian British or Asian Welsh"), (
        ("bangladeshi", _("Bangladeshi")),
        ("chinese", _("Chinese")),
        ("indian", _("Indian")),
        ("pakistani", _("Pakistani")),
        ("other_asian", _("Any other Asian background")),
    )),
    (BLACK, _("Black, Black British, Black Welsh, Caribbean or African"), (
        ("african", _("African")),
        ("caribbean", _("Caribbean")),
        ("other_black", _("Any other Black, Black British or Caribbean background")),
    )),
    (MIXED, _("Mixed or Multiple ethnic groups"), (
        ("white_and_asian", _("White and Asian")),
        ("white_and_black_african", _("White and Black African")),
        ("white_and_black_caribbean", _("White and Black Caribbean")),
        ("other_mixed", _("Any other Mixed or Multiple ethnic background")),
    )),
    (WHITE, _("White"), (
        ("white_british", _("English, Welsh, Scottish, Northern Irish or British")),
        ("irish", _("Irish")),
        ("gypsy_or_irish_traveller", _("Gypsy or Irish Traveller")),
        ("roma", _("Roma")),
        ("other_white", _("Any other White background")),
    )),
    (OTHER, _("Other ethnic group"), (
        ("arab", _("Arab")),
        ("other_ethnic_group", _("Any other ethnic group")),
    )),
)

ETHNIC_GROUP_OF = {value: group for group, _label, options in ETHNIC_GROUPS for value, _name in options}

ETHNICITY = Question(
    name="ethnicity", label=_("What is your ethnic group?"),
    hint=_("Choose the one option that best describes your ethnic group or background"),
    categories=tuple(option for _group, _label, options in ETHNIC_GROUPS for option in options),
    groups=tuple((group, label, tuple(value for value, _name in options)) for group, label, options in ETHNIC_GROUPS),
)
SEX = Question(
    name="sex", label=_("What is your sex?"), hint="",
    categories=(("female", _("Female")), ("male", _("Male"))),
)
GENDER_IDENTITY = Question(
    name="gender_identity", label=_("Is the gender you identify with the same as your sex registered at birth?"),
    hint=_("Asked of people aged 16 and over"),
    categories=(("same", _("Yes")), ("different", _("No"))),
)
SEXUAL_ORIENTATION = Question(
    name="sexual_orientation", label=_("Which of the following best describes your sexual orientation?"),
    hint=_("Asked of people aged 16 and over"),
    categories=(("straight", _("Straight or heterosexual")), ("gay_or_lesbian", _("Gay or lesbian")),
                ("bisexual", _("Bisexual")), ("other_orientation", _("Other sexual orientation"))),
)
RELIGION = Question(
    name="religion", label=_("What is your religion?"), hint="",
    categories=(("no_religion", _("No religion")),
                ("christian", _("Christian (including Church of England, Catholic, Protestant and all other "
                                "Christian denominations)")),
                ("buddhist", _("Buddhist")), ("hindu", _("Hindu")), ("jewish", _("Jewish")),
                ("muslim", _("Muslim")), ("sikh", _("Sikh")), ("other_religion", _("Any other religion"))),
)
LONG_TERM_CONDITION = Question(
    name="long_term_condition",
    label=_("Do you have any physical or mental health conditions or illnesses lasting or expected to last "
            "12 months or more?"), hint="",
    categories=(("yes", _("Yes")), ("no", _("No"))),
)
REDUCED_ABILITY = Question(
    name="reduced_ability",
    label=_("Do any of your conditions or illnesses reduce your ability to carry out day-to-day activities?"),
    hint=_("Only if you answered yes to the question before"),
    categories=(("a_lot", _("Yes, a lot")), ("a_little", _("Yes, a little")), ("not_at_all", _("Not at all"))),
)
AGE_BAND = Question(
    name="age_band", label=_("What is your age?"), hint="",
    categories=(("under_16", _("Under 16")), ("16_17", _("16 to 17")), ("18_24", _("18 to 24")),
                ("25_34", _("25 to 34")), ("35_44", _("35 to 44")), ("45_54", _("45 to 54")),
                ("55_64", _("55 to 64")), ("65_74", _("65 to 74")), ("75_plus", _("75 and over"))),
)

QUESTIONS = (ETHNICITY, SEX, GENDER_IDENTITY, SEXUAL_ORIENTATION, RELIGION, LONG_TERM_CONDITION, REDUCED_ABILITY,
             AGE_BAND)
QUESTION_NAMES = tuple(question.name for question in QUESTIONS)
BY_NAME = {question.name: question for question in QUESTIONS}


def contradiction(answers):
    """The one pair of answers that cannot both be true, as a {field: message} dict (empty when none)."""
    if answers.get("long_term_condition") == "no" and answers.get("reduced_ability") in ("a_lot", "a_little"):
        return {"reduced_ability": _("You said you have no condition or illness lasting 12 months or more: choose "
                                     "'Not at all' or 'Prefer not to say' here, or change that answer")}
    return {}


# How answers are counted. A characteristic's categories always end with "Prefer not to say" and
# "Not recorded", so a figure's categories add up to everyone it counts.

def _ethnic_group(answers):
    value = answers.get("ethnicity") or ""
    if value == PREFER_NOT_TO_SAY:
        return PREFER_NOT_TO_SAY
    return ETHNIC_GROUP_OF.get(value, NOT_RECORDED)


def disability_status(answers):
    """Disabled in the Equality Act sense, as the GSS standard derives it: a condition lasting 12 months
    or more that reduces day-to-day activities a lot or a little."""
    condition, reduced = answers.get("long_term_condition") or "", answers.get("reduced_ability") or ""
    if condition == "no" or (condition == "yes" and reduced == "not_at_all"):
        return "not_disabled"
    if condition == "yes" and reduced in ("a_lot", "a_little"):
        return "disabled"
    if PREFER_NOT_TO_SAY in (condition, reduced):
        return PREFER_NOT_TO_SAY
    return NOT_RECORDED


def _answer_to(question):
    def category(answers):
        value = answers.get(question.name) or ""
        return value if value in dict(question.choices) else NOT_RECORDED
    return category


@dataclass(frozen=True)
class Characteristic:
    key: str
    label: str
    categories: tuple  # (value, label), ending with "Prefer not to say" and "Not recorded"
    category_of: object  # answers dict -> one of the categories' values

    def label_of(self, value):
        return dict(self.categories).get(value, "")


def _closing(categories):
    return (*categories, (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL), (NOT_RECORDED, NOT_RECORDED_LABEL))


CHARACTERISTICS = (
    Characteristic("ethnic_group", _("Ethnic group"),
                   _closing(tuple((group, label) for group, label, _options in ETHNIC_GROUPS)), _ethnic_group),
    Characteristic("sex", _("Sex"), _closing(SEX.categories), _answer_to(SEX)),
    Characteristic("gender_identity", _("Gender identity the same as sex registered at birth"),
                   _closing(GENDER_IDENTITY.categories), _answer_to(GENDER_IDENTITY)),
    Characteristic("sexual_orientation", _("Sexual orientation"), _closing(SEXUAL_ORIENTATION.categories),
                   _answer_to(SEXUAL_ORIENTATION)),
    Characteristic("religion", _("Religion"), _closing(RELIGION.categories), _answer_to(RELIGION)),
    Characteristic("disability", _("Disability"),
                   _closing((("disabled", _("Disabled")), ("not_disabled", _("Not disabled")))), disability_status),
    Characteristic("age_band", _("Age band"), _closing(AGE_BAND.categories), _answer_to(AGE_BAND)),
)
CHARACTERISTIC_BY_KEY = {characteristic.key: characteristic for characteristic in CHARACTERISTICS}


class EqualityAnswers(models.Model):
    """One blank-able field per question; blank is "not asked or not answered"."""

    ethnicity = models.CharField(_("ethnic group"), max_length=ANSWER_MAX_LENGTH, blank=True, default="",
                                 choices=ETHNICITY.choices)
    sex = models.CharField(_("sex"), max_length=ANSWER_MAX_LENGTH, blank=True, default="", choices=SEX.choices)
    gender_identity = models.CharField(_("gender identity"), max_length=ANSWER_MAX_LENGTH, blank=True, default="",
                                       choices=GENDER_IDENTITY.choices)
    sexual_orientation = models.CharField(_("sexual orientation"), max_length=ANSWER_MAX_LENGTH, blank=True,
                                          default="", choices=SEXUAL_ORIENTATION.choices)
    religion = models.CharField(_("religion"), max_length=ANSWER_MAX_LENGTH, blank=True, default="",
                                choices=RELIGION.choices)
    long_term_condition = models.CharField(_("long-term health condition"), max_length=ANSWER_MAX_LENGTH,
                                           blank=True, default="", choices=LONG_TERM_CONDITION.choices)
    reduced_ability = models.CharField(_("condition reduces day-to-day activities"), max_length=ANSWER_MAX_LENGTH,
                                       blank=True, default="", choices=REDUCED_ABILITY.choices)
    age_band = models.CharField(_("age band"), max_length=ANSWER_MAX_LENGTH, blank=True, default="",
                                choices=AGE_BAND.choices)

    class Meta:
        abstract = True

    def answers(self):
        return answers_of(self)

    @property
    def has_answers(self):
        return any(self.answers().values())

    @property
    def ethnic_group(self):
        return _ethnic_group(self.answers())

    @property
    def disability(self):
        return disability_status(self.answers())

    def answer_rows(self):
        """(question wording, answer wording) for every question, for a summary list."""
        return [(question.label, question.label_of(getattr(self, question.name)) or NOT_RECORDED_LABEL)
                for question in QUESTIONS]


def answers_of(obj):
    """The answers held on `obj` (a model with the mixin, or anything with those attributes) as a dict."""
    return {name: getattr(obj, name, "") or "" for name in QUESTION_NAMES}


def set_answers(obj, answers):
    """Copy the answers in `answers` (a form's cleaned_data) onto `obj`; questions not in it are left alone."""
    for name in QUESTION_NAMES:
        if name in answers:
            setattr(obj, name, answers[name] or "")


def _radio_choices(question, *, clearable):
    items = [Choice(value, label) for value, label in question.categories]
    items[-1] = Choice(*question.categories[-1], divider=_("or"))
    items.append(Choice(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL))
    if clearable:
        items.append(Choice("", _("Not asked or not answered")))
    return items


class EqualityForm(GovukForm):
    """The equality questions as GOV.UK radios, every one optional.

    `only` asks a subset (one question a page on a public form). `clearable` adds a "Not asked or not
    answered" option to each question, for staff correcting a record: a chosen radio cannot be unchosen."""

    submit_label = _("Save equality answers")

    def __init__(self, *args, only=None, clearable=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [question for question in QUESTIONS if only is None or question.name in only]
        for question in self.questions:
            self.fields[question.name] = forms.ChoiceField(
                label=question.label, help_text=question.hint, required=False, widget=forms.RadioSelect,
                choices=_radio_choices(question, clearable=clearable),
                error_messages={"invalid_choice": _("Choose one of the answers listed")})
        self.clearable = clearable

    @cached_property
    def helper(self):
        helper = super().helper
        helper.layout = Layout(*[self._layout_of(question) for question in self.questions])
        return helper

    def _layout_of(self, question):
        if not question.groups:
            return Field.radios(question.name, small=True)
        # Ethnicity: the five groups each in their own fieldset within the question, numbered as one list
        # so the error summary's link (to the first input) still works.
        positions, groups = iter(range(1, 100)), []
        for _group, label, values in question.groups:
            groups.append((label, [(next(positions), value, ETHNICITY.label_of(value)) for value in values]))
        rest = [(next(positions), PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)]
        if self.clearable:
            rest.append((next(positions), "", _("Not asked or not answered")))
        return Field(question.name, template="core/equality/grouped_radios.html",
                     context={"groups": groups, "rest": rest})

    def clean(self):
        cleaned = super().clean()
        for name, message in contradiction(cleaned).items():
            self.add_error(name, message)
        return cleaned
