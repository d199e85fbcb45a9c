"""The home page: the control-versus-convenience framing and one card per task a newcomer
comes with, each card carrying figures computed from the catalog (never typed)."""

from __future__ import annotations

from typing import Any

from kb.capability import points_of
from kb.context import Context
from kb.frontier import DAYS_PER_MONTH, frontier_steps, lag_on
from kb.markup import esc
from kb.pages import page

FRAMING = (
    "Choosing between an <strong>open-weight model you run yourself</strong> and a <strong>closed model you rent "
    "through an API</strong> is a choice between <strong>control and convenience</strong>. Control means you decide "
    "which model version runs, where your data goes, what you may change and what you pay as you grow. Convenience "
    "means someone else runs the hardware, ships the upgrades and answers for uptime, on their terms. This site sets "
    "out the facts that choice rests on, side by side, each with its source and the day it was last checked."
)
HOW_TO_READ = (
    "Facts that could not be confirmed are left empty rather than guessed. Derived figures (openness level and "
    "score, memory to self-host, lifecycle labels, the frontier lag) are computed from the catalog. New here? Start "
    'with the guide on <a href="guides/control-vs-convenience.html">control versus convenience</a>; the whole '
    'catalog is also on the <a href="data.html">Data</a> page as JSON and CSV.'
)


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


def card(href: str, title: str, figure: str, text: str) -> str:
    return (
        f'<li class="kb-card"><a href="{esc(href)}"><strong>{esc(title)}</strong></a>'
        f'<span class="kb-card-figure">{figure}</span><span class="kb-card-text">{esc(text)}</span></li>'
    )


def home_page(ctx: Context) -> tuple[str, str]:
    models = list(ctx.models.values())
    opened = sum(bool(m["open_weights"]) for m in models)
    capped = sum(1 for x in ctx.licenses.values() if "scale-cap" in x.get("limitations", []))
    territorial = sum(1 for x in ctx.licenses.values() if x.get("territory_exclusions"))
    closed_low, open_low = cheapest(ctx, False), cheapest(ctx, True)
    newest = max(models, key=lambda m: (m["release_date"], m["id"]), default=None)
    lag = today_lag(ctx)
    price = (
        f"From ${closed_low['pricing']['output_usd_per_mtok']:.2f} per million output tokens ({esc(closed_low['name'])})"
        if closed_low
        else "List prices per million tokens"
    )
    if open_low:
        price += f"; open weights on their maker's API from ${open_low['pricing']['output_usd_per_mtok']:.2f} ({esc(open_low['name'])})"
    cards = [
        card(
            "compare/index.html",
            "Compare models",
            f"{len(models)} models from {len(ctx.providers)} makers: {opened} open-weight, {len(models) - opened} closed",
            "Pick two to four models and see licence, size, context, price and openness side by side.",
        ),
        card(
            "decide.html",
            "Decide for your organisation",
            f"{len(ctx.deployments)} deployment options rated on {len(ctx.axes)} trade-offs",
            "Say what you need (commercial use, your own infrastructure, where you are based, budget) and get "
            "ranked options and models, each exclusion with its reason.",
        ),
        card(
            "licenses/index.html",
            "Read a licence",
            f"{len(ctx.licenses)} licences and terms; {capped} cap users or revenue, {territorial} withhold rights in some regions",
            "What each licence lets you do, asks of you and rules out, clause by clause.",
        ),
        card(
            "models/index.html?sort=pout&dir=asc",
            "What does it cost?",
            price,
            "Sort and filter the models table by the makers' own list prices.",
        ),
        card(
            "frontier.html",
            "How far behind are open models?",
            f"{lag[1]:.1f} months today on the {esc(lag[0])}" if lag else "Computed from independent scores",
            "The best open and closed scores over time, and the lag computed from them.",
        ),
        card(
            "coverage.html",
            "How current is this?",
            f"Newest entry: {esc(newest['name'])}, released {esc(newest['release_date'])}" if newest else "",
            "Each maker's newest entry, and what is due for another check.",
        ),
    ]
    parts = [
        f"<p>{FRAMING}</p>",
        '<ul class="kb-cards">\n' + "\n".join(cards) + "\n</ul>",
        f"<p>{HOW_TO_READ}</p>",
    ]
    return page("index.md", "Open vs Closed AI", parts, hide=["navigation", "toc"])
