"""The models table page: filters, sortable columns and one row per model."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kb.context import Context
from kb.derive import LEVELS
from kb.markup import esc, front_matter, link
from kb.memo import Memo
from kb.pages import stale_mark
from kb.templating import href, number, relative


def page(path: str, title: str, parts: Iterable[str], **meta: object) -> tuple[str, str]:
    body = [f"<h1>{esc(title)}</h1>", *(p for p in parts if p)]
    return path, front_matter(title, **meta) + '<div class="kb-page">\n' + "\n".join(body) + "\n</div>\n"


MODEL_COLUMNS = (
    ("name", "Model", "text"),
    ("provider", "Provider", "text"),
    ("open", "Open weights", "text"),
    ("level", "Openness", "text"),
    ("license", "Licence", "text"),
    ("params", "Parameters (B)", "num"),
    ("context", "Context (tokens)", "num"),
    ("pin", "Input $ / M tokens", "num"),
    ("pout", "Output $ / M tokens", "num"),
    ("cap", "Capability", "num"),
    ("released", "Released", "text"),
)


def select(name: str, label: str, options: Iterable[tuple[str, str]]) -> str:
    """A filter drop-down; the empty option means "any"."""
    items = "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in options)
    return f'<label>{esc(label)} <select name="{esc(name)}"><option value="">Any</option>{items}</select></label>'


def number_input(name: str, label: str, example: str) -> str:
    """A number filter that also takes the forms people write: 128k, 1M, 1.5B (read by kb.js)."""
    return (
        f'<label>{esc(label)} <input type="text" name="{esc(name)}" inputmode="decimal" autocomplete="off" '
        f'placeholder="e.g. {esc(example)}" pattern="\\s*[0-9]*[.,]?[0-9]+\\s*[kKmMbB]?\\s*"></label>'
    )


def model_filters(ctx: Context) -> str:
    """The filter form above the models table; every field's state is mirrored in the URL."""
    modalities = sorted({x for m in ctx.models.values() for side in m.get("modalities", {}).values() for x in side})
    kinds = sorted({f["license_kind"] for f in ctx.facts.values() if f["license_kind"]})
    years = sorted({m["release_date"][:4] for m in ctx.models.values()}, reverse=True)
    fields = [
        '<label>Search <input type="search" name="q" placeholder="name, provider or licence"></label>',
        select("open", "Open weights", [("yes", "Yes"), ("no", "No")]),
        select("provider", "Provider", [(p["id"], p["name"]) for p in ctx.providers.values()]),
        # the rest fold away, so that on a phone the table is not a screen away
        '<details class="kb-more-filters"><summary>More filters</summary><div class="kb-filters">',
        select("level", "Openness level", [(level_id, label) for _, level_id, label in LEVELS]),
        select("kind", "Licence kind", [(k, k) for k in kinds]),
        select("osi", "OSI-approved licence", [("yes", "Yes"), ("no", "No")]),
        select("commercial", "Commercial use", [("yes", "Allowed"), ("no", "Not granted")]),
        select("in", "Input", [(x, x) for x in modalities]),
        select("out", "Output", [(x, x) for x in modalities]),
        number_input("pmin", "Parameters ≥ (B)", "7"),
        number_input("pmax", "Parameters ≤ (B)", "70"),
        number_input("cmin", "Context ≥ (tokens)", "128k"),
        number_input("omax", "Output price ≤ ($ / M tokens)", "2.5"),
        select("year", "Released in", [(y, y) for y in years]),
        "</div></details>",
    ]
    return (
        '<form class="kb-filters" id="kb-model-filters" role="search" aria-label="Filter models">\n'
        + "\n".join(fields)
        + '\n<button type="reset">Clear filters</button>\n</form>\n'
        + '<p class="kb-count" aria-live="polite"><span id="kb-shown">'
        + str(len(ctx.models))
        + f"</span> of {len(ctx.models)} models match. "
        + '<button type="button" id="kb-compare-selected" disabled>Compare selected (pick 2–4)</button></p>'
    )


# The table script shows matching rows a page at a time; this button reveals the next page.
MORE_BUTTON = '<p><button type="button" id="kb-more" class="kb-more" hidden>Show more</button></p>'


def price_cell(value: float | None) -> str:
    return f'<span data-sort="{esc("" if value is None else value)}">{"—" if value is None else f"${value:,g}"}</span>'


def model_row(ctx: Context, path: str, m: dict[str, Any]) -> str:
    """One row of the models table, its filter values in data- attributes."""
    f = ctx.facts[m["id"]]
    provider = ctx.providers.get(m["provider"], {})
    licence = ctx.licenses.get(m["license"], {})
    score = ctx.headline_score(m["id"])
    attrs = {
        "id": m["id"],
        "open": "yes" if m["open_weights"] else "no",
        "level": f["openness_level"]["id"],
        "kind": f["license_kind"] or "",
        "commercial": "yes" if f["commercial_use"] else "no",
        "provider": m["provider"],
        "in": " ".join(m.get("modalities", {}).get("input", [])),
        "out": " ".join(m.get("modalities", {}).get("output", [])),
        "params": m.get("parameters_b", ""),
        "context": m.get("context_window", ""),
        "osi": "yes" if licence.get("osi_approved") else "no",
        "pout": m.get("pricing", {}).get("output_usd_per_mtok", ""),
        "year": m["release_date"][:4],
        "stale": "yes" if f["stale"] else "no",
    }
    data = "".join(f' data-{k}="{esc(v)}"' for k, v in attrs.items())
    pick = f'<input type="checkbox" class="kb-pick" value="{esc(m["id"])}" aria-label="Compare {esc(m["name"])}">'
    cells = [
        pick,
        link(href(path, "model", m["id"]), m["name"]) + stale_mark(ctx, m),
        link(href(path, "provider", m["provider"]), provider.get("name", m["provider"])),
        "Yes" if m["open_weights"] else "No",
        f'<span data-sort="{f["openness_level"]["rank"]}">{esc(f["openness_level"]["label"])}</span>',
        link(href(path, "license", m["license"]), licence.get("name", m["license"])),
        f'<span data-sort="{esc(m.get("parameters_b", ""))}">{number(m.get("parameters_b"))}</span>',
        f'<span data-sort="{esc(m.get("context_window", ""))}">{number(m.get("context_window"))}</span>',
        *(price_cell(m.get("pricing", {}).get(k)) for k in ("input_usd_per_mtok", "output_usd_per_mtok")),
        f'<span data-sort="{esc("" if score is None else score)}">{number(score)}</span>',
        f"<time>{esc(m['release_date'])}</time>",
    ]
    return f"<tr{data}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def models_index(ctx: Context, memo: Memo) -> tuple[str, str]:
    path = "models/index.md"
    rows = [memo.get(f"row:{m['id']}", ctx.model_inputs(m), lambda m=m: model_row(ctx, path, m)) for m in ctx.models.values()]
    head = '<th><span class="kb-sr">Compare</span></th>' + "".join(
        f'<th data-key="{key}" data-type="{kind}" aria-sort="none"><button type="button">{esc(label)}</button></th>'
        for key, label, kind in MODEL_COLUMNS
    )
    body = [
        '<table class="kb-table kb-sortable" id="kb-models">',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]
    intro = (
        f"<p>{len(ctx.models)} model releases from {len(ctx.providers)} providers. "
        "Open weights means the trained weights can be downloaded; the openness level also weighs the licence and "
        "whether training code and data are published. Prices are the maker's own API list prices per million tokens. "
        + (
            f"Capability is the {esc(ctx.evaluations.get(ctx.headline['evaluation'], {}).get('name', ''))} "
            f"({esc(ctx.headline['version'])}), an independent score; see the "
            f'<a href="{relative("frontier.html", path)}">frontier page</a>. '
            if ctx.headline
            else ""
        )
        + "Click a column heading to sort; the filters and sort order are kept in the address, so a view can be shared. "
        "Number filters take 128k, 1M or 1.5B as well as plain digits.</p>"
    )
    return page(
        path,
        "Models",
        [intro, model_filters(ctx), '<div class="kb-table-wrap">', *body, "</div>", MORE_BUTTON],
        hide=["navigation", "toc"],
        search={"exclude": True},
    )
