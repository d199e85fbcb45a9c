"""The models table: its page, its data export and the plain list of every model.

The page carries the filters and only the first page of rows, so its size does not grow with
the catalog. The table script (docs/assets/kb.js) draws every other view from
api/models-table.json. Both draw rows from the same cells, made once here by table_row() and
shaped by COLUMNS, which the export publishes as its header: a cell is the text itself
("text" and "date" columns), [text, href] ("link") or [text, value] ("num": sorted by value,
unknowns last). Cells that repeat from row to row (a provider, a licence, an openness level)
are listed once in their column's header, by id, and rows hold the id (shared_cells()).
Readers without the script, and search engines, reach every model through the plain list
(models/all.html) and the provider pages.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from kb.context import Context
from kb.derive import LEVELS
from kb.exports import compact, joined_object
from kb.memo import Memo
from kb.templating import href, number, page, relative

PATH = "models/index.md"
ALL_PATH = "models/all.md"
EXPORT = "api/models-table.json"
PAGE_ROWS = 100  # rows in the page's HTML, and rows the script adds per "Show more"


class Column(NamedTuple):
    key: str
    label: str
    type: str  # "text", "date", "link" or "num": the shape of its cells (see above)


COLUMNS = (
    Column("name", "Model", "link"),
    Column("provider", "Provider", "link"),
    Column("open", "Open weights", "text"),
    Column("level", "Openness", "num"),  # ranked from closed to open source
    Column("license", "Licence", "link"),
    Column("params", "Parameters (B)", "num"),
    Column("context", "Context (tokens)", "num"),
    Column("pin", "Input $ / M tokens", "num"),
    Column("pout", "Output $ / M tokens", "num"),
    Column("cap", "Capability", "num"),
    Column("released", "Released", "date"),
)
# Values the filters compare a row with, beyond its cells: equal to the form field's value,
# or (a list) containing it. The number filters read the params, context and pout cells.
FILTERS = ("open", "level", "kind", "commercial", "provider", "osi", "in", "out", "year")


def price(value: float | None) -> str:
    return "—" if value is None else f"${value:,g}"


def shared_cells(ctx: Context) -> dict[str, dict[str, Any]]:
    """The cells of the columns whose rows hold an id instead, by id; links relative to models/."""
    return {
        "provider": {p["id"]: [p["name"], href(PATH, "provider", p["id"])] for p in ctx.providers.values()},
        "level": {level_id: [label, rank] for rank, level_id, label in LEVELS},
        "license": {x["id"]: [x["name"], href(PATH, "license", x["id"])] for x in ctx.licenses.values()},
    }


def table_row(ctx: Context, m: dict[str, Any]) -> list[Any]:
    """[id, stale, cells in COLUMNS order, values in FILTERS order]; links relative to models/."""
    f = ctx.facts[m["id"]]
    licence = ctx.licenses[m["license"]]
    level = f["openness_level"]
    pricing = m.get("pricing", {})
    score = ctx.headline_score(m["id"])
    cells = {
        "name": [m["name"], href(PATH, "model", m["id"])],
        "provider": m["provider"],
        "open": "Yes" if m["open_weights"] else "No",
        "level": level["id"],
        "license": m["license"],
        "params": [number(m.get("parameters_b")), m.get("parameters_b")],
        "context": [number(m.get("context_window")), m.get("context_window")],
        "pin": [price(pricing.get("input_usd_per_mtok")), pricing.get("input_usd_per_mtok")],
        "pout": [price(pricing.get("output_usd_per_mtok")), pricing.get("output_usd_per_mtok")],
        "cap": [number(score), score],
        "released": m["release_date"],
    }
    values = {
        "open": "yes" if m["open_weights"] else "no",
        "level": level["id"],
        "kind": f["license_kind"] or "",
        "commercial": "yes" if f["commercial_use"] else "no",
        "provider": m["provider"],
        "osi": "yes" if licence.get("osi_approved") else "no",
        "in": m.get("modalities", {}).get("input", []),
        "out": m.get("modalities", {}).get("output", []),
        "year": m["release_date"][:4],
    }
    return [m["id"], f["stale"], [cells[c.key] for c in COLUMNS], [values[k] for k in FILTERS]]


def table_export(ctx: Context, memo: Memo) -> tuple[str, str]:
    """api/models-table.json: the columns, the filter names and one row per model, in catalog order.
    Each row is encoded once and, through the memo, again only when its model changed."""
    rows = [memo.get(f"table:{m['id']}", ctx.model_inputs(m), lambda m=m: compact(table_row(ctx, m))) for m in ctx.models.values()]
    shared = shared_cells(ctx)
    columns = [{**c._asdict(), **({"cells": shared[c.key]} if c.key in shared else {})} for c in COLUMNS]
    parts = {"columns": compact(columns), "filters": compact(FILTERS), "rows": "[" + ",".join(rows) + "]"}
    return EXPORT, joined_object(parts) + "\n"


def filter_options(ctx: Context) -> dict[str, list[tuple[str, str]]]:
    """(value, label) of each drop-down filter, in the order shown."""
    yes_no = [("yes", "Yes"), ("no", "No")]
    return {
        "open": yes_no,
        "provider": [(p["id"], p["name"]) for p in ctx.providers.values()],
        "level": [(level_id, label) for _, level_id, label in LEVELS],
        "kind": [(k, k) for k in sorted({f["license_kind"] for f in ctx.facts.values() if f["license_kind"]})],
        "osi": yes_no,
        "commercial": [("yes", "Allowed"), ("no", "Not granted")],
        "modality": [(x, x) for x in sorted({x for m in ctx.models.values() for side in m.get("modalities", {}).values() for x in side})],
        "year": [(y, y) for y in sorted({m["release_date"][:4] for m in ctx.models.values()}, reverse=True)],
    }


def models_index(ctx: Context) -> tuple[str, str]:
    evaluation = ctx.evaluations.get(ctx.headline["evaluation"], {}) if ctx.headline else None
    return page(
        PATH,
        "Models",
        "models_index.html",
        {"hide": ["navigation", "toc"], "search": {"exclude": True}},
        columns=COLUMNS,
        shared=shared_cells(ctx),
        rows=[table_row(ctx, m) for m in list(ctx.models.values())[:PAGE_ROWS]],
        page_rows=PAGE_ROWS,
        rows_url=relative(EXPORT, PATH),
        total=len(ctx.models),
        providers=len(ctx.providers),
        headline=ctx.headline,
        evaluation=evaluation,
        options=filter_options(ctx),
        all_models=relative("models/all.html", PATH),
    )


def all_models_page(ctx: Context, memo: Memo) -> tuple[str, str]:
    """Every model on one page, by provider: plain links, for readers without the table script
    and for search engines. Left out of the site search, where each model has its own page.
    Remembered with the names it lists, so an edit that changes none redraws nothing."""
    listed = tuple((m["id"], m["name"], m["provider"]) for m in ctx.models.values())
    inputs = (*ctx.providers.values(), listed)
    return memo.get("page:models/all", inputs, lambda: _all_models_page(ctx))


def _all_models_page(ctx: Context) -> tuple[str, str]:
    groups = [(p, ctx.models_of("provider", p["id"])) for p in ctx.providers.values()]
    return page(
        ALL_PATH,
        "All models",
        "models_all.html",
        {"search": {"exclude": True}},
        groups=[(p, models) for p, models in groups if models],
        total=len(ctx.models),
        table=relative("models/index.html", ALL_PATH),
    )
