"""Equality figures for the plan: how many different people of each group (victims, alleged
perpetrators, people supported) fall in each category of each characteristic (ADR 66).

Counts of people: published values go through the partnership's disclosure rule, and each
characteristic's categories, "Prefer not to say" and "Not recorded" included, partition the total
("all"), so a suppressed category cannot be worked out from the total and the others
(`partitions`, eunomia.figures.disclosure). Only totals of population are held (LSOA estimates), not
population by ethnic group, age or the rest, so no rate by characteristic is given; the rate per 1,000
residents is given for everyone in a group (`*_per_1000`), against the partnership's population."""

from collections import Counter

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eunomia.casework.models import Person, ReportPerson, Role
from eunomia.casework.queries import VICTIM_ROLES
from eunomia.core.dates import local_day_range
from eunomia.core.equality import CHARACTERISTICS, NOT_RECORDED, PREFER_NOT_TO_SAY, QUESTION_NAMES
from eunomia.domesticabuse.models import DaPerson, SupportEpisode
from eunomia.equality.models import DaPersonEquality, PersonEquality
from eunomia.figures.drilldown import Counted, records_of
from eunomia.figures.models import Unit
from eunomia.figures.registry import COUNTS_PEOPLE, measure
from eunomia.geography.queries import population_of

ALL = "all"
SOURCE = _("Eunomia: casework records and their equality monitoring answers")
DA_SOURCE = _("Eunomia: domestic abuse support records and their equality monitoring answers")


_lower = lazy(lambda text: str(text).lower(), str)


def _group_label(characteristic, value, label):
    """Words for a definition ("... {group}."), translated when shown, not when the module is imported."""
    what = _lower(characteristic.label)
    if value == NOT_RECORDED:
        return format_lazy(_("whose {what} is not recorded"), what=what)
    if value == PREFER_NOT_TO_SAY:
        return format_lazy(_("who preferred not to say their {what}"), what=what)
    return format_lazy(_("whose {what} is recorded as {category}"), what=what, category=label)


# Every category of every characteristic, and everyone: a list (not a function of the data held), so the
# figures' list of calculations offers each of them.
GROUP_CHOICES = [(ALL, _("whatever their answers")), *[
    (f"{characteristic.key}:{value}", _group_label(characteristic, value, label))
    for characteristic in CHARACTERISTICS for value, label in characteristic.categories]]


PARTITIONS = {"group": [(ALL, [f"{characteristic.key}:{value}" for value, _label in characteristic.categories], True)
                        for characteristic in CHARACTERISTICS]}


# Who is counted ------------------------------------------------------------------------------------------

def casework_victims(partnership, period_start, period_end):
    return _named_in_reports(partnership, period_start, period_end, VICTIM_ROLES)


def casework_perpetrators(partnership, period_start, period_end):
    return _named_in_reports(partnership, period_start, period_end, [Role.PERPETRATOR])


def _named_in_reports(partnership, period_start, period_end, roles):
    """The different people named in `roles` in a report that happened in the period; a duplicate merged
    into another person counts as that person."""
    start, end = local_day_range(period_start, period_end)
    return set(ReportPerson.objects.filter(report__partnership=partnership, role__in=roles,
                                           report__occurred_at__gte=start, report__occurred_at__lt=end)
               .annotate(who=Coalesce("person__merged_into", "person")).values_list("who", flat=True))


def da_people_supported(partnership, period_start, period_end):
    """The different DA victims with IDVA or volunteer support open on at least one day of the period."""
    return set(SupportEpisode.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period_start),
                                             partnership=partnership, started_on__lte=period_end)
               .values_list("victim_id", flat=True))


# group -> (who is counted, their equality answers, the people's model, the kind of record listing them)
GROUPS = {
    "casework_victims": (casework_victims, PersonEquality, Person, "casework.person"),
    "casework_perpetrators": (casework_perpetrators, PersonEquality, Person, "casework.person"),
    "da_supported": (da_people_supported, DaPersonEquality, DaPerson, "domesticabuse.person"),
}


def _answers(group, ids):
    answers_model = GROUPS[group][1]
    return {row["person_id"]: row for row in answers_model.objects.filter(person_id__in=ids).values(
        "person_id", *QUESTION_NAMES)}


def counts_by_characteristic(group, partnership, period_start, period_end):
    """{"all": n, characteristic key: Counter(category -> n)} for one of GROUPS: every person counted
    once in each characteristic, in exactly one of its categories."""
    ids = GROUPS[group][0](partnership, period_start, period_end)
    answers = _answers(group, ids)
    counts = {ALL: len(ids)}
    for characteristic in CHARACTERISTICS:
        counts[characteristic.key] = Counter(characteristic.category_of(answers.get(pk, {})) for pk in ids)
    return counts


def people_counted(group, partnership, period_start, period_end, which):
    """The ids of the people of `group` counted under `which`: everyone ("all"), or those in one category
    of one characteristic ("sex:female"), as counts_by_characteristic places them."""
    ids = GROUPS[group][0](partnership, period_start, period_end)
    if which == ALL:
        return ids
    key, category = which.split(":", 1)
    characteristic = next(c for c in CHARACTERISTICS if c.key == key)
    answers = _answers(group, ids)
    return {pk for pk in ids if characteristic.category_of(answers.get(pk, {})) == category}


def _count(group, *, partnership, period_start, period_end, which):
    return len(people_counted(group, partnership, period_start, period_end, which))


def _counted(group, *, partnership, period_start, period_end, which):
    _people, _answers_model, model, kind = GROUPS[group]
    return Counted(kind, model.objects.filter(pk__in=people_counted(group, partnership, period_start, period_end,
                                                                      which)))


def _rate(count, population):
    """People per 1,000 residents; None while the population is not known for every LSOA."""
    if not population.total or population.lsoas_without_population:
        return None
    return round(count * 1000 / population.total, 2)


def _per_1000(group, *, partnership, period_start, period_end):
    return _rate(len(GROUPS[group][0](partnership, period_start, period_end)), population_of(partnership))


def _per_1000_counted(group, *, partnership, period_start, period_end):
    population = population_of(partnership)
    found = _counted(group, partnership=partnership, period_start=period_start, period_end=period_end, which=ALL)
    found.formula = lambda totals: _rate(totals.count, population)
    found.working = lambda totals: _rate_in_words(totals.count, population)
    return found


def _rate_in_words(count, population):
    people = f"{count:,} {'person' if count == 1 else 'people'}"
    if not population.total or population.lsoas_without_population:
        return f"{people}; no rate, because the population of the partnership's area is not known for every LSOA"
    return f"{people} among {population.total:,} residents: {_rate(count, population)} per 1,000 residents"


# The measures ------------------------------------------------------------------------------------------------

PER_PERSON = _("A person counts once however many reports name them; one with no answers counts as not recorded.")


@measure("equality.casework_victims", unit=Unit.COUNT, source=SOURCE, counts=COUNTS_PEOPLE,
         title=_("Victims and complainants of anti-social behaviour, by equality characteristic"),
         definition=format_lazy("{} {}", _(
             "Number of different people named as victim or complainant in a report of anti-social behaviour that "
             "happened in the figure's period, {group}, from their equality monitoring answers."), PER_PERSON),
         params={"group": GROUP_CHOICES}, partitions=PARTITIONS)
def victims(*, partnership, period_start, period_end, group):
    return _count("casework_victims", partnership=partnership, period_start=period_start, period_end=period_end,
                  which=group)


@records_of("equality.casework_victims")
def victims_counted(*, partnership, period_start, period_end, group):
    return _counted("casework_victims", partnership=partnership, period_start=period_start, period_end=period_end,
                    which=group)


@measure("equality.casework_perpetrators", unit=Unit.COUNT, source=SOURCE, counts=COUNTS_PEOPLE,
         title=_("Alleged perpetrators of anti-social behaviour, by equality characteristic"),
         definition=format_lazy("{} {}", _(
             "Number of different people named as alleged perpetrator in a report of anti-social behaviour that "
             "happened in the figure's period, {group}, from their equality monitoring answers."), PER_PERSON),
         params={"group": GROUP_CHOICES}, partitions=PARTITIONS)
def perpetrators(*, partnership, period_start, period_end, group):
    return _count("casework_perpetrators", partnership=partnership, period_start=period_start,
                  period_end=period_end, which=group)


@records_of("equality.casework_perpetrators")
def perpetrators_counted(*, partnership, period_start, period_end, group):
    return _counted("casework_perpetrators", partnership=partnership, period_start=period_start,
                    period_end=period_end, which=group)


@measure("equality.da_supported", unit=Unit.COUNT, source=DA_SOURCE, counts=COUNTS_PEOPLE,
         title=_("Domestic abuse victims supported, by equality characteristic"),
         definition=_("Number of different domestic abuse victims with IDVA or volunteer support open on at least one "
                      "day of the figure's period, {group}, from their equality monitoring answers. A victim counts "
                      "once however many episodes of support they had; one with no answers counts as not recorded."),
         params={"group": GROUP_CHOICES}, partitions=PARTITIONS)
def supported(*, partnership, period_start, period_end, group):
    return _count("da_supported", partnership=partnership, period_start=period_start, period_end=period_end,
                  which=group)


@records_of("equality.da_supported")
def supported_counted(*, partnership, period_start, period_end, group):
    return _counted("da_supported", partnership=partnership, period_start=period_start, period_end=period_end,
                    which=group)


# A rate takes its count's parameter, so it is withheld wherever that count is; only "all" is offered.
EVERYONE = {"group": [(ALL, _("whatever their answers"))]}
RATE = _("for every 1,000 residents of the partnership's area (the population estimates imported for its LSOAs). No "
         "value while any of its LSOAs has no population. Given for everyone only: population by ethnic group, sex, "
         "age and the other characteristics is not held, so rates by characteristic cannot be worked out.")
WITH_POPULATION = _("and LSOA population estimates")


@measure("equality.casework_victims_per_1000", unit=Unit.NUMBER, source=format_lazy("{} {}", SOURCE, WITH_POPULATION),
         title=_("Victims and complainants of anti-social behaviour per 1,000 residents"),
         definition=format_lazy("{} {}", _(
             "Number of different people named as victim or complainant in a report of anti-social behaviour that "
             "happened in the figure's period"), RATE),
         params=EVERYONE, based_on="equality.casework_victims")
def victims_per_1000(*, partnership, period_start, period_end, group):
    return _per_1000("casework_victims", partnership=partnership, period_start=period_start, period_end=period_end)


@records_of("equality.casework_victims_per_1000")
def victims_per_1000_counted(*, partnership, period_start, period_end, group):
    return _per_1000_counted("casework_victims", partnership=partnership, period_start=period_start,
                             period_end=period_end)


@measure("equality.casework_perpetrators_per_1000", unit=Unit.NUMBER,
         source=format_lazy("{} {}", SOURCE, WITH_POPULATION),
         title=_("Alleged perpetrators of anti-social behaviour per 1,000 residents"),
         definition=format_lazy("{} {}", _(
             "Number of different people named as alleged perpetrator in a report of anti-social behaviour that "
             "happened in the figure's period"), RATE),
         params=EVERYONE, based_on="equality.casework_perpetrators")
def perpetrators_per_1000(*, partnership, period_start, period_end, group):
    return _per_1000("casework_perpetrators", partnership=partnership, period_start=period_start,
                     period_end=period_end)


@records_of("equality.casework_perpetrators_per_1000")
def perpetrators_per_1000_counted(*, partnership, period_start, period_end, group):
    return _per_1000_counted("casework_perpetrators", partnership=partnership, period_start=period_start,
                             period_end=period_end)


@measure("equality.da_supported_per_1000", unit=Unit.NUMBER, source=format_lazy("{} {}", DA_SOURCE, WITH_POPULATION),
         title=_("Domestic abuse victims supported per 1,000 residents"),
         definition=format_lazy("{} {}", _(
             "Number of different domestic abuse victims with support open in the figure's period"), RATE),
         params=EVERYONE, based_on="equality.da_supported")
def supported_per_1000(*, partnership, period_start, period_end, group):
    return _per_1000("da_supported", partnership=partnership, period_start=period_start, period_end=period_end)


@records_of("equality.da_supported_per_1000")
def supported_per_1000_counted(*, partnership, period_start, period_end, group):
    return _per_1000_counted("da_supported", partnership=partnership, period_start=period_start,
                             period_end=period_end)
