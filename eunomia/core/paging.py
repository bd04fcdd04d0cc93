"""Lists in pages, through Django's Paginator."""

from collections.abc import Sequence

from django.core.paginator import Paginator


class _Fetched(Sequence):
    """The rows of one page and the one after it, fetched in one query, standing in for the whole list
    before them: as long as the rows before the page plus those fetched."""

    def __init__(self, rows, offset):
        self.rows, self.offset = rows, offset

    def __len__(self):
        return self.offset + len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _ = index.indices(len(self))
            return self.rows[max(0, start - self.offset):max(0, stop - self.offset)]
        return self.rows[index - self.offset]


def page_of(items, number, *, per_page):
    """The `number`th page of `items` (a queryset or a list); anything not a page number is the
    first page, a page past the end the last.

    A list over a million visible reports is not counted to show its first 50 (ADR 24): only the
    page asked for and the row after it are fetched, in one query, so a ranked search is worked out
    once, not once to count and again to list (ADR 58). A page knows whether another follows it,
    not how many there are in all."""
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    rows = list(items[offset:offset + per_page + 1])
    if not rows and offset:
        # Past the end (an old link, a hand-typed number): the last page, counted this once.
        return Paginator(items, per_page).get_page(number)
    return Paginator(_Fetched(rows, offset), per_page).get_page(number)
