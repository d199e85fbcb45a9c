"""The rows of a side-by-side model comparison, defined once.

The curated comparison pages render them at build time, and the pick-any-models view in the
browser reads the same rows from each model's record in api/models.json, so both always show
the same facts under the same labels.
"""

from __future__ import annotations

from typing import Any

from kb.context import SECTION, Context
from kb.fields import figure


def href_of(kind: str, entry_id: str) -> str:
    return f"{SECTION[kind]}/{entry_id}.html"


def _number(value: Any) -> str | None:
    return None if value is None else figure(value)


def compare_rows(ctx: Context, m: dict[str, Any]) -> list[dict[str, Any]]:
    """[{label, value (text, a list of texts, or None when unknown), href (from the site's root) or absent}]."""
    f = ctx.facts[m["id"]]
    mods, price, memory = m.get("modalities", {}), m.get("pricing", {}), f["memory_gb"] or {}
    provider = ctx.providers.get(m["provider"], {})
    licence = ctx.licenses.get(m["license"], {})
    rows: list[dict[str, Any]] = [
        {"label": "Provider", "value": provider.get("name", m["provider"]), "href": href_of("provider", m["provider"])},
        {"label": "Released", "value": m["release_date"]},
        {"label": "Lifecycle", "value": f["lifecycle"]["label"]},
        {"label": "Open weights", "value": "Yes" if m["open_weights"] else "No"},
        {"label": "Openness level", "value": f["openness_level"]["label"]},
        {"label": "Openness score", "value": f"{f['openness_score']} / 100"},
        {"label": "Licence", "value": licence.get("name", m["license"]), "href": href_of("license", m["license"])},
        {"label": "Licence kind", "value": f["license_kind"]},
        {"label": "Commercial use", "value": "Allowed by the licence" if f["commercial_use"] else "Not granted by the licence"},
        *({"label": label, "value": value} for label, value in ctx.shown("model", m, "compare")),
        {"label": "Input", "value": ", ".join(mods.get("input", [])) or None},
        {"label": "Output", "value": ", ".join(mods.get("output", [])) or None},
        {"label": "Input price (US$ / M tokens)", "value": _number(price.get("input_usd_per_mtok"))},
        {"label": "Output price (US$ / M tokens)", "value": _number(price.get("output_usd_per_mtok"))},
        {"label": "Capability", "value": _number(ctx.headline_score(m["id"]))},
        {"label": "Memory at 16-bit (GB)", "value": _number(memory.get("16-bit"))},
        {"label": "Memory at 4-bit (GB)", "value": _number(memory.get("4-bit"))},
        {"label": "Licence obligations", "value": list(f["obligations"]) or None},
        {"label": "Last verified", "value": m["last_verified"] + (" (stale)" if f["stale"] else "")},
    ]
    return rows
