"""Machine-readable exports of the catalog, built from the same load as the pages."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from kb.compare import compare_rows
from kb.context import Context
from kb.fields import shown
from kb.memo import Memo
from kb.schemas import PUBLISHED_AT

# The CSV's own columns: the entry's identity first, then the fields the model schema marks
# `x-show: [csv]` (read from the schema, in its order), then these derived ones.
CSV_IDENTITY = ("id", "name", "provider")
CSV_DERIVED = (
    "status",
    "lifecycle",
    "license_kind",
    "openness_level",
    "openness_score",
    "commercial_use",
    "input_modalities",
    "output_modalities",
    "input_usd_per_mtok",
    "output_usd_per_mtok",
    "price_as_of",
    "memory_gb_16bit",
    "memory_gb_8bit",
    "memory_gb_4bit",
    "stale",
)


def csv_columns(ctx: Context) -> tuple[str, ...]:
    fields = [f.path[0] for f in shown(ctx.catalog.fields.get("model", []), "csv") if f.path[0] not in CSV_IDENTITY]
    return (*CSV_IDENTITY, *fields, *CSV_DERIVED)


def compact(value: Any) -> str:
    """Stable, compact JSON: sorted keys, fixed separators. (Without indentation Python's C
    encoder does the work: several times faster at thousands of models.)"""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dump(value: Any) -> str:
    return compact(value) + "\n"


def joined_object(parts: dict[str, str]) -> str:
    """compact() of a dict whose values are already compact JSON texts."""
    return "{" + ",".join(f"{compact(key)}:{parts[key]}" for key in sorted(parts)) + "}"


def model_record(ctx: Context, model: dict[str, Any]) -> dict[str, Any]:
    """The entry as written, the derived facts, and `status` (derived from the lifecycle fields
    since the field left the catalog, kept at the top level for consumers that read it)."""
    facts = ctx.facts[model["id"]]
    scores = [
        {"evaluation": s["evaluation"], "version": s["version"], "as_of": s["as_of"], "self_reported": s["self_reported"], "value": value}
        for _, s, value in ctx.scores_of(model["id"])
    ]
    derived = {**facts, "compare": compare_rows(ctx, model)}
    return {**model, "status": facts["lifecycle"]["status"], "derived": derived, "scores": scores}


def models_csv(ctx: Context, memo: Memo) -> str:
    out = io.StringIO()
    columns = csv_columns(ctx)
    csv.writer(out, lineterminator="\n").writerow(columns)
    rows = [memo.get(f"csv:{m['id']}", (*ctx.model_inputs(m), columns), lambda m=m: csv_row(ctx, m, columns)) for m in ctx.models.values()]
    return out.getvalue() + "".join(rows)


def csv_row(ctx: Context, m: dict[str, Any], columns: tuple[str, ...]) -> str:
    f = ctx.facts[m["id"]]
    mods = m.get("modalities", {})
    price = m.get("pricing", {})
    mem = f["memory_gb"] or {}
    row = {
        **{k: m.get(k, "") for k in columns},
        "status": f["lifecycle"]["status"],
        "lifecycle": f["lifecycle"]["label"],
        "license_kind": f["license_kind"] or "",
        "openness_level": f["openness_level"]["id"],
        "openness_score": f["openness_score"],
        "commercial_use": f["commercial_use"],
        "input_modalities": " ".join(mods.get("input", [])),
        "output_modalities": " ".join(mods.get("output", [])),
        "input_usd_per_mtok": price.get("input_usd_per_mtok", ""),
        "output_usd_per_mtok": price.get("output_usd_per_mtok", ""),
        "price_as_of": price.get("as_of", ""),
        "memory_gb_16bit": mem.get("16-bit", ""),
        "memory_gb_8bit": mem.get("8-bit", ""),
        "memory_gb_4bit": mem.get("4-bit", ""),
        "stale": f["stale"],
    }
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def _cell(value: Any) -> str:
    """CSV cell; text that a spreadsheet would run as a formula is defused with a leading quote."""
    text = "true" if value is True else "false" if value is False else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def all_exports(ctx: Context, schemas: dict[str, dict[str, Any]], memo: Memo) -> dict[str, str]:
    """Every export, keyed by its path under docs/ (served at the same path on the site).

    Each model's record is encoded once (and, through the memo, only when it changed) and
    the same text goes into models.json and catalog.json."""
    records = [memo.get(f"json:{m['id']}", ctx.model_inputs(m), lambda m=m: compact(model_record(ctx, m))) for m in ctx.models.values()]
    licenses = [{**x, "models": [m["id"] for m in ctx.models_of("license", x["id"])]} for x in ctx.licenses.values()]
    providers = [{**p, "models": [m["id"] for m in ctx.models_of("provider", p["id"])]} for p in ctx.providers.values()]
    parts = {
        "models": "[" + ",".join(records) + "]",
        "licenses": compact(licenses),
        "deployments": compact(list(ctx.deployments.values())),
        "providers": compact(providers),
        "comparisons": compact(list(ctx.comparisons.values())),
        "evaluations": compact(list(ctx.evaluations.values())),
        "scores": compact(list(ctx.scores.values())),
        "faq": compact(ctx.faq),
        "vocabulary": compact(ctx.catalog.vocab),
    }
    out = {f"api/{name}.json": text + "\n" for name, text in parts.items()}
    out["api/catalog.json"] = joined_object(parts) + "\n"
    out["api/models.csv"] = models_csv(ctx, memo)
    out.update({PUBLISHED_AT + name: dump(schema) for name, schema in schemas.items()})  # at their $ids (kb.schemas)
    return out
