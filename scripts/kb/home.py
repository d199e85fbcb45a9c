"""The home page: the control-versus-convenience framing and one card per task a newcomer
comes with, each card carrying figures computed from the catalog (never typed)."""

from __future__ import annotations

from typing import Any

from kb.capability import points_of
from kb.context import Context
from kb.frontier import DAYS_PER_MONTH, frontier_steps, lag_on
from kb.templating import page


def cheapest(ctx: Context, open_weights: bool) -> dict[str, Any] | None:
    """The current model with the lowest list price per million output tokens on one side."""
    priced = [
        m
        for m in ctx.models.values()
        if "pricing" in m and bool(m["open_weights"]) == open_weights and ctx.facts[m["id"]]["lifecycle"]["status"] == "active"
    ]
    return min(priced, key=lambda m: (m["pricing"]["output_usd_per_mtok"], m["id"]), default=None)


def today_lag(ctx: Context) -> tuple[str, float] | None:
    """(evaluation name, today's lag in months) from the headline independent score set."""
    for evaluation, scores in ctx.newest_sets:
        if scores is ctx.headline:
            steps = frontier_steps(points_of(ctx, scores), evaluation["higher_is_better"])
            lag = lag_on(steps, ctx.today, evaluation["higher_is_better"])
            return (evaluation["name"], lag / DAYS_PER_MONTH) if lag is not None else None
    return None


def home_page(ctx: Context) -> tuple[str, str]:
    models = list(ctx.models.values())
    opened = sum(bool(m["open_weights"]) for m in models)
    return page(
        "index.md",
        "Open vs Closed AI",
        "home.html",
        meta={"hide": ["navigation", "toc"]},
        models=len(models),
        makers=len(ctx.providers),
        opened=opened,
        closed=len(models) - opened,
        deployments=len(ctx.deployments),
        axes=len(ctx.axes),
        licences=len(ctx.licenses),
        capped=sum(1 for x in ctx.licenses.values() if "scale-cap" in x.get("limitations", [])),
        territorial=sum(1 for x in ctx.licenses.values() if x.get("territory_exclusions")),
        closed_low=cheapest(ctx, False),
        open_low=cheapest(ctx, True),
        lag=today_lag(ctx),
        newest=max(models, key=lambda m: (m["release_date"], m["id"]), default=None),
    )
