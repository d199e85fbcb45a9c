"""The coverage and freshness page: how current the catalog is, per maker, and what to check next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kb.context import Context
from kb.markup import esc, link
from kb.pages import page, section, table
from kb.rules import parse_date
from kb.templating import href

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


def coverage_page(ctx: Context) -> tuple[str, str]:
    path = "coverage.md"
    models = list(ctx.models.values())
    years = sorted({m["release_date"][:4] for m in models})
    recent = sum((ctx.today - _day(m["last_verified"])).days <= 30 for m in models)
    newest = max(models, key=lambda m: (_day(m["release_date"]), m["id"]), default=None)
    intro = (
        f"<p>{len(models)} model releases from {len(ctx.providers)} providers; {recent} of them were checked against "
        f"their sources in the last 30 days (today is <time>{ctx.today.isoformat()}</time>, in UTC)."
        + (
            f" The newest release in the catalog is {link(href(path, 'model', newest['id']), newest['name'])}, "
            f"released on <time>{esc(newest['release_date'])}</time>."
            if newest
            else ""
        )
        + " This page is generated from the catalog every time the site is built.</p>"
    )
    makers = []
    for p in sorted(ctx.providers.values(), key=lambda p: p["name"].lower()):
        own = ctx.models_of("provider", p["id"])
        if not own:
            continue
        latest = max(own, key=lambda m: (_day(m["release_date"]), m["id"]))
        counts = []
        for year in years:
            of_year = [m for m in own if m["release_date"].startswith(year)]
            opened = sum(bool(m["open_weights"]) for m in of_year)
            counts.append(f"{opened} · {len(of_year) - opened}" if of_year else "")
        makers.append(
            [
                link(href(path, "provider", p["id"]), p["name"]),
                str(len(own)),
                link(href(path, "model", latest["id"]), latest["name"]),
                f"<time>{esc(latest['release_date'])}</time>",
                *counts,
            ]
        )
    by_maker = (
        "<p>Per maker: its newest entry, and its entries by year of release as <em>open weights · closed</em>.</p>\n"
        + '<div class="kb-table-wrap">'
        + table(["Maker", "Entries", "Newest entry", "Released", *years], makers)
        + "</div>"
    )
    due = due_for_review(ctx)
    rows = [[link(href(path, "model", m["id"]), m["name"]), f"<time>{esc(m['last_verified'])}</time>", esc(reason)] for m, reason in due]
    review = (
        f"<p>{len(due)} entries to check again: not verified for over {DUE_AFTER_DAYS} days, or a newer model of the same "
        "family has been released since the last check and the entry does not yet name a successor.</p>"
        + ('\n<div class="kb-table-wrap">' + table(["Entry", "Last verified", "Why"], rows) + "</div>" if rows else "")
    )
    return page(
        path,
        "Coverage and freshness",
        [intro, section("By maker", by_maker), section("Due for re-verification", review)],
        hide=["toc"],
    )
