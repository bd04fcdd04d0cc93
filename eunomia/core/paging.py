"""Lists in pages, through Django's Paginator."""

from django.core.paginator import Paginator


def page_of(items, number, *, per_page):
    """The `number`th page of `items` (a queryset or a list); anything not a page number is the
    first page, a page past the end the last.

    The Paginator is given the items only up to the first one after the page asked for, so it
    counts no further than that: a list over a million visible reports is not counted to show its
    first 50 (ADR 24). A page knows whether another follows it, not how many there are in all."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    return Paginator(items[:number * per_page + 1], per_page).get_page(number)
