"""The open-versus-closed frontier page: sourced scores over time, the lag computed from them,
and the evaluators' own published figures beside it. Everything is derived from the catalog."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.context import Context
from kb.frontier import DAYS_PER_MONTH, Point, Step, frontier_steps, lag_on, mean_lag_months
from kb.markup import esc, link, md
from kb.pages import page, section, table
from kb.rules import parse_date
from kb.templating import href

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 380, 56, 16, 16, 48
# periods shown when the evaluator publishes no figure of its own: 2026 so far and 2023 to 2025
DEFAULT_PERIODS = (("2026-01-01", "2026-05-31"), ("2023-01-01", "2025-10-31"))


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


def chart(ctx: Context, evaluation: dict[str, Any], points: list[Point], steps: list[Step]) -> str:
    """Every scored model as a point (open: circle, closed: square) and each side's frontier as a
    step line, on a time axis from the first release to today."""
    start = min(p.day for p in points)
    span_days = max(1, (ctx.today - start).days)
    low, high = min(p.score for p in points), max(p.score for p in points)
    pad = (high - low) * 0.05 or 1
    low, high = low - pad, high + pad
    if not evaluation["higher_is_better"]:
        low, high = high, low

    def x(day: dt.date) -> float:
        return LEFT + (day - start).days / span_days * (WIDTH - LEFT - RIGHT)

    def y(score: float) -> float:
        return TOP + (high - score) / (high - low) * (HEIGHT - TOP - BOTTOM)

    ident = f"kb-frontier-{esc(evaluation['id'])}"
    parts = [
        f'<svg class="kb-chart kb-frontier" id="{ident}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{ident}-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{esc(evaluation["name"])} of every scored model by release date; the lines are the best '
        "closed (squares) and best open-weight (circles) score so far. The table below lists the same records.</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{WIDTH - LEFT - RIGHT}" height="{HEIGHT - TOP - BOTTOM}" class="kb-chart-area"/>',
    ]
    for year in range(start.year + 1, ctx.today.year + 1):
        gx = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{gx:.1f}" y1="{TOP}" x2="{gx:.1f}" y2="{HEIGHT - BOTTOM}" class="kb-grid"/>')
        parts.append(f'<text x="{gx:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" class="kb-tick">{year}</text>')
    for i in range(5):
        value = low + (high - low) * i / 4
        parts.append(f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" class="kb-tick">{value:.0f}</text>')
    unit = evaluation.get("scale", {}).get("unit", "score")
    parts.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{HEIGHT - 8}" text-anchor="middle" class="kb-axis">Release date → ({esc(unit)})</text>'
    )
    for p in sorted(points, key=lambda p: (p.day, p.model)):
        cx, cy = x(p.day), y(p.score)
        shape = (
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" class="kb-open"/>'
            if p.open
            else f'<rect x="{cx - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" height="7" class="kb-closed"/>'
        )
        parts.append(f'<g data-model="{esc(p.model)}">{shape}</g>')
    for side, cls in ((False, "kb-closed-line"), (True, "kb-open-line")):
        mine = [s for s in steps if s.open == side]
        if not mine:
            continue
        path = f"M{x(mine[0].day):.1f},{y(mine[0].score):.1f}"
        for after in mine[1:]:
            path += f" H{x(after.day):.1f} V{y(after.score):.1f}"
        path += f" H{x(ctx.today):.1f}"
        parts.append(f'<path d="{path}" class="{cls}"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def records_table(ctx: Context, evaluation: dict[str, Any], steps: list[Step]) -> str:
    path = "frontier.md"
    rows = [
        [
            f"<time>{esc(ctx.models[s.model]['release_date'])}</time>",
            link(href(path, "model", s.model), ctx.models[s.model]["name"]),
            "open weights" if s.open else "closed",
            f"{s.score:g}",
        ]
        for s in steps
    ]
    return '<div class="kb-table-wrap">' + table(["Released", "Model", "Side", esc(evaluation["name"])], rows) + "</div>"


def lag_table(ctx: Context, evaluation: dict[str, Any], steps: list[Step]) -> str:
    higher = evaluation["higher_is_better"]
    today = lag_on(steps, ctx.today, higher)
    rows = [["Today", "—" if today is None else months(today / DAYS_PER_MONTH), "—"]]
    published = {(g["from"], g["to"]): g for g in evaluation.get("published_gaps", [])}
    for start, end in list(published) or DEFAULT_PERIODS:
        first, last = parse_date(start), month_end(end)
        if not first or not last:
            continue
        ours = mean_lag_months(steps, first, min(last, ctx.today), higher)
        theirs = published.get((start, end))
        cell = months(theirs["months"]) + " (" + link(theirs["source"], "source", external=True) + ")" if theirs else "—"
        rows.append([f"{esc(start)} to {esc(end)}", months(ours), cell])
    return table(["Period", "Computed from the catalog (average)", f"Published by {esc(evaluation['evaluator'])}"], rows)


METHOD = (
    "For each evaluation the page takes its newest set of independently measured scores (never mixing "
    "versions: an index that is re-fitted or rescaled is read from one release only) and places every scored "
    "model on its release date. The closed frontier on a day is the best score of any closed model released "
    "by then, and the open frontier the best score of any open-weight model. The lag on a day is how many days "
    "after a closed model an open-weight model first reached the open frontier's level of that day: zero when "
    "an open model got there first. The averages are over the days of each period. Only models in this "
    "catalog count, so a frontier model the catalog lacks is missing here too."
)
DIFFERENCES = (
    "Why the figures can differ from the evaluator's: the evaluator counts every model in its own data, while "
    "this page counts only the models in this catalog, so a missing open or closed record changes the steps; "
    "the evaluator reads its figure from its own snapshot and method (for example a smoothed frontier, or the "
    "gap in score converted to time), while this page uses one snapshot as published and the exact days on which "
    "each side first reached a level; and an index that is re-fitted moves every model a little between snapshots."
)


def frontier_page(ctx: Context) -> tuple[str, str]:
    path = "frontier.md"
    parts = [
        "<p>How far do open-weight models trail closed ones? This page answers from sourced, independent scores "
        "in the catalog, and puts the evaluators' own published figures beside the result.</p>",
        section("Method", f"<p>{esc(METHOD)}</p>", "method"),
    ]
    sets = ctx.newest_sets
    if not sets:
        parts.append("<p>No independent scores are in the catalog yet.</p>")
    for evaluation, scores in sets:
        points = points_of(ctx, scores)
        if not points:
            continue
        steps = frontier_steps(points, evaluation["higher_is_better"])
        opened = sum(p.open for p in points)
        intro = (
            f"<p>{len(points)} models scored ({opened} open-weight, {len(points) - opened} closed), version "
            f"<strong>{esc(scores['version'])}</strong> read on <time>{esc(scores['as_of'])}</time> from "
            + link(scores["source"], evaluation["evaluator"], external=True)
            + (f". {esc(scores['note'])}" if scores.get("note") else ".")
            + "</p>"
        )
        body = "\n".join(
            part
            for part in [
                md(evaluation["summary"]),
                intro,
                f'<figure class="kb-figure">{chart(ctx, evaluation, points, steps)}'
                "<figcaption>Squares: closed models; circles: open-weight models. Lines: the best score so far on each side.</figcaption></figure>",
                "<h3>The lag</h3>",
                lag_table(ctx, evaluation, steps),
                f"<p>{esc(DIFFERENCES)}</p>" if evaluation.get("published_gaps") else "",
                "<h3>Frontier records</h3>",
                "<p>Every model that set a new best score for its side when it was released.</p>",
                records_table(ctx, evaluation, steps),
            ]
            if part  # no blank line: a generated page is one HTML block
        )
        parts.append(section(evaluation["name"], body, evaluation["id"]))
    return page(path, "Open versus closed: the capability frontier", parts, hide=["toc"])
