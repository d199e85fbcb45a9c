"""The open-versus-closed lag on made-up timelines whose answers are known."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.frontier import DAYS_PER_MONTH, Point, frontier_steps, lag_on, level_on, mean_lag_months

D = dt.date


def closed(day, score, model="c"):
    return Point(day, score, False, model)


def opened(day, score, model="o"):
    return Point(day, score, True, model)


def test_no_lag_when_both_sides_move_together():
    steps = frontier_steps([closed(D(2025, 1, 1), 10), opened(D(2025, 1, 1), 10), closed(D(2025, 6, 1), 20), opened(D(2025, 6, 1), 20)])
    assert [lag_on(steps, d) for d in (D(2025, 1, 1), D(2025, 3, 1), D(2025, 6, 1), D(2026, 1, 1))] == [0, 0, 0, 0]


def test_a_constant_lag_of_three_months():
    points = [closed(D(2025, 1, 1), 10), closed(D(2025, 4, 1), 20), closed(D(2025, 7, 1), 30)]
    points += [opened(D(2025, 4, 1), 10), opened(D(2025, 7, 1), 20), opened(D(2025, 10, 1), 30)]
    steps = frontier_steps(points)
    assert lag_on(steps, D(2025, 4, 1)) == 90  # open reaches 10, which closed reached on 1 January
    assert lag_on(steps, D(2025, 6, 30)) == 90  # the same level, reached 90 days later
    assert lag_on(steps, D(2025, 7, 1)) == 91
    assert lag_on(steps, D(2025, 10, 1)) == 92
    assert mean_lag_months(steps, D(2025, 4, 1), D(2025, 12, 31)) == pytest.approx(91 / DAYS_PER_MONTH, abs=0.02)


def test_open_overtaking_is_zero_not_negative():
    steps = frontier_steps([closed(D(2025, 1, 1), 10), opened(D(2025, 3, 1), 15)])
    assert level_on(steps, D(2025, 3, 1), True) == 15
    assert lag_on(steps, D(2025, 3, 1)) == 0
    assert lag_on(steps, D(2025, 2, 1)) is None  # no open model yet


def test_gaps_in_the_data_give_no_lag_and_do_not_count_in_the_mean():
    steps = frontier_steps([closed(D(2025, 1, 11), 10), opened(D(2025, 1, 21), 10)])
    assert lag_on(steps, D(2025, 1, 1)) is None and lag_on(steps, D(2025, 1, 15)) is None
    # from 21 to 31 January: open reached 10 ten days after closed did
    assert mean_lag_months(steps, D(2025, 1, 1), D(2025, 1, 31)) == pytest.approx(10 / DAYS_PER_MONTH)
    assert mean_lag_months(steps, D(2024, 1, 1), D(2024, 12, 31)) is None


def test_a_model_that_does_not_beat_its_side_is_not_a_step():
    steps = frontier_steps(
        [closed(D(2025, 1, 1), 10, "a"), closed(D(2025, 2, 1), 8, "b"), opened(D(2025, 3, 1), 9, "c"), opened(D(2025, 4, 1), 9, "d")]
    )
    assert [s.model for s in steps] == ["a", "c"]


def test_lower_is_better_scales():
    steps = frontier_steps([closed(D(2025, 1, 1), 5.0), opened(D(2025, 3, 1), 5.0), closed(D(2025, 2, 1), 3.0)], higher_is_better=False)
    assert lag_on(steps, D(2025, 3, 1), higher_is_better=False) == 59
