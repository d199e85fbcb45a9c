"""How far open-weight models trail closed ones, computed from sourced scores of one evaluation version.

The closed frontier on a day is the best score of any closed model released by then; the open
frontier likewise for open-weight models. The lag on a day compares when each side first
reached the open frontier's level of that day: how many days after a closed model an open
model got there. It is zero when open models got there first or at the same time (or closed
models never did), and None when either side has no scored model yet. Averages are over the
days of a period that have a lag. Plain functions of plain data, so they can be tested on made-up
timelines with known answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class Point:
    """One model's score, placed on its release day."""

    day: dt.date
    score: float
    open: bool
    model: str = ""


@dataclass(frozen=True)
class Step:
    """A day on which one side's frontier rose, and the model that raised it."""

    day: dt.date
    score: float
    open: bool
    model: str


def frontier_steps(points: Iterable[Point], higher_is_better: bool = True) -> list[Step]:
    """The records of each side, in time order: every model that beat its side's best so far."""
    best: dict[bool, float] = {}
    steps = []
    for p in sorted(points, key=lambda p: (p.day, -p.score if higher_is_better else p.score, p.model)):
        before = best.get(p.open)
        if before is None or (p.score > before if higher_is_better else p.score < before):
            best[p.open] = p.score
            steps.append(Step(p.day, p.score, p.open, p.model))
    return steps


def level_on(steps: list[Step], day: dt.date, open_side: bool) -> float | None:
    """The side's frontier on a day (its last record at or before the day)."""
    level = None
    for step in steps:
        if step.day > day:
            break
        if step.open == open_side:
            level = step.score
    return level


def first_reached(steps: list[Step], level: float, open_side: bool, higher_is_better: bool = True) -> dt.date | None:
    for step in steps:
        if step.open == open_side and (step.score >= level if higher_is_better else step.score <= level):
            return step.day
    return None


def lag_on(steps: list[Step], day: dt.date, higher_is_better: bool = True) -> int | None:
    """Days by which open models trailed closed ones in reaching the open frontier's level of the day."""
    known = [s for s in steps if s.day <= day]
    open_level = level_on(known, day, True)
    if open_level is None or level_on(known, day, False) is None:
        return None
    reached_open = first_reached(known, open_level, True, higher_is_better)
    reached_closed = first_reached(known, open_level, False, higher_is_better)
    if reached_open is None or reached_closed is None:
        return 0
    return max(0, (reached_open - reached_closed).days)


def mean_lag_months(steps: list[Step], start: dt.date, end: dt.date, higher_is_better: bool = True) -> float | None:
    """The average lag over the days from start to end (both included) that have one, in months."""
    lags = []
    day = start
    while day <= end:
        lag = lag_on(steps, day, higher_is_better)
        if lag is not None:
            lags.append(lag)
        day += dt.timedelta(days=1)
    return sum(lags) / len(lags) / DAYS_PER_MONTH if lags else None
