"""`field__any_of=values` (eunomia.core.ids): a list as one parameter, integers or text, on both
databases: the same rows as `__in`, whatever the values hold."""

from eunomia.partners.models import Organisation


def names(**lookup):
    return sorted(Organisation.objects.filter(**lookup).values_list("name", flat=True))


def test_any_of_finds_what_in_finds_for_ids_and_text(council, housing):
    both = ["Testvale Council", "Testvale Homes"]
    assert names(pk__any_of=(pk for pk in [housing.pk, council.pk, housing.pk])) == both
    assert names(pk__any_of={council.pk, 10**12}) == ["Testvale Council"]  # an id no row has
    assert names(pk__any_of=[]) == [] and names(name__any_of=set()) == []
    asked = {"Testvale Homes", "Nowhere"}
    assert names(name__any_of=asked) == names(name__in=asked) == ["Testvale Homes"]
    assert names(name__any_of=["testvale homes"]) == []  # exact, as `__in` is


def test_text_with_quotes_braces_and_commas_is_a_value_not_syntax(council):
    odd = ['O\'Brien "Homes"', "{a,b}", "x\\y", "Testvale Council, Ltd", "[1, 2]", "NULL", "Zoë"]
    for name in odd:
        Organisation.objects.create(name=name, kind="other")
    assert names(name__any_of=odd) == sorted(odd)
    assert names(name__any_of=["{a,b}"]) == ["{a,b}"] and names(name__any_of=["NULL"]) == ["NULL"]
