"""The open-versus-closed frontier page: sourced scores over time, the lag computed from them,
and the evaluators' own published figures beside it. Everything is derived from the catalog."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from kb.context import Context
from kb.frontier import DAYS_PER_MONTH, Point, Step, frontier_steps, lag_on, mean_lag_months
from kb.rules import parse_date
from kb.templating import page

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 380, 56, 16, 16, 48
MARK = 7  # a model's mark: a square this wide, or a circle this across
# The chart's fixed geometry in SVG units: the plot area inside the margins, and where the axis labels sit.
FRAME = {
    "width": WIDTH,
    "height": HEIGHT,
    "left": LEFT,
    "top": TOP,
    "plot_width": WIDTH - LEFT - RIGHT,
    "plot_height": HEIGHT - TOP - BOTTOM,
    "plot_bottom": HEIGHT - BOTTOM,
    "year_y": HEIGHT - BOTTOM + 16,
    "score_x": LEFT - 6,
    "axis_x": round((LEFT + WIDTH - RIGHT) / 2),
    "axis_y": HEIGHT - 8,
    "mark": MARK,
    "mark_radius": MARK / 2,
}
# periods shown when the evaluator publishes no figure of its own: 2026 so far and 2023 to 2025
DEFAULT_PERIODS = (("2026-01-01", "2026-05-31"), ("2023-01-01", "2025-10-31"))


class Mark(NamedTuple):
    """A scored model: an open-weight one is a circle centred on (x, y), a closed one a square
    whose top-left corner is (x, y)."""

    model: str
    open: bool
    x: float
    y: float


class Line(NamedTuple):
    """One side's frontier: from start, at each step across to x and then up or down to y,
    and at last across to end_x (today)."""

    open: bool
    start: tuple[float, float]
    steps: list[tuple[float, float]]
    end_x: float


class Chart(NamedTuple):
    """A frontier chart as coordinates in SVG units, rounded to one decimal place."""

    years: list[tuple[int, float]]  # (year, x of its 1 January)
    scores: list[tuple[str, float]]  # (score label, y of its baseline)
    marks: list[Mark]
    lines: list[Line]


class LagRow(NamedTuple):
    period: str
    computed: str
    published: str
    source: str | None = None  # where the evaluator published its figure


class Frontier(NamedTuple):
    """One evaluation's part of the page."""

    evaluation: dict[str, Any]
    scores: dict[str, Any]
    opened: int
    closed: int
    chart: Chart
    lag: list[LagRow]
    records: list[Step]


def points_of(ctx: Context, scores: dict[str, Any]) -> list[Point]:
    points = []
    for result in scores["results"]:
        model = ctx.models.get(result["model"])
        day = parse_date(model["release_date"]) if model else None
        if model and day:
            points.append(Point(day, float(result["value"]), bool(model["open_weights"]), model["id"]))
    return points


def month_end(text: str) -> dt.date | None:
    """The last day a date means: a month-only YYYY-MM ends on that month's last day."""
    day = parse_date(text)
    if day and len(text) == 7:
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return day


def months(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} months"


def at(value: float) -> float:
    """A coordinate to one decimal place: finer than the eye can see, and the same digits on every build."""
    return round(value, 1)


def chart(today: dt.date, higher_is_better: bool, points: list[Point], steps: list[Step]) -> Chart:
    """Every scored model as a mark and each side's frontier as a step line, on a time axis
    from the first release to today."""
    start = min(p.day for p in points)
    span_days = max(1, (today - start).days)
    low, high = min(p.score for p in points), max(p.score for p in points)
    pad = (high - low) * 0.05 or 1
    low, high = low - pad, high + pad
    if not higher_is_better:
        low, high = high, low

    def x(day: dt.date) -> float:
        return LEFT + (day - start).days / span_days * (WIDTH - LEFT - RIGHT)

    def y(score: float) -> float:
        return TOP + (high - score) / (high - low) * (HEIGHT - TOP - BOTTOM)

    def mark(p: Point) -> Mark:
        offset = 0 if p.open else MARK / 2  # a circle is placed by its centre, a square by its corner
        return Mark(p.model, p.open, at(x(p.day) - offset), at(y(p.score) - offset))

    lines = []
    for side in (False, True):
        mine = [s for s in steps if s.open == side]
        if mine:
            start_at = (at(x(mine[0].day)), at(y(mine[0].score)))
            lines.append(Line(side, start_at, [(at(x(s.day)), at(y(s.score))) for s in mine[1:]], at(x(today))))
    return Chart(
        years=[(year, at(x(dt.date(year, 1, 1)))) for year in range(start.year + 1, today.year + 1)],
        scores=[(f"{value:.0f}", at(y(value) + 4)) for value in (low + (high - low) * i / 4 for i in range(5))],
        marks=[mark(p) for p in sorted(points, key=lambda p: (p.day, p.model))],
        lines=lines,
    )


def lag_rows(ctx: Context, evaluation: dict[str, Any], steps: list[Step]) -> list[LagRow]:
    """Today's lag, then the average over each period the evaluator published a figure for
    (or over the default periods), beside that figure."""
    higher = evaluation["higher_is_better"]
    today = lag_on(steps, ctx.today, higher)
    rows = [LagRow("Today", "—" if today is None else months(today / DAYS_PER_MONTH), "—")]
    published = {(g["from"], g["to"]): g for g in evaluation.get("published_gaps", [])}
    for start, end in list(published) or DEFAULT_PERIODS:
        first, last = parse_date(start), month_end(end)
        if not first or not last:
            continue
        ours = months(mean_lag_months(steps, first, min(last, ctx.today), higher))
        theirs = published.get((start, end))
        period = f"{start} to {end}"
        rows.append(LagRow(period, ours, months(theirs["months"]), theirs["source"]) if theirs else LagRow(period, ours, "—"))
    return rows


def frontier_of(ctx: Context, evaluation: dict[str, Any], scores: dict[str, Any]) -> Frontier | None:
    points = points_of(ctx, scores)
    if not points:
        return None
    steps = frontier_steps(points, evaluation["higher_is_better"])
    opened = sum(p.open for p in points)
    return Frontier(
        evaluation,
        scores,
        opened,
        len(points) - opened,
        chart(ctx.today, evaluation["higher_is_better"], points, steps),
        lag_rows(ctx, evaluation, steps),
        steps,
    )


def frontier_page(ctx: Context) -> tuple[str, str]:
    frontiers = [f for evaluation, scores in ctx.newest_sets if (f := frontier_of(ctx, evaluation, scores))]
    return page(
        "frontier.md",
        "Open versus closed: the capability frontier",
        "frontier.html",
        meta={"hide": ["toc"]},
        frontiers=frontiers,
        models=ctx.models,
        frame=FRAME,
    )
