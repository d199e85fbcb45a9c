"""The coverage and freshness page: how current the catalog is, per maker, and what to check next."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from kb.context import Context
from kb.rules import parse_date
from kb.templating import page

# an entry not checked for this long is due for another look (it is flagged stale after 12 months)
DUE_AFTER_DAYS = 180


def _day(text: str | None) -> dt.date:
    return parse_date(text or "") or dt.date.min


def due_for_review(ctx: Context) -> list[tuple[dict[str, Any], str]]:
    """(model, reason), oldest check first: not verified for DUE_AFTER_DAYS, or a newer model of
    the same maker and family appeared after the last check and the entry names no successor."""
    newest_in_family: dict[tuple[str, str], dict[str, Any]] = {}
    for m in ctx.models.values():
        group = (m["provider"], m.get("family", ""))
        if m.get("family") and _day(m["release_date"]) > _day(newest_in_family.get(group, {}).get("release_date")):
            newest_in_family[group] = m
    due = []
    for m in ctx.models.values():
        checked = _day(m["last_verified"])
        reasons = []
        if (ctx.today - checked).days > DUE_AFTER_DAYS:
            reasons.append(f"last verified {(ctx.today - checked).days} days ago")
        newer = newest_in_family.get((m["provider"], m.get("family", "")))
        if newer and newer is not m and "superseded_by" not in m and _day(newer["release_date"]) > checked:
            reasons.append(f"{newer['name']} ({newer['release_date']}) came out after the last check")
        if reasons:
            due.append((m, "; ".join(reasons)))
    return sorted(due, key=lambda item: (item[0]["last_verified"], item[0]["id"]))


def newest_release(models: list[dict[str, Any]]) -> dict[str, Any] | None:
    return max(models, key=lambda m: (_day(m["release_date"]), m["id"]), default=None)


class MakerRow(NamedTuple):
    provider: dict[str, Any]
    entries: int
    newest: dict[str, Any]
    by_year: list[str]  # per year: "open · closed" releases, or empty


def maker_rows(ctx: Context, years: list[str]) -> list[MakerRow]:
    """Every maker with entries, by name: its newest entry and its releases per year."""
    rows = []
    for p in sorted(ctx.providers.values(), key=lambda p: p["name"].lower()):
        own = ctx.models_of("provider", p["id"])
        newest = newest_release(own)
        if newest is None:
            continue
        counts = []
        for year in years:
            of_year = [m for m in own if m["release_date"].startswith(year)]
            opened = sum(bool(m["open_weights"]) for m in of_year)
            counts.append(f"{opened} · {len(of_year) - opened}" if of_year else "")
        rows.append(MakerRow(p, len(own), newest, counts))
    return rows


def coverage_page(ctx: Context) -> tuple[str, str]:
    models = list(ctx.models.values())
    years = sorted({m["release_date"][:4] for m in models})
    return page(
        "coverage.md",
        "Coverage and freshness",
        "coverage.html",
        meta={"hide": ["toc"]},
        models=len(models),
        providers=len(ctx.providers),
        recent=sum((ctx.today - _day(m["last_verified"])).days <= 30 for m in models),
        today=ctx.today.isoformat(),
        newest=newest_release(models),
        years=years,
        makers=maker_rows(ctx, years),
        due=due_for_review(ctx),
        due_after_days=DUE_AFTER_DAYS,
    )
