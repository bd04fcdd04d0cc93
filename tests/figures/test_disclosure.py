"""The disclosure rule itself (eunomia.figures.disclosure, ADR 65): pure, numbers in and decisions out.

Primary suppression at the edges of the threshold; secondary suppression with one, two and every
cell of a group suppressed, the total suppressed itself, parts not published, groups that do not
cover their total, and tables whose rows and columns both add up. The last tests check the module
against brute force: every way of filling in what a reader does not see, to prove no small count
can be worked out."""

import itertools
import random

import pytest

from eunomia.figures.disclosure import PRIMARY, SECONDARY, SHOWN, Cell, Group, Rule, protect, protect_table

RULE = Rule()


@pytest.mark.parametrize("value, hidden", [(None, False), (0, False), (1, True), (4, True), (5, False), (6, False),
                                           (1000, False)])
def test_counts_from_1_to_4_are_hidden_and_0_and_5_are_not(value, hidden):
    assert RULE.hides(value) is hidden


@pytest.mark.parametrize("threshold, value, hidden", [(3, 2, True), (3, 3, False), (10, 9, True), (10, 10, False)])
def test_the_threshold_is_the_partnerships(threshold, value, hidden):
    assert Rule(threshold=threshold).hides(value) is hidden


def test_what_a_reader_sees():
    assert RULE.text(3, PRIMARY) == "fewer than 5"
    assert RULE.text(40, SECONDARY) == "not published"
    assert RULE.text(40, SHOWN) == "40"
    assert RULE.text(40, SHOWN, lambda v: f"{v} people") == "40 people"
    assert Rule(threshold=10).text(7, PRIMARY) == "fewer than 10"


def test_the_statement_says_the_rule_in_force():
    statement = RULE.statement()
    assert "from 1 to 4 are shown as \u201cfewer than 5\u201d" in statement
    assert "zero is shown as 0" in statement
    assert "\u201cnot published\u201d" in statement
    assert "Counts of events" in statement
    alone = Rule(threshold=10, secondary=False).statement()
    assert "from 1 to 9" in alone and "not published" not in alone


def test_a_small_count_alone_is_hidden_and_the_rest_shown():
    statuses = protect({"a": Cell(3), "b": Cell(0), "c": Cell(5), "d": Cell(None)}, rule=RULE)
    assert statuses == {"a": PRIMARY, "b": SHOWN, "c": SHOWN, "d": SHOWN}


def test_a_small_count_of_events_is_shown():
    assert protect({"crimes": Cell(2, people=False)}, rule=RULE) == {"crimes": SHOWN}


def test_one_hidden_cell_in_a_row_with_its_total_takes_the_next_smallest_with_it():
    cells = {"female": Cell(40), "male": Cell(3), "other": Cell(12), "all": Cell(55)}
    statuses = protect(cells, [Group("all", ["female", "male", "other"])], rule=RULE)
    assert statuses == {"female": SHOWN, "male": PRIMARY, "other": SECONDARY, "all": SHOWN}


def test_two_hidden_cells_that_leave_room_need_nothing_more():
    # 3 and 4 add up to 7, and each could be anything from 3 to 4: neither is known.
    cells = {"a": Cell(3), "b": Cell(4), "c": Cell(13), "all": Cell(20)}
    assert protect(cells, [Group("all", ["a", "b", "c"])], rule=RULE) == {
        "a": PRIMARY, "b": PRIMARY, "c": SHOWN, "all": SHOWN}


def test_two_hidden_cells_that_must_both_be_1_take_a_third_with_them():
    # The total leaves 2 for two cells each at least 1: both are 1, so a third is withheld.
    cells = {"a": Cell(1), "b": Cell(1), "c": Cell(8), "d": Cell(30), "all": Cell(40)}
    assert protect(cells, [Group("all", ["a", "b", "c", "d"])], rule=RULE) == {
        "a": PRIMARY, "b": PRIMARY, "c": SECONDARY, "d": SHOWN, "all": SHOWN}


def test_every_cell_hidden_leaves_the_total_shown():
    cells = {"a": Cell(1), "b": Cell(2), "c": Cell(3), "all": Cell(6)}
    assert protect(cells, [Group("all", ["a", "b", "c"])], rule=RULE) == {
        "a": PRIMARY, "b": PRIMARY, "c": PRIMARY, "all": SHOWN}


def test_a_small_total_is_hidden_with_its_parts_and_a_zero_part_shown():
    cells = {"a": Cell(3), "b": Cell(1), "c": Cell(0), "all": Cell(4)}
    assert protect(cells, [Group("all", ["a", "b", "c"])], rule=RULE) == {
        "a": PRIMARY, "b": PRIMARY, "c": SHOWN, "all": PRIMARY}


def test_with_one_part_left_the_total_is_withheld():
    # Only the total could give the hidden part away: it goes.
    cells = {"a": Cell(3), "b": Cell(0), "all": Cell(3)}
    assert protect(cells, [Group("all", ["a", "b"])], rule=RULE) == {"a": PRIMARY, "b": SHOWN, "all": PRIMARY}
    cells = {"a": Cell(3), "all": Cell(10)}
    assert protect(cells, [Group("all", ["a", "b"])], rule=RULE)["all"] == SHOWN  # "b" is not a cell: no group
    cells = {"a": Cell(3), "b": Cell(7, published=False), "all": Cell(10)}
    assert protect(cells, [Group("all", ["a", "b"])], rule=RULE) == {"a": PRIMARY, "all": SHOWN}


def test_a_part_not_published_is_not_given_away_either():
    # 40 victims, 39 of them women: the one man (not even shown) would be worked out.
    cells = {"female": Cell(39), "male": Cell(1, published=False), "all": Cell(40)}
    assert protect(cells, [Group("all", ["female", "male"])], rule=RULE) == {"female": SECONDARY, "all": SHOWN}


def test_parts_that_do_not_cover_the_total_still_bound_the_hidden_one():
    # All victims include some of neither sex: 43 and 40 leave room for a man from 1 to 3.
    cells = {"female": Cell(40), "male": Cell(3), "all": Cell(43)}
    assert protect(cells, [Group("all", ["female", "male"], complete=False)], rule=RULE) == {
        "female": SHOWN, "male": PRIMARY, "all": SHOWN}
    # 43 and 42 leave room for 1 man at most, and "fewer than 5" says at least 1: he is known.
    cells = {"female": Cell(42), "male": Cell(1), "all": Cell(43)}
    assert protect(cells, [Group("all", ["female", "male"], complete=False)], rule=RULE) == {
        "female": SECONDARY, "male": PRIMARY, "all": SHOWN}


def test_without_secondary_suppression_only_the_small_counts_go():
    cells = {"female": Cell(40), "male": Cell(3), "all": Cell(43)}
    assert protect(cells, [Group("all", ["female", "male"])], rule=Rule(secondary=False)) == {
        "female": SHOWN, "male": PRIMARY, "all": SHOWN}


def test_a_table_with_row_and_column_totals_hides_a_rectangle():
    rows = [[3, 10, 13],
            [7, 8, 15],
            [10, 18, 28]]
    statuses = protect_table(rows, rule=RULE, row_totals=True, column_totals=True)
    assert statuses == [
        [PRIMARY, SECONDARY, SHOWN],
        [SECONDARY, SECONDARY, SHOWN],
        [SHOWN, SHOWN, SHOWN]]
    assert_nothing_small_can_be_worked_out(rows, statuses, RULE)


def test_a_table_without_totals_hides_only_small_counts():
    assert protect_table([[3, 10], [7, 0]], rule=RULE) == [[PRIMARY, SHOWN], [SHOWN, SHOWN]]


def test_a_count_worked_out_through_another_group_is_caught():
    # Withholding 10 in the first row is not enough: the second column gives it back, and then the
    # 3 with it. The chosen cells leave one degree of freedom.
    rows = [[3, 10, 20, 33],
            [7, 8, 9, 24],
            [12, 11, 14, 37],
            [22, 29, 43, 94]]
    statuses = protect_table(rows, rule=RULE, row_totals=True, column_totals=True)
    assert statuses[0][0] == PRIMARY
    assert sum(row.count(SECONDARY) for row in statuses) == 3
    assert_nothing_small_can_be_worked_out(rows, statuses, RULE)


# Against brute force -----------------------------------------------------------------------------------

def completions(rows, statuses, rule):
    """Every table (with its row and column totals) a reader could believe in, given what is shown:
    each hidden inner cell tried at every value it could have (a count shown "fewer than 5" from 1 to
    4, one not published from 0 to the grand total), row by row, the last hidden cell of a row with
    its total shown being what the total leaves."""
    height, width = len(rows) - 1, len(rows[0]) - 1
    most = rows[-1][-1] if statuses[-1][-1] == SHOWN else sum(map(sum, (r[:-1] for r in rows[:-1])))

    def fits(value, status, shown):
        return (value == shown if status == SHOWN else 1 <= value < rule.threshold if status == PRIMARY
                else value >= 0)

    def row_options(i):
        row, status = rows[i], statuses[i]
        hidden = [j for j in range(width) if status[j] != SHOWN]
        shown_sum = sum(row[j] for j in range(width) if status[j] == SHOWN)
        ranges = [range(1, rule.threshold) if status[j] == PRIMARY else range(0, most + 1) for j in hidden]
        if status[width] == SHOWN and hidden:
            ranges = ranges[:-1]
        for values in itertools.product(*ranges):
            filled = list(row[:-1])
            for j, value in zip(hidden, values):
                filled[j] = value
            if status[width] == SHOWN and hidden:
                last = row[width] - shown_sum - sum(values)
                if not fits(last, status[hidden[-1]], None):
                    continue
                filled[hidden[-1]] = last
            if fits(sum(filled), status[width], row[width]):
                yield filled

    for inner in itertools.product(*(list(row_options(i)) for i in range(height))):
        table = [list(row) + [sum(row)] for row in inner]
        table.append([sum(column) for column in zip(*table)])
        if all(fits(table[height][j], statuses[height][j], rows[height][j]) for j in range(width + 1)):
            yield table


def assert_nothing_small_can_be_worked_out(rows, statuses, rule):
    seen = {(i, j): set() for i, row in enumerate(rows) for j, _ in enumerate(row) if statuses[i][j] == PRIMARY}
    for table in completions(rows, statuses, rule):
        for (i, j), values in seen.items():
            values.add(table[i][j])
    pinned = [cell for cell, values in seen.items() if len(values) < 2]
    assert not pinned, f"{rows} shown as {statuses}: a reader works out {pinned}"


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_never_give_a_small_count_away(seed):
    generator = random.Random(seed)
    height, width = generator.choice([(2, 2), (2, 3), (3, 2)])
    inner = [[generator.choice([0, 1, 2, 3, 4, 5, 6, 9]) for _ in range(width)] for _ in range(height)]
    rows = [row + [sum(row)] for row in inner]
    rows.append([sum(column) for column in zip(*rows)])
    statuses = protect_table(rows, rule=RULE, row_totals=True, column_totals=True)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            assert (statuses[i][j] == PRIMARY) == RULE.hides(value), "a primary cell is exactly a small count"
    assert_nothing_small_can_be_worked_out(rows, statuses, RULE)


def test_the_brute_force_finds_a_count_given_away():
    rows = [[3, 10, 13], [7, 8, 15], [10, 18, 28]]
    only_primary = protect_table(rows, rule=Rule(secondary=False), row_totals=True, column_totals=True)
    with pytest.raises(AssertionError, match=r"works out \[\(0, 0\)\]"):
        assert_nothing_small_can_be_worked_out(rows, only_primary, RULE)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("threshold", [3, 10])
def test_random_tables_under_other_thresholds(seed, threshold):
    rule = Rule(threshold=threshold)
    generator = random.Random(seed)
    inner = [[generator.choice([0, 1, 2, threshold - 1, threshold, threshold + 3]) for _ in range(2)]
             for _ in range(2)]
    rows = [row + [sum(row)] for row in inner]
    rows.append([sum(column) for column in zip(*rows)])
    statuses = protect_table(rows, rule=rule, row_totals=True, column_totals=True)
    assert_nothing_small_can_be_worked_out(rows, statuses, rule)
